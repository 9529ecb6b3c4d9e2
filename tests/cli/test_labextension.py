"""La extensión de JupyterLab ``taller-cejum`` viaja ya construida y se activa donde debe.

Sin navegador: que el paquete traiga la extensión completa, que ``taller abrir`` se la
indique a JupyterLab, que la rueda la instale en ``share/jupyter/labextensions`` y que los
cuadernos pidan lo suyo (la ejecución al abrir y, solo en la copia de quien participa,
ocultar el código). Lo que la extensión hace en la página lo miden las pruebas en
navegador (``tests/navegador/test_navegador_primer_minuto.py``).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from taller.cli.abrir import argumentos_lab, carpeta_extension
from taller.cli.preparar import SOLO_FACILITACION, copia_participante, preparar_carpeta

RAIZ = Path(__file__).resolve().parents[2]
CONSTRUIDA = RAIZ / "src" / "taller" / "labextension" / "taller-cejum"
DESTINO_RUEDA = "share/jupyter/labextensions/taller-cejum"


def _archivos_de_la_construccion() -> list[str]:
    meta = json.loads((CONSTRUIDA / "package.json").read_text(encoding="utf-8"))
    build = meta["jupyterlab"]["_build"]
    return ["package.json", build["load"].removeprefix("./")]


def test_la_extension_viaja_construida_y_completa():
    meta = json.loads((CONSTRUIDA / "package.json").read_text(encoding="utf-8"))
    fuente = json.loads((RAIZ / "labextension" / "package.json").read_text(encoding="utf-8"))
    assert meta["name"] == fuente["name"] == "taller-cejum"
    assert meta["version"] == fuente["version"]
    for relativo in _archivos_de_la_construccion():
        assert (CONSTRUIDA / relativo).is_file(), f"falta {relativo}: reconstruya labextension/"


def test_taller_abrir_le_indica_la_extension_a_jupyterlab(tmp_path: Path):
    assert carpeta_extension() == CONSTRUIDA.parent
    args = argumentos_lab(tmp_path, None, navegador=False, facilitacion=False)
    assert f"--LabApp.extra_labextensions_path={CONSTRUIDA.parent}" in args


def test_los_cuadernos_se_ejecutan_al_abrir_y_solo_la_copia_participante_oculta_codigo(
    tmp_path: Path,
):
    from taller.contenido.recursos import carpeta_cuadernos

    originales = sorted(carpeta_cuadernos().glob("*.ipynb"))
    assert originales
    for original in originales:
        nb = json.loads(original.read_text(encoding="utf-8"))
        assert nb["metadata"].get("taller") == {"autoejecutar": True}, original.name
        if original.name not in SOLO_FACILITACION:
            copia = copia_participante(nb)
            assert copia["metadata"]["taller"] == {"autoejecutar": True, "sin_codigo": True}
            assert "sin_codigo" not in nb["metadata"]["taller"], "se modificó el original"
    prep = preparar_carpeta(tmp_path / "taller")
    for ruta in (prep.carpeta / "participante").glob("*.ipynb"):
        meta = json.loads(ruta.read_text(encoding="utf-8"))["metadata"]["taller"]
        assert meta == {"autoejecutar": True, "sin_codigo": True}, ruta.name
    for ruta in (prep.carpeta / "facilitacion").glob("*.ipynb"):
        meta = json.loads(ruta.read_text(encoding="utf-8"))["metadata"]["taller"]
        assert meta == {"autoejecutar": True}, ruta.name


def test_la_rueda_instala_la_extension_donde_jupyterlab_la_busca(rueda: Path):
    nombres = zipfile.ZipFile(rueda).namelist()
    datos = [n.split(".data/data/", 1)[1] for n in nombres if ".data/data/" in n]
    for relativo in [*_archivos_de_la_construccion(), "install.json"]:
        assert f"{DESTINO_RUEDA}/{relativo}" in datos, relativo
