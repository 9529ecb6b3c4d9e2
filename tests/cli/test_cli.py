"""La orden ``taller validar``: códigos de salida y formato ``ruta:línea: campo: mensaje``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ayudas import PRUEBAS
from taller.cli.principal import main

AQUI = PRUEBAS
EJEMPLO = AQUI / "datos-ejemplo"
ROTO = AQUI / "datos-rotos" / "ejercicios" / "opcion-unica-con-dos-correctas.yaml"
TALLER = Path(sys.executable).with_name("taller")


@pytest.fixture
def rota(tmp_path: Path) -> Path:
    """Una copia de datos-ejemplo/ con un ejercicio roto y un fuentes.csv sin una columna."""
    carpeta = Path(shutil.copytree(EJEMPLO, tmp_path / "datos"))
    shutil.copyfile(ROTO, carpeta / "ejercicios" / ROTO.name)
    shutil.copyfile(
        AQUI / "datos-rotos" / "fuentes" / "csv-sin-columna-fecha.csv", carpeta / "fuentes.csv"
    )
    return carpeta


def test_validar_contenido_bueno(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validar", "--datos", str(EJEMPLO)]) == 0
    salida = capsys.readouterr().out.strip().splitlines()
    assert len(salida) == 1
    assert salida[0].startswith("Contenido válido en ")
    assert "1 módulos, 2 valores, 9 ejercicios" in salida[0]


def test_validar_contenido_roto(rota: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validar", "--datos", str(rota)]) == 1
    salida = capsys.readouterr()
    lineas = salida.out.splitlines()
    base = rota.as_posix()
    assert (
        f"{base}/ejercicios/{ROTO.name}:10: rota-dos-correctas.opciones: una pregunta de "
        "selección única necesita exactamente una opción" in salida.out
    )
    assert f"{base}/fuentes.csv:1: fecha_consulta: falta la columna «fecha_consulta»" in salida.out
    for linea in lineas:
        assert re.match(rf"{re.escape(base)}/\S+:\d+: \S+: .+", linea), linea
    assert re.search(r"^\d+ problemas en el contenido\.$", salida.err.strip())


def test_variable_de_entorno_taller_datos(
    rota: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TALLER_DATOS", str(EJEMPLO))
    assert main(["validar"]) == 0
    monkeypatch.setenv("TALLER_DATOS", str(rota))
    assert main(["validar"]) == 1
    assert "rota-dos-correctas.opciones" in capsys.readouterr().out
    assert main(["validar", "--datos", str(EJEMPLO)]) == 0  # --datos gana a la variable


def test_validar_carpeta_que_no_existe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validar", "--datos", str(tmp_path / "no-hay")]) == 1
    assert "carpeta: se esperaba una carpeta" in capsys.readouterr().out


def _taller(*args: str, datos: Path | None = None) -> subprocess.CompletedProcess[str]:
    entorno = {k: v for k, v in os.environ.items() if k != "TALLER_DATOS"}
    if datos is not None:
        entorno["TALLER_DATOS"] = str(datos)
    return subprocess.run(
        [str(TALLER), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=entorno,
        check=False,
        timeout=60,
    )


def test_orden_instalada_sin_traceback(rota: Path) -> None:
    roto = _taller("validar", "--datos", str(rota))
    assert roto.returncode == 1
    assert "Traceback" not in roto.stdout + roto.stderr
    assert f"/ejercicios/{ROTO.name}:10: rota-dos-correctas.opciones: " in roto.stdout
    bueno = _taller("validar", datos=EJEMPLO)
    assert bueno.returncode == 0, bueno.stdout + bueno.stderr
    assert bueno.stdout.startswith("Contenido válido en ")


def test_ayuda_en_espanol(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as salida:
        main(["--help"])
    assert salida.value.code == 0
    ayuda = capsys.readouterr().out
    assert "El Servicio Público y los Derechos Humanos" in ayuda
    assert "validar" in ayuda
    assert "ruta:línea: campo: mensaje" in ayuda
    with pytest.raises(SystemExit):
        main(["validar", "--help"])
    assert "TALLER_DATOS" in capsys.readouterr().out
