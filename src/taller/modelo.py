"""El modelo del contenido: objetos inmutables y tipados de lo que forma el taller.

Solo datos; la carga y la validación están en ``contenido.py``.
"""

from __future__ import annotations

import inspect
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

try:
    from typing import dataclass_transform
except ImportError:  # Python 3.10: solo sirve a los verificadores de tipos
    def dataclass_transform(**_: Any) -> Any:  # type: ignore[no-redef]
        return lambda decorada: decorada

_T = TypeVar("_T", bound=type)


# --- Registros inmutables -------------------------------------------------------------------
#
# Cada cuaderno es un kernel nuevo que importa este módulo para leer el contenido guardado.
# ``@dataclass(frozen=True)`` escribe y compila seis métodos por clase (~20 ms para las
# clases de este módulo en cada kernel). ``@inmutable`` deja que ``dataclass`` registre los
# campos (``dataclasses.fields``, ``replace`` y ``asdict`` siguen sirviendo) y toma
# ``__init__`` (solo con nombre), ``__repr__``, ``__eq__``, ``__hash__`` y la inmutabilidad
# (``FrozenInstanceError``) de ``_Inmutable``, que los resuelve leyendo los campos: igual
# comportamiento, sin compilar nada al importar.


class _Inmutable:
    __slots__ = ()
    # (nombre, valor por omisión, fábrica) de cada campo; los que se comparan; los del repr.
    _iniciales: tuple[tuple[str, Any, Any], ...] = ()
    _comparados: tuple[str, ...] = ()
    _mostrados: tuple[str, ...] = ()

    def __init__(self, **valores: Any) -> None:
        faltan = []
        for nombre, defecto, fabrica in self._iniciales:
            if nombre in valores:
                valor = valores.pop(nombre)
            elif fabrica is not MISSING:
                valor = fabrica()
            elif defecto is not MISSING:
                valor = defecto
            else:
                faltan.append(nombre)
                continue
            object.__setattr__(self, nombre, valor)
        clase = type(self).__qualname__
        if valores:
            msg = f"{clase}.__init__() got an unexpected keyword argument {next(iter(valores))!r}"
            raise TypeError(msg)
        if faltan:
            msg = f"{clase}.__init__() missing required keyword-only arguments: {faltan}"
            raise TypeError(msg)

    def __repr__(self) -> str:
        campos = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._mostrados)
        return f"{type(self).__qualname__}({campos})"

    def _clave(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in self._comparados)

    def __eq__(self, otro: object) -> bool:
        if otro.__class__ is not self.__class__:
            return NotImplemented
        return self._clave() == otro._clave()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._clave())

    def __setattr__(self, nombre: str, valor: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {nombre!r}")

    def __delattr__(self, nombre: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {nombre!r}")


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
def inmutable(clase: _T) -> _T:
    """Como ``@dataclass(frozen=True, kw_only=True)`` (ver ``_Inmutable``)."""
    if not clase.__doc__:  # así dataclass no lo arma con inspect.signature
        clase.__doc__ = f"{clase.__name__}({', '.join(inspect.get_annotations(clase))})"
    clase = dataclass(init=False, repr=False, eq=False, kw_only=True)(clase)
    campos = fields(clase)
    clase._iniciales = tuple((c.name, c.default, c.default_factory) for c in campos if c.init)
    clase._comparados = tuple(c.name for c in campos if c.compare)
    clase._mostrados = tuple(c.name for c in campos if c.repr)
    return clase


@inmutable
class Fuente(_Inmutable):
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


@inmutable
class Valor(_Inmutable):
    id: str
    nombre: str
    definicion: str
    conducta_adecuada: str
    conducta_inadecuada: str
    fundamento: str
    tipo: str  # "legal" o "institucional"
    fuentes: tuple[str, ...]


@inmutable
class Termino(_Inmutable):
    termino: str
    definicion: str
    fuentes: tuple[str, ...] = ()


@inmutable
class Video(_Inmutable):
    id: str
    titulo: str
    muestra: str
    ubicacion: str
    preguntas: tuple[str, ...] = ()


@inmutable
class NotasFacilitacion(_Inmutable):
    puntos_clave: tuple[str, ...] = ()
    preguntas_discusion: tuple[str, ...] = ()
    videos: tuple[Video, ...] = ()


@inmutable
class Modulo(_Inmutable):
    id: str
    numero: int
    titulo: str
    cuaderno: str
    duracion_min: int
    objetivos: tuple[str, ...]
    fuentes: tuple[str, ...] = ()
    notas: NotasFacilitacion = field(default_factory=NotasFacilitacion)


@inmutable
class Constancia(_Inmutable):
    asistencia_minima: float = 0.8
    evaluacion_final_minima: float = 0.7


@inmutable
class DatosTaller(_Inmutable):
    titulo: str
    institucion: str
    publico: str
    constancia: Constancia = field(default_factory=Constancia)


# --- Ejercicios -------------------------------------------------------------------------


@inmutable
class Opcion(_Inmutable):
    texto: str
    correcta: bool
    retroalimentacion: str


@inmutable
class Pregunta(_Inmutable):
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


@inmutable
class Elemento(_Inmutable):
    """Un elemento a emparejar o clasificar; ``respuesta`` es la opción o la categoría."""

    texto: str
    respuesta: str
    explicacion: str
    fuentes: tuple[str, ...]
    valores: tuple[str, ...] = ()


@inmutable
class Categoria(_Inmutable):
    id: str
    nombre: str


@inmutable
class Decision(_Inmutable):
    texto: str
    consecuencia: str
    siguiente: str


@inmutable
class Punto(_Inmutable):
    id: str
    situacion: str
    decisiones: tuple[Decision, ...]


@inmutable
class Desenlace(_Inmutable):
    id: str
    titulo: str
    favorable: bool
    retroalimentacion: str


@inmutable
class ItemEncuesta(_Inmutable):
    id: str
    texto: str


@inmutable
class Ejercicio(_Inmutable):
    id: str
    tipo: str
    modulo: str
    titulo: str
    fuentes: tuple[str, ...]
    instrucciones: str = ""
    valores: tuple[str, ...] = ()
    archivo: Path | None = field(default=None, compare=False, repr=False)
    linea: int = field(default=0, compare=False, repr=False)


@inmutable
class OpcionMultiple(Ejercicio):
    pregunta: Pregunta


@inmutable
class Emparejar(Ejercicio):
    opciones: tuple[str, ...]
    elementos: tuple[Elemento, ...]


@inmutable
class Clasificar(Ejercicio):
    categorias: tuple[Categoria, ...]
    elementos: tuple[Elemento, ...]

    def categoria(self, id_: str) -> Categoria:
        return next(c for c in self.categorias if c.id == id_)


@inmutable
class Caso(Ejercicio):
    narrativa: str
    preguntas: tuple[Pregunta, ...]
    derechos: tuple[str, ...] = ()


@inmutable
class CasoRamificado(Ejercicio):
    narrativa: str
    inicio: str
    puntos: tuple[Punto, ...]
    desenlaces: tuple[Desenlace, ...]

    def punto(self, id_: str) -> Punto | None:
        return next((p for p in self.puntos if p.id == id_), None)

    def desenlace(self, id_: str) -> Desenlace | None:
        return next((d for d in self.desenlaces if d.id == id_), None)


@inmutable
class Reflexion(Ejercicio):
    consigna: str
    max_caracteres: int = 2000
    minimo_caracteres: int = 0


@inmutable
class Encuesta(Ejercicio):
    escala: tuple[str, ...]
    preguntas: tuple[ItemEncuesta, ...]


@inmutable
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


@inmutable
class Contenido(_Inmutable):
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
