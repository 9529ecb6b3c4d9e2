"""Cuánto tarda y cuánta memoria usa el tablero con un buzón grande.

Uso: ``python benchmarks/bench_tablero.py [--participantes 10000] [--respuestas 60]
[--sin-referencia] [--sin-api] [--buzon CARPETA]``

Genera un buzón en una carpeta temporal (un archivo por participante; con ``--buzon`` usa
uno ya generado, que no se borra) y mide, cada fase en un proceso hijo nuevo (para que la
memoria máxima, ``ru_maxrss``, sea solo suya):

1. el tablero: ``LecturaIncremental.actualizar()`` (lee el buzón con polars y arma la
   tabla, como ``Tablero.actualizar``; todo en un proceso) + todas las tablas del
   tablero; después, en el mismo proceso,
   una actualización sin cambios y otra tras agregar las respuestas de una persona (se
   quitan al terminar: el archivo vuelve a su tamaño);
2. la API de siempre: ``Buzon.leer()`` + ``tabla_registros`` + las mismas tablas (lo que
   usa el informe);
3. como referencia, leer los mismos archivos con ``pandas.read_json(lines=True)`` en un
   ciclo y concatenarlos;
4. el otro motor que se consideró, DuckDB: ``read_json`` sobre el glob de archivos, con
   ``valor`` como JSON (DuckDB lo da como texto; se decodifica con msgspec) y las mismas
   columnas y tipos que la tabla del tablero, sin validar nada (``--sin-duckdb`` lo omite).

Meta: la fase 1 en menos de 3 s, con menos de 1 GB, y a no más de 1.5 veces la referencia.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from taller.buzon.esquema import ESQUEMA, Registro
from taller.buzon.registro import Buzon, Participante, Respuesta

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
            modo = "diagnostico" if tipo == 6 else "final"
            bien = azar.random() < (0.5 if modo == "diagnostico" else 0.8)
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
    """Un archivo por persona, escrito de una vez, pero con un momento distinto en cada
    respuesta (una cada ~40 s desde las 9:00), como si respondiera a lo largo del taller:
    así la tabla interpreta tantas fechas como en un taller real, no una por persona."""
    azar = random.Random(6)
    buzon = Buzon(carpeta)
    inicio = datetime(2026, 11, 30, 9, tzinfo=timezone.utc)
    for n in range(participantes):
        persona = Participante(f"p{n:06d}", f"Alias {n}", f"G{n % GRUPOS:02d}")
        registros = []
        for i, r in enumerate(_respuestas(azar, respuestas)):
            momento = inicio + timedelta(seconds=40 * i + n % 600, milliseconds=n)
            registros.append(Registro(
                v=ESQUEMA, uid=uuid.uuid4().hex, participante=persona.id,
                alias=persona.alias, grupo=persona.grupo, ejercicio=r.ejercicio,
                elemento=r.elemento, valor=r.valor, correcta=r.correcta,
                intento=r.intento, modo=r.modo, puntaje=r.puntaje,
                momento=momento.isoformat(timespec="milliseconds"),
            ))  # fmt: skip
        buzon._agregar(persona.id, registros)


def _agregaciones(t, tabla) -> None:  # type: ignore[no-untyped-def]
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


def _fase_tablero(carpeta: str, salida: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    import resource

    inicio = time.perf_counter()
    from taller.tablero import cifras as t

    importado = time.perf_counter()
    cpu = time.process_time()  # todos los hilos: menos sensible a la carga de la máquina
    lector = t.LecturaIncremental(carpeta)
    tabla = lector.actualizar()
    construido = time.perf_counter()
    _agregaciones(t, tabla)
    fin = time.perf_counter()
    cpu = time.process_time() - cpu
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Actualizar: sin cambios, y tras agregar las respuestas de una persona.
    lector.actualizar()
    sin_cambios = time.perf_counter() - fin
    archivos = sorted(Path(carpeta).glob("*.jsonl"))
    archivo = archivos[len(archivos) // 2]
    tamano = archivo.stat().st_size
    try:
        persona = Participante(archivo.stem, "Alias nuevo", "G00")
        Buzon(carpeta).registrar(persona, _respuestas(random.Random(7), 60))
        antes = time.perf_counter()
        nueva = lector.actualizar()
        refrescado = time.perf_counter()
        _agregaciones(t, nueva)
        refresco_total = time.perf_counter() - antes
    finally:
        os.truncate(archivo, tamano)
    salida.put(
        {
            "registros": len(tabla),
            "importar": importado - inicio,
            "leer": construido - importado,
            "agregar": fin - construido,
            "total": fin - importado,
            "cpu": cpu,
            "maxrss_mb": maxrss,
            "sin_cambios": sin_cambios,
            "refresco_leer": refrescado - antes,
            "refresco_total": refresco_total,
            "refresco_analizados": lector.analizados,
            "refresco_registros": len(nueva),
        }
    )


def _fase_api(carpeta: str, salida: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    import resource

    from taller.tablero import cifras as t

    importado = time.perf_counter()
    lectura = Buzon(carpeta).leer()
    leido = time.perf_counter()
    tabla = t.tabla_registros(lectura)
    del lectura
    construido = time.perf_counter()
    _agregaciones(t, tabla)
    fin = time.perf_counter()
    salida.put(
        {
            "registros": len(tabla),
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


def _fase_duckdb(carpeta: str, salida: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    import resource

    import duckdb
    import msgspec
    import pandas as pd

    inicio = time.perf_counter()
    tipos = {c: "VARCHAR" for c in ("uid", "participante", "alias", "grupo", "ejercicio",
                                    "elemento", "modo", "momento")}  # fmt: skip
    tipos |= {"valor": "JSON", "correcta": "BOOLEAN", "intento": "BIGINT", "puntaje": "DOUBLE"}
    columnas = "{" + ", ".join(f"'{c}': '{t}'" for c, t in tipos.items()) + "}"
    consulta = (
        "SELECT * REPLACE (valor::VARCHAR AS valor, "
        "epoch_us(momento::TIMESTAMPTZ) AS momento) FROM read_json("
        f"'{carpeta}/*.jsonl', format='newline_delimited', columns={columnas})"
    )
    tabla = duckdb.connect().execute(consulta).df()
    leido = time.perf_counter()
    tabla["valor"] = msgspec.json.decode(
        ("[" + ",".join(tabla["valor"].fillna("null")) + "]").encode()
    )
    for c in ("participante", "alias", "grupo", "ejercicio", "elemento", "modo"):
        tabla[c] = pd.Categorical(tabla[c])
    tabla["momento"] = pd.Series(tabla["momento"].to_numpy().view("M8[us]")).dt.tz_localize("UTC")
    fin = time.perf_counter()
    salida.put(
        {
            "registros": len(tabla),
            "leer": leido - inicio,
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
    argumentos.add_argument("--sin-api", action="store_true")
    argumentos.add_argument("--sin-duckdb", action="store_true")
    argumentos.add_argument("--buzon", type=Path, help="usar este buzón ya generado")
    opciones = argumentos.parse_args()
    propia = opciones.buzon is None
    carpeta = Path(tempfile.mkdtemp(prefix="bench-tablero-")) if propia else opciones.buzon
    try:
        inicio = time.perf_counter()
        if propia:
            generar(carpeta, opciones.participantes, opciones.respuestas)
        tamano = sum(f.stat().st_size for f in carpeta.iterdir()) / 1e6
        archivos = sum(1 for _ in carpeta.glob("*.jsonl"))
        origen = f"generado en {time.perf_counter() - inicio:.1f} s" if propia else str(carpeta)
        print(f"Buzón: {archivos} archivos, {tamano:.0f} MB, {origen}")
        print(f"Carga del sistema (1, 5, 15 min): {', '.join(f'{c:.2f}' for c in os.getloadavg())}")
        tablero = _en_hijo(_fase_tablero, carpeta)
        print(
            f"Tablero: {tablero['registros']} registros; leer y armar la tabla "
            f"{tablero['leer']:.2f} s, agregaciones {tablero['agregar']:.2f} s; "
            f"total {tablero['total']:.2f} s (CPU {tablero['cpu']:.2f} s; sin contar importar "
            f"pandas, {tablero['importar']:.2f} s); memoria máxima {tablero['maxrss_mb']:.0f} MB"
        )
        memoria = tablero["maxrss_mb"]
        print(
            f"Actualizar el tablero: sin cambios {tablero['sin_cambios']:.2f} s; con "
            f"{tablero['refresco_analizados']} respuestas nuevas de una persona, leer "
            f"{tablero['refresco_leer']:.2f} s, con las agregaciones "
            f"{tablero['refresco_total']:.2f} s ({tablero['refresco_registros']} registros)"
        )
        if not opciones.sin_api:
            api = _en_hijo(_fase_api, carpeta)
            print(
                f"API Buzon.leer() + tabla_registros: leer {api['leer']:.2f} s, tabla "
                f"{api['tabla']:.2f} s, agregaciones {api['agregar']:.2f} s; total "
                f"{api['total']:.2f} s; memoria máxima {api['maxrss_mb']:.0f} MB"
            )
        if not opciones.sin_referencia:
            referencia = _en_hijo(_fase_referencia, carpeta)
            print(
                f"Referencia pandas.read_json(lines=True) por archivo: "
                f"{referencia['registros']} registros en {referencia['total']:.2f} s; "
                f"memoria máxima {referencia['maxrss_mb']:.0f} MB"
            )
            print(f"Razón tablero / referencia: {tablero['total'] / referencia['total']:.2f}")
        if not opciones.sin_duckdb:
            duck = _en_hijo(_fase_duckdb, carpeta)
            print(
                f"Otro motor, DuckDB read_json (glob) a la misma tabla, sin validar: "
                f"{duck['registros']} registros; leer {duck['leer']:.2f} s, total "
                f"{duck['total']:.2f} s; memoria máxima {duck['maxrss_mb']:.0f} MB"
            )
        cumple = tablero["total"] < 3 and memoria < 1024
        print("Meta (< 3 s y < 1 GB):", "se cumple" if cumple else "NO se cumple")
    finally:
        if propia:
            shutil.rmtree(carpeta, ignore_errors=True)


if __name__ == "__main__":
    main()
