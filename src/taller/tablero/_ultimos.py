"""Los últimos intentos: de cada persona, en cada ejercicio y modo, solo su último intento
y, en él, la última respuesta a cada elemento (lo que cuentan casi todas las cifras del
tablero). Con las columnas de ``tabla_registros`` se calcula con números y se recuerda
por el contenido de la tabla."""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import pandas as pd

_CLAVE = ["participante", "ejercicio", "modo"]


def ultimos_intentos(tabla: pd.DataFrame) -> pd.DataFrame:
    """Solo el último intento de cada persona en cada ejercicio y modo; en él, la última
    respuesta a cada elemento."""
    if tabla.empty:
        return tabla
    filas = _filas_ultimas(tabla)
    if filas is not None:
        return tabla.take(filas)
    maximo = tabla.groupby(_CLAVE, sort=False)["intento"].transform("max")
    ultimos = tabla[tabla["intento"] == maximo].sort_values("momento", kind="stable")
    return ultimos.drop_duplicates([*_CLAVE, "elemento"], keep="last")


def _ultimos_donde(
    tabla: pd.DataFrame, mascara: Any, columnas: list[str] | None = None
) -> pd.DataFrame:
    """``ultimos_intentos(tabla[mascara])[columnas]`` para una máscara que solo mira el
    ejercicio y el modo (así da lo mismo filtrar antes o después, y se aprovechan las
    posiciones ya calculadas para la tabla entera)."""
    mascara = np.asarray(mascara, dtype=bool)
    filas = _filas_ultimas(tabla) if not tabla.empty else None
    if filas is None:
        ultimos = ultimos_intentos(tabla[mascara])
        return ultimos if columnas is None else ultimos[columnas]
    return (tabla if columnas is None else tabla[columnas]).take(filas[mascara[filas]])


#: Las posiciones de los últimos intentos de las últimas tablas, por su contenido: el
#: tablero pide varias cifras de la misma tabla y todas empiezan por aquí.
_MEMORIA_ULTIMOS: dict[tuple[int, ...], np.ndarray] = {}


def _filas_ultimas(tabla: pd.DataFrame) -> np.ndarray | None:
    """Las posiciones de ``ultimos_intentos`` (en orden de momento), calculadas con
    números: una llave entera por (participante, ejercicio, modo) y otra por elemento.
    ``None`` si la tabla no tiene las categorías y fechas de ``tabla_registros``."""
    claves = [tabla[c] for c in (*_CLAVE, "elemento")]
    momento = tabla["momento"]
    if not isinstance(momento.dtype, pd.DatetimeTZDtype) or not all(
        isinstance(c.dtype, pd.CategoricalDtype) for c in claves
    ):
        return None
    intento = tabla["intento"].to_numpy(dtype=np.int64)
    crudos = [*(c.cat.codes.to_numpy() for c in claves), intento, momento.array.asi8]
    huella = (len(tabla), *(zlib.crc32(np.ascontiguousarray(a).data) for a in crudos))
    if huella in _MEMORIA_ULTIMOS:  # la misma tabla (o una igual en lo que importa aquí)
        return _MEMORIA_ULTIMOS[huella]
    llaves = _llaves_por_codigo(tabla, [*_CLAVE, "elemento"])
    if llaves is None:
        return None
    por_intento, por_elemento = llaves
    tiempos = np.where(momento.isna().to_numpy(), np.iinfo(np.int64).max, momento.array.asi8)
    grupos, _ = pd.factorize(por_intento)
    maximo = np.full(grupos.max() + 1, np.iinfo(np.int64).min)
    np.maximum.at(maximo, grupos, intento)
    filas = np.flatnonzero(intento == maximo[grupos])
    filas = filas[np.argsort(tiempos[filas], kind="stable")]  # NaT al final
    repetidas = pd.Series(por_elemento[filas]).duplicated(keep="last").to_numpy()
    filas = filas[~repetidas]
    if len(_MEMORIA_ULTIMOS) >= 4:
        del _MEMORIA_ULTIMOS[next(iter(_MEMORIA_ULTIMOS))]
    _MEMORIA_ULTIMOS[huella] = filas
    return filas


def _llaves_por_codigo(
    tabla: pd.DataFrame, claves: list[str]
) -> tuple[np.ndarray, np.ndarray] | None:
    """Para columnas categóricas: una llave entera por fila para las tres primeras claves
    y otra para las cuatro (``None`` si alguna no es categórica o no caben en 64 bits)."""
    columnas = [tabla[c] for c in claves]
    if not all(isinstance(c.dtype, pd.CategoricalDtype) for c in columnas):
        return None
    tamanos = [len(c.cat.categories) + 1 for c in columnas]  # +1: el código -1 (nulo)
    if np.prod(np.array(tamanos, dtype=np.float64)) >= 2**62:
        return None
    llave = np.zeros(len(tabla), dtype=np.int64)
    llaves = []
    for columna, tamano in zip(columnas, tamanos, strict=True):
        llave = llave * tamano + (columna.cat.codes.to_numpy(np.int64) + 1)
        llaves.append(llave)
    return llaves[2], llaves[3]
