"""Plugin de The Littlest JupyterHub (TLJH) para el taller.

Se instala con el instalador de TLJH::

    curl -L https://tljh.jupyter.org/bootstrap.py | sudo python3 - \\
        --admin facilitadora --plugin "taller[hub] @ <ruta o URL del paquete>"

TLJH carga los plugins por el punto de entrada ``tljh`` (``pyproject.toml``) y llama a
sus ganchos (pluggy, ``tljh.hooks``):

- ``tljh_extra_user_pip_packages``: instala ``taller`` en el entorno de las personas
  (``/opt/tljh/user``), donde corren sus kernels.
- ``tljh_extra_hub_pip_packages``: y en el del hub (``/opt/tljh/hub``), donde corre el
  servicio del taller.
- ``tljh_custom_jupyterhub_config``: agrega el servicio, el alcance, el rol y el grupo de
  quienes facilitan, el token de los kernels y los límites (``configuracion.aplicar``).
- ``tljh_post_install``: escribe los ajustes de JupyterLab del taller (español, apagar el
  kernel al cerrar la pestaña) en el entorno de las personas.

Opciones (variables de entorno del hub, p. ej. con ``systemctl edit jupyterhub``):
``TALLER_SERVICIO_BD`` (URL de PostgreSQL; por omisión SQLite en
``/opt/tljh/state/taller-servicio``) y ``TALLER_FACILITACION`` (usuarios separados por
comas que leen las respuestas).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .configuracion import AJUSTES_JUPYTERLAB, OpcionesHub, aplicar


def _marcador() -> Callable[[Any], Any]:
    """El marcador de ganchos de TLJH (``tljh.hooks.hookimpl`` es este mismo); sin pluggy
    (fuera de TLJH), los ganchos quedan como funciones comunes."""
    try:
        import pluggy
    except ImportError:  # pragma: no cover
        return lambda funcion: funcion
    return pluggy.HookimplMarker("tljh")


hookimpl = _marcador()


#: Dónde guarda TLJH su estado (la base de datos del hub también está ahí).
CARPETA_ESTADO = Path("/opt/tljh/state/taller-servicio")
ENTORNO_PERSONAS = Path("/opt/tljh/user")
#: Qué instalar: el mismo paquete que trae este plugin (``TALLER_PAQUETE`` lo cambia, p. ej.
#: a una ruta local o a una versión fija).
PAQUETE = os.environ.get("TALLER_PAQUETE", "taller")


def opciones() -> OpcionesHub:
    facilitacion = [u.strip() for u in os.environ.get("TALLER_FACILITACION", "").split(",")]
    return OpcionesHub(
        carpeta=str(CARPETA_ESTADO),
        bd=os.environ.get("TALLER_SERVICIO_BD", ""),
        facilitacion=[u for u in facilitacion if u],
        cuaderno_inicial=os.environ.get("TALLER_CUADERNO_INICIAL", ""),
        preparar_carpeta=os.environ.get("TALLER_PREPARAR", "taller-cejum"),
    )


@hookimpl
def tljh_extra_user_pip_packages() -> list[str]:
    return [PAQUETE]


@hookimpl
def tljh_extra_hub_pip_packages() -> list[str]:
    return [f"{PAQUETE}[hub]" if "[" not in PAQUETE else PAQUETE]


@hookimpl
def tljh_custom_jupyterhub_config(c: Any) -> None:
    aplicar(c, opciones())


def escribir_ajustes_jupyterlab(entorno: Path = ENTORNO_PERSONAS) -> Path:
    """Escribe (o completa) ``overrides.json`` de JupyterLab en el entorno de las personas."""
    archivo = entorno / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    archivo.parent.mkdir(parents=True, exist_ok=True)
    try:
        ajustes = json.loads(archivo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        ajustes = {}
    for extension, valores in AJUSTES_JUPYTERLAB.items():
        ajustes.setdefault(extension, {}).update(valores)
    archivo.write_text(json.dumps(ajustes, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return archivo


@hookimpl
def tljh_post_install() -> None:
    CARPETA_ESTADO.mkdir(parents=True, exist_ok=True)
    os.chmod(CARPETA_ESTADO, 0o700)  # base de datos y secreto: solo root (el hub)
    escribir_ajustes_jupyterlab()
