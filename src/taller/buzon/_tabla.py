"""La tabla de registros del buzón para el tablero y el informe (pandas).

``tabla_registros(lectura)`` convierte registros en un ``DataFrame`` con tipos;
``LecturaIncremental(buzon).actualizar()`` hace lo mismo leyendo solo lo que se agregó
desde la última vez (los archivos del buzón solo crecen), para que el tablero se pueda
actualizar cada pocos segundos sin volver a leer todo. La lectura y la conversión de los
archivos está en ``_bloques``; aquí se juntan los bloques en la tabla.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from taller.buzon._bloques import (
    CATEGORICAS,
    CODIFICADAS,
    COLUMNAS,
    Archivo,
    Bloque,
    Codificador,
    Lector,
    PorLeer,
    Tramo,
    _objetos,
)
from taller.buzon._paralelo import leer_lotes
from taller.buzon.registro import Buzon, Lectura, ProblemaDeLectura, archivos_del_buzon, sin_recolector

__all__ = ["COLUMNAS", "LecturaIncremental", "tabla_registros"]

#: Cuántos archivos se convierten juntos al leer el buzón entero.
_ARCHIVOS_POR_LOTE = 256


def tabla_registros(lectura: Lectura | Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Una fila por registro válido, con tipos: ``correcta`` booleana, ``momento`` en UTC."""
    registros = lectura.registros if isinstance(lectura, Lectura) else lectura
    with sin_recolector():
        codificador = Codificador()
        bloques = codificador.de_registros(registros)
        return juntar_tabla(codificador, [(b, 0, b.n) for b in bloques], deduplicar=False)


def juntar_tabla(
    codificador: Codificador, tramos: Sequence[Tramo], deduplicar: bool
) -> pd.DataFrame:
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
    for c in CODIFICADAS:
        if all(c in b.codigos for b, _, _ in tramos):
            columnas[c] = _de_codigos(codificador, c, juntar("codigos", c))
        else:
            valores = _objetos(list(codificador.indices[c]))
            columnas[c] = _convertir(
                c, como_objetos(c, lambda b, i, f, v=valores, c=c: v[b.codigos[c][i:f]])
            )
    micros = _juntar([_micros(b)[i:f] for b, i, f in tramos], np.int64)
    micros = micros if quedan is None else micros[quedan]
    columnas["momento"] = pd.Series(micros.view("M8[us]")).dt.tz_localize("UTC")
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


def _de_codigos(codificador: Codificador, columna: str, codigos: np.ndarray) -> Any:
    """La categoría a partir de los códigos: solo entran los valores que aparecen, en el
    orden de ``pd.Categorical``."""
    valores = list(codificador.indices[columna])
    presentes = np.flatnonzero(np.bincount(codigos, minlength=len(valores)))
    textos = [valores[i] for i in presentes]
    orden = sorted(range(len(textos)), key=textos.__getitem__)
    nuevos = np.zeros(len(valores), dtype=np.int32)
    nuevos[presentes[orden]] = np.arange(len(orden), dtype=np.int32)
    categorias = pd.Index([textos[i] for i in orden])
    return pd.Categorical.from_codes(nuevos[codigos], categories=categorias)


def _micros(bloque: Bloque) -> np.ndarray:
    """Los momentos de un bloque en microsegundos desde 1970, UTC (``NaT`` es el mínimo de
    int64). Se interpretan una vez por bloque: al actualizar, solo los bloques nuevos."""
    if "momento" not in bloque.numeros:
        fechas = _convertir("momento", bloque.objetos.pop("momento"))
        bloque.numeros["momento"] = fechas.asi8
    return bloque.numeros["momento"]


def _juntar(partes: list[np.ndarray], tipo: Any) -> np.ndarray:
    if not partes:
        return np.empty(0, dtype=tipo)
    return partes[0] if len(partes) == 1 else np.concatenate(partes)


def _convertir(columna: str, valores: list[Any]) -> Any:
    """La conversión general de una columna (la de siempre, para valores fuera de lo común
    y para la tabla vacía)."""
    if columna in CATEGORICAS:
        categorias = pd.Categorical(valores)
        if categorias.isna().any():
            categorias = categorias.add_categories([""]).fillna("")
        return categorias
    if columna == "momento":  # en microsegundos, con pandas 2 y 3 por igual
        fechas = pd.to_datetime(valores, utc=True, format="ISO8601", errors="coerce", cache=True)
        return fechas.as_unit("us")
    if columna == "correcta":
        return pd.array(valores, dtype="boolean")
    if columna == "intento":
        return pd.array(valores, dtype="int64")
    if columna == "puntaje":
        return pd.to_numeric(pd.Series(valores, dtype=object), errors="coerce").astype("float64")
    return pd.Series(valores, dtype=object)


# --- Lectura incremental del buzón (para el tablero) ---------------------------------------


