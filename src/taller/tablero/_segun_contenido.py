"""Lo que dice el contenido (si lo hay) de lo que se respondió: títulos, módulos,
preguntas, retroalimentación y si una opción es correcta. Sin contenido, los ids."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from taller.contenido.modelo import (
    Caso,
    CasoRamificado,
    Clasificar,
    Elemento,
    Emparejar,
    Evaluacion,
    OpcionMultiple,
)

if TYPE_CHECKING:
    from taller.contenido.modelo import Contenido, Ejercicio, Pregunta

SIN_MODULO = "—"
#: El ``elemento`` con el que un caso ramificado registra su desenlace.
DESENLACE = "desenlace"


def _ejercicio(contenido: Contenido | None, id_: str) -> Ejercicio | None:
    return contenido.ejercicios.get(id_) if contenido is not None else None


def _tipo(contenido: Contenido | None, id_: str) -> str:
    ejercicio = _ejercicio(contenido, id_)
    return ejercicio.tipo if ejercicio is not None else ""


def titulo(contenido: Contenido | None, id_: str) -> str:
    ejercicio = _ejercicio(contenido, id_)
    return ejercicio.titulo if ejercicio is not None else id_


def _pregunta(ejercicio: Ejercicio | None, elemento: str) -> Pregunta | None:
    """La pregunta de opción múltiple que se respondió (sola, de un caso o de la
    evaluación), por su id o su posición."""
    if isinstance(ejercicio, OpcionMultiple):
        return ejercicio.pregunta
    if isinstance(ejercicio, Caso):
        preguntas = ejercicio.preguntas
    elif isinstance(ejercicio, Evaluacion):
        preguntas = ejercicio.banco
    else:
        return None  # p. ej. las preguntas de una encuesta no tienen opciones
    por_id = {p.id: p for p in preguntas}
    if elemento in por_id:
        return por_id[elemento]
    if elemento.isdigit() and int(elemento) < len(preguntas):
        return preguntas[int(elemento)]
    return None


def _elemento(ejercicio: Ejercicio | None, elemento: str) -> Elemento | None:
    """El elemento (fila) de un ejercicio de emparejar o clasificar, por su posición."""
    if not isinstance(ejercicio, (Emparejar, Clasificar)) or not elemento.isdigit():
        return None
    indice = int(elemento)
    return ejercicio.elementos[indice] if indice < len(ejercicio.elementos) else None


def _modulo_de(
    contenido: Contenido | None, ejercicio_id: str, elemento: str, por_pregunta: bool = False
) -> str:
    """El módulo de una respuesta. La evaluación no es trabajo de ningún módulo
    (``SIN_MODULO``): sus preguntas repasan todos. Solo con ``por_pregunta`` (para comparar
    diagnóstica y final por módulo) cada pregunta de la evaluación cuenta en el suyo."""
    ejercicio = _ejercicio(contenido, ejercicio_id)
    if ejercicio is None:
        prefijo = ejercicio_id.split("-", 1)[0]
        return prefijo if prefijo[:1] == "m" and prefijo[1:].isdigit() else SIN_MODULO
    if ejercicio.tipo == "evaluacion":
        pregunta = _pregunta(ejercicio, elemento) if por_pregunta else None
        return pregunta.modulo if pregunta is not None and pregunta.modulo else SIN_MODULO
    return ejercicio.modulo or SIN_MODULO


def modulo_del_ejercicio(contenido: Contenido | None, ejercicio_id: str) -> str:
    """El módulo al que pertenece un ejercicio (el de la evaluación, tal cual)."""
    ejercicio = _ejercicio(contenido, ejercicio_id)
    if ejercicio is not None:
        return ejercicio.modulo or SIN_MODULO
    return _modulo_de(None, ejercicio_id, "")


def modulos_con_ejercicios(contenido: Contenido) -> list[str]:
    """Los módulos que tienen ejercicios propios (sin contar la evaluación), en orden: los
    que cuentan para la constancia."""
    propios = {e.modulo for e in contenido.ejercicios.values() if e.tipo != "evaluacion"}
    return [m for m in contenido.modulos if m in propios]


def titulo_modulo(contenido: Contenido | None, modulo: str) -> str:
    """«1. El servicio público» en lugar de «m1» (sin contenido, el id)."""
    datos = contenido.modulos.get(modulo) if contenido is not None else None
    return f"{datos.numero}. {datos.titulo}" if datos is not None else modulo


def con_modulo(
    tabla: pd.DataFrame, contenido: Contenido | None = None, por_pregunta: bool = False
) -> pd.DataFrame:
    """La tabla con la columna ``modulo``: el del ejercicio (la evaluación no es de ningún
    módulo: ``SIN_MODULO``) o, con ``por_pregunta``, en la evaluación, el de cada pregunta
    del banco (para comparar diagnóstica y final por módulo)."""
    pares = _pares_por_codigo(tabla["ejercicio"], tabla["elemento"])
    if pares is not None:  # con categorías: se calcula una vez por par distinto
        inversa, unicos = pares
        nombres = [_modulo_de(contenido, e, el, por_pregunta) for e, el in unicos]
        categorias = sorted(set(nombres))
        posicion = {m: i for i, m in enumerate(categorias)}
        codigos = np.array([posicion[m] for m in nombres], dtype=np.int32)
        modulo = pd.Categorical.from_codes(codigos[inversa], categories=pd.Index(categorias))
        return tabla.assign(modulo=modulo)
    pares_df = tabla[["ejercicio", "elemento"]].drop_duplicates()
    modulos_d = {
        (e, el): _modulo_de(contenido, e, el, por_pregunta)
        for e, el in pares_df.itertuples(index=False)
    }
    claves = zip(tabla["ejercicio"], tabla["elemento"], strict=True)
    return tabla.assign(modulo=[modulos_d[c] for c in claves])


def _pares_por_codigo(
    a: pd.Series, b: pd.Series
) -> tuple[np.ndarray, list[tuple[Any, Any]]] | None:
    """Para dos columnas categóricas: a qué par distinto pertenece cada fila y los pares
    (valores); ``None`` si alguna no es categórica o tiene nulos."""
    if not (isinstance(a.dtype, pd.CategoricalDtype) and isinstance(b.dtype, pd.CategoricalDtype)):
        return None
    codigos_a = a.cat.codes.to_numpy(np.int64)
    codigos_b = b.cat.codes.to_numpy(np.int64)
    if len(codigos_a) and (codigos_a.min() < 0 or codigos_b.min() < 0):
        return None
    ancho = len(b.cat.categories)
    clave = codigos_a * ancho + codigos_b
    if len(a.cat.categories) * ancho <= max(4 * len(clave), 1 << 16):  # pocos pares posibles
        presentes = np.flatnonzero(np.bincount(clave, minlength=len(a.cat.categories) * ancho))
        numero = np.zeros(len(a.cat.categories) * ancho, dtype=np.int64)
        numero[presentes] = np.arange(len(presentes))
        unicas, inversa = presentes, numero[clave]
    else:
        unicas, inversa = np.unique(clave, return_inverse=True)
    cat_a, cat_b = a.cat.categories, b.cat.categories
    pares = [(cat_a[c // ancho], cat_b[c % ancho]) for c in unicas.tolist()]
    return inversa.reshape(-1), pares


def _texto_elemento(ejercicio: Ejercicio | None, elemento: str) -> str:
    """La pregunta o el elemento (fila a emparejar o clasificar, punto de decisión o
    desenlace de un caso ramificado) que se respondió."""
    if isinstance(ejercicio, CasoRamificado):
        if elemento == DESENLACE:
            return "Desenlace"
        punto = ejercicio.punto(elemento)
        return punto.situacion if punto is not None else elemento
    pregunta = _pregunta(ejercicio, elemento)
    if pregunta is not None:
        return pregunta.pregunta
    fila = _elemento(ejercicio, elemento)
    return fila.texto if fila is not None else elemento


def _retroalimentacion(ejercicio: Ejercicio | None, elemento: str, valor: str) -> str:
    if isinstance(ejercicio, CasoRamificado):
        if elemento == DESENLACE:
            desenlace = ejercicio.desenlace(valor)
            return desenlace.retroalimentacion if desenlace is not None else ""
        for punto in ejercicio.puntos:
            for decision in punto.decisiones:
                if decision.texto == valor:
                    return decision.consecuencia
        return ""
    pregunta = _pregunta(ejercicio, elemento)
    if pregunta is not None:
        return next((o.retroalimentacion for o in pregunta.opciones if o.texto == valor), "")
    fila = _elemento(ejercicio, elemento)
    if fila is not None:
        return f"Respuesta: {_nombre_opcion(ejercicio, fila.respuesta)}. {fila.explicacion}"
    return ""


def _nombre_opcion(ejercicio: Ejercicio | None, valor: str) -> str:
    """El nombre de una categoría (clasificar guarda su id), el título de un desenlace
    (el caso ramificado guarda su id) o el texto tal cual."""
    if isinstance(ejercicio, CasoRamificado):
        desenlace = ejercicio.desenlace(valor)
        return desenlace.titulo if desenlace is not None else valor
    if isinstance(ejercicio, Clasificar):
        return next((c.nombre for c in ejercicio.categorias if c.id == valor), valor)
    return valor


def _opcion_correcta(ejercicio: Ejercicio | None, elemento: str, valor: str) -> bool | None:
    if isinstance(ejercicio, CasoRamificado):
        desenlace = ejercicio.desenlace(valor) if elemento == DESENLACE else None
        return desenlace.favorable if desenlace is not None else None
    pregunta = _pregunta(ejercicio, elemento)
    if pregunta is not None:
        return next((o.correcta for o in pregunta.opciones if o.texto == valor), None)
    fila = _elemento(ejercicio, elemento)
    return fila.respuesta == valor if fila is not None else None
