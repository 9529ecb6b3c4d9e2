"""El tablero de quien facilita (facilitacion/tablero.ipynb) muestra lo que la sesión del
navegador acaba de responder: la persona, su grupo, los ejercicios y su reflexión."""

from __future__ import annotations

from typing import Any

import pytest

from . import _ejercicios as ejs
from . import _lab

pytestmark = pytest.mark.navegador
TABLERO = "facilitacion/tablero.ipynb"


def test_tablero_muestra_las_respuestas_del_navegador(
    lab: _lab.ServidorLab, pagina: Any, recorrido: dict[str, Any]
) -> None:
    if not (lab.carpeta / TABLERO).exists():
        pytest.skip(f"la carpeta del taller no tiene {TABLERO}")
    respondidos = [r for r in recorrido.values() if r.error is None]
    assert respondidos, "la sesión del navegador no pudo responder ningún ejercicio"
    _lab.abrir(pagina, lab, TABLERO)
    _lab.ejecutar_todo(pagina)
    try:
        assert not _lab.problemas_visibles(pagina)
        cuaderno = pagina.locator(".jp-Notebook")
        resumen = cuaderno.locator(".widget-html", has_text="con actividad en el grupo").first
        resumen.wait_for(timeout=20_000)
        assert f"1 persona(s) con actividad en el grupo {ejs.GRUPO}" in resumen.inner_text()
        participacion = cuaderno.inner_text()
        assert ejs.ALIAS in participacion, "el tablero no muestra el seudónimo de la sesión"

        cuaderno.locator(".lm-TabBar-tab", has_text="Reflexiones").first.click()
        cuaderno.get_by_text(ejs.REFLEXION).first.wait_for(timeout=10_000)

        cuaderno.locator(".lm-TabBar-tab", has_text="Por ejercicio").first.click()
        pagina.wait_for_timeout(300)
        por_ejercicio = cuaderno.inner_text()
        from taller.contenido.carga import cargar_contenido

        contenido = cargar_contenido()
        # Los ejercicios calificados respondidos aparecen por su título.
        calificados = [
            r
            for r in respondidos
            if r.tipo in ("opcion_multiple", "emparejar", "clasificar", "caso")
        ]
        faltan = [
            r.id for r in calificados if contenido.ejercicios[r.id].titulo not in por_ejercicio
        ]
        assert not faltan, f"el tablero no muestra estos ejercicios respondidos: {faltan}"
    finally:
        _lab.captura(pagina, "facilitacion-tablero-con-respuestas")
