"""Órdenes de quien facilita para las constancias:

- ``taller constancias CARPETA --grupo G``: un PDF por persona que cumple los criterios y
  tiene su nombre en la lista de asistencia; nombra a quien cumple y no está en la lista.
- ``taller asistencia --desde lista.csv --grupo G``: anota de una vez los nombres de una
  lista (columnas ``seudonimo`` y ``nombre``), buscando cada seudónimo sin distinguir
  mayúsculas ni acentos, y reporta cada fila que no coincidió con nadie.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from taller.cli._errores import al

__all__ = ["agregar_ordenes", "comparable", "emparejar_lista"]

_COLUMNAS_ALIAS = ("seudonimo", "alias", "seudonimo_", "pseudonimo")
_COLUMNAS_NOMBRE = ("nombre", "nombre_completo", "nombre_real")


def comparable(texto: str) -> str:
    """El texto sin acentos, sin distinguir mayúsculas y con los espacios juntos:
    «  José  Pérez» y «jose perez» son lo mismo."""
    plano = unicodedata.normalize("NFKD", texto)
    sin_marcas = "".join(c for c in plano if not unicodedata.combining(c))
    return " ".join(sin_marcas.casefold().split())


@dataclass
class Emparejamiento:
    """Lo que resultó de cruzar una lista con los seudónimos del buzón."""

    anotados: list[tuple[str, str, str]] = field(default_factory=list)  # id, alias, nombre
    sin_coincidencia: list[str] = field(default_factory=list)  # mensajes con archivo:línea


def _columna(encabezados: list[str], posibles: tuple[str, ...]) -> str | None:
    for encabezado in encabezados:
        if comparable(encabezado).replace(" ", "_") in posibles:
            return encabezado
    return None


def emparejar_lista(ruta: Path, seudonimos: dict[str, set[str]], grupo: str) -> Emparejamiento:
    """Cruza la lista ``ruta`` (CSV con seudónimo y nombre) con ``seudonimos`` (id de
    participante por seudónimo del grupo). Lanza ``ValueError`` con un mensaje en español
    si el archivo no tiene las columnas."""
    texto = ruta.read_text(encoding="utf-8-sig")
    try:
        dialecto: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            texto[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialecto = csv.excel
    lector = csv.DictReader(texto.splitlines(), dialect=dialecto)
    encabezados = list(lector.fieldnames or [])
    col_alias = _columna(encabezados, _COLUMNAS_ALIAS)
    col_nombre = _columna(encabezados, _COLUMNAS_NOMBRE)
    if col_alias is None or col_nombre is None:
        raise ValueError(
            f"{ruta}:1: la lista debe tener las columnas «seudonimo» y «nombre» "
            f"(tiene: {', '.join(encabezados) or 'ninguna'})."
        )
    por_clave: dict[str, set[str]] = {}
    for alias, ids in seudonimos.items():
        por_clave.setdefault(comparable(alias), set()).update(ids)
    resultado = Emparejamiento()
    for linea, fila in enumerate(lector, start=2):
        alias = (fila.get(col_alias) or "").strip()
        nombre = " ".join((fila.get(col_nombre) or "").split())
        if not alias and not nombre:
            continue
        lugar = f"{ruta}:{linea}"
        if not alias or not nombre:
            falta = "seudonimo" if not alias else "nombre"
            resultado.sin_coincidencia.append(f"{lugar}: falta el {falta}.")
            continue
        ids = por_clave.get(comparable(alias), set())
        if not ids:
            resultado.sin_coincidencia.append(
                f"{lugar}: «{alias}» no coincide con ningún seudónimo del grupo {grupo}."
            )
        elif len(ids) > 1:
            resultado.sin_coincidencia.append(
                f"{lugar}: «{alias}» coincide con {len(ids)} personas del grupo {grupo}; "
                "anote esta con «taller asistencia --alias»."
            )
        else:
            resultado.anotados.append((next(iter(ids)), alias, nombre))
    return resultado


def _seudonimos(buzon: Path, grupo: str) -> dict[str, set[str]]:
    from taller.buzon.registro import Buzon

    seudonimos: dict[str, set[str]] = {}
    for registro in Buzon(buzon).leer().registros:
        if registro["grupo"] == grupo:
            seudonimos.setdefault(str(registro["alias"]), set()).add(str(registro["participante"]))
    return seudonimos


def asistencia_desde(args: argparse.Namespace, buzon: Path, privado: Path) -> int:
    from taller.buzon.identidad import agregar_a_asistencia

    grupo = args.grupo.strip().upper()
    lista = Path(args.desde).expanduser()
    try:
        with al("leer la lista de asistencia", lista):
            resultado = emparejar_lista(lista, _seudonimos(buzon, grupo), grupo)
    except UnicodeDecodeError:
        print(
            f"No se pudo leer la lista {lista}: no está en UTF-8. Guárdela como «CSV UTF-8»"
            " desde Excel.",
            file=sys.stderr,
        )
        return 1
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    with al("anotar la asistencia", privado):
        for id_, _alias, nombre in resultado.anotados:
            agregar_a_asistencia(privado, id_, nombre)
    print(
        f"Anotadas {len(resultado.anotados)} persona(s) en {privado / 'asistencia.csv'} "
        "(fuera del buzón; solo quien facilita)."
    )
    if resultado.sin_coincidencia:
        print(
            f"{len(resultado.sin_coincidencia)} fila(s) sin anotar:\n  "
            + "\n  ".join(resultado.sin_coincidencia),
            file=sys.stderr,
        )
        return 1
    return 0


def constancias(args: argparse.Namespace) -> int:
    from taller.cli.facilitacion import CARPETA_PRIVADA, _buzon
    from taller.contenido.carga import cargar_contenido
    from taller.contenido.errores import ContenidoInvalido
    from taller.tablero.constancia_pdf import escribir_constancias
    from taller.tablero.informe import datos_informe

    try:
        contenido = cargar_contenido(args.datos)
    except ContenidoInvalido as error:
        print(
            f"El contenido tiene errores; no se pueden hacer constancias.\n{error}", file=sys.stderr
        )
        return 1
    privado = Path(args.taller).expanduser().resolve() / CARPETA_PRIVADA
    datos = datos_informe(
        _buzon(args),
        args.grupo.strip().upper(),
        contenido,
        privado if privado.is_dir() else None,
        args.asistencia_minima,
        args.final_minima,
        args.facilita or "",
    )
    pista = "Puede escribirlas en otra carpeta: taller constancias OTRA_CARPETA."
    with al("escribir las constancias", args.carpeta, pista):
        resultado = escribir_constancias(datos, args.carpeta, lugar=args.lugar or "")
    print(resultado)
    return 0


def agregar_ordenes(sub: argparse._SubParsersAction, carpeta_defecto: str) -> None:
    """Registra ``taller constancias``."""
    p = sub.add_parser(
        "constancias",
        help="un PDF de constancia por persona que cumple los criterios y está en la lista",
    )
    p.add_argument("carpeta", metavar="CARPETA", help="dónde escribir las constancias")
    p.add_argument("--grupo", required=True, help="código de grupo")
    p.add_argument("--facilita", metavar="NOMBRE", help="quien facilitó (va en la firma)")
    p.add_argument("--lugar", metavar="LUGAR", help="lugar de emisión, p. ej. «Morelia, Mich.»")
    p.add_argument("--datos", metavar="RUTA", help="otra carpeta de contenido")
    p.add_argument("--asistencia-minima", type=float, metavar="P")
    p.add_argument("--final-minima", type=float, metavar="P")
    p.add_argument(
        "--taller",
        default=carpeta_defecto,
        metavar="CARPETA",
        help=f"carpeta del taller (por defecto: {carpeta_defecto})",
    )
    p.add_argument("--buzon", metavar="RUTA", help="buzón de respuestas")
    p.set_defaults(funcion=constancias)
