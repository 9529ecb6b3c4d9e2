"""Lectura de archivos de texto (UTF-8), YAML con números de línea y CSV con filas."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml

from .errores import Problemas

_BOM = b"\xef\xbb\xbf"


class Mapa(dict):  # type: ignore[type-arg]
    """Un diccionario de YAML que recuerda la línea de cada clave (base 1)."""

    linea: int
    lineas: dict[str, int]
    repetidas: list[tuple[str, int]]

    def linea_de(self, clave: str) -> int:
        return self.lineas.get(clave, self.linea)


class Lista(list):  # type: ignore[type-arg]
    """Una lista de YAML que recuerda la línea de cada elemento (base 1)."""

    linea: int
    lineas: list[int]

    def linea_de(self, i: int) -> int:
        return self.lineas[i] if i < len(self.lineas) else self.linea


class _Cargador(yaml.SafeLoader):
    pass


def _mapa(cargador: _Cargador, nodo: yaml.MappingNode) -> Mapa:
    cargador.flatten_mapping(nodo)
    resultado = Mapa()
    resultado.linea = nodo.start_mark.line + 1
    resultado.lineas = {}
    resultado.repetidas = []
    for nodo_clave, nodo_valor in nodo.value:
        clave = cargador.construct_object(nodo_clave, deep=True)
        clave = str(clave)
        linea = nodo_clave.start_mark.line + 1
        if clave in resultado:
            resultado.repetidas.append((clave, linea))
        resultado[clave] = cargador.construct_object(nodo_valor, deep=True)
        resultado.lineas[clave] = linea
    return resultado


def _lista(cargador: _Cargador, nodo: yaml.SequenceNode) -> Lista:
    resultado = Lista(cargador.construct_object(hijo, deep=True) for hijo in nodo.value)
    resultado.linea = nodo.start_mark.line + 1
    resultado.lineas = [hijo.start_mark.line + 1 for hijo in nodo.value]
    return resultado


_Cargador.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapa)
_Cargador.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _lista)
# Fechas y horas quedan como texto: así «2026-11-29» se valida con un mensaje claro.
_Cargador.yaml_implicit_resolvers = {
    inicial: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for inicial, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def leer_texto(archivo: Path, problemas: Problemas) -> str | None:
    """Lee un archivo en UTF-8 (con o sin BOM); si no puede, anota dónde falla."""
    try:
        datos = archivo.read_bytes()
    except OSError as exc:
        problemas.agregar(archivo, 0, "archivo", f"no se pudo leer ({exc.strerror})")
        return None
    if datos.startswith(_BOM):
        datos = datos[len(_BOM) :]
    elif datos[:2] in (b"\xff\xfe", b"\xfe\xff"):
        problemas.agregar(
            archivo, 1, "codificación", "se esperaba UTF-8 y el archivo está en UTF-16"
        )
        return None
    try:
        return datos.decode("utf-8")
    except UnicodeDecodeError as exc:
        linea = datos[: exc.start].count(b"\n") + 1
        byte = datos[exc.start : exc.start + 1].hex()
        problemas.agregar(
            archivo,
            linea,
            "codificación",
            f"se esperaba UTF-8 y se encontró el byte 0x{byte}; "
            "guarde el archivo como «UTF-8» en su editor",
        )
        return None


def leer_yaml(archivo: Path, problemas: Problemas) -> Any:
    texto = leer_texto(archivo, problemas)
    if texto is None:
        return None
    try:
        datos = yaml.load(texto, Loader=_Cargador)  # _Cargador hereda de SafeLoader
    except yaml.MarkedYAMLError as exc:
        marca = exc.problem_mark or exc.context_mark
        linea = marca.line + 1 if marca else 0
        motivo = _traducir_error_yaml(exc.problem or exc.context or "")
        problemas.agregar(archivo, linea, "YAML", f"error de sintaxis: {motivo}")
        return None
    except yaml.YAMLError as exc:
        problemas.agregar(archivo, 0, "YAML", f"error de sintaxis: {exc}")
        return None
    _reportar_repetidas(datos, archivo, problemas)
    return datos


def _reportar_repetidas(datos: Any, archivo: Path, problemas: Problemas) -> None:
    if isinstance(datos, Mapa):
        for clave, linea in datos.repetidas:
            problemas.agregar(archivo, linea, clave, "campo repetido en el mismo bloque")
        for valor in datos.values():
            _reportar_repetidas(valor, archivo, problemas)
    elif isinstance(datos, list):
        for valor in datos:
            _reportar_repetidas(valor, archivo, problemas)


_TRADUCCIONES = {
    "mapping values are not allowed here": "aquí no se permite «clave: valor» (¿falta un espacio "
    "o sobran dos puntos? Ponga el texto entre comillas)",
    "could not find expected ':'": "falta «:» después de un nombre de campo",
    "found character '\\t' that cannot start any token": "hay un tabulador; use espacios",
    "expected <block end>, but found '-'": "la sangría de un guion «-» no coincide",
    "found unexpected end of stream": "el archivo terminó antes de cerrar comillas o corchetes",
}


def _traducir_error_yaml(motivo: str) -> str:
    for ingles, espanol in _TRADUCCIONES.items():
        if motivo.startswith(ingles):
            return espanol
    return motivo


def leer_csv(
    archivo: Path, columnas: tuple[str, ...], problemas: Problemas
) -> list[tuple[int, dict[str, str]]] | None:
    """Devuelve ``(línea, registro)``: la línea del archivo donde empieza cada fila (la
    cabecera es la línea 1). Anota columnas faltantes o desconocidas y filas mal formadas."""
    texto = leer_texto(archivo, problemas)
    if texto is None:
        return None
    lector = csv.reader(io.StringIO(texto, newline=""))
    filas: list[tuple[int, list[str]]] = []
    try:
        inicio = 1
        for fila in lector:
            filas.append((inicio, fila))
            inicio = lector.line_num + 1
    except csv.Error as exc:
        problemas.agregar(archivo, lector.line_num, "CSV", f"fila mal formada: {exc}")
        return None
    if not filas:
        problemas.agregar(archivo, 1, "cabecera", "el archivo está vacío")
        return None
    cabecera = [c.strip() for c in filas[0][1]]
    faltan = [c for c in columnas if c not in cabecera]
    sobran = [c for c in cabecera if c not in columnas]
    for c in faltan:
        problemas.agregar(
            archivo, 1, c, f"falta la columna «{c}» (columnas esperadas: {', '.join(columnas)})"
        )
    for c in sobran:
        problemas.agregar(archivo, 1, c or "(vacía)", "columna desconocida")
    if faltan:
        return None
    resultado = []
    for numero, fila in filas[1:]:
        if not any(celda.strip() for celda in fila):
            continue
        if len(fila) != len(cabecera):
            problemas.agregar(
                archivo,
                numero,
                "CSV",
                f"se esperaban {len(cabecera)} celdas y hay {len(fila)} "
                "(¿una coma sin comillas dentro de un texto?)",
            )
            continue
        resultado.append((numero, {c: v.strip() for c, v in zip(cabecera, fila, strict=True)}))
    return resultado
