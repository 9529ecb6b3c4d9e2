"""Órdenes para un taller en grupo en JupyterHub: ``taller hub`` y ``taller servicio``.

- ``taller hub``: imprime (o agrega a ``jupyterhub_config.py``) la configuración del hub:
  el servicio del taller, su alcance y el rol de quien facilita, el token de los kernels,
  la dirección del servicio para los kernels, el cuaderno inicial y los límites de
  kernels. Con ``--ajustes-jupyterlab`` escribe los ajustes de JupyterLab del taller en el
  entorno de las personas.
- ``taller servicio``: arranca el servicio (lo hace el hub; ver docs/servidor.md).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from taller.servicio.configuracion import OpcionesHub, fragmento

_INICIO = "# --- taller: servicio de respuestas"
_FIN = "# --- fin de la configuración del taller"
_BLOQUE = re.compile(re.escape(_INICIO) + r".*?" + re.escape(_FIN) + r"\n?", re.DOTALL)


def agregar_ordenes(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "hub",
        help="imprime o escribe la configuración de JupyterHub para un taller en grupo",
        description="La configuración de JupyterHub para un taller en grupo (ver "
        "docs/servidor.md). Sin --escribir, la imprime para copiarla en jupyterhub_config.py.",
    )
    op = OpcionesHub()
    p.add_argument("--carpeta", default=op.carpeta, help="carpeta del servicio: base SQLite "
                   f"y secreto (por defecto: {op.carpeta})")  # fmt: skip
    p.add_argument("--bd", default="", metavar="URL",
                   help="base de datos PostgreSQL (postgresql://usuario:clave@servidor/base); "
                   "por defecto, SQLite en --carpeta")  # fmt: skip
    p.add_argument("--puerto", type=int, default=op.puerto, help="puerto local del servicio")
    p.add_argument("--url-kernels", default="", metavar="URL",
                   help="cómo llegan los kernels al servicio (Kubernetes: "
                   "http://proxy-public/services/taller/)")  # fmt: skip
    p.add_argument("--facilitacion", action="append", default=[], metavar="USUARIO",
                   help="usuario del hub que facilita (lee las respuestas); se repite")  # fmt: skip
    p.add_argument(
        "--python",
        default=sys.executable,
        help="Python con el que el hub arranca el servicio (por defecto: este)",
    )
    p.add_argument("--kernel-inactivo", type=int, default=op.kernel_inactivo, metavar="S",
                   help="apagar un kernel tras S segundos sin actividad (0: nunca)")  # fmt: skip
    p.add_argument("--cuaderno-inicial", default="", metavar="RUTA",
                   help="cuaderno con el que abre JupyterLab (p. ej. "
                   "taller/participante/00-bienvenida.ipynb)")  # fmt: skip
    p.add_argument("--preparar", default="", metavar="CARPETA",
                   help="al arrancar su servidor, cada persona tiene la carpeta del taller en "
                   "~/CARPETA (p. ej. taller-cejum); JupyterLab abre en el módulo 0")  # fmt: skip
    p.add_argument("--escribir", metavar="ARCHIVO", type=Path,
                   help="agrega (o reemplaza) el bloque del taller en ARCHIVO "
                   "(jupyterhub_config.py)")  # fmt: skip
    p.add_argument("--ajustes-jupyterlab", metavar="ENTORNO", type=Path,
                   help="escribe los ajustes de JupyterLab del taller en el entorno de Python "
                   "de las personas (p. ej. /opt/tljh/user)")  # fmt: skip
    p.set_defaults(funcion=_hub)

    from taller.servicio.opciones import DESCRIPCION, agregar_argumentos

    s = sub.add_parser(
        "servicio",
        help="arranca el servicio de respuestas del taller (lo arranca JupyterHub)",
        description=DESCRIPCION + " Lo arranca JupyterHub (ver «taller hub»).",
    )
    agregar_argumentos(s)
    s.set_defaults(funcion=_servicio)


def _hub(args: argparse.Namespace) -> int:
    facilitacion = [u.strip() for valor in args.facilitacion for u in valor.split(",")]
    op = OpcionesHub(
        carpeta=args.carpeta,
        bd=args.bd,
        puerto=args.puerto,
        url_para_kernels=args.url_kernels,
        facilitacion=[u for u in facilitacion if u],
        python=args.python,
        kernel_inactivo=args.kernel_inactivo,
        cuaderno_inicial=args.cuaderno_inicial,
        preparar_carpeta=args.preparar,
    )
    texto = fragmento(op)
    if args.ajustes_jupyterlab:
        from taller.servicio.tljh import escribir_ajustes_jupyterlab

        ruta = escribir_ajustes_jupyterlab(args.ajustes_jupyterlab)
        print(f"Ajustes de JupyterLab del taller escritos en {ruta}", file=sys.stderr)
    if not args.escribir:
        print(texto, end="")
        return 0
    archivo: Path = args.escribir
    anterior = archivo.read_text(encoding="utf-8") if archivo.exists() else ""
    if _BLOQUE.search(anterior):
        nuevo = _BLOQUE.sub(lambda _m: texto, anterior, count=1)
    else:
        nuevo = anterior + ("\n" if anterior and not anterior.endswith("\n") else "") + texto
    archivo.write_text(nuevo, encoding="utf-8")
    print(f"Configuración del taller escrita en {archivo}. Reinicie el hub.", file=sys.stderr)
    return 0


def _servicio(args: argparse.Namespace) -> int:
    from taller.servicio.app import main

    return main(args)
