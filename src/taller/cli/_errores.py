"""Lo que una orden ``taller`` dice cuando un archivo o una carpeta falla (permiso, disco
lleno, ruta inalcanzable): la ruta, qué pasó y qué hacer, en español y sin traceback."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from taller.carpeta import por_que_fallo


class FalloDeArchivo(Exception):
    """Una orden no pudo leer o escribir un archivo o carpeta; el mensaje ya está en español
    y dice la ruta, qué pasó y qué hacer."""


def explicar(
    error: OSError,
    accion: str = "completar la orden",
    ruta: str | os.PathLike[str] | None = None,
    pista: str = "",
) -> str:
    """«No se pudo ``accion``: «ruta»: qué pasó; qué hacer.» La ruta es la que el sistema
    señala (la más precisa) o, si no dice ninguna (un disco lleno al escribir), ``ruta``."""
    rutas = [_texto(r) for r in (error.filename, error.filename2) if r is not None]
    if not rutas and ruta is not None:
        rutas = [_texto(ruta)]
    donde = " → ".join(f"«{r}»" for r in rutas) or "(el sistema no dijo qué archivo)"
    texto = f"No se pudo {accion}: {donde}: {por_que_fallo(error).rstrip('.')}."
    return f"{texto} {pista}" if pista else texto


def _texto(ruta: object) -> str:
    return os.fsdecode(ruta) if isinstance(ruta, str | bytes | os.PathLike) else str(ruta)


@contextmanager
def al(accion: str, ruta: str | os.PathLike[str] | None, pista: str = "") -> Iterator[None]:
    """Convierte un ``OSError`` dentro del bloque en ``FalloDeArchivo`` con su explicación:
    ``with al("escribir el informe", carpeta): ...``."""
    try:
        yield
    except FalloDeArchivo:
        raise
    except OSError as error:
        raise FalloDeArchivo(explicar(error, accion, ruta, pista)) from error
