"""Memoria y CPU por participante en un JupyterHub real, módulo por módulo (dimensionar).

Uso (como root: crea un usuario Unix): ``python benchmarks/bench_memoria_hub.py``

Arranca un JupyterHub con ``LocalProcessSpawner`` y el servicio del taller, crea una
persona (usuario Unix), arranca su servidor y ejecuta, en un kernel por cuaderno, todas
las celdas de código de los siete módulos (``notebooks/00`` a ``06``), como quien los
trabaja en orden. Mide la memoria (PSS, de ``/proc/<pid>/smaps_rollup``: la memoria
compartida se reparte) de todos los procesos de esa persona y el tiempo de CPU:

- sin límites: cada cuaderno abierto deja su kernel vivo (siete al final);
- con los límites del taller (``kernelShutdown``: cerrar la pestaña apaga el kernel; y
  el apagado por inactividad): al pasar al módulo siguiente se apaga el anterior.

Al final imprime la tabla «N participantes → RAM y núcleos» (con el hub, el proxy y el
servicio medidos aparte).
"""

from __future__ import annotations

import json
import math
import os
import pwd
import secrets
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RAIZ / "src"))
sys.path.insert(0, str(RAIZ / "tests"))

from hub import _sistema as s  # noqa: E402
from hub._kernel import Kernel  # noqa: E402

USUARIO = "tlrmemoria"
MIB = 1024 * 1024
#: Segundos aceptables para que todas las personas tengan su módulo listo al empezarlo a
#: la vez (define los núcleos necesarios).
ESPERA_INICIO_MODULO = 20.0


def _pss(pid: int) -> int:
    try:
        for linea in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if linea.startswith("Pss:"):
                return int(linea.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


def _procesos(uid: int | None = None, pids: set[int] | None = None) -> list[int]:
    salida = []
    for entrada in Path("/proc").iterdir():
        if not entrada.name.isdigit():
            continue
        try:
            if uid is not None and entrada.stat().st_uid != uid:
                continue
        except FileNotFoundError:
            continue
        if pids is not None and int(entrada.name) not in pids:
            continue
        salida.append(int(entrada.name))
    return salida


def _cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(campos[11]) + int(campos[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _memoria_de(uid: int) -> int:
    return sum(_pss(p) for p in _procesos(uid))


def _descendientes(pid: int) -> set[int]:
    hijos: dict[int, list[int]] = {}
    for p in _procesos():
        try:
            ppid = int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, IndexError):
            continue
        hijos.setdefault(ppid, []).append(p)
    todos, pendientes = {pid}, [pid]
    while pendientes:
        for h in hijos.get(pendientes.pop(), []):
            todos.add(h)
            pendientes.append(h)
    return todos


def _celdas(cuaderno: Path) -> list[str]:
    nb = json.loads(cuaderno.read_text(encoding="utf-8"))
    fuentes = []
    for celda in nb["cells"]:
        if celda["cell_type"] == "code":
            fuente = celda["source"]
            fuentes.append("".join(fuente) if isinstance(fuente, list) else fuente)
    return fuentes


def main() -> int:
    if os.geteuid() != 0:
        print("Hay que correrlo como root (crea un usuario Unix).", file=sys.stderr)
        return 2
    entorno, _ = s.entorno_legible()
    s.crear_usuario(USUARIO)
    uid = pwd.getpwnam(USUARIO).pw_uid
    modulos = sorted(p for p in (RAIZ / "notebooks").glob("0*.ipynb"))
    carpeta = Path(tempfile.mkdtemp(prefix="bench-memoria-"))
    os.chmod(carpeta, 0o755)
    puerto = s.puerto_libre()
    token_servicio = secrets.token_hex(16)
    config = f"""
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {{{USUARIO!r}}}
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [{str(entorno / "bin" / "python")!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.start_timeout = 120
""" + s.config_servicio_externo(puerto, token_servicio, [])
    servicios: list[s.Servicio] = []

    def arrancar(hub: s.Hub) -> None:
        sv = s.Servicio(puerto=puerto, token=token_servicio, carpeta=carpeta / "servicio",
                        bd=f"sqlite:///{carpeta / 'servicio.sqlite'}", hub=hub)  # fmt: skip
        sv.carpeta.mkdir(parents=True, exist_ok=True)
        servicios.append(sv)
        sv.arrancar()

    filas: list[tuple[str, float, float, float]] = []
    try:
        with s.hub(config, carpeta / "hub", al_arrancar=arrancar) as hub:
            token = hub.token(USUARIO)
            assert hub.api("POST", f"/users/{USUARIO}/server").status_code in (201, 202)
            s.esperar(
                lambda: hub.api("GET", f"/users/{USUARIO}").json()["servers"][""]["ready"],
                120, "servidor", cada=0.5,
            )  # fmt: skip
            time.sleep(2)
            assert hub.proceso is not None
            comunes = _descendientes(hub.proceso.pid) | _descendientes(servicios[0].proceso.pid)  # type: ignore[union-attr]
            compartido = sum(_pss(p) for p in _procesos(pids=comunes) if _pss(p))
            base = _memoria_de(uid)
            print(f"hub + proxy + servicio: {compartido / MIB:.0f} MiB")
            print(f"servidor de una persona sin kernels: {base / MIB:.0f} MiB")
            for limites in (False, True):
                kernels: list[Kernel] = []
                pico = base
                cpu_modulos = []
                for cuaderno in modulos:
                    cpu_antes = _cpu(_procesos(uid))
                    inicio = time.monotonic()
                    k = Kernel(hub.url, USUARIO, token)
                    for fuente in _celdas(cuaderno):
                        try:
                            k.ejecutar(fuente, limite=120)
                        except AssertionError as error:
                            print(f"  {cuaderno.name}: una celda falló: {str(error)[:200]}")
                    time.sleep(0.5)
                    memoria = _memoria_de(uid)
                    pico = max(pico, memoria)
                    cpu = _cpu(_procesos(uid)) - cpu_antes
                    cpu_modulos.append(cpu)
                    print(f"  {'con' if limites else 'sin'} límites, {cuaderno.name}: "
                          f"{memoria / MIB:.0f} MiB, {cpu:.1f} s de CPU, "
                          f"{time.monotonic() - inicio:.1f} s")  # fmt: skip
                    if limites:
                        k.cerrar()  # cerrar la pestaña apaga su kernel
                        time.sleep(1)
                    else:
                        kernels.append(k)
                for k in kernels:
                    k.cerrar()
                time.sleep(2)
                filas.append(
                    (
                        "con límites" if limites else "sin límites",
                        pico / MIB,
                        max(cpu_modulos),
                        compartido / MIB,
                    )
                )
            hub.api("DELETE", f"/users/{USUARIO}/server")
    finally:
        for sv in servicios:
            sv.detener()
        s.borrar_usuario(USUARIO)
    print()
    print("| caso | pico por persona | CPU máx. al abrir un módulo |")
    print("|---|---|---|")
    for caso, pico, cpu, _ in filas:
        print(f"| {caso} | {pico:.0f} MiB | {cpu:.1f} s |")
    print()
    print("| participantes | RAM sin límites | RAM con límites | núcleos |")
    print("|---|---|---|---|")
    sin, con = filas[0], filas[1]
    for n in (15, 25, 40, 60, 100):
        ram_sin = (sin[3] + n * sin[1]) / 1024
        ram_con = (con[3] + n * con[1]) / 1024
        nucleos = max(2, math.ceil(n * con[2] / ESPERA_INICIO_MODULO))
        print(f"| {n} | {ram_sin:.1f} GiB | {ram_con:.1f} GiB | {nucleos} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
