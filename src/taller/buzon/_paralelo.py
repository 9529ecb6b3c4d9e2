"""Leer un buzón grande con dos procesos: este y otro que lee la última parte.

Leer y convertir los archivos del buzón es trabajo de Python (el GIL no deja repartirlo
entre hilos). Cuando hay miles de archivos por leer enteros y la máquina tiene más de un
núcleo, otro proceso lee la última parte mientras este lee la primera. El otro usa sus
propios códigos para las categorías: al recibir sus bloques se traducen a los de este
``Codificador``. Si el otro proceso no arranca o falla, este lee también esa parte; el
resultado es el mismo.

El otro proceso es ``python -m taller.buzon._paralelo ARCHIVO`` (el mismo intérprete): recibe
el trabajo en un archivo temporal y devuelve su parte por la salida estándar. No se usa
``multiprocessing``, que en el proceso nuevo vuelve a ejecutar el programa principal de
quien llama (un script sin ``if __name__ == "__main__"`` se ejecutaría dos veces).
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from taller.buzon._bloques import Archivo, Bloque, Codificador, Lector, PorLeer
from taller.buzon.registro import Buzon, ProblemaDeLectura, sin_recolector

__all__ = ["leer_lotes"]

_registro = logging.getLogger("taller")

#: Con menos archivos por leer, arrancar otro proceso (≈0,2 s) no compensa.
MINIMO_DE_ARCHIVOS = 2000
#: La parte que lee el otro proceso: menos de la mitad, porque arranca más tarde y su
#: resultado todavía hay que recibirlo y traducirlo.
PARTE_DEL_OTRO = 0.45


@dataclass
class Parte:
    """Lo que devuelve el otro proceso, en tuplas (se transmite varias veces más rápido
    que un ``Archivo`` por archivo): de cada archivo, ``(nombre, clave, tamano, mtime_ns,
    suma, limpio, tramos, problemas)``, con cada tramo como ``(número de bloque, inicio,
    fin)``."""

    bloques: list[Bloque]
    archivos: list[tuple[Any, ...]]
    errores: dict[str, ProblemaDeLectura]
    indices: dict[str, dict[str, int]]
    analizados: int


def nucleos() -> int:
    """Los núcleos que este proceso puede usar."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS y Windows
        return os.cpu_count() or 1


def leer_lotes(
    lector: Lector,
    lotes: list[list[PorLeer]],
    errores: dict[str, ProblemaDeLectura],
    adelantar: Callable[[], None] | None = None,
) -> tuple[dict[str, Archivo], int]:
    """Lee los lotes de archivos (enteros) con ``lector``; si son muchos, la última parte
    en otro proceso (y, mientras tanto, llama a ``adelantar``). Devuelve lo leído y
    cuántos archivos leyó el otro proceso."""
    total = sum(map(len, lotes))
    corte = round(len(lotes) * (1 - PARTE_DEL_OTRO))
    if total < MINIMO_DE_ARCHIVOS or nucleos() < 2 or not 0 < corte < len(lotes):
        return _leer_aqui(lector, lotes, errores), 0
    propios, ajenos = lotes[:corte], lotes[corte:]
    try:
        otro = _Otro(lector.buzon, ajenos)
    except (OSError, pickle.PicklingError):  # sin otro proceso se lee todo aquí
        _registro.debug("No se pudo arrancar otro proceso para leer el buzón", exc_info=True)
        return _leer_aqui(lector, lotes, errores), 0
    with otro:
        leidos = _leer_aqui(lector, propios, errores)
        if adelantar is not None:
            adelantar()
        parte = otro.resultado()
    if parte is None:  # el otro proceso falló: se lee aquí su parte
        leidos.update(_leer_aqui(lector, ajenos, errores))
        return leidos, 0
    leidos.update(_incorporar(lector, parte))
    errores.update(parte.errores)
    return leidos, sum(map(len, ajenos))