class LecturaIncremental:
    """Lee el buzón para el tablero y, al actualizar, analiza solo lo que se agregó.

    Los archivos del buzón solo crecen: de cada uno se recuerda hasta qué byte se leyó y
    sus registros ya convertidos. ``actualizar()`` revisa la carpeta y lee de cada archivo
    solo lo nuevo (o el archivo entero si cambió de otra forma o si tiene problemas); da
    la misma tabla que ``tabla_registros(buzon.leer())`` y los mismos ``problemas`` que
    ``buzon.leer()``. ``analizados`` dice cuántos registros se analizaron la última vez, y
    ``en_otro_proceso`` cuántos archivos leyó otro proceso (``_paralelo``).
    """

    def __init__(self, buzon: Buzon | str | Path) -> None:
        self.buzon = buzon if isinstance(buzon, Buzon) else Buzon(buzon)
        self.tabla = tabla_registros([])
        self.problemas: list[ProblemaDeLectura] = []
        self.analizados = 0
        self.en_otro_proceso = 0
        self._archivos: dict[str, Archivo] = {}
        self._lector = Lector(self.buzon)
        #: Los ``uid`` de la tabla, si no hay repetidos (así, cuando solo se agregan
        #: registros, basta revisar los nuevos).
        self._uids: set[str] | None = set()

    def actualizar(self) -> pd.DataFrame:
        """Lee lo nuevo del buzón y devuelve la tabla de registros (sin ``uid`` repetidos)."""
        lector = self._lector
        lector.analizados = 0
        lector.nuevos = []
        # En orden de nombre: un problema de la carpeta, o el nombre de un archivo leído.
        secuencia: list[ProblemaDeLectura | str] = []
        archivos: dict[str, Archivo] = {}
        errores: dict[str, ProblemaDeLectura] = {}
        pendientes: list[PorLeer] = []
        with sin_recolector():
            for elemento in archivos_del_buzon(self.buzon.carpeta):
                if isinstance(elemento, ProblemaDeLectura):
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
                    agregado = lector.agregado(entrada.path, id_, estado, previo)
                except OSError as error:
                    errores[nombre] = ProblemaDeLectura(nombre, 0, f"no se pudo leer ({error})")
                    continue
                if agregado is not None:
                    archivos[nombre] = agregado
                else:
                    pendientes.append(PorLeer(nombre, id_, entrada.path, estado))
            lotes = [
                pendientes[i : i + _ARCHIVOS_POR_LOTE]
                for i in range(0, len(pendientes), _ARCHIVOS_POR_LOTE)
            ]
            presentes = {p for p in secuencia if isinstance(p, str) and p not in errores}
            solo_agregados = not (self._archivos.keys() - presentes) and not any(
                p.nombre in self._archivos for p in pendientes
            )
            uids = _Uids(self._uids if solo_agregados else None)

            def adelantar() -> None:  # mientras otro proceso lee su parte
                for bloque in lector.nuevos:
                    _micros(bloque)
                uids.sumar(lector.nuevos)

            leidos, self.en_otro_proceso = leer_lotes(lector, lotes, errores, adelantar)
            archivos.update(leidos)
            cambio = bool(errores) or any(
                self._archivos.get(n) is not a for n, a in archivos.items()
            )
            cambio = cambio or archivos.keys() != self._archivos.keys()
            solo_agregados = solo_agregados and not (self._archivos.keys() - archivos.keys())
            self._archivos = archivos
            self.problemas = []
            tramos: list[Tramo] = []
            for paso in secuencia:
                if isinstance(paso, ProblemaDeLectura):
                    self.problemas.append(paso)
                elif paso in errores:
                    self.problemas.append(errores[paso])
                else:
                    self.problemas.extend(archivos[paso].problemas)
                    _agregar_tramos(tramos, archivos[paso].tramos)
            if cambio:
                uids.sumar(lector.nuevos)
                repetidos = self._hay_repetidos(tramos, uids if solo_agregados else None)
                self.tabla = juntar_tabla(lector.codificador, tramos, deduplicar=repetidos)
            self.analizados = lector.analizados
            lector.nuevos = []
        return self.tabla

    def _hay_repetidos(self, tramos: list[Tramo], agregados: _Uids | None) -> bool:
        """Si puede haber ``uid`` repetidos en la tabla (entonces se quitan). Si solo se
        agregaron registros y sus ``uid`` ya se sumaron sin repetirse, no hace falta
        revisar la tabla entera."""
        if agregados is not None and agregados.conjunto is not None:
            self._uids = agregados.conjunto
            return False
        partes = [b.objetos["uid"][i:f] for b, i, f in tramos if f > i]
        todos = np.concatenate(partes).tolist() if partes else []
        distintos = set(todos)
        self._uids = distintos if len(distintos) == len(todos) else None
        return self._uids is None


class _Uids:
    """Los ``uid`` de la tabla anterior más los de los bloques nuevos, sumados bloque por
    bloque (unos mientras otro proceso lee); ``conjunto`` es ``None`` si alguno se
    repitió o no se partía de la tabla anterior."""

    def __init__(self, anteriores: set[str] | None) -> None:
        self.conjunto = anteriores
        self._sumados: set[int] = set()

    def sumar(self, bloques: list[Bloque]) -> None:
        for bloque in bloques:
            if self.conjunto is None or id(bloque) in self._sumados or not bloque.n:
                continue
            self._sumados.add(id(bloque))
            antes = len(self.conjunto)
            self.conjunto.update(bloque.objetos["uid"].tolist())
            if len(self.conjunto) != antes + bloque.n:
                self.conjunto = None  # hay repetidos: se revisa la tabla entera


def _agregar_tramos(tramos: list[Tramo], nuevos: list[Tramo]) -> None:
    """Agrega tramos, uniendo los contiguos del mismo bloque (así la tabla se junta con
    pocas piezas aunque venga de miles de archivos)."""
    for tramo in nuevos:
        if tramos and tramos[-1][0] is tramo[0] and tramos[-1][2] == tramo[1]:
            tramos[-1] = (tramo[0], tramos[-1][1], tramo[2])
        else:
            tramos.append(tramo)
