"""La orden ``taller``: validar el contenido, preparar y abrir el taller, informes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errores import ContenidoInvalido


def _validar(args: argparse.Namespace) -> int:
    from .contenido import cargar_contenido
    from .recursos import carpeta_datos

    try:
        contenido = cargar_contenido(args.datos)
    except ContenidoInvalido as error:
        base = _ruta_legible(carpeta_datos(args.datos))
        for problema in error.problemas:
            print(f"{base}/{problema}")
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="taller",
        description="Cuaderno de trabajo del taller «El Servicio Público y los Derechos "
        "Humanos».",
    )
    sub = parser.add_subparsers(dest="orden", metavar="ORDEN", required=True)
    validar = sub.add_parser("validar", help="revisa el contenido de datos/ y lista cada "
                             "problema como ruta:línea: campo: mensaje")
    validar.add_argument("--datos", metavar="RUTA", help="otra carpeta de contenido "
                         "(también: variable de entorno TALLER_DATOS)")
    validar.set_defaults(funcion=_validar)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    funcion: Callable[[argparse.Namespace], int] = args.funcion
    try:
        return funcion(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
