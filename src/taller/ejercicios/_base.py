"""El marco común de los ejercicios: título, instrucciones, botones, retroalimentación,
fuentes, contador de intentos y restauración desde el registro.

Cada tipo (un archivo por tipo) construye sus controles y dice cómo leerlos, guardarlos y
mostrarlos; la calificación está en ``taller.evaluar``.
"""

from __future__ import annotations

import html
import logging
import random
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import ipywidgets as widgets
from traitlets import TraitError

from .. import modelo as m
from .._estilo import CLASE, CSS_BASE
from ..registro import Participante, Respuesta

log = logging.getLogger("taller")

CORRECTO = "✔ Correcto."
INCORRECTO = "✘ Incorrecto."
PARCIAL = "⚠ Parcialmente correcto."
ESTILO_INICIAL = {"description_width": "initial"}


class Registro(Protocol):
    """Lo que un ejercicio necesita del registro (``RegistroDeParticipante`` lo cumple)."""

    participante: Participante

    def registrar(self, respuestas: Sequence[Respuesta]) -> None: ...

    def anteriores(self, ejercicio: str, modo: str = "") -> list[dict[str, Any]]: ...

    def intentos(self, ejercicio: str, modo: str = "") -> int: ...


def esc(texto: object) -> str:
    """Texto (del contenido o escrito por la persona) listo para ir dentro de HTML."""
    return html.escape(str(texto))


def barajar(n: int, participante_id: str, ejercicio_id: str, clave: str = "") -> list[int]:
    """Un orden de ``range(n)`` propio de la persona y estable entre sesiones.

    ``random.Random`` con una semilla de texto es reproducible entre procesos (a
    diferencia de ``hash()``, que cambia en cada arranque de Python).
    """
    orden = list(range(n))
    random.Random(f"{participante_id}|{ejercicio_id}|{clave}").shuffle(orden)
    return orden


def caja(clase: str, titulo: str, cuerpo: str = "") -> str:
    """Un bloque de retroalimentación: borde de color más icono y palabras (nunca solo color).

    ``titulo`` y ``cuerpo`` ya deben venir escapados.
    """
    return f'<div class="taller-retro taller-{clase}"><b>{titulo}</b> {cuerpo}</div>'


def clase_de(correcto: bool, parcial: bool = False) -> str:
    return "correcto" if correcto else "parcial" if parcial else "incorrecto"


def titulo_de(correcto: bool, parcial: bool = False) -> str:
    return CORRECTO if correcto else PARCIAL if parcial else INCORRECTO


def citas(contenido: m.Contenido, ids: Iterable[str]) -> str:
    """La línea «Fuente: ley, artículo» (con «por verificar» cuando la ficha lo marca)."""
    unicos = list(dict.fromkeys(ids))
    if not unicos:
        return ""
    textos = [contenido.fuentes[i].cita if i in contenido.fuentes else i for i in unicos]
    etiqueta = "Fuente" if len(textos) == 1 else "Fuentes"
    return f'<div class="taller-fuentes">{etiqueta}: {esc("; ".join(textos))}</div>'


class Aviso(widgets.HTML):
    """Un mensaje corto para quien participa, en lugar de un error."""

    def __init__(self, mensaje: str, detalle: str = "") -> None:
        extra = ""
        if detalle:
            extra = (f'<details class="taller-fuentes"><summary>Detalle para quien facilita'
                     f'</summary><pre>{esc(detalle)}</pre></details>')
        super().__init__(CSS_BASE + caja("aviso", "⚠", esc(mensaje)) + extra)
        self.mensaje = mensaje
        self.add_class(CLASE)

    def __repr__(self) -> str:
        return f"⚠ {self.mensaje}"


def aviso(mensaje: str, detalle: str = "") -> Aviso:
    """El aviso con ``mensaje`` y, plegado, el ``detalle`` técnico (escapado)."""
    return Aviso(mensaje, detalle)


def oculto(w: widgets.DOMWidget, ocultar: bool = True) -> None:
    w.layout.display = "none" if ocultar else None


