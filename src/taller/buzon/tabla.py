"""La tabla de registros del buzón para el tablero y el informe, leída con polars.

``LecturaIncremental(buzon).actualizar()`` lee el buzón y da un ``DataFrame`` de pandas con
una fila por registro válido, sin ``uid`` repetidos; al actualizar, de cada archivo lee
solo los bytes agregados desde la vez anterior. ``problemas`` dice, con archivo y línea, lo
que no se leyó. ``tabla_registros(buzon.leer())`` da la misma tabla.

Cómo se lee: los bytes de muchos archivos se juntan y polars los convierte en columnas (en
Rust, en paralelo). ``msgspec`` revisa a la vez, en C, el tipo JSON de cada campo (polars
convertiría un número en texto sin avisar) y da ``valor`` tal cual (polars solo lo da como
texto). Los límites del esquema se revisan por columna. Un archivo con algo que no pasa se
lee con ``registro.analizar``: línea por línea, con el validador del esquema, que dice qué
línea y qué campo. La línea a medias de quien está escribiendo se reporta y se lee
completa la vez siguiente.
"""

from __future__ import annotations

import contextlib
import gc
import io
import operator
import os
import typing
import zlib
from collections.abc import Iterator, Sequence
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
_MOMENTO = pl.Datetime("us", "UTC")
#: Los tipos de ``Registro`` sin sus límites (``modo``: cualquier texto, para traducir los
#: nombres anteriores): ``msgspec`` los revisa en C; los límites, polars por columna.
_Tipos = msgspec.defstruct(
    "_Tipos",
    [(c, str if c == "modo" else t) for c, t in typing.get_type_hints(Registro).items()],
    gc=False,
)
_TIPOS = msgspec.json.Decoder(_Tipos)
_VALOR = operator.attrgetter("valor")
#: Cuántos bytes se convierten juntos: acota la memoria de los datos crudos.
_LOTE = 16 * 1024 * 1024
#: Cómo lee polars cada campo (``valor`` lo da msgspec).
_LEIDOS: dict[str, Any] = {c: pl.String for c in CAMPOS} | {
    "v": pl.Int64,
    "correcta": pl.Boolean,
    "intento": pl.Int64,
    "puntaje": pl.Float64,
}
del _LEIDOS["valor"]
#: Las columnas de una pieza de la tabla: las de la tabla sin ``valor`` (va aparte, como
#: objetos de Python) y, para ordenar, el archivo y la línea de cada registro.
_PIEZA: dict[str, Any] = (
    {"_archivo": pl.String, "_linea": pl.Int64}
    | {c: pl.String for c in COLUMNAS if c != "valor"}
    | {"correcta": pl.Boolean, "intento": pl.Int64, "puntaje": pl.Float64, "momento": _MOMENTO}
)


@dataclass
class _Parte:
    """Líneas completas de un archivo: desde el byte ``desde``, empezando en la línea
    ``linea``."""

    nombre: str
    id_: str
    datos: bytes
    linea: int
    n: int  # cuántas líneas


@dataclass
class _Pieza:
    """Registros ya convertidos: columnas de polars y ``valor`` (objetos de Python)."""

    columnas: pl.DataFrame
    valores: np.ndarray

    @staticmethod
    def vacia() -> _Pieza:
        return _Pieza(pl.DataFrame(schema=_PIEZA), np.empty(0, dtype=object))


@contextlib.contextmanager
def sin_recolector() -> Iterator[None]:
    """Pausa el recolector de ciclos mientras se crean cientos de miles de objetos sin
    ciclos (leer un buzón grande es bastante más rápido así)."""
    activo = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if activo:
            gc.enable()


def _objetos(valores: Sequence[Any]) -> np.ndarray:
    arreglo = np.empty(len(valores), dtype=object)
    arreglo[:] = valores
    return arreglo


# --- El motor: muchos archivos a la vez --------------------------------------------------


