"""taller: el cuaderno de trabajo del taller «El Servicio Público y los Derechos Humanos».

Cada cuaderno hace ``import taller``: por eso importar el paquete no carga nada pesado
(ni pandas ni matplotlib, ni siquiera ipywidgets o YAML). Cada nombre público se importa
la primera vez que se usa.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .contenido import cargar_contenido
    from .cuaderno import (
        agenda,
        encabezado,
        glosario,
        inicio,
        notas_facilitacion,
        tabla_valores,
        tablero_en_vivo,
        video,
    )
    from .ejercicios import ejercicio, letra_grande
    from .errores import ContenidoInvalido, Problema

__all__ = [
    "ContenidoInvalido",
    "Problema",
    "agenda",
    "cargar_contenido",
    "ejercicio",
    "encabezado",
    "glosario",
    "inicio",
    "letra_grande",
    "notas_facilitacion",
    "tabla_valores",
    "tablero_en_vivo",
    "video",
]
__version__ = "0.1.0"

_ORIGEN = {
    "ContenidoInvalido": "errores",
    "Problema": "errores",
    "cargar_contenido": "contenido",
    "ejercicio": "ejercicios",
    "letra_grande": "ejercicios",
    "agenda": "cuaderno",
    "encabezado": "cuaderno",
    "glosario": "cuaderno",
    "inicio": "cuaderno",
    "notas_facilitacion": "cuaderno",
    "tabla_valores": "cuaderno",
    "video": "cuaderno",
    "tablero_en_vivo": "cuaderno",
}


def __getattr__(nombre: str) -> Any:
    if nombre in _ORIGEN:
        valor = getattr(import_module(f".{_ORIGEN[nombre]}", __name__), nombre)
        globals()[nombre] = valor
        return valor
    msg = f"module 'taller' has no attribute {nombre!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
