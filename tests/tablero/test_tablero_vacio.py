"""El tablero antes de la primera respuesta: sin pandas, y con lo mismo que mostraría con
pandas; con la primera respuesta pasa a la tabla de siempre."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ayudas.tablero import ANA, contenido_de_prueba
from taller.buzon.registro import Buzon, Respuesta
from taller.tablero import Tablero
from taller.tablero import cifras as t

_HTML = (
    "estado",
    "html_discutir",
    "html_ejercicio",
    "html_participacion",
    "html_evaluacion",
    "html_reflexiones",
    "html_encuesta",
)


def _vista(tablero: Tablero) -> dict[str, object]:
    vista: dict[str, object] = {n: getattr(tablero, n).value for n in _HTML}
    for control in ("grupo", "fecha", "modulo", "ejercicio"):
        vista[control] = (getattr(tablero, control).options, getattr(tablero, control).value)
    return vista


@pytest.mark.parametrize("grande", [False, True])
def test_el_tablero_vacio_sin_pandas_es_el_de_pandas(tmp_path: Path, grande: bool) -> None:
    tablero = Tablero(
        tmp_path / "buzon", contenido_de_prueba(), letra_grande=grande, automatico=False
    )
    sin_pandas = _vista(tablero)
    assert not tablero._hay_datos
    # Lo mismo, pintado por el camino de siempre (pandas) sobre un buzón vacío.
    tablero._hay_datos = True
    tablero.actualizar(forzar=True)
    assert _vista(tablero) == sin_pandas
    assert "Todavía no hay datos" in tablero.html_participacion.value


def test_con_la_primera_respuesta_muestra_los_datos(tmp_path: Path) -> None:
    buzon = Buzon(tmp_path / "buzon")
    tablero = Tablero(
        buzon, contenido_de_prueba(), grupo="G1", automatico=False, mostrar_nombres=True
    )
    assert len(tablero.tabla) == 0 and list(tablero.tabla.columns) == list(t.COLUMNAS)
    tablero.grande.value = True  # sin datos, cambiar la letra sigue sin pandas
    assert "taller-grande" in tablero._dom_classes
    buzon.registrar(ANA, [Respuesta("m1-quien", "", "La jueza", True, 1)])
    tablero.boton.click()
    assert tablero.grupo.options == ("G1",) and tablero.grupo.value == "G1"
    assert "<b>1</b> persona(s)" in tablero.estado.value
    assert "Ana" in tablero.html_participacion.value
    assert '<figure class="grafica"' in tablero.html_ejercicio.value


def test_un_archivo_ajeno_se_reporta_aunque_no_haya_respuestas(tmp_path: Path) -> None:
    (tmp_path / "notas.txt").write_text("hola", encoding="utf-8")
    tablero = Tablero(tmp_path, automatico=False)
    assert "Se omitieron 1" in tablero.estado.value


def test_el_tablero_en_vivo_sin_respuestas_no_carga_pandas(tmp_path: Path) -> None:
    codigo = (
        "import sys, taller; "
        "tablero = taller.tablero_en_vivo(); "
        "tablero.grande.value = False; tablero.boton.click(); tablero.detener(); "
        "print(json.dumps({'modulos': sorted(m for m in ('pandas', 'numpy', 'matplotlib') "
        "if m in sys.modules), 'html': tablero.html_participacion.value}))"
    )
    entorno = {"TALLER_CARPETA": str(tmp_path), "TALLER_BUZON": str(tmp_path / "buzon")}
    salida = subprocess.run(
        [sys.executable, "-c", f"import json; {codigo}"],
        capture_output=True,
        text=True,
        check=True,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("TALLER_")}, **entorno},
    )
    resultado = json.loads(salida.stdout)
    assert resultado["modulos"] == []
    assert "Todavía no hay datos" in resultado["html"]


def test_el_contenido_se_pide_con_la_primera_respuesta(tmp_path: Path) -> None:
    pedidos: list[int] = []

    def contenido():
        pedidos.append(1)
        return contenido_de_prueba()

    buzon = Buzon(tmp_path / "buzon")
    tablero = Tablero(buzon, contenido, automatico=False)
    assert pedidos == []
    buzon.registrar(ANA, [Respuesta("m1-quien", "", "La jueza", True, 1)])
    tablero.actualizar()
    tablero.actualizar()
    assert pedidos == [1]
    assert "¿Quién sirve?" in tablero.html_discutir.value  # el título, del contenido
