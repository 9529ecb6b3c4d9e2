"""Escribir las tablas del informe en Excel (XLSX) y CSV sin que un texto ajeno las rompa.

Todo texto de una persona (seudónimo, reflexión, respuesta de la encuesta) puede traer
cualquier cosa. Aquí:

- Se quitan los caracteres de control que Excel no admite (``openpyxl`` se niega a
  escribirlos: ``IllegalCharacterError``) y los controles bidireccionales (U+202E...),
  que pueden invertir el texto a la vista. El salto de línea manual de Word (``\\x0b``),
  el salto de página (``\\x0c``) y los CR sueltos pasan a ser un salto de línea normal.
- En XLSX cada texto se guarda como celda de texto (``inlineStr``): aunque empiece con
  ``=``, Excel no lo evalúa, así que se guarda tal cual, sin apóstrofo.
- En CSV no hay tipos: un texto que empieza con ``=``, ``+``, ``-``, ``@``, tabulador o
  retorno se guarda con un apóstrofo delante (también en los encabezados), y un campo
  con saltos de línea va entre comillas.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from taller.tablero.texto import sin_controles

__all__ = ["Columna", "Hoja", "escribir_csv", "escribir_xlsx", "sin_controles"]

_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Columna:
    """Una columna de una hoja: su nombre en la tabla, su encabezado y su formato
    (``"texto"``, ``"porcentaje"``, ``"decimal"``, ``"entero"``, ``"fecha"`` o
    ``"sino"``); ``ancho`` fija el ancho en Excel (si no, según el contenido)."""

    nombre: str
    encabezado: str
    formato: str = "texto"
    ancho: float | None = None


@dataclass(frozen=True)
class Hoja:
    nombre: str
    datos: pd.DataFrame
    columnas: Sequence[Columna]


_FORMATOS_EXCEL = {
    "porcentaje": "0%",
    "decimal": "0.00",
    "entero": "0",
    "fecha": "dd/mm/yyyy hh:mm",
}


def _valor(valor: Any, formato: str) -> Any:
    """El valor tal como va a la celda: número, fecha local sin zona, texto o ``None``."""
    if valor is None or valor is pd.NA or valor is pd.NaT:
        return None
    if isinstance(valor, float) and not math.isfinite(valor):
        return None
    if formato == "sino":
        return "sí" if bool(valor) else "no"
    if isinstance(valor, pd.Timestamp):
        if valor.tzinfo is not None:
            valor = valor.tz_convert(datetime.now().astimezone().tzinfo).tz_localize(None)
        return valor.to_pydatetime()
    if isinstance(valor, (datetime, date)):
        return valor
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if formato in _FORMATOS_EXCEL and formato != "fecha":
        try:
            numero = float(valor)
        except (TypeError, ValueError, OverflowError):
            return sin_controles(str(valor))
        return numero if math.isfinite(numero) else None
    if isinstance(valor, (list, tuple)):
        return sin_controles("; ".join(map(str, valor)))
    if isinstance(valor, (int, float)):
        return valor if isinstance(valor, int) and abs(valor) < 2**53 else str(valor)
    return sin_controles(str(valor))


def _filas(hoja: Hoja) -> list[list[Any]]:
    datos = hoja.datos
    filas: list[list[Any]] = []
    if datos.empty:
        return filas
    columnas = [c for c in hoja.columnas if c.nombre in datos.columns]
    for fila in datos[[c.nombre for c in columnas]].itertuples(index=False):
        filas.append([_valor(v, c.formato) for v, c in zip(fila, columnas, strict=True)])
    return filas


def _columnas(hoja: Hoja) -> list[Columna]:
    return [c for c in hoja.columnas if c.nombre in hoja.datos.columns or hoja.datos.empty]


def escribir_xlsx(ruta: Path, hojas: Sequence[Hoja]) -> None:
    """Un libro con una hoja por tabla: encabezados en español, porcentajes con formato,
    anchos según el contenido, la primera fila fija y filtros."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    libro = Workbook()
    libro.remove(libro.active)
    negrita = Font(bold=True)
    fondo = PatternFill("solid", fgColor="DDE6F0")
    ajustar = Alignment(wrap_text=True, vertical="top")
    for hoja in hojas:
        hoja_xl = libro.create_sheet(sin_controles(hoja.nombre)[:31])
        columnas = _columnas(hoja)
        filas = _filas(hoja)
        for j, columna in enumerate(columnas, start=1):
            celda = hoja_xl.cell(row=1, column=j)
            celda.value = sin_controles(columna.encabezado)
            celda.data_type = "s"
            celda.font, celda.fill = negrita, fondo
        for i, fila in enumerate(filas, start=2):
            for j, (valor, columna) in enumerate(zip(fila, columnas, strict=True), start=1):
                celda = hoja_xl.cell(row=i, column=j)
                celda.value = valor
                if isinstance(valor, str):
                    celda.data_type = "s"  # texto, aunque empiece con «=»: no es fórmula
                    if len(valor) > 60 or "\n" in valor:
                        celda.alignment = ajustar
                elif columna.formato in _FORMATOS_EXCEL:
                    celda.number_format = _FORMATOS_EXCEL[columna.formato]
        for j, columna in enumerate(columnas, start=1):
            largo = max(
                [len(columna.encabezado)]
                + [max(map(len, str(f[j - 1]).split("\n"))) for f in filas if f[j - 1] is not None]
            )
            ancho = columna.ancho or min(max(largo, 6) + 2, 60)
            if columna.formato == "fecha":
                ancho = max(ancho, 17)
            hoja_xl.column_dimensions[get_column_letter(j)].width = ancho
        hoja_xl.freeze_panes = "A2"
        if columnas:
            ultima = get_column_letter(len(columnas))
            hoja_xl.auto_filter.ref = f"A1:{ultima}{max(len(filas) + 1, 1)}"
    # Se arma en memoria y se escribe de una vez: con el disco lleno, openpyxl dejaba su
    # ZipFile abierto y su cierre tardío imprimía un traceback después del mensaje.
    memoria = io.BytesIO()
    libro.save(memoria)
    try:
        ruta.write_bytes(memoria.getvalue())
    except OSError:
        with contextlib.suppress(OSError):
            ruta.unlink()  # un .xlsx a medias no se abre: no se deja
        raise


def _para_csv(valor: Any) -> Any:
    if isinstance(valor, datetime):
        return valor.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(valor, str):
        texto = sin_controles(valor)
        return "'" + texto if texto.startswith(_FORMULA) else texto
    return valor


def escribir_csv(ruta: Path, hoja: Hoja) -> None:
    """Un CSV en UTF-8 con BOM (Excel en Windows abre bien los acentos), con los mismos
    encabezados que la hoja; ningún campo ni encabezado empieza como fórmula."""
    columnas = _columnas(hoja)
    with ruta.open("w", encoding="utf-8-sig", newline="") as archivo:
        escritor = csv.writer(archivo, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        escritor.writerow([_para_csv(c.encabezado) for c in columnas])
        for fila in _filas(hoja):
            escritor.writerow([_para_csv(v) for v in fila])


def columnas_de(
    encabezados: Mapping[str, str], formatos: Mapping[str, str] | None = None
) -> list[Columna]:
    """Las columnas a partir de nombre -> encabezado (y nombre -> formato)."""
    formatos = formatos or {}
    return [Columna(n, e, formatos.get(n, "texto")) for n, e in encabezados.items()]
