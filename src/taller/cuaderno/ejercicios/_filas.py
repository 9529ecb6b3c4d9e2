"""Ejercicios por filas (emparejar, clasificar): un texto y un control por elemento, una
marca ✔/✘ con su explicación debajo de cada fila y el marcador «n de m»."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from taller.buzon.registro import Respuesta
from taller.contenido import modelo as m
from taller.cuaderno.ejercicios._base import (
    CORRECTO,
    INCORRECTO,
    EjercicioBase,
    Hueco,
    armar,
    caja,
    citas,
    clase_de,
    esc,
    estilo,
    layout,
)
from taller.evaluar import Resultado


class FilasBase(EjercicioBase):
    ejercicio: m.Emparejar | m.Clasificar

    def _control(self) -> widgets.ValueWidget:
        """Un control nuevo con valor ``None`` (sin elegir)."""
        raise NotImplementedError

    def _evaluar(self, respuestas: list[str | None]) -> Resultado:
        raise NotImplementedError

    def _construir(self) -> list[widgets.Widget]:
        elementos = self.ejercicio.elementos
        self.orden = self.barajar(len(elementos), "elementos")
        self.controles: dict[int, widgets.ValueWidget] = {}
        self.marcas: dict[int, Hueco] = {}
        filas = []
        estilo_texto = estilo(widgets.HTML)
        disposicion_texto = layout(width="26em", max_width="100%", margin="0 1em 0 0")
        # Una fila: texto y control y, al comprobar, la marca debajo (ocupa todo el ancho).
        disposicion_fila = layout(
            flex_flow="row wrap",
            align_items="center",
            border_bottom="1px solid var(--jp-border-color2)",
            padding="0.3em 0",
        )
        for numero, i in enumerate(self.orden, start=1):
            texto = widgets.HTML(
                f"<b>{numero}.</b> {esc(elementos[i].texto)}",
                layout=disposicion_texto,
                style=estilo_texto,
            )
            self.controles[i] = self._control()
            self.marcas[i] = Hueco(width="100%")
            filas.append(
                armar(
                    widgets.HBox,
                    [texto, self.controles[i], self.marcas[i]],
                    layout=disposicion_fila,
                )
            )
        return [widgets.VBox(filas, layout=layout())]

    def _elegidas(self) -> list[str | None]:
        return [self.controles[i].value for i in range(len(self.ejercicio.elementos))]

    def _revisar(self) -> str | None:
        faltan = [
            str(n) for n, i in enumerate(self.orden, start=1) if self.controles[i].value is None
        ]
        if not faltan:
            return None
        plural = "las filas" if len(faltan) > 1 else "la fila"
        return f"Elija una respuesta en {plural} {', '.join(faltan)} y pulse «Comprobar»."

    def _respuestas(self, intento: int) -> list[Respuesta]:
        resultado = self._evaluar(self._elegidas())
        return [
            self.respuesta(item.clave, item.elegida, item.correcta, intento, float(item.correcta))
            for item in resultado.items
        ]

    def _mostrar(self) -> None:
        resultado = self._evaluar(self._elegidas())
        for item in resultado.items:
            titulo = CORRECTO if item.correcta else INCORRECTO
            self.marcas[int(item.clave)].value = caja(
                clase_de(item.correcta), titulo, esc(item.explicacion)
            )
        if resultado.correcto:
            resumen = caja("correcto", f"✔ Todo correcto: {resultado.marcador}.")
        else:
            consejo = "Revise las filas marcadas con ✘"
            consejo += " y pulse «Intentar de nuevo»." if self.reintentable else "."
            resumen = caja(
                clase_de(False, resultado.parcial),
                f"{'⚠' if resultado.parcial else '✘'} {resultado.marcador} correctas.",
                consejo,
            )
        self.retro.value = resumen
        fuentes = [f for item in resultado.items for f in item.fuentes]
        self.fuentes.value = citas(self.contenido, fuentes or self.ejercicio.fuentes)

    def _fijar(self, registros: list[dict[str, Any]]) -> None:
        for registro in registros:
            control = self.controles[int(registro["elemento"])]
            control.value = registro["valor"]  # TraitError (ValueError) si ya no existe

    def _habilitar(self, si: bool) -> None:
        for control in self.controles.values():
            control.disabled = not si

    def _limpiar(self) -> None:
        for marca in self.marcas.values():
            marca.value = ""
