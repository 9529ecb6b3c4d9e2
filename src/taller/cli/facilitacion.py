"""Órdenes de quien facilita: ``taller informe``, ``taller buzon`` y ``taller asistencia``.

Cada una trabaja sobre la carpeta del taller (``--taller``, por defecto ``taller-cejum``)
y su buzón (``--buzon`` o ``$TALLER_BUZON``, si no el de la carpeta).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from taller.cli._errores import al
from taller.contenido.errores import ContenidoInvalido

CARPETA_PRIVADA = "privado"  # asistencia con nombres reales: aparte del buzón, permisos 700


def _buzon(args: argparse.Namespace) -> Path:
    if getattr(args, "buzon", None):
        return Path(args.buzon).expanduser().resolve()
    from taller.carpeta import carpeta_buzon

    return carpeta_buzon(Path(args.taller).expanduser().resolve())


def _registros(buzon: Path) -> list[dict[str, Any]]:
    from taller.buzon.registro import Buzon

    with al("leer el buzón", buzon, "Indique otro con --buzon RUTA."):
        return Buzon(buzon).leer().registros


def _grupos(buzon: Path) -> list[str]:
    return sorted({r["grupo"] for r in _registros(buzon)})


def informe(args: argparse.Namespace) -> int:
    from taller.contenido.carga import cargar_contenido
    from taller.tablero.informe import crear_informe

    buzon = _buzon(args)
    grupo = args.grupo
    if grupo is None:
        grupos = _grupos(buzon)
        if len(grupos) != 1:
            lista = ", ".join(grupos) if grupos else "ninguno (el buzón está vacío)"
            print(f"Indique el grupo con --grupo. Grupos en {buzon}: {lista}", file=sys.stderr)
            return 1
        grupo = grupos[0]
    try:
        contenido = cargar_contenido(args.datos)
    except ContenidoInvalido as error:
        print(f"El contenido tiene errores; el informe usará los ids.\n{error}", file=sys.stderr)
        contenido = None
    privado = Path(args.taller).expanduser().resolve() / CARPETA_PRIVADA
    pista = "Puede escribirlo en otra carpeta: taller informe OTRA_CARPETA."
    with al("escribir el informe", args.carpeta, pista):
        resultado = crear_informe(
            buzon,
            args.carpeta,
            grupo.strip().upper(),
            contenido,
            carpeta_facilitacion=privado if privado.is_dir() else None,
            asistencia_minima=args.asistencia_minima,
            evaluacion_final_minima=args.final_minima,
            facilita=args.facilita or "",
        )
    print(resultado)
    return 0


def buzon_importar(args: argparse.Namespace) -> int:
    from taller.buzon.registro import importar_buzon

    destino = _buzon(args)
    total = 0
    for origen in args.origen:
        try:
            with al(f"importar «{origen}» en el buzón", destino, _PISTA_IMPORTAR):
                resumen = importar_buzon(origen, destino)
        except FileNotFoundError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"{origen}: {resumen}")
        total += resumen.nuevos
    print(f"Buzón {destino}: {total} respuestas nuevas en total.")
    return 0


_PISTA_IMPORTAR = (
    "Lo que ya se importó queda en el buzón y repetir la orden no lo duplica; "
    "puede indicar otro buzón con --buzon RUTA."
)


def buzon_compartir(args: argparse.Namespace) -> int:
    from taller.buzon.registro import preparar_buzon_compartido

    if os.name != "posix":
        print(
            "Un buzón compartido con permisos por cuenta solo se puede preparar en un "
            "servidor Linux o macOS.",
            file=sys.stderr,
        )
        return 1
    pista = "Elija una carpeta a la que su cuenta llegue y pueda crear (o use sudo)."
    with al("preparar el buzón compartido", args.carpeta, pista):
        ruta = preparar_buzon_compartido(args.carpeta)
    print(
        f"Buzón compartido listo en {ruta} (permisos 1733: cada cuenta agrega su archivo y "
        "no puede listar ni leer los de otras). Use --buzon con esta ruta al abrir."
    )
    return 0


def asistencia(args: argparse.Namespace) -> int:
    from taller.buzon.identidad import agregar_a_asistencia

    buzon = _buzon(args)
    privado = Path(args.taller).expanduser().resolve() / CARPETA_PRIVADA
    if args.desde:
        from taller.cli.constancias import asistencia_desde

        return asistencia_desde(args, buzon, privado)
    if not args.alias or not args.nombre:
        print("Use --alias y --nombre para una persona, o --desde LISTA.csv.", file=sys.stderr)
        return 2
    alias, grupo = args.alias.strip(), args.grupo.strip().upper()
    ids = sorted(
        {
            r["participante"]
            for r in _registros(buzon)
            if r["alias"] == alias and r["grupo"] == grupo
        }
    )
    if len(ids) != 1:
        cuantos = "No hay ninguna persona" if not ids else f"Hay {len(ids)} personas"
        print(
            f"{cuantos} con el seudónimo «{alias}» en el grupo {grupo}; no se anotó nada.",
            file=sys.stderr,
        )
        return 1
    with al("anotar la asistencia", privado):
        agregar_a_asistencia(privado, ids[0], args.nombre)
    print(f"Anotado en {privado / 'asistencia.csv'} (fuera del buzón; solo quien facilita).")
    return 0


def agregar_ordenes(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], carpeta_defecto: str
) -> None:
    def comunes(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--taller",
            default=carpeta_defecto,
            metavar="CARPETA",
            help=f"carpeta del taller (por defecto: {carpeta_defecto})",
        )
        p.add_argument(
            "--buzon",
            metavar="RUTA",
            help="buzón de respuestas (por defecto, el de la carpeta del taller o $TALLER_BUZON)",
        )

    p = sub.add_parser(
        "informe", help="escribe el informe de un grupo: Excel, CSV y HTML autocontenido"
    )
    p.add_argument("carpeta", metavar="CARPETA", help="dónde escribir el informe")
    p.add_argument("--grupo", help="código de grupo (si el buzón tiene uno solo, ese)")
    p.add_argument("--datos", metavar="RUTA", help="otra carpeta de contenido")
    p.add_argument(
        "--asistencia-minima",
        type=float,
        metavar="P",
        help="proporción mínima de módulos con actividad (por defecto, taller.yaml)",
    )
    p.add_argument(
        "--final-minima",
        type=float,
        metavar="P",
        help="proporción mínima de aciertos en la evaluación final",
    )
    p.add_argument(
        "--facilita",
        metavar="NOMBRE",
        help="quién facilitó, para el encabezado (por defecto, «facilita» de taller.json)",
    )
    comunes(p)
    p.set_defaults(funcion=informe)

    b = sub.add_parser("buzon", help="juntar o compartir buzones de respuestas")
    bsub = b.add_subparsers(dest="accion", metavar="ACCIÓN", required=True)
    i = bsub.add_parser(
        "importar",
        help="agrega las respuestas de buzones copiados de otras computadoras, sin duplicar",
    )
    i.add_argument("origen", nargs="+", metavar="ORIGEN", help="carpeta(s) de buzón copiadas")
    comunes(i)
    i.set_defaults(funcion=buzon_importar)
    c = bsub.add_parser(
        "compartir",
        help="prepara una carpeta de buzón para un servidor con varias cuentas (permisos 1733)",
    )
    c.add_argument("carpeta", metavar="CARPETA")
    c.set_defaults(funcion=buzon_compartir)

    a = sub.add_parser(
        "asistencia",
        help="anota el nombre real de una persona en la lista "
        "de asistencia (aparte de sus respuestas)",
    )
    a.add_argument("--alias", help="seudónimo con el que participó")
    a.add_argument("--grupo", required=True, help="código de grupo")
    a.add_argument("--nombre", help="nombre para la constancia")
    a.add_argument(
        "--desde",
        metavar="LISTA.csv",
        help="anota los nombres de una lista CSV con columnas «seudonimo» y «nombre» "
        "(sin distinguir mayúsculas ni acentos); reporta las filas que no coinciden",
    )
    comunes(a)
    a.set_defaults(funcion=asistencia)
