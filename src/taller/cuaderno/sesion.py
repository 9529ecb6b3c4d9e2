"""La sesión de quien participa: su identidad seudónima y el registro donde escribe.

Un cuaderno no necesita configurar nada: ``taller.ejercicio("id")`` usa
``registro_actual()`` y ``contenido_actual()`` (de ``taller.contenido``).

- Identidad: ``.participante.json`` en la carpeta del taller (seudónimo + grupo + id
  aleatorio), creada por la primera celda de cada cuaderno (``taller.inicio()``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from taller.carpeta import carpeta_buzon, carpeta_taller

if TYPE_CHECKING:
    from taller.buzon.registro import Participante, RegistroDeParticipante

GRUPO_PROVISIONAL = "SIN-GRUPO"  # hasta que la persona escriba su código de grupo
ARCHIVO_IDENTIDAD = ".participante.json"


def archivo_identidad() -> Path:
    return carpeta_taller() / ARCHIVO_IDENTIDAD


def participante_actual() -> Participante | None:
    from taller.buzon.identidad import cargar_participante

    return cargar_participante(archivo_identidad())


def registrar_participante(alias: str, grupo: str) -> Participante:
    """Crea (o actualiza alias y grupo de) la identidad seudónima de este cuaderno."""
    from taller.buzon.identidad import guardar_participante, nuevo_participante
    from taller.buzon.registro import Participante

    anterior = participante_actual()
    nuevo = nuevo_participante(alias, grupo)
    if anterior is not None:
        nuevo = Participante(id=anterior.id, alias=nuevo.alias, grupo=nuevo.grupo)
    guardar_participante(archivo_identidad(), nuevo)
    return nuevo


def registro_actual() -> RegistroDeParticipante:
    """El registro donde escriben los ejercicios. Sin identidad todavía, crea una
    seudónima provisional («Participante» del grupo «SIN-GRUPO») para no perder nada."""
    from taller.buzon.registro import Buzon, RegistroDeParticipante

    participante = participante_actual()
    if participante is None:
        participante = registrar_participante("Participante", GRUPO_PROVISIONAL)
    if os.environ.get("TALLER_SERVICIO_URL"):  # en JupyterHub con el servicio del taller
        from taller.buzon import remoto

        if remoto.configurado():
            return remoto.registro_remoto(participante)
    return RegistroDeParticipante(Buzon(carpeta_buzon()), participante)
