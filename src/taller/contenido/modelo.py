"""El modelo del contenido: objetos inmutables y tipados de lo que forma el taller.

Es también el esquema de ``datos/``: cada clase es un bloque YAML o una fila CSV, y sus
campos son los del archivo (``campos()`` los lee de aquí; la carga, en ``carga.py``, y
``docs/formato-de-datos.md`` no los repiten). Un campo sin valor por defecto es
obligatorio en el archivo; uno con valor por defecto, opcional.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

__all__ = [
    "ASISTENCIA_MINIMA",
    "EVALUACION_FINAL_MINIMA",
    "PATRON_ID",
    "SELECCIONES",
    "TIPOS",
    "TIPOS_DE_VALOR",
    "campos",
    "nombres",
]

#: Un id del contenido (módulo, ejercicio, fuente, valor...): minúsculas, números y
#: guiones, como «m3-valores».
PATRON_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Criterios de la constancia cuando ``taller.yaml`` no dice otros: proporción de módulos
#: con actividad y de aciertos en la evaluación final.
ASISTENCIA_MINIMA = 0.8
EVALUACION_FINAL_MINIMA = 0.7

TipoValor = Literal["legal", "institucional"]
TIPOS_DE_VALOR: tuple[TipoValor, ...] = get_args(TipoValor)
Seleccion = Literal["unica", "multiple"]
SELECCIONES: tuple[Seleccion, ...] = get_args(Seleccion)
TipoEjercicio = Literal[
    "opcion_multiple",
    "emparejar",
    "clasificar",
    "caso",
    "caso_ramificado",
    "reflexion",
    "encuesta",
    "evaluacion",
]

# Metadatos de un campo: su nombre en el archivo si es otro (``_EN_DATOS``), que no viene
# del archivo (``_EN_DATOS: None``), o que sus campos van sueltos en el bloque del padre
# (``_APLANADO``: la clase del campo).
_EN_DATOS = "taller.en_datos"
_APLANADO = "taller.aplanado"


def nombres(clase: type[Any]) -> tuple[str, ...]:
    """Todos los campos (obligatorios y opcionales) de ``clase`` tal como van en los datos."""
    requeridos, opcionales = campos(clase)
    return (*requeridos, *opcionales)


def campos(
    clase: type[Any], excepto: Iterable[str] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Los campos ``(obligatorios, opcionales)`` de ``clase`` tal como van en los datos,
    en el orden en que están declarados, sin los de ``excepto``."""
    excluidos = set(excepto)
    requeridos: list[str] = []
    opcionales: list[str] = []
    for f in fields(clase):
        aplanado = f.metadata.get(_APLANADO)
        if aplanado is not None:
            r, o = campos(aplanado, excluidos)
            requeridos += r
            opcionales += o
            continue
        nombre = f.metadata.get(_EN_DATOS, f.name)
        if nombre is None or nombre in excluidos:
            continue
        obligatorio = f.default is MISSING and f.default_factory is MISSING
        (requeridos if obligatorio else opcionales).append(nombre)
    return tuple(requeridos), tuple(opcionales)


@dataclass(frozen=True, kw_only=True)
class Fuente:
    id: str
    ley: str
    articulo: str
    fecha_consulta: date
    por_verificar: bool
    nota: str = ""

    @property
    def cita(self) -> str:
        marca = " (por verificar)" if self.por_verificar else ""
        return f"{self.ley}, {self.articulo}{marca}"


