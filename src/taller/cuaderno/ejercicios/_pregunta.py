"""Los controles de una pregunta de opción múltiple (sola, en un caso o en la evaluación).

Selección única: ``RadioButtons``; selección múltiple: una ``Checkbox`` por opción. Los
valores de los controles son índices de las opciones en el contenido, así el orden
barajado no afecta la calificación.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import ipywidgets as widgets

from taller.contenido import modelo as m
from taller.cuaderno.ejercicios._base import (
    Hueco,
    armar,
    caja,
    citas,
    clase_de,
    esc,
    estilo,
    html,
    layout,
    titulo_de,
)
from taller.evaluar import Resultado


class ControlPregunta:
    """El enunciado, los controles y la retroalimentación de una pregunta en ``caja``.

    ``extra``: widgets que van al final de la caja (el botón «Comprobar» de un caso).
    """

    def __init__(
        self,
        pregunta: m.Pregunta,
        orden: Sequence[int],
        numero: str = "",
        extra: Sequence[widgets.Widget] = (),
    ) -> None:
        self.pregunta = pregunta
        self.orden = list(orden)
        prefijo = f"{esc(numero)} " if numero else ""
        indicacion = (
            "" if pregunta.seleccion == "unica" else "<i>Marque todas las que correspondan.</i>"
        )
        self.enunciado = html(f"<p><b>{prefijo}{esc(pregunta.pregunta)}</b></p>{indicacion}")
        self.radio: widgets.RadioButtons | None = None
        self.casillas: dict[int, widgets.Checkbox] = {}
        if pregunta.seleccion == "unica":
            self.radio = widgets.RadioButtons(
                options=[(pregunta.opciones[i].texto, i) for i in self.orden],
                value=None,
                description="Elija una:",
                style=estilo(widgets.RadioButtons, description_width="initial"),
                layout=layout(width="auto", max_width="100%"),
            )
            controles: list[widgets.Widget] = [self.radio]
        else:
            estilo_casilla = estilo(widgets.Checkbox)
            disposicion = layout(width="auto")
            self.casillas = {
                i: widgets.Checkbox(
                    value=False,
                    description=pregunta.opciones[i].texto,
                    indent=False,
                    style=estilo_casilla,
                    layout=disposicion,
                )
                for i in self.orden
            }
            controles = list(self.casillas.values())
        self.retro = Hueco()  # su widget se crea al escribir la retroalimentación
        self.caja = armar(
            widgets.VBox,
            [self.enunciado, *controles, self.retro, *extra],
            layout=layout(margin="0.3em 0 0.6em 0"),
        )

    def elegidas(self) -> list[int]:
        if self.radio is not None:
            return [] if self.radio.value is None else [self.radio.value]
        return [i for i, c in self.casillas.items() if c.value]

    def fijar(self, indices: Iterable[int]) -> None:
        marcadas = set(indices)
        if self.radio is not None:
            self.radio.value = next(iter(marcadas), None)
        for i, casilla in self.casillas.items():
            casilla.value = i in marcadas

    def habilitar(self, si: bool) -> None:
        if self.radio is not None:
            self.radio.disabled = not si
        for casilla in self.casillas.values():
            casilla.disabled = not si


def _opcion(texto: str) -> str:
    """El texto de la opción en negritas, con dos puntos si no termina en puntuación."""
    final = "" if texto.rstrip().endswith((".", "?", "!", ":", "»", ")")) else ":"
    return f"<b>{esc(texto)}{final}</b>"


def html_opciones(
    resultado: Resultado,
    pregunta: m.Pregunta,
    contenido: m.Contenido,
    *,
    revelar: bool = False,
    con_fuentes: bool = True,
) -> str:
    """La retroalimentación de una pregunta: encabezado, el porqué de cada opción elegida,
    las correctas que faltaron (selección múltiple, o siempre con ``revelar``) y la fuente.
    """
    detalle = ""
    if pregunta.seleccion == "multiple":
        detalle = f"({resultado.marcador} opciones bien marcadas)"
    filas = "".join(
        f"<li>{'✔' if i.correcta else '✘'} {_opcion(i.texto)} {esc(i.explicacion)}</li>"
        for i in resultado.items
    )
    cuerpo = f"{detalle}<ul>{filas}</ul>"
    if resultado.faltantes and (revelar or pregunta.seleccion == "multiple"):
        etiqueta = (
            "Le faltó marcar:" if pregunta.seleccion == "multiple" else "La respuesta correcta es:"
        )
        faltan = "".join(
            f"<li>⚠ {_opcion(i.texto)} {esc(i.explicacion)}</li>" for i in resultado.faltantes
        )
        cuerpo += f"{etiqueta}<ul>{faltan}</ul>"
    texto = caja(
        clase_de(resultado.correcto, resultado.parcial),
        titulo_de(resultado.correcto, resultado.parcial),
        cuerpo,
    )
    if con_fuentes:
        fuentes = resultado.items[0].fuentes if resultado.items else pregunta.fuentes
        texto += citas(contenido, fuentes)
    return texto
