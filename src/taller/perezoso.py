"""Nombres de un paquete que se importan la primera vez que se usan (PEP 562).

Cada cuaderno es un kernel nuevo que hace ``import taller``: importar un paquete no debe
cargar pandas, matplotlib, ipywidgets ni YAML hasta que algo los use.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

__all__ = ["perezosos"]


def perezosos(
    paquete: str, espacio: dict[str, Any], origen: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` y ``__dir__`` para ``paquete``: ``origen`` dice de qué módulo
    (relativo al paquete) sale cada nombre."""

    def __getattr__(nombre: str) -> Any:
        if nombre in origen:
            valor = getattr(import_module(f"{paquete}.{origen[nombre]}"), nombre)
            espacio[nombre] = valor
            return valor
        msg = f"module {paquete!r} has no attribute {nombre!r}"
        raise AttributeError(msg)

    def __dir__() -> list[str]:
        return sorted({*espacio, *origen})

    return __getattr__, __dir__
