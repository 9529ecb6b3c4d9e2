"""La tabla de registros del buzón para el tablero y el informe (pandas).

``tabla_registros(lectura)`` convierte registros en un ``DataFrame`` con tipos;
``LecturaIncremental(buzon).actualizar()`` hace lo mismo leyendo solo lo que se agregó
desde la última vez (los archivos del buzón solo crecen), para que el tablero se pueda
actualizar cada pocos segundos sin volver a leer todo.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, count
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._rapido import Registro, decodificar
from .registro import (
    ORDEN_CLAVES,
    Buzon,
    Lectura,
    Problema,
    _analizar_en_columnas,
    archivos_del_buzon,
    lineas_simples,
    sin_recolector,
)

__all__ = ["COLUMNAS", "LecturaIncremental", "tabla_registros"]

COLUMNAS = (
    "uid", "participante", "alias", "grupo", "ejercicio", "elemento", "valor", "correcta",
    "intento", "modo", "puntaje", "momento",
)  # fmt: skip


# --- La tabla de registros -----------------------------------------------------------------


_CATEGORICAS = ("participante", "alias", "grupo", "ejercicio", "elemento", "modo")
_CODIFICADAS = (*_CATEGORICAS, "momento")
#: Las columnas que ``_columnas_validas`` ya comprobó que son texto (o enteros).
_VALIDADAS = frozenset(("participante", "ejercicio", "elemento", "modo", "momento", "intento"))
_POSICION = {c: ORDEN_CLAVES.index(c) for c in COLUMNAS}
_TRIVALOR = {True: 1, False: 0, None: -1}
_NINGUNO = type(None)
_EXTRAER = itemgetter(*COLUMNAS)
_CAMPO = {c: attrgetter(c) for c in COLUMNAS}
_POR_TROZO = 32768
#: Cuántos archivos se convierten juntos al leer el buzón entero.
_ARCHIVOS_POR_LOTE = 256


def tabla_registros(lectura: Lectura | Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Una fila por registro válido, con tipos: ``correcta`` booleana, ``momento`` en UTC."""
    registros = lectura.registros if isinstance(lectura, Lectura) else lectura
    with sin_recolector():
        codificador = _Codificador()
        bloques = codificador.de_registros(registros)
        return codificador.tabla([(b, 0, b.n) for b in bloques], deduplicar=False)


def _columna(registros: Sequence[dict[str, Any]], campo: str) -> list[Any]:
    try:
        return list(map(itemgetter(campo), registros))  # los registros válidos traen todo
    except KeyError:
        return [r.get(campo) for r in registros]


@dataclass
class _Bloque:
    """Las columnas de unos registros, ya convertidas: ``codigos`` (int32, índices en los
    valores del ``_Codificador``) para las categorías y ``momento``; ``numeros`` (arreglos
    de numpy) para ``correcta`` (-1 = nulo), ``intento`` y ``puntaje``; u ``objetos``
    (arreglos de objetos de Python) para ``uid``, ``valor`` y cualquier columna con valores
    fuera de lo común, que al final se convierte como siempre."""

    n: int
    codigos: dict[str, np.ndarray] = field(default_factory=dict)
    objetos: dict[str, np.ndarray] = field(default_factory=dict)
    numeros: dict[str, np.ndarray] = field(default_factory=dict)


#: Un tramo de un bloque: ``(bloque, inicio, fin)``.
_Tramo = tuple[_Bloque, int, int]


def _objetos(valores: Sequence[Any]) -> np.ndarray:
    return np.fromiter(valores, dtype=object, count=len(valores))


