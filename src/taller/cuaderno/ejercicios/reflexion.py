"""Reflexión: un área de texto, «Guardar» y una confirmación visible.

Cada vez que se guarda se registra un intento nuevo con el texto completo. El texto de
la persona se escapa siempre que se vuelve a mostrar.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from taller.buzon.registro import Respuesta
from taller.contenido import modelo as m
from taller.cuaderno.ejercicios._base import EjercicioBase, caja, esc, estilo, html, layout
from taller.evaluar import revisar_reflexion


class ReflexionWidget(EjercicioBase):
    ejercicio: m.Reflexion
    texto_comprobar = "Guardar"
    icono_comprobar = "save"
    reintentable = False
    bloquear = False  # se puede seguir escribiendo y guardar otra versión
    dice_guardado = True

    def _construir(self) -> list[widgets.Widget]:
        ej = self.ejercicio
        limites = f"Máximo {ej.max_caracteres} caracteres"
        if ej.minimo_caracteres:
            limites = f"Mínimo {ej.minimo_caracteres} y máximo {ej.max_caracteres} caracteres"
        consigna = html(
            f'<p class="taller-consigna"><b>{esc(ej.consigna)}</b></p>'
            f"<p><i>{limites}. Solo usted y quien facilita verán su "
            "texto.</i></p>"
        )
        self.texto = widgets.Textarea(
            value="",
            placeholder="Escriba aquí su reflexión…",
            description="Su reflexión:",
            style=estilo(widgets.Textarea, description_width="initial"),
            layout=layout(width="100%", max_width="48em", height="9em"),
        )
        self.cuenta = html(self._texto_cuenta())
        self.texto.observe(self._contar, names="value")
        return [consigna, self.texto, self.cuenta]

    def _texto_cuenta(self) -> str:
        largo = len(self.texto.value.strip())
        maximo = self.ejercicio.max_caracteres
        exceso = " ⚠ Se pasa del máximo." if largo > maximo else ""
        return f'<div class="taller-fuentes">{largo} de {maximo} caracteres.{exceso}</div>'

    def _contar(self, _cambio: Any = None) -> None:
        self.cuenta.value = self._texto_cuenta()

    def _revisar(self) -> str | None:
        return revisar_reflexion(self.ejercicio, self.texto.value)

    def _respuestas(self, intento: int) -> list[Respuesta]:
        return [self.respuesta("", self.texto.value.strip(), None, intento)]

    def _mostrar(self) -> None:
        guardado = esc(self.texto.value.strip())
        self.retro.value = caja(
            "correcto",
            f"✔ Guardado (versión {self.intentos}).",
            "Puede seguir escribiendo y pulsar «Guardar» otra vez; se conserva la última "
            f'versión.<div class="taller-cita">«{guardado}»</div>',
        )

    def _fijar(self, registros: list[dict[str, Any]]) -> None:
        valor = registros[-1]["valor"]
        if not isinstance(valor, str):
            raise TypeError("la reflexión registrada no es texto")
        self.texto.value = valor
