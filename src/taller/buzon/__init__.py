"""El buzón: dónde se guarda cada respuesta y cómo se lee.

- ``Buzon``: un archivo JSON Lines por participante en una carpeta (local o compartida);
  ``RegistroDeParticipante`` es lo que escribe un cuaderno.
- La identidad seudónima (``nuevo_participante``...) y la lista de asistencia, aparte.
- ``tabla_registros`` y ``LecturaIncremental`` leen el buzón en una tabla de pandas (se
  importan la primera vez que se usan: cargan pandas).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from taller.buzon.identidad import (
    agregar_a_asistencia,
    cargar_participante,
    guardar_participante,
    leer_asistencia,
    nuevo_participante,
    validar_alias,
    validar_grupo,
)
from taller.buzon.registro import (
    ESQUEMA,
    Buzon,
    BuzonOcupado,
    Lectura,
    Participante,
    Problema,
    RegistroDeParticipante,
    Respuesta,
    ResumenImportacion,
    archivos_del_buzon,
    importar_buzon,
    preparar_buzon_compartido,
)
from taller.perezoso import perezosos

if TYPE_CHECKING:
    from taller.buzon._tabla import COLUMNAS, LecturaIncremental, tabla_registros

__all__ = [
    "Buzon",
    "BuzonOcupado",
    "COLUMNAS",
    "ESQUEMA",
    "Lectura",
    "LecturaIncremental",
    "Participante",
    "Problema",
    "RegistroDeParticipante",
    "Respuesta",
    "ResumenImportacion",
    "agregar_a_asistencia",
    "archivos_del_buzon",
    "cargar_participante",
    "guardar_participante",
    "importar_buzon",
    "leer_asistencia",
    "nuevo_participante",
    "preparar_buzon_compartido",
    "tabla_registros",
    "validar_alias",
    "validar_grupo",
]

__getattr__, __dir__ = perezosos(
    __name__,
    globals(),
    {"COLUMNAS": "_tabla", "LecturaIncremental": "_tabla", "tabla_registros": "_tabla"},
)
