"""Configuración común de pytest (también para los cuadernos que corre nbval).

Los cuadernos y las pruebas nunca escriben en la carpeta del taller de quien las corre:
antes de arrancar cualquier kernel, ``TALLER_CARPETA`` y ``TALLER_BUZON`` apuntan a una
carpeta temporal de esta sesión de pruebas (los kernels heredan el entorno).
"""

from __future__ import annotations

import os
import shutil
import tempfile


def pytest_configure(config: object) -> None:
    temporal = tempfile.mkdtemp(prefix="taller-pruebas-")
    os.environ["TALLER_CARPETA"] = os.path.join(temporal, "taller")
    os.environ["TALLER_BUZON"] = os.path.join(temporal, "buzon")
    os.environ.pop("TALLER_DATOS", None)
    config._taller_temporal = temporal  # type: ignore[attr-defined]


def pytest_unconfigure(config: object) -> None:
    temporal = getattr(config, "_taller_temporal", None)
    if temporal:
        shutil.rmtree(temporal, ignore_errors=True)
