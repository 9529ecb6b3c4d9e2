"""Clasificar: cada elemento en una de las categorías con nombre."""

from __future__ import annotations

import ipywidgets as widgets

from taller.contenido import modelo as m
from taller.cuaderno.ejercicios._base import estilo, layout
from taller.cuaderno.ejercicios._filas import FilasBase
from taller.evaluar import Resultado, evaluar_clasificar


class ClasificarWidget(FilasBase):
    ejercicio: m.Clasificar

    def _control(self) -> widgets.ToggleButtons:
        return widgets.ToggleButtons(
            options=[(c.nombre, c.id) for c in self.ejercicio.categorias],
            value=None,
            description="Categoría:",
            style=estilo(widgets.ToggleButtons, description_width="initial", button_width="auto"),
            layout=layout(),
            tooltips=[f"Clasificar como «{c.nombre}»" for c in self.ejercicio.categorias],
        )

    def _evaluar(self, respuestas: list[str | None]) -> Resultado:
        return evaluar_clasificar(self.ejercicio, respuestas)
