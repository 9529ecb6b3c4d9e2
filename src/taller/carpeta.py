"""Dónde está la carpeta del taller y su buzón (lo usan el contenido, el buzón y la CLI).

- Carpeta del taller: ``$TALLER_CARPETA`` o la primera carpeta, desde la actual hacia
  arriba, que tenga el archivo ``taller.json`` (lo crea ``taller preparar``). Si no hay,
  la carpeta personal ``~/.taller``.
- Buzón: ``$TALLER_BUZON``, el ``"buzon"`` de ``taller.json`` o ``buzon/`` en la carpeta.
- ``por_que_fallo``: qué le pasó a un archivo o carpeta (un ``OSError`` del sistema), en
  español y con qué hacer; lo usan la CLI y el cuaderno al guardar.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

__all__ = ["MARCA", "carpeta_buzon", "carpeta_taller", "por_que_fallo"]

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


# Qué pasó y qué hacer, por nombre del código de error del sistema (``errno``); los que
# una plataforma no tiene (EDQUOT en Windows) se omiten.
_MOTIVOS_POR_NOMBRE = {
    "ENOSPC": "no queda espacio en el disco; libere espacio (borre o mueva archivos que "
    "no necesite) y vuelva a intentarlo",
    "EDQUOT": "su cuenta llegó al límite de espacio (cuota) de ese disco; libere espacio "
    "o pida más cuota a quien administra el equipo",
    "EACCES": "su cuenta no tiene permiso; pida permiso a quien administra el equipo o use "
    "otra ruta",
    "EPERM": "el sistema no permite esta operación a su cuenta; use otra carpeta o pida "
    "permiso a quien administra el equipo",
    "EROFS": "el disco es de solo lectura; use una carpeta en otro disco",
    "ENOENT": "no existe; revise la ruta",
    "ENOTDIR": "una parte de la ruta es un archivo, no una carpeta; revise la ruta",
    "EISDIR": "es una carpeta y se esperaba un archivo; revise la ruta",
    "EEXIST": "ya existe algo con ese nombre; use otro nombre o muévalo",
    "ELOOP": "es un enlace simbólico (o una cadena de enlaces) y no se sigue; use la ruta real",
    "ENAMETOOLONG": "la ruta es demasiado larga; use una carpeta más corta",
    "EIO": "el disco dio un error de lectura o escritura; revise el disco y vuelva a intentarlo",
    "EMFILE": "hay demasiados archivos abiertos; cierre otros programas y vuelva a intentarlo",
}
_MOTIVOS = {
    getattr(errno, nombre): motivo
    for nombre, motivo in _MOTIVOS_POR_NOMBRE.items()
    if hasattr(errno, nombre)
}


def por_que_fallo(error: OSError) -> str:
    """Qué pasó, en español y con qué hacer, para un ``OSError`` del sistema (sin la ruta:
    quien lo muestra dice de qué archivo o carpeta se trata)."""
    motivo = _MOTIVOS.get(error.errno) if error.errno is not None else None
    if motivo is not None:
        return motivo
    if error.errno is None:  # un error propio del taller, ya en español
        return str(error)
    return f"el sistema respondió «{error.strerror or error}» (código {error.errno})"