class _Codificador:
    """Convierte columnas de registros en bloques y junta bloques en la tabla.

    Cada columna de texto repetitivo se guarda como códigos en un índice de valores que
    comparten todos los bloques: se busca cada valor en un diccionario, en vez de
    factorizar arreglos de objetos; las categorías y las fechas se calculan al final
    solo para los valores distintos."""

    def __init__(self) -> None:
        self.indices: dict[str, dict[str, int]] = {c: {} for c in _CODIFICADAS}

    def de_registros(self, registros: Sequence[dict[str, Any]]) -> list[_Bloque]:
        """Los bloques de unos registros (uno por trozo de ``_POR_TROZO``: así las columnas
        intermedias de todos no están en memoria a la vez)."""
        n = len(registros)
        bloques = []
        for inicio in range(0, n, _POR_TROZO):
            trozo = registros[inicio : inicio + _POR_TROZO]
            try:  # trasponer en C es más rápido que sacar columna por columna
                traspuesto = list(zip(*map(_EXTRAER, trozo), strict=True))
            except KeyError:  # a algún registro le falta un campo: como siempre
                columnas = {c: _columna(trozo, c) for c in COLUMNAS}
            else:
                columnas = dict(zip(COLUMNAS, traspuesto, strict=True))
            bloques.append(self.de_columnas(columnas, len(trozo)))
        return bloques

    def de_posiciones(self, columnas: Sequence[Sequence[Any]]) -> _Bloque:
        """Las columnas validadas por ``_columnas_validas`` (en el orden de ``ORDEN_CLAVES``)."""
        return self.de_columnas(
            {c: columnas[_POSICION[c]] for c in COLUMNAS}, len(columnas[0]), validadas=True
        )

    def de_rapidos(
        self, registros: list[Registro], ids: Sequence[str], lineas: Sequence[int]
    ) -> _Bloque:
        """Un bloque con los registros de ``_rapido.decodificar`` (ya validados) de varios
        archivos: una pasada por columna, sin trasponer registro por registro. El
        participante es uno por archivo: sus códigos se repiten sin buscarlos."""
        n = len(registros)
        bloque = _Bloque(n)
        if not n:
            return bloque
        indice = self.indices["participante"]
        codigos = [indice.setdefault(i, len(indice)) for i in ids]
        bloque.codigos["participante"] = np.repeat(np.array(codigos, dtype=np.int32), lineas)
        for c in ("alias", "grupo", "ejercicio", "elemento", "modo", "momento"):
            bloque.codigos[c] = self._codigos_de_textos(list(map(_CAMPO[c], registros)), c)
        for c in ("uid", "valor"):
            bloque.objetos[c] = np.fromiter(map(_CAMPO[c], registros), dtype=object, count=n)
        bloque.numeros["correcta"] = np.fromiter(
            map(_TRIVALOR.__getitem__, map(_CAMPO["correcta"], registros)), dtype=np.int8, count=n
        )
        bloque.numeros["intento"] = np.fromiter(
            map(_CAMPO["intento"], registros), dtype=np.int64, count=n
        )
        puntaje = list(map(_CAMPO["puntaje"], registros))
        try:  # None es NaN
            bloque.numeros["puntaje"] = np.array(puntaje, dtype=np.float64)
        except OverflowError:  # un entero que no cabe en un float
            bloque.objetos["puntaje"] = _objetos(puntaje)
        return bloque

    def _codigos_de_textos(self, valores: list[str], columna: str) -> np.ndarray:
        """Los códigos de una columna que ya se sabe que es de textos."""
        indice = self.indices[columna]
        distintos = dict.fromkeys(valores)
        indice.update(zip([v for v in distintos if v not in indice], count(len(indice))))
        if len(distintos) == 1:
            return np.full(len(valores), indice[valores[0]], dtype=np.int32)
        return np.fromiter(map(indice.__getitem__, valores), dtype=np.int32, count=len(valores))

    def de_columnas(
        self,
        columnas: dict[str, Sequence[Any]],
        n: int,
        validadas: bool = False,
        hechos: dict[str, np.ndarray] | None = None,
    ) -> _Bloque:
        bloque = _Bloque(n)
        if not n:
            return bloque
        for c in _CODIFICADAS:
            if hechos and c in hechos:
                bloque.codigos[c] = hechos[c]
                continue
            codigos = self._codigos(columnas[c], self.indices[c], validadas and c in _VALIDADAS)
            if codigos is None:
                bloque.objetos[c] = _objetos(columnas[c])
            else:
                bloque.codigos[c] = codigos
        bloque.objetos["uid"] = _objetos(columnas["uid"])
        bloque.objetos["valor"] = _objetos(columnas["valor"])
        correcta = columnas["correcta"]
        if set(map(type, correcta)) <= {bool, _NINGUNO}:
            bloque.numeros["correcta"] = np.fromiter(
                map(_TRIVALOR.__getitem__, correcta), dtype=np.int8, count=n
            )
        else:
            bloque.objetos["correcta"] = _objetos(correcta)
        intento = columnas["intento"]
        try:
            if not validadas and set(map(type, intento)) != {int}:
                raise TypeError
            bloque.numeros["intento"] = np.fromiter(intento, dtype=np.int64, count=n)
        except (TypeError, OverflowError):
            bloque.objetos["intento"] = _objetos(intento)
        puntaje = columnas["puntaje"]
        tipos = set(map(type, puntaje))
        if tipos == {_NINGUNO}:
            bloque.numeros["puntaje"] = np.full(n, np.nan)
        elif tipos <= {_NINGUNO, int, float}:
            try:
                bloque.numeros["puntaje"] = np.array(puntaje, dtype=np.float64)
            except OverflowError:
                bloque.objetos["puntaje"] = _objetos(puntaje)
        else:
            bloque.objetos["puntaje"] = _objetos(puntaje)
        return bloque

    @staticmethod
    def _codigos(
        valores: Sequence[Any], indice: dict[str, int], son_textos: bool
    ) -> np.ndarray | None:
        """Los códigos de una columna de textos (``None`` si no son todos textos)."""
        n = len(valores)
        if not son_textos and set(map(type, valores)) != {str}:
            return None
        distintos = dict.fromkeys(valores)
        for valor in distintos:
            if valor not in indice:
                indice[valor] = len(indice)
        if len(distintos) == 1:
            return np.full(n, indice[valores[0]], dtype=np.int32)
        return np.fromiter(map(indice.__getitem__, valores), dtype=np.int32, count=n)

    # --- Juntar bloques en la tabla -------------------------------------------------------

    def tabla(self, tramos: Sequence[_Tramo], deduplicar: bool) -> pd.DataFrame:
        """La tabla de los tramos, en orden; con ``deduplicar``, sin ``uid`` repetidos
        (se queda el primero, como ``Buzon.leer``)."""
        tramos = [t for t in tramos if t[2] > t[1]]
        if not tramos:
            vacia = {c: _convertir(c, []) for c in COLUMNAS}
            return pd.DataFrame(vacia, columns=list(COLUMNAS))
        uid = _juntar([b.objetos["uid"][i:f] for b, i, f in tramos], object)
        quedan: np.ndarray | None = None
        if deduplicar:
            repetidos = pd.Series(uid, dtype=object).duplicated(keep="first").to_numpy()
            if repetidos.any():
                quedan = ~repetidos
                uid = uid[quedan]

        def juntar(tipo: str, c: str) -> np.ndarray:
            arreglo = _juntar([getattr(b, tipo)[c][i:f] for b, i, f in tramos], None)
            return arreglo if quedan is None else arreglo[quedan]

        def como_objetos(c: str, decodificar: Any) -> list[Any]:
            partes = [
                b.objetos[c][i:f] if c in b.objetos else decodificar(b, i, f) for b, i, f in tramos
            ]
            arreglo = _juntar(partes, object)
            return (arreglo if quedan is None else arreglo[quedan]).tolist()

        columnas: dict[str, Any] = {"uid": pd.Series(uid, dtype=object)}
        for c in _CODIFICADAS:
            if all(c in b.codigos for b, _, _ in tramos):
                columnas[c] = self._de_codigos(c, juntar("codigos", c))
            else:
                valores = _objetos(list(self.indices[c]))
                columnas[c] = _convertir(
                    c, como_objetos(c, lambda b, i, f, v=valores, c=c: v[b.codigos[c][i:f]])
                )
        columnas["valor"] = pd.Series(juntar("objetos", "valor"), dtype=object)
        if all("correcta" in b.numeros for b, _, _ in tramos):
            tri = juntar("numeros", "correcta")
            columnas["correcta"] = pd.arrays.BooleanArray(tri == 1, tri < 0)
        else:
            valores = np.array([False, True, None], dtype=object)  # -1 es el último
            columnas["correcta"] = _convertir(
                "correcta",
                como_objetos("correcta", lambda b, i, f: valores[b.numeros["correcta"][i:f]]),
            )
        for c in ("intento", "puntaje"):
            if all(c in b.numeros for b, _, _ in tramos):
                columnas[c] = juntar("numeros", c)
            else:
                columnas[c] = _convertir(
                    c, como_objetos(c, lambda b, i, f, c=c: _objetos(b.numeros[c][i:f].tolist()))
                )
        return pd.DataFrame(columnas, columns=list(COLUMNAS))

    def _de_codigos(self, columna: str, codigos: np.ndarray) -> Any:
        """La categoría (o las fechas de ``momento``) a partir de los códigos: solo entran
        los valores que aparecen, en el orden de ``pd.Categorical``."""
        valores = list(self.indices[columna])
        presentes = np.flatnonzero(np.bincount(codigos, minlength=len(valores)))
        textos = [valores[i] for i in presentes]
        if columna == "momento":  # cada momento distinto se interpreta una sola vez
            nuevos = np.zeros(len(valores), dtype=np.int64)
            nuevos[presentes] = np.arange(len(presentes))
            momentos = pd.to_datetime(textos, utc=True, format="ISO8601", errors="coerce")
            return momentos.take(nuevos[codigos])
        orden = sorted(range(len(textos)), key=textos.__getitem__)
        nuevos = np.zeros(len(valores), dtype=np.int32)
        nuevos[presentes[orden]] = np.arange(len(orden), dtype=np.int32)
        categorias = pd.Index([textos[i] for i in orden])
        return pd.Categorical.from_codes(nuevos[codigos], categories=categorias)


