"""taller: el cuaderno de trabajo del taller «El Servicio Público y los Derechos Humanos».

Lo que usa un cuaderno. Cada cuaderno hace ``import taller``: por eso importar el paquete
no carga nada pesado (ni pandas ni matplotlib, ni siquiera ipywidgets o YAML). Cada
nombre público se importa la primera vez que se usa.

La arquitectura está en los subpaquetes (las dependencias van en un solo sentido, y
``lint-imports`` lo verifica):

- ``taller.contenido``: el modelo del contenido, su carga, validación y caché;
- ``taller.buzon``: el registro de una respuesta, dónde se escribe y cómo se lee;
- ``taller.evaluar``: la calificación, con funciones puras;
- ``taller.cuaderno``: lo que muestra un cuaderno (ejercicios y bloques);
- ``taller.tablero``: las cifras, el tablero en vivo y el informe de quien facilita;
- ``taller.cli``: la orden ``taller``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from taller.perezoso import perezosos

if TYPE_CHECKING:
    from taller.contenido import ContenidoInvalido, Problema, cargar_contenido
    from taller.cuaderno import (
        agenda,
        ejercicio,
        encabezado,
        glosario,
        inicio,
        letra_grande,
        notas_facilitacion,
        tabla_valores,
        video,
    )
    from taller.tablero import tablero_en_vivo

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

__getattr__, __dir__ = perezosos(
    __name__,
    globals(),
    {
        "ContenidoInvalido": "contenido",
        "Problema": "contenido",
        "cargar_contenido": "contenido",
        "ejercicio": "cuaderno",
        "letra_grande": "cuaderno",
        "agenda": "cuaderno",
        "encabezado": "cuaderno",
        "glosario": "cuaderno",
        "inicio": "cuaderno",
        "notas_facilitacion": "cuaderno",
        "tabla_valores": "cuaderno",
        "video": "cuaderno",
        "tablero_en_vivo": "tablero",
    },
)
