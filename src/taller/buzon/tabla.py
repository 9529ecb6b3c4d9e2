"""La tabla de registros del buzón para el tablero y el informe, leída con polars.

``LecturaIncremental(buzon).actualizar()`` da un ``DataFrame`` de pandas con una fila por
registro válido, sin ``uid`` repetidos; al actualizar, de cada archivo analiza solo lo
agregado desde la vez anterior. ``problemas`` dice, con archivo y línea, lo que no se leyó.
``tabla_registros(buzon.leer())`` da la misma tabla.

Cómo se lee: los bytes de muchos archivos se juntan y polars los convierte en columnas (en
Rust, en paralelo). ``msgspec`` revisa a la vez, en C, el tipo JSON de cada campo (polars
convertiría un número en texto sin avisar) y da ``valor`` tal cual (polars solo lo da como
texto); los límites del esquema se revisan por columna. Un archivo con algo que no pasa se
lee con ``registro.analizar``, línea por línea con el validador del esquema, que dice qué
línea y qué campo. La línea a medias de quien está escribiendo se reporta y se lee
completa la vez siguiente.
"""

from __future__ import annotations

import concurrent.futures
import gc
import io
import operator
import os
import typing
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import msgspec
import numpy as np
import pandas as pd
import polars as pl

from taller.buzon.esquema import (
    CAMPOS,
    COLUMNAS,
    INTENTO_MAXIMO,
    MAX_BYTES_LINEA,
    MAX_TEXTO,
    MODOS,
    MODOS_ANTERIORES,
    PATRON_MOMENTO,
    PUNTAJE_MAXIMO,
    REVISAR_VALOR,
    Registro,
    a_dict,
    defecto_de_valor,
    validar_registro,
)
from taller.buzon.registro import (
    Buzon,
    Lectura,
    ProblemaDeLectura,
    analizar,
    archivos_del_buzon,
    leer_archivo,
    problema_al_abrir,
    recortar,
)

__all__ = ["COLUMNAS", "LecturaIncremental", "tabla_registros"]

#: Las columnas de texto que en la tabla son categorías.
CATEGORICAS = ("participante", "alias", "grupo", "ejercicio", "elemento", "modo")
_FORMATO_MOMENTO = "%Y-%m-%dT%H:%M:%S%.f%#z"
#: Los tipos de ``Registro`` sin sus límites (``modo``: cualquier texto, para traducir los
#: nombres anteriores): ``msgspec`` los revisa en C; los límites, polars por columna.
_TIPOS = msgspec.json.Decoder(
    msgspec.defstruct(
        "_Tipos",
        [(c, str if c == "modo" else t) for c, t in typing.get_type_hints(Registro).items()],
        gc=False,
    )
)
_VALOR = operator.attrgetter("valor")
#: Cómo lee polars cada campo (``valor`` lo da msgspec).
_LEIDOS: dict[str, Any] = {c: pl.String for c in CAMPOS if c != "valor"} | {
    "v": pl.Int64, "correcta": pl.Boolean, "intento": pl.Int64, "puntaje": pl.Float64,
}  # fmt: skip
#: Las columnas de la tabla en polars, y para ordenar, el archivo y la línea de cada registro.
_COLUMNAS: dict[str, Any] = (
    {"_archivo": pl.String, "_linea": pl.Int64}
    | {c: t for c, t in _LEIDOS.items() if c != "v"}
    | {"valor": pl.Object, "momento": pl.Datetime("us", "UTC")}
)
#: Cuántos bytes se convierten juntos: acota la memoria de los datos crudos.
_LOTE = 16 * 1024 * 1024
_COMO_SE_LEE = [  # lo que el esquema pide y msgspec no revisó
    pl.col("participante") == pl.col("_id"),
    pl.col("uid").str.len_chars().is_between(1, 64),
    *(pl.col(c).str.len_chars() <= MAX_TEXTO for c in ("alias", "grupo", "ejercicio", "elemento")),
    pl.col("intento").is_between(1, INTENTO_MAXIMO),
    pl.col("puntaje").is_between(-PUNTAJE_MAXIMO, PUNTAJE_MAXIMO).fill_null(True),
    pl.col("modo").is_in(MODOS),
    pl.col("_texto_momento").str.contains(PATRON_MOMENTO) & pl.col("momento").is_not_null(),
]