def _con_motor(partes: list[_Parte]) -> tuple[_Pieza, list[_Parte]] | None:
    """Las partes convertidas por polars y las que tienen algún registro que no cumple los
    límites (se leerán línea por línea); ``None`` si el JSON de alguna no se puede leer
    así (entonces se divide el lote)."""
    datos = b"".join(p.datos for p in partes)
    cuentas = np.array([p.n for p in partes], dtype=np.int64)
    total = int(cuentas.sum())
    try:
        tipos = _TIPOS.decode_lines(datos)
    except (msgspec.DecodeError, RecursionError):
        return None
    if len(tipos) != total:  # una línea vacía o con dos registros
        return None
    valores = _objetos(list(map(_VALOR, tipos)))
    del tipos
    try:
        leido = pl.read_ndjson(io.BytesIO(datos), schema=_LEIDOS)
    except pl.exceptions.PolarsError:
        return None
    if leido.height != total:
        return None
    de_parte = np.repeat(np.arange(len(partes)), cuentas)
    inicio_de_parte = np.cumsum(cuentas) - cuentas
    hondos = [
        i
        for i, v in enumerate(valores)
        if type(v) in REVISAR_VALOR and defecto_de_valor(v) is not None
    ]
    momento = pl.col("momento").str.to_datetime(
        _FORMATO_MOMENTO, time_zone="UTC", time_unit="us", strict=False
    )
    leido = leido.with_columns(
        _archivo=pl.Series([p.nombre for p in partes]).gather(de_parte),
        _id=pl.Series([p.id_ for p in partes]).gather(de_parte),
        _linea=pl.Series(
            np.array([p.linea for p in partes], dtype=np.int64)[de_parte]
            + np.arange(total)
            - inicio_de_parte[de_parte]
        ),
        modo=pl.col("modo").replace(MODOS_ANTERIORES),
        _momento=momento,
        _bien_momento=pl.col("momento").str.contains(PATRON_MOMENTO),
    ).with_columns(
        momento=pl.col("_momento"),
        _bien_momento=pl.col("_bien_momento") & pl.col("_momento").is_not_null(),
    )
    largo = [pl.col(c).str.len_chars() <= MAX_TEXTO for c in ("alias", "grupo", "ejercicio")]
    bien = (
        leido.select(
            (pl.col("participante") == pl.col("_id"))
            & pl.col("uid").str.len_chars().is_between(1, 64)
            & pl.all_horizontal(*largo, pl.col("elemento").str.len_chars() <= MAX_TEXTO)
            & pl.col("intento").is_between(1, INTENTO_MAXIMO)
            & (
                pl.col("puntaje").is_null()
                | pl.col("puntaje").is_between(-PUNTAJE_MAXIMO, PUNTAJE_MAXIMO)
            )
            & pl.col("modo").is_in(MODOS)
            & pl.col("_bien_momento")
        )
        .to_series()
        .to_numpy()
    )
    bien[hondos] = False
    for i, parte in enumerate(partes):  # solo una parte grande puede tener una línea larga
        if len(parte.datos) > MAX_BYTES_LINEA:
            fines = np.flatnonzero(np.frombuffer(parte.datos, dtype=np.uint8) == 10)
            if (np.diff(fines, prepend=-1) - 1 > MAX_BYTES_LINEA).any():
                bien[de_parte == i] = False
    rechazadas = np.unique(de_parte[~bien])
    if len(rechazadas):
        quedan = ~np.isin(de_parte, rechazadas)
        leido, valores = leido.filter(pl.Series(quedan)), valores[quedan]
    pieza = _Pieza(leido.select(list(_PIEZA)), valores)
    return pieza, [partes[i] for i in rechazadas]


def _convertir(partes: list[_Parte]) -> tuple[list[_Pieza], list[_Parte]]:
    """Las piezas convertidas por el motor y las partes que hay que leer línea por línea.
    Si el JSON de un lote no se puede leer con el motor, se divide en dos."""
    partes = [p for p in partes if p.datos]
    if not partes:
        return [], []
    resultado = _con_motor(partes)
    if resultado is not None:
        pieza, rechazadas = resultado
        return [pieza], rechazadas
    if len(partes) == 1:
        return [], partes
    mitad = len(partes) // 2
    piezas, rechazadas = _convertir(partes[:mitad])
    otras, otras_rechazadas = _convertir(partes[mitad:])
    return piezas + otras, rechazadas + otras_rechazadas


def _momentos(textos: list[str]) -> pl.Series:
    """Los momentos de registros ya validados (el esquema aceptó cada uno)."""
    serie = pl.Series(textos, dtype=pl.String).str.to_datetime(
        _FORMATO_MOMENTO, time_zone="UTC", time_unit="us", strict=False
    )
    if serie.null_count():  # un formato que polars no reconoce y Python sí
        serie = pl.Series([datetime.fromisoformat(t) for t in textos]).dt.convert_time_zone("UTC")
    convertida: pl.Series = serie.cast(_MOMENTO)
    return convertida


def _pieza_de_registros(
    registros: Sequence[dict[str, Any]] | Sequence[Registro], archivo: str, lineas: list[int]
) -> _Pieza:
    if registros and isinstance(registros[0], Registro):
        dicts = [a_dict(r) for r in typing.cast(Sequence[Registro], registros)]
    else:
        dicts = list(typing.cast(Sequence[dict[str, Any]], registros))
    columnas: dict[str, Any] = {c: [r[c] for r in dicts] for c in COLUMNAS if c != "valor"}
    columnas["momento"] = _momentos(columnas["momento"])
    columnas["_archivo"] = [archivo] * len(dicts)
    columnas["_linea"] = lineas
    tabla = pl.DataFrame(columnas, schema=_PIEZA)
    return _Pieza(tabla, _objetos([r["valor"] for r in dicts]))


