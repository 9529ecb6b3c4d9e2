"""El estilo de los ejercicios: CSS base (texto que se ajusta, retroalimentación) y la
letra grande para el proyector.

Todo el CSS se limita a ``.taller-ejercicio``, la clase que lleva la raíz de cada
ejercicio, para no tocar el resto de JupyterLab.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

CLASE = "taller-ejercicio"

#: Va dentro del título de cada ejercicio (un ``<style>`` repetido no hace daño).
CSS_BASE = f"""<style>
.{CLASE} {{ max-width: 60em; padding: 0.4em 0 0.8em 0; }}
.{CLASE} .widget-html-content {{ line-height: 1.45; white-space: normal; }}
.{CLASE} .widget-radio-box label,
.{CLASE} .widget-checkbox label,
.{CLASE} .widget-label,
.{CLASE} .widget-label-basic {{ white-space: normal; overflow: visible; height: auto; }}
.{CLASE} .widget-radio-box label {{ line-height: 1.4; margin-bottom: 0.35em; }}
.{CLASE} .widget-checkbox {{ height: auto; }}
.{CLASE} .widget-toggle-buttons .widget-toggle-button {{ width: auto; min-width: 7em; }}
/* Cada opción es una fila: el botón (o la casilla) a la izquierda y todo su texto en una
   columna a su derecha. ipywidgets hace flotar el botón, y un texto largo daba la vuelta:
   sus primeras líneas quedaban encima del botón y solo las últimas palabras a su lado. */
.{CLASE} .widget-radio-box label,
.{CLASE} .widget-checkbox label {{ display: flex; flex-direction: row; align-items: flex-start;
  gap: 0.5em; text-align: left; max-width: 100%; }}
.{CLASE} .widget-radio-box input,
.{CLASE} .widget-checkbox input {{ order: -1; flex: none; float: none; margin: 0.2em 0 0 1px; }}
.{CLASE} .widget-radio-box {{ min-width: 0; flex: 1 1 auto; }}
/* En pantallas angostas (768 px) y con letra grande nada se sale del ejercicio: las filas se
   parten, los campos no pasan del ancho disponible y el texto de un botón se parte en
   líneas en vez de cortarse con «…». */
.{CLASE} .widget-hbox {{ flex-wrap: wrap; max-width: 100%; }}
.{CLASE} .widget-hbox > .widget-button {{ align-self: flex-end; }}
.{CLASE} .widget-inline-hbox {{ flex-wrap: wrap; max-width: 100%; height: auto; }}
.{CLASE} .widget-text, .{CLASE} .widget-textarea {{ max-width: 100%; min-width: 0; }}
.{CLASE} .widget-textarea {{ margin-left: 0; margin-right: 0; }}
.{CLASE} table {{ max-width: 100%; }}
.{CLASE} td, .{CLASE} th {{ overflow-wrap: anywhere; }}
.{CLASE} .widget-text input, .{CLASE} textarea {{ min-width: 0; max-width: 100%;
  box-sizing: border-box; }}
.{CLASE} .widget-button, .{CLASE} .widget-toggle-button {{ height: auto;
  min-height: var(--jp-widgets-inline-height); max-width: 100%; white-space: normal;
  overflow: visible; text-overflow: clip; line-height: 1.3; }}
