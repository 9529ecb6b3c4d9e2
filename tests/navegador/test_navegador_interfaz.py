"""La interfaz de JupyterLab del taller está en español, y el teclado dentro de un ejercicio
no debe cambiar el cuaderno."""

from __future__ import annotations

from typing import Any

import pytest

from . import _lab
from .conftest import escribir_cuaderno

pytestmark = pytest.mark.navegador


def test_menus_en_espanol(pagina: Any, lab: _lab.ServidorLab) -> None:
    if not pagina.evaluate("() => !!window.jupyterapp"):
        _lab.cargar_lab(pagina, lab)
    menus = pagina.locator("#jp-MainMenu .lm-MenuBar-itemLabel").all_inner_texts()
    for nombre in ("Archivo", "Editar", "Ver", "Configuración", "Ayuda"):
        assert nombre in menus, f"falta el menú «{nombre}» (menús: {menus})"
    assert "File" not in menus and "Edit" not in menus, menus


_CELDAS_TECLADO = [
    "import ipywidgets as w\n"
    "opciones = w.RadioButtons(options=['uno', 'dos', 'tres'], value=None)\n"
    "lista = w.Dropdown(options=['Respeto', 'Legalidad', 'Honradez'], value=None)\n"
    "caja = w.VBox([opciones, lista])\ncaja.add_class('taller-ejercicio')\ncaja",
    "print('segunda celda')",
]


def _estado_cuaderno(pagina: Any) -> dict[str, Any]:
    return pagina.evaluate("""() => { const nb = window.jupyterapp.shell.currentWidget.content;
      return {activa: nb.activeCellIndex, tipos: nb.widgets.map(c => c.model.type),
              ocultas: nb.widgets.map(c => c.outputHidden || false)}; }""")


def test_teclado_en_un_ejercicio_no_cambia_el_cuaderno(pagina: Any, lab: _lab.ServidorLab) -> None:
    """Los atajos del modo de órdenes no actúan dentro de un ejercicio (ajustes que escribe
    ``preparar_carpeta``); las opciones de una pregunta son un grupo (extensión
    taller-cejum): las flechas pasan de una a otra y Tab sale del grupo."""
    ruta = escribir_cuaderno(lab, "pruebas/teclado.ipynb", _CELDAS_TECLADO)
    _lab.abrir(pagina, lab, ruta)
    _lab.ejecutar_todo(pagina)
    pagina.evaluate("() => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0; }")
    antes = _estado_cuaderno(pagina)
    radios = pagina.locator(".taller-ejercicio").get_by_role("radio")
    radios.first.focus()
    pagina.keyboard.press("Space")
    assert radios.first.is_checked()
    for tecla in ("ArrowDown", "ArrowUp", "j", "k", "r", "m", "o"):
        pagina.keyboard.press(tecla)
    assert _estado_cuaderno(pagina) == antes, "una tecla en las opciones cambió el cuaderno"
    assert radios.first.is_checked(), "ArrowDown y ArrowUp no volvieron a la primera opción"
    pagina.keyboard.press("ArrowDown")
    assert radios.nth(1).is_checked(), "ArrowDown no eligió la opción siguiente"
    lista = pagina.locator(".taller-ejercicio select")
    lista.focus()
    for tecla in ("r", "o", "d", "d", "x", "a", "b", "z"):
        pagina.keyboard.press(tecla)
    assert _estado_cuaderno(pagina) == antes, "teclear en la lista cambió el cuaderno"
    assert lista.input_value() != "", "teclear la inicial no eligió una opción de la lista"


def test_la_direccion_del_servidor_abre_el_primer_modulo(
    navegador: Any, lab: _lab.ServidorLab
) -> None:
    """Lo que abre el navegador de ``taller abrir`` (la raíz con el token) lleva al primer
    módulo de la copia de participante, no al lanzador."""
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900})
    try:
        pagina = contexto.new_page()
        pagina.goto(f"{lab.base}/?token={lab.token}", wait_until="domcontentloaded")
        pagina.wait_for_function(
            """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                 return !!w && !!w.context; }""",
            timeout=60_000,
        )
        ruta = pagina.evaluate("() => window.jupyterapp.shell.currentWidget.context.path")
        assert ruta == "participante/00-bienvenida.ipynb"
    finally:
        contexto.close()
