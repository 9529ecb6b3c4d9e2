"""Cuando un archivo o una carpeta falla, cada orden ``taller`` dice en español la ruta, qué
pasó y qué hacer, y termina con un código distinto de 0, sin traceback.

Las fallas son reales:
- una carpeta sin permiso de escritura, para una cuenta local sin privilegios creada aquí
  con ``useradd`` (root se salta los permisos, así que la orden corre como esa cuenta con
  ``runuser``);
- un disco lleno de verdad: un ``tmpfs`` de 64 KiB montado por la prueba y rellenado.

Necesitan root (para crear la cuenta y montar). Sin root, fuera de CI se saltan diciendo
cómo correrlas; con ``CI`` definido, fallan.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ayudas import DATOS_EJEMPLO
from taller.buzon.registro import Buzon, Participante, Respuesta

EN_CI = bool(os.environ.get("CI"))
TALLER = Path(sys.executable).with_name("taller")
SIN_PERMISO = "su cuenta no tiene permiso"
DISCO_LLENO = "no queda espacio en el disco"


def _sin_lo_necesario(motivo: str) -> None:
    texto = (
        f"{motivo}. Para correr estas pruebas: como root, "
        f"{sys.executable} -m pytest {Path(__file__).relative_to(Path.cwd().resolve())}"
        if Path(__file__).is_relative_to(Path.cwd().resolve())
        else f"{motivo}. Corra estas pruebas como root."
    )
    if EN_CI:
        pytest.fail(texto, pytrace=False)
    pytest.skip(texto)


def _exigir_root() -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        _sin_lo_necesario(
            "Se necesita root para crear una cuenta local de prueba y montar un disco pequeño"
        )


@dataclass(frozen=True)
class Cuenta:
    nombre: str
    uid: int
    gid: int


@pytest.fixture(scope="module")
def cuenta() -> Iterator[Cuenta]:
    """Una cuenta local real sin privilegios (``useradd``), borrada al terminar."""
    _exigir_root()
    if not shutil.which("useradd") or not shutil.which("runuser"):
        _sin_lo_necesario("Faltan useradd o runuser (paquetes passwd y util-linux de Debian)")
    import pwd

    nombre = f"taller-cli-{os.getpid()}"
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", nombre],
        check=True,
        capture_output=True,
    )
    try:
        datos = pwd.getpwnam(nombre)
        # La cuenta corre el Python de este entorno: tiene que poder leerlo.
        prueba = subprocess.run(
            ["runuser", "-u", nombre, "--", sys.executable, "-c", "import taller.cli"],
            capture_output=True,
            text=True,
            cwd="/",
        )
        if prueba.returncode:
            _sin_lo_necesario(
                f"Una cuenta sin privilegios no puede usar el Python de {sys.prefix} "
                f"({prueba.stderr.strip()[-300:]}); el entorno y el código deben ser legibles "
                "por todas las cuentas (clone el repositorio fuera de /root, por ejemplo en /opt)"
            )
        yield Cuenta(nombre, datos.pw_uid, datos.pw_gid)
    finally:
        subprocess.run(["userdel", "--force", nombre], capture_output=True)


@pytest.fixture
def base() -> Iterator[Path]:
    """Una carpeta temporal a la que cualquier cuenta puede llegar (la de pytest es 700)."""
    carpeta = Path(tempfile.mkdtemp(prefix="taller-errores-", dir="/tmp"))
    carpeta.chmod(0o755)
    try:
        yield carpeta
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)


def _taller(*args: str | Path, como: Cuenta | None, casa: Path) -> subprocess.CompletedProcess[str]:
    """Corre la orden ``taller`` instalada, como ``como`` (o como quien corre la prueba)."""
    assert TALLER.exists(), f"no está la orden taller junto a {sys.executable}"
    entorno = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(casa),
        "MPLCONFIGDIR": str(casa / ".matplotlib"),
        "LANG": "C.UTF-8",
    }
    orden = [str(TALLER), *map(str, args)]
    if como is not None:
        orden = ["runuser", "-u", como.nombre, "--", *orden]
    return subprocess.run(orden, env=entorno, capture_output=True, text=True, timeout=300)


def _casa(base: Path, cuenta: Cuenta | None) -> Path:
    casa = base / "casa"
    casa.mkdir()
    if cuenta is not None:
        os.chown(casa, cuenta.uid, cuenta.gid)
    return casa


def _buzon_con_respuestas(carpeta: Path, duena: Cuenta | None = None) -> Path:
    Buzon(carpeta).registrar(
        Participante("p1", "Jacaranda", "G1"),
        [Respuesta("m1-quien-es-servidora-publica", "", "Sí", True, 1)],
    )
    if duena is not None:
        for ruta in (carpeta, *carpeta.iterdir()):
            os.chown(ruta, duena.uid, duena.gid)
    return carpeta


def _solo_root(carpeta: Path, modo: int = 0o755) -> Path:
    """Una carpeta de root: las demás cuentas pueden entrar (755) pero no escribir."""
    carpeta.mkdir()
    carpeta.chmod(modo)
    return carpeta


def _dice_ruta_y_que_hacer(
    resultado: subprocess.CompletedProcess[str], ruta: Path, motivo: str
) -> None:
    assert resultado.returncode != 0, resultado
    assert "Traceback" not in resultado.stderr + resultado.stdout, resultado.stderr
    error = resultado.stderr
    assert error.startswith("taller: No se pudo "), error
    assert f"«{ruta}" in error, error
    assert motivo in error, error
    assert "Errno" not in error and "No space left" not in error, error


# --- Una carpeta sin permiso, para una cuenta sin privilegios -------------------------------


def test_informe_en_una_carpeta_sin_permiso(cuenta: Cuenta, base: Path) -> None:
    buzon = _buzon_con_respuestas(base / "buzon", duena=cuenta)
    destino = _solo_root(base / "de-root") / "informe"
    resultado = _taller(
        "informe", destino, "--grupo", "G1", "--buzon", buzon, "--taller", base / "taller",
        como=cuenta, casa=_casa(base, cuenta),
    )  # fmt: skip
    _dice_ruta_y_que_hacer(resultado, destino, SIN_PERMISO)
    assert "No se pudo escribir el informe" in resultado.stderr
    assert "taller informe OTRA_CARPETA" in resultado.stderr
    assert not destino.exists()


def test_importar_a_un_buzon_sin_permiso(cuenta: Cuenta, base: Path) -> None:
    origen = _buzon_con_respuestas(base / "usb", duena=cuenta)
    destino = _solo_root(base / "buzon-de-root")
    resultado = _taller(
        "buzon", "importar", origen, "--buzon", destino,
        como=cuenta, casa=_casa(base, cuenta),
    )  # fmt: skip
    _dice_ruta_y_que_hacer(resultado, destino, SIN_PERMISO)
    assert f"No se pudo importar «{origen}» en el buzón" in resultado.stderr
    assert "no lo duplica" in resultado.stderr
    assert list(destino.iterdir()) == []


def test_compartir_en_una_ruta_a_la_que_no_se_llega(cuenta: Cuenta, base: Path) -> None:
    cerrada = _solo_root(base / "cerrada", modo=0o700)
    ruta = cerrada / "buzon"
    resultado = _taller("buzon", "compartir", ruta, como=cuenta, casa=_casa(base, cuenta))
    _dice_ruta_y_que_hacer(resultado, ruta, SIN_PERMISO)
    assert "No se pudo preparar el buzón compartido" in resultado.stderr
    assert not ruta.exists()


def test_preparar_en_una_carpeta_sin_permiso(cuenta: Cuenta, base: Path) -> None:
    carpeta = _solo_root(base / "de-root") / "taller"
    resultado = _taller("preparar", carpeta, como=cuenta, casa=_casa(base, cuenta))
    _dice_ruta_y_que_hacer(resultado, carpeta, SIN_PERMISO)
    assert "taller preparar OTRA_CARPETA" in resultado.stderr


def test_asistencia_en_un_taller_sin_permiso(cuenta: Cuenta, base: Path) -> None:
    buzon = _buzon_con_respuestas(base / "buzon", duena=cuenta)
    taller = _solo_root(base / "taller-de-root")
    resultado = _taller(
        "asistencia", "--alias", "Jacaranda", "--grupo", "G1", "--nombre", "María López",
        "--taller", taller, "--buzon", buzon, como=cuenta, casa=_casa(base, cuenta),
    )  # fmt: skip
    _dice_ruta_y_que_hacer(resultado, taller / "privado", SIN_PERMISO)
    assert "No se pudo anotar la asistencia" in resultado.stderr
    assert not (taller / "privado").exists()


def test_validar_un_archivo_de_datos_que_la_cuenta_no_puede_leer(
    cuenta: Cuenta, base: Path
) -> None:
    datos = Path(shutil.copytree(DATOS_EJEMPLO, base / "datos"))
    datos.chmod(0o755)
    cerrado = datos / "glosario.csv"
    cerrado.chmod(0o600)  # de root
    resultado = _taller("validar", "--datos", datos, como=cuenta, casa=_casa(base, cuenta))
    assert resultado.returncode == 1, resultado
    assert "Traceback" not in resultado.stderr + resultado.stdout
    assert resultado.stdout == (
        f"{datos.as_posix()}/glosario.csv:0: archivo: se esperaba un archivo de texto legible "
        f"y no se pudo leer: {SIN_PERMISO}; pida permiso a quien administra el equipo o use "
        "otra ruta\n"
    )


# --- Un disco lleno de verdad ------------------------------------------------------------


@pytest.fixture
def disco_lleno(base: Path) -> Iterator[Path]:
    """Un ``tmpfs`` de 64 KiB montado aquí y rellenado hasta que el sistema dice ENOSPC."""
    _exigir_root()
    punto = base / "disco"
    punto.mkdir()
    montado = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=755", "tmpfs", str(punto)],
        capture_output=True,
        text=True,
    )
    if montado.returncode:
        _sin_lo_necesario(f"No se pudo montar un tmpfs: {montado.stderr.strip()}")
    try:
        yield punto
    finally:
        subprocess.run(["umount", "--lazy", str(punto)], capture_output=True)


def _llenar(disco: Path) -> None:
    fd = os.open(disco / "relleno", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):  # hasta ENOSPC
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    libre = shutil.disk_usage(disco).free
    assert libre < 4096, libre


def test_informe_en_un_disco_lleno(base: Path, disco_lleno: Path) -> None:
    buzon = _buzon_con_respuestas(base / "buzon")
    _llenar(disco_lleno)
    destino = disco_lleno / "informe"
    resultado = _taller(
        "informe", destino, "--grupo", "G1", "--buzon", buzon, "--taller", base / "taller",
        como=None, casa=_casa(base, None),
    )  # fmt: skip
    _dice_ruta_y_que_hacer(resultado, destino, DISCO_LLENO)
    assert "No se pudo escribir el informe" in resultado.stderr


def test_importar_a_un_buzon_en_un_disco_lleno_conserva_lo_anterior(
    base: Path, disco_lleno: Path
) -> None:
    destino = disco_lleno / "buzon"
    Buzon(destino).registrar(
        Participante("antes", "Ceiba", "G1"),
        [Respuesta("m1-quien-es-servidora-publica", "", "No", False, 1)],
    )
    origen = base / "usb"
    Buzon(origen).registrar(
        Participante("p1", "Jacaranda", "G1"),
        [Respuesta("m6-compromisos", "", "x" * 20_000, None, i) for i in range(1, 4)],
    )
    _llenar(disco_lleno)
    resultado = _taller(
        "buzon", "importar", origen, "--buzon", destino, como=None, casa=_casa(base, None)
    )
    _dice_ruta_y_que_hacer(resultado, destino, DISCO_LLENO)
    (disco_lleno / "relleno").unlink()
    anteriores = [r for r in Buzon(destino).leer().registros if r["participante"] == "antes"]
    assert [r["valor"] for r in anteriores] == ["No"]