@dataclass(frozen=True, kw_only=True)
class Valor:
    id: str
    nombre: str
    definicion: str
    conducta_adecuada: str
    conducta_inadecuada: str
    fundamento: str
    tipo: TipoValor
    fuentes: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Termino:
    termino: str
    definicion: str
    fuentes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Video:
    id: str
    titulo: str
    muestra: str
    ubicacion: str
    preguntas: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class NotasFacilitacion:
    puntos_clave: tuple[str, ...] = ()
    preguntas_discusion: tuple[str, ...] = ()
    videos: tuple[Video, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Modulo:
    id: str
    numero: int
    titulo: str
    cuaderno: str
    duracion_min: int
    objetivos: tuple[str, ...]
    fuentes: tuple[str, ...] = ()
    notas: NotasFacilitacion = field(
        default_factory=NotasFacilitacion, metadata={_EN_DATOS: "notas_facilitacion"}
    )


@dataclass(frozen=True, kw_only=True)
class Constancia:
    asistencia_minima: float = ASISTENCIA_MINIMA
    evaluacion_final_minima: float = EVALUACION_FINAL_MINIMA


@dataclass(frozen=True, kw_only=True)
class DatosTaller:
    titulo: str
    institucion: str
    publico: str
    constancia: Constancia = field(default_factory=Constancia)


# --- Ejercicios -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Opcion:
    texto: str
    correcta: bool
    retroalimentacion: str


@dataclass(frozen=True, kw_only=True)
class Pregunta:
    """Una pregunta de opción múltiple: sola, dentro de un caso o en la evaluación."""

    id: str
    pregunta: str
    seleccion: Seleccion = "unica"
    opciones: tuple[Opcion, ...]
    fuentes: tuple[str, ...]
    modulo: str = ""

    @property
    def correctas(self) -> frozenset[int]:
        return frozenset(i for i, o in enumerate(self.opciones) if o.correcta)


@dataclass(frozen=True, kw_only=True)
class Elemento:
    """Un elemento a emparejar o clasificar; ``respuesta`` es la opción o la categoría."""

    texto: str
    respuesta: str
    explicacion: str
    fuentes: tuple[str, ...] = ()
    valores: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Categoria:
    id: str
    nombre: str


@dataclass(frozen=True, kw_only=True)
class Decision:
    texto: str
    consecuencia: str
    siguiente: str


@dataclass(frozen=True, kw_only=True)
class Punto:
    id: str
    situacion: str
    decisiones: tuple[Decision, ...]


@dataclass(frozen=True, kw_only=True)
class Desenlace:
    id: str
    titulo: str
    favorable: bool
    retroalimentacion: str


@dataclass(frozen=True, kw_only=True)
class ItemEncuesta:
    id: str
    texto: str


@dataclass(frozen=True, kw_only=True)
class Ejercicio:
    id: str
    tipo: TipoEjercicio
    modulo: str
    titulo: str
    fuentes: tuple[str, ...]
    instrucciones: str = ""
    valores: tuple[str, ...] = ()
    # Dónde se declaró (para los mensajes); no es un campo del archivo.
    archivo: Path | None = field(
        default=None, compare=False, repr=False, metadata={_EN_DATOS: None}
    )
    linea: int = field(default=0, compare=False, repr=False, metadata={_EN_DATOS: None})


@dataclass(frozen=True, kw_only=True)
class OpcionMultiple(Ejercicio):
    # En el archivo, «pregunta», «opciones» y «seleccion» van sueltos en el ejercicio.
    pregunta: Pregunta = field(metadata={_APLANADO: Pregunta})


@dataclass(frozen=True, kw_only=True)
class Emparejar(Ejercicio):
    opciones: tuple[str, ...]
    elementos: tuple[Elemento, ...]


@dataclass(frozen=True, kw_only=True)
class Clasificar(Ejercicio):
    categorias: tuple[Categoria, ...]
    elementos: tuple[Elemento, ...]

    def categoria(self, id_: str) -> Categoria:
        return next(c for c in self.categorias if c.id == id_)


@dataclass(frozen=True, kw_only=True)
class Caso(Ejercicio):
    narrativa: str
    preguntas: tuple[Pregunta, ...]
    derechos: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CasoRamificado(Ejercicio):
    narrativa: str
    inicio: str
    puntos: tuple[Punto, ...]
    desenlaces: tuple[Desenlace, ...]

    def punto(self, id_: str) -> Punto | None:
        return next((p for p in self.puntos if p.id == id_), None)

    def desenlace(self, id_: str) -> Desenlace | None:
        return next((d for d in self.desenlaces if d.id == id_), None)


@dataclass(frozen=True, kw_only=True)
class Reflexion(Ejercicio):
    consigna: str
    max_caracteres: int = 2000
    minimo_caracteres: int = 0


@dataclass(frozen=True, kw_only=True)
class Encuesta(Ejercicio):
    escala: tuple[str, ...]
    preguntas: tuple[ItemEncuesta, ...]


@dataclass(frozen=True, kw_only=True)
class Evaluacion(Ejercicio):
    banco: tuple[Pregunta, ...]


#: La clase de cada tipo de ejercicio (las claves son los valores de ``TipoEjercicio``).
TIPOS: dict[TipoEjercicio, type[Ejercicio]] = {
    "opcion_multiple": OpcionMultiple,
    "emparejar": Emparejar,
    "clasificar": Clasificar,
    "caso": Caso,
    "caso_ramificado": CasoRamificado,
    "reflexion": Reflexion,
    "encuesta": Encuesta,
    "evaluacion": Evaluacion,
}


@dataclass(frozen=True, kw_only=True)
class Contenido:
    """Todo el taller, cargado y validado."""

    carpeta: Path
    taller: DatosTaller
    modulos: dict[str, Modulo]
    valores: dict[str, Valor]
    glosario: tuple[Termino, ...]
    fuentes: dict[str, Fuente]
    ejercicios: dict[str, Ejercicio]

    def ejercicios_del_modulo(self, modulo: str) -> list[Ejercicio]:
        return [e for e in self.ejercicios.values() if e.modulo == modulo]

    def resumen(self) -> str:
        return (
            f"{len(self.modulos)} módulos, {len(self.valores)} valores, "
            f"{len(self.ejercicios)} ejercicios, {len(self.glosario)} términos del glosario, "
            f"{len(self.fuentes)} fuentes"
        )
