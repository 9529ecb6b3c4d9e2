"""Encuesta (escala de Likert): un control por afirmación; se guarda como número 1..n."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from taller.buzon.registro import Respuesta
from taller.contenido import modelo as m
from taller.cuaderno.ejercicios._base import EjercicioBase, caja, esc, estilo, html, layout
from taller.evaluar import sin_responder


class EncuestaWidget(EjercicioBase):
    ejercicio: m.Encuesta
    texto_comprobar = "Guardar"
    icono_comprobar = "save"
    reintentable = False
    bloquear = False  # se puede cambiar de opinión y guardar otra vez

    def _construir(self) -> list[widgets.Widget]:
        escala = self.ejercicio.escala
        opciones = [(etiqueta, n) for n, etiqueta in enumerate(escala, start=1)]
        self.controles: dict[str, widgets.ToggleButtons] = {}
        filas: list[widgets.Widget] = [
            html(
                f"<p><i>Escala: de «{esc(escala[0])}» (1) a «{esc(escala[-1])}» "
                f"({len(escala)}). No hay respuestas correctas ni incorrectas.</i></p>"
            )
        ]
        for numero, item in enumerate(self.ejercicio.preguntas, start=1):
            control = widgets.ToggleButtons(
                options=opciones,
                value=None,
                description="Su respuesta:",
                style=estilo(
                    widgets.ToggleButtons, description_width="initial", button_width="auto"
                ),
                layout=layout(),
                tooltips=[f"{n}: {e}" for e, n in opciones],
            )
            self.controles[item.id] = control
            filas.append(
                widgets.VBox(
                    [html(f"<b>{numero}.</b> {esc(item.texto)}"), control],
                    layout=layout(
                        padding="0.3em 0", border_bottom="1px solid var(--jp-border-color2)"
                    ),
                )
            )
        return filas

    def _valores(self) -> dict[str, int | None]:
        return {clave: c.value for clave, c in self.controles.items()}

    def _revisar(self) -> str | None:
        faltan = sin_responder(self.controles, self._valores())
        if not faltan:
            return None
        numeros = [
            str(n) for n, item in enumerate(self.ejercicio.preguntas, start=1) if item.id in faltan
        ]
        return f"Falta responder: {', '.join(numeros)}."

    def _respuestas(self, intento: int) -> list[Respuesta]:
        return [
            self.respuesta(clave, valor, None, intento) for clave, valor in self._valores().items()
        ]

    def _mostrar(self) -> None:
        self.retro.value = caja(
            "correcto",
            "✔ Se guardaron sus respuestas. ¡Gracias!",
            "Si cambia de opinión, cambie la respuesta y pulse «Guardar».",
        )

    def _fijar(self, registros: list[dict[str, Any]]) -> None:
        for registro in registros:
            if registro["elemento"] in self.controles:
                self.controles[registro["elemento"]].value = int(registro["valor"])
