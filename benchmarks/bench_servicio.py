"""Carga del servicio del taller a través del proxy de un JupyterHub real.

Uso: ``python benchmarks/bench_servicio.py [--participantes 200] [--respuestas 60]
[--pausa 0] [--matar] [--bd sqlite|postgresql]``

Arranca un JupyterHub (con configurable-http-proxy de ``tests/hub``) y el servicio del
taller; crea ``--participantes`` usuarios del hub con su token; cada uno envía
``--respuestas`` respuestas, una por petición, por ``/services/taller/`` (como un kernel
al pulsar «Comprobar»), todos a la vez. Con ``--pausa S``, cada participante espera S
segundos (al azar entre 0 y 2·S) entre respuestas; con 0, envía la siguiente en cuanto
llega la respuesta (lo peor). Con ``--matar``, el servicio muere (SIGKILL) a la mitad y se
vuelve a arrancar; los clientes reintentan lo que falló, como el buzón remoto.

Mide la latencia de cada envío que llegó (p50, p99), respuestas por segundo, y al final
lee la base de datos: ninguna perdida, ninguna repetida. Objetivo: p99 ≤ 250 ms, 0
perdidas.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RAIZ / "src"))
sys.path.insert(0, str(RAIZ / "tests"))

import aiohttp  # noqa: E402

from hub import _sistema as s  # noqa: E402
from taller.servicio.almacen import Almacen  # noqa: E402
from taller.servicio.app import ids_de_ejercicios  # noqa: E402


def _registro(ejercicio: str, grupo: str, i: int) -> dict[str, object]:
    return {
        "v": 1, "uid": uuid.uuid4().hex, "participante": "x", "alias": f"Persona {i}",
        "grupo": grupo, "ejercicio": ejercicio, "elemento": "", "valor": ["una", "opción"],
        "correcta": True, "intento": i + 1, "modo": "", "puntaje": 1.0,
        "momento": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
    }  # fmt: skip


async def _participante(
    sesion: aiohttp.ClientSession,
    url: str,
    token: str,
    n: int,
    ejercicios: list[str],
    pausa: float,
    latencias: list[float],
    primeras: list[float],
    uids: list[str],
    reintentos: list[int],
) -> None:
    cabeceras = {"Authorization": f"token {token}"}
    for i in range(n):
        registro = _registro(ejercicios[i % len(ejercicios)], "G-BENCH", i)
        cuerpo = json.dumps({"registros": [registro]})
        while True:
            inicio = time.perf_counter()
            try:
                async with sesion.post(url, data=cuerpo, headers=cabeceras) as r:
                    await r.read()
                    if r.status == 200:
                        # La primera de cada persona incluye validar su token con el hub.
                        (primeras if i == 0 else latencias).append(time.perf_counter() - inicio)
                        uids.append(registro["uid"])  # type: ignore[arg-type]
                        break
                    if r.status < 500 and r.status != 404:
                        raise RuntimeError(f"{r.status}: {await r.text()}")
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            reintentos[0] += 1
            await asyncio.sleep(0.2)
        if pausa:
            await asyncio.sleep(random.uniform(0, 2 * pausa))


async def _carga(
    url: str, tokens: list[str], n: int, ejercicios: list[str], pausa: float
) -> tuple[list[float], list[float], list[str], int, float]:
    latencias: list[float] = []
    primeras: list[float] = []
    uids: list[str] = []
    reintentos = [0]
    conector = aiohttp.TCPConnector(limit=0)
    tiempo = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=conector, timeout=tiempo) as sesion:
        inicio = time.perf_counter()
        await asyncio.gather(
            *(
                _participante(
                    sesion, url, t, n, ejercicios, pausa, latencias, primeras, uids, reintentos
                )
                for t in tokens
            )
        )
        total = time.perf_counter() - inicio
    return latencias, primeras, uids, reintentos[0], total


def _percentil(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, int(p / 100 * len(ordenados)))]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--participantes", type=int, default=200)
    p.add_argument("--respuestas", type=int, default=60)
    p.add_argument("--pausa", type=float, default=0.0, help="segundos entre respuestas (media)")
    p.add_argument("--matar", action="store_true", help="SIGKILL al servicio a la mitad")
    p.add_argument("--bd", choices=["sqlite", "postgresql"], default="sqlite")
    args = p.parse_args()

    carpeta = Path(tempfile.mkdtemp(prefix="bench-servicio-"))
    usuarios = [f"p{i:03d}" for i in range(args.participantes)]
    ejercicios = sorted(ids_de_ejercicios(None))
    with s.postgres() if args.bd == "postgresql" else _nada() as pg:
        bd = (
            s.crear_base(pg, "bench")
            if pg
            else f"sqlite:///{carpeta / 'servicio' / 'taller-servicio.sqlite'}"
        )
        puerto = s.puerto_libre()
        token_servicio = secrets.token_hex(16)
        config = s.config_servicio_externo(puerto, token_servicio, ["fer"]) + (
            'c.JupyterHub.authenticator_class = "dummy"\n'
            f"c.Authenticator.allowed_users = {set(usuarios) | {'fer'}!r}\n"
        )
        servicios: list[s.Servicio] = []

        def arrancar(hub: s.Hub) -> None:
            sv = s.Servicio(puerto=puerto, token=token_servicio, carpeta=carpeta / "servicio",
                            bd=bd, hub=hub)  # fmt: skip
            sv.carpeta.mkdir(parents=True, exist_ok=True)
            servicios.append(sv)
            sv.arrancar()

        try:
            with s.hub(config, carpeta / "hub", al_arrancar=arrancar) as hub:
                inicio = time.monotonic()
                with ThreadPoolExecutor(8) as hilos:
                    tokens = list(hilos.map(hub.token, usuarios))
                print(f"{len(tokens)} tokens en {time.monotonic() - inicio:.1f} s")
                url = f"{hub.url}/services/taller/api/respuestas"
                total_esperado = args.participantes * args.respuestas
                if args.matar:
                    _matar_a_la_mitad(servicios[0], bd, total_esperado)
                latencias, primeras, uids, reintentos, total = asyncio.run(
                    _carga(url, tokens, args.respuestas, ejercicios, args.pausa)
                )
        finally:
            for sv in servicios:
                sv.detener()
        almacen = Almacen(bd)
        try:
            guardados = almacen.uids()
        finally:
            almacen.cerrar()
    perdidas = len(set(uids) - set(guardados))
    repetidas = len(guardados) - len(set(guardados))
    sobrantes = len(set(guardados) - set(uids))
    print(
        f"bd={args.bd} participantes={args.participantes} respuestas={args.respuestas} "
        f"pausa={args.pausa} matar={args.matar}"
    )
    print(
        f"enviadas {len(uids)}/{total_esperado} en {total:.1f} s = "
        f"{len(uids) / total:.0f} respuestas/s; reintentos {reintentos}"
    )
    print(
        f"latencia (sin la primera de cada persona) p50 "
        f"{1000 * statistics.median(latencias):.0f} ms, "
        f"p99 {1000 * _percentil(latencias, 99):.0f} ms, máx {1000 * max(latencias):.0f} ms"
    )
    todas = latencias + primeras
    print(
        f"latencia (todas) p50 {1000 * statistics.median(todas):.0f} ms, "
        f"p99 {1000 * _percentil(todas, 99):.0f} ms; primera de cada persona (valida el "
        f"token con el hub) p50 {1000 * statistics.median(primeras):.0f} ms, "
        f"máx {1000 * max(primeras):.0f} ms"
    )
    print(f"guardadas {len(guardados)}: perdidas {perdidas}, repetidas {repetidas}, "
          f"sin enviar {sobrantes}")  # fmt: skip
    ok = perdidas == 0 and repetidas == 0 and len(uids) == total_esperado
    print("OK" if ok else "FALLA")
    return 0 if ok else 1


class _nada:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _matar_a_la_mitad(servicio: s.Servicio, bd: str, total: int) -> None:
    """En otro hilo: cuando la base tiene la mitad, SIGKILL y arranque de nuevo."""

    def vigilar() -> None:
        almacen = Almacen(bd)
        try:
            while almacen.contar() < total // 2:
                time.sleep(0.05)
        finally:
            almacen.cerrar()
        inicio = time.monotonic()
        servicio.matar()
        servicio.arrancar()
        print(f"servicio matado (SIGKILL) y de vuelta en {time.monotonic() - inicio:.1f} s")

    threading.Thread(target=vigilar, daemon=True).start()


if __name__ == "__main__":
    raise SystemExit(main())
