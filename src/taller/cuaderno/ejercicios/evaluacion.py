"""Evaluación diagnóstica y final con el mismo banco de preguntas.

- ``modo="diagnostico"``: sin retroalimentación por pregunta; al enviar, solo el puntaje.
- ``modo="final"``: al enviar, el puntaje, la comparación con la diagnóstica de la misma
  persona y, en cada pregunta, si acertó, por qué y su fuente.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from taller.buzon import MODOS_EVALUACION
from taller.buzon.registro import Respuesta
from taller.contenido import modelo as m
from taller.cuaderno.ejercicios._base import EjercicioBase, caja, citas, clase_de, esc, html
from taller.cuaderno.ejercicios._pregunta import ControlPregunta, html_opciones
from taller.evaluar import (
    Resultado,
    aciertos_de_registros,
    comparar,
    evaluar_opciones,
    evaluar_preguntas,
    indices_de_textos,
)

MODOS = MODOS_EVALUACION  # los de la evaluación, del esquema del buzón


class EvaluacionWidget(EjercicioBase):
    ejercicio: m.Evaluacion
    texto_comprobar = "Enviar respuestas"
    icono_comprobar = "paper-plane"
    reintentable = False

    def _construir(self) -> list[widgets.Widget]:
        nombre = "diagnóstica" if self.modo == "diagnostico" else "final"
        total = len(self.ejercicio.banco)
        aviso = (
            "Al enviar verá solo su puntaje; las explicaciones llegan en la evaluación final."
            if self.modo == "diagnostico"
            else "Al enviar verá su puntaje, la explicación de cada pregunta y la comparación "
            "con su evaluación diagnóstica."
        )
        intro = html(
            f"<p><b>Evaluación {nombre}</b>: {total} preguntas. Responda "
            f"todas y pulse «Enviar respuestas». {esc(aviso)}</p>"
        )
        self.preguntas = {
            p.id: ControlPregunta(p, self.barajar(len(p.opciones), p.id), numero=f"{k}.")
            for k, p in enumerate(self.ejercicio.banco, start=1)
        }
        return [intro, *(c.caja for c in self.preguntas.values())]

    def _elegidas(self) -> dict[str, list[int]]:
        return {clave: c.elegidas() for clave, c in self.preguntas.items()}

    def _resultado(self) -> Resultado:
        return evaluar_preguntas(self.ejercicio.banco, self._elegidas(), self.ejercicio.fuentes)

    def _revisar(self) -> str | None:
        faltan = [
            str(k) for k, c in enumerate(self.preguntas.values(), start=1) if not c.elegidas()
        ]
        if not faltan:
            return None
        return f"Falta responder: {', '.join(faltan)}. Responda todas antes de enviar."

    def _respuestas(self, intento: int) -> list[Respuesta]:
        return [
            self.respuesta(item.clave, item.elegida, item.correcta, intento, float(item.correcta))
            for item in self._resultado().items
        ]

    def _mostrar(self) -> None:
        resultado = self._resultado()
        puntaje = f"Obtuvo {resultado.marcador} respuestas correctas."
        if self.modo == "diagnostico":
            self.retro.value = caja(
                "correcto",
                "✔ Se registraron sus respuestas.",
                f"{puntaje} Con las mismas preguntas hará la evaluación final al terminar "
                "el taller; ahí verá las explicaciones.",
            )
            return
        elegidas = self._elegidas()
        for pregunta in self.ejercicio.banco:
            parcial = evaluar_opciones(pregunta, elegidas[pregunta.id], self.ejercicio.fuentes)
            self.preguntas[pregunta.id].retro.value = html_opciones(
                parcial, pregunta, self.contenido, revelar=True
            )
        self.retro.value = caja(
            clase_de(resultado.correcto, resultado.parcial),
            f"Evaluación final: {esc(puntaje)}",
            self._comparacion(resultado) + " Debajo de cada pregunta está su explicación.",
        )
        self.fuentes.value = citas(
            self.contenido, [f for item in resultado.items for f in item.fuentes]
        )

    def _comparacion(self, final: Resultado) -> str:
        diagnostico = self.registro.anteriores(self.ejercicio.id, modo="diagnostico")
        if not diagnostico:
            return "No se encontró su evaluación diagnóstica para comparar."
        cifras = aciertos_de_registros(diagnostico)
        comparacion = comparar(cifras, final)
        if comparacion is None:
            return (
                f"En la diagnóstica obtuvo {cifras[0]} de {cifras[1]} (con otro número "
                "de preguntas, así que no se comparan)."
            )
        d = comparacion.diferencia
        cambio = (
            f"{d} acierto{'s' if d != 1 else ''} más"
            if d > 0
            else f"{-d} acierto{'s' if d != -1 else ''} menos"
            if d < 0
            else "los mismos aciertos"
        )
        return (
            f"En la evaluación diagnóstica obtuvo {comparacion.antes} de {comparacion.total};"
            f" en la final, {comparacion.despues} de {comparacion.total}: {cambio}."
        )

    def _fijar(self, registros: list[dict[str, Any]]) -> None:
        for registro in registros:
            control = self.preguntas[registro["elemento"]]
            control.fijar(indices_de_textos(control.pregunta, [registro["valor"]]))

    def _habilitar(self, si: bool) -> None:
        for control in self.preguntas.values():
            control.habilitar(si)
