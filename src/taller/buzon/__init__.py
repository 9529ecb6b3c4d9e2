"""El buzón: dónde se guarda cada respuesta y cómo se lee.

- ``Buzon``: un archivo JSON Lines por participante en una carpeta (local o compartida);
  ``RegistroDeParticipante`` es lo que escribe un cuaderno.
- La identidad seudónima (``nuevo_participante``...) y la lista de asistencia, aparte.
- ``Registro`` (``esquema``): los campos de una respuesta, sus tipos y límites, definidos una
  sola vez; ``validar_registro``/``validar_linea`` dan el ``Registro`` o un mensaje en
  español, y ``a_json`` la línea que se escribe. Lo usan quien escribe y quien lee.
- ``tabla_registros`` y ``LecturaIncremental`` leen el buzón en una tabla de pandas (se
  importan la primera vez que se usan: cargan pandas).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from taller.buzon.esquema import (
    CAMPOS,
    COLUMNAS,
    ESQUEMA,
    MODOS,
    MODOS_ANTERIORES,
    MODOS_EVALUACION,
    Modo,
    Registro,
    a_json,
    normalizar_modo,
    validar_linea,
    validar_registro,
)
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
    Buzon,
    BuzonOcupado,
    Lectura,
    Participante,
    ProblemaDeLectura,
    RegistroDeParticipante,
    Respuesta,
    ResumenImportacion,
    archivos_del_buzon,
    importar_buzon,
    preparar_buzon_compartido,
)
from taller.perezoso import perezosos

if TYPE_CHECKING:
    from taller.buzon.tabla import LecturaIncremental, tabla_registros

__all__ = [  # noqa: RUF022 (en orden de sorted(), como pide tests/test_arquitectura.py)
    "Buzon",
    "BuzonOcupado",
    "CAMPOS",
    "COLUMNAS",
    "ESQUEMA",
    "Lectura",
    "LecturaIncremental",
    "MODOS",
    "MODOS_ANTERIORES",
    "MODOS_EVALUACION",
    "Modo",
    "Participante",
    "ProblemaDeLectura",
    "Registro",
    "RegistroDeParticipante",
    "Respuesta",
    "ResumenImportacion",
    "a_json",
    "agregar_a_asistencia",
    "archivos_del_buzon",
    "cargar_participante",
    "guardar_participante",
    "importar_buzon",
    "leer_asistencia",
    "normalizar_modo",
    "nuevo_participante",
    "preparar_buzon_compartido",
    "tabla_registros",
    "validar_alias",
    "validar_grupo",
    "validar_linea",
    "validar_registro",
]

__getattr__, __dir__ = perezosos(
    __name__,
    globals(),
    {"LecturaIncremental": "tabla", "tabla_registros": "tabla"},
)
