"""Las opciones de ``taller servicio`` (sin importar Tornado ni SQLAlchemy: la orden
``taller`` las declara al arrancar)."""

from __future__ import annotations

import argparse
import os

DESCRIPCION = "Servicio de JupyterHub que recibe y sirve las respuestas del taller."


def argumentos(lista: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="taller servicio", description=DESCRIPCION)
    agregar_argumentos(p)
    return p.parse_args(lista)


def agregar_argumentos(p: argparse.ArgumentParser) -> None:
    """Las opciones del servicio (también las de ``taller servicio``)."""
    p.add_argument(
        "--bd",
        default=os.environ.get("TALLER_SERVICIO_BD", ""),
        help="URL de la base de datos (SQLAlchemy): sqlite:///ruta o "
        "postgresql://usuario:clave@servidor/base. Por omisión, SQLite en --carpeta.",
    )
    p.add_argument(
        "--carpeta",
        default=os.environ.get("TALLER_SERVICIO_CARPETA", "."),
        help="Carpeta del servicio: base SQLite y secreto (por omisión, la actual).",
    )
    p.add_argument(
        "--datos",
        default=os.environ.get("TALLER_SERVICIO_DATOS") or None,
        help="Carpeta de contenido del taller (para conocer los ejercicios); por omisión, "
        "el contenido que trae el paquete.",
    )
    p.add_argument(
        "--exportar",
        metavar="CARPETA",
        help="en lugar de arrancar: copia las respuestas de la base (--bd o la de --carpeta) "
        "a un buzón local, para «taller informe --buzon CARPETA»",
    )
    p.add_argument("--grupo", help="con --exportar: solo las de este grupo")
    p.add_argument(
        "--ip",
        default=os.environ.get("TALLER_SERVICIO_IP", ""),
        help="dirección en la que escucha (por defecto, la de JUPYTERHUB_SERVICE_URL; en "
        "Kubernetes: 0.0.0.0)",
    )
