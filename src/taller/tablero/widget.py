"""El widget del tablero en vivo (``Tablero``), pensado para proyectarse:

- **En vivo** desde el inicio: vuelve a leer la fuente cada ``cada`` segundos (1 s por
  omisión; una respuesta nueva se ve en menos de 2 s) y dice «Actualizado a las
  hh:mm:ss». Solo repinta si llegó algo.
- **Seguro para proyectar**: los seudónimos y los resultados de cada persona están
  ocultos hasta que quien facilita marca «Mostrar seudónimos»; las reflexiones se ven sin
  nombre.
- **Qué discutir ahora**, arriba: los ejercicios de menos a más aciertos, por módulo y con
  el color del umbral, y la respuesta incorrecta más elegida del ejercicio elegido, con su
  retroalimentación, en letra grande.
- **Letra grande** agranda también los controles y las pestañas.

La fuente de las respuestas es el buzón local (por omisión) o cualquier objeto con
``nuevos()`` (ver ``taller.tablero.fuente``). Antes de la primera respuesta no se carga
pandas: el tablero vacío se pinta con las mismas plantillas.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from taller.buzon.registro import Buzon
from taller.estilo import estilo, layout
from taller.tablero.fuente import FuenteBuzon, FuenteDeRegistros, TablaDeFuente
from taller.tablero.jinja import macro
from taller.tablero.vistas import (
    TODOS,
    Filtros,
    hora_actual,
    paneles,
    paneles_vacios,
    peor_ejercicio,
)

if TYPE_CHECKING:
    import pandas as pd

    from taller.contenido.modelo import Contenido

__all__ = ["Tablero", "tablero_en_vivo"]

_log = logging.getLogger("taller")

_PESTANAS = ("Por ejercicio", "Participación", "Diagnóstica y final", "Reflexiones", "Encuesta")
_TODAS = "todas"
#: Cada cuánto se vuelve a leer la fuente, en segundos.
CADA = 1.0
#: Los tableros que se actualizan solos en este kernel: al volver a ejecutar la celda del
#: tablero, el anterior deja de leer (si no, seguiría leyendo cada segundo para nadie).
_EN_VIVO: weakref.WeakSet[Tablero] = weakref.WeakSet()


class Tablero(widgets.VBox):
    """El tablero de quien facilita.

    ``Tablero(fuente, contenido=None, grupo=None)``: ``fuente`` es un buzón (``Buzon`` o
    su carpeta) o un objeto con ``nuevos()`` (``FuenteDeRegistros``). ``contenido`` puede
    ser también una función que lo da: se llama con la primera respuesta. ``actualizar()``
    vuelve a leer (también el botón «Actualizar»). No imprime nada: todo va a widgets.
    """

    def __init__(
        self,
        fuente: Buzon | str | Path | FuenteDeRegistros,
        contenido: Contenido | Callable[[], Contenido | None] | None = None,
        grupo: str | None = None,
        letra_grande: bool = False,
        cada: float = CADA,
        automatico: bool = True,
        mostrar_nombres: bool = False,
    ) -> None:
        if isinstance(fuente, (Buzon, str, Path)):
            self._fuente: FuenteBuzon | TablaDeFuente = FuenteBuzon(fuente)
        else:
            self._fuente = TablaDeFuente(fuente)
        self._contenido = contenido
        self.cada = cada
        self._tabla: pd.DataFrame | None = None
        self._firma: tuple[int, int] | None = None
        self._hay_datos = False
        self._candado = threading.RLock()
        self._parar = threading.Event()
        self._hilo: threading.Thread | None = None
        self._pintando = False
        fijo = layout()
        inicial = estilo(widgets.Dropdown, description_width="initial")
        self.grupo = widgets.Dropdown(description="Grupo", options=[], style=inicial, layout=fijo)
        self.fecha = widgets.Dropdown(
            description="Fecha", options=[("Todas", _TODAS)], value=_TODAS, style=inicial,
            layout=fijo,
        )  # fmt: skip
        self.modulo = widgets.Dropdown(
            description="Módulo", options=[("Todos", TODOS)], value=TODOS, style=inicial,
            layout=fijo,
        )  # fmt: skip
        self.ejercicio = widgets.Dropdown(
            description="Ejercicio", options=[], style=inicial, layout=layout(width="auto")
        )
        self.grande = widgets.ToggleButton(
            value=letra_grande, description="Letra grande", icon="text-height",
            style=estilo(widgets.ToggleButton), layout=fijo,
        )  # fmt: skip
        self.nombres = widgets.ToggleButton(
            value=mostrar_nombres, description="Mostrar seudónimos", icon="eye",
            tooltip="Muestra seudónimos y resultados por persona (no lo proyecte)",
            style=estilo(widgets.ToggleButton), layout=fijo,
        )  # fmt: skip
        self.boton = widgets.Button(
            description="Actualizar", icon="refresh", style=estilo(widgets.Button), layout=fijo
        )
        self.automatico = widgets.Checkbox(
            value=automatico, description="En vivo", indent=False,
            style=estilo(widgets.Checkbox), layout=fijo,
        )  # fmt: skip
        vacios = paneles_vacios(grupo)

        def texto(valor: str = "") -> widgets.HTML:
            return widgets.HTML(valor, style=estilo(widgets.HTML), layout=fijo)

        self.hoja_de_estilo = texto(macro("estilo"))
        self.reloj = texto(macro("reloj", "", automatico))
        self.estado = texto(vacios["estado"])
        self.html_discutir = texto(vacios["discutir"])
        self.html_ejercicio = texto(vacios["ejercicio"])
        self.html_participacion = texto(vacios["participacion"])
        self.html_evaluacion = texto(vacios["evaluacion"])
        self.html_reflexiones = texto(vacios["reflexiones"])
        self.html_encuesta = texto(vacios["encuesta"])
        self.pestanas = widgets.Tab(
            children=[
                self.html_ejercicio,
                self.html_participacion,
                self.html_evaluacion,
                self.html_reflexiones,
                self.html_encuesta,
            ],
            titles=_PESTANAS,
            layout=fijo,
        )
        fila = layout(flex_flow="row wrap", align_items="center")
        controles = widgets.HBox(
            [self.grupo, self.fecha, self.modulo, self.grande, self.nombres, self.boton,
             self.automatico, self.reloj],
            layout=fila,
        )  # fmt: skip
        super().__init__(
            [self.hoja_de_estilo, controles, self.estado, self.ejercicio, self.html_discutir,
             self.pestanas],
            layout=fijo,
        )  # fmt: skip
        self.add_class("taller-tablero-raiz")
        if letra_grande:
            self.add_class("taller-grande")
        self._grupo_inicial = grupo
        for control in (self.grupo, self.fecha, self.modulo, self.ejercicio, self.nombres):
            control.observe(self._al_cambiar, names="value")
        self.grande.observe(self._al_grande, names="value")
        self.boton.on_click(lambda _: self.actualizar(forzar=True))
        self.automatico.observe(self._al_automatico, names="value")
        self.actualizar(forzar=True)
        if automatico:
            self.iniciar_automatico()

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
            from taller.buzon import tabla_registros

            self._tabla = tabla_registros([])
        return self._tabla

    @property
    def problemas(self) -> list[str]:
        return [str(p) for p in self._fuente.problemas]

    def actualizar(self, forzar: bool = False) -> None:
        """Vuelve a leer la fuente y, si llegó algo (o con ``forzar``), repinta en su lugar."""
        with self._candado:
            if not self._hay_datos and not self._fuente.hay_algo():
                self.reloj.value = macro("reloj", hora_actual(), self.automatico.value)
                if forzar:
                    self._pintar()
                return
            self._hay_datos = True
            self._tabla = self._fuente.tabla()
            firma = (len(self._tabla), len(self._fuente.problemas))
            cambio = firma != self._firma
            self._firma = firma
            if cambio or forzar:
                self._opciones_sin_eventos()
                self._pintar()
            self.reloj.value = macro("reloj", hora_actual(), self.automatico.value)

    def _opciones_sin_eventos(self) -> None:
        """Rehace las listas de opciones sin que sus cambios vuelvan a pintar."""
        self._pintando = True
        try:
            self._opciones()
        finally:
            self._pintando = False

    def _opciones(self) -> None:
        from taller.tablero.cifras import dias, filtrar, modulo_del_ejercicio, titulo, titulo_modulo

        tabla = self.tabla
        grupos = sorted(str(g) for g in tabla["grupo"].unique())
        actual = self.grupo.value or self._grupo_inicial
        if actual not in grupos and grupos:
            actual = str(tabla.sort_values("momento")["grupo"].iloc[-1])
        self.grupo.options = grupos
        self.grupo.value = actual if grupos else None
        datos = filtrar(tabla, self.grupo.value)
        fecha = self.fecha.value
        lista = dias(datos)
        self.fecha.options = [("Todas", _TODAS)] + [
            (d.strftime("%d/%m/%Y"), d.isoformat()) for d in lista
        ]
        self.fecha.value = fecha if fecha in {d.isoformat() for d in lista} else _TODAS
        contenido = self.contenido
        ids = sorted(str(e) for e in datos["ejercicio"].unique())
        modulos = sorted({modulo_del_ejercicio(contenido, e) for e in ids})
        orden = {m: i for i, m in enumerate(contenido.modulos)} if contenido else {}
        modulos.sort(key=lambda m: (orden.get(m, 99), m))
        modulo = self.modulo.value
        self.modulo.options = [("Todos", TODOS)] + [
            (titulo_modulo(contenido, m), m) for m in modulos
        ]
        self.modulo.value = modulo if modulo in modulos else TODOS
        if self.modulo.value != TODOS:
            ids = [e for e in ids if modulo_del_ejercicio(contenido, e) == self.modulo.value]
        elegido = self.ejercicio.value
        self.ejercicio.options = [(titulo(contenido, e), e) for e in ids]
        self.ejercicio.value = elegido if elegido in ids else peor_ejercicio(datos, contenido, ids)

    def _filtros(self) -> Filtros:
        fecha = self.fecha.value
        return Filtros(
            grupo=self.grupo.value,
            fecha=date.fromisoformat(fecha) if fecha and fecha != _TODAS else None,
            modulo=self.modulo.value or TODOS,
            ejercicio=self.ejercicio.value,
            mostrar_nombres=bool(self.nombres.value),
        )

    def _al_cambiar(self, cambio: dict[str, Any]) -> None:
        if self._pintando:
            return
        with self._candado:
            if cambio["owner"] in (self.grupo, self.modulo) and self._hay_datos:
                self._opciones_sin_eventos()
            self._pintar()

    def _al_grande(self, cambio: dict[str, Any]) -> None:
        if cambio["new"]:
            self.add_class("taller-grande")
        else:
            self.remove_class("taller-grande")

    def _pintar(self) -> None:
        if not self._hay_datos:
            textos = paneles_vacios(self.grupo.value or self._grupo_inicial, self.problemas)
        else:
            textos = paneles(self.tabla, self._filtros(), self.contenido, self.problemas)
        for nombre, valor in textos.items():
            widget = self.estado if nombre == "estado" else getattr(self, f"html_{nombre}")
            if widget.value != valor:
                widget.value = valor

    def html(self) -> str:
        """Todo el HTML que muestra el tablero (para revisarlo o guardarlo)."""
        return "\n".join(
            w.value
            for w in (self.estado, self.html_discutir, self.html_ejercicio,
                      self.html_participacion, self.html_evaluacion, self.html_reflexiones,
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
        for anterior in list(_EN_VIVO):
            if anterior is not self:
                anterior.detener()
        _EN_VIVO.add(self)
        self._parar.clear()
        self._hilo = threading.Thread(target=self._ciclo, name="tablero-en-vivo", daemon=True)
        self._hilo.start()

    def detener(self) -> None:
        """Detiene la actualización automática."""
        self._parar.set()
        _EN_VIVO.discard(self)
        if self._hilo is not None and self._hilo is not threading.current_thread():
            self._hilo.join(timeout=self.cada + 5)
        self._hilo = None
        if self.automatico.value:
            self.automatico.value = False

    def close(self) -> None:
        self._parar.set()
        super().close()

    def _ciclo(self) -> None:
        while not self._parar.wait(self.cada):
            try:
                self.actualizar()
            except Exception as error:  # el hilo no debe morir en silencio: se avisa
                _log.exception("El tablero no se pudo actualizar")
                self.reloj.value = macro("reloj", f"— no se pudo actualizar: {error}", False)


def tablero_en_vivo(letra_grande: bool = True) -> Tablero:
    """El tablero de quien facilita sobre el buzón de este taller, en vivo y con letra
    grande (pandas se carga con la primera respuesta que llega al buzón, no antes)."""
    from taller.carpeta import carpeta_buzon
    from taller.contenido import contenido_o_nada

    if os.environ.get("TALLER_SERVICIO_URL"):  # en JupyterHub: lee el servicio del taller
        from taller.buzon import remoto

        if remoto.configurado():
            return Tablero(remoto.FuenteServicio(), contenido_o_nada, letra_grande=letra_grande)
    return Tablero(carpeta_buzon(), contenido_o_nada, letra_grande=letra_grande)