class EjercicioBase(widgets.VBox):
    """La raíz de cada ejercicio (un ``VBox`` que se muestra solo en la celda)."""

    texto_comprobar = "Comprobar"
    icono_comprobar = "check"
    reintentable = True  # muestra «Intentar de nuevo» tras comprobar
    bloquear = True  # bloquea los controles tras comprobar

    def __init__(self, ejercicio: m.Ejercicio, contenido: m.Contenido, registro: Registro,
                 modo: str = "") -> None:
        super().__init__(layout=widgets.Layout(width="100%"))
        self.ejercicio = ejercicio
        self.contenido = contenido
        self.registro = registro
        self.modo = modo
        self.intentos = 0
        instrucciones = (f"<p>{esc(ejercicio.instrucciones)}</p>"
                         if ejercicio.instrucciones else "")
        self.encabezado = widgets.HTML(f"{CSS_BASE}<h3>{esc(ejercicio.titulo)}</h3>"
                                       f"{instrucciones}")
        self.boton_comprobar = widgets.Button(
            description=self.texto_comprobar, icon=self.icono_comprobar,
            button_style="primary", tooltip=self.texto_comprobar,
            layout=widgets.Layout(width="auto"))
        self.boton_reintentar = widgets.Button(
            description="Intentar de nuevo", icon="redo", tooltip="Intentar de nuevo",
            layout=widgets.Layout(width="auto"))
        oculto(self.boton_reintentar)
        self.retro = widgets.HTML()
        self.fuentes = widgets.HTML()
        self.contador = widgets.HTML()
        self.boton_comprobar.on_click(self._al_comprobar)
        self.boton_reintentar.on_click(self._al_reintentar)
        self.botones = widgets.HBox([self.boton_comprobar, self.boton_reintentar],
                                    layout=widgets.Layout(margin="0.6em 0"))
        cuerpo = self._construir()
        self.children = [self.encabezado, *cuerpo, self.botones, self.retro, self.fuentes,
                         self.contador]
        self.add_class(CLASE)
        self.add_class(f"taller-tipo-{ejercicio.tipo.replace('_', '-')}")
        self.intentos = registro.intentos(ejercicio.id, modo)
        anteriores = registro.anteriores(ejercicio.id, modo)
        if anteriores:
            self._restaurar(anteriores)
        self._mostrar_contador()

    def __repr__(self) -> str:
        # Lo que se ve donde no hay widgets (texto plano, presentaciones, nbval).
        return (f"Ejercicio «{self.ejercicio.titulo}» ({self.ejercicio.id}): ábralo en "
                "JupyterLab para responder.")

    # --- Para cada tipo ---------------------------------------------------------------

    def _construir(self) -> list[widgets.Widget]:
        """Los controles del ejercicio (van entre el encabezado y los botones)."""
        raise NotImplementedError

    def _revisar(self) -> str | None:
        """Qué falta por responder (mensaje en español), o ``None``."""
        return None

    def _respuestas(self, intento: int) -> list[Respuesta]:
        """Lo que se registra del estado actual de los controles."""
        raise NotImplementedError

    def _mostrar(self) -> None:
        """Escribe la retroalimentación del estado actual de los controles."""
        raise NotImplementedError

    def _fijar(self, registros: list[dict[str, Any]]) -> None:
        """Pone en los controles lo registrado en el último intento."""
        raise NotImplementedError

    def _habilitar(self, si: bool) -> None:
        """Activa o bloquea los controles."""

    def _limpiar(self) -> None:
        """Borra las marcas por elemento al intentar de nuevo."""

    # --- Común ------------------------------------------------------------------------

    def barajar(self, n: int, clave: str = "") -> list[int]:
        return barajar(n, self.registro.participante.id, self.ejercicio.id, clave)

    def respuesta(self, elemento: str, valor: Any, correcta: bool | None, intento: int,
                  puntaje: float | None = None) -> Respuesta:
        return Respuesta(self.ejercicio.id, elemento, valor, correcta, intento, self.modo,
                         puntaje)

    def guardar(self, respuestas: Sequence[Respuesta]) -> bool:
        """Registra; si el buzón falla, lo anota en el log y avisa en la retroalimentación."""
        try:
            self.registro.registrar(respuestas)
        except Exception:
            log.exception("No se pudo registrar la respuesta de %s", self.ejercicio.id)
            return False
        return True

    def avisar_no_guardado(self) -> None:
        self.retro.value += caja("aviso", "⚠ No se pudo guardar su respuesta.",
                                 "Avise a quien facilita.")

    def _mostrar_contador(self) -> None:
        self.contador.value = (f'<div class="taller-fuentes">Intentos: {self.intentos}</div>'
                               if self.intentos else "")

    def _al_comprobar(self, _boton: widgets.Button | None = None) -> None:
        falta = self._revisar()
        if falta:
            self.retro.value = caja("aviso", "⚠ Falta algo.", esc(falta))
            return
        intento = self.registro.intentos(self.ejercicio.id, self.modo) + 1
        guardado = self.guardar(self._respuestas(intento))
        self.intentos = intento
        self._mostrar()
        if not guardado:
            self.avisar_no_guardado()
        self._cerrar()
        self._mostrar_contador()

    def _cerrar(self) -> None:
        if self.bloquear:
            self._habilitar(False)
            oculto(self.boton_comprobar)
        if self.reintentable:
            oculto(self.boton_reintentar, False)

    def _al_reintentar(self, _boton: widgets.Button | None = None) -> None:
        self._limpiar()
        self._habilitar(True)
        self.retro.value = ""
        self.fuentes.value = ""
        oculto(self.boton_reintentar)
        oculto(self.boton_comprobar, False)

    def _restaurar(self, registros: list[dict[str, Any]]) -> None:
        try:
            self._fijar(registros)
        except (KeyError, ValueError, TypeError, IndexError, TraitError):
            # El contenido cambió desde ese intento: se muestra el formulario en blanco.
            log.warning("No se pudo restaurar %s desde el registro", self.ejercicio.id,
                        exc_info=True)
            return
        self._mostrar()
        self._cerrar()