_E = typing.TypeVar("_E", pl.Expr, pl.Series)


def _momento(columna: _E) -> _E:
    return columna.str.to_datetime(_FORMATO_MOMENTO, time_zone="UTC", time_unit="us", strict=False)


@dataclass
class _Parte:
    """``n`` líneas completas de un archivo, la primera es la número ``linea``."""

    nombre: str
    id_: str
    datos: bytes
    linea: int
    n: int


def _con_motor(partes: list[_Parte]) -> tuple[pl.DataFrame, list[_Parte]] | None:
    """Las partes convertidas por polars y las que tienen algún registro fuera de los
    límites (se leerán línea por línea); ``None`` si el JSON de alguna no se puede leer
    así (entonces se divide el lote)."""
    datos = b"".join(p.datos for p in partes)
    cuentas = np.array([p.n for p in partes], dtype=np.int64)
    # polars suelta el GIL: lee en otro hilo mientras msgspec revisa los tipos en este.
    with concurrent.futures.ThreadPoolExecutor(1) as hilo:  # uno por lote: a salvo de fork
        con_polars = hilo.submit(pl.read_ndjson, io.BytesIO(datos), schema=_LEIDOS)
        try:
            valores: list[Any] | None = list(map(_VALOR, _TIPOS.decode_lines(datos)))
        except (msgspec.DecodeError, RecursionError, MemoryError):
            valores = None
        try:
            leido = con_polars.result()
        except (pl.exceptions.PolarsError, MemoryError):
            return None
    if valores is None:
        return None
    if len(valores) != cuentas.sum() or leido.height != len(valores):
        return None  # una línea vacía o con dos registros
    de_parte = np.repeat(np.arange(len(partes)), cuentas)
    primera = np.array([p.linea for p in partes]) - (np.cumsum(cuentas) - cuentas)
    leido = leido.with_columns(
        _archivo=pl.Series([p.nombre for p in partes]).gather(de_parte),
        _id=pl.Series([p.id_ for p in partes]).gather(de_parte),
        _linea=pl.Series(primera[de_parte] + np.arange(len(valores))),
        modo=pl.col("modo").replace(MODOS_ANTERIORES),
        momento=_momento(pl.col("momento")),
        _texto_momento=pl.col("momento"),
        valor=pl.Series(valores, dtype=pl.Object),
    )
    bien = leido.select(pl.all_horizontal(_COMO_SE_LEE)).to_series().to_numpy()
    for i, v in enumerate(valores):
        if type(v) in REVISAR_VALOR and defecto_de_valor(v) is not None:
            bien[i] = False
    for i, parte in enumerate(partes):  # solo una parte grande puede tener una línea larga
        if len(parte.datos) > MAX_BYTES_LINEA and _hay_linea_larga(parte.datos):
            bien[de_parte == i] = False
    rechazadas = np.unique(de_parte[~bien])
    if len(rechazadas):
        leido = leido.filter(pl.Series(~np.isin(de_parte, rechazadas)))
    return leido.select(list(_COLUMNAS)), [partes[i] for i in rechazadas]


def _hay_linea_larga(datos: bytes) -> bool:
    inicio = 0
    while (fin := datos.find(b"\n", inicio)) >= 0:
        if fin - inicio > MAX_BYTES_LINEA:
            return True
        inicio = fin + 1
    return False


