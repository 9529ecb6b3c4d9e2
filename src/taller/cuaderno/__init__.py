"""Lo que muestra un cuaderno: los ejercicios (``ejercicio``), los bloques de texto
(encabezado, agenda, glosario, video, notas de facilitación) y la sesión de quien
participa. Carga ipywidgets: cada nombre se importa la primera vez que se usa.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from taller.perezoso import perezosos

if TYPE_CHECKING:
    from taller.cuaderno.bloques import (
        agenda,
        encabezado,
        glosario,
        inicio,
        notas_facilitacion,
        tabla_valores,
        video,
    )
    from taller.cuaderno.ejercicios import ejercicio, letra_grande
    from taller.cuaderno.sesion import participante_actual, registro_actual

__all__ = [
    "agenda",
    "ejercicio",
    "encabezado",
    "glosario",
    "inicio",
    "letra_grande",
    "notas_facilitacion",
    "participante_actual",
    "registro_actual",
    "tabla_valores",
    "video",
]

__getattr__, __dir__ = perezosos(
    __name__,
    globals(),
    {
        "agenda": "bloques",
        "encabezado": "bloques",
        "glosario": "bloques",
        "inicio": "bloques",
        "notas_facilitacion": "bloques",
        "tabla_valores": "bloques",
        "video": "bloques",
        "ejercicio": "ejercicios",
        "letra_grande": "ejercicios",
        "participante_actual": "sesion",
        "registro_actual": "sesion",
    },
)
