"""El marco común de los ejercicios: título, instrucciones, botones, retroalimentación,
fuentes, contador de intentos y restauración desde el registro.

Cada tipo (un archivo por tipo) construye sus controles y dice cómo leerlos, guardarlos y
mostrarlos; la calificación está en ``taller.evaluar``.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any, Protocol, TypeAlias

import ipywidgets as widgets
from traitlets import TraitError

from taller.buzon import Modo
from taller.buzon.registro import ErrorDelBuzon, Participante, Respuesta
from taller.contenido import modelo as m
from taller.estilo import CLASE, CSS_BASE, estilo, layout

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

    def pendiente(self) -> str | None: ...


def esc(texto: object) -> str:
    """Texto (del contenido o escrito por la persona) listo para ir dentro de HTML."""
    return escape(str(texto))


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
            extra = (
                f'<details class="taller-fuentes"><summary>Detalle para quien facilita'
                f"</summary><pre>{esc(detalle)}</pre></details>"
            )
        super().__init__(CSS_BASE + caja("aviso", "⚠", esc(mensaje)) + extra, _dom_classes=(CLASE,))
        self.mensaje = mensaje

    def __repr__(self) -> str:
        return f"⚠ {self.mensaje}"


def aviso(mensaje: str, detalle: str = "") -> Aviso:
    """El aviso con ``mensaje`` y, plegado, el ``detalle`` técnico (escapado)."""
    return Aviso(mensaje, detalle)


# --- Modelos compartidos (``layout`` y ``estilo``, en ``_estilo``) -------------------------


def html(valor: str = "") -> widgets.HTML:
    """Un ``HTML`` con ``Layout`` y estilo compartidos (para texto; no se oculta solo)."""
    return widgets.HTML(valor, layout=layout(), style=estilo(widgets.HTML))


def boton(
    descripcion: str, icono: str, *, tooltip: str = "", primario: bool = False, **disposicion: Any
) -> widgets.Button:
    """Un botón con ``Layout`` y estilo compartidos (``oculto`` le da uno propio)."""
    return widgets.Button(
        description=descripcion,
        icon=icono,
        tooltip=tooltip or descripcion,
        button_style="primary" if primario else "",
        style=estilo(widgets.Button),
        layout=layout(width="auto", **disposicion),
    )


def oculto(w: widgets.DOMWidget, ocultar: bool = True) -> None:
    """Oculta (o vuelve a mostrar) ``w``. Si comparte su ``Layout``, al ocultarlo recibe uno
    propio con los mismos valores: así no se ocultan los demás que lo comparten."""
    valores = getattr(w.layout, "taller_compartido", None)
    if valores is None:
        w.layout.display = "none" if ocultar else None
    elif ocultar:
        w.layout = widgets.Layout(**valores, display="none")
    # Un Layout compartido nunca está oculto: mostrar no cambia nada.


class Hueco:
    """Un texto (HTML) cuyo widget no se crea hasta que tiene algo que mostrar.

    Se lee y se escribe como un ``widgets.HTML`` (``.value``). Sirve para la
    retroalimentación, que casi nunca se muestra al abrir el cuaderno: mientras está vacío
    no cuesta ningún widget; al recibir texto por primera vez crea su ``widget`` y
    ``al_crear`` lo coloca en su caja (ver ``presentes``).
    """

    def __init__(self, **disposicion: Any) -> None:
        self.widget: widgets.HTML | None = None
        self.al_crear: Callable[[], None] | None = None
        self._disposicion = disposicion

    @property
    def value(self) -> str:
        return "" if self.widget is None else self.widget.value

    @value.setter
    def value(self, valor: str) -> None:
        if self.widget is not None:
            self.widget.value = valor
            return
        if valor:
            self.widget = widgets.HTML(
                valor, layout=layout(**self._disposicion), style=estilo(widgets.HTML)
            )
            if self.al_crear is not None:
                self.al_crear()


Parte: TypeAlias = widgets.Widget | Hueco | None


def presentes(partes: Iterable[Parte]) -> list[widgets.Widget]:
    """Los widgets que ya existen entre ``partes`` (sin ``None`` ni huecos vacíos)."""
    hijos = []
    for parte in partes:
        if isinstance(parte, Hueco):
            parte = parte.widget
        if parte is not None:
            hijos.append(parte)
    return hijos


def armar(clase: type[widgets.Box], partes: Sequence[Parte], **opciones: Any) -> widgets.Box:
    """Una caja con los widgets de ``partes``; cada hueco entra en su lugar al llenarse."""
    caja_ = clase(presentes(partes), **opciones)

    def rearmar() -> None:
        caja_.children = presentes(partes)

    for parte in partes:
        if isinstance(parte, Hueco):
            parte.al_crear = rearmar
    return caja_


class EjercicioBase(widgets.VBox):
    """La raíz de cada ejercicio (un ``VBox`` que se muestra solo en la celda)."""

    texto_comprobar = "Comprobar"
    icono_comprobar = "check"
    con_comprobar = True  # sin él (casos), cada parte trae su propio botón
    texto_reintentar = "Intentar de nuevo"
    icono_reintentar = "redo"
    tooltip_reintentar = "Intentar de nuevo"
    reintentable = True  # muestra «Intentar de nuevo» tras comprobar
    bloquear = True  # bloquea los controles tras comprobar
    dice_guardado = False  # su retroalimentación dice «Guardado» (no se muestra si falla)
    motivo_no_guardado = ""

    def __init__(
        self, ejercicio: m.Ejercicio, contenido: m.Contenido, registro: Registro, modo: Modo = ""
    ) -> None:
        # Todo se construye con sus valores iniciales antes de abrir el modelo de la raíz:
        # cambiar un valor después de crear un widget es un mensaje más al navegador.
        self.ejercicio = ejercicio
        self.contenido = contenido
        self.registro = registro
        self.modo = modo
        self.intentos = registro.intentos(ejercicio.id, modo)
        instrucciones = f"<p>{esc(ejercicio.instrucciones)}</p>" if ejercicio.instrucciones else ""
        self.encabezado = html(f"{CSS_BASE}<h3>{esc(ejercicio.titulo)}</h3>{instrucciones}")
        self.boton_comprobar: widgets.Button | None = None
        if self.con_comprobar:
            self.boton_comprobar = boton(self.texto_comprobar, self.icono_comprobar, primario=True)
            self.boton_comprobar.on_click(self._al_comprobar)
        # «Intentar de nuevo» se crea la primera vez que hace falta (ver _ver_reintentar).
        self.boton_reintentar: widgets.Button | None = None
        self.botones: widgets.HBox | None = None
        if self.boton_comprobar is not None:
            self.botones = widgets.HBox([self.boton_comprobar], layout=layout(margin="0.6em 0"))
        self.retro = Hueco()
        self.fuentes = Hueco()
        self.contador = Hueco()
        self._abierto = False  # la raíz todavía no tiene modelo
        self._cuerpo: list[Parte] = list(self._construir())
        for parte in (*self._cuerpo, self.retro, self.fuentes, self.contador):
            if isinstance(parte, Hueco):
                parte.al_crear = self._armar
        self.contador.value = self._texto_contador()
        super().__init__(
            self._hijos(),
            layout=layout(width="100%"),
            _dom_classes=(CLASE, f"taller-tipo-{ejercicio.tipo.replace('_', '-')}"),
        )
        self._abierto = True
        anteriores = registro.anteriores(ejercicio.id, modo)
        if anteriores:
            self._restaurar(anteriores)
        self._mostrar_contador()

    def __repr__(self) -> str:
        # Lo que se ve donde no hay widgets (texto plano, presentaciones, nbval).
        return (
            f"Ejercicio «{self.ejercicio.titulo}» ({self.ejercicio.id}): ábralo en "
            "JupyterLab para responder."
        )

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

    def respuesta(
        self,
        elemento: str,
        valor: Any,
        correcta: bool | None,
        intento: int,
        puntaje: float | None = None,
    ) -> Respuesta:
        return Respuesta(self.ejercicio.id, elemento, valor, correcta, intento, self.modo, puntaje)

    def guardar(self, respuestas: Sequence[Respuesta]) -> bool:
        """Registra; si el buzón falla, lo anota en el log, recuerda por qué (el buzón lo
        dice en español: disco lleno, sin permiso...) y devuelve ``False``."""
        self.motivo_no_guardado = ""
        try:
            self.registro.registrar(respuestas)
        except Exception as error:
            log.exception("No se pudo registrar la respuesta de %s", self.ejercicio.id)
            if isinstance(error, (ErrorDelBuzon, ValueError)):
                self.motivo_no_guardado = str(error)
            return False
        return True

    def aviso_no_guardado(self) -> str:
        """Que no se guardó, por qué, y que la respuesta sigue aquí para reintentar."""
        motivo = f"{esc(self.motivo_no_guardado)} " if self.motivo_no_guardado else ""
        return caja(
            "aviso",
            "⚠ No se pudo guardar su respuesta.",
            f"{motivo}Su respuesta sigue aquí: pulse «{esc(self.texto_comprobar)}» para "
            "intentar guardarla otra vez. Si vuelve a fallar, avise a quien facilita.",
        )

    def avisar_no_guardado(self) -> None:
        self.retro.value += self.aviso_no_guardado()

    def aviso_pendiente(self) -> str:
        """En un hub (``taller.buzon.remoto``): el aviso si la respuesta quedó guardada en la
        cuenta pero aún no llega al servicio del taller; ``""`` si ya llegó."""
        texto = self.registro.pendiente()
        return caja("aviso", "⚠ Guardada, pendiente de envío.", esc(texto)) if texto else ""

    def _hijos(self) -> list[widgets.Widget]:
        return presentes(
            [self.encabezado, *self._cuerpo, self.botones, self.retro, self.fuentes, self.contador]
        )

    def _armar(self) -> None:
        """Vuelve a poner los hijos de la raíz (cuando aparece una parte nueva)."""
        if self._abierto:
            self.children = self._hijos()

    def _texto_contador(self) -> str:
        return (
            f'<div class="taller-fuentes">Intentos: {self.intentos}</div>' if self.intentos else ""
        )

    def _mostrar_contador(self) -> None:
        self.contador.value = self._texto_contador()

    def _ver_reintentar(self, ver: bool = True) -> None:
        """Muestra u oculta «Intentar de nuevo» (lo crea al mostrarlo la primera vez)."""
        if self.boton_reintentar is None:
            if not ver:
                return
            self.boton_reintentar = boton(
                self.texto_reintentar, self.icono_reintentar, tooltip=self.tooltip_reintentar
            )
            self.boton_reintentar.on_click(self._al_reintentar)
            if self.botones is None:
                self.botones = widgets.HBox(
                    [self.boton_reintentar], layout=layout(margin="0.6em 0")
                )
                self._armar()
            else:
                self.botones.children = [*self.botones.children, self.boton_reintentar]
            return
        oculto(self.boton_reintentar, not ver)

    def _al_comprobar(self, _boton: widgets.Button | None = None) -> None:
        falta = self._revisar()
        if falta:
            self.retro.value = caja("aviso", "⚠ Falta algo.", esc(falta))
            return
        intento = self.registro.intentos(self.ejercicio.id, self.modo) + 1
        if not self.guardar(self._respuestas(intento)):
            # Solo la verdad: no se cuenta el intento ni se bloquea nada; la respuesta
            # sigue en los controles y el mismo botón la vuelve a intentar guardar.
            if self.dice_guardado:
                self.retro.value = self.aviso_no_guardado()
            else:
                self._mostrar()
                self.avisar_no_guardado()
            return
        self.intentos = intento
        self._mostrar()
        self.retro.value += self.aviso_pendiente()
        self._cerrar()
        self._mostrar_contador()

    def _cerrar(self) -> None:
        if self.bloquear:
            self._habilitar(False)
            if self.boton_comprobar is not None:
                oculto(self.boton_comprobar)
        if self.reintentable:
            self._ver_reintentar()

    def _al_reintentar(self, _boton: widgets.Button | None = None) -> None:
        self._limpiar()
        self._habilitar(True)
        self.retro.value = ""
        self.fuentes.value = ""
        self._ver_reintentar(False)
        if self.boton_comprobar is not None:
            oculto(self.boton_comprobar, False)

    def _restaurar(self, registros: list[dict[str, Any]]) -> None:
        try:
            self._fijar(registros)
        except (KeyError, ValueError, TypeError, IndexError, TraitError):
            # El contenido cambió desde ese intento: se muestra el formulario en blanco.
            log.warning(
                "No se pudo restaurar %s desde el registro", self.ejercicio.id, exc_info=True
            )
            return
        self._mostrar()
        self._cerrar()
