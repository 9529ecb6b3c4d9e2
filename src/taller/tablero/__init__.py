"""Lo que ve quien facilita: las cifras del grupo (pandas), el tablero en vivo (un widget
que lee el buzón local o cualquier ``FuenteDeRegistros``) y el informe para la
institución (HTML, XLSX, CSV y constancias en PDF). Cada nombre se importa la primera
vez que se usa: el tablero vacío no carga pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from taller.perezoso import perezosos

if TYPE_CHECKING:
    from taller.tablero.cifras import (
        aciertos_por_ejercicio,
        distribucion_de_opciones,
        encuesta,
        errores_frecuentes,
        ganancia_del_grupo,
        ganancia_normalizada,
        participacion,
        pre_post,
        reflexiones,
        ultimos_intentos,
    )
    from taller.tablero.fuente import FuenteDeRegistros
    from taller.tablero.informe import constancias, crear_informe
    from taller.tablero.widget import Tablero, tablero_en_vivo

__all__ = [
    "FuenteDeRegistros",
    "Tablero",
    "aciertos_por_ejercicio",
    "constancias",
    "crear_informe",
    "distribucion_de_opciones",
    "encuesta",
    "errores_frecuentes",
    "ganancia_del_grupo",
    "ganancia_normalizada",
    "participacion",
    "pre_post",
    "reflexiones",
    "tablero_en_vivo",
    "ultimos_intentos",
]

__getattr__, __dir__ = perezosos(
    __name__,
    globals(),
    {
        **{
            nombre: "cifras"
            for nombre in (
                "aciertos_por_ejercicio",
                "distribucion_de_opciones",
                "encuesta",
                "errores_frecuentes",
                "ganancia_del_grupo",
                "ganancia_normalizada",
                "participacion",
                "pre_post",
                "reflexiones",
                "ultimos_intentos",
            )
        },
        "FuenteDeRegistros": "fuente",
        "constancias": "informe",
        "crear_informe": "informe",
        "Tablero": "widget",
        "tablero_en_vivo": "widget",
    },
)
