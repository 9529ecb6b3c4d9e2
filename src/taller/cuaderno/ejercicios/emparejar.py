"""Emparejar: cada elemento con una de las opciones (por ejemplo, valor y definición)."""

from __future__ import annotations

import ipywidgets as widgets

from taller.contenido import modelo as m
from taller.cuaderno.ejercicios._base import estilo, layout
from taller.cuaderno.ejercicios._filas import FilasBase
from taller.evaluar import Resultado, evaluar_emparejar


class EmparejarWidget(FilasBase):
    ejercicio: m.Emparejar

    def _control(self) -> widgets.Dropdown:
        if not hasattr(self, "_opciones"):
            opciones = self.ejercicio.opciones
            orden = self.barajar(len(opciones), "opciones")
            self._opciones = [("— Elija —", None)] + [(opciones[i], opciones[i]) for i in orden]
        return widgets.Dropdown(
            options=self._opciones,
            description="Respuesta:",
            style=estilo(widgets.Dropdown, description_width="initial"),
            layout=layout(width="auto", min_width="16em"),
        )

    def _evaluar(self, respuestas: list[str | None]) -> Resultado:
        return evaluar_emparejar(self.ejercicio, respuestas)
