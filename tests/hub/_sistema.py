"""Lo que un JupyterHub real necesita para las pruebas, construido de verdad.

- configurable-http-proxy de npm (``package.json`` + ``package-lock.json`` de esta carpeta,
  instalado con ``npm ci``; Node de Debian).
- Un PostgreSQL de Debian (``apt-get install postgresql``): un clúster propio en una
  carpeta temporal, en un puerto libre, con ``initdb`` + ``pg_ctl`` (como el usuario
  ``postgres`` si se corre como root).
- Usuarios Unix reales (``useradd -m``) para ``LocalProcessSpawner`` (solo como root).
- Un entorno de Python que esos usuarios pueden leer.
- El hub (``python -m jupyterhub``) y el servicio del taller, como procesos, detenidos
  con SIGTERM (los procesos en segundo plano ignoran SIGINT).

Sin lo necesario, fuera de CI la prueba se salta diciendo cómo correrla; con ``CI``
definido, falla.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

AQUI = Path(__file__).resolve().parent
RAIZ = AQUI.parents[1]
EN_CI = bool(os.environ.get("CI"))


def faltante(motivo: str, como: str) -> None:
    """Sin CI: se salta diciendo cómo correr la prueba; con CI: falla."""
    texto = f"{motivo}. Para correr estas pruebas: {como}"
    if EN_CI:
        pytest.fail(texto, pytrace=False)
    pytest.skip(texto)


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def esperar(condicion: Any, limite: float, que: str, cada: float = 0.1) -> Any:
    fin = time.monotonic() + limite
    ultimo: Any = None
    while time.monotonic() < fin:
        try:
            ultimo = condicion()
            if ultimo:
                return ultimo
        except (requests.RequestException, OSError) as error:
            ultimo = error
        time.sleep(cada)
    raise TimeoutError(f"{que}: no ocurrió en {limite} s (último: {ultimo!r})")


def detener(proceso: subprocess.Popen[Any] | None, espera: float = 10) -> None:
    """SIGTERM al grupo del proceso; SIGKILL si no termina."""
    if proceso is None or proceso.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proceso.pid, signal.SIGTERM)
    try:
        proceso.wait(espera)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proceso.pid, signal.SIGKILL)
        proceso.wait(5)


# --- configurable-http-proxy ------------------------------------------------------------


def proxy_chp() -> Path:
    """La ruta de ``configurable-http-proxy`` (corre ``npm ci`` si hace falta)."""
    binario = AQUI / "node_modules" / ".bin" / "configurable-http-proxy"
    if binario.exists():
        return binario
    if not shutil.which("npm") or not shutil.which("node"):
        faltante(
            "Falta Node/npm para configurable-http-proxy",
            "apt-get install -y nodejs npm (Debian) y repetir",
        )
    r = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=AQUI,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if r.returncode or not binario.exists():
        faltante(
            f"No se pudo instalar configurable-http-proxy con npm ci: {r.stderr[-800:]}",
            f"cd {AQUI} && npm ci",
        )
    return binario


# --- PostgreSQL -----------------------------------------------------------------------


def _binarios_postgres() -> Path | None:
    candidatos = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return candidatos[0].parent if candidatos else None


@dataclass
class Postgres:
    url: str
    carpeta: Path
    proceso_dueno: str | None
    bin: Path

    def detener(self) -> None:
        orden = [str(self.bin / "pg_ctl"), "-D", str(self.carpeta / "datos"), "-m", "fast",
                 "-w", "stop"]  # fmt: skip
        subprocess.run(_como(self.proceso_dueno, orden), capture_output=True, timeout=60)


def _como(usuario: str | None, orden: list[str]) -> list[str]:
    return ["runuser", "-u", usuario, "--", *orden] if usuario else orden


@contextlib.contextmanager
def postgres() -> Iterator[Postgres]:
    """Un clúster de PostgreSQL propio, en una carpeta temporal y un puerto libre."""
    binarios = _binarios_postgres()
    if binarios is None:
        faltante(
            "Falta PostgreSQL (paquete de Debian)",
            "apt-get install -y postgresql (el clúster lo crea la prueba)",
        )
    dueno = None
    if os.geteuid() == 0:
        dueno = "postgres"
        try:
            import pwd

            pwd.getpwnam(dueno)
        except KeyError:
            faltante("No existe el usuario «postgres»", "apt-get install -y postgresql")
    carpeta = Path(tempfile.mkdtemp(prefix="taller-pg-"))
    os.chmod(carpeta, 0o755)
    if dueno:
        shutil.chown(carpeta, dueno, dueno)
    datos = carpeta / "datos"
    puerto = puerto_libre()
    r = subprocess.run(
        _como(dueno, [str(binarios / "initdb"), "-D", str(datos), "-U", "postgres",
                      "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if r.returncode:
        raise RuntimeError(f"initdb falló: {r.stderr}")
    opciones = f"-p {puerto} -k {carpeta} -c listen_addresses=127.0.0.1 -c max_connections=200"
    r = subprocess.run(
        _como(dueno, [str(binarios / "pg_ctl"), "-D", str(datos), "-o", opciones,
                      "-l", str(carpeta / "registro.log"), "-w", "start"]),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if r.returncode:
        registro = (carpeta / "registro.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"pg_ctl start falló: {r.stderr}\n{registro}")
    pg = Postgres(
        url=f"postgresql+psycopg://postgres@127.0.0.1:{puerto}/postgres",
        carpeta=carpeta,
        proceso_dueno=dueno,
        bin=binarios,
    )
    try:
        yield pg
    finally:
        pg.detener()
        shutil.rmtree(carpeta, ignore_errors=True)


def crear_base(pg: Postgres, nombre: str) -> str:
    import psycopg

    with psycopg.connect(pg.url.replace("+psycopg", ""), autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{nombre}"')
        con.execute(f'CREATE DATABASE "{nombre}"')
    return pg.url.rsplit("/", 1)[0] + "/" + nombre


# --- El hub ----------------------------------------------------------------------------


@dataclass
class Hub:
    carpeta: Path
    url: str  # pública, a través del proxy: http://127.0.0.1:PUERTO
    api_url: str  # http://127.0.0.1:PUERTO_API/hub/api
    token_admin: str
    proceso: subprocess.Popen[Any] | None = None
    registro: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def api(self, metodo: str, ruta: str, **kw: Any) -> requests.Response:
        cabeceras = {"Authorization": f"token {self.token_admin}"}
        return requests.request(
            metodo, f"{self.url}/hub/api{ruta}", headers=cabeceras, timeout=30, **kw
        )

    def token(self, usuario: str, **kw: Any) -> str:
        r = self.api("POST", f"/users/{usuario}/tokens", json={"note": "pruebas", **kw})
        assert r.status_code == 201, r.text
        return r.json()["token"]

    def ultimas_lineas(self, n: int = 60) -> str:
        if not self.registro or not self.registro.exists():
            return ""
        return "\n".join(self.registro.read_text(errors="replace").splitlines()[-n:])


def python_del_hub() -> str:
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        faltante("Falta jupyterhub en este entorno", 'pip install -e ".[test]"')
    return sys.executable


@contextlib.contextmanager
def hub(
    config_extra: str, carpeta: Path, *, al_arrancar: Callable[[Hub], None] | None = None
) -> Iterator[Hub]:
    """Arranca un JupyterHub real con configurable-http-proxy y ``config_extra``.

    ``al_arrancar(hub)`` corre justo después de lanzar el hub, antes de esperarlo (p. ej.
    para arrancar un servicio externo: el hub espera hasta 30 s a que responda)."""
    chp = proxy_chp()
    python = python_del_hub()
    puerto = puerto_libre()
    puerto_api = puerto_libre()
    token_admin = os.urandom(16).hex()
    carpeta.mkdir(parents=True, exist_ok=True)
    os.chmod(carpeta, 0o755)
    config = carpeta / "jupyterhub_config.py"
    config.write_text(
        f"""
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{puerto}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{puerto_api}"
c.ConfigurableHTTPProxy.command = [{str(chp)!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{puerto_libre()}"
c.JupyterHub.db_url = "sqlite:///{carpeta}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{carpeta}/cookie_secret"
c.JupyterHub.log_level = "INFO"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.services = [{{"name": "pruebas-admin", "api_token": {token_admin!r}}}]
c.JupyterHub.load_roles = [{{"name": "admin", "services": ["pruebas-admin"]}}]
{config_extra}
""",
        encoding="utf-8",
    )
    registro = carpeta / "hub.log"
    entorno = {**os.environ, "PYTHONUNBUFFERED": "1"}
    entorno.pop("JUPYTERHUB_API_TOKEN", None)
    with open(registro, "wb") as salida:
        proceso = subprocess.Popen(
            [python, "-m", "jupyterhub", "-f", str(config)],
            cwd=carpeta,
            stdout=salida,
            stderr=subprocess.STDOUT,
            env=entorno,
            start_new_session=True,
        )
    h = Hub(
        carpeta=carpeta,
        url=f"http://127.0.0.1:{puerto}",
        api_url=f"http://127.0.0.1:{puerto_api}/hub/api",
        token_admin=token_admin,
        proceso=proceso,
        registro=registro,
    )
    try:
        if al_arrancar is not None:
            al_arrancar(h)

        def listo() -> bool:
            if proceso.poll() is not None:
                raise RuntimeError(f"El hub terminó al arrancar:\n{h.ultimas_lineas()}")
            return h.api("GET", "/").status_code == 200

        esperar(listo, 60, "arranque del hub")
        yield h
    finally:
        detener(proceso, espera=20)


# --- El servicio del taller (arrancado por la prueba, registrado en el hub) ------------


@dataclass
class Servicio:
    puerto: int
    token: str
    carpeta: Path
    bd: str
    hub: Hub
    proceso: subprocess.Popen[Any] | None = None
    registro: Path | None = None

    @property
    def url_directa(self) -> str:
        return f"http://127.0.0.1:{self.puerto}/services/taller/"

    @property
    def url(self) -> str:  # a través del proxy
        return f"{self.hub.url}/services/taller/"

    def entorno(self) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "JUPYTERHUB_API_TOKEN": self.token,
            "JUPYTERHUB_API_URL": self.hub.api_url,
            "JUPYTERHUB_BASE_URL": "/",
            "JUPYTERHUB_SERVICE_NAME": "taller",
            "JUPYTERHUB_SERVICE_PREFIX": "/services/taller/",
            "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{self.puerto}",
            "JUPYTERHUB_CLIENT_ID": "service-taller",
            "JUPYTERHUB_OAUTH_CALLBACK_URL": "/services/taller/oauth_callback",
            "JUPYTERHUB_OAUTH_ACCESS_SCOPES": json.dumps(
                ["access:services!service=taller", "access:services"]
            ),
            "JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES": json.dumps(["custom:taller:leer"]),
            "JUPYTERHUB_HOST": "",
            "TALLER_SERVICIO_BD": self.bd,
        }

    def arrancar(self) -> None:
        self.registro = self.carpeta / "servicio.log"
        with open(self.registro, "ab") as salida:
            self.proceso = subprocess.Popen(
                [sys.executable, "-m", "taller.servicio", "--carpeta", str(self.carpeta)],
                cwd=self.carpeta,
                stdout=salida,
                stderr=subprocess.STDOUT,
                env=self.entorno(),
                start_new_session=True,
            )

        def listo() -> bool:
            if self.proceso.poll() is not None:
                raise RuntimeError(f"El servicio terminó al arrancar:\n{self.ultimas_lineas()}")
            return requests.get(self.url_directa + "api/salud", timeout=5).status_code == 200

        esperar(listo, 60, "arranque del servicio")

    def matar(self) -> None:
        """SIGKILL: como un corte, sin oportunidad de terminar nada."""
        assert self.proceso is not None
        os.killpg(self.proceso.pid, signal.SIGKILL)
        self.proceso.wait(10)

    def detener(self) -> None:
        detener(self.proceso)

    def ultimas_lineas(self, n: int = 60) -> str:
        if not self.registro or not self.registro.exists():
            return ""
        return "\n".join(self.registro.read_text(errors="replace").splitlines()[-n:])


def config_servicio_externo(
    puerto: int, token: str, facilitacion: list[str], preparar: str = ""
) -> str:
    """Configuración del hub con el servicio del taller arrancado por fuera del hub (la
    prueba lo arranca, lo mata y lo vuelve a arrancar)."""
    return f"""
from taller.servicio.configuracion import OpcionesHub, aplicar
aplicar(c, OpcionesHub(puerto={puerto}, gestionado=False, api_token={token!r},
                       facilitacion={facilitacion!r}, preparar_carpeta={preparar!r}))
"""


# --- Usuarios Unix y un entorno que pueden leer ----------------------------------------


def crear_usuario(nombre: str) -> None:
    import pwd

    try:
        pwd.getpwnam(nombre)
    except KeyError:
        subprocess.run(["useradd", "-m", "-s", "/bin/bash", nombre], check=True)


def borrar_usuario(nombre: str) -> None:
    """Termina (por pid) los procesos que quedaron de ese usuario de prueba y lo borra."""
    import pwd

    try:
        uid = pwd.getpwnam(nombre).pw_uid
    except KeyError:
        return
    for entrada in Path("/proc").iterdir():
        if entrada.name.isdigit():
            with contextlib.suppress(OSError):
                if entrada.stat().st_uid == uid:
                    os.kill(int(entrada.name), signal.SIGKILL)
    subprocess.run(["userdel", "-r", "-f", nombre], capture_output=True)


def _legible_por_otros(ruta: Path) -> bool:
    """¿Un usuario cualquiera puede llegar a ``ruta`` y leerla?"""
    ruta = ruta.resolve()
    for parte in (ruta, *ruta.parents):
        modo = parte.stat().st_mode
        if not modo & stat.S_IXOTH or not modo & stat.S_IROTH:
            return False
    return True


def _python_legible(base: Path) -> Path:
    """Un Python de la misma versión que todos pueden leer: el base del entorno, o el de
    Debian (``/usr/bin/python3.X``) si el base está en ``/root`` (pyenv, p. ej.)."""
    if _legible_por_otros(base):
        return base
    debian = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if debian.exists() and _legible_por_otros(debian):
        return debian
    faltante(
        f"El Python base ({base}) no es legible por otros usuarios y no hay {debian}",
        f"apt-get install -y python3.{sys.version_info.minor}-venv, o crear el entorno desde "
        f"{debian}",
    )
    raise AssertionError  # faltante() no vuelve


def entorno_legible() -> tuple[Path, float]:
    """Un Python (entorno virtual) que los usuarios de prueba pueden leer, y cuánto costó.

    Si el entorno actual ya es legible para todos (hecho desde ``/usr/bin/python3.11`` y
    fuera de ``/root``) se usa tal cual (0 s). Si no, se arma uno en
    ``/opt/taller-pruebas-hub``: si su Python base es legible, copiando el entorno
    (``cp -a``); si no (p. ej. pyenv en ``/root``), con ``venv`` desde el Python de Debian
    de la misma versión y copiando sus paquetes (misma ABI). Se copia también el código de
    ``taller`` (y ``datos/`` y ``notebooks/`` de un clon). Medido: 4.5 s para 1.1 GB; se
    reutiliza mientras el entorno original no cambie."""
    inicio = time.monotonic()
    prefijo = Path(sys.prefix)
    base = Path(os.path.realpath(sys.executable))
    import taller

    codigo = Path(taller.__file__).resolve().parent
    forzar = bool(os.environ.get("TALLER_PRUEBAS_COPIAR_ENTORNO"))  # para probar la copia
    if not forzar and all(map(_legible_por_otros, (prefijo, base, codigo))):
        return prefijo, 0.0
    python = _python_legible(base)
    destino = Path("/opt/taller-pruebas-hub")
    venv = destino / "venv"
    marca = destino / ".origen"
    firma = f"2:{prefijo}:{prefijo.stat().st_mtime_ns}:{codigo}:{python}"  # 2: con share/
    if not (marca.exists() and marca.read_text() == firma):
        shutil.rmtree(destino, ignore_errors=True)
        destino.mkdir(parents=True)
        sitio_original = next((prefijo / "lib").glob("python3*/site-packages"))
        if python == base:
            subprocess.run(["cp", "-a", str(prefijo), str(venv)], check=True)
        else:
            subprocess.run([str(python), "-m", "venv", "--without-pip", str(venv)], check=True)
            sitio = next((venv / "lib").glob("python3*/site-packages"))
            subprocess.run(["cp", "-a", f"{sitio_original}/.", str(sitio)], check=True)
            # share/ (JupyterLab, sus extensiones) y etc/ (extensiones del servidor activas).
            for carpeta in ("share", "etc"):
                if (prefijo / carpeta).is_dir():
                    subprocess.run(["cp", "-a", str(prefijo / carpeta), str(venv)], check=True)
            for guion in (prefijo / "bin").iterdir():
                if (
                    guion.is_file()
                    and not guion.is_symlink()
                    and not (venv / "bin" / guion.name).exists()
                ):
                    shutil.copy2(guion, venv / "bin" / guion.name)
        subprocess.run(["cp", "-a", str(codigo.parent), str(destino / "src")], check=True)
        # En un clon (instalación editable), el contenido y los cuadernos están junto a src/.
        for carpeta in ("datos", "notebooks"):
            if (codigo.parent.parent / carpeta).is_dir():
                subprocess.run(
                    ["cp", "-a", str(codigo.parent.parent / carpeta), str(destino / carpeta)],
                    check=True,
                )
        # Los guiones de bin/ (taller, jupyterhub-singleuser...) nombran el Python del
        # entorno original en su primera línea.
        for guion in (venv / "bin").iterdir():
            if guion.is_file() and not guion.is_symlink():
                datos = guion.read_bytes()
                if datos.startswith(b"#!" + str(prefijo).encode()):
                    guion.write_bytes(datos.replace(str(prefijo).encode(), str(venv).encode(), 1))
        sitio = next((venv / "lib").glob("python3*/site-packages"))
        for pth in sitio.glob("__editable__*taller*.pth"):
            pth.write_text(str(destino / "src") + "\n")
        subprocess.run(["chmod", "-R", "a+rX", str(destino)], check=True)
        marca.write_text(firma)
    return venv, time.monotonic() - inicio
