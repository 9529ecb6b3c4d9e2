"""Entrada hostil en el buzón (issue 15): un registro malicioso o un archivo raro nunca
tumban la lectura, el tablero ni ``importar``; se reportan con archivo y línea.

Con archivos, procesos y una segunda cuenta de Unix de verdad (creada con ``useradd``)
donde importa quién es el dueño de qué.
"""

from __future__ import annotations

import errno
import json
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from taller.buzon import (
    Buzon,
    LecturaIncremental,
    Participante,
    Respuesta,
    importar_buzon,
    preparar_buzon_compartido,
    tabla_registros,
)
from taller.buzon.esquema import MAX_BYTES_ARCHIVO
from taller.buzon.registro import ErrorDelBuzon, leer_archivo

ANA = Participante("a1b2c3", "Ana", "G1")
CUENTA_AJENA = "taller-ajena"
EN_CI = os.environ.get("CI") == "true"


def _registro(**cambios: Any) -> dict[str, Any]:
    base = {
        "v": 1, "uid": "u-hostil", "participante": ANA.id, "alias": ANA.alias,
        "grupo": ANA.grupo, "ejercicio": "m1-ej", "elemento": "", "valor": "La jueza",
        "correcta": True, "intento": 1, "modo": "", "puntaje": None,
        "momento": "2026-11-30T10:00:00.000+00:00",
    }  # fmt: skip
    return base | cambios


def _linea(**cambios: Any) -> bytes:
    return json.dumps(_registro(**cambios), ensure_ascii=False).encode() + b"\n"


def _con_hostil(tmp_path: Path, *hostiles: bytes) -> Buzon:
    """Un buzón con un registro bueno, las líneas hostiles y otro registro bueno."""
    buzon = Buzon(tmp_path / "buzon")
    buzon.registrar(ANA, [Respuesta("m1-ej", "", "La jueza", True, 1)])
    with buzon.archivo_de(ANA.id).open("ab") as archivo:
        for linea in hostiles:
            archivo.write(linea)
    buzon.registrar(ANA, [Respuesta("m1-ej", "", "Una vecina", False, 2)])
    return buzon


def _lecturas_iguales(buzon: Buzon) -> tuple[Any, Any]:
    """``Buzon.leer`` y la lectura del tablero: mismos registros, mismos problemas."""
    lectura = buzon.leer()
    lector = LecturaIncremental(buzon)
    tabla = lector.actualizar()
    assert lector.problemas == lectura.problemas
    assert list(tabla["uid"]) == [r["uid"] for r in lectura.registros]
    return lectura, tabla


# --- 1. JSON anidado miles de niveles ------------------------------------------------------


def test_json_anidado_miles_de_niveles_se_reporta_con_su_linea(tmp_path: Path) -> None:
    hondo = b"[" * 100_000 + b"]" * 100_000
    valor_hondo = _linea(uid="u-hondo").replace(b'"La jueza"', hondo)
    buzon = _con_hostil(tmp_path, hondo + b"\n", valor_hondo)
    lectura, tabla = _lecturas_iguales(buzon)
    assert len(lectura.registros) == len(tabla) == 2
    problemas = {p.linea: p.mensaje for p in lectura.problemas}
    assert set(problemas) == {2, 3}
    assert all("anida más de 16 niveles" in m for m in problemas.values())
    resumen = importar_buzon(buzon.carpeta, tmp_path / "destino")
    assert resumen.nuevos == 2 and len(resumen.problemas) == 2


# --- 2 y 3. Números que no caben en un float ------------------------------------------------


def test_numeros_enormes_en_puntaje_y_en_la_encuesta_se_reportan(tmp_path: Path) -> None:
    from taller.tablero import cifras

    buzon = _con_hostil(
        tmp_path,
        _linea(uid="u-p", puntaje=10**400),
        _linea(uid="u-e", ejercicio="encuesta", elemento="q1", valor=10**400),
        _linea(uid="u-f", ejercicio="encuesta", elemento="q2").replace(b'"La jueza"', b"1e400"),
        _linea(uid="u-l", ejercicio="encuesta", elemento="q3", valor=[1, 2**64]),
    )
    lectura, tabla = _lecturas_iguales(buzon)
    assert len(tabla) == 2
    mensajes = {p.linea: p.mensaje for p in lectura.problemas}
    assert "«puntaje» no es un número" in mensajes[2]
    assert "«valor» tiene un número entero fuera de rango" in mensajes[3]
    assert "número fuera de rango" in mensajes[4]
    assert "«valor» tiene un número entero fuera de rango" in mensajes[5]
    cifras.encuesta(tabla)  # no se cae
    cifras.aciertos_por_ejercicio(tabla)


