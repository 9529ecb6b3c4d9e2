"""Dónde están ``datos/`` y ``notebooks/``: en el clon o dentro de la rueda instalada.

Orden: la ruta que se pase, la variable de entorno ``TALLER_DATOS`` (solo para datos),
``taller/_recursos/`` (rueda instalada) y, por último, la raíz del repositorio (clon).
"""

from __future__ import annotations

import os
from pathlib import Path

_PAQUETE = Path(__file__).resolve().parents[1]  # src/taller (o site-packages/taller)
_EN_RUEDA = _PAQUETE / "_recursos"
_EN_CLON = _PAQUETE.parents[1]


def _recurso(nombre: str) -> Path:
    for base in (_EN_RUEDA, _EN_CLON):
        if (base / nombre).is_dir():
            return base / nombre
    msg = (
        f"No se encontró la carpeta «{nombre}» del taller (se buscó en {_EN_RUEDA} "
        f"y en {_EN_CLON}). Reinstale el paquete."
    )
    raise FileNotFoundError(msg)


def carpeta_datos(ruta: str | os.PathLike[str] | None = None) -> Path:
    """La carpeta de contenido: ``ruta``, o ``$TALLER_DATOS``, o la que trae el paquete."""
    if ruta is None:
        ruta = os.environ.get("TALLER_DATOS") or None
    if ruta is not None:
        return Path(ruta).expanduser().resolve()
    return _recurso("datos")


def carpeta_cuadernos() -> Path:
    """Los cuadernos originales que trae el paquete (nunca se modifican)."""
    return _recurso("notebooks")