.{CLASE} select {{ max-width: 100%; }}
/* Foco visible en cada control (teclado y ratón). */
.{CLASE} input:focus, .{CLASE} select:focus, .{CLASE} textarea:focus,
.{CLASE} button:focus, .{CLASE} .jupyter-button:focus:enabled {{
  outline: 3px solid var(--jp-brand-color1, #1565c0); outline-offset: 2px; }}
.{CLASE} .taller-narrativa {{ white-space: pre-line; background: var(--jp-layout-color2);
  padding: 0.6em 0.9em; border-radius: 4px; }}
.{CLASE} .taller-retro {{ border-left: 5px solid var(--jp-border-color1);
  padding: 0.3em 0.8em; margin: 0.3em 0; }}
.{CLASE} .taller-correcto {{ border-left-color: var(--jp-success-color1, #2e7d32); }}
.{CLASE} .taller-incorrecto {{ border-left-color: var(--jp-error-color1, #c62828); }}
.{CLASE} .taller-parcial, .{CLASE} .taller-aviso {{
  border-left-color: var(--jp-warn-color1, #ef6c00); }}
.{CLASE} .taller-fuentes {{ font-size: 90%; color: var(--jp-ui-font-color2); }}
.{CLASE} .taller-cita {{ white-space: pre-line; font-style: italic; }}
/* En la presentación (jupyterlab-slideshow), la franja «contraer salida» de JupyterLab
   queda encima de los botones de opción: que no capture los clics. */
.jp-Deck .jp-OutputArea-promptOverlay {{ pointer-events: none; }}
</style>"""

_CSS_GRANDE = f"""<style>
.{CLASE} {{
  --jp-widgets-font-size: 20px;
  --jp-widgets-inline-height: 40px;
  --jp-widgets-inline-label-width: 120px;
  font-size: 20px;
}}
.{CLASE} .widget-html-content, .{CLASE} label, .{CLASE} button,
.{CLASE} select, .{CLASE} textarea {{ font-size: 20px; }}
.{CLASE} .widget-dropdown > select {{ font-size: 20px; height: auto; min-height: 40px; }}
.{CLASE} h3 {{ font-size: 28px; }}
.{CLASE} input[type="radio"], .{CLASE} input[type="checkbox"] {{
  width: 20px; height: 20px; }}
</style>"""

# --- Modelos compartidos ------------------------------------------------------------------
#
# Cada widget de ipywidgets crea, además de su propio modelo, uno de ``Layout`` y casi
# siempre uno de estilo; cada modelo es un mensaje que el navegador (o nbclient) procesa.
# Los controles que nunca cambian de tamaño ni se ocultan uno por uno comparten un solo
# ``Layout`` y un solo estilo por combinación de valores: no se modifican nunca.

_COMPARTIDOS: dict[tuple[Any, ...], widgets.Widget] = {}


def _compartido(clase: type[widgets.Widget], valores: dict[str, Any]) -> widgets.Widget:
    clave = (clase, *sorted(valores.items()))
    modelo = _COMPARTIDOS.get(clave)
    if modelo is None or modelo.comm is None:  # nuevo, o cerrado con Widget.close_all()
        modelo = _COMPARTIDOS[clave] = clase(**valores)
        modelo.taller_compartido = valores
    return modelo


def layout(**valores: Any) -> widgets.Layout:
    """Un ``Layout`` compartido (de solo lectura) con esos valores."""
    return _compartido(widgets.Layout, valores)


def estilo(control: type[widgets.DOMWidget], **valores: Any) -> widgets.Widget:
    """El estilo compartido (de solo lectura) de la clase que usa ``control``."""
    return _compartido(control.class_traits()["style"].klass, valores)


def bloque_html(valor: str, *clases: str) -> widgets.HTML:
    """Un texto HTML de solo lectura con la clase ``taller-ejercicio`` (y ``clases``),
    ``Layout`` y estilo compartidos: un solo modelo nuevo, sin mensajes después."""
    return widgets.HTML(
        valor, layout=layout(), style=estilo(widgets.HTML), _dom_classes=(CLASE, *clases)
    )


# --- Letra grande -------------------------------------------------------------------------

# Un solo modelo para todo el cuaderno: cambiar su valor actualiza todas sus vistas.
_interruptor: widgets.HTML | None = None


def letra_grande(activar: bool = True) -> widgets.HTML:
    """Letra grande en todos los ejercicios del cuaderno (para el proyector).

    Devuelve un widget invisible con el estilo; ``letra_grande(False)`` la apaga en todo el
    cuaderno, aunque el estilo se haya encendido en otra celda.
    """
    global _interruptor
    valor = _CSS_GRANDE if activar else ""
    if _interruptor is None or _interruptor.comm is None:  # nuevo, o cerrado (close_all)
        # Con su valor desde el principio: cambiarlo después sería otro mensaje.
        _interruptor = widgets.HTML(valor, layout=layout(margin="0"), style=estilo(widgets.HTML))
    else:
        _interruptor.value = valor
    return _interruptor
