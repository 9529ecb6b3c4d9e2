"""``taller hub``, el plugin de TLJH y el servicio administrado por un hub real."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from traitlets.config import Config, PyFileConfigLoader

from taller.servicio.configuracion import AJUSTES_JUPYTERLAB

from . import _sistema as s


def _cargar(archivo: Path) -> Config:
    """Carga un jupyterhub_config.py como lo hace JupyterHub (traitlets)."""
    return PyFileConfigLoader(archivo.name, path=str(archivo.parent)).load_config()


def _taller(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "taller.cli.principal", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_taller_hub_escribe_un_solo_bloque_que_jupyterhub_carga(tmp_path: Path):
    archivo = tmp_path / "jupyterhub_config.py"
    archivo.write_text('c.JupyterHub.bind_url = "http://:8000"\n', encoding="utf-8")
    for facilitadora in ("ana", "bea"):  # la segunda vez reemplaza el bloque
        r = _taller("hub", "--escribir", str(archivo), "--facilitacion", facilitadora,
                    "--bd", "postgresql://taller@db/taller")  # fmt: skip
        assert r.returncode == 0, r.stderr
    texto = archivo.read_text(encoding="utf-8")
    assert texto.count("taller: servicio de respuestas") == 1
    c = _cargar(archivo)
    assert c.JupyterHub.bind_url == "http://:8000"
    (servicio,) = c.JupyterHub.services
    assert servicio["name"] == "taller"
    assert servicio["command"][1:3] == ["-m", "taller.servicio"]
    assert servicio["environment"] == {"TALLER_SERVICIO_BD": "postgresql://taller@db/taller"}
    assert "custom:taller:leer" in c.JupyterHub.custom_scopes
    assert c.JupyterHub.load_groups["taller-facilitacion"]["users"] == ["bea"]
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert "access:services!service=taller" in roles["user"]["scopes"]
    assert roles["taller-facilitacion"]["groups"] == ["taller-facilitacion"]
    assert "access:services!service=taller" in c.Spawner.server_token_scopes
    assert c.Spawner.environment["TALLER_SERVICIO_URL"].endswith("/services/taller/")
    assert "--MappingKernelManager.cull_idle_timeout=1200" in c.Spawner.args


def test_taller_hub_escribe_los_ajustes_de_jupyterlab(tmp_path: Path):
    entorno = tmp_path / "usuarios"
    r = _taller("hub", "--ajustes-jupyterlab", str(entorno))
    assert r.returncode == 0, r.stderr
    ajustes = json.loads(
        (entorno / "share/jupyter/lab/settings/overrides.json").read_text(encoding="utf-8")
    )
    assert ajustes == AJUSTES_JUPYTERLAB
    assert ajustes["@jupyterlab/notebook-extension:tracker"]["kernelShutdown"] is True


def test_plugin_de_tljh_por_su_punto_de_entrada():
    """TLJH carga los plugins con pluggy por el punto de entrada «tljh»."""
    pluggy = pytest.importorskip("pluggy")
    pm = pluggy.PluginManager("tljh")
    assert pm.load_setuptools_entrypoints("tljh", name="taller") == 1
    assert pm.hook.tljh_extra_user_pip_packages() == [["taller"]]
    assert pm.hook.tljh_extra_hub_pip_packages() == [["taller[hub]"]]
    c = Config()
    pm.hook.tljh_custom_jupyterhub_config(c=c)
    assert [x["name"] for x in c.JupyterHub.services] == ["taller"]
    assert c.JupyterHub.services[0]["command"][-1] == "/opt/tljh/state/taller-servicio"


def test_el_hub_arranca_el_servicio_administrado(tmp_path: Path):
    """Con la configuración de ``taller hub`` tal cual (servicio administrado por el hub)."""
    puerto = s.puerto_libre()
    carpeta = tmp_path / "servicio"
    config = f"""
from taller.servicio.configuracion import OpcionesHub, aplicar
aplicar(c, OpcionesHub(carpeta={str(carpeta)!r}, puerto={puerto}, python={sys.executable!r}))
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {{"ana"}}
"""
    with s.hub(config, tmp_path / "hub") as hub:
        url = f"{hub.url}/services/taller/api/salud"
        s.esperar(lambda: requests.get(url, timeout=5).status_code == 200, 60, "servicio")
        token = hub.token("ana")
        r = requests.get(
            f"{hub.url}/services/taller/api/respuestas/propias",
            headers={"Authorization": f"token {token}"},
            timeout=30,
        )
        assert r.status_code == 200, r.text
        assert r.json()["registros"] == []
    assert (carpeta / "taller-servicio.sqlite").exists()
    assert (carpeta / "taller-servicio.secreto").stat().st_mode & 0o777 == 0o600
