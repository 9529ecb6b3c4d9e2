"""El contenido del taller: el modelo tipado, su carga desde ``datos/``, la validación
(cada problema con su archivo, línea y campo) y la caché del contenido ya validado.

``cargar_contenido`` carga YAML: se importa la primera vez que se usa.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from taller.contenido.cache import contenido_actual, contenido_o_nada
from taller.contenido.errores import ContenidoInvalido, Problema
from taller.contenido.recursos import carpeta_cuadernos, carpeta_datos
from taller.perezoso import perezosos

if TYPE_CHECKING:
    from taller.contenido.carga import cargar_contenido

__all__ = [
    "ContenidoInvalido",
    "Problema",
    "cargar_contenido",
    "carpeta_cuadernos",
    "carpeta_datos",
    "contenido_actual",
    "contenido_o_nada",
]

__getattr__, __dir__ = perezosos(__name__, globals(), {"cargar_contenido": "carga"})
