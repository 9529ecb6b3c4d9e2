"""Caso: la narrativa y, después, sus preguntas una tras otra.

Cada pregunta se comprueba por separado (su respuesta se registra al momento, con
``elemento`` = id de la pregunta); la siguiente aparece al comprobar la anterior. Todas
las preguntas de un recorrido comparten el mismo ``intento``; «Intentar de nuevo» empieza
otro recorrido.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from taller.contenido import modelo as m
from taller.cuaderno.ejercicios._base import (
    EjercicioBase,
    boton,
    caja,
    citas,
    clase_de,
    esc,
    html,
    oculto,
)
from taller.cuaderno.ejercicios._pregunta import ControlPregunta, html_opciones
from taller.evaluar import evaluar_opciones, evaluar_preguntas, indices_de_textos, valor_de_opciones


class CasoWidget(EjercicioBase):
    ejercicio: m.Caso
    con_comprobar = False  # cada pregunta tiene su botón

    def _construir(self) -> list[widgets.Widget]:
        self._intento: int | None = None
        self.respondidas: dict[str, list[int]] = {}
        derechos = ""
        if self.ejercicio.derechos:
            derechos = f"<p><b>Derechos en juego:</b> {esc(', '.join(self.ejercicio.derechos))}</p>"
        narrativa = html(
            f'<div class="taller-narrativa">{esc(self.ejercicio.narrativa.strip())}</div>{derechos}'
        )
        # Las preguntas se crean al abrirse (la siguiente al comprobar la anterior, o al
        # restaurar): ``preguntas``, ``botones_pregunta`` y ``bloques`` crecen juntas.
        self.preguntas: list[ControlPregunta] = []
        self.botones_pregunta: list[widgets.Button] = []
        self.bloques: list[widgets.VBox] = []
        self._abrir(0)
        return [narrativa, *self.bloques]

    def _abrir(self, k: int) -> None:
        """Muestra la pregunta ``k`` (la crea la primera vez)."""
        if k >= len(self.ejercicio.preguntas):
            return
        if k < len(self.bloques):
            oculto(self.bloques[k], False)
            oculto(self.botones_pregunta[k], False)
            return
        total = len(self.ejercicio.preguntas)
        pregunta = self.ejercicio.preguntas[k]
        boton_k = boton(
            "Comprobar",
            "check",
            tooltip=f"Comprobar la pregunta {k + 1}",
            primario=True,
            align_self="flex-start",
        )
        boton_k.on_click(lambda _b, k=k: self._comprobar_pregunta(k))
        control = ControlPregunta(
            pregunta,
            self.barajar(len(pregunta.opciones), pregunta.id),
            numero=f"Pregunta {k + 1} de {total}.",
            extra=[boton_k],
        )
        if self.bloques:  # va tras la pregunta anterior
            self._cuerpo.insert(self._cuerpo.index(self.bloques[-1]) + 1, control.caja)
        self.preguntas.append(control)
        self.botones_pregunta.append(boton_k)
        self.bloques.append(control.caja)
        self._armar()

    def _comprobar_pregunta(self, k: int) -> None:
        control = self.preguntas[k]
        pregunta = control.pregunta
        elegidas = control.elegidas()
        if not elegidas:
            control.retro.value = caja(
                "aviso", "⚠ Falta algo.", "Elija una respuesta y pulse «Comprobar»."
            )
            return
        if self._intento is None:
            self._intento = self.registro.intentos(self.ejercicio.id, self.modo) + 1
        resultado = evaluar_opciones(pregunta, elegidas, self.ejercicio.fuentes)
        guardado = self.guardar(
            [
                self.respuesta(
                    pregunta.id,
                    valor_de_opciones(pregunta, elegidas),
                    resultado.correcto,
                    self._intento,
                    resultado.puntaje,
                )
            ]
        )
        self.intentos = self._intento
        self._responder(k, elegidas)
        if not guardado:
            control.retro.value += caja(
                "aviso", "⚠ No se pudo guardar su respuesta.", "Avise a quien facilita."
            )
        else:
            control.retro.value += self.aviso_pendiente()
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
        if k + 1 < len(self.ejercicio.preguntas):
            self._abrir(k + 1)
        else:
            self._terminar()

    def _terminar(self) -> None:
        resultado = evaluar_preguntas(
            self.ejercicio.preguntas, self.respondidas, self.ejercicio.fuentes
        )
        self.retro.value = caja(
            clase_de(resultado.correcto, resultado.parcial),
            f"{'✔' if resultado.correcto else '⚠' if resultado.parcial else '✘'} "
            f"Resultado del caso: {resultado.marcador} preguntas respondidas correctamente.",
            "" if resultado.correcto else "Puede repasar las explicaciones y «Intentar de nuevo».",
        )
        self.fuentes.value = citas(self.contenido, self.ejercicio.fuentes)
        self._ver_reintentar()

    def _restaurar(self, registros: list[dict[str, Any]]) -> None:
        por_pregunta = {r["elemento"]: r for r in registros}
        self._intento = registros[-1]["intento"]
        for k, pregunta in enumerate(self.ejercicio.preguntas):
            if k >= len(self.preguntas):
                break  # la anterior no quedó respondida
            control = self.preguntas[k]
            registro = por_pregunta.get(pregunta.id)
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
            if k > 0:
                oculto(self.bloques[k])
        self._abrir(0)
        self.retro.value = ""
        self.fuentes.value = ""
        self._ver_reintentar(False)