def _convertir(partes: list[_Parte]) -> tuple[list[pl.DataFrame], list[_Parte]]:
    """Lo que convierte el motor y las partes que hay que leer línea por línea. Si el JSON
    de un lote no se puede leer con el motor, se divide en dos."""
    if not partes:
        return [], []
    try:
        resultado = _con_motor(partes)
    except MemoryError:  # sin memoria para el lote entero: se divide
        resultado = None
    if resultado is not None:
        return [resultado[0]], resultado[1]
    if len(partes) == 1:
        return [], partes
    piezas, rechazadas = _convertir(partes[: len(partes) // 2])
    otras, otras_rechazadas = _convertir(partes[len(partes) // 2 :])
    return piezas + otras, rechazadas + otras_rechazadas


def _de_registros(
    registros: Sequence[dict[str, Any]], archivo: str, lineas: list[int]
) -> pl.DataFrame:
    """La tabla en polars de registros ya validados."""
    columnas: dict[str, Any] = {c: [r[c] for r in registros] for c in COLUMNAS}
    momentos = _momento(pl.Series(columnas["momento"], dtype=pl.String))
    if momentos.null_count():  # un formato que polars no reconoce y el esquema sí
        momentos = pl.Series([datetime.fromisoformat(m) for m in columnas["momento"]])
    columnas["momento"] = momentos.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
    return pl.DataFrame(
        columnas | {"_archivo": [archivo] * len(registros), "_linea": lineas}, schema=_COLUMNAS
    )


def _a_pandas(df: pl.DataFrame) -> pd.DataFrame:
    """La tabla del tablero: categorías (ordenadas), ``correcta`` booleana con nulos,
    ``momento`` en UTC y ``valor`` como objetos de Python."""
    columnas: dict[str, Any] = {"uid": pd.Series(df["uid"].to_numpy(), dtype=object)}
    for c in CATEGORICAS:
        categorias = df[c].unique().sort()
        codigos = df[c].cast(pl.Enum(categorias)).to_physical().to_numpy().astype(np.int32)
        columnas[c] = pd.Categorical.from_codes(codigos, categories=pd.Index(categorias.to_list()))
    columnas["valor"] = pd.Series(df["valor"].to_numpy(), dtype=object)
    correcta = df["correcta"]
    columnas["correcta"] = pd.arrays.BooleanArray(
        correcta.fill_null(False).to_numpy(), correcta.is_null().to_numpy()
    )
    columnas["intento"] = df["intento"].to_numpy().astype(np.int64)
    columnas["puntaje"] = df["puntaje"].to_numpy().astype(np.float64)
    momentos = df["momento"].dt.epoch("us").to_numpy().astype(np.int64)
    columnas["momento"] = pd.Series(momentos.view("M8[us]")).dt.tz_localize("UTC")
    tabla: pd.DataFrame = pd.DataFrame(columnas, columns=list(COLUMNAS), copy=False)
    return tabla


def tabla_registros(lectura: Lectura | Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Una fila por registro: ``correcta`` booleana, ``momento`` en UTC, categorías. Los
    registros de una ``Lectura`` ya están validados; los de una lista se validan con el
    esquema y los que no cumplen se omiten."""
    if isinstance(lectura, Lectura):
        registros: Sequence[dict[str, Any]] = lectura.registros
    else:
        validos = [validar_registro(r) for r in lectura]
        registros = [a_dict(r) for r in validos if isinstance(r, Registro)]
    return _sin_recolector(lambda: _a_pandas(_de_registros(registros, "", [0] * len(registros))))


_T = typing.TypeVar("_T")


def _sin_recolector(funcion: typing.Callable[[], _T]) -> _T:
    """Sin el recolector de ciclos mientras se crean cientos de miles de objetos sin ciclos
    (leer un buzón grande es bastante más rápido así)."""
    activo = gc.isenabled()
    gc.disable()
    try:
        return funcion()
    finally:
        if activo:
            gc.enable()


# --- Lectura incremental del buzón (para el tablero) ---------------------------------------


def _intercalar(todo: pl.DataFrame, nuevo: pl.DataFrame) -> pl.DataFrame:
    """Las filas de las dos tablas en orden de archivo y línea, como las da ``Buzon.leer``
    (``todo`` ya lo está, y lo nuevo de un archivo va después de lo que ya había de él):
    sin ordenar de nuevo la tabla entera."""
    anterior = pl.col("_archivo").shift(1)
    en_orden = (anterior < pl.col("_archivo")) | (
        (anterior == pl.col("_archivo")) & (pl.col("_linea").shift(1) < pl.col("_linea"))
    )
    if not nuevo.select(en_orden.fill_null(True).all()).item():
        nuevo = nuevo.sort("_archivo", "_linea")
    if todo.is_empty() or nuevo.is_empty():
        return nuevo if todo.is_empty() else todo
    nombres = nuevo["_archivo"]
    cortes = np.flatnonzero(nombres.ne_missing(nombres.shift(1)).fill_null(True).to_numpy())
    if len(cortes) > 1000:  # muchos archivos nuevos a la vez: más simple ordenar todo
        return pl.concat([todo, nuevo]).sort("_archivo", "_linea")
    destinos = todo["_archivo"].search_sorted(nombres.gather(cortes), side="right").to_list()
    trozos, previo = [], 0
    for inicio, fin, destino in zip(cortes, [*cortes[1:], nuevo.height], destinos, strict=True):
        trozos += [todo[previo:destino], nuevo[inicio:fin]]
        previo = destino
    juntas = pl.concat([*trozos, todo[previo:]], rechunk=False)
    return juntas.rechunk() if juntas.n_chunks() > 64 else juntas


@dataclass
class _Archivo:
    """Lo leído de un archivo: hasta qué byte y línea (la última completa), la suma
    ``crc32`` de lo leído (si cambia, el archivo se reescribió) y sus problemas."""

    clave: tuple[int, int, int, int]  # (st_dev, st_ino, st_size, st_mtime_ns)
    leido: int = 0
    lineas: int = 0
    suma: int = 0
    problemas: list[ProblemaDeLectura] = field(default_factory=list)
    incompleta: list[ProblemaDeLectura] = field(default_factory=list)


def _clave(estado: os.stat_result) -> tuple[int, int, int, int]:
    return (estado.st_dev, estado.st_ino, estado.st_size, estado.st_mtime_ns)


class LecturaIncremental:
    """Lee el buzón para el tablero y, al actualizar, analiza solo lo que se agregó.

    Da la misma tabla que ``tabla_registros(buzon.leer())`` y los mismos ``problemas`` que
    ``buzon.leer()``; ``analizados`` dice cuántos registros se analizaron la última vez."""

    def __init__(self, buzon: Buzon | str | os.PathLike[str]) -> None:
        self.buzon = buzon if isinstance(buzon, Buzon) else Buzon(buzon)
        self.tabla = tabla_registros([])
        self.problemas: list[ProblemaDeLectura] = []
        self.analizados = 0
        self._archivos: dict[str, _Archivo | ProblemaDeLectura] = {}
        self._todo = pl.DataFrame(schema=_COLUMNAS)

    def actualizar(self) -> pd.DataFrame:
        """Lee lo nuevo del buzón y devuelve la tabla de registros (sin ``uid`` repetidos)."""
        return _sin_recolector(self._actualizar)

    def _actualizar(self) -> pd.DataFrame:
        secuencia: list[ProblemaDeLectura | str] = []
        archivos: dict[str, _Archivo | ProblemaDeLectura] = {}
        partes: list[_Parte] = []
        piezas: list[pl.DataFrame] = []
        rechazadas: list[_Parte] = []
        quitar: set[str] = set()
        en_lote = 0
        for elemento in [*archivos_del_buzon(self.buzon.carpeta), None]:
            if elemento is None or en_lote >= _LOTE:
                nuevas, otras = _convertir(partes)
                piezas, rechazadas, partes, en_lote = piezas + nuevas, rechazadas + otras, [], 0
            if elemento is None:
                break
            if isinstance(elemento, ProblemaDeLectura):
                secuencia.append(elemento)
                continue
            entrada, id_, estado = elemento
            nombre = entrada.name
            secuencia.append(nombre)
            previo = self._archivos.get(nombre)
            if isinstance(previo, _Archivo) and previo.clave == _clave(estado):
                archivos[nombre] = previo
                continue
            leido = self._leer(entrada.path, nombre, id_, previo)
            archivos[nombre] = leido[0]
            if isinstance(leido[0], ProblemaDeLectura) or leido[1].linea == 1:
                quitar.add(nombre)  # leído entero (o ilegible): lo de antes sobra
            if leido[1].n:
                partes.append(leido[1])
                en_lote += len(leido[1].datos)
        quitar |= self._archivos.keys() - archivos.keys()
        for parte in rechazadas:
            try:
                analisis = analizar(parte.datos, parte.nombre, parte.id_, parte.linea)
                pieza = _de_registros(
                    list(map(a_dict, analisis.registros)), parte.nombre, analisis.lineas
                )
            except MemoryError as error:
                archivos[parte.nombre] = problema_al_abrir(parte.nombre, error)
                quitar.add(parte.nombre)
                continue
            piezas.append(pieza)
            typing.cast(_Archivo, archivos[parte.nombre]).problemas += analisis.problemas
        self._archivos = archivos
        self.analizados = sum(p.height for p in piezas)
        self.problemas = []
        for paso in secuencia:
            archivo = paso if isinstance(paso, ProblemaDeLectura) else archivos[paso]
            if isinstance(archivo, ProblemaDeLectura):
                self.problemas.append(archivo)
            else:
                self.problemas += recortar(archivo.problemas + archivo.incompleta, str(paso))
        todo = self._todo
        quitar &= set(todo["_archivo"].unique())
        if not piezas and not quitar:
            return self.tabla
        if quitar:
            todo = todo.filter(~pl.col("_archivo").is_in(list(quitar)))
        self._todo = todo = _intercalar(todo, pl.concat(piezas) if piezas else todo.clear())
        primeros = todo["uid"].is_first_distinct()
        self.tabla = _a_pandas(todo if primeros.all() else todo.filter(primeros))
        return self.tabla

    def _leer(
        self, ruta: str, nombre: str, id_: str, previo: _Archivo | ProblemaDeLectura | None
    ) -> tuple[_Archivo | ProblemaDeLectura, _Parte]:
        """Lo nuevo de un archivo: desde donde se quedó si lo ya leído no cambió (misma
        suma), o entero."""
        vacia = _Parte(nombre, id_, b"", 1, 0)
        try:
            datos, estado = leer_archivo(ruta, 0, self.buzon.espera_maxima)
        except (OSError, MemoryError) as error:
            return problema_al_abrir(nombre, error), vacia
        hecho = _Archivo(_clave(estado))
        if (
            isinstance(previo, _Archivo)
            and zlib.crc32(memoryview(datos)[: previo.leido]) == previo.suma
        ):
            hecho = _Archivo(
                hecho.clave, previo.leido, previo.lineas, previo.suma, list(previo.problemas)
            )
        fin = max(datos.rfind(b"\n") + 1, hecho.leido)
        nuevas = datos[hecho.leido : fin]
        parte = _Parte(nombre, id_, nuevas, hecho.lineas + 1, nuevas.count(b"\n"))
        hecho.leido, hecho.lineas, hecho.suma = (
            fin,
            hecho.lineas + parte.n,
            zlib.crc32(nuevas, hecho.suma),
        )
        if datos[fin:].strip():
            hecho.incompleta = [
                ProblemaDeLectura(
                    nombre,
                    hecho.lineas + 1,
                    "línea incompleta al final (una escritura se interrumpió o está en "
                    "curso); se omite",
                )
            ]
        return hecho, parte
