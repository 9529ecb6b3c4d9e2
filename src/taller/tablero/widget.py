"""El widget del tablero (``Tablero``); se reexporta desde ``taller.tablero.cifras``.

Abrir el tablero antes de que llegue la primera respuesta no carga pandas, numpy ni
matplotlib (casi un segundo en cada kernel): mientras el buzón no tiene ningún archivo,
el tablero muestra su estado «todavía no hay datos» con HTML hecho aquí. Los cálculos
(``taller.tablero.cifras``) y las gráficas (``taller.tablero.graficas``) se importan con la primera
respuesta.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from taller.buzon.registro import Buzon, Lectura, archivos_del_buzon
from taller.estilo import estilo, layout
from taller.tablero.marco import envolver

if TYPE_CHECKING:
    import pandas as pd

    from taller.contenido.modelo import Contenido
    from taller.tablero.cifras import LecturaIncremental

_log = logging.getLogger("taller")

_PESTANAS = ("Participación", "Por ejercicio", "Diagnóstica y final", "Reflexiones", "Encuesta")

# Los textos del tablero vacío, sin pandas: son los mismos que escribe
# ``_graficas.tabla_html`` para una tabla vacía (una prueba lo verifica).
_SIN_DATOS = "<p><em>Todavía no hay datos.</em></p>"


def _textos_vacios(grande: bool) -> dict[str, str]:
    """Lo que muestra cada ``HTML`` del tablero mientras el buzón no tiene archivos."""
    return {
        "estado": envolver(
            "<p><b>0</b> persona(s) con actividad en el grupo <b>—</b>.</p>", grande
        ),
        "html_participacion": envolver(_SIN_DATOS, grande),
        "html_aciertos": envolver(_SIN_DATOS, grande),
        "html_errores": "",
        "html_pre_post": envolver(
            "<p><em>Aún no hay personas con evaluación diagnóstica y final.</em></p>"
            f"<h4>Por persona</h4>{_SIN_DATOS}",
            grande,
        ),
        "html_reflexiones": envolver("<p><em>Todavía no hay reflexiones.</em></p>", grande),
        "html_encuesta": envolver("<p><em>Todavía no hay respuestas.</em></p>", grande),
    }


def _buzon_con_archivos(buzon: Buzon) -> bool:
    """Si el buzón tiene algo que leer: un archivo de respuestas o algo ajeno que reportar."""
    return next(iter(archivos_del_buzon(buzon.carpeta)), None) is not None


class Tablero(widgets.VBox):
    """El tablero de quien facilita: elige grupo y fecha, y se actualiza en su lugar.

    ``Tablero(buzon, contenido=None, grupo=None)``; ``actualizar()`` vuelve a leer el buzón
    (lo hace también el botón «Actualizar», y cada ``cada`` segundos si se marca la
    casilla). No imprime nada: todo va a widgets ``HTML`` e ``Image``. ``contenido`` puede
    ser también una función que lo da: se llama cuando hace falta (con la primera
    respuesta), no al abrir el tablero.
    """

    def __init__(
        self,
        buzon: Buzon | str | Path,
        contenido: Contenido | Callable[[], Contenido | None] | None = None,
        grupo: str | None = None,
        letra_grande: bool = False,
        cada: float = 10.0,
    ) -> None:
        self.buzon = buzon if isinstance(buzon, Buzon) else Buzon(buzon)
        self._contenido = contenido
        self.cada = cada
        self._tabla: pd.DataFrame | None = None
        #: Los problemas de la última lectura (``registros`` queda vacío: la tabla basta).
        self.lectura = Lectura()
        # Se crea cuando el buzón tiene su primer archivo (ver ``actualizar``).
        self._lector: LecturaIncremental | None = None
        self._candado = threading.Lock()
        self._parar = threading.Event()
        self._hilo: threading.Thread | None = None
        self._pintando = False
        # Los controles y textos comparten Layout y estilo (nunca cambian de forma): menos
        # modelos que abrir; cada imagen tiene el suyo, porque se oculta sola.
        fijo = layout()
        inicial = estilo(widgets.Dropdown, description_width="initial")
        self.grupo = widgets.Dropdown(description="Grupo", options=[], style=inicial, layout=fijo)
        self.fecha = widgets.Dropdown(
            description="Fecha",
            options=[("Todas", None)],
            style=estilo(widgets.Dropdown),
            layout=fijo,
        )
        self.ejercicio = widgets.Dropdown(
            description="Ejercicio", options=[], style=inicial, layout=fijo
        )
        self.grande = widgets.ToggleButton(
            value=letra_grande,
            description="Letra grande",
            style=estilo(widgets.ToggleButton),
            layout=fijo,
        )
        self.boton = widgets.Button(
            description="Actualizar", icon="refresh", style=estilo(widgets.Button), layout=fijo
        )
        self.automatico = widgets.Checkbox(
            value=False,
            description=f"Actualizar cada {cada:g} s",
            indent=False,
            style=estilo(widgets.Checkbox),
            layout=fijo,
        )
        # Cada widget nace con el texto del tablero vacío y cada imagen oculta: si el buzón
        # está vacío, pintar no cambia nada (ni un mensaje más al navegador).
        vacios = _textos_vacios(letra_grande)

        def texto(nombre: str) -> widgets.HTML:
            return widgets.HTML(vacios[nombre], style=estilo(widgets.HTML), layout=fijo)

        self.estado = texto("estado")
        self.html_participacion = texto("html_participacion")
        self.html_aciertos = texto("html_aciertos")
        self.img_aciertos = _imagen()
        self.img_opciones = _imagen()
        self.html_errores = texto("html_errores")
        self.img_pre_post = _imagen()
        self.html_pre_post = texto("html_pre_post")
        self.html_reflexiones = texto("html_reflexiones")
        self.html_encuesta = texto("html_encuesta")
        self.img_encuesta = _imagen()
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
                    ],
                    layout=fijo,
                ),
                widgets.VBox([self.img_pre_post, self.html_pre_post], layout=fijo),
                self.html_reflexiones,
                widgets.VBox([self.img_encuesta, self.html_encuesta], layout=fijo),
            ],
            titles=_PESTANAS,
            layout=fijo,
        )
        controles = widgets.HBox(
            [self.grupo, self.fecha, self.boton, self.automatico, self.grande], layout=fijo
        )
        super().__init__([controles, self.estado, pestanas], layout=fijo)
        self._grupo_inicial = grupo
        for control in (self.grupo, self.fecha, self.ejercicio, self.grande):
            control.observe(self._al_cambiar, names="value")
        self.boton.on_click(lambda _: self.actualizar())
        self.automatico.observe(self._al_automatico, names="value")
        self.actualizar()

    # --- Lectura y pintado ---------------------------------------------------------------

    @property
    def contenido(self) -> Contenido | None:
        """El contenido del taller (títulos, módulos, retroalimentación), si se conoce."""
        if callable(self._contenido):
            self._contenido = self._contenido()
        return self._contenido

    @contenido.setter
    def contenido(self, contenido: Contenido | None) -> None:
        self._contenido = contenido

    @property
    def tabla(self) -> pd.DataFrame:
        """La tabla de registros de la última lectura (sin respuestas aún, vacía)."""
        if self._tabla is None:
            from taller.tablero.cifras import tabla_registros

            self._tabla = tabla_registros([])
        return self._tabla

    @tabla.setter
    def tabla(self, tabla: pd.DataFrame) -> None:
        self._tabla = tabla

    def actualizar(self) -> None:
        """Vuelve a leer el buzón y repinta todo, en el mismo lugar."""
        with self._candado:
            if self._lector is None:
                if not _buzon_con_archivos(self.buzon):
                    self._pintar()  # el estado vacío, sin pandas
                    return
                from taller.tablero.cifras import LecturaIncremental

                self._lector = LecturaIncremental(self.buzon)
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
        from taller.tablero.cifras import dias as dias_de
        from taller.tablero.cifras import filtrar, titulo

        datos = filtrar(self.tabla, self.grupo.value)
        dias = dias_de(datos)  # sin los «momento» que no son fecha
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
        if self._lector is None:  # el buzón nunca tuvo archivos
            for nombre, texto in _textos_vacios(grande).items():
                getattr(self, nombre).value = texto
            return
        from taller.tablero import graficas as g
        from taller.tablero.cifras import (
            ENCABEZADOS_ACIERTOS,
            ENCABEZADOS_ERRORES,
            ENCABEZADOS_GANANCIA,
            ENCABEZADOS_PARTICIPACION,
            ENCABEZADOS_PRE_POST,
            FORMATOS,
            aciertos_por_ejercicio,
            distribucion_de_opciones,
            encuesta,
            errores_frecuentes,
            filtrar,
            ganancia_del_grupo,
            participacion,
            pre_post,
            reflexiones,
            titulo,
        )

        contenido = self.contenido
        datos = filtrar(self.tabla, self.grupo.value, self.fecha.value)
        personas = participacion(datos, contenido=contenido)
        self.estado.value = envolver(
            f"<p><b>{len(personas)}</b> persona(s) con actividad en el grupo "
            f"<b>{escape(str(self.grupo.value or '—'))}</b>.</p>"
            + g.problemas_html(self.lectura.problemas),
            grande,
        )
        self.html_participacion.value = envolver(
            g.tabla_html(personas, ENCABEZADOS_PARTICIPACION, FORMATOS), grande
        )
        aciertos = aciertos_por_ejercicio(datos, contenido)
        _poner_imagen(self.img_aciertos, g.grafica_aciertos(aciertos, grande))
        self.html_aciertos.value = envolver(
            g.tabla_html(aciertos, ENCABEZADOS_ACIERTOS, FORMATOS), grande
        )
        ejercicio = self.ejercicio.value
        if ejercicio:
            distribucion = distribucion_de_opciones(datos, ejercicio, contenido)
            nombre = titulo(contenido, ejercicio)
            _poner_imagen(self.img_opciones, g.grafica_opciones(distribucion, nombre, grande))
            errores = errores_frecuentes(datos, ejercicio, 3, contenido)
            self.html_errores.value = envolver(
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
        self.html_pre_post.value = envolver(
            g.tabla_html(del_grupo, ENCABEZADOS_GANANCIA, FORMATOS,
                         "Aún no hay personas con evaluación diagnóstica y final.")
            + "<h4>Por persona</h4>"
            + g.tabla_html(individual, ENCABEZADOS_PRE_POST, FORMATOS),
            grande,
        )  # fmt: skip
        self.html_reflexiones.value = envolver(
            g.reflexiones_html(reflexiones(datos, contenido)), grande
        )
        resumen = encuesta(datos, contenido)
        _poner_imagen(self.img_encuesta, g.grafica_encuesta(resumen, grande))
        self.html_encuesta.value = envolver(g.encuesta_html(resumen, FORMATOS), grande)

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
                self.estado.value = envolver(
                    f'<p class="aviso">No se pudo actualizar: {escape(str(error))}</p>', False
                )


def _imagen() -> widgets.Image:
    """Una imagen PNG, oculta hasta que tenga una gráfica."""
    return widgets.Image(format="png", layout=widgets.Layout(display="none"))


def _poner_imagen(imagen: widgets.Image, png: bytes | None) -> None:
    imagen.value = png or b""
    imagen.layout.display = None if png else "none"


def tablero_en_vivo(letra_grande: bool = True) -> Tablero:
    """El tablero de quien facilita sobre el buzón de este taller (pandas se carga con la
    primera respuesta que llega al buzón, no antes)."""
    from taller.carpeta import carpeta_buzon

    # El contenido se carga con la primera respuesta (solo da títulos a lo que hay).
    return Tablero(carpeta_buzon(), _contenido_o_nada, letra_grande=letra_grande)


def _contenido_o_nada() -> Contenido | None:
    from taller.contenido import ContenidoInvalido, contenido_actual

    try:
        return contenido_actual()
    except ContenidoInvalido as error:
        _log.error("El contenido no es válido:\n%s", error)
        return None
