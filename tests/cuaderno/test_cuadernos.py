"""Los cuadernos: sin salidas guardadas, solo ids de ejercicio que existen, uno por módulo,
y las copias de participante y de facilitación."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ayudas import RAIZ
from taller.cli.preparar import ETIQUETA_FACILITACION, copia_participante, preparar_carpeta
from taller.contenido.carga import cargar_contenido

CUADERNOS = sorted((RAIZ / "notebooks").glob("*.ipynb"))
LLAMADA_EJERCICIO = re.compile(r"""taller\.ejercicio\(\s*["']([^"']+)["']""")
LLAMADA_MODULO = re.compile(
    r"""taller\.(?:inicio|notas_facilitacion|encabezado)\(\s*["']([^"']+)["']"""
)
LLAMADA_VIDEO = re.compile(r"""taller\.video\(\s*["']([^"']+)["']""")


def _leer(ruta: Path) -> dict:
    return json.loads(ruta.read_text(encoding="utf-8"))


def _codigo(cuaderno: dict) -> str:
    return "\n".join("".join(c["source"]) for c in cuaderno["cells"] if c["cell_type"] == "code")


@pytest.fixture(scope="module")
def contenido():
    return cargar_contenido()


def test_hay_cuadernos():
    assert len(CUADERNOS) >= 7


@pytest.mark.parametrize("ruta", CUADERNOS, ids=lambda p: p.name)
def test_sin_salidas_ni_contadores(ruta):
    con_salida = [
        i
        for i, c in enumerate(_leer(ruta)["cells"])
        if c.get("outputs") or c.get("execution_count") is not None
    ]
    assert not con_salida, f"{ruta.name}: celdas con salidas guardadas: {con_salida}"


@pytest.mark.parametrize("ruta", CUADERNOS, ids=lambda p: p.name)
def test_referencias_existen(ruta, contenido):
    codigo = _codigo(_leer(ruta))
    for id_ in LLAMADA_EJERCICIO.findall(codigo):
        assert id_ in contenido.ejercicios, f"{ruta.name}: ejercicio desconocido «{id_}»"
    for id_ in LLAMADA_MODULO.findall(codigo):
        assert id_ in contenido.modulos, f"{ruta.name}: módulo desconocido «{id_}»"
    videos = {v.id for m in contenido.modulos.values() for v in m.notas.videos}
    for id_ in LLAMADA_VIDEO.findall(codigo):
        assert id_ in videos, f"{ruta.name}: video desconocido «{id_}»"


@pytest.mark.parametrize("ruta", CUADERNOS, ids=lambda p: p.name)
def test_celdas_de_codigo_ocultas_y_breves(ruta):
    for celda in _leer(ruta)["cells"]:
        if celda["cell_type"] != "code":
            continue
        fuente = "".join(celda["source"])
        assert celda["metadata"].get("jupyter", {}).get("source_hidden"), fuente
        llamadas = [
            linea
            for linea in fuente.splitlines()
            if linea.strip() and not linea.startswith(("import ", "from "))
        ]
        assert len(llamadas) == 1, f"{ruta.name}: una celda debe ser una sola llamada: {fuente!r}"


def test_cada_modulo_tiene_su_cuaderno(contenido):
    nombres = {p.name for p in CUADERNOS}
    for modulo in contenido.modulos.values():
        assert modulo.cuaderno in nombres, f"falta notebooks/{modulo.cuaderno}"
        cuaderno = _leer(RAIZ / "notebooks" / modulo.cuaderno)
        assert f'taller.inicio("{modulo.id}")' in _codigo(cuaderno)


def test_todo_ejercicio_esta_en_algun_cuaderno(contenido):
    usados = set()
    for ruta in CUADERNOS:
        usados |= set(LLAMADA_EJERCICIO.findall(_codigo(_leer(ruta))))
    faltan = sorted(set(contenido.ejercicios) - usados)
    assert not faltan, f"ejercicios que ningún cuaderno muestra: {faltan}"


def test_diapositivas_en_todos_los_cuadernos():
    for ruta in CUADERNOS:
        tipos = [c["metadata"].get("slideshow", {}).get("slide_type") for c in _leer(ruta)["cells"]]
        assert "slide" in tipos, f"{ruta.name} no tiene metadatos de diapositiva"


def test_copia_participante_sin_notas():
    cuaderno = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "Hola"},
            {"cell_type": "code", "metadata": {"tags": [ETIQUETA_FACILITACION]}, "source": "x"},
        ]
    }
    assert [c["source"] for c in copia_participante(cuaderno)["cells"]] == ["Hola"]


def test_preparar_no_sobrescribe(tmp_path):
    prep = preparar_carpeta(tmp_path / "t")
    participante = tmp_path / "t" / "participante" / CUADERNOS[0].name
    assert participante in prep.creados
    original = _leer(participante)
    assert not any(
        ETIQUETA_FACILITACION in c["metadata"].get("tags", []) for c in original["cells"]
    )
    facilitacion = _leer(tmp_path / "t" / "facilitacion" / CUADERNOS[0].name)
    assert any(
        ETIQUETA_FACILITACION in c["metadata"].get("tags", []) for c in facilitacion["cells"]
    )
    participante.write_text('{"trabajo": "de la participante"}', encoding="utf-8")
    otra = preparar_carpeta(tmp_path / "t")
    assert participante in otra.conservados
    assert not otra.creados
    assert participante.read_text(encoding="utf-8") == '{"trabajo": "de la participante"}'
    for nombre in ("buzon", "videos"):
        assert (tmp_path / "t" / nombre).is_dir()
    ajustes = tmp_path / "t" / ".jupyter/lab/user-settings/@jupyterlab/translation-extension"
    assert json.loads((ajustes / "plugin.jupyterlab-settings").read_text())["locale"] == "es_ES"


def test_atajos_de_teclado_no_actuan_dentro_de_los_ejercicios(tmp_path):
    preparar_carpeta(tmp_path / "t")
    ajustes = (
        tmp_path
        / "t"
        / ".jupyter/lab/user-settings/@jupyterlab/shortcuts-extension"
        / "shortcuts.jupyterlab-settings"
    )
    atajos = json.loads(ajustes.read_text(encoding="utf-8"))["shortcuts"]
    desactivados = [a for a in atajos if a.get("disabled")]
    nuevos = [a for a in atajos if not a.get("disabled")]
    comandos = {a["command"] for a in desactivados}
    assert {
        "notebook:delete-cell",
        "notebook:change-cell-to-raw",
        "notebook:move-cursor-down",
    } <= comandos
    assert len(desactivados) == len(nuevos)
    for viejo, nuevo in zip(desactivados, nuevos, strict=True):
        assert nuevo["command"] == viejo["command"] and nuevo["keys"] == viejo["keys"]
        assert nuevo["selector"] == viejo["selector"] + ":not(.jp-OutputArea-output *)"
