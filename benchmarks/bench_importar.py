"""Cuánto cuesta ``import taller`` frente a un ``import ipywidgets`` solo.

Meta (issue 2): importar ``taller`` cuesta como mucho 50 ms más que ``import ipywidgets``.
Se mide en procesos nuevos (importación en frío del intérprete, con la caché de disco ya
caliente), alternando ambos, y se informa la mediana de N repeticiones.

    python benchmarks/bench_importar.py [--repeticiones 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASOS = {
    "python vacío": "pass",
    "import ipywidgets": "import ipywidgets",
    "import taller": "import taller",
    "import taller + ipywidgets": "import taller, ipywidgets",
    "taller.ejercicio (primer uso)": "import taller; taller.ejercicio",
}
VERIFICAR = (
    "import sys, taller; pesados = [m for m in ('pandas', 'matplotlib') if m in sys.modules];"
    " print(','.join(pesados))"
)


def medir(codigo: str) -> float:
    inicio = time.perf_counter()
    subprocess.run([sys.executable, "-c", codigo], check=True)
    return time.perf_counter() - inicio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeticiones", type=int, default=15)
    args = parser.parse_args()
    tiempos: dict[str, list[float]] = {nombre: [] for nombre in CASOS}
    for _ in range(args.repeticiones):
        for nombre, codigo in CASOS.items():
            tiempos[nombre].append(medir(codigo))
    medianas = {n: statistics.median(t) * 1000 for n, t in tiempos.items()}
    for nombre, ms in medianas.items():
        print(f"{nombre:32s} {ms:7.1f} ms (mediana de {args.repeticiones})")
    extra = medianas["import taller"] - medianas["import ipywidgets"]
    print(f"\nimport taller − import ipywidgets = {extra:+.1f} ms (meta: ≤ +50 ms)")
    extra_uso = medianas["taller.ejercicio (primer uso)"] - medianas["import ipywidgets"]
    print(f"primer uso de taller.ejercicio − import ipywidgets = {extra_uso:+.1f} ms")
    pesados = subprocess.run(
        [sys.executable, "-c", VERIFICAR], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"módulos pesados cargados por import taller: {pesados or 'ninguno'}")
    return 0 if extra <= 50 and not pesados else 1


if __name__ == "__main__":
    raise SystemExit(main())
