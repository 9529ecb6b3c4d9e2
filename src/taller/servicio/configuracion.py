"""El fragmento de ``jupyterhub_config.py`` para un taller en grupo (``taller hub``).

Lo que agrega al hub:

- el servicio ``taller`` (``python -m taller.servicio``), administrado por el hub (lo
  arranca y lo reinicia si se cae), con su base de datos y su secreto en una carpeta;
- el alcance propio ``custom:taller:leer`` y el rol ``taller-facilitacion`` (dado al
  grupo del hub ``taller-facilitacion``) que lo tiene;
- que cada persona usuaria pueda usar el servicio (``access:services!service=taller``) y
  que el token de su servidor (el de sus kernels) lo lleve
  (``Spawner.server_token_scopes``);
- la variable ``TALLER_SERVICIO_URL`` que dice a los kernels dónde está el servicio;
- los límites de kernels: apagar por inactividad los kernels y los servidores.

El mismo diccionario lo usa el plugin de TLJH (``taller.servicio.tljh``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from . import ALCANCE_LEER, NOMBRE

#: El grupo del hub de quienes facilitan (su rol tiene ``custom:taller:leer``).
GRUPO_FACILITACION = "taller-facilitacion"
ROL_FACILITACION = "taller-facilitacion"
ACCESO_SERVICIO = f"access:services!service={NOMBRE}"


@dataclass
class OpcionesHub:
    """Lo que cambia de una instalación a otra."""

    #: Carpeta del servicio: base SQLite y secreto (respaldar las dos cosas).
    carpeta: str = "/srv/taller-servicio"
    #: URL de la base de datos; vacío: SQLite en ``carpeta``.
    bd: str = ""
    #: Puerto local del servicio (el proxy del hub lo publica en ``/services/taller/``).
    puerto: int = 10101
    #: Dónde lo busca el proxy del hub. Vacío: ``http://127.0.0.1:puerto`` (el servicio en
    #: la misma máquina). En Kubernetes (Z2JH): ``http://hub:10101``.
    url_servicio: str = ""
    #: En qué dirección escucha el servicio. Vacío: la de ``url_servicio``. En Kubernetes:
    #: ``0.0.0.0`` (el nombre ``hub`` es del Service, no del pod).
    ip_escucha: str = ""
    #: Cómo llegan los kernels al servicio. Vacío: directo a ``127.0.0.1:puerto`` (TLJH,
    #: un solo servidor). En Kubernetes (Z2JH): ``http://proxy-public/services/taller/``.
    url_para_kernels: str = ""
    #: Quienes facilitan (usuarios del hub que leen las respuestas de los grupos).
    facilitacion: list[str] = field(default_factory=list)
    #: Python con el que se arranca el servicio (el del entorno del hub).
    python: str = field(default_factory=lambda: sys.executable)
    #: Apagar un kernel tras estos segundos sin actividad (0: nunca).
    kernel_inactivo: int = 1200
    #: Cuaderno con el que abre JupyterLab (ruta dentro de la carpeta de la persona).
    cuaderno_inicial: str = ""
    #: Si no está vacío: al arrancar su servidor, cada persona tiene la carpeta del taller
    #: con los cuadernos en ``~/<preparar_carpeta>`` (``taller preparar``, no sobrescribe).
    preparar_carpeta: str = ""
    #: ¿El hub arranca el servicio? (``False``: lo arranca otra cosa, con ``api_token``.)
    gestionado: bool = True
    #: Si no lo arranca el hub: el token con el que se presenta el servicio.
    api_token: str = ""


def url_servicio(op: OpcionesHub) -> str:
    return op.url_servicio or f"http://127.0.0.1:{op.puerto}"


def url_kernels(op: OpcionesHub) -> str:
    return op.url_para_kernels or f"{url_servicio(op)}/services/{NOMBRE}/"


def servicio(op: OpcionesHub) -> dict[str, Any]:
    """La entrada de ``c.JupyterHub.services``."""
    entrada: dict[str, Any] = {
        "name": NOMBRE,
        "url": url_servicio(op),
        "display": False,
        "oauth_no_confirm": True,
        # Lo que el token OAuth del navegador puede llevar (si la persona lo tiene).
        "oauth_client_allowed_scopes": [ALCANCE_LEER],
    }
    if op.gestionado:
        entrada["command"] = [op.python, "-m", "taller.servicio", "--carpeta", op.carpeta]
        entorno = {}
        if op.bd:
            entorno["TALLER_SERVICIO_BD"] = op.bd
        if op.ip_escucha:
            entorno["TALLER_SERVICIO_IP"] = op.ip_escucha
        if entorno:
            entrada["environment"] = entorno
    else:
        entrada["api_token"] = op.api_token
        entrada["oauth_client_id"] = f"service-{NOMBRE}"
        entrada["oauth_redirect_uri"] = f"/services/{NOMBRE}/oauth_callback"
    return entrada


def aplicar(c: Any, op: OpcionesHub) -> None:
    """Aplica la configuración del taller a un objeto ``c`` de JupyterHub (lo que hace el
    fragmento de ``taller hub`` y el plugin de TLJH)."""
    hub = c.JupyterHub
    alcances = dict(hub.custom_scopes) if "custom_scopes" in hub else {}
    alcances[ALCANCE_LEER] = {
        "description": "Leer las respuestas del taller de todos los grupos (quien facilita)."
    }
    hub.custom_scopes = alcances
    servicios = [s for s in (hub.services if "services" in hub else []) if s["name"] != NOMBRE]
    hub.services = [*servicios, servicio(op)]
    roles = list(hub.load_roles) if "load_roles" in hub else []
    nombres = {r["name"] for r in roles}
    if "user" in nombres:
        for rol in roles:
            if rol["name"] == "user":
                rol["scopes"] = sorted({*rol.get("scopes", ["self"]), ACCESO_SERVICIO})
    else:
        roles.append({"name": "user", "scopes": ["self", ACCESO_SERVICIO]})
    roles = [r for r in roles if r["name"] != ROL_FACILITACION]
    roles.append(
        {
            "name": ROL_FACILITACION,
            "description": "Quien facilita el taller: lee las respuestas de los grupos.",
            "scopes": [ALCANCE_LEER, ACCESO_SERVICIO],
            "groups": [GRUPO_FACILITACION],
        }
    )
    hub.load_roles = roles
    grupos = dict(hub.load_groups) if "load_groups" in hub else {}
    previos = grupos.get(GRUPO_FACILITACION, {})
    if isinstance(previos, list):  # forma antigua: lista de usuarios
        previos = {"users": previos}
    usuarios = sorted({*previos.get("users", []), *op.facilitacion})
    grupos[GRUPO_FACILITACION] = {**previos, "users": usuarios}
    hub.load_groups = grupos

    spawner = c.Spawner
    # El token de cada servidor (y de sus kernels): lo de siempre, más el servicio; y el
    # alcance de lectura, que solo reciben quienes lo tienen por su rol.
    spawner.server_token_scopes = [
        "users:activity!user",
        "access:servers!server",
        ACCESO_SERVICIO,
        ALCANCE_LEER,
    ]
    entorno = dict(spawner.environment) if "environment" in spawner else {}
    entorno["TALLER_SERVICIO_URL"] = url_kernels(op)
    spawner.environment = entorno
    if op.preparar_carpeta:
        # El servidor de cada persona arranca tras «taller preparar» (no sobrescribe nada;
        # si falla, el servidor arranca igual). $0 y $@: la orden de siempre y sus argumentos.
        previa = list(spawner.cmd) if "cmd" in spawner else ["jupyterhub-singleuser"]
        if previa[:1] == ["sh"]:  # ya envuelta (aplicar dos veces)
            previa = previa[3:]
        orden = (
            f'taller preparar "$HOME/{op.preparar_carpeta}" >/dev/null 2>&1 || true; exec "$0" "$@"'
        )
        spawner.cmd = ["sh", "-c", orden, *previa]
    cuaderno = op.cuaderno_inicial or (
        f"{op.preparar_carpeta}/participante/00-bienvenida.ipynb" if op.preparar_carpeta else ""
    )
    if cuaderno:
        spawner.default_url = f"/lab/tree/{cuaderno}"
    if op.kernel_inactivo:
        argumentos = list(spawner.args) if "args" in spawner else []
        argumentos = [a for a in argumentos if not a.startswith("--MappingKernelManager.cull")]
        argumentos += [
            f"--MappingKernelManager.cull_idle_timeout={op.kernel_inactivo}",
            "--MappingKernelManager.cull_interval=60",
            "--MappingKernelManager.cull_connected=True",
        ]
        spawner.args = argumentos


def fragmento(op: OpcionesHub) -> str:
    """El texto que se agrega a ``jupyterhub_config.py``."""
    datos = {
        k: v
        for k, v in op.__dict__.items()
        if k in ("carpeta", "bd", "puerto", "url_servicio", "ip_escucha", "url_para_kernels",
                 "facilitacion", "python", "kernel_inactivo", "cuaderno_inicial",
                 "preparar_carpeta")
    }  # fmt: skip
    return (
        "# --- taller: servicio de respuestas y ajustes del taller (generado por «taller hub»)\n"
        "# Ver docs/servidor.md. Quien facilita: agréguela al grupo del hub "
        f"«{GRUPO_FACILITACION}».\n"
        "from taller.servicio.configuracion import OpcionesHub, aplicar\n\n"
        f"aplicar(c, OpcionesHub(**{json.dumps(datos, ensure_ascii=False, indent=4)}))\n"
        "# --- fin de la configuración del taller\n"
    )


#: Ajustes de JupyterLab del taller (``overrides.json`` del entorno de las personas):
#: español, sin avisos de noticias, y apagar el kernel de un cuaderno al cerrar su pestaña.
AJUSTES_JUPYTERLAB = {
    "@jupyterlab/translation-extension:plugin": {"locale": "es_ES"},
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension:tracker": {"kernelShutdown": True},
}
