"""taller: el cuaderno de trabajo del taller «El Servicio Público y los Derechos Humanos».

Importar ``taller`` es ligero (no carga pandas ni matplotlib): lo hace cada cuaderno.
"""

from __future__ import annotations

from .contenido import cargar_contenido
from .errores import ContenidoInvalido, Problema

__all__ = ["ContenidoInvalido", "Problema", "cargar_contenido"]
__version__ = "0.1.0"
