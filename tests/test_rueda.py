"""La rueda (wheel) lleva datos/ y notebooks/, y `taller` los encuentra instalado así."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def test_la_rueda_lleva_datos_y_cuadernos(rueda: Path):
    nombres = zipfile.ZipFile(rueda).namelist()
    datos = sorted(RAIZ.joinpath("datos").rglob("*.*"))
    cuadernos = sorted(RAIZ.joinpath("notebooks").glob("*.ipynb"))
    for archivo in [*datos, *cuadernos]:
        relativo = archivo.relative_to(RAIZ).as_posix()
        assert f"taller/_recursos/{relativo}" in nombres, relativo


def test_instalada_desde_la_rueda_valida_su_contenido(rueda: Path, tmp_path: Path):
    instalada = tmp_path / "sitio"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(instalada),
            str(rueda),
        ],
        check=True,
        capture_output=True,
    )
    entorno = {**os.environ, "PYTHONPATH": str(instalada)}
    entorno.pop("TALLER_DATOS", None)
    resultado = subprocess.run(
        [
            sys.executable,
            "-c",
            "import taller.contenido.recursos as r, taller.cli.principal as c;"
            "print(r.carpeta_datos()); raise SystemExit(c.main(['validar']))",
        ],
        cwd=tmp_path,
        env=entorno,
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    primera, segunda = resultado.stdout.splitlines()[:2]
    assert Path(primera) == instalada / "taller" / "_recursos" / "datos"
    assert segunda.startswith("Contenido válido en ")