def _juntar(partes: list[np.ndarray], tipo: Any) -> np.ndarray:
    if not partes:
        return np.empty(0, dtype=tipo)
    return partes[0] if len(partes) == 1 else np.concatenate(partes)


def _convertir(columna: str, valores: list[Any]) -> Any:
    """La conversión general de una columna (la de siempre, para valores fuera de lo común
    y para la tabla vacía)."""
    if columna in _CATEGORICAS:
        categorias = pd.Categorical(valores)
        if categorias.isna().any():
            categorias = categorias.add_categories([""]).fillna("")
        return categorias
    if columna == "momento":
        return pd.to_datetime(valores, utc=True, format="ISO8601", errors="coerce", cache=True)
    if columna == "correcta":
        return pd.array(valores, dtype="boolean")
    if columna == "intento":
        return pd.array(valores, dtype="int64")
    if columna == "puntaje":
        return pd.to_numeric(pd.Series(valores, dtype=object), errors="coerce").astype("float64")
    return pd.Series(valores, dtype=object)


# --- Lectura incremental del buzón (para el tablero) ---------------------------------------


@dataclass
class _Archivo:
    """Lo leído de un archivo del buzón: hasta qué byte, sus tramos y sus problemas."""

    clave: tuple[int, int]  # (st_dev, st_ino)
    tamano: int  # bytes ya analizados
    mtime_ns: int
    suma: int  # zlib.crc32 de lo analizado: si cambia, el archivo se reescribió
    limpio: bool  # todo lo leído pasó por el camino rápido: se puede seguir por partes
    tramos: list[_Tramo]
    problemas: list[Problema]

    def vigente(self, estado: os.stat_result) -> bool:
        return (
            (estado.st_dev, estado.st_ino) == self.clave
            and estado.st_size == self.tamano
            and estado.st_mtime_ns == self.mtime_ns
        )


