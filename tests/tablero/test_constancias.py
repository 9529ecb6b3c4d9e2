"""Constancias en PDF y la lista de asistencia desde un CSV (issue 16.15 y 16.16), con las
órdenes reales en otro proceso y el texto del PDF leído con pdftotext (poppler)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ayudas import DATOS_EJEMPLO
from taller.buzon.registro import Buzon, Participante, Respuesta

JOSE = Participante("aaaa0001", "josé", "G1")  # cumple
MARIA = Participante("bbbb0002", "María", "G1")  # cumple
LEO = Participante("cccc0003", "Leo", "G1")  # no hace la final: no cumple
_ORDEN = "import sys; from taller.cli import main; sys.exit(main(sys.argv[1:]))"


def _taller(*args: str | Path) -> subprocess.CompletedProcess[str]:
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("TALLER_")}
    return subprocess.run(
        [sys.executable, "-c", _ORDEN, *map(str, args)],
        capture_output=True, text=True, env=entorno, timeout=120,
    )  # fmt: skip


def _completo(buzon: Buzon, persona: Participante, final: bool = True) -> None:
    # El contenido de datos-ejemplo: un solo módulo con ejercicios (m1).
    buzon.registrar(persona, [Respuesta("m1-opcion", "", "Pro persona", True, 1)])
    if final:
        buzon.registrar(persona, [Respuesta("evaluacion", "e1", "Sí", True, 1, "final", 1.0)])


def _pdftotext() -> str:
    ruta = shutil.which("pdftotext")
    if ruta is None:
        if os.environ.get("CI"):
            pytest.fail("falta pdftotext (poppler-utils): .ci/run debe instalarlo")
        pytest.skip("falta pdftotext: sudo apt-get install poppler-utils")
    return ruta


@pytest.fixture
def buzon(tmp_path: Path) -> Buzon:
    buzon = Buzon(tmp_path / "buzon")
    _completo(buzon, JOSE)
    _completo(buzon, MARIA)
    _completo(buzon, LEO, final=False)
    return buzon


def test_asistencia_desde_una_lista_sin_acentos_ni_mayusculas(buzon: Buzon, tmp_path: Path) -> None:
    lista = tmp_path / "lista.csv"
    lista.write_text(
        "Seudónimo;Nombre\nJOSE;José Pérez Ñúñez\n  maria ;María López\nNadie;Sin Par\nLeo;\n",
        encoding="utf-8",
    )
    taller = tmp_path / "taller"
    salida = _taller(
        "asistencia", "--desde", lista, "--grupo", "g1", "--buzon", buzon.carpeta,
        "--taller", taller,
    )  # fmt: skip
    assert salida.returncode == 1  # hubo filas sin anotar
    assert "Anotadas 2 persona(s)" in salida.stdout
    assert f"{lista}:4: «Nadie» no coincide con ningún seudónimo del grupo G1." in salida.stderr
    assert f"{lista}:5: falta el nombre." in salida.stderr
    anotada = (taller / "privado" / "asistencia.csv").read_text(encoding="utf-8-sig")
    assert f"{JOSE.id},José Pérez Ñúñez" in anotada and f"{MARIA.id},María López" in anotada


def test_una_constancia_por_persona_que_cumple(buzon: Buzon, tmp_path: Path) -> None:
    pdftotext = _pdftotext()
    taller = tmp_path / "taller"
    lista = tmp_path / "lista.csv"
    lista.write_text("seudonimo,nombre\njose,José Pérez Ñúñez\nleo,Leonel Ruiz\n")
    assert _taller(
        "asistencia", "--desde", lista, "--grupo", "G1", "--buzon", buzon.carpeta,
        "--taller", taller,
    ).returncode == 0  # fmt: skip
    salida = _taller(
        "constancias", tmp_path / "salida", "--grupo", "G1", "--buzon", buzon.carpeta,
        "--taller", taller, "--datos", DATOS_EJEMPLO, "--facilita", "Mtra. Laura Gómez",
        "--lugar", "Morelia, Mich.",
    )  # fmt: skip
    assert salida.returncode == 0, salida.stderr
    pdfs = sorted((tmp_path / "salida" / "constancias-G1").glob("*.pdf"))
    # Leo está en la lista pero no cumple; María cumple pero no está en la lista.
    assert [p.name for p in pdfs] == ["constancia-G1-Jose_Perez_Nunez.pdf"]
    assert "no están en la lista de asistencia (1): María" in salida.stdout
    texto = subprocess.run(
        [pdftotext, "-layout", str(pdfs[0]), "-"], capture_output=True, text=True, check=True
    ).stdout
    plano = " ".join(texto.split())
    for esperado in (
        "CONSTANCIA", "José Pérez Ñúñez", "«Taller de ejemplo»",
        "Dirección de Derechos Humanos (ejemplo)", "dirigido a personal de prueba",
        "Mtra. Laura Gómez", "Facilitó", "Por la institución", "Morelia, Mich.",
    ):  # fmt: skip
        assert esperado in plano, esperado
    assert "con una duración de 30 min" in plano
    # Otra vez: no se reemplaza la constancia anterior.
    otra = _taller(
        "constancias", tmp_path / "salida", "--grupo", "G1", "--buzon", buzon.carpeta,
        "--taller", taller, "--datos", DATOS_EJEMPLO,
    )  # fmt: skip
    assert "constancia-G1-Jose_Perez_Nunez-2.pdf" in otra.stdout


def test_una_lista_que_no_es_utf8_o_no_tiene_columnas(buzon: Buzon, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("seudonimo,nombre\njosé,José Pérez\n".encode("latin-1"))
    salida = _taller("asistencia", "--desde", latin1, "--grupo", "G1",
                     "--buzon", buzon.carpeta, "--taller", tmp_path / "taller")  # fmt: skip
    assert salida.returncode == 1 and "no está en UTF-8" in salida.stderr
    sin_columnas = tmp_path / "sin.csv"
    sin_columnas.write_text("persona,correo\njose,j@x\n", encoding="utf-8")
    salida = _taller("asistencia", "--desde", sin_columnas, "--grupo", "G1",
                     "--buzon", buzon.carpeta, "--taller", tmp_path / "taller")  # fmt: skip
    assert salida.returncode == 1
    assert f"{sin_columnas}:1: la lista debe tener las columnas «seudonimo» y «nombre»" in (
        salida.stderr
    )
    assert "Traceback" not in salida.stderr
