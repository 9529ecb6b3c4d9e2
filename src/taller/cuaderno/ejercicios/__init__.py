"""Los ejercicios interactivos del taller (ipywidgets), uno por tipo y por archivo.

En un cuaderno basta con::

    taller.ejercicio("m3-valores-definiciones")

Si el id no existe o el contenido tiene errores, la celda muestra un aviso corto en
español y el detalle queda en el log ``taller`` para quien mantiene el taller.
"""

from __future__ import annotations

import logging

import ipywidgets as widgets

from taller.buzon import MODOS as MODOS_DEL_BUZON
from taller.contenido import modelo as m
from taller.contenido.errores import ContenidoInvalido
from taller.cuaderno.ejercicios._base import EjercicioBase, Registro, aviso, barajar
from taller.cuaderno.ejercicios.caso import CasoWidget
from taller.cuaderno.ejercicios.caso_ramificado import CasoRamificadoWidget
from taller.cuaderno.ejercicios.clasificar import ClasificarWidget
from taller.cuaderno.ejercicios.emparejar import EmparejarWidget
from taller.cuaderno.ejercicios.encuesta import EncuestaWidget
from taller.cuaderno.ejercicios.evaluacion import MODOS, EvaluacionWidget
from taller.cuaderno.ejercicios.opcion_multiple import OpcionMultipleWidget
from taller.cuaderno.ejercicios.reflexion import ReflexionWidget
from taller.estilo import letra_grande

__all__ = ["EjercicioBase", "barajar", "ejercicio", "letra_grande"]

log = logging.getLogger("taller")
# Sin configuración, los errores no se imprimen en la celda (stderr) de quien participa;
# quien mantiene el taller configura ``logging`` para leerlos.
log.addHandler(logging.NullHandler())

WIDGETS: dict[type[m.Ejercicio], type[EjercicioBase]] = {
    m.OpcionMultiple: OpcionMultipleWidget,
    m.Emparejar: EmparejarWidget,
    m.Clasificar: ClasificarWidget,
    m.Caso: CasoWidget,
    m.CasoRamificado: CasoRamificadoWidget,
    m.Reflexion: ReflexionWidget,
    m.Encuesta: EncuestaWidget,
    m.Evaluacion: EvaluacionWidget,
}

AVISE = "Avise a quien facilita."


def ejercicio(
    id_: str,
    /,
    *,
    modo: str = "",
    registro: Registro | None = None,
    contenido: m.Contenido | None = None,
) -> widgets.Widget:
    """El ejercicio ``id_`` listo para mostrarse en la celda (es el último valor de la celda).

    ``modo``: para la evaluación, ``"diagnostico"`` o ``"final"``. ``registro`` (dónde se
    guardan las respuestas) y ``contenido`` toman por omisión los de la sesión.
    Nunca lanza una excepción: ante un problema devuelve un aviso y lo anota en el log.
    """
    if contenido is None:
        try:
            from taller.contenido import contenido_actual

            contenido = contenido_actual()
        except ContenidoInvalido as error:
            log.error("No se puede mostrar el ejercicio «%s»: %s", id_, error)
            return aviso(
                "El contenido del taller tiene errores y este ejercicio no se puede "
                f"mostrar. {AVISE}",
                detalle=str(error),
            )
        except Exception:
            log.exception("No se pudo cargar el contenido para el ejercicio «%s»", id_)
            return aviso(f"No se pudo cargar el contenido del taller. {AVISE}")
    datos = contenido.ejercicios.get(id_)
    clase = WIDGETS.get(type(datos)) if datos is not None else None
    if datos is None or clase is None:
        log.error("No existe el ejercicio «%s» en %s", id_, contenido.carpeta)
        return aviso(
            f"No se encontró el ejercicio «{id_}». {AVISE}",
            detalle=f"No existe el ejercicio «{id_}» en {contenido.carpeta}.",
        )
    if isinstance(datos, m.Evaluacion) and modo not in MODOS:
        log.error(
            "La evaluación «%s» necesita modo=%s (se recibió %r)",
            id_,
            " o ".join(repr(x) for x in MODOS),
            modo,
        )
        return aviso(f"Falta indicar si la evaluación «{id_}» es diagnóstica o final. {AVISE}")
    elegido = next((x for x in MODOS_DEL_BUZON if x == modo), None)
    if elegido is None:
        log.error("El ejercicio «%s» no lleva modo=%r", id_, modo)
        return aviso(f"El ejercicio «{id_}» no admite modo={modo!r}. {AVISE}")
    try:
        if registro is None:
            from taller.cuaderno.sesion import registro_actual

            registro = registro_actual()
        return clase(datos, contenido, registro, modo=elegido)
    except Exception:
        log.exception("No se pudo mostrar el ejercicio «%s»", id_)
        return aviso(f"No se pudo mostrar el ejercicio «{id_}». {AVISE}")