@dataclass
class _PorLeer:
    nombre: str
    id_: str
    ruta: str
    estado: os.stat_result
    datos: bytes = b""


class LecturaIncremental:
    """Lee el buzón para el tablero y, al actualizar, analiza solo lo que se agregó.

    Los archivos del buzón solo crecen: de cada uno se recuerda hasta qué byte se leyó y
    sus registros ya convertidos. ``actualizar()`` revisa la carpeta y lee de cada archivo
    solo lo nuevo (o el archivo entero si cambió de otra forma o si tiene problemas); da
    la misma tabla que ``tabla_registros(buzon.leer())`` y los mismos ``problemas`` que
    ``buzon.leer()``. ``analizados`` dice cuántos registros se analizaron la última vez.
    """

    def __init__(self, buzon: Buzon | str | Path) -> None:
        self.buzon = buzon if isinstance(buzon, Buzon) else Buzon(buzon)
        self.tabla = tabla_registros([])
        self.problemas: list[Problema] = []
        self.analizados = 0
        self._archivos: dict[str, _Archivo] = {}
        self._codificador = _Codificador()
        #: Los ``uid`` de la tabla, si no hay repetidos (así, cuando solo se agregan
        #: registros, basta revisar los nuevos).
        self._uids: set[str] | None = None
        self._nuevos: list[_Bloque] = []  # los bloques creados en esta actualización

    def actualizar(self) -> pd.DataFrame:
        """Lee lo nuevo del buzón y devuelve la tabla de registros (sin ``uid`` repetidos)."""
        self.analizados = 0
        self._nuevos = []
        carpeta = self.buzon.carpeta
        # En orden de nombre: un problema de la carpeta, o el nombre de un archivo leído.
        secuencia: list[Problema | str] = []
        archivos: dict[str, _Archivo] = {}
        errores: dict[str, Problema] = {}
        pendientes: list[_PorLeer] = []
        with sin_recolector():
            for elemento in archivos_del_buzon(carpeta):
                if isinstance(elemento, Problema):
                    secuencia.append(elemento)
                    continue
                entrada, id_ = elemento
                nombre = entrada.name
                secuencia.append(nombre)
                previo = self._archivos.get(nombre)
                try:
                    estado = entrada.stat()
                    if previo is not None and previo.vigente(estado):
                        archivos[nombre] = previo
                        continue
                    agregado = self._agregado(entrada.path, id_, estado, previo)
                except OSError as error:
                    errores[nombre] = Problema(nombre, 0, f"no se pudo leer ({error})")
                    continue
                if agregado is not None:
                    archivos[nombre] = agregado
                else:
                    pendientes.append(_PorLeer(nombre, id_, entrada.path, estado))
            for inicio in range(0, len(pendientes), _ARCHIVOS_POR_LOTE):
                lote = pendientes[inicio : inicio + _ARCHIVOS_POR_LOTE]
                archivos.update(self._leer_lote(lote, errores))
            cambio = bool(errores) or any(
                self._archivos.get(n) is not a for n, a in archivos.items()
            )
            cambio = cambio or archivos.keys() != self._archivos.keys()
            solo_agregados = not (self._archivos.keys() - archivos.keys()) and not any(
                p.nombre in self._archivos for p in pendientes
            )
            self._archivos = archivos
            self.problemas = []
            tramos: list[_Tramo] = []
            for paso in secuencia:
                if isinstance(paso, Problema):
                    self.problemas.append(paso)
                elif paso in errores:
                    self.problemas.append(errores[paso])
                else:
                    self.problemas.extend(archivos[paso].problemas)
                    _agregar_tramos(tramos, archivos[paso].tramos)
            if cambio:
                repetidos = self._hay_repetidos(tramos, solo_agregados)
                self.tabla = self._codificador.tabla(tramos, deduplicar=repetidos)
            self._nuevos = []
        return self.tabla

    def _hay_repetidos(self, tramos: list[_Tramo], solo_agregados: bool) -> bool:
        """Si puede haber ``uid`` repetidos en la tabla (entonces se quitan)."""
        if solo_agregados and self._uids is not None:
            nuevos = list(chain.from_iterable(b.objetos["uid"] for b in self._nuevos if b.n))
            if len(set(nuevos)) == len(nuevos) and self._uids.isdisjoint(nuevos):
                self._uids.update(nuevos)
                return False
        uids = list(chain.from_iterable(b.objetos["uid"][i:f] for b, i, f in tramos if f > i))
        distintos = set(uids)
        self._uids = distintos if len(distintos) == len(uids) else None
        return self._uids is None

    def _agregado(
        self, ruta: str, id_: str, estado: os.stat_result, previo: _Archivo | None
    ) -> _Archivo | None:
        """Si el archivo solo creció y lo agregado es válido, analiza solo lo agregado."""
        if (
            previo is None
            or not previo.limpio
            or previo.clave != (estado.st_dev, estado.st_ino)
            or estado.st_size <= previo.tamano
        ):
            return None
        datos = self.buzon._leer_archivo(ruta)
        if zlib.crc32(memoryview(datos)[: previo.tamano]) != previo.suma:
            return None  # se reescribió: se lee entero
        nuevo = datos[previo.tamano :]
        lineas = lineas_simples(nuevo)
        registros = decodificar([nuevo], [id_], [lineas]) if lineas else None
        if registros is None:
            return None  # con problemas: se lee entero para numerar bien las líneas
        bloque = self._codificador.de_rapidos(registros, [id_], [lineas])
        self.analizados += bloque.n
        self._nuevos.append(bloque)
        return _Archivo(
            previo.clave, previo.tamano + len(nuevo), estado.st_mtime_ns,
            zlib.crc32(nuevo, previo.suma), limpio=True,
            tramos=[*previo.tramos, (bloque, 0, bloque.n)], problemas=[],
        )  # fmt: skip

    def _leer_lote(self, lote: list[_PorLeer], errores: dict[str, Problema]) -> dict[str, _Archivo]:
        """Lee archivos enteros; los que pasan por el camino rápido se convierten juntos
        (un solo bloque), los demás uno por uno como en ``Buzon.leer``."""
        leidos: dict[str, _Archivo] = {}
        simples: list[tuple[_PorLeer, int]] = []
        for archivo in lote:
            try:
                archivo.datos = self.buzon._leer_archivo(archivo.ruta)
            except OSError as error:
                errores[archivo.nombre] = Problema(archivo.nombre, 0, f"no se pudo leer ({error})")
                continue
            lineas = lineas_simples(archivo.datos)
            if lineas:
                simples.append((archivo, lineas))
            else:
                leidos[archivo.nombre] = self._leer_uno(archivo)
        registros = self._decodificar(simples)
        if registros is None:  # alguno tiene problemas: se buscan uno por uno
            validos: list[tuple[_PorLeer, int]] = []
            registros = []
            for archivo, lineas in simples:
                propios = self._decodificar([(archivo, lineas)])
                if propios is None:
                    leidos[archivo.nombre] = self._leer_uno(archivo)
                else:
                    validos.append((archivo, lineas))
                    registros.extend(propios)
            simples = validos
        if simples:
            self._convertir_lote(simples, registros, leidos)
        for archivo in lote:
            archivo.datos = b""  # lo leído ya está en los bloques
        return leidos

    @staticmethod
    def _decodificar(simples: list[tuple[_PorLeer, int]]) -> list[Registro] | None:
        return decodificar(
            [a.datos for a, _ in simples], [a.id_ for a, _ in simples], [n for _, n in simples]
        )

    def _convertir_lote(
        self,
        simples: list[tuple[_PorLeer, int]],
        registros: list[Registro],
        leidos: dict[str, _Archivo],
    ) -> None:
        lineas = [n for _, n in simples]
        bloque = self._codificador.de_rapidos(registros, [a.id_ for a, _ in simples], lineas)
        self.analizados += bloque.n
        self._nuevos.append(bloque)
        inicio = 0
        for archivo, n in simples:
            estado = archivo.estado
            leidos[archivo.nombre] = _Archivo(
                (estado.st_dev, estado.st_ino), len(archivo.datos), estado.st_mtime_ns,
                zlib.crc32(archivo.datos), limpio=True, tramos=[(bloque, inicio, inicio + n)],
                problemas=[],
            )  # fmt: skip
            inicio += n

    def _leer_uno(self, archivo: _PorLeer) -> _Archivo:
        columnas, registros, problemas = _analizar_en_columnas(
            archivo.datos, archivo.nombre, archivo.id_
        )
        if columnas is not None:
            bloque = self._codificador.de_posiciones(columnas)
            bloques = [bloque]
        else:
            bloques = self._codificador.de_registros(registros)
        self.analizados += sum(b.n for b in bloques)
        self._nuevos.extend(bloques)
        estado = archivo.estado
        return _Archivo(
            (estado.st_dev, estado.st_ino), len(archivo.datos), estado.st_mtime_ns,
            zlib.crc32(archivo.datos), limpio=columnas is not None,
            tramos=[(b, 0, b.n) for b in bloques], problemas=problemas,
        )  # fmt: skip


def _agregar_tramos(tramos: list[_Tramo], nuevos: list[_Tramo]) -> None:
    """Agrega tramos, uniendo los contiguos del mismo bloque (así la tabla se junta con
    pocas piezas aunque venga de miles de archivos)."""
    for tramo in nuevos:
        if tramos and tramos[-1][0] is tramo[0] and tramos[-1][2] == tramo[1]:
            tramos[-1] = (tramo[0], tramos[-1][1], tramo[2])
        else:
            tramos.append(tramo)
