"""Tiempo de ejecutar todos los cuadernos frente al mismo número de cuadernos vacíos.

Meta (issue 5): la serie de cuadernos tarda como mucho 1,3 veces la línea base (el mismo
número de cuadernos con una sola celda vacía: puro arranque de kernel). Ambos se miden en
la misma corrida, alternados, con nbclient (lo que usa nbval), contra un buzón temporal.

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
    NotebookClient(cuaderno, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(carpeta)}}).execute()
    return time.perf_counter() - inicio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeticiones", type=int, default=3)
    args = parser.parse_args()
    rutas = sorted((RAIZ / "notebooks").glob("*.ipynb"))
    vacio = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    series, bases = [], []
    with tempfile.TemporaryDirectory(prefix="taller-bench-") as temporal:
        os.environ["TALLER_CARPETA"] = str(Path(temporal) / "taller")
        os.environ["TALLER_BUZON"] = str(Path(temporal) / "buzon")
        for _ in range(args.repeticiones):
            bases.append(sum(ejecutar(nbformat.from_dict(vacio), RAIZ / "notebooks")
                             for _ in rutas))
            series.append(sum(ejecutar(nbformat.read(r, as_version=4), r.parent)
                              for r in rutas))
    serie, base = statistics.median(series), statistics.median(bases)
    print(f"{len(rutas)} cuadernos del taller: {serie:6.2f} s (mediana de {args.repeticiones}; "
          f"corridas: {', '.join(f'{s:.2f}' for s in series)})")
    print(f"{len(rutas)} cuadernos vacíos:     {base:6.2f} s (corridas: "
          f"{', '.join(f'{b:.2f}' for b in bases)})")
    razon = serie / base
    print(f"razón: {razon:.2f} (meta: ≤ 1,30)")
    return 0 if razon <= 1.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
