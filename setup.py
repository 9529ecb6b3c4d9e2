"""Copia ``datos/`` y ``notebooks/`` dentro de la rueda, como ``taller/_recursos/``.

Desde un clon (``pip install -e .``) el paquete los lee en la raíz del repositorio;
desde una rueda instalada, en ``taller/_recursos``. Así hay una sola copia en git.

La extensión de JupyterLab ``taller-cejum`` viaja ya construida (``src/taller/labextension/``,
hecha desde ``labextension/`` con Node; instalar no necesita Node) y se instala donde
JupyterLab busca las extensiones: ``share/jupyter/labextensions/taller-cejum``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RAIZ = Path(__file__).parent
RECURSOS = ("datos", "notebooks")
EXTENSION = "taller-cejum"
EXTENSION_CONSTRUIDA = Path("src", "taller", "labextension", EXTENSION)


def archivos_de_la_extension() -> list[tuple[str, list[str]]]:
    """``data_files``: la extensión construida (y su ``install.json``) bajo
    ``share/jupyter/labextensions/taller-cejum``, carpeta por carpeta."""
    destino = f"share/jupyter/labextensions/{EXTENSION}"
    por_carpeta: dict[str, list[str]] = {destino: ["labextension/install.json"]}
    for archivo in sorted((RAIZ / EXTENSION_CONSTRUIDA).rglob("*")):
        if archivo.is_file():
            relativo = archivo.relative_to(RAIZ)
            carpeta = archivo.parent.relative_to(RAIZ / EXTENSION_CONSTRUIDA).as_posix()
            clave = destino if carpeta == "." else f"{destino}/{carpeta}"
            por_carpeta.setdefault(clave, []).append(relativo.as_posix())
    return list(por_carpeta.items())


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


setup(cmdclass={"build_py": BuildPyConRecursos}, data_files=archivos_de_la_extension())