def _a_pandas(pieza: _Pieza) -> pd.DataFrame:
    """La tabla del tablero: categorías (ordenadas), ``correcta`` booleana con nulos,
    ``momento`` en UTC y ``valor`` como objetos de Python."""
    df = pieza.columnas
    columnas: dict[str, Any] = {"uid": pd.Series(df["uid"].to_numpy(), dtype=object)}
    for c in CATEGORICAS:
        categorias = df[c].unique().sort()
        codigos = df[c].cast(pl.Enum(categorias)).to_physical().to_numpy().astype(np.int32)
        columnas[c] = pd.Categorical.from_codes(codigos, categories=pd.Index(categorias.to_list()))
    columnas["valor"] = pd.Series(pieza.valores, dtype=object)
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


def _en_orden(columnas: pl.DataFrame) -> bool:
    """Si las filas ya están en orden de archivo y línea (como las da ``Buzon.leer``)."""
    archivo, linea = pl.col("_archivo"), pl.col("_linea")
    previo = archivo.shift(1)
    return bool(
        columnas.select(
            ((previo < archivo) | ((previo == archivo) & (linea.shift(1) < linea)))
            .fill_null(True)
            .all()
        ).item()
    )


def _juntar(piezas: Sequence[_Pieza]) -> _Pieza:
    piezas = [p for p in piezas if p.columnas.height] or [_Pieza.vacia()]
    if len(piezas) == 1:
        return piezas[0]
    return _Pieza(
        pl.concat([p.columnas for p in piezas]), np.concatenate([p.valores for p in piezas])
    )


