"""Los registros del buzón convertidos en bloques de columnas (numpy, sin pandas).

``Lector`` lee archivos del buzón, enteros o solo lo que se les agregó, y los convierte en
``Bloque``: columnas ya codificadas que ``_tabla`` junta en la tabla del tablero. No
importa pandas, para que otro proceso pueda leer parte del buzón (``_paralelo``) sin
pagar ese arranque.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np

from taller.buzon._rapido import Registro, decodificar
from taller.buzon.registro import (
    ORDEN_CLAVES,
    Buzon,
    ProblemaDeLectura,
    _analizar_en_columnas,
    lineas_simples,
)

COLUMNAS = (
    "uid", "participante", "alias", "grupo", "ejercicio", "elemento", "valor", "correcta",
    "intento", "modo", "puntaje", "momento",
)  # fmt: skip
CATEGORICAS = ("participante", "alias", "grupo", "ejercicio", "elemento", "modo")
#: Las columnas de texto que se guardan como códigos (``momento`` va como texto: casi
#: nunca se repite, y la tabla lo interpreta una vez por bloque).
CODIFICADAS = CATEGORICAS
#: Las categorías que ``registro._columnas_validas`` ya comprobó que son texto.
_VALIDADAS = frozenset(("participante", "ejercicio", "elemento", "modo"))
_POSICION = {c: ORDEN_CLAVES.index(c) for c in COLUMNAS}
_TRIVALOR = {True: 1, False: 0, None: -1}
_NINGUNO = type(None)
_EXTRAER = itemgetter(*COLUMNAS)
_CAMPO = {c: attrgetter(c) for c in COLUMNAS}
_POR_TROZO = 32768


def _columna(registros: Sequence[dict[str, Any]], campo: str) -> list[Any]:
    try:
        return list(map(itemgetter(campo), registros))  # los registros válidos traen todo
    except KeyError:
        return [r.get(campo) for r in registros]


@dataclass
class Bloque:
    """Las columnas de unos registros, ya convertidas: ``codigos`` (int32, índices en los
    valores del ``Codificador``) para las categorías; ``numeros`` (arreglos de numpy) para
    ``correcta`` (-1 = nulo), ``intento``, ``puntaje`` y, una vez interpretado por la
    tabla, ``momento`` (microsegundos); u ``objetos`` (arreglos de objetos de Python) para
    ``uid``, ``valor``, ``momento`` (texto) y cualquier columna con valores fuera de lo
    común, que al final se convierte como siempre."""

    n: int
    codigos: dict[str, np.ndarray] = field(default_factory=dict)
    objetos: dict[str, np.ndarray] = field(default_factory=dict)
    numeros: dict[str, np.ndarray] = field(default_factory=dict)


#: Un tramo de un bloque: ``(bloque, inicio, fin)``.
Tramo = tuple[Bloque, int, int]


def _objetos(valores: Sequence[Any]) -> np.ndarray:
    return np.fromiter(valores, dtype=object, count=len(valores))


class Codificador:
    """Convierte columnas de registros en bloques y junta bloques en la tabla.

    Cada columna de texto repetitivo se guarda como códigos en un índice de valores que
    comparten todos los bloques: se busca cada valor en un diccionario, en vez de
    factorizar arreglos de objetos; las categorías y las fechas se calculan al final
    solo para los valores distintos."""

    def __init__(self) -> None:
        self.indices: dict[str, dict[str, int]] = {c: {} for c in CODIFICADAS}

    def de_registros(self, registros: Sequence[dict[str, Any]]) -> list[Bloque]:
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

    def de_posiciones(self, columnas: Sequence[Sequence[Any]]) -> Bloque:
        """Las columnas validadas por ``registro._columnas_validas`` (en el orden de
        ``ORDEN_CLAVES``)."""
        return self.de_columnas(
            {c: columnas[_POSICION[c]] for c in COLUMNAS}, len(columnas[0]), validadas=True
        )

    def de_rapidos(
        self, registros: list[Registro], ids: Sequence[str], lineas: Sequence[int]
    ) -> Bloque:
        """Un bloque con los registros de ``_rapido.decodificar`` (ya validados) de varios
        archivos: una pasada por columna, sin trasponer registro por registro. El
        participante es uno por archivo: sus códigos se repiten sin buscarlos."""
        n = len(registros)
        bloque = Bloque(n)
        if not n:
            return bloque
        indice = self.indices["participante"]
        codigos = [indice.setdefault(i, len(indice)) for i in ids]
        bloque.codigos["participante"] = np.repeat(np.array(codigos, dtype=np.int32), lineas)
        for c in ("alias", "grupo", "ejercicio", "elemento", "modo"):
            bloque.codigos[c] = self._codigos_de_textos(list(map(_CAMPO[c], registros)), c)
        for c in ("uid", "valor", "momento"):
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

    def _codigos_de_textos(self, valores: Sequence[str], columna: str) -> np.ndarray:
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
    ) -> Bloque:
        bloque = Bloque(n)
        if not n:
            return bloque
        for c in CODIFICADAS:
            valores = columnas[c]
            if (validadas and c in _VALIDADAS) or set(map(type, valores)) == {str}:
                bloque.codigos[c] = self._codigos_de_textos(valores, c)
            else:  # con valores que no son texto: como objetos
                bloque.objetos[c] = _objetos(valores)
        bloque.objetos["momento"] = _objetos(columnas["momento"])
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


@dataclass
class Archivo:
    """Lo leído de un archivo del buzón: hasta qué byte, sus tramos y sus problemas."""

    clave: tuple[int, int]  # (st_dev, st_ino)
    tamano: int  # bytes ya analizados
    mtime_ns: int
    suma: int  # zlib.crc32 de lo analizado: si cambia, el archivo se reescribió
    limpio: bool  # todo lo leído pasó por el camino rápido: se puede seguir por partes
    tramos: list[Tramo]
    problemas: list[ProblemaDeLectura]

    def vigente(self, estado: os.stat_result) -> bool:
        return (
            (estado.st_dev, estado.st_ino) == self.clave
            and estado.st_size == self.tamano
            and estado.st_mtime_ns == self.mtime_ns
        )


@dataclass
class PorLeer:
    nombre: str
    id_: str
    ruta: str
    estado: os.stat_result
    datos: bytes = b""


class Lector:
    """Lee archivos del buzón y los convierte en bloques con un mismo ``Codificador``.

    ``analizados`` cuenta los registros analizados y ``nuevos`` guarda los bloques creados,
    hasta que quien lo usa los reinicia."""

    def __init__(self, buzon: Buzon, codificador: Codificador | None = None) -> None:
        self.buzon = buzon
        self.codificador = codificador or Codificador()
        self.analizados = 0
        self.nuevos: list[Bloque] = []

    def agregado(
        self, ruta: str, id_: str, estado: os.stat_result, previo: Archivo | None
    ) -> Archivo | None:
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
        bloque = self.codificador.de_rapidos(registros, [id_], [lineas])
        self.analizados += bloque.n
        self.nuevos.append(bloque)
        return Archivo(
            previo.clave, previo.tamano + len(nuevo), estado.st_mtime_ns,
            zlib.crc32(nuevo, previo.suma), limpio=True,
            tramos=[*previo.tramos, (bloque, 0, bloque.n)], problemas=[],
        )  # fmt: skip

    def leer_lote(self, lote: list[PorLeer], errores: dict[str, ProblemaDeLectura]) -> dict[str, Archivo]:
        """Lee archivos enteros; los que pasan por el camino rápido se convierten juntos
        (un solo bloque), los demás uno por uno como en ``Buzon.leer``."""
        leidos: dict[str, Archivo] = {}
        simples: list[tuple[PorLeer, int]] = []
        for archivo in lote:
            try:
                archivo.datos = self.buzon._leer_archivo(archivo.ruta)
            except OSError as error:
                errores[archivo.nombre] = ProblemaDeLectura(archivo.nombre, 0, f"no se pudo leer ({error})")
                continue
            lineas = lineas_simples(archivo.datos)
            if lineas:
                simples.append((archivo, lineas))
            else:
                leidos[archivo.nombre] = self._leer_uno(archivo)
        registros = self._decodificar(simples)
        if registros is None:  # alguno tiene problemas: se buscan uno por uno
            validos: list[tuple[PorLeer, int]] = []
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
    def _decodificar(simples: list[tuple[PorLeer, int]]) -> list[Registro] | None:
        return decodificar(
            [a.datos for a, _ in simples], [a.id_ for a, _ in simples], [n for _, n in simples]
        )

    def _convertir_lote(
        self,
        simples: list[tuple[PorLeer, int]],
        registros: list[Registro],
        leidos: dict[str, Archivo],
    ) -> None:
        lineas = [n for _, n in simples]
        bloque = self.codificador.de_rapidos(registros, [a.id_ for a, _ in simples], lineas)
        self.analizados += bloque.n
        self.nuevos.append(bloque)
        inicio = 0
        for archivo, n in simples:
            estado = archivo.estado
            leidos[archivo.nombre] = Archivo(
                (estado.st_dev, estado.st_ino), len(archivo.datos), estado.st_mtime_ns,
                zlib.crc32(archivo.datos), limpio=True, tramos=[(bloque, inicio, inicio + n)],
                problemas=[],
            )  # fmt: skip
            inicio += n

    def _leer_uno(self, archivo: PorLeer) -> Archivo:
        columnas, registros, problemas = _analizar_en_columnas(
            archivo.datos, archivo.nombre, archivo.id_
        )
        if columnas is not None:
            bloque = self.codificador.de_posiciones(columnas)
            bloques = [bloque]
        else:
            bloques = self.codificador.de_registros(registros)
        self.analizados += sum(b.n for b in bloques)
        self.nuevos.extend(bloques)
        estado = archivo.estado
        return Archivo(
            (estado.st_dev, estado.st_ino), len(archivo.datos), estado.st_mtime_ns,
            zlib.crc32(archivo.datos), limpio=columnas is not None,
            tramos=[(b, 0, b.n) for b in bloques], problemas=problemas,
        )  # fmt: skip
