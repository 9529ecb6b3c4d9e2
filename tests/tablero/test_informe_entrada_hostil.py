"""Un registro hostil o roto no tumba el informe ni el tablero (issue 15: casos 3, 4, 6, 7,
9 y 10). Cada persona escribe lo que quiera en su propio archivo del buzón: aquí se
escribe con ``Buzon.registrar`` (como un cuaderno) o a mano (como un atacante)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ayudas import RAIZ
from ayudas.tablero import contenido_de_prueba
from taller.buzon.registro import Buzon, Participante, Respuesta
from taller.tablero import Tablero
from taller.tablero import cifras as t
from taller.tablero.informe import crear_informe

_SIGNOS = ("=", "+", "-", "@", "\t", "\r")
WORD = "Primero escucho.\x0bDespués registro."  # salto de línea manual de Word
NUL = Participante("aaaa0001", "A\x00na", "G1")
RTL = Participante("bbbb0002", "\u202eodraude", "G1")
HOSTILES = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", "\tx", "\r=1+1"]


def _celdas(ruta: Path) -> list:
    libro = load_workbook(ruta)
    return [c for hoja in libro for fila in hoja.iter_rows() for c in fila]


def _csv(ruta: Path) -> list[list[str]]:
    with ruta.open(encoding="utf-8-sig", newline="") as archivo:
        return list(csv.reader(archivo))


@pytest.fixture
def buzon(tmp_path: Path) -> Buzon:
    buzon = Buzon(tmp_path / "buzon")
    buzon.registrar(NUL, [Respuesta("m2-compromiso", "", WORD, None, 1)])
    buzon.registrar(RTL, [Respuesta("m2-compromiso", "", "hola\r=1+1", None, 1)])
    buzon.registrar(RTL, [Respuesta("m1-quien", "", "La jueza", True, 1)])
    for i, texto in enumerate(HOSTILES):
        persona = Participante(f"cccc000{i}", f"P{i}", "G1")
        buzon.registrar(persona, [Respuesta("satisfaccion", "q1", texto, None, 1)])
    # Un atacante escribe en su archivo lo que registrar() ya no acepta.
    _a_mano(buzon, "dddd0001", ejercicio="satisfaccion", elemento="q2", valor=10**400)
    return buzon


def _a_mano(buzon: Buzon, participante: str, **campos: object) -> None:
    """Agrega a mano un registro del esquema 1 al archivo de ``participante``."""
    registro = {
        "v": 1, "uid": f"{participante}{len(campos)}".ljust(32, "0"),
        "participante": participante, "alias": "Grande", "grupo": "G1", "ejercicio": "",
        "elemento": "", "valor": None, "correcta": None, "intento": 1, "modo": "",
        "puntaje": None, "momento": "2026-12-01T10:00:00.000+00:00",
    }  # fmt: skip
    registro.update(campos)
    with (buzon.carpeta / f"{participante}.jsonl").open("a", encoding="utf-8") as archivo:
        archivo.write(json.dumps(registro) + "\n")


def test_taller_informe_con_nul_y_salto_de_word(buzon: Buzon, tmp_path: Path) -> None:
    """La orden real, en otro proceso: antes, ``IllegalCharacterError`` de openpyxl."""
    salida = tmp_path / "salida"
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("TALLER_")}
    resultado = subprocess.run(
        [sys.executable, "-m", "taller.cli.principal", "informe", str(salida), "--grupo", "G1",
         "--buzon", str(buzon.carpeta), "--taller", str(tmp_path / "taller"),
         "--datos", str(RAIZ / "tests" / "datos-ejemplo")],
        capture_output=True, text=True, env=entorno, timeout=120,
    )  # fmt: skip
    assert resultado.returncode == 0, resultado.stderr
    valores = [c.value for c in _celdas(salida / "informe-G1.xlsx")]
    assert "Primero escucho.\nDespués registro." in valores
    assert "Ana" in valores
    assert not any(isinstance(v, str) and ("\x00" in v or "\x0b" in v) for v in valores)


def test_ninguna_celda_ni_encabezado_es_formula(buzon: Buzon, tmp_path: Path) -> None:
    informe = crear_informe(buzon, tmp_path / "salida", "G1", contenido_de_prueba())
    celdas = _celdas(informe.xlsx)
    assert all(c.data_type != "f" for c in celdas)
    encuesta = load_workbook(informe.xlsx)["encuesta"]
    encabezados = [c.value for c in encuesta[1]]
    assert encabezados[-1] == "Otras respuestas" and "=cmd|' /C calc'!A0" not in encabezados
    fila_q1 = next(f for f in encuesta.iter_rows(values_only=True) if f[0] == "¿Le sirvió?")
    assert fila_q1[-1] == len(HOSTILES)
    for ruta in informe.csv:
        for fila in _csv(ruta):
            for campo in fila:
                assert not campo.startswith(_SIGNOS), (ruta.name, campo)


def test_un_cr_suelto_no_abre_otra_fila_en_el_csv(buzon: Buzon, tmp_path: Path) -> None:
    informe = crear_informe(buzon, tmp_path / "salida", "G1", contenido_de_prueba())
    filas = _csv(next(p for p in informe.csv if p.name.startswith("reflexiones")))
    assert len(filas) == 3  # encabezado y dos reflexiones
    textos = [f[2] for f in filas[1:]]
    assert "hola\n=1+1" in textos and "Primero escucho.\nDespués registro." in textos


def test_el_control_rtl_no_llega_al_html(buzon: Buzon, tmp_path: Path) -> None:
    informe = crear_informe(buzon, tmp_path / "salida", "G1", contenido_de_prueba())
    html = informe.html.read_text(encoding="utf-8")
    assert "\u202e" not in html and "\x00" not in html
    assert "<bdi>odraude</bdi>" in html


def test_una_respuesta_de_10_a_la_400_en_la_encuesta(buzon: Buzon) -> None:
    tabla = t.tabla_registros(buzon.leer())
    resumen = t.encuesta(tabla, contenido_de_prueba()).set_index("elemento")
    if "q2" in resumen.index:  # si el lector lo dejó pasar: no es un punto de la escala
        assert resumen.loc["q2", "Otras respuestas"] == 1
        assert resumen.loc["q2", "promedio"] != resumen.loc["q2", "promedio"]  # NaN


def test_un_momento_que_no_es_fecha_no_rompe_el_tablero(tmp_path: Path) -> None:
    buzon = Buzon(tmp_path / "buzon")
    persona = Participante("eeee0001", "Eva", "G1")
    buzon.registrar(persona, [Respuesta("m1-quien", "", "La jueza", True, 1)])
    _a_mano(buzon, "eeee0001", ejercicio="m1-quien", valor="x", momento="no es una fecha")
    tablero = Tablero(buzon, contenido_de_prueba(), grupo="G1", automatico=False)
    etiquetas = [e for e, _ in tablero.fecha.options]
    assert etiquetas[0] == "Todas" and len(etiquetas) == 2
    tablero.fecha.value = tablero.fecha.options[1][1]
    tablero.actualizar()


def test_el_control_rtl_no_llega_al_tablero(buzon: Buzon) -> None:
    _a_mano(buzon, "ffff0001", ejercicio="m1-quien", valor="\u202eanuej aL", correcta=False)
    tablero = Tablero(buzon, contenido_de_prueba(), grupo="G1", automatico=False,
                      mostrar_nombres=True)  # fmt: skip
    tablero.ejercicio.value = "m1-quien"
    html = tablero.html()
    assert "\u202e" not in html and "\x00" not in html
    assert "<bdi>odraude</bdi>" in html and "<bdi>anuej aL</bdi>" in html
