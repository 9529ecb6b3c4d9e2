"""Lectura de archivos de texto (UTF-8), YAML con números de línea y CSV con filas."""

from __future__ import annotations

import csv
import difflib
import io
import math
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from taller.carpeta import por_que_fallo
from taller.contenido.errores import Problemas

_BOM = b"\xef\xbb\xbf"

#: Lo más que puede pesar un archivo de ``datos/`` (en MB de 1024 × 1024 bytes), salvo que
#: la variable de entorno ``TALLER_LIMITE_DATOS_MB`` diga otro número. El contenido real
#: pesa menos de 0.1 MB por archivo; validar un YAML de 1 MB con unos 7 000 ejercicios
#: cuesta 1.4–1.7 s y 80 MB, así que uno enorme (pegado por error, o generado) se rechaza
#: sin leerlo.
LIMITE_MB = 1
VARIABLE_LIMITE = "TALLER_LIMITE_DATOS_MB"
_MB = 1024 * 1024


def _mb(n: float) -> str:
    """Un tamaño para los mensajes: «850 KB», «2.0 MB», «20 MB»."""
    if n < _MB:
        return f"{max(n / 1024, 1):.0f} KB"
    return f"{n / _MB:.1f} MB" if n < 10 * _MB else f"{n / _MB:.0f} MB"


def limite_bytes() -> tuple[int, str | None]:
    """El límite en bytes y, si la variable de entorno no es un número válido, por qué."""
    texto = os.environ.get(VARIABLE_LIMITE, "").strip()
    if not texto:
        return LIMITE_MB * _MB, None
    try:
        valor = float(texto.replace(",", "."))
    except ValueError:
        valor = math.nan
    if not (math.isfinite(valor) and valor > 0):
        return LIMITE_MB * _MB, (
            f"la variable de entorno {VARIABLE_LIMITE} vale «{texto}» y se esperaba un "
            f"número de MB mayor que 0 (como {LIMITE_MB * 5}); corríjala o bórrela para usar "
            f"el límite de {LIMITE_MB} MB"
        )
    return math.ceil(valor * _MB), None


def _leer_acotado(archivo: Path, problemas: Problemas) -> bytes | None:
    """Los bytes del archivo, si es un archivo normal que no pasa del límite; si no, anota
    por qué (nunca se lee más que el límite: ni un archivo que crece, ni un dispositivo)."""
    limite, invalido = limite_bytes()
    if invalido:
        problemas.agregar(archivo, 1, "tamaño", invalido)
        return None
    # Sin bloquearse si es una tubería (FIFO) que nadie escribe: se rechaza abajo.
    banderas = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(archivo, banderas)
    with os.fdopen(descriptor, "rb") as entrada:
        info = os.fstat(entrada.fileno())
        if not stat.S_ISREG(info.st_mode):
            problemas.agregar(
                archivo, 0, "archivo", "se esperaba este archivo y no es un archivo normal"
            )
            return None
        datos = entrada.read(limite + 1)
    if len(datos) > limite:
        tamano = max(info.st_size, len(datos))
        problemas.agregar(
            archivo,
            1,
            "tamaño",
            f"el archivo pesa {_mb(tamano)} y el límite para un archivo de datos es "
            f"{_mb(limite)}; divídalo en varios archivos (en ejercicios/ puede haber tantos "
            "como quiera) o, si de verdad lo necesita, suba el límite con la variable de "
            f"entorno {VARIABLE_LIMITE} (por ejemplo {VARIABLE_LIMITE}="
            f"{math.ceil(tamano / _MB)})",
        )
        return None
    return datos


class Mapa(dict[str, Any]):
    """Un diccionario de YAML que recuerda la línea de cada clave (base 1)."""

    linea: int
    lineas: dict[str, int]
    repetidas: list[tuple[str, int]]

    def linea_de(self, clave: str) -> int:
        return self.lineas.get(clave, self.linea)


class Lista(list[Any]):
    """Una lista de YAML que recuerda la línea de cada elemento (base 1)."""

    linea: int
    lineas: list[int]

    def linea_de(self, i: int) -> int:
        return self.lineas[i] if i < len(self.lineas) else self.linea


class _CargadorPuro(yaml.SafeLoader):
    """El cargador en Python: lento, pero sus errores de sintaxis son los que se traducen."""


