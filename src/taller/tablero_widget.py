"""El widget del tablero (``Tablero``); se reexporta desde ``taller.tablero``."""

from __future__ import annotations

import threading
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from . import _graficas as g
from .registro import Buzon, Lectura
from .tablero import (
    ENCABEZADOS_ACIERTOS,
    ENCABEZADOS_ERRORES,
    ENCABEZADOS_GANANCIA,
    ENCABEZADOS_PARTICIPACION,
    ENCABEZADOS_PRE_POST,
    FORMATOS,
    LecturaIncremental,
    aciertos_por_ejercicio,
    distribucion_de_opciones,
    encuesta,
    errores_frecuentes,
    fechas,
    filtrar,
    ganancia_del_grupo,
    participacion,
    pre_post,
    reflexiones,
    tabla_registros,
    titulo,
)

if TYPE_CHECKING:
    from .modelo import Contenido

_PESTANAS = ("Participación", "Por ejercicio", "Diagnóstica y final", "Reflexiones", "Encuesta")


class Tablero(widgets.VBox):
    """El tablero de quien facilita: elige grupo y fecha, y se actualiza en su lugar.

    ``Tablero(buzon, contenido=None, grupo=None)``; ``actualizar()`` vuelve a leer el buzón
    (lo hace también el botón «Actualizar», y cada ``cada`` segundos si se marca la
    casilla). No imprime nada: todo va a widgets ``HTML`` e ``Image``.
    """

    def __init__(
        self,
        buzon: Buzon | str | Path,
        contenido: Contenido | None = None,
        grupo: str | None = None,
        letra_grande: bool = False,
        cada: float = 10.0,
    ) -> None:
        self.buzon = buzon if isinstance(buzon, Buzon) else Buzon(buzon)
        self.contenido = contenido
        self.cada = cada
        self.tabla = tabla_registros([])
        #: Los problemas de la última lectura (``registros`` queda vacío: la tabla basta).
        self.lectura = Lectura()
        self._lector = LecturaIncremental(self.buzon)
        self._candado = threading.Lock()
        self._parar = threading.Event()
        self._hilo: threading.Thread | None = None
        self._pintando = False
        estilo = {"description_width": "initial"}
        self.grupo = widgets.Dropdown(description="Grupo", options=[], style=estilo)
        self.fecha = widgets.Dropdown(description="Fecha", options=[("Todas", None)])
        self.ejercicio = widgets.Dropdown(description="Ejercicio", options=[], style=estilo)
        self.grande = widgets.ToggleButton(value=letra_grande, description="Letra grande")
        self.boton = widgets.Button(description="Actualizar", icon="refresh")
        self.automatico = widgets.Checkbox(
            value=False, description=f"Actualizar cada {cada:g} s", indent=False
        )
        self.estado = widgets.HTML()
        self.html_participacion = widgets.HTML()
        self.html_aciertos = widgets.HTML()
        self.img_aciertos = widgets.Image(format="png")
        self.img_opciones = widgets.Image(format="png")
        self.html_errores = widgets.HTML()
        self.img_pre_post = widgets.Image(format="png")
        self.html_pre_post = widgets.HTML()
        self.html_reflexiones = widgets.HTML()
        self.html_encuesta = widgets.HTML()
        self.img_encuesta = widgets.Image(format="png")
        pestanas = widgets.Tab(
            children=[
                self.html_participacion,
                widgets.VBox(
                    [
                        self.img_aciertos,
                        self.html_aciertos,
                        self.ejercicio,
                        self.img_opciones,
                        self.html_errores,
                    ]
                ),
                widgets.VBox([self.img_pre_post, self.html_pre_post]),
                self.html_reflexiones,
                widgets.VBox([self.img_encuesta, self.html_encuesta]),
            ],
            titles=_PESTANAS,
        )
        controles = widgets.HBox([self.grupo, self.fecha, self.boton, self.automatico, self.grande])
        super().__init__([controles, self.estado, pestanas])
        self._grupo_inicial = grupo
        for control in (self.grupo, self.fecha, self.ejercicio, self.grande):
            control.observe(self._al_cambiar, names="value")
        self.boton.on_click(lambda _: self.actualizar())
        self.automatico.observe(self._al_automatico, names="value")
        self.actualizar()

    # --- Lectura y pintado ---------------------------------------------------------------

    def actualizar(self) -> None:
        """Vuelve a leer el buzón y repinta todo, en el mismo lugar."""
        with self._candado:
            # Solo se analiza lo que se agregó al buzón desde la actualización anterior.
            self.tabla = self._lector.actualizar()
            self.lectura = Lectura(problemas=list(self._lector.problemas))
            self._pintando = True
            try:
                grupos = sorted(self.tabla["grupo"].unique())
                actual = self.grupo.value or self._grupo_inicial
                if actual not in grupos and grupos:
                    actual = self._grupo_mas_reciente()
                self.grupo.options = grupos
                self.grupo.value = actual if grupos else None
                self._opciones_de_grupo()
            finally:
                self._pintando = False
            self._pintar()

    def _grupo_mas_reciente(self) -> str:
        return str(self.tabla.sort_values("momento")["grupo"].iloc[-1])

    def _opciones_de_grupo(self) -> None:
        datos = filtrar(self.tabla, self.grupo.value)
        dias = sorted(set(fechas(datos))) if not datos.empty else []
        fecha = self.fecha.value
        self.fecha.options = [("Todas", None)] + [(d.strftime("%d/%m/%Y"), d) for d in dias]
        self.fecha.value = fecha if fecha in dias else None
        ids = sorted(datos["ejercicio"].unique())
        elegido = self.ejercicio.value
        self.ejercicio.options = [(titulo(self.contenido, e), e) for e in ids]
        self.ejercicio.value = elegido if elegido in ids else (ids[0] if ids else None)

    def _al_cambiar(self, cambio: dict[str, Any]) -> None:
        if self._pintando:
            return
        if cambio["owner"] is self.grupo:
            self._pintando = True
            try:
                self._opciones_de_grupo()
            finally:
                self._pintando = False
        self._pintar()

    def _pintar(self) -> None:
        grande = self.grande.value
        contenido = self.contenido
        datos = filtrar(self.tabla, self.grupo.value, self.fecha.value)
        personas = participacion(datos, contenido=contenido)
        self.estado.value = g.envolver(
            f"<p><b>{len(personas)}</b> persona(s) con actividad en el grupo "
            f"<b>{escape(str(self.grupo.value or '—'))}</b>.</p>"
            + g.problemas_html(self.lectura.problemas),
            grande,
        )
        self.html_participacion.value = g.envolver(
            g.tabla_html(personas, ENCABEZADOS_PARTICIPACION, FORMATOS), grande
        )
        aciertos = aciertos_por_ejercicio(datos, contenido)
        _poner_imagen(self.img_aciertos, g.grafica_aciertos(aciertos, grande))
        self.html_aciertos.value = g.envolver(
            g.tabla_html(aciertos, ENCABEZADOS_ACIERTOS, FORMATOS), grande
        )
        ejercicio = self.ejercicio.value
        if ejercicio:
            distribucion = distribucion_de_opciones(datos, ejercicio, contenido)
            nombre = titulo(contenido, ejercicio)
            _poner_imagen(self.img_opciones, g.grafica_opciones(distribucion, nombre, grande))
            errores = errores_frecuentes(datos, ejercicio, 3, contenido)
            self.html_errores.value = g.envolver(
                "<h4>Respuestas incorrectas más frecuentes</h4>"
                + g.tabla_html(errores, ENCABEZADOS_ERRORES, FORMATOS, "Sin errores que mostrar."),
                grande,
            )
        else:
            _poner_imagen(self.img_opciones, None)
            self.html_errores.value = ""
        individual = pre_post(datos, contenido)
        del_grupo = ganancia_del_grupo(individual)
        _poner_imagen(self.img_pre_post, g.grafica_pre_post(del_grupo, grande))
        self.html_pre_post.value = g.envolver(
            g.tabla_html(del_grupo, ENCABEZADOS_GANANCIA, FORMATOS,
                         "Aún no hay personas con evaluación diagnóstica y final.")
            + "<h4>Por persona</h4>"
            + g.tabla_html(individual, ENCABEZADOS_PRE_POST, FORMATOS),
            grande,
        )  # fmt: skip
        self.html_reflexiones.value = g.envolver(
            g.reflexiones_html(reflexiones(datos, contenido)), grande
        )
        resumen = encuesta(datos, contenido)
        _poner_imagen(self.img_encuesta, g.grafica_encuesta(resumen, grande))
        self.html_encuesta.value = g.envolver(g.encuesta_html(resumen, FORMATOS), grande)

    def html(self) -> str:
        """Todo el HTML que muestra el tablero (para revisarlo o guardarlo)."""
        return "\n".join(
            w.value
            for w in (self.estado, self.html_participacion, self.html_aciertos,
                      self.html_errores, self.html_pre_post, self.html_reflexiones,
                      self.html_encuesta)
        )  # fmt: skip

    # --- Actualización automática --------------------------------------------------------

    def _al_automatico(self, cambio: dict[str, Any]) -> None:
        if cambio["new"]:
            self.iniciar_automatico()
        else:
            self.detener()

    def iniciar_automatico(self) -> None:
        if self._hilo is not None and self._hilo.is_alive():
            return
        self._parar.clear()
        self._hilo = threading.Thread(target=self._ciclo, name="tablero-actualizar", daemon=True)
        self._hilo.start()

    def detener(self) -> None:
        """Detiene la actualización automática."""
        self._parar.set()
        if self._hilo is not None:
            self._hilo.join(timeout=self.cada + 5)
        self._hilo = None
        if self.automatico.value:
            self.automatico.value = False

    def _ciclo(self) -> None:
        while not self._parar.wait(self.cada):
            try:
                self.actualizar()
            except Exception as error:  # el hilo no debe morir en silencio: se avisa
                self.estado.value = g.envolver(
                    f'<p class="aviso">No se pudo actualizar: {escape(str(error))}</p>'
                )


def _poner_imagen(imagen: widgets.Image, png: bytes | None) -> None:
    imagen.value = png or b""
    imagen.layout.display = None if png else "none"
