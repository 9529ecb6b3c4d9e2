"""Latencia de registrar una respuesta con 50 procesos escribiendo a la vez.

Uso: ``python benchmarks/bench_registro.py [--procesos 50] [--respuestas 200]
[--participantes 25]``

Cada proceso registra sus respuestas una por una (como un ejercicio al pulsar «Revisar»)
y mide cuánto tarda cada ``registrar()`` (candado + escritura + ``fsync``). Los procesos
comparten archivos de a dos (25 participantes), así que también se mide la espera del
candado. Al final se relee el buzón y se comprueba que no falte ni sobre nada.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from taller.buzon.registro import Buzon, Participante, Respuesta


def _escritor(
    carpeta: str,
    proceso: int,
    respuestas: int,
    participantes: int,
    salida: multiprocessing.Queue,  # type: ignore[type-arg]
    salida_lista: multiprocessing.Event,  # type: ignore[valid-type]
) -> None:
    persona = Participante(f"p{proceso % participantes:03d}", f"Alias {proceso}", "G1")
    buzon = Buzon(carpeta)
    salida_lista.wait()  # todos arrancan a la vez
    tiempos = []
    for i in range(respuestas):
        respuesta = Respuesta("m1-ej", f"{proceso}-{i}", "La jueza", True, 1)
        inicio = time.perf_counter()
        buzon.registrar(persona, [respuesta])
        tiempos.append(time.perf_counter() - inicio)
    salida.put(tiempos)


def _percentil(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, round(p / 100 * (len(ordenados) - 1)))]


def main() -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--procesos", type=int, default=50)
    argumentos.add_argument("--respuestas", type=int, default=200)
    argumentos.add_argument("--participantes", type=int, default=25)
    opciones = argumentos.parse_args()
    carpeta = Path(tempfile.mkdtemp(prefix="bench-registro-"))
    contexto = multiprocessing.get_context("spawn")
    cola = contexto.Queue()
    arranque = contexto.Event()
    try:
        procesos = [
            contexto.Process(
                target=_escritor,
                args=(str(carpeta), n, opciones.respuestas, opciones.participantes, cola, arranque),
            )
            for n in range(opciones.procesos)
        ]
        for proceso in procesos:
            proceso.start()
        time.sleep(1.0)  # que todos hayan importado antes de arrancar
        inicio = time.perf_counter()
        arranque.set()
        tiempos: list[float] = []
        for _ in procesos:
            tiempos += cola.get()
        total = time.perf_counter() - inicio
        for proceso in procesos:
            proceso.join()
        lectura = Buzon(carpeta).leer()
        esperadas = opciones.procesos * opciones.respuestas
        ms = [t * 1000 for t in tiempos]
        print(
            f"{opciones.procesos} procesos × {opciones.respuestas} respuestas "
            f"({opciones.participantes} archivos compartidos)"
        )
        print(
            f"registrar(): mediana {statistics.median(ms):.2f} ms, "
            f"p99 {_percentil(ms, 99):.2f} ms, máximo {max(ms):.2f} ms"
        )
        print(f"Rendimiento: {esperadas / total:.0f} respuestas/s ({total:.1f} s en total)")
        print(
            f"Releídas: {len(lectura.registros)} de {esperadas}; "
            f"problemas: {len(lectura.problemas)}"
        )
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)


if __name__ == "__main__":
    main()