# --- 4. Un momento que no es fecha -----------------------------------------------------------


def test_un_momento_que_no_es_fecha_se_reporta_al_leer(tmp_path: Path) -> None:
    from taller.tablero import cifras

    buzon = _con_hostil(
        tmp_path,
        _linea(uid="u-1", momento="ayer"),
        _linea(uid="u-2", momento="2026-13-45T99:00:00+00:00"),
        _linea(uid="u-3", momento="2026-11-30T10:00:00"),  # sin zona horaria
        _linea(uid="u-4", momento=1764496800),
    )
    lectura, tabla = _lecturas_iguales(buzon)
    assert [p.linea for p in lectura.problemas] == [2, 3, 4, 5]
    assert all("«momento»" in p.mensaje for p in lectura.problemas)
    assert not tabla["momento"].isna().any()
    fecha = cifras.fechas(tabla).iloc[0]
    assert len(cifras.filtrar(tabla, fecha=fecha)) >= 1  # comparar fechas no falla


# --- 5. Un archivo disperso de 1 TB y la memoria ----------------------------------------------


def test_un_archivo_disperso_de_un_terabyte_se_reporta_sin_leerlo(tmp_path: Path) -> None:
    buzon = _con_hostil(tmp_path)
    enorme = buzon.carpeta / "ffff0001.jsonl"
    enorme.write_bytes(_linea(participante="ffff0001", uid="u-enorme"))
    os.truncate(enorme, 10**12)  # disperso: no ocupa disco
    justo = buzon.carpeta / "ffff0002.jsonl"
    justo.write_bytes(_linea(participante="ffff0002", uid="u-justo"))
    os.truncate(justo, MAX_BYTES_ARCHIVO + 1)
    inicio = time.monotonic()
    lectura, tabla = _lecturas_iguales(buzon)
    assert time.monotonic() - inicio < 10
    assert len(tabla) == 2
    problemas = {p.archivo: p for p in lectura.problemas}
    assert problemas["ffff0001.jsonl"].linea == 0
    assert "mide 1.0 TB" in problemas["ffff0001.jsonl"].mensaje
    assert "no se lee" in problemas["ffff0002.jsonl"].mensaje


def test_sin_memoria_un_archivo_se_reporta_y_lo_demas_se_lee(tmp_path: Path) -> None:
    """Con poca memoria disponible (``RLIMIT_AS`` en otro proceso), leer un archivo grande
    da ``MemoryError``: se reporta ese archivo y se leen los demás."""
    resource = pytest.importorskip("resource")
    buzon = _con_hostil(tmp_path)
    grande = buzon.carpeta / "ffff0003.jsonl"
    relleno = _linea(participante="ffff0003", uid="u-g", valor="x" * 200_000)
    with grande.open("wb") as archivo:
        for _ in range(MAX_BYTES_ARCHIVO // len(relleno)):
            archivo.write(relleno)
    calentar = _con_hostil(tmp_path / "calentar")
    codigo = f"""
import resource, sys
from taller.buzon import Buzon, LecturaIncremental
LecturaIncremental(Buzon({str(calentar.carpeta)!r})).actualizar()  # importa todo antes
suave, duro = resource.getrlimit(resource.RLIMIT_AS)
uso = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (uso + 40 * 2**20, duro))
lector = LecturaIncremental(Buzon({str(buzon.carpeta)!r}))
tabla = lector.actualizar()
print(len(tabla), [str(p) for p in lector.problemas])
"""
    if not Path("/proc/self/statm").exists():
        pytest.skip("sin /proc no se mide la memoria del proceso")
    del resource
    salida = subprocess.run(
        [sys.executable, "-c", codigo], capture_output=True, text=True, timeout=120
    )
    assert salida.returncode == 0, salida.stderr
    assert salida.stdout.startswith("2 ")
    assert "ffff0003.jsonl:0: no hay memoria para leerlo" in salida.stdout


# --- 8. Enlaces, FIFOs y dispositivos, con otra cuenta de verdad ----------------------------


@pytest.fixture(scope="module")
def cuenta_ajena() -> pwd.struct_passwd:
    """Una segunda cuenta de Unix (sin privilegios) para plantar cosas en el buzón."""
    if os.name != "posix" or os.geteuid() != 0:
        motivo = "hace falta ser root para crear la segunda cuenta (useradd) y cambiar a ella"
        if EN_CI:
            pytest.fail(f"En CI estas pruebas deben correr: {motivo}")
        pytest.skip(motivo)
    try:
        return pwd.getpwnam(CUENTA_AJENA)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
             CUENTA_AJENA],
            check=True,
        )  # fmt: skip
        return pwd.getpwnam(CUENTA_AJENA)


