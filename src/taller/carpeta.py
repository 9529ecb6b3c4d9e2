"""Dónde está la carpeta del taller y su buzón (lo usan el contenido, el buzón y la CLI).

- Carpeta del taller: ``$TALLER_CARPETA`` o la primera carpeta, desde la actual hacia
  arriba, que tenga el archivo ``taller.json`` (lo crea ``taller preparar``). Si no hay,
  la carpeta personal ``~/.taller``.
- Buzón: ``$TALLER_BUZON``, el ``"buzon"`` de ``taller.json`` o ``buzon/`` en la carpeta.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["MARCA", "carpeta_buzon", "carpeta_taller"]

MARCA = "taller.json"


def carpeta_taller(desde: Path | None = None) -> Path:
    if os.environ.get("TALLER_CARPETA"):
        return Path(os.environ["TALLER_CARPETA"]).expanduser().resolve()
    actual = (desde or Path.cwd()).resolve()
    for carpeta in (actual, *actual.parents):
        if (carpeta / MARCA).is_file():
            return carpeta
    return Path.home() / ".taller"


def carpeta_buzon(carpeta: Path | None = None) -> Path:
    """``$TALLER_BUZON``, o el ``"buzon"`` de ``taller.json``, o ``buzon/`` del taller
    (``carpeta``, o la de esta sesión)."""
    desde_entorno = os.environ.get("TALLER_BUZON", "").strip()
    if desde_entorno:
        return Path(desde_entorno).expanduser().resolve()
    carpeta = carpeta or carpeta_taller()
    try:
        config = json.loads((carpeta / MARCA).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    buzon = config.get("buzon") if isinstance(config, dict) else None
    if isinstance(buzon, str) and buzon:
        return (carpeta / buzon).resolve()
    return carpeta / "buzon"
