"""El contenido validado, una vez por proceso y, en disco, una vez por versión de los datos.

Cada cuaderno es un kernel nuevo: ``datos/`` validado se guarda en ``.cache/contenido.pickle``
de la carpeta del taller para que los demás no lo vuelvan a validar.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from taller.carpeta import carpeta_taller

if TYPE_CHECKING:
    from taller.contenido.modelo import Contenido

__all__ = ["CACHE_CONTENIDO", "contenido_actual", "contenido_o_nada"]

CACHE_CONTENIDO = Path(".cache") / "contenido.pickle"  # dentro de la carpeta del taller
_FORMATO_CACHE = b"taller-contenido-1"
_EXTENSIONES_DATOS = (".yaml", ".yml", ".csv")

_log = logging.getLogger("taller")


def contenido_actual() -> Contenido:
    """El contenido validado (una vez por proceso y, en disco, una vez por versión de los
    datos). Lanza ``ContenidoInvalido``, exactamente como ``cargar_contenido``."""
    return _contenido(os.environ.get("TALLER_DATOS") or None)


def contenido_o_nada() -> Contenido | None:
    """El contenido validado, o ``None`` si tiene errores (quedan en el log de ``taller``):
    para lo que muestra un aviso en lugar de fallar (los bloques del cuaderno, el tablero)."""
    from taller.contenido.errores import ContenidoInvalido

    try:
        return contenido_actual()
    except ContenidoInvalido as error:
        _log.error("El contenido no es válido:\n%s", error)
        return None


@cache
def _contenido(carpeta: str | None) -> Contenido:
    clave = _clave_contenido(carpeta)
    if clave is not None:
        guardado = _leer_cache(clave)
        if guardado is not None:
            return guardado
    from taller.contenido.carga import cargar_contenido

    contenido = cargar_contenido(carpeta)  # con errores, lanza y no se guarda nada
    # Solo si los datos no cambiaron mientras se validaban (la clave es la de lo cargado).
    if clave is not None and _clave_contenido(carpeta) == clave:
        _guardar_cache(clave, contenido)
    return contenido


# --- La caché del contenido ---------------------------------------------------------------
#
# Validar datos/ (YAML y CSV) toma ~0,1 s en cada kernel. El contenido ya validado se
# guarda con pickle en ``.cache/contenido.pickle`` de la carpeta del taller, precedido de
# una clave: el hash de cada archivo de datos (ruta y bytes), del código del paquete
# (nombre, tamaño y fecha de cada módulo), de la carpeta de datos y de las versiones de
# Python y del paquete. Si la clave no coincide, o el archivo falta, está dañado, es de
# otra cuenta o no se puede escribir, se valida desde datos/ como siempre: la caché nunca
# cambia lo que se muestra ni los errores que se reportan. Se escribe en un temporal que
# luego reemplaza al archivo (dos kernels a la vez no dejan un archivo a medias).


def _clave_contenido(carpeta: str | None) -> str | None:
    """La huella de todo lo que decide el contenido cargado (``None`` si no se puede leer)."""
    from taller import __version__
    from taller.contenido.recursos import carpeta_datos

    huella = hashlib.sha256()

    def agregar(datos: bytes) -> None:
        huella.update(len(datos).to_bytes(8, "little"))
        huella.update(datos)

    try:
        raiz = carpeta_datos(carpeta)
        for parte in (
            _FORMATO_CACHE,
            sys.version.encode(),
            __version__.encode(),
            os.fsencode(raiz),
        ):
            agregar(parte)
        for ruta in _archivos(raiz):
            agregar(os.fsencode(ruta.relative_to(raiz)))
            if ruta.suffix.lower() in _EXTENSIONES_DATOS:
                agregar(ruta.read_bytes())
            else:  # nada que lea la validación; basta saber si cambió
                agregar(_firma(ruta.stat()))
        with os.scandir(Path(__file__).parent) as modulos:
            for modulo in sorted(
                (e for e in modulos if e.name.endswith(".py")), key=lambda e: e.name
            ):
                agregar(modulo.name.encode() + _firma(modulo.stat()))
    except (OSError, ValueError):
        return None
    return huella.hexdigest()


def _archivos(raiz: Path) -> Iterator[Path]:
    """Todos los archivos bajo ``raiz``, en orden (también tras enlaces simbólicos)."""
    for actual, carpetas, archivos in os.walk(raiz, followlinks=True):
        carpetas.sort()
        for nombre in sorted(archivos):
            yield Path(actual) / nombre


def _firma(estado: os.stat_result) -> bytes:
    return f"{estado.st_size}:{estado.st_mtime_ns}".encode()


def _leer_cache(clave: str) -> Contenido | None:
    from taller.contenido.modelo import Contenido

    try:
        with (carpeta_taller() / CACHE_CONTENIDO).open("rb") as archivo:
            # pickle ejecuta código al cargar: solo lo que escribió esta misma cuenta.
            if hasattr(os, "geteuid") and os.fstat(archivo.fileno()).st_uid != os.geteuid():
                return None
            if archivo.readline(100).rstrip(b"\n") != clave.encode():
                return None  # de otros datos, otro código u otra versión
            contenido = pickle.load(archivo)
    except FileNotFoundError:
        return None
    except Exception:  # dañado, cortado, o de un modelo que ya cambió: se valida de nuevo
        _log.debug("No se usó la caché del contenido", exc_info=True)
        return None
    return contenido if isinstance(contenido, Contenido) else None


def _guardar_cache(clave: str, contenido: Contenido) -> None:
    """Guarda el contenido validado; si no se puede, no pasa nada (se validará otra vez)."""
    import tempfile

    destino = carpeta_taller() / CACHE_CONTENIDO
    temporal: str | None = None
    try:
        destino.parent.mkdir(exist_ok=True)  # no crea la carpeta del taller, solo .cache/
        descriptor, temporal = tempfile.mkstemp(
            dir=destino.parent, prefix=".contenido-", suffix=".tmp"
        )
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(clave.encode() + b"\n")
            pickle.dump(contenido, archivo, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporal, destino)
        temporal = None
    except Exception:  # carpeta de solo lectura, disco lleno...: la caché es opcional
        _log.debug("No se pudo guardar la caché del contenido", exc_info=True)
    finally:
        if temporal is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporal)