if TYPE_CHECKING:
    _Rapido = yaml.CSafeLoader
else:
    _Rapido = getattr(yaml, "CSafeLoader", _CargadorPuro)


class _Cargador(_Rapido):
    """El cargador rápido (libyaml) si está instalado; si falla, se relee con el puro."""


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


for _clase in (_Cargador, _CargadorPuro):
    _clase.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapa)
    _clase.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _lista)
    # Fechas y horas quedan como texto: así «2026-11-29» se valida con un mensaje claro.
    _clase.yaml_implicit_resolvers = {
        inicial: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for inicial, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def leer_texto(archivo: Path, problemas: Problemas) -> str | None:
    """Lee un archivo en UTF-8 (con o sin BOM); si no puede, anota dónde falla."""
    try:
        datos = _leer_acotado(archivo, problemas)
    except OSError as exc:
        problemas.agregar(
            archivo,
            0,
            "archivo",
            f"se esperaba un archivo de texto legible y no se pudo leer: {por_que_fallo(exc)}",
        )
        return None
    if datos is None:
        return None
    if datos.startswith(_BOM):
        datos = datos[len(_BOM) :]
    elif datos[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in datos:
        problemas.agregar(
            archivo,
            1,
            "codificación",
            "se esperaba UTF-8 y el archivo está en UTF-16 (o tiene "
            "bytes nulos); ábralo en su editor y guárdelo como «UTF-8»",
        )
        return None
    try:
        return datos.decode("utf-8")
    except UnicodeDecodeError as exc:
        linea = datos[: exc.start].count(b"\n") + 1
        byte = datos[exc.start : exc.start + 1]
        como_latin1 = byte.decode("cp1252", errors="replace")
        problemas.agregar(
            archivo,
            linea,
            "codificación",
            f"se esperaba UTF-8 y se encontró el byte 0x{byte.hex()} (¿«{como_latin1}» guardado "
            "en Latin-1 o Windows-1252?); guarde el archivo como «UTF-8» en su editor",
        )
        return None


#: Lo que devuelve ``leer_yaml`` si el archivo no se pudo leer (el problema ya se anotó).
ILEGIBLE = object()


def leer_yaml(archivo: Path, problemas: Problemas) -> Any:
    """El contenido del YAML (``None`` si está vacío) o ``ILEGIBLE`` si no se pudo leer."""
    texto = leer_texto(archivo, problemas)
    if texto is None:
        return ILEGIBLE
    try:
        try:
            return yaml.load(texto, Loader=_Cargador)  # hereda de (C)SafeLoader
        except yaml.YAMLError:
            datos = yaml.load(texto, Loader=_CargadorPuro)  # para el mensaje de error
    except yaml.MarkedYAMLError as exc:
        linea, motivo = _ubicar_error_yaml(exc)
        problemas.agregar(archivo, linea, "YAML", f"error de sintaxis: {motivo}")
        return ILEGIBLE
    except yaml.reader.ReaderError as exc:
        linea = texto[: exc.position].count("\n") + 1
        problemas.agregar(
            archivo,
            linea,
            "YAML",
            f"se esperaba texto y se encontró el carácter "
            f"de control #x{exc.character:04x}; bórrelo",
        )
        return ILEGIBLE
    except yaml.YAMLError as exc:
        problemas.agregar(archivo, 1, "YAML", f"error de sintaxis: {exc}")
        return ILEGIBLE
    except RecursionError:
        problemas.agregar(
            archivo,
            1,
            "YAML",
            "se esperaba un documento de pocos niveles y este está anidado demasiado hondo",
        )
        return ILEGIBLE
    return datos


_TRADUCCIONES = {
    "mapping values are not allowed here": "aquí no se permite «clave: valor» (¿falta un espacio "
    "o sobran dos puntos? Ponga el texto entre comillas)",
    "could not find expected ':'": "falta «:» después de un nombre de campo (¿una línea de "
    "texto suelta o mal sangrada?)",
    "found character '\\t' that cannot start any token": "hay un tabulador; se esperaban "
    "espacios para la sangría",
    "expected <block end>, but found '<block mapping start>'": "la sangría no coincide con la "
    "de los campos de arriba (se esperaba la misma cantidad de espacios)",
    "expected <block end>, but found '<block sequence start>'": "la sangría de un guion «-» no "
    "coincide con la de los de arriba",
    "expected <block end>, but found '-'": "la sangría de un guion «-» no coincide",
    "expected <block end>": "la sangría no coincide con la de las líneas de arriba",
    "expected ',' or ']'": "falta cerrar «[» con «]» (o falta una coma entre elementos)",
    "expected ',' or '}'": "falta cerrar «{» con «}» (o falta una coma entre campos)",
    "expected the node content": "falta un valor (¿una coma o un corchete de más?)",
    "found undefined alias": "se usa «*» sin un «&» que lo defina (ponga el texto entre comillas)",
    "found unknown escape character": "hay una «\\» que no se entiende dentro de comillas dobles "
    "(use comillas simples)",
    "could not determine a constructor for the tag": "etiqueta «!!» no permitida",
    "found duplicate anchor": "el ancla «&» está repetida",
    "but found another document": "se esperaba un solo documento y hay otro después de «---»",
}


def _ubicar_error_yaml(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """La línea (base 1) y el motivo en español de un error de sintaxis de YAML."""
    problema, contexto = exc.problem or "", exc.context or ""
    marca = exc.problem_mark or exc.context_mark
    linea = marca.line + 1 if marca else 1
    if "quoted scalar" in contexto and problema.startswith("found unexpected end of stream"):
        inicio = exc.context_mark.line + 1 if exc.context_mark else linea
        return inicio, f"unas comillas abiertas en la línea {inicio} no se cierran"
    if problema.startswith("found unexpected end of stream") or "<stream end>" in problema:
        return linea, "el archivo terminó antes de cerrar comillas, corchetes o llaves"
    for ingles, espanol in _TRADUCCIONES.items():
        if ingles in problema or ingles in contexto:
            return linea, espanol
    return linea, f"YAML no válido ({problema or contexto})"


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
        problemas.agregar(
            archivo,
            lector.line_num,
            "CSV",
            "se esperaba una fila CSV bien formada "
            f"(¿unas comillas sin cerrar?) y no se pudo leer ({exc})",
        )
        return None
    if not filas:
        problemas.agregar(
            archivo,
            1,
            "cabecera",
            "se esperaba la fila de nombres de columna "
            f"({', '.join(columnas)}) y el archivo está vacío",
        )
        return None
    cabecera = [c.strip() for c in filas[0][1]]
    if len(cabecera) == 1 and len(columnas) > 1:
        separador = next((f"«{s}»" for s in (";", "\t", "|") if s in cabecera[0]), None)
        if separador:
            problemas.agregar(
                archivo,
                1,
                "cabecera",
                "se esperaban columnas separadas por comas "
                f"({', '.join(columnas)}) y el archivo usa {separador}",
            )
            return None
    faltan = [c for c in columnas if c not in cabecera]
    for c in faltan:
        problemas.agregar(
            archivo,
            1,
            c,
            f"falta la columna «{c}» (columnas esperadas: "
            f"{', '.join(columnas)}; encontradas: {', '.join(cabecera)})",
        )
    for i, c in enumerate(cabecera):
        if c not in columnas:
            parecidas = difflib.get_close_matches(c, columnas, n=1)
            pista = f" (¿quiso decir «{parecidas[0]}»?)" if parecidas else ""
            problemas.agregar(
                archivo,
                1,
                c or f"columna {i + 1}",
                f"columna desconocida{pista}; columnas esperadas: {', '.join(columnas)}",
            )
        elif c in cabecera[:i]:
            problemas.agregar(archivo, 1, c, "columna repetida (se esperaba una sola vez)")
    if faltan:
        return None
    resultado = []
    for numero, fila in filas[1:]:
        if not any(celda.strip() for celda in fila):
            continue
        if len(fila) != len(cabecera):
            causa = (
                "unas comillas abiertas en esta fila no se cierran"
                if any("\n" in celda for celda in fila)
                else "¿una coma sin comillas dentro de un texto?"
            )
            problemas.agregar(
                archivo,
                numero,
                "CSV",
                f"se esperaban {len(cabecera)} celdas y hay {len(fila)} ({causa})",
            )
            continue
        registro: dict[str, str] = {}
        for c, v in zip(cabecera, fila, strict=True):
            registro.setdefault(c, v.strip())
        resultado.append((numero, registro))
    return resultado
