"""El candado del buzón con otro proceso de verdad: tiempo máximo real y candados
compartidos para leer."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from taller.buzon import Buzon, BuzonOcupado, Participante, Respuesta

pytestmark = pytest.mark.skipif(os.name != "posix", reason="el otro proceso usa fcntl.flock")

ANA = Participante("a1b2c3", "Ana", "G1")

_RETENER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_SH if sys.argv[2] == "compartido" else fcntl.LOCK_EX)
print("listo", flush=True)
time.sleep(60)
"""


def _retener(ruta: Path, tipo: str) -> Iterator[subprocess.Popen[str]]:
    proceso = subprocess.Popen(
        [sys.executable, "-c", _RETENER, str(ruta), tipo], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proceso.stdout is not None
        assert proceso.stdout.readline().strip() == "listo"
        yield proceso
    finally:
        proceso.kill()
        proceso.wait()


@pytest.fixture
def buzon(tmp_path: Path) -> Buzon:
    buzon = Buzon(tmp_path / "buzon", espera_maxima=0.5)
    buzon.registrar(ANA, [Respuesta("m1-ej", "", "La jueza", True, 1)])
    return buzon


def test_un_candado_retenido_da_buzon_ocupado_en_espanol_a_tiempo(buzon: Buzon) -> None:
    ruta = buzon.archivo_de(ANA.id)
    for _ in _retener(ruta, "exclusivo"):
        inicio = time.monotonic()
        with pytest.raises(BuzonOcupado) as error:
            buzon.registrar(ANA, [Respuesta("m1-ej", "", "Una vecina", False, 2)])
        espera = time.monotonic() - inicio
        assert 0.5 <= espera < 2.0
        assert "«a1b2c3.jsonl» está ocupado por otro proceso" in str(error.value)
        assert "vuelva a intentarlo" in str(error.value)
        # Quien lee también espera a lo más ``espera_maxima`` y lo reporta como problema.
        inicio = time.monotonic()
        lectura = buzon.leer()
        assert time.monotonic() - inicio < 2.0
        assert lectura.registros == []
        assert [(p.archivo, p.linea) for p in lectura.problemas] == [("a1b2c3.jsonl", 0)]
        assert "ocupado por otro proceso" in lectura.problemas[0].mensaje
    # Al soltarlo, se escribe y no se perdió nada.
    buzon.registrar(ANA, [Respuesta("m1-ej", "", "Una vecina", False, 2)])
    assert [r["intento"] for r in buzon.del_participante(ANA.id)] == [1, 2]


def test_quien_lee_toma_un_candado_compartido(buzon: Buzon) -> None:
    """Otro lector (candado compartido) no detiene a quien lee, pero sí a quien escribe."""
    ruta = buzon.archivo_de(ANA.id)
    for _ in _retener(ruta, "compartido"):
        assert len(buzon.del_participante(ANA.id)) == 1
        assert len(buzon.leer().registros) == 1
        with pytest.raises(BuzonOcupado):
            buzon.registrar(ANA, [Respuesta("m1-ej", "", "Una vecina", False, 2)])


_ESCRIBIR = """
import sys
from taller.buzon import Buzon, Participante, Respuesta
buzon = Buzon(sys.argv[1])
persona = Participante(sys.argv[2], "Ana", "G1")
for i in range(int(sys.argv[3])):
    buzon.registrar(persona, [Respuesta("m9-reflexion", "", "texto largo " * 200, None, i + 1)])
"""


def test_el_tablero_lee_mientras_otros_escriben_sin_perder_ni_inventar(tmp_path: Path) -> None:
    """Dos procesos escriben sin parar mientras el tablero actualiza: nunca ve una línea a
    medias como problema, y al final tiene todo."""
    from taller.buzon import LecturaIncremental

    carpeta = tmp_path / "buzon"
    escritores = [
        subprocess.Popen([sys.executable, "-c", _ESCRIBIR, str(carpeta), id_, "300"])
        for id_ in ("aaaa0001", "bbbb0002")
    ]
    lector = LecturaIncremental(carpeta)
    vistas = []
    while any(p.poll() is None for p in escritores):
        vistas.append(len(lector.actualizar()))
        assert lector.problemas == []
    assert all(p.wait() == 0 for p in escritores)
    assert len(lector.actualizar()) == 600 and lector.problemas == []
    assert vistas == sorted(vistas) and len(vistas) > 1  # fue creciendo mientras escribían
    assert list(lector.tabla["intento"][lector.tabla["participante"] == "aaaa0001"]) == list(
        range(1, 301)
    )