@pytest.fixture
def base() -> Iterator[Path]:
    """Una carpeta atravesable por la otra cuenta (``tmp_path`` cuelga de una de root 700)."""
    carpeta = Path(tempfile.mkdtemp(prefix="taller-hostil-"))
    os.chmod(carpeta, 0o755)
    yield carpeta
    shutil.rmtree(carpeta, ignore_errors=True)


def _como(cuenta: pwd.struct_passwd, funcion: Callable[[], str]) -> str:
    """Corre ``funcion`` en un proceso hijo que deja de ser root y es ``cuenta``."""
    lectura, escritura = os.pipe()
    pid = os.fork()
    if pid == 0:  # hijo
        resultado = ""
        try:
            os.close(lectura)
            os.setgroups([])
            os.setgid(cuenta.pw_gid)
            os.setuid(cuenta.pw_uid)
            resultado = funcion()
        except BaseException as error:  # el padre es quien falla
            resultado = f"error: {type(error).__name__}: {error}"
        finally:
            os.write(escritura, resultado.encode())
            os._exit(0)
    os.close(escritura)
    with os.fdopen(lectura, "rb") as tubo:
        salida = tubo.read().decode()
    os.waitpid(pid, 0)
    return salida


def _limite(segundos: int) -> None:
    def agotado(*_: object) -> None:
        raise TimeoutError("la lectura se quedó esperando (¿abrió una FIFO?)")

    signal.signal(signal.SIGALRM, agotado)
    signal.alarm(segundos)


