"""Lectura validada de un bloque YAML: cada problema queda anotado con su línea."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._lectura import Lista, Mapa
from .errores import Problemas

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TIPOS_YAML = {str: "un texto", int: "un número entero", bool: "sí/no (true o false)",
               list: "una lista", dict: "un bloque de campos"}


def describir(valor: Any) -> str:
    """Cómo se ve en el archivo lo que se encontró, para los mensajes."""
    if valor is None:
        return "nada"
    if isinstance(valor, bool):
        return "true" if valor else "false"
    if isinstance(valor, dict):
        return "un bloque de campos"
    if isinstance(valor, list):
        return f"una lista de {len(valor)}"
    texto = str(valor)
    return f"«{texto[:40]}…»" if len(texto) > 40 else f"«{texto}»"


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
        for clave in mapa:
            if clave not in conocidos:
                parecidos = difflib.get_close_matches(clave, conocidos, n=1)
                pista = f" (¿quiso decir «{parecidos[0]}»?)" if parecidos else ""
                self.anotar(clave, f"campo desconocido{pista}; campos válidos: "
                            f"{', '.join(conocidos)}")

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
            problemas.agregar(archivo, linea, ruta,
                              f"se esperaba un bloque de campos y se encontró {describir(valor)}")
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

    def _valor(self, campo: str, tipo: type) -> Any:
        if campo not in self.mapa or self.mapa[campo] is None:
            if campo in self.requeridos:
                self.problemas.agregar(self.archivo, self.linea, self.campo(campo),
                                       "falta este campo obligatorio")
            return None
        valor = self.mapa[campo]
        aceptable = isinstance(valor, tipo) and not (tipo is int and isinstance(valor, bool))
        if tipo is str and isinstance(valor, int | float) and not isinstance(valor, bool):
            valor, aceptable = str(valor), True
        if not aceptable:
            self.anotar(campo, f"se esperaba {_TIPOS_YAML[tipo]} y se encontró {describir(valor)}")
            return None
        return valor

    def texto(self, campo: str) -> str | None:
        valor = self._valor(campo, str)
        if valor is None:
            return None
        valor = valor.strip()
        if not valor:
            self.anotar(campo, "el texto está vacío")
            return None
        return valor

    def identificador(self, campo: str = "id") -> str | None:
        valor = self.texto(campo)
        if valor is not None and not _ID.match(valor):
            self.anotar(campo, "se esperaba un id en minúsculas, números y guiones "
                        f"(como «m3-valores») y se encontró {describir(valor)}")
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
        if isinstance(valor, str):
            valor = Lista([valor])
            valor.linea, valor.lineas = self.linea_de(campo), [self.linea_de(campo)]
        lista = self._valor(campo, list) if valor is None or isinstance(valor, list) else None
        if valor is not None and not isinstance(valor, list):
            self.anotar(campo, f"se esperaba una lista y se encontró {describir(valor)}")
            return ()
        if lista is None:
            lista = Lista()
        resultado = []
        for i, elemento in enumerate(lista):
            linea = lista.linea_de(i) if isinstance(lista, Lista) else self.linea_de(campo)
            ruta = f"{self.campo(campo)}[{i + 1}]"
            if not isinstance(elemento, str | int) or isinstance(elemento, bool):
                self.problemas.agregar(self.archivo, linea, ruta,
                                       f"se esperaba un texto y se encontró {describir(elemento)}")
            elif not str(elemento).strip():
                self.problemas.agregar(self.archivo, linea, ruta, "el texto está vacío")
            else:
                resultado.append(str(elemento).strip())
        if len(resultado) < minimo and (campo in self.mapa or campo not in self.requeridos):
            self.anotar(campo, f"se esperaba al menos {minimo} y se encontró {len(resultado)}")
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
            self.anotar(campo, f"se esperaban al menos {minimo} y se encontraron {len(lista)}")
        for i, elemento in enumerate(lista):
            linea = lista.linea_de(i) if isinstance(lista, Lista) else self.linea_de(campo)
            ruta = f"{self.campo(etiqueta or campo)}[{i + 1}]"
            bloque = Bloque.de(elemento, linea, self.archivo, self.problemas, ruta,
                               requeridos, opcionales)
            if bloque is not None:
                yield bloque
