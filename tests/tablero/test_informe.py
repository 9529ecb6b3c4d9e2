"""El informe del grupo: XLSX, CSV con BOM y HTML autocontenido y escapado."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from ayudas.tablero import ANA, IMG, LUIS, SCRIPT, contenido_de_prueba, llenar_buzon
from taller.buzon.identidad import agregar_a_asistencia
from taller.buzon.registro import Respuesta
from taller.tablero import cifras as t
from taller.tablero.informe import HOJAS, constancias, crear_informe


@pytest.fixture(scope="module")
def informe(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("informe")
    buzon = llenar_buzon(base / "buzon")
    buzon.registrar(ANA, [Respuesta("m2-compromiso", "q", "=HYPERLINK(1)", None, 1)])
    agregar_a_asistencia(base / "facilitacion", ANA.id, "Ana Pérez Núñez")
    resultado = crear_informe(
        buzon, base / "salida", "G1", contenido_de_prueba(), base / "facilitacion"
    )
    return resultado


def test_escribe_xlsx_csv_y_html(informe) -> None:
    assert informe.personas == 3
    assert load_workbook(informe.xlsx).sheetnames == list(HOJAS)
    assert [p.name for p in informe.csv] == [
        "participacion-G1.csv", "puntajes-G1.csv", "pre-post-G1.csv", "evaluacion-G1.csv",
        "respuestas-G1.csv", "encuesta-G1.csv", "reflexiones-G1.csv",
    ]  # fmt: skip
    for ruta in informe.csv:
        assert ruta.read_bytes().startswith(b"\xef\xbb\xbf")
    participacion = pd.read_csv(informe.csv[0], encoding="utf-8-sig")
    assert "Ana Pérez Núñez" in set(participacion["Nombre"])
    assert "Informe del grupo: 3 persona(s)" in str(informe)


class _Atributos(HTMLParser):
    """Las etiquetas y los atributos reales del HTML (no el texto escapado)."""

    def __init__(self) -> None:
        super().__init__()
        self.etiquetas: list[str] = []
        self.direcciones: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.etiquetas.append(tag)
        self.direcciones += [v or "" for k, v in attrs if k in ("src", "href")]


def test_el_html_no_tiene_direcciones_externas(informe) -> None:
    lector = _Atributos()
    lector.feed(informe.html.read_text(encoding="utf-8"))
    # Las gráficas son HTML y CSS: ni imágenes ni scripts ni direcciones.
    assert "figure" in lector.etiquetas, "debería haber gráficas"
    assert lector.direcciones == []
    assert not {"script", "link", "iframe", "img"} & set(lector.etiquetas)


def test_el_html_escapa_el_texto_libre(informe) -> None:
    html = informe.html.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert SCRIPT not in html and IMG not in html
    assert "Luis &lt;b&gt;" in html


def test_el_html_trae_asistencia_y_constancias(informe) -> None:
    html = informe.html.read_text(encoding="utf-8")
    assert "Ana Pérez Núñez" in html
    assert "Constancias" in html and "80 %" in html and "70 %" in html


def test_una_formula_no_se_ejecuta_en_excel(informe) -> None:
    libro = load_workbook(informe.xlsx)
    celdas = [c for hoja in libro for fila in hoja.iter_rows() for c in fila]
    assert all(c.data_type != "f" for c in celdas)


def test_constancias_con_criterios(tmp_path: Path) -> None:
    contenido = contenido_de_prueba()
    tabla = t.filtrar(t.tabla_registros(llenar_buzon(tmp_path).leer()), "G1")
    # Ana: m1, m2 y m9 (evaluación y encuesta) de 3 módulos; final 100 %. Luis: final 50 %.
    lista = constancias(tabla, contenido).set_index("alias")
    assert lista.loc["Ana", ["modulos", "evaluacion_final", "cumple"]].tolist() == [1, 1, True]
    assert lista.loc["Luis <b>", "evaluacion_final"] == 0.5
    assert not lista.loc["Luis <b>", "cumple"] and not lista.loc["Eva", "cumple"]
    flexible = constancias(tabla, contenido, evaluacion_final_minima=0.5).set_index("alias")
    assert flexible.loc["Luis <b>", "cumple"]
    nombres = constancias(tabla, contenido, asistencia={LUIS.id: "Luis López"})
    assert "Luis López" in set(nombres["nombre"])


def test_sin_lista_de_asistencia_no_hay_nombres(tmp_path: Path) -> None:
    buzon = llenar_buzon(tmp_path / "buzon")
    informe = crear_informe(buzon, tmp_path / "salida", "G1")
    html = informe.html.read_text(encoding="utf-8")
    assert "<th>Nombre</th>" not in html
    assert "No hay lista de asistencia" in html
    assert "no hay lista de asistencia" in str(informe)
    assert informe.html.name == "informe-G1.html"


def test_el_libro_se_lee_en_excel(informe) -> None:
    """Encabezados en español, porcentajes con formato, anchos, encabezado fijo, filtros
    y las reflexiones en su propia hoja (issue 16.14)."""
    libro = load_workbook(informe.xlsx)
    hoja = libro["participación"]
    encabezados = [c.value for c in hoja[1]]
    assert encabezados[:3] == ["Seudónimo", "Nombre", "Ejercicios respondidos"]
    assert hoja.freeze_panes == "A2" and hoja.auto_filter.ref.startswith("A1:")
    columna = encabezados.index("Avance") + 1
    assert hoja.cell(row=2, column=columna).number_format == "0%"
    assert all(hoja.column_dimensions[c].width >= 8 for c in "ABC")
    reflexiones = libro["reflexiones"]
    assert [c.value for c in reflexiones[1]] == ["Ejercicio", "Seudónimo", "Texto", "Fecha"]
    textos = [f[2] for f in reflexiones.iter_rows(min_row=2, values_only=True)]
    assert any("<script>" in str(t) for t in textos)  # en Excel, el texto tal cual


def test_quien_facilita_sale_de_taller_json(tmp_path: Path) -> None:
    buzon = llenar_buzon(tmp_path / "buzon")
    taller = tmp_path / "taller"
    agregar_a_asistencia(taller / "privado", ANA.id, "Ana Pérez")
    (taller / "taller.json").write_text('{"facilita": "Mtra. Laura Gómez"}', encoding="utf-8")
    informe = crear_informe(buzon, tmp_path / "salida", "G1", contenido_de_prueba(),
                            taller / "privado")  # fmt: skip
    assert "Facilitó: <b>Mtra. Laura Gómez</b>" in informe.html.read_text(encoding="utf-8")
