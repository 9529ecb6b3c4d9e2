"""Cuánto tarda y cuánta memoria usa el tablero con un buzón grande.

Uso: ``python benchmarks/bench_tablero.py [--participantes 10000] [--respuestas 60]``

Genera un buzón en una carpeta temporal (un archivo por participante) y mide, cada fase
en un proceso hijo nuevo (para que la memoria máxima, ``ru_maxrss``, sea solo suya):

1. ``Buzon.leer()`` + ``tabla_registros`` + todas las tablas del tablero;
2. como referencia, leer los mismos archivos con ``pandas.read_json(lines=True)`` en un
   ciclo y concatenarlos.

Meta: la fase 1 en menos de 3 s, con menos de 1 GB, y a no más de 1.5 veces la referencia.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from taller.registro import Buzon, Participante, Respuesta

GRUPOS = 20


def _respuestas(azar: random.Random, n: int) -> list[Respuesta]:
    """Una mezcla parecida a la de un taller: opción múltiple, emparejar, evaluación
    diagnóstica y final, reflexiones y encuesta."""
    respuestas: list[Respuesta] = []
    for i in range(n):
        tipo = i % 10
        if tipo < 4:
            opcion = azar.choice(["La jueza", "Una vecina", "Un turista"])
            ejercicio = f"m{i % 5 + 1}-opcion-{i % 4}"
            respuestas.append(Respuesta(ejercicio, "", opcion, opcion == "La jueza", 1))
        elif tipo < 6:
            valor = azar.choice(["Legalidad", "Honradez", "Lealtad"])
            respuestas.append(Respuesta("m3-valores", str(i % 6), valor, valor == "Legalidad", 1))
        elif tipo < 8:
            modo = "diagnostica" if tipo == 6 else "final"
            bien = azar.random() < (0.5 if modo == "diagnostica" else 0.8)
            respuestas.append(
                Respuesta("evaluacion", f"e{i:02d}", "A" if bien else "B", bien, 1, modo)
            )
        elif tipo == 8:
            texto = "Me comprometo a escuchar con atención y respeto. " * azar.randint(1, 4)
            respuestas.append(Respuesta(f"m{i % 5 + 1}-reflexion", "", texto, None, 1))
        else:
            valor = azar.choice(["Nada", "Poco", "Bastante", "Mucho"])
            respuestas.append(Respuesta("encuesta", f"q{i % 8}", valor, None, 1))
    return respuestas


def generar(carpeta: Path, participantes: int, respuestas: int) -> None:
    azar = random.Random(6)
    buzon = Buzon(carpeta)
    for n in range(participantes):
        persona = Participante(f"p{n:06d}", f"Alias {n}", f"G{n % GRUPOS:02d}")
        buzon.registrar(persona, _respuestas(azar, respuestas))


def _fase_tablero(carpeta: str, salida: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    import resource

    inicio = time.perf_counter()
    from taller import tablero as t

    importado = time.perf_counter()
    lectura = Buzon(carpeta).leer()
    leido = time.perf_counter()
    tabla = t.tabla_registros(lectura)
    del lectura
    construido = time.perf_counter()
    t.participacion(tabla)
    t.aciertos_por_ejercicio(tabla)
    t.distribucion_de_opciones(tabla, "m3-valores")
    t.errores_frecuentes(tabla, "m1-opcion-0")
    t.ganancia_del_grupo(t.pre_post(tabla))
    t.encuesta(tabla)
    t.reflexiones(tabla)
    grupo = t.filtrar(tabla, "G00")
    t.participacion(grupo)
    t.aciertos_por_ejercicio(grupo)
    fin = time.perf_counter()
    salida.put(
        {
            "registros": len(tabla),
            "importar": importado - inicio,
            "leer": leido - importado,
            "tabla": construido - leido,
            "agregar": fin - construido,
            "total": fin - importado,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def _fase_referencia(carpeta: str, salida: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    import resource

    import pandas as pd

    inicio = time.perf_counter()
    partes = [pd.read_json(ruta, lines=True) for ruta in sorted(Path(carpeta).glob("*.jsonl"))]
    tabla = pd.concat(partes, ignore_index=True)
    fin = time.perf_counter()
    salida.put(
        {
            "registros": len(tabla),
            "total": fin - inicio,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def _en_hijo(funcion, carpeta: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    contexto = multiprocessing.get_context("spawn")
    cola = contexto.Queue()
    proceso = contexto.Process(target=funcion, args=(str(carpeta), cola))
    proceso.start()
    resultado = cola.get()
    proceso.join()
    return resultado  # type: ignore[no-any-return]


def main() -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--participantes", type=int, default=10_000)
    argumentos.add_argument("--respuestas", type=int, default=60)
    argumentos.add_argument("--sin-referencia", action="store_true")
    opciones = argumentos.parse_args()
    carpeta = Path(tempfile.mkdtemp(prefix="bench-tablero-"))
    try:
        inicio = time.perf_counter()
        generar(carpeta, opciones.participantes, opciones.respuestas)
        tamano = sum(f.stat().st_size for f in carpeta.iterdir()) / 1e6
        print(
            f"Buzón: {opciones.participantes} archivos × {opciones.respuestas} respuestas, "
            f"{tamano:.0f} MB, generado en {time.perf_counter() - inicio:.1f} s"
        )
        tablero = _en_hijo(_fase_tablero, carpeta)
        print(
            f"Tablero: {tablero['registros']} registros; leer {tablero['leer']:.2f} s, "
            f"tabla {tablero['tabla']:.2f} s, agregaciones {tablero['agregar']:.2f} s; "
            f"total {tablero['total']:.2f} s (sin contar importar pandas, "
            f"{tablero['importar']:.2f} s); memoria máxima {tablero['maxrss_mb']:.0f} MB"
        )
        if not opciones.sin_referencia:
            referencia = _en_hijo(_fase_referencia, carpeta)
            print(
                f"Referencia pandas.read_json(lines=True) por archivo: "
                f"{referencia['registros']} registros en {referencia['total']:.2f} s; "
                f"memoria máxima {referencia['maxrss_mb']:.0f} MB"
            )
            print(f"Razón tablero / referencia: {tablero['total'] / referencia['total']:.2f}")
        cumple = tablero["total"] < 3 and tablero["maxrss_mb"] < 1024
        print("Meta (< 3 s y < 1 GB):", "se cumple" if cumple else "NO se cumple")
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)


if __name__ == "__main__":
    main()
