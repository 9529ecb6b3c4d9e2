"""Caso ramificado: cada decisión muestra su consecuencia y lleva al siguiente punto; el
desenlace explica el camino recorrido. «Volver a empezar» inicia otro recorrido.

Se registra cada decisión al tomarla (``elemento`` = id del punto, ``valor`` = texto de la
decisión, ``correcta`` = None) y, al final, ``elemento`` = "desenlace" con su id y
``correcta`` = favorable. Todo un recorrido comparte el mismo ``intento``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from taller.contenido import modelo as m
from taller.cuaderno.ejercicios._base import (
    EjercicioBase,
    Hueco,
    armar,
    boton,
    caja,
    citas,
    esc,
    estilo,
    html,
    layout,
    oculto,
)
from taller.evaluar import Recorrido, recorrer

DESENLACE = "desenlace"


class CasoRamificadoWidget(EjercicioBase):
    ejercicio: m.CasoRamificado
    con_comprobar = False  # se avanza con «Decidir»
    texto_reintentar = "Volver a empezar"
    icono_reintentar = "undo"
    tooltip_reintentar = "Volver a empezar el caso desde el principio"

    def _construir(self) -> list[widgets.Widget]:
        self._intento: int | None = None
        self.decisiones: list[str] = []
        narrativa = html(
            f'<div class="taller-narrativa">{esc(self.ejercicio.narrativa.strip())}</div>'
        )
        # El primer punto se dibuja con los valores iniciales de los controles (sin
        # mensajes de más); restaurar o decidir usan ``_pintar``.
        punto = self.recorrido().actual
        self.historial = Hueco()  # su widget se crea con la primera decisión
        self.situacion = html(self._texto_situacion(punto, 0) if punto else "")
        self.opciones = widgets.RadioButtons(
            options=self._opciones_de(punto) if punto else [],
            value=None,
            description="Usted decide:",
            style=estilo(widgets.RadioButtons, description_width="initial"),
            layout=layout(width="auto"),
        )
        self.boton_decidir = boton("Decidir", "arrow-right", primario=True, align_self="flex-start")
        self.boton_decidir.on_click(self._decidir)
        self.aviso = Hueco()
        self.paso = armar(
            widgets.VBox,
            [self.situacion, self.opciones, self.boton_decidir, self.aviso],
            layout=layout(),
        )
        if punto is None:  # no debería pasar: la validación exige al menos un punto
            self._pintar()
        return [narrativa, self.historial, self.paso]

    def recorrido(self) -> Recorrido:
        return recorrer(self.ejercicio, self.decisiones)

    @staticmethod
    def _texto_situacion(punto: m.Punto, n: int) -> str:
        return f"<p><b>Paso {n + 1}.</b> {esc(punto.situacion)}</p>"

    def _opciones_de(self, punto: m.Punto) -> list[tuple[str, str]]:
        orden = self.barajar(len(punto.decisiones), punto.id)
        return [(punto.decisiones[i].texto, punto.decisiones[i].texto) for i in orden]

    def _pintar(self) -> None:
        """Dibuja el camino hasta ahora y el punto actual, o el desenlace."""
        recorrido = self.recorrido()
        pasos = "".join(
            f"<li><i>{esc(p.punto.situacion)}</i><br>Usted decidió: <b>{esc(p.decision.texto)}"
            f"</b><br>→ {esc(p.decision.consecuencia)}</li>"
            for p in recorrido.pasos
        )
        self.historial.value = f"<p><b>Su camino:</b></p><ol>{pasos}</ol>" if pasos else ""
        self.aviso.value = ""
        if recorrido.actual is not None:
            punto = recorrido.actual
            self.situacion.value = self._texto_situacion(punto, len(recorrido.pasos))
            self.opciones.options = self._opciones_de(punto)
            self.opciones.value = None
            oculto(self.paso, False)
            self.retro.value = ""
            self.fuentes.value = ""
            self._ver_reintentar(bool(recorrido.pasos))
            return
        oculto(self.paso)
        desenlace = recorrido.desenlace
        if desenlace is None:  # no debería pasar: la validación revisa los caminos
            self.retro.value = caja(
                "aviso", "⚠ El caso no tiene un desenlace aquí.", "Avise a quien facilita."
            )
            return
        titulo = (
            "✔ Desenlace favorable: " if desenlace.favorable else "✘ Desenlace desfavorable: "
        ) + esc(desenlace.titulo)
        explicacion = f"<p>{esc(desenlace.retroalimentacion)}</p>"
        n = len(recorrido.pasos)
        if n:
            explicacion += (
                f"<p>Llegó aquí tras {n} decisi{'ones' if n > 1 else 'ón'}; "
                "arriba está el camino que tomó y lo que provocó cada una.</p>"
            )
        self.retro.value = caja(
            "correcto" if desenlace.favorable else "incorrecto", titulo, explicacion
        )
        self.fuentes.value = citas(self.contenido, self.ejercicio.fuentes)
        self._ver_reintentar()

    def _decidir(self, _boton: widgets.Button | None = None) -> None:
        eleccion = self.opciones.value
        if eleccion is None:
            self.aviso.value = caja("aviso", "⚠ Falta algo.", "Elija una opción y pulse «Decidir».")
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
            respuestas.append(
                self.respuesta(
                    DESENLACE, recorrido.desenlace.id, favorable, self._intento, float(favorable)
                )
            )
        guardado = self.guardar(respuestas)
        self.intentos = self._intento
        self._pintar()
        if not guardado:
            self.avisar_no_guardado()
        else:
            self.retro.value += self.aviso_pendiente()
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
