"""Caso ramificado: cada decisión muestra su consecuencia y lleva al siguiente punto; el
desenlace explica el camino recorrido. «Volver a empezar» inicia otro recorrido.

Se registra cada decisión al tomarla (``elemento`` = id del punto, ``valor`` = texto de la
decisión, ``correcta`` = None) y, al final, ``elemento`` = "desenlace" con su id y
``correcta`` = favorable. Todo un recorrido comparte el mismo ``intento``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .. import modelo as m
from ..evaluar import Recorrido, recorrer
from ._base import ESTILO_INICIAL, EjercicioBase, caja, citas, esc, oculto

DESENLACE = "desenlace"


class CasoRamificadoWidget(EjercicioBase):
    ejercicio: m.CasoRamificado

    def _construir(self) -> list[widgets.Widget]:
        oculto(self.boton_comprobar)
        self.boton_reintentar.description = "Volver a empezar"
        self.boton_reintentar.tooltip = "Volver a empezar el caso desde el principio"
        self.boton_reintentar.icon = "undo"
        self._intento: int | None = None
        self.decisiones: list[str] = []
        narrativa = widgets.HTML(f'<div class="taller-narrativa">'
                                 f"{esc(self.ejercicio.narrativa.strip())}</div>")
        self.historial = widgets.HTML()
        self.situacion = widgets.HTML()
        self.opciones = widgets.RadioButtons(options=[], value=None, description="Usted decide:",
                                             style=ESTILO_INICIAL,
                                             layout=widgets.Layout(width="auto"))
        self.boton_decidir = widgets.Button(description="Decidir", icon="arrow-right",
                                            button_style="primary", tooltip="Decidir",
                                            layout=widgets.Layout(width="auto",
                                                                  align_self="flex-start"))
        self.boton_decidir.on_click(self._decidir)
        self.aviso = widgets.HTML()
        self.paso = widgets.VBox([self.situacion, self.opciones, self.boton_decidir, self.aviso])
        self._pintar()
        return [narrativa, self.historial, self.paso]

    def recorrido(self) -> Recorrido:
        return recorrer(self.ejercicio, self.decisiones)

    def _pintar(self) -> None:
        """Dibuja el camino hasta ahora y el punto actual, o el desenlace."""
        recorrido = self.recorrido()
        pasos = "".join(
            f"<li><i>{esc(p.punto.situacion)}</i><br>Usted decidió: <b>{esc(p.decision.texto)}"
            f"</b><br>→ {esc(p.decision.consecuencia)}</li>" for p in recorrido.pasos)
        self.historial.value = (f"<p><b>Su camino:</b></p><ol>{pasos}</ol>" if pasos else "")
        self.aviso.value = ""
        if recorrido.actual is not None:
            punto = recorrido.actual
            self.situacion.value = (f"<p><b>Paso {len(recorrido.pasos) + 1}.</b> "
                                    f"{esc(punto.situacion)}</p>")
            orden = self.barajar(len(punto.decisiones), punto.id)
            self.opciones.options = [(punto.decisiones[i].texto, punto.decisiones[i].texto)
                                     for i in orden]
            self.opciones.value = None
            oculto(self.paso, False)
            self.retro.value = ""
            self.fuentes.value = ""
            oculto(self.boton_reintentar, not recorrido.pasos)
            return
        oculto(self.paso)
        desenlace = recorrido.desenlace
        if desenlace is None:  # no debería pasar: la validación revisa los caminos
            self.retro.value = caja("aviso", "⚠ El caso no tiene un desenlace aquí.",
                                    "Avise a quien facilita.")
            return
        titulo = ("✔ Desenlace favorable: " if desenlace.favorable
                  else "✘ Desenlace desfavorable: ") + esc(desenlace.titulo)
        explicacion = f"<p>{esc(desenlace.retroalimentacion)}</p>"
        n = len(recorrido.pasos)
        if n:
            explicacion += (f"<p>Llegó aquí tras {n} decisi{'ones' if n > 1 else 'ón'}; "
                            "arriba está el camino que tomó y lo que provocó cada una.</p>")
        self.retro.value = caja("correcto" if desenlace.favorable else "incorrecto", titulo,
                                explicacion)
        self.fuentes.value = citas(self.contenido, self.ejercicio.fuentes)
        oculto(self.boton_reintentar, False)

    def _decidir(self, _boton: widgets.Button | None = None) -> None:
        eleccion = self.opciones.value
        if eleccion is None:
            self.aviso.value = caja("aviso", "⚠ Falta algo.",
                                    "Elija una opción y pulse «Decidir».")
            return
        punto = self.recorrido().actual
        if punto is None:
            return
        if self._intento is None:
            self._intento = self.registro.intentos(self.ejercicio.id, self.modo) + 1
        self.decisiones.append(eleccion)
        recorrido = self.recorrido()
        respuestas = [self.respuesta(punto.id, eleccion, None, self._intento)]
        if recorrido.desenlace is not None:
            favorable = recorrido.desenlace.favorable
            respuestas.append(self.respuesta(DESENLACE, recorrido.desenlace.id, favorable,
                                             self._intento, float(favorable)))
        guardado = self.guardar(respuestas)
        self.intentos = self._intento
        self._pintar()
        if not guardado:
            self.avisar_no_guardado()
        self._mostrar_contador()

    def _restaurar(self, registros: list[dict[str, Any]]) -> None:
        decisiones = [r["valor"] for r in registros if r["elemento"] != DESENLACE]
        try:
            recorrer(self.ejercicio, decisiones)
        except ValueError:
            return  # el contenido cambió desde ese recorrido: se empieza de nuevo
        self.decisiones = decisiones
        self._intento = registros[-1]["intento"]
        self._pintar()

    def _al_reintentar(self, _boton: widgets.Button | None = None) -> None:
        self._intento = None
        self.decisiones = []
        self._pintar()
