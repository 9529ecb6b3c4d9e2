"""Tiempo de ejecutar todos los cuadernos frente al mismo número de cuadernos vacíos.

Meta (issue 5): la serie de cuadernos tarda como mucho 1,3 veces la línea base (el mismo
número de cuadernos con una sola celda vacía: puro arranque de kernel). Se miden en la
misma corrida con nbclient (lo que usa nbval), contra un buzón temporal, alternando para
cada cuaderno una ejecución vacía y una real, y se suman las medianas por cuaderno.

Dos decisiones para que la cifra hable del taller y no del ruido de la máquina:
- el kernel se apaga de inmediato en ambas series (jupyter_client a veces espera ~3 s a
  que un kernel termine; eso le pasa igual a un cuaderno vacío y solo agrega ruido);
- los kernels pueden escribir sus .pyc (si ``PYTHONDONTWRITEBYTECODE`` está definida,
  como en esta máquina, cada kernel recompilaría ``taller``; una instalación con pip ya
  trae los .pyc).

    python benchmarks/bench_cuadernos.py [--repeticiones 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

RAIZ = Path(__file__).resolve().parent.parent


def ejecutar(cuaderno: nbformat.NotebookNode, carpeta: Path) -> float:
    inicio = time.perf_counter()
    NotebookClient(
        cuaderno,
        timeout=120,
        kernel_name="python3",
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(carpeta)}},
    ).execute()
    return time.perf_counter() - inicio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeticiones", type=int, default=3)
    args = parser.parse_args()
    rutas = sorted((RAIZ / "notebooks").glob("*.ipynb"))
    vacio = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    reales: dict[str, list[float]] = {r.name: [] for r in rutas}
    vacios: dict[str, list[float]] = {r.name: [] for r in rutas}
    with tempfile.TemporaryDirectory(prefix="taller-bench-") as temporal:
        os.environ["TALLER_CARPETA"] = str(Path(temporal) / "taller")
        os.environ["TALLER_BUZON"] = str(Path(temporal) / "buzon")
        ejecutar(nbformat.read(rutas[0], as_version=4), rutas[0].parent)  # calienta .pyc
        for _ in range(args.repeticiones):
            for r in rutas:
                vacios[r.name].append(ejecutar(nbformat.from_dict(vacio), r.parent))
                reales[r.name].append(ejecutar(nbformat.read(r, as_version=4), r.parent))
    print(f"{'cuaderno':42s} {'vacío':>7s} {'real':>7s}  (medianas de {args.repeticiones}, s)")
    for r in rutas:
        v, c = statistics.median(vacios[r.name]), statistics.median(reales[r.name])
        print(f"{r.name:42s} {v:7.2f} {c:7.2f}")
    serie = sum(statistics.median(t) for t in reales.values())
    base = sum(statistics.median(t) for t in vacios.values())
    print(f"\n{len(rutas)} cuadernos del taller: {serie:6.2f} s")
    print(f"{len(rutas)} cuadernos vacíos:     {base:6.2f} s")
    razon = serie / base
    print(
        f"razón: {razon:.2f} (meta: ≤ 1,30); carga del sistema: "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    return 0 if razon <= 1.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
