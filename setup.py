"""Copia ``datos/`` y ``notebooks/`` dentro de la rueda, como ``taller/_recursos/``.

Desde un clon (``pip install -e .``) el paquete los lee en la raíz del repositorio;
desde una rueda instalada, en ``taller/_recursos``. Así hay una sola copia en git.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RAIZ = Path(__file__).parent
RECURSOS = ("datos", "notebooks")


class BuildPyConRecursos(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        destino = Path(self.build_lib) / "taller" / "_recursos"
        for nombre in RECURSOS:
            origen = RAIZ / nombre
            if origen.is_dir():
                shutil.copytree(
                    origen,
                    destino / nombre,
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
                )


setup(cmdclass={"build_py": BuildPyConRecursos})
