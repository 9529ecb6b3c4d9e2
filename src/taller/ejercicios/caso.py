"""Caso: la narrativa y, después, sus preguntas una tras otra.

Cada pregunta se comprueba por separado (su respuesta se registra al momento, con
``elemento`` = id de la pregunta); la siguiente aparece al comprobar la anterior. Todas
las preguntas de un recorrido comparten el mismo ``intento``; «Intentar de nuevo» empieza
otro recorrido.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .. import modelo as m
from ..evaluar import evaluar_opciones, evaluar_preguntas, indices_de_textos, valor_de_opciones
from ._base import EjercicioBase, caja, citas, clase_de, esc, oculto
from ._pregunta import ControlPregunta, html_opciones


class CasoWidget(EjercicioBase):
    ejercicio: m.Caso

    def _construir(self) -> list[widgets.Widget]:
        oculto(self.boton_comprobar)
        self._intento: int | None = None
        self.respondidas: dict[str, list[int]] = {}
        narrativa = widgets.HTML(f'<div class="taller-narrativa">'
                                 f"{esc(self.ejercicio.narrativa.strip())}</div>")
        partes: list[widgets.Widget] = [narrativa]
        if self.ejercicio.derechos:
            partes.append(widgets.HTML(
                f"<p><b>Derechos en juego:</b> {esc(', '.join(self.ejercicio.derechos))}</p>"))
        self.preguntas: list[ControlPregunta] = []
        self.botones_pregunta: list[widgets.Button] = []
        self.bloques: list[widgets.VBox] = []
        total = len(self.ejercicio.preguntas)
        for k, pregunta in enumerate(self.ejercicio.preguntas):
            control = ControlPregunta(pregunta, self.barajar(len(pregunta.opciones), pregunta.id),
                                      numero=f"Pregunta {k + 1} de {total}.")
            boton = widgets.Button(description="Comprobar", icon="check",
                                   button_style="primary", tooltip=f"Comprobar la pregunta {k + 1}",
                                   layout=widgets.Layout(width="auto", align_self="flex-start"))
            boton.on_click(lambda _b, k=k: self._comprobar_pregunta(k))
            bloque = widgets.VBox([control.caja, boton])
            oculto(bloque, k > 0)
            self.preguntas.append(control)
            self.botones_pregunta.append(boton)
            self.bloques.append(bloque)
        return [*partes, *self.bloques]

    def _comprobar_pregunta(self, k: int) -> None:
        control = self.preguntas[k]
        pregunta = control.pregunta
        elegidas = control.elegidas()
        if not elegidas:
            control.retro.value = caja("aviso", "⚠ Falta algo.",
                                       "Elija una respuesta y pulse «Comprobar».")
            return
        if self._intento is None:
            self._intento = self.registro.intentos(self.ejercicio.id, self.modo) + 1
        resultado = evaluar_opciones(pregunta, elegidas, self.ejercicio.fuentes)
        guardado = self.guardar([self.respuesta(
            pregunta.id, valor_de_opciones(pregunta, elegidas), resultado.correcto,
            self._intento, resultado.puntaje)])
        self.intentos = self._intento
        self._responder(k, elegidas)
        if not guardado:
            control.retro.value += caja("aviso", "⚠ No se pudo guardar su respuesta.",
                                        "Avise a quien facilita.")
        self._mostrar_contador()

    def _responder(self, k: int, elegidas: list[int]) -> None:
        """Muestra la retroalimentación de la pregunta ``k``, la bloquea y abre la siguiente."""
        control = self.preguntas[k]
        self.respondidas[control.pregunta.id] = elegidas
        control.fijar(elegidas)
        control.habilitar(False)
        resultado = evaluar_opciones(control.pregunta, elegidas, self.ejercicio.fuentes)
        control.retro.value = html_opciones(resultado, control.pregunta, self.contenido)
        oculto(self.botones_pregunta[k])
        if k + 1 < len(self.bloques):
            oculto(self.bloques[k + 1], False)
        else:
            self._terminar()

    def _terminar(self) -> None:
        resultado = evaluar_preguntas(self.ejercicio.preguntas, self.respondidas,
                                      self.ejercicio.fuentes)
        self.retro.value = caja(
            clase_de(resultado.correcto, resultado.parcial),
            f"{'✔' if resultado.correcto else '⚠' if resultado.parcial else '✘'} "
            f"Resultado del caso: {resultado.marcador} preguntas respondidas correctamente.",
            "" if resultado.correcto else "Puede repasar las explicaciones y «Intentar de nuevo».")
        self.fuentes.value = citas(self.contenido, self.ejercicio.fuentes)
        oculto(self.boton_reintentar, False)

    def _restaurar(self, registros: list[dict[str, Any]]) -> None:
        por_pregunta = {r["elemento"]: r for r in registros}
        self._intento = registros[-1]["intento"]
        for k, control in enumerate(self.preguntas):
            registro = por_pregunta.get(control.pregunta.id)
            if registro is None:
                break
            valor = registro["valor"]
            textos = [valor] if isinstance(valor, str) else list(valor)
            elegidas = indices_de_textos(control.pregunta, textos)
            if not elegidas:
                break
            self._responder(k, elegidas)

    def _al_reintentar(self, _boton: widgets.Button | None = None) -> None:
        self._intento = None
        self.respondidas = {}
        for k, control in enumerate(self.preguntas):
            control.fijar([])
            control.habilitar(True)
            control.retro.value = ""
            oculto(self.botones_pregunta[k], False)
            oculto(self.bloques[k], k > 0)
        self.retro.value = ""
        self.fuentes.value = ""
        oculto(self.boton_reintentar)
