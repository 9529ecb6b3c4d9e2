"""Responder, desde la página, un ejercicio de cada tipo como lo haría una persona: con clics
y con el teclado (Espacio y flechas en los botones de opción, Enter en los botones de la
escala, escribir en el área de texto). Las respuestas correctas se toman del contenido.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from taller.contenido import modelo as m

TIPOS = tuple(m.TIPOS)  # cada tipo de ejercicio del modelo, en su orden
ALIAS = "Jacaranda"
GRUPO = "NAV1"
REFLEXION = "Escuchar sin juzgar y explicar cada paso a la usuaria con respeto."
# Lo que la retroalimentación debe decir después de responder (todo en español).
ESPERADO = {
    "opcion_multiple": ("Correcto",),
    "emparejar": ("Todo correcto", " de "),
    "clasificar": ("Todo correcto", " de "),
    "caso": ("Resultado del caso", " de "),
    "caso_ramificado": ("Desenlace",),
    "reflexion": ("Guardado", REFLEXION),
    "encuesta": ("Se guardaron sus respuestas",),
    "evaluacion": ("Obtuvo", " de ", "respuestas correctas"),
}
_HIJOS_VBOX = "xpath=./div[contains(concat(' ', normalize-space(@class), ' '), ' widget-vbox ')]"


@dataclass
class Resultado:
    tipo: str
    id: str
    retro: str = ""
    texto: str = ""
    estado: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    restaurado_texto: str = ""
    restaurado_estado: dict[str, Any] = field(default_factory=dict)


def primero_de_cada_tipo(contenido: m.Contenido) -> dict[str, m.Ejercicio]:
    elegidos: dict[str, m.Ejercicio] = {}
    for ej in contenido.ejercicios.values():
        elegidos.setdefault(ej.tipo, ej)
    return {t: elegidos[t] for t in TIPOS if t in elegidos}


def celda_de(ej: m.Ejercicio) -> str:
    modo = ', modo="diagnostico"' if ej.tipo == "evaluacion" else ""
    return f'taller.ejercicio("{ej.id}"{modo})'


def _esperar_retro(raiz: Any, texto: str) -> None:
    raiz.locator(".taller-retro", has_text=texto).first.wait_for(state="visible", timeout=15_000)


def _responder_pregunta(bloque: Any, pregunta: m.Pregunta, teclado: bool = False) -> None:
    correctas = [o.texto for o in pregunta.opciones if o.correcta]
    if pregunta.seleccion == "multiple":
        for texto in correctas:
            bloque.get_by_role("checkbox", name=texto, exact=True).click()
        return
    if not teclado:
        bloque.get_by_role("radio", name=correctas[0], exact=True).click()
        return
    # Teclado: foco en el primer botón de opción y Espacio; las flechas recorren el grupo
    # (un solo «name» y role=radiogroup, que pone la extensión taller-cejum; los atajos de
    # JupyterLab no actúan dentro de una salida) y marcan la opción a la que llegan.
    radios = bloque.get_by_role("radio")
    radios.first.focus()
    bloque.page.keyboard.press("Space")
    for _ in range(radios.count()):
        if bloque.get_by_role("radio", name=correctas[0], exact=True).is_checked():
            return
        bloque.page.keyboard.press("ArrowDown")
    msg = f"El teclado no llegó a la opción «{correctas[0]}»"
    raise AssertionError(msg)


def _pulsar(raiz: Any, texto: str) -> None:
    raiz.locator("button.widget-button:visible", has_text=texto).first.click()


def _opcion_multiple(raiz: Any, ej: m.OpcionMultiple) -> None:
    _responder_pregunta(raiz.locator(_HIJOS_VBOX).first, ej.pregunta, teclado=True)
    _pulsar(raiz, "Comprobar")


def _fila(raiz: Any, texto: str) -> Any:
    return raiz.locator(".widget-hbox", has_text=texto).last


def _emparejar(raiz: Any, ej: m.Emparejar) -> None:
    # Listas desplegables con el ratón: con el teclado, las letras y flechas que son atajos
    # de JupyterLab cambian el cuaderno (ver test_navegador_teclado.py).
    for elemento in ej.elementos:
        _fila(raiz, elemento.texto).locator("select").select_option(label=elemento.respuesta)
    _pulsar(raiz, "Comprobar")


def _clasificar(raiz: Any, ej: m.Clasificar) -> None:
    for elemento in ej.elementos:
        nombre = ej.categoria(elemento.respuesta).nombre
        _fila(raiz, elemento.texto).locator(
            "button.widget-toggle-button", has_text=nombre
        ).first.click()
    _pulsar(raiz, "Comprobar")


def _caso(raiz: Any, ej: m.Caso) -> None:
    for k, pregunta in enumerate(ej.preguntas):
        enunciado = raiz.page.get_by_text(f"Pregunta {k + 1} de {len(ej.preguntas)}.")
        bloque = raiz.locator(".widget-vbox", has=enunciado).last
        bloque.wait_for(state="visible")
        _responder_pregunta(bloque, pregunta, teclado=(k == 0))
        bloque.locator("xpath=..").locator(
            "button.widget-button:visible", has_text="Comprobar"
        ).first.click()
        bloque.locator(".taller-retro").first.wait_for(state="visible")


def _caso_ramificado(raiz: Any, ej: m.CasoRamificado) -> None:
    for paso in range(1, len(ej.puntos) + 2):
        if raiz.locator(".taller-retro", has_text="Desenlace").count():
            return
        raiz.get_by_text(f"Paso {paso}.").wait_for(state="visible")
        raiz.get_by_role("radio").first.click()
        _pulsar(raiz, "Decidir")
        raiz.get_by_text(f"Paso {paso + 1}.").or_(
            raiz.locator(".taller-retro", has_text="Desenlace")
        ).first.wait_for()


def _reflexion(raiz: Any, ej: m.Reflexion) -> None:
    texto = REFLEXION
    while len(texto) < ej.minimo_caracteres:
        texto += " " + REFLEXION
    raiz.locator("textarea").click()
    raiz.page.keyboard.type(texto)
    _pulsar(raiz, "Guardar")


def _encuesta(raiz: Any, ej: m.Encuesta) -> None:
    # Teclado: foco en el botón de la escala y Enter, como con el tabulador.
    grupos = raiz.locator(".widget-toggle-buttons")
    for k in range(grupos.count()):
        botones = grupos.nth(k).locator("button.widget-toggle-button")
        botones.nth(min(3, botones.count() - 1)).focus()
        raiz.page.keyboard.press("Enter")
    _pulsar(raiz, "Guardar")


def _evaluacion(raiz: Any, ej: m.Evaluacion) -> None:
    bloques = raiz.locator(_HIJOS_VBOX)
    for k, pregunta in enumerate(ej.banco):
        bloque = bloques.nth(k)
        bloque.scroll_into_view_if_needed()
        _responder_pregunta(bloque, pregunta, teclado=(k == 0))
    _pulsar(raiz, "Enviar respuestas")


RESPONDER: dict[str, Callable[[Any, Any], None]] = {
    "opcion_multiple": _opcion_multiple,
    "emparejar": _emparejar,
    "clasificar": _clasificar,
    "caso": _caso,
    "caso_ramificado": _caso_ramificado,
    "reflexion": _reflexion,
    "encuesta": _encuesta,
    "evaluacion": _evaluacion,
}


def estado(raiz: Any) -> dict[str, Any]:
    """Lo que muestra un ejercicio: su texto y el estado de sus controles."""
    return raiz.evaluate("""(r) => {
      const visibles = (sel) => [...r.querySelectorAll(sel)].filter(e => e.checkVisibility());
      return {
        radios: visibles('input[type=radio]').filter(e => e.checked)
          .map(e => e.parentElement.innerText.trim()),
        casillas: visibles('input[type=checkbox]').filter(e => e.checked)
          .map(e => e.parentElement.innerText.trim()),
        listas: visibles('select').map(e => e.selectedIndex >= 0
          ? e.options[e.selectedIndex].text : ''),
        textos: visibles('textarea').map(e => e.value),
        pulsados: visibles('button.widget-toggle-button.mod-active').map(e => e.innerText.trim()),
        deshabilitados: visibles('input:disabled, select:disabled, button:disabled').length,
      };
    }""")


def registrar_identidad(pagina: Any, celda: Any) -> None:
    """Escribe seudónimo y grupo en la celda de inicio y pulsa «Guardar mis datos»."""
    celda.get_by_placeholder("por ejemplo, Jacaranda").fill(ALIAS)
    campo_grupo = celda.get_by_placeholder("lo da quien facilita")
    campo_grupo.click()
    pagina.keyboard.type(GRUPO)
    celda.locator("button.widget-button", has_text="Guardar mis datos").click()
    celda.get_by_text(f"Participa como {ALIAS}").wait_for(timeout=15_000)
