"""La calificación de los ejercicios: funciones puras, sin widgets.

Cada función recibe el ejercicio (del modelo) y lo que eligió la persona, y devuelve un
``Resultado`` con un renglón por elemento, los aciertos y el marcador («9 de 12»). Los
widgets solo leen sus controles, llaman a estas funciones y muestran el resultado.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from taller.contenido import modelo as m


@dataclass(frozen=True)
class ResultadoItem:
    """Un renglón calificado: un elemento, una pregunta o una opción elegida."""

    clave: str  # índice del elemento ("0"), id de la pregunta o índice de la opción
    texto: str  # el texto del elemento, de la pregunta o de la opción
    elegida: Any  # lo que eligió la persona (None si no eligió nada)
    esperada: Any  # lo correcto
    correcta: bool
    explicacion: str
    fuentes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resultado:
    """La calificación de un intento."""

    items: tuple[ResultadoItem, ...]
    aciertos: int
    total: int
    #: Opciones correctas que la persona no marcó (opción múltiple).
    faltantes: tuple[ResultadoItem, ...] = ()

    @property
    def correcto(self) -> bool:
        return self.total > 0 and self.aciertos == self.total

    @property
    def parcial(self) -> bool:
        """Algo bien, pero no todo."""
        return not self.correcto and any(i.correcta for i in self.items)

    @property
    def puntaje(self) -> float:
        """Proporción de aciertos, de 0 a 1."""
        return self.aciertos / self.total if self.total else 0.0

    @property
    def marcador(self) -> str:
        return f"{self.aciertos} de {self.total}"


def _fuentes(propias: tuple[str, ...], del_ejercicio: tuple[str, ...]) -> tuple[str, ...]:
    """Un elemento sin fuentes propias hereda las del ejercicio."""
    return propias or del_ejercicio


def indices_de_textos(pregunta: m.Pregunta, textos: Iterable[str]) -> list[int]:
    """Los índices (en el contenido) de las opciones con esos textos; ignora los ajenos."""
    buscados = set(textos)
    return [i for i, o in enumerate(pregunta.opciones) if o.texto in buscados]


def valor_de_opciones(pregunta: m.Pregunta, elegidas: Iterable[int]) -> str | list[str]:
    """Lo que se guarda: el texto elegido (única) o la lista ordenada de textos (múltiple)."""
    textos = [pregunta.opciones[i].texto for i in sorted(set(elegidas))]
    if pregunta.seleccion == "unica":
        return textos[0] if textos else ""
    return sorted(textos)


def evaluar_opciones(
    pregunta: m.Pregunta, elegidas: Iterable[int], fuentes: tuple[str, ...] = ()
) -> Resultado:
    """Califica una pregunta de opción múltiple; ``elegidas`` son índices del contenido.

    Selección única: 1 de 1 si la opción elegida es la correcta. Selección múltiple: cada
    opción cuenta como acierto si se marcó y es correcta o si no se marcó y no lo es.
    """
    marcadas = set(elegidas)
    fuentes = _fuentes(pregunta.fuentes, fuentes)
    items, faltantes = [], []
    for i, opcion in enumerate(pregunta.opciones):
        item = ResultadoItem(
            clave=str(i),
            texto=opcion.texto,
            elegida=i in marcadas,
            esperada=opcion.correcta,
            correcta=opcion.correcta,
            explicacion=opcion.retroalimentacion,
            fuentes=fuentes,
        )
        if i in marcadas:
            items.append(item)
        elif opcion.correcta:
            faltantes.append(item)
    if pregunta.seleccion == "unica":
        total = 1
        aciertos = int(marcadas == set(pregunta.correctas))
    else:
        total = len(pregunta.opciones)
        aciertos = sum((i in marcadas) == o.correcta for i, o in enumerate(pregunta.opciones))
    return Resultado(tuple(items), aciertos, total, tuple(faltantes))


def _evaluar_elementos(
    ejercicio: m.Emparejar | m.Clasificar, respuestas: Sequence[str | None]
) -> Resultado:
    items = []
    for i, elemento in enumerate(ejercicio.elementos):
        elegida = respuestas[i] if i < len(respuestas) else None
        items.append(
            ResultadoItem(
                clave=str(i),
                texto=elemento.texto,
                elegida=elegida,
                esperada=elemento.respuesta,
                correcta=elegida == elemento.respuesta,
                explicacion=elemento.explicacion,
                fuentes=_fuentes(elemento.fuentes, ejercicio.fuentes),
            )
        )
    return Resultado(tuple(items), sum(i.correcta for i in items), len(items))


def evaluar_emparejar(ejercicio: m.Emparejar, respuestas: Sequence[str | None]) -> Resultado:
    """``respuestas[i]``: la opción elegida para el elemento ``i`` (None si ninguna)."""
    return _evaluar_elementos(ejercicio, respuestas)


def evaluar_clasificar(ejercicio: m.Clasificar, respuestas: Sequence[str | None]) -> Resultado:
    """``respuestas[i]``: el id de la categoría elegida para el elemento ``i``."""
    return _evaluar_elementos(ejercicio, respuestas)


def evaluar_preguntas(
    preguntas: Sequence[m.Pregunta],
    respuestas: Mapping[str, Iterable[int]],
    fuentes: tuple[str, ...] = (),
) -> Resultado:
    """Un renglón por pregunta (caso o evaluación): correcta si se respondió del todo bien.

    ``respuestas``: id de pregunta -> índices elegidos; las que faltan cuentan como error.
    """
    items = []
    for pregunta in preguntas:
        elegidas = list(respuestas.get(pregunta.id, ()))
        parcial = evaluar_opciones(pregunta, elegidas, fuentes)
        items.append(
            ResultadoItem(
                clave=pregunta.id,
                texto=pregunta.pregunta,
                elegida=valor_de_opciones(pregunta, elegidas) if elegidas else None,
                esperada=valor_de_opciones(pregunta, pregunta.correctas),
                correcta=parcial.correcto,
                explicacion=" ".join(i.explicacion for i in parcial.items),
                fuentes=_fuentes(pregunta.fuentes, fuentes),
            )
        )
    return Resultado(tuple(items), sum(i.correcta for i in items), len(items))


def aciertos_de_registros(registros: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """(aciertos, total) de los registros de un intento (por ejemplo, la diagnóstica)."""
    lista = [r for r in registros if r.get("correcta") is not None]
    return sum(bool(r["correcta"]) for r in lista), len(lista)


@dataclass(frozen=True)
class Comparacion:
    """La evaluación final frente a la diagnóstica."""

    antes: int
    despues: int
    total: int

    @property
    def diferencia(self) -> int:
        return self.despues - self.antes


def comparar(diagnostico: tuple[int, int] | None, final: Resultado) -> Comparacion | None:
    """Compara solo si hay diagnóstica y tiene el mismo número de preguntas que la final."""
    if diagnostico is None or diagnostico[1] != final.total or not final.total:
        return None
    return Comparacion(diagnostico[0], final.aciertos, final.total)


# --- Caso ramificado ------------------------------------------------------------------


@dataclass(frozen=True)
class Paso:
    punto: m.Punto
    decision: m.Decision


@dataclass(frozen=True)
class Recorrido:
    """Dónde queda un caso ramificado tras una serie de decisiones."""

    pasos: tuple[Paso, ...]
    actual: m.Punto | None  # el punto donde hay que decidir (None si ya terminó)
    desenlace: m.Desenlace | None

    @property
    def terminado(self) -> bool:
        return self.desenlace is not None


def recorrer(caso: m.CasoRamificado, decisiones: Sequence[str]) -> Recorrido:
    """Sigue el caso desde ``inicio`` tomando, en cada punto, la decisión con ese texto.

    ``ValueError`` si una decisión no existe en su punto o llega después del desenlace.
    """
    pasos: list[Paso] = []
    actual = caso.punto(caso.inicio)
    desenlace = caso.desenlace(caso.inicio)
    for texto in decisiones:
        if actual is None:
            msg = f"La decisión «{texto}» llega después del desenlace."
            raise ValueError(msg)
        decision = next((d for d in actual.decisiones if d.texto == texto), None)
        if decision is None:
            msg = f"El punto «{actual.id}» no tiene la decisión «{texto}»."
            raise ValueError(msg)
        pasos.append(Paso(actual, decision))
        actual = caso.punto(decision.siguiente)
        desenlace = caso.desenlace(decision.siguiente)
    return Recorrido(tuple(pasos), actual, desenlace)


# --- Reflexión y encuesta -------------------------------------------------------------


def revisar_reflexion(ejercicio: m.Reflexion, texto: str) -> str | None:
    """Por qué no se puede guardar el texto (en español), o ``None`` si se puede."""
    largo = len(texto.strip())
    if not largo:
        return "Escriba su reflexión antes de guardar."
    if largo > ejercicio.max_caracteres:
        return (
            f"Su texto tiene {largo} caracteres; el máximo es "
            f"{ejercicio.max_caracteres}. Acórtelo un poco y guarde de nuevo."
        )
    if largo < ejercicio.minimo_caracteres:
        return f"Su texto tiene {largo} caracteres; escriba al menos {ejercicio.minimo_caracteres}."
    return None


def sin_responder(claves: Iterable[str], respuestas: Mapping[str, Any]) -> list[str]:
    """Las claves sin respuesta (valor ausente, None o vacío), en su orden."""
    return [c for c in claves if respuestas.get(c) in (None, "", [], ())]