def tabla_registros(lectura: Lectura | Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Una fila por registro: ``correcta`` booleana, ``momento`` en UTC, categorías. Los
    registros de una ``Lectura`` ya están validados; los de una lista se validan con el
    esquema y los que no cumplen se omiten."""
    with sin_recolector():
        if isinstance(lectura, Lectura):
            registros: Sequence[dict[str, Any]] = lectura.registros
        else:
            validos = [validar_registro(r) for r in lectura]
            registros = [a_dict(r) for r in validos if isinstance(r, Registro)]
        return _a_pandas(_pieza_de_registros(registros, "", list(range(len(registros)))))


# --- Lectura incremental del buzón (para el tablero) ---------------------------------------


def _sumar(
    piezas: list[_Pieza], rechazadas: list[_Parte], nuevas: tuple[list[_Pieza], list[_Parte]]
) -> None:
    piezas.extend(nuevas[0])
    rechazadas.extend(nuevas[1])


@dataclass
class _Archivo:
    """Lo leído de un archivo: hasta qué byte (el de después del último salto de línea),
    cuántas líneas, la suma de lo leído (si cambia, el archivo se reescribió) y sus
    problemas."""

    clave: tuple[int, int]  # (st_dev, st_ino)
    tamano: int
    mtime_ns: int
    leido: int = 0
    lineas: int = 0
    suma: int = 0  # zlib.crc32 de lo leído
    problemas: list[ProblemaDeLectura] = field(default_factory=list)
    incompleta: list[ProblemaDeLectura] = field(default_factory=list)

    def vigente(self, estado: os.stat_result) -> bool:
        return (
            (estado.st_dev, estado.st_ino) == self.clave
            and estado.st_size == self.tamano
            and estado.st_mtime_ns == self.mtime_ns
        )


class LecturaIncremental:
    """Lee el buzón para el tablero y, al actualizar, solo lo que se agregó.

    Los archivos del buzón solo crecen: de cada uno se recuerda hasta qué byte se leyó.
    ``actualizar()`` revisa la carpeta y lee de cada archivo solo lo nuevo (o el archivo
    entero si se reescribió); da la misma tabla que ``tabla_registros(buzon.leer())`` y
    los mismos ``problemas`` que ``buzon.leer()``. ``analizados`` dice cuántos registros
    se leyeron la última vez.
    """

    def __init__(self, buzon: Buzon | str | os.PathLike[str]) -> None:
        self.buzon = buzon if isinstance(buzon, Buzon) else Buzon(buzon)
        self.tabla = tabla_registros([])
        self.problemas: list[ProblemaDeLectura] = []
        self.analizados = 0
        self._archivos: dict[str, _Archivo | ProblemaDeLectura] = {}
        self._todo = _Pieza.vacia()

    def actualizar(self) -> pd.DataFrame:
        """Lee lo nuevo del buzón y devuelve la tabla de registros (sin ``uid`` repetidos)."""
        with sin_recolector():
            return self._actualizar()

    def _actualizar(self) -> pd.DataFrame:
        secuencia: list[ProblemaDeLectura | str] = []
        archivos: dict[str, _Archivo | ProblemaDeLectura] = {}
        partes: list[_Parte] = []
        piezas: list[_Pieza] = []
        rechazadas: list[_Parte] = []
        en_lote = 0
        quitar: set[str] = set()
        for elemento in archivos_del_buzon(self.buzon.carpeta):
            if isinstance(elemento, ProblemaDeLectura):
                secuencia.append(elemento)
                continue
            entrada, id_, estado = elemento
            nombre = entrada.name
            secuencia.append(nombre)
            previo = self._archivos.get(nombre)
            if isinstance(previo, _Archivo) and previo.vigente(estado):
                archivos[nombre] = previo
                continue
            leido = self._leer(entrada.path, nombre, id_, previo, estado)
            if isinstance(leido, ProblemaDeLectura):
                archivos[nombre] = leido
                quitar.add(nombre)
                continue
            archivo, parte = leido
            archivos[nombre] = archivo
            if parte.linea == 1:
                quitar.add(nombre)  # leído entero: lo de antes sobra
            partes.append(parte)
            en_lote += len(parte.datos)
            if en_lote >= _LOTE:
                _sumar(piezas, rechazadas, _convertir(partes))
                partes, en_lote = [], 0
        _sumar(piezas, rechazadas, _convertir(partes))
        quitar |= self._archivos.keys() - archivos.keys()
        for parte in rechazadas:
            analisis = analizar(parte.datos, parte.nombre, parte.id_, parte.linea)
            piezas.append(_pieza_de_registros(analisis.registros, parte.nombre, analisis.lineas))
            estado_ = archivos[parte.nombre]
            assert isinstance(estado_, _Archivo)
            estado_.problemas = estado_.problemas + analisis.problemas
        self._archivos = archivos
        self.analizados = sum(p.columnas.height for p in piezas)
        self.problemas = []
        for paso in secuencia:
            if isinstance(paso, ProblemaDeLectura):
                self.problemas.append(paso)
            elif isinstance(archivo_ := archivos[paso], ProblemaDeLectura):
                self.problemas.append(archivo_)
            else:
                self.problemas.extend(recortar(archivo_.problemas + archivo_.incompleta, paso))
        if not self.analizados and not (quitar & set(self._todo.columnas["_archivo"].unique())):
            return self.tabla
        todo = self._todo
        if quitar:
            quedan = ~todo.columnas["_archivo"].is_in(list(quitar))
            todo = _Pieza(todo.columnas.filter(quedan), todo.valores[quedan.to_numpy()])
        todo = _juntar([todo, *piezas])
        if not _en_orden(todo.columnas):
            orden = todo.columnas.select(pl.arg_sort_by("_archivo", "_linea")).to_series()
            todo = _Pieza(todo.columnas[orden], todo.valores[orden.to_numpy()])
        self._todo = todo
        primeros = todo.columnas["uid"].is_first_distinct()
        if not primeros.all():
            todo = _Pieza(todo.columnas.filter(primeros), todo.valores[primeros.to_numpy()])
        self.tabla = _a_pandas(todo)
        return self.tabla

    def _leer(
        self,
        ruta: str,
        nombre: str,
        id_: str,
        previo: _Archivo | ProblemaDeLectura | None,
        actual: os.stat_result,
    ) -> tuple[_Archivo, _Parte] | ProblemaDeLectura:
        """Lo nuevo de un archivo: desde donde se quedó si solo creció (lo ya leído no
        cambió: misma suma ``crc32``), o entero."""
        try:
            datos, estado = leer_archivo(ruta, 0, self.buzon.espera_maxima)
        except (OSError, MemoryError) as error:
            return problema_al_abrir(nombre, error)
        clave = (estado.st_dev, estado.st_ino)
        base, lineas, problemas = 0, 0, []
        if (
            isinstance(previo, _Archivo)
            and previo.clave == clave
            and len(datos) >= previo.leido
            and zlib.crc32(memoryview(datos)[: previo.leido]) == previo.suma
        ):
            base, lineas, problemas = previo.leido, previo.lineas, previo.problemas
        fin = datos.rfind(b"\n") + 1
        completas = datos[base:fin] if fin > base else b""
        nuevas = completas.count(b"\n")
        incompleta = []
        if datos[max(fin, base) :].strip():
            incompleta.append(
                ProblemaDeLectura(
                    nombre,
                    lineas + nuevas + 1,
                    "línea incompleta al final (una escritura se interrumpió o está en "
                    "curso); se omite",
                )
            )
        suma = (
            zlib.crc32(completas, previo.suma)
            if base and isinstance(previo, _Archivo)
            else zlib.crc32(completas)
        )
        archivo = _Archivo(
            clave, estado.st_size, estado.st_mtime_ns, base + len(completas), lineas + nuevas,
            suma, list(problemas), incompleta,
        )  # fmt: skip
        return archivo, _Parte(nombre, id_, completas, lineas + 1, nuevas)
