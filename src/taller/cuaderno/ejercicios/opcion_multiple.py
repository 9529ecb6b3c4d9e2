"""Opción múltiple: una pregunta con una o varias respuestas correctas."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from taller.buzon.registro import Respuesta
from taller.contenido import modelo as m
from taller.cuaderno.ejercicios._base import EjercicioBase, citas
from taller.cuaderno.ejercicios._pregunta import ControlPregunta, html_opciones
from taller.evaluar import Resultado, evaluar_opciones, indices_de_textos, valor_de_opciones


class OpcionMultipleWidget(EjercicioBase):
    ejercicio: m.OpcionMultiple

    def _construir(self) -> list[widgets.Widget]:
        pregunta = self.ejercicio.pregunta
        self.control = ControlPregunta(pregunta, self.barajar(len(pregunta.opciones)))
        return [self.control.caja]

    def _revisar(self) -> str | None:
        if self.control.elegidas():
            return None
        if self.ejercicio.pregunta.seleccion == "unica":
            return "Elija una opción y después pulse «Comprobar»."
        return "Marque al menos una opción y después pulse «Comprobar»."

    def _resultado(self) -> Resultado:
        return evaluar_opciones(
            self.ejercicio.pregunta, self.control.elegidas(), self.ejercicio.fuentes
        )

    def _respuestas(self, intento: int) -> list[Respuesta]:
        resultado = self._resultado()
        valor = valor_de_opciones(self.ejercicio.pregunta, self.control.elegidas())
        return [self.respuesta("", valor, resultado.correcto, intento, resultado.puntaje)]

    def _mostrar(self) -> None:
        resultado = self._resultado()
        self.retro.value = html_opciones(
            resultado, self.ejercicio.pregunta, self.contenido, con_fuentes=False
        )
        fuentes = self.ejercicio.pregunta.fuentes or self.ejercicio.fuentes
        self.fuentes.value = citas(self.contenido, fuentes)

    def _fijar(self, registros: list[dict[str, Any]]) -> None:
        valor = registros[-1]["valor"]
        textos = [valor] if isinstance(valor, str) else list(valor)
        indices = indices_de_textos(self.ejercicio.pregunta, textos)
        if not indices:
            raise ValueError("ninguna opción registrada existe en el contenido")
        self.control.fijar(indices)

    def _habilitar(self, si: bool) -> None:
        self.control.habilitar(si)
