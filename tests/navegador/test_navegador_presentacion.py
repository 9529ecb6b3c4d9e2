"""La presentación en vivo (jupyterlab-slideshow: órdenes «deck:*») muestra los ejercicios
como widgets que responden, con letra grande. Deja la captura en artefactos/capturas/ (y la
de docs/presentar.md si se define TALLER_ACTUALIZAR_CAPTURAS=1)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from . import _lab
from .conftest import escribir_cuaderno

pytestmark = pytest.mark.navegador
CAPTURA_DOCS = _lab.RAIZ_REPO / "docs" / "capturas" / "presentacion.png"


def _diapositiva(tipo: str) -> dict[str, Any]:
    return {"slideshow": {"slide_type": tipo}}


def test_presentacion_con_ejercicio_que_responde(pagina: Any, lab: _lab.ServidorLab) -> None:
    from taller.contenido.carga import cargar_contenido

    contenido = cargar_contenido()
    ej = next(
        (
            e
            for e in contenido.ejercicios.values()
            if e.tipo == "opcion_multiple" and e.pregunta.seleccion == "unica"
        ),
        None,
    )  # type: ignore[attr-defined]
    if ej is None:
        pytest.skip("datos/ no tiene una pregunta de opción múltiple de selección única")
    modulo = contenido.modulos.get(ej.modulo)
    celdas = [
        f'import taller\ntaller.encabezado("{ej.modulo}")',
        "# md\n## " + (modulo.titulo if modulo else "Módulo"),
        "taller.letra_grande()",
        f'taller.ejercicio("{ej.id}")',
    ]
    ruta = escribir_cuaderno(lab, "pruebas/presentacion.ipynb", celdas)
    _lab.escribir_metadatos(
        lab.carpeta / ruta,
        [
            _diapositiva("slide"),
            _diapositiva("slide"),
            _diapositiva("skip"),
            _diapositiva("subslide"),
        ],
    )
    pagina.set_viewport_size({"width": 1280, "height": 720})
    _lab.abrir(pagina, lab, ruta)
    if not pagina.evaluate("() => window.jupyterapp.commands.hasCommand('deck:start')"):
        msg = (
            "jupyterlab-slideshow no está instalado (no existe la orden «deck:start»): "
            "pip install jupyterlab-slideshow==0.3.4"
        )
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    _lab.ejecutar_todo(pagina)
    # Como quien facilita: primera celda, modo de órdenes, «deck:start» y Espacio para avanzar.
    pagina.evaluate("""() => { const nb = window.jupyterapp.shell.currentWidget.content;
      nb.activeCellIndex = 0; nb.mode = 'command'; nb.node.focus(); }""")
    _lab.orden(pagina, "deck:start")
    try:
        _recorrer_y_responder(pagina, celdas, ej)
    finally:
        _lab.orden(pagina, "deck:stop")


def _recorrer_y_responder(pagina: Any, celdas: list[str], ej: Any) -> None:
    panel = pagina.locator(".jp-NotebookPanel.jp-Deck")
    panel.wait_for()
    ejercicio = panel.locator(".taller-ejercicio", has=pagina.locator("button.widget-button"))
    for _ in range(len(celdas) + 2):
        if ejercicio.first.is_visible() and ejercicio.first.evaluate(
            "e => { const r = e.getBoundingClientRect(); "
            "return r.top >= 0 && r.top < innerHeight; }"
        ):
            break
        pagina.keyboard.press("Space")
        pagina.wait_for_timeout(500)
    else:
        pytest.fail("Espacio no llevó la presentación hasta el ejercicio")
    raiz = ejercicio.first
    # Es un widget, no su texto («VBox(children=...)», como con jupyterlab-rise).
    assert "VBox(" not in panel.inner_text()
    tamano = raiz.locator(".widget-radio-box label").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert tamano >= 19, f"la letra del ejercicio mide {tamano}px con taller.letra_grande()"
    correcta = next(o.texto for o in ej.pregunta.opciones if o.correcta)  # type: ignore[attr-defined]
    # Clic sobre el texto de la opción, como lo haría quien facilita (sobre el círculo, en
    # la presentación, cae la franja «Collapse Output» de JupyterLab: ver el informe).
    raiz.locator(".widget-radio-box label", has_text=correcta).first.click(
        position={"x": 200, "y": 10}
    )
    assert raiz.get_by_role("radio", name=correcta, exact=True).is_checked()
    raiz.locator("button.widget-button:visible", has_text="Comprobar").first.click()
    raiz.locator(".taller-retro", has_text="Correcto").first.wait_for(timeout=15_000)
    assert panel.evaluate("e => e.classList.contains('jp-Deck')"), "la presentación se cerró"
    _lab.esperar_kernel(pagina)
    pagina.screenshot(path=str(_lab.CAPTURAS / "presentacion.png"))
    if os.environ.get("TALLER_ACTUALIZAR_CAPTURAS"):  # las pruebas no tocan lo versionado
        CAPTURA_DOCS.parent.mkdir(parents=True, exist_ok=True)
        _lab.copiar_captura(_lab.CAPTURAS / "presentacion.png", CAPTURA_DOCS)
