"""La orden ``taller``: validar el contenido, preparar y abrir el taller, informes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from taller.cli._errores import FalloDeArchivo, al, explicar
from taller.contenido.errores import ContenidoInvalido

CARPETA_POR_DEFECTO = "taller-cejum"

# argparse trae sus textos en inglés (vía gettext); la orden habla español.
_TEXTOS_ARGPARSE = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "opción no válida: %(value)r (elija entre %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "expected one argument": "se esperaba un valor",
}
vars(argparse)["_"] = lambda texto: _TEXTOS_ARGPARSE.get(texto, texto)


def _validar(args: argparse.Namespace) -> int:
    from taller.contenido.carga import cargar_contenido
    from taller.contenido.recursos import carpeta_datos

    try:
        contenido = cargar_contenido(args.datos)
    except ContenidoInvalido as error:
        try:
            base = _ruta_legible(carpeta_datos(args.datos)) + "/"
        except FileNotFoundError:  # no hay carpeta de datos: el problema ya lo dice
            base = ""
        for problema in error.problemas:
            print(f"{base}{problema}")
        n = len(error.problemas)
        print(f"{n} problema{'s' if n != 1 else ''} en el contenido.", file=sys.stderr)
        return 1
    print(f"Contenido válido en {_ruta_legible(contenido.carpeta)}: {contenido.resumen()}.")
    return 0


def _ruta_legible(ruta: Path) -> str:
    """La ruta relativa a la carpeta actual si está dentro de ella; si no, completa."""
    try:
        return ruta.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return ruta.as_posix()


def _preparar(args: argparse.Namespace) -> int:
    from taller.cli.preparar import preparar_carpeta

    with al("preparar la carpeta del taller", args.carpeta, _PISTA_CARPETA):
        prep = preparar_carpeta(args.carpeta, buzon=args.buzon)
    print(prep.resumen())
    return 0


_PISTA_CARPETA = "Puede indicar otra carpeta: taller preparar OTRA_CARPETA."


def _abrir(args: argparse.Namespace) -> int:
    from taller.cli.abrir import abrir

    return abrir(
        args.carpeta,
        puerto=args.puerto,
        navegador=not args.sin_navegador,
        facilitacion=args.facilitacion,
        buzon=args.buzon,
    )


def _carpeta_y_buzon(orden: argparse.ArgumentParser) -> None:
    orden.add_argument(
        "carpeta",
        nargs="?",
        default=CARPETA_POR_DEFECTO,
        metavar="CARPETA",
        help=f"carpeta del taller (por defecto: {CARPETA_POR_DEFECTO})",
    )
    orden.add_argument(
        "--buzon",
        metavar="RUTA",
        help="carpeta compartida para las respuestas (también: variable de entorno TALLER_BUZON)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="taller",
        description="Cuaderno de trabajo del taller «El Servicio Público y los Derechos Humanos».",
    )
    sub = parser.add_subparsers(dest="orden", metavar="ORDEN", required=True)
    validar = sub.add_parser(
        "validar",
        help="revisa el contenido de datos/ y lista cada problema como ruta:línea: campo: mensaje",
    )
    validar.add_argument(
        "--datos",
        metavar="RUTA",
        help="otra carpeta de contenido (también: variable de entorno TALLER_DATOS)",
    )
    validar.set_defaults(funcion=_validar)

    preparar = sub.add_parser(
        "preparar",
        help="crea o completa la carpeta del taller (copias "
        "de participante y de facilitación, buzón) sin sobrescribir nada",
    )
    _carpeta_y_buzon(preparar)
    preparar.set_defaults(funcion=_preparar)

    abrir = sub.add_parser(
        "abrir",
        help="prepara la carpeta si hace falta y abre JupyterLab en español en el primer módulo",
    )
    _carpeta_y_buzon(abrir)
    abrir.add_argument(
        "--facilitacion",
        action="store_true",
        help="abre la copia con notas para quien facilita y el tablero",
    )
    abrir.add_argument("--puerto", type=int, metavar="N", help="puerto de JupyterLab")
    abrir.add_argument(
        "--sin-navegador",
        action="store_true",
        help="no abre el navegador (solo imprime la dirección)",
    )
    abrir.set_defaults(funcion=_abrir)

    from taller.cli.facilitacion import agregar_ordenes

    agregar_ordenes(sub, CARPETA_POR_DEFECTO)
    from taller.cli.constancias import agregar_ordenes as agregar_constancias

    agregar_constancias(sub, CARPETA_POR_DEFECTO)
    from taller.cli.hub import agregar_ordenes as agregar_hub

    agregar_hub(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    funcion: Callable[[argparse.Namespace], int] = args.funcion
    try:
        return funcion(args)
    except KeyboardInterrupt:
        return 130
    except FalloDeArchivo as error:
        print(f"taller: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # cualquier orden: la ruta y qué hacer, nunca un traceback
        print(f"taller: {explicar(error)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
