"""El modelo del contenido: objetos inmutables y tipados de lo que forma el taller.

Solo datos; la carga y la validación están en ``contenido.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


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
    tipo: str  # "legal" o "institucional"
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
    notas: NotasFacilitacion = field(default_factory=NotasFacilitacion)


@dataclass(frozen=True, kw_only=True)
class Constancia:
    asistencia_minima: float = 0.8
    evaluacion_final_minima: float = 0.7


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
    seleccion: str  # "unica" o "multiple"
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
    fuentes: tuple[str, ...]
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
    tipo: str
    modulo: str
    titulo: str
    fuentes: tuple[str, ...]
    instrucciones: str = ""
    valores: tuple[str, ...] = ()
    archivo: Path | None = field(default=None, compare=False, repr=False)
    linea: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class OpcionMultiple(Ejercicio):
    pregunta: Pregunta


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


TIPOS: dict[str, type[Ejercicio]] = {
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