class _Otro:
    """El otro proceso, ya trabajando en su parte desde que se crea."""

    def __init__(self, buzon: Buzon, lotes: list[list[PorLeer]]) -> None:
        self._trabajo = tempfile.NamedTemporaryFile(  # noqa: SIM115 - vive con el proceso
            prefix="taller-", suffix=".pickle", delete=False
        )
        self._errores = tempfile.TemporaryFile()  # noqa: SIM115 - lo que diga al fallar
        try:
            # Rutas absolutas: el otro proceso trabaja en la carpeta que contiene ``taller``
            # (así ``-m taller.buzon._paralelo`` no puede tomar otro ``taller`` de la carpeta
            # actual de quien llama).
            absolutos = [[replace(a, ruta=os.path.abspath(a.ruta)) for a in lote] for lote in lotes]
            with self._trabajo:
                trabajo = (os.path.abspath(buzon.carpeta), buzon.espera_maxima, absolutos)
                pickle.dump(trabajo, self._trabajo, protocol=pickle.HIGHEST_PROTOCOL)
            raiz = str(Path(__file__).resolve().parents[2])
            entorno = {**os.environ, "PYTHONPATH": os.pathsep.join(
                [raiz, *filter(None, [os.environ.get("PYTHONPATH")])]
            )}  # fmt: skip
            self._proceso = subprocess.Popen(
                [sys.executable, "-m", "taller.buzon._paralelo", self._trabajo.name],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=self._errores,
                env=entorno,
                cwd=raiz,
            )
        except BaseException:
            self._limpiar()
            raise

    def resultado(self) -> Parte | None:
        """La parte del otro proceso (espera a que termine), o ``None`` si falló."""
        assert self._proceso.stdout is not None
        try:
            datos = self._proceso.stdout.read()
            codigo = self._proceso.wait()
            if codigo == 0:
                parte = pickle.loads(datos)
                if isinstance(parte, Parte):
                    return parte
        except Exception:  # p. ej. una salida cortada
            _registro.debug("No se pudo recibir la parte del otro proceso", exc_info=True)
            return None
        self._errores.seek(0)
        detalle = self._errores.read()[-2000:].decode("utf-8", "replace")
        _registro.debug("El otro proceso terminó con el código %s: %s", codigo, detalle)
        return None

    def __enter__(self) -> _Otro:
        return self

    def __exit__(self, *_: object) -> None:
        if self._proceso.poll() is None:  # una excepción aquí: que no quede trabajando
            self._proceso.kill()
            self._proceso.wait()
        if self._proceso.stdout is not None:
            self._proceso.stdout.close()
        self._limpiar()

    def _limpiar(self) -> None:
        self._errores.close()
        Path(self._trabajo.name).unlink(missing_ok=True)


def _leer_aqui(
    lector: Lector, lotes: list[list[PorLeer]], errores: dict[str, ProblemaDeLectura]
) -> dict[str, Archivo]:
    leidos: dict[str, Archivo] = {}
    for lote in lotes:
        leidos.update(lector.leer_lote(lote, errores))
    return leidos


def _leer_en_otro(carpeta: str, espera_maxima: float, lotes: list[list[PorLeer]]) -> Parte:
    """Lo que hace el otro proceso (no importa pandas: arranca rápido)."""
    lector = Lector(Buzon(carpeta, espera_maxima))
    errores: dict[str, ProblemaDeLectura] = {}
    with sin_recolector():
        archivos = _leer_aqui(lector, lotes, errores)
        numeros: dict[int, int] = {}
        bloques: list[Bloque] = []
        compactos = []
        for nombre, archivo in archivos.items():
            tramos = []
            for bloque, inicio, fin in archivo.tramos:
                if id(bloque) not in numeros:
                    numeros[id(bloque)] = len(bloques)
                    bloques.append(bloque)
                tramos.append((numeros[id(bloque)], inicio, fin))
            a = archivo
            compactos.append(
                (nombre, a.clave, a.tamano, a.mtime_ns, a.suma, a.limpio, tramos, a.problemas)
            )
    return Parte(bloques, compactos, errores, lector.codificador.indices, lector.analizados)


def _incorporar(lector: Lector, parte: Parte) -> dict[str, Archivo]:
    """Los archivos del otro proceso, con sus códigos traducidos a los de ``lector``."""
    codificador: Codificador = lector.codificador
    traducir: dict[str, np.ndarray] = {}
    for columna, ajeno in parte.indices.items():
        propio = codificador.indices[columna]
        traducir[columna] = np.fromiter(
            (propio.setdefault(valor, len(propio)) for valor in ajeno),
            dtype=np.int32,
            count=len(ajeno),
        )
    for bloque in parte.bloques:
        for columna, codigos in bloque.codigos.items():
            bloque.codigos[columna] = traducir[columna][codigos]
    lector.nuevos.extend(parte.bloques)
    lector.analizados += parte.analizados
    bloques = parte.bloques
    archivos = {}
    for nombre, clave, tamano, mtime_ns, suma, limpio, tramos, problemas in parte.archivos:
        propios = [(bloques[b], inicio, fin) for b, inicio, fin in tramos]
        archivos[nombre] = Archivo(clave, tamano, mtime_ns, suma, limpio, propios, problemas)
    return archivos


def _principal() -> None:
    """``python -m taller.buzon._paralelo ARCHIVO``: lee la parte y la escribe en la salida."""
    with open(sys.argv[1], "rb") as archivo:
        carpeta, espera_maxima, lotes = pickle.load(archivo)
    parte = _leer_en_otro(carpeta, espera_maxima, lotes)
    # Primero a memoria: así la escritura no espera a que quien llama termine su parte.
    datos = pickle.dumps(parte, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.write(datos)
    sys.stdout.buffer.flush()
    # Ya está todo escrito: se termina sin liberar uno por uno los objetos leídos (quien
    # espera la salida la tiene completa en cuanto este proceso cierra su salida).
    os._exit(0)


if __name__ == "__main__":  # con ``-m``: las clases deben ser las de ``taller.buzon._paralelo``
    from taller.buzon._paralelo import _principal as principal

    principal()
