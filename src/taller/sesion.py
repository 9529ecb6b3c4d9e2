"""La sesión de quien participa: carpeta del taller, buzón, identidad y contenido.

Un cuaderno no necesita configurar nada: ``taller.ejercicio("id")`` usa
``registro_actual()`` y ``contenido_actual()``.

- Carpeta del taller: ``$TALLER_CARPETA`` o la primera carpeta, desde la actual hacia
  arriba, que tenga el archivo ``taller.json`` (lo crea ``taller preparar``). Si no hay,
  la carpeta personal ``~/.taller``.
- Buzón: ``$TALLER_BUZON``, el ``"buzon"`` de ``taller.json`` o ``buzon/`` en la carpeta.
- Identidad: ``.participante.json`` en la carpeta del taller (seudónimo + grupo + id
  aleatorio), creada por la primera celda de cada cuaderno (``taller.inicio()``).
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .modelo import Contenido
    from .registro import Participante, RegistroDeParticipante

MARCA = "taller.json"
GRUPO_PROVISIONAL = "SIN-GRUPO"  # hasta que la persona escriba su código de grupo
ARCHIVO_IDENTIDAD = ".participante.json"


def carpeta_taller(desde: Path | None = None) -> Path:
    if os.environ.get("TALLER_CARPETA"):
        return Path(os.environ["TALLER_CARPETA"]).expanduser().resolve()
    actual = (desde or Path.cwd()).resolve()
    for carpeta in (actual, *actual.parents):
        if (carpeta / MARCA).is_file():
            return carpeta
    return Path.home() / ".taller"


def carpeta_buzon(carpeta: Path | None = None) -> Path:
    """``$TALLER_BUZON``, o el ``"buzon"`` de ``taller.json``, o ``buzon/`` del taller
    (``carpeta``, o la de esta sesión)."""
    desde_entorno = os.environ.get("TALLER_BUZON", "").strip()
    if desde_entorno:
        return Path(desde_entorno).expanduser().resolve()
    carpeta = carpeta or carpeta_taller()
    try:
        config = json.loads((carpeta / MARCA).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    if isinstance(config, dict) and isinstance(config.get("buzon"), str) and config["buzon"]:
        return (carpeta / config["buzon"]).resolve()
    return carpeta / "buzon"


def archivo_identidad() -> Path:
    return carpeta_taller() / ARCHIVO_IDENTIDAD


def participante_actual() -> Participante | None:
    from .identidad import cargar_participante

    return cargar_participante(archivo_identidad())


def registrar_participante(alias: str, grupo: str) -> Participante:
    """Crea (o actualiza alias y grupo de) la identidad seudónima de este cuaderno."""
    from .identidad import guardar_participante, nuevo_participante
    from .registro import Participante

    anterior = participante_actual()
    nuevo = nuevo_participante(alias, grupo)
    if anterior is not None:
        nuevo = Participante(id=anterior.id, alias=nuevo.alias, grupo=nuevo.grupo)
    guardar_participante(archivo_identidad(), nuevo)
    return nuevo


def registro_actual() -> RegistroDeParticipante:
    """El registro donde escriben los ejercicios. Sin identidad todavía, crea una
    seudónima provisional («Participante» del grupo «SIN-GRUPO») para no perder nada."""
    from .registro import Buzon, RegistroDeParticipante

    participante = participante_actual()
    if participante is None:
        participante = registrar_participante("Participante", GRUPO_PROVISIONAL)
    return RegistroDeParticipante(Buzon(carpeta_buzon()), participante)


@cache
def _contenido(carpeta: str | None) -> Contenido:
    from .contenido import cargar_contenido

    return cargar_contenido(carpeta)


def contenido_actual() -> Contenido:
    """El contenido validado (una vez por proceso). Lanza ``ContenidoInvalido``."""
    return _contenido(os.environ.get("TALLER_DATOS") or None)
