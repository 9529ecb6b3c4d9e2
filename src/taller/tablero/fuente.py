"""De dónde lee el tablero las respuestas: una «fuente» con un método que da los registros
nuevos desde la llamada anterior.

- ``FuenteDeRegistros`` es el contrato: ``nuevos()`` devuelve los registros (diccionarios
  con las claves de un registro del buzón) que llegaron desde la última llamada, y
  ``problemas`` lo que no se pudo leer. Un servicio de JupyterHub, por ejemplo, lo cumple
  pidiendo al servicio lo que llegó después del último registro visto.
- ``FuenteBuzon`` es la fuente por omisión: el buzón local (una carpeta), leído con
  ``LecturaIncremental``, que ya da la tabla hecha (``tabla()``) sin pasar por
  diccionarios. ``TablaDeFuente`` da la misma interfaz (``hay_algo()``, ``tabla()``,
  ``problemas``) para cualquier ``FuenteDeRegistros``.

Este módulo no importa pandas: el tablero vacío lo usa antes de la primera respuesta.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from taller.buzon.registro import Buzon, archivos_del_buzon

if TYPE_CHECKING:
    import pandas as pd

    from taller.buzon import LecturaIncremental

__all__ = ["FuenteBuzon", "FuenteDeRegistros", "TablaDeFuente"]


@runtime_checkable
class FuenteDeRegistros(Protocol):
    """Lo que el tablero necesita de una fuente de respuestas."""

    def nuevos(self) -> Sequence[Mapping[str, Any]]:
        """Los registros que llegaron desde la llamada anterior (la primera vez, todos)."""
        ...

    @property
    def problemas(self) -> Sequence[object]:
        """Lo que no se pudo leer (cada uno se muestra con ``str``)."""
        ...


class FuenteBuzon:
    """El buzón local: una carpeta con un archivo por participante."""

    def __init__(self, buzon: Buzon | str | Path) -> None:
        self.buzon = buzon if isinstance(buzon, Buzon) else Buzon(buzon)
        self._lector: LecturaIncremental | None = None

    def hay_algo(self) -> bool:
        """Si el buzón tiene algo que leer (un archivo de respuestas o algo ajeno que
        reportar); mientras no, el tablero no carga pandas."""
        if self._lector is not None:
            return True
        return next(iter(archivos_del_buzon(self.buzon.carpeta)), None) is not None

    def tabla(self) -> pd.DataFrame:
        """La tabla de todos los registros, leyendo solo lo que se agregó."""
        if self._lector is None:
            from taller.buzon import LecturaIncremental

            self._lector = LecturaIncremental(self.buzon)
        return self._lector.actualizar()

    @property
    def problemas(self) -> Sequence[object]:
        return list(self._lector.problemas) if self._lector is not None else []


class TablaDeFuente:
    """Junta los registros de cualquier ``FuenteDeRegistros`` en una tabla que crece."""

    def __init__(self, fuente: FuenteDeRegistros) -> None:
        self.fuente = fuente
        self._registros: list[dict[str, Any]] = []
        self._tabla: pd.DataFrame | None = None

    def hay_algo(self) -> bool:
        nuevos = self.fuente.nuevos()
        if nuevos:
            self._registros += [dict(r) for r in nuevos]
            self._tabla = None
        return bool(self._registros) or bool(self.fuente.problemas)

    def tabla(self) -> pd.DataFrame:
        from taller.buzon import tabla_registros

        self.hay_algo()
        if self._tabla is None:
            self._tabla = tabla_registros(self._registros)
        return self._tabla

    @property
    def problemas(self) -> Sequence[object]:
        return self.fuente.problemas
