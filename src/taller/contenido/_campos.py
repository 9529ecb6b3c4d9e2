"""Lectura validada de un bloque YAML: cada problema queda anotado con su línea."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from taller.contenido._lectura import Lista, Mapa
from taller.contenido.errores import Problemas
from taller.contenido.modelo import PATRON_ID

T = TypeVar("T")
_TIPOS_YAML: dict[type[Any], str] = {
    str: "un texto",
    int: "un número entero",
    bool: "sí/no (true o false)",
    list: "una lista",
    dict: "un bloque de campos",
}


def describir(valor: Any) -> str:
    """Cómo se ve en el archivo lo que se encontró, para los mensajes."""
    if valor is None:
        return "nada"
    if isinstance(valor, bool):
        return (
            f"{'true' if valor else 'false'} (en YAML, no/sí/yes/on/off sin comillas son "
            "valores lógicos; si es texto, póngalo entre comillas)"
        )
    if isinstance(valor, dict):
        return "un bloque de campos"
    if isinstance(valor, list):
        n = len(valor)
        return "una lista vacía" if n == 0 else f"una lista de {n} elemento{'s' * (n != 1)}"
    texto = str(valor)
    return f"«{texto[:40]}…»" if len(texto) > 40 else f"«{texto}»"


def completos(campos: Mapping[str, T | None]) -> dict[str, T] | None:
    """Los campos, si ninguno falta (cada falta ya quedó anotada); si falta alguno, ``None``."""
    presentes = {k: v for k, v in campos.items() if v is not None}
    return presentes if len(presentes) == len(campos) else None


def elegir(valor: str, validos: tuple[T, ...]) -> T | None:
    """``valor`` si es uno de ``validos`` (los de un ``Literal`` del modelo); si no, ``None``."""
    return next((v for v in validos if v == valor), None)


def uno_de(validos: Iterable[str]) -> str:
    """«a» o «b» (o «a», «b» o «c»), para los mensajes."""
    lista = [f"«{v}»" for v in validos]
    return " o ".join([", ".join(lista[:-1]), lista[-1]]) if len(lista) > 1 else "".join(lista)


def pista(valor: str, validos: Iterable[str]) -> str:
    """« (¿quiso decir «x»?)» si algún válido se parece a ``valor``; si no, nada."""
    parecidos = difflib.get_close_matches(valor, list(validos), n=1)
    return f" (¿quiso decir «{parecidos[0]}»?)" if parecidos else ""


class Bloque:
    """Los campos de un bloque YAML (un ``Mapa``), con su ruta para los mensajes.

    Al crearlo se anotan los campos desconocidos; cada método de lectura anota lo que
    falta o no tiene el tipo esperado y devuelve ``None`` en ese caso.
    """

    def __init__(
        self,
        mapa: Mapa,
        archivo: Path,
        problemas: Problemas,
        ruta: str,
        requeridos: tuple[str, ...],
        opcionales: tuple[str, ...] = (),
    ) -> None:
        self.mapa = mapa
        self.archivo = archivo
        self.problemas = problemas
        self.ruta = ruta
        self.requeridos = requeridos
        conocidos = (*requeridos, *opcionales)
        for clave, linea in getattr(mapa, "repetidas", ()):
            problemas.agregar(
                archivo,
                linea,
                self.campo(clave),
                "campo repetido en el mismo bloque (se esperaba una sola vez); deje uno solo",
            )
        for clave in mapa:
            if clave not in conocidos:
                self.anotar(
                    clave,
                    f"campo desconocido{pista(clave, conocidos)}; campos válidos: "
                    f"{', '.join(conocidos)}",
                )

    @classmethod
    def de(
        cls,
        valor: Any,
        linea: int,
        archivo: Path,
        problemas: Problemas,
        ruta: str,
        requeridos: tuple[str, ...],
        opcionales: tuple[str, ...] = (),
    ) -> Bloque | None:
        if not isinstance(valor, Mapa):
            problemas.agregar(
                archivo,
                linea,
                ruta,
                f"se esperaba un bloque de campos y se encontró {describir(valor)}",
            )
            return None
        return cls(valor, archivo, problemas, ruta, requeridos, opcionales)

    @property
    def linea(self) -> int:
        return self.mapa.linea

    def linea_de(self, campo: str) -> int:
        return self.mapa.linea_de(campo)

    def campo(self, campo: str) -> str:
        return f"{self.ruta}.{campo}" if self.ruta else campo

    def anotar(self, campo: str, mensaje: str) -> None:
        self.problemas.agregar(self.archivo, self.linea_de(campo), self.campo(campo), mensaje)

    def _valor(self, campo: str, tipo: type[T]) -> T | None:
        if campo not in self.mapa:
            if campo in self.requeridos:
                self.problemas.agregar(
                    self.archivo,
                    self.linea,
                    self.campo(campo),
                    f"falta este campo obligatorio (se esperaba {_TIPOS_YAML[tipo]})",
                )
            return None
        if self.mapa[campo] is None:
            que = "es obligatorio" if campo in self.requeridos else "escriba un valor o bórrelo"
            self.anotar(campo, f"se esperaba {_TIPOS_YAML[tipo]} y el campo está vacío ({que})")
            return None
        valor: object = self.mapa[campo]
        if tipo is str and isinstance(valor, int | float) and not isinstance(valor, bool):
            valor = str(valor)
        if not isinstance(valor, tipo) or (tipo is int and isinstance(valor, bool)):
            self.anotar(campo, f"se esperaba {_TIPOS_YAML[tipo]} y se encontró {describir(valor)}")
            return None
        return valor

    def texto(self, campo: str) -> str | None:
        valor = self._valor(campo, str)
        if valor is None:
            return None
        valor = valor.strip()
        if not valor:
            self.anotar(campo, "se esperaba un texto y está vacío")
            return None
        return valor

    def identificador(self, campo: str = "id") -> str | None:
        valor = self.texto(campo)
        if valor is not None and not PATRON_ID.match(valor):
            self.anotar(
                campo,
                "se esperaba un id en minúsculas, números y guiones "
                f"(como «m3-valores») y se encontró {describir(valor)}",
            )
            return None
        return valor

    def entero(self, campo: str, minimo: int | None = None) -> int | None:
        valor = self._valor(campo, int)
        if valor is not None and minimo is not None and valor < minimo:
            self.anotar(campo, f"se esperaba un número de al menos {minimo} y se encontró {valor}")
            return None
        return valor

    def booleano(self, campo: str) -> bool | None:
        return self._valor(campo, bool)

    def textos(self, campo: str, minimo: int = 0) -> tuple[str, ...]:
        """Una lista de textos (acepta un texto solo como lista de uno)."""
        valor = self.mapa.get(campo)
        lista: list[Any] | None
        if isinstance(valor, str | int) and not isinstance(valor, bool):
            sola = Lista([valor])
            sola.linea, sola.lineas = self.linea_de(campo), [self.linea_de(campo)]
            lista = sola
        else:
            lista = self._valor(campo, list)
        if lista is None:
            return ()
        resultado = []
        for i, elemento in enumerate(lista):
            linea = lista.linea_de(i) if isinstance(lista, Lista) else self.linea_de(campo)
            ruta = f"{self.campo(campo)}[{i + 1}]"
            if not isinstance(elemento, str | int) or isinstance(elemento, bool):
                self.problemas.agregar(
                    self.archivo,
                    linea,
                    ruta,
                    f"se esperaba un texto y se encontró {describir(elemento)}",
                )
            elif not str(elemento).strip():
                self.problemas.agregar(
                    self.archivo, linea, ruta, "se esperaba un texto y está vacío"
                )
            else:
                resultado.append(str(elemento).strip())
        if len(lista) < minimo:
            self.anotar(
                campo,
                f"se esperaba una lista de al menos {minimo} y se encontró {describir(lista)}",
            )
        return tuple(resultado)

    def bloques(
        self,
        campo: str,
        requeridos: tuple[str, ...],
        opcionales: tuple[str, ...] = (),
        minimo: int = 0,
        etiqueta: str | None = None,
    ) -> Iterator[Bloque]:
        """Los bloques de una lista de bloques (``opciones``, ``preguntas``...)."""
        lista = self._valor(campo, list)
        if lista is None:
            return
        if len(lista) < minimo:
            self.anotar(
                campo,
                f"se esperaba una lista de al menos {minimo} y se encontró {describir(lista)}",
            )
        for i, elemento in enumerate(lista):
            linea = lista.linea_de(i) if isinstance(lista, Lista) else self.linea_de(campo)
            ruta = f"{self.campo(etiqueta or campo)}[{i + 1}]"
            bloque = Bloque.de(
                elemento, linea, self.archivo, self.problemas, ruta, requeridos, opcionales
            )
            if bloque is not None:
                yield bloque
