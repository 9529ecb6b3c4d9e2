"""Las cifras que el informe lleva a la institución, con un buzón pequeño cuya respuesta
correcta se sabe a mano (issue 16, «Wrong figures»).

El taller de prueba (``contenido_de_prueba``) tiene tres módulos con ejercicios propios:
m1 (``m1-quien``), m2 (``m2-valores``, ``m2-compromiso``) y m9 (``satisfaccion``); la
``evaluacion`` (módulo m9) pregunta por m1 (e01) y m2 (e02).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ayudas.tablero import contenido_de_prueba
from taller.buzon.identidad import agregar_a_asistencia
from taller.buzon.registro import Buzon, Participante, Respuesta
from taller.tablero import cifras as t
from taller.tablero.informe import constancias, crear_informe

#: Solo las dos evaluaciones y una reflexión (3 de 5 ejercicios): 1 módulo de 3.
SOLO = Participante("aaaa1111", "Solo evaluaciones", "G1")
#: m1 y m2, la final, sin la encuesta (m9): 2 módulos de 3.
SALTA = Participante("bbbb2222", "Salta uno", "G1")
#: Todo: 3 de 3 y la final bien. Cumple, y no está en la lista de asistencia.
COMPLETA = Participante("cccc3333", "Completa", "G1")
OTRA = Participante("dddd4444", "Otra", "G2")
FORMULA = '=HYPERLINK("http://x.example/","clic")'


def _evaluacion(modo: str, e01: str, e02: str) -> list[Respuesta]:
    return [
        Respuesta("evaluacion", "e01", e01, e01 == "Sí", 1, modo, float(e01 == "Sí")),
        Respuesta("evaluacion", "e02", e02, e02 == "A", 1, modo, float(e02 == "A")),
    ]


def _modulos(buzon: Buzon, persona: Participante) -> None:
    buzon.registrar(persona, [Respuesta("m1-quien", "", "La jueza", True, 1)])
    buzon.registrar(
        persona,
        [Respuesta("m2-valores", "0", "Legalidad", True, 1),
         Respuesta("m2-valores", "1", "Honradez", True, 1)],
    )  # fmt: skip


@pytest.fixture
def buzon(tmp_path: Path) -> Buzon:
    buzon = Buzon(tmp_path / "buzon")
    buzon.registrar(SOLO, _evaluacion("diagnostico", "No", "B"))
    buzon.registrar(SOLO, _evaluacion("final", "Sí", "A"))
    buzon.registrar(SOLO, [Respuesta("m2-compromiso", "", FORMULA, None, 1)])
    _modulos(buzon, SALTA)
    buzon.registrar(SALTA, _evaluacion("final", "Sí", "A"))
    buzon.registrar(COMPLETA, _evaluacion("diagnostico", "Sí", "B"))
    _modulos(buzon, COMPLETA)
    buzon.registrar(COMPLETA, [Respuesta("satisfaccion", "q1", 3, None, 1)])
    buzon.registrar(COMPLETA, _evaluacion("final", "Sí", "A"))
    buzon.registrar(OTRA, _evaluacion("final", "No", "B"))
    return buzon


@pytest.fixture
def g1(buzon: Buzon):
    return t.filtrar(t.tabla_registros(buzon.leer()), "G1")


def test_la_evaluacion_no_cuenta_como_actividad_de_un_modulo(g1) -> None:
    lista = constancias(g1, contenido_de_prueba()).set_index("alias")
    # Antes: 100 %, 100 % y 100 % (la evaluación llenaba m1, m2 y m9), y las tres cumplían.
    assert lista.loc["Solo evaluaciones", "modulos"] == pytest.approx(1 / 3)
    assert lista.loc["Salta uno", "modulos"] == pytest.approx(2 / 3)
    assert lista.loc["Completa", "modulos"] == 1.0
    assert lista["evaluacion_final"].tolist() == [1.0, 1.0, 1.0]
    assert lista["cumple"].to_dict() == {
        "Completa": True, "Salta uno": False, "Solo evaluaciones": False,
    }  # fmt: skip


def test_la_participacion_cuenta_los_modulos_propios(g1) -> None:
    personas = t.participacion(g1, contenido=contenido_de_prueba()).set_index("alias")
    assert personas["modulos"].to_dict() == {
        "Completa": 3, "Salta uno": 2, "Solo evaluaciones": 1,
    }  # fmt: skip


def test_diagnostica_y_final_se_cuentan_aparte(g1) -> None:
    dist = t.distribucion_de_opciones(g1, "evaluacion", contenido_de_prueba())
    # En cada modo y pregunta las proporciones suman 100 % (antes, hasta 150 %).
    sumas = dist.groupby(["modo", "elemento"])["proporcion"].sum()
    assert sumas.tolist() == pytest.approx([1.0] * len(sumas))
    e01 = dist[dist["elemento"] == "e01"].set_index(["modo", "valor"])
    assert e01.loc[("diagnostico", "Sí"), ["personas", "responden"]].tolist() == [1, 2]
    assert e01.loc[("diagnostico", "No"), "proporcion"] == 0.5
    assert e01.loc[("final", "Sí"), ["personas", "responden", "proporcion"]].tolist() == [3, 3, 1]
    errores = t.errores_frecuentes(g1, "evaluacion", 3, contenido_de_prueba())
    assert set(zip(errores["modo"], errores["elemento"], errores["valor"], strict=True)) == {
        ("diagnostico", "e01", "No"), ("diagnostico", "e02", "B"),
    }  # fmt: skip


def test_la_evaluacion_pregunta_por_pregunta_lado_a_lado(g1) -> None:
    tabla = t.evaluacion_por_pregunta(g1, contenido_de_prueba()).set_index("elemento")
    assert tabla.loc["e01", ["n_diagnostica", "diagnostica", "n_final", "final"]].tolist() == [
        2, 0.5, 3, 1.0,
    ]  # fmt: skip
    assert tabla.loc["e01", ["error_diagnostica", "veces_diagnostica"]].tolist() == ["No", 1]
    assert tabla.loc["e01", "error_final"] == ""
    assert tabla.loc["e02", ["diagnostica", "final", "veces_diagnostica"]].tolist() == [0, 1, 2]
    assert tabla.loc["e01", "modulo"] == "m1" and tabla.loc["e02", "modulo"] == "m2"


def test_el_informe_dice_quien_cumple_sin_nombre(buzon: Buzon, tmp_path: Path) -> None:
    privado = tmp_path / "privado"
    agregar_a_asistencia(privado, SALTA.id, "Sara Uno")  # no cumple; Completa no está
    informe = crear_informe(buzon, tmp_path / "salida", "G1", contenido_de_prueba(), privado)
    assert informe.con_constancia == 1 and informe.sin_nombre == ["Completa"]
    assert "no están en la lista de asistencia: Completa" in str(informe)
    html = informe.html.read_text(encoding="utf-8")
    assert "no están en la lista de asistencia:</b> <bdi>Completa</bdi>" in html


def test_cada_archivo_lleva_el_grupo_y_nada_se_reemplaza(buzon: Buzon, tmp_path: Path) -> None:
    salida = tmp_path / "salida"
    g1 = crear_informe(buzon, salida, "G1", contenido_de_prueba())
    antes = {p.name: p.read_bytes() for p in salida.iterdir()}
    assert all("-G1" in nombre for nombre in antes), sorted(antes)
    g2 = crear_informe(buzon, salida, "G2", contenido_de_prueba())
    assert all("-G2" in p.name for p in [g2.html, g2.xlsx, *g2.csv])
    assert not g2.ya_habia
    otra_vez = crear_informe(buzon, salida, "G1", contenido_de_prueba())
    assert otra_vez.html.name == "informe-G1-2.html" and otra_vez.ya_habia
    assert all(p.name.endswith("-G1-2.csv") for p in otra_vez.csv)
    assert "no se reemplazó" in str(otra_vez)
    for nombre, contenido in antes.items():  # el primer informe de G1 sigue intacto
        assert (salida / nombre).read_bytes() == contenido, nombre
    assert g1.html.exists()


def test_el_apostrofo_solo_en_el_csv(buzon: Buzon, tmp_path: Path) -> None:
    informe = crear_informe(buzon, tmp_path / "salida", "G1", contenido_de_prueba())
    hoja = load_workbook(informe.xlsx)["reflexiones"]
    celdas = [c for fila in hoja.iter_rows(min_row=2) for c in fila if c.value == FORMULA]
    assert len(celdas) == 1 and celdas[0].data_type == "s"  # texto, sin apóstrofo
    ruta = next(p for p in informe.csv if p.name.startswith("reflexiones"))
    with ruta.open(encoding="utf-8-sig", newline="") as archivo:
        filas = list(csv.reader(archivo))
    assert [c for f in filas for c in f if FORMULA in c] == ["'" + FORMULA]
