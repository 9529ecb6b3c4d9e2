"""Texto de las personas, limpio para cualquier salida (sin pandas: lo usa también el
tablero vacío)."""

from __future__ import annotations

import re

__all__ = ["sin_controles"]

#: Controles C0 (menos tabulador y salto de línea), DEL y C1, y los controles
#: bidireccionales (incrustación, sustitución, aislamiento y marcas de dirección).
_CONTROLES = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_SALTOS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


def sin_controles(texto: str) -> str:
    """El texto sin caracteres de control ni controles bidireccionales; los saltos de
    línea de cualquier tipo (el manual de Word, ``\\x0b``; un CR suelto) pasan a ``\\n``."""
    return _CONTROLES.sub("", _SALTOS.sub("\n", texto))