def test_enlaces_fifos_y_dispositivos_no_se_siguen_ni_se_leen(
    cuenta_ajena: pwd.struct_passwd, base: Path
) -> None:
    carpeta = preparar_buzon_compartido(base / "buzon")
    buzon = Buzon(carpeta)
    buzon.registrar(ANA, [Respuesta("m1-ej", "", "La jueza", True, 1)])
    # Un archivo solo de root, fuera del buzón, con un registro que parece válido.
    secreto = base / "secreto.jsonl"
    secreto.write_bytes(_linea(participante="intrusa", uid="u-secreto") * 7)
    os.chmod(secreto, 0o600)

    def plantar() -> str:
        os.symlink(secreto, carpeta / "intrusa.jsonl")
        os.mkfifo(carpeta / "tubo.jsonl", 0o622)
        return "plantado"

    assert _como(cuenta_ajena, plantar) == "plantado"
    os.mknod(carpeta / "disp.jsonl", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero
    os.link(secreto, carpeta / "duro.jsonl")  # otro nombre del mismo archivo
    assert os.lstat(carpeta / "intrusa.jsonl").st_uid == cuenta_ajena.pw_uid

    _limite(20)
    try:
        lectura, tabla = _lecturas_iguales(buzon)
        resumen = importar_buzon(carpeta, base / "destino")
    finally:
        signal.alarm(0)
    assert list(tabla["participante"]) == [ANA.id]
    problemas = {p.archivo: p.mensaje for p in lectura.problemas}
    assert problemas["intrusa.jsonl"].startswith("es un enlace simbólico")
    assert problemas["tubo.jsonl"].startswith("no es un archivo normal")
    assert problemas["disp.jsonl"].startswith("no es un archivo normal")
    assert problemas["duro.jsonl"].startswith("tiene otro nombre fuera del buzón")
    assert all(p.linea == 0 for p in lectura.problemas)  # nada de contar líneas del secreto
    assert (resumen.leidos, resumen.nuevos) == (1, 1)
    assert sorted(p.name for p in (base / "destino").iterdir()) == [f"{ANA.id}.jsonl"]
    # Quien pide su propio archivo y es un enlace: error claro, sin seguirlo.
    with pytest.raises(ErrorDelBuzon, match="es un enlace simbólico"):
        buzon.del_participante("intrusa")
    with pytest.raises(OSError) as error:
        leer_archivo(carpeta / "intrusa.jsonl")  # O_NOFOLLOW aunque no se revise antes
    assert error.value.errno == errno.ELOOP


# --- 12. Sin permiso: mensajes en español con la ruta, sin traza -----------------------------


def test_importar_a_un_buzon_sin_permiso_lo_dice_en_espanol(
    cuenta_ajena: pwd.struct_passwd, base: Path
) -> None:
    origen = base / "origen"
    Buzon(origen).registrar(ANA, [Respuesta("m1-ej", "", "La jueza", True, 1)])
    os.chmod(origen, 0o755)
    os.chmod(origen / f"{ANA.id}.jsonl", 0o644)
    destino = base / "destino"
    destino.mkdir(mode=0o755)  # de root: la otra cuenta no puede escribir

    def importar() -> str:
        try:
            importar_buzon(origen, destino)
        except ErrorDelBuzon as error:
            return str(error)
        return "importó"

    mensaje = _como(cuenta_ajena, importar)
    assert mensaje.startswith(f"No se pudo guardar la respuesta en «{destino / ANA.id}.jsonl»")
    assert "no tiene permiso" in mensaje and "TALLER_BUZON" in mensaje


def test_compartir_un_buzon_en_una_ruta_inalcanzable_lo_dice_en_espanol(
    cuenta_ajena: pwd.struct_passwd, base: Path
) -> None:
    privada = base / "privada"
    privada.mkdir(mode=0o700)  # de root
    ruta = privada / "taller" / "buzon"

    def compartir() -> str:
        try:
            preparar_buzon_compartido(ruta)
        except ErrorDelBuzon as error:
            return str(error)
        return "creó"

    mensaje = _como(cuenta_ajena, compartir)
    assert mensaje.startswith(f"No se pudo preparar el buzón compartido en «{ruta}»")
    assert "no tiene permiso" in mensaje


# --- 13. Disco lleno: en español, y nada a medias --------------------------------------------


@pytest.fixture
def disco_lleno(base: Path) -> Iterator[Path]:
    """Un disco de verdad de 64 KB (tmpfs) para llenarlo."""
    if os.name != "posix" or os.geteuid() != 0:
        motivo = "hace falta ser root para montar un disco pequeño (tmpfs)"
        if EN_CI:
            pytest.fail(f"En CI esta prueba debe correr: {motivo}")
        pytest.skip(motivo)
    punto = base / "lleno"
    punto.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(punto)], check=True)
    try:
        yield punto
    finally:
        subprocess.run(["umount", str(punto)], check=False)


def test_con_el_disco_lleno_el_error_es_en_espanol_y_no_queda_nada_a_medias(
    disco_lleno: Path,
) -> None:
    buzon = Buzon(disco_lleno / "buzon")
    guardadas = 0
    with pytest.raises(ErrorDelBuzon) as error:
        for i in range(1000):
            buzon.registrar(ANA, [Respuesta("m9-reflexion", "", "texto " * 500, None, i + 1)])
            guardadas += 1
    assert error.value.errno == errno.ENOSPC
    assert str(error.value).startswith(f"No se pudo guardar la respuesta en «{buzon.carpeta}")
    assert "no queda espacio en el disco" in str(error.value)
    assert "No space left" not in str(error.value)
    lectura = buzon.leer()
    assert len(lectura.registros) == guardadas > 0
    assert lectura.problemas == []  # la línea que no cupo no quedó a medias
    assert len(tabla_registros(lectura)) == guardadas
