"""La arquitectura está en los subpaquetes: lo que empieza con «_» es privado de su
paquete (nadie de fuera lo importa) y cada ``__init__`` dice lo que ofrece.

La dirección de las dependencias entre subpaquetes la verifica ``lint-imports``
(contrato en ``pyproject.toml``), que corre junto con las pruebas.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from ayudas import RAIZ

SRC = RAIZ / "src"
SUBPAQUETES = [
    "taller.buzon",
    "taller.cli",
    "taller.contenido",
    "taller.cuaderno",
    "taller.tablero",
]


def _modulos() -> list[Path]:
    return sorted((SRC / "taller").rglob("*.py"))


def _paquete_de(ruta: Path) -> str:
    partes = list(ruta.relative_to(SRC).with_suffix("").parts)
    if partes[-1] == "__init__":
        return ".".join(partes[:-1])
    return ".".join(partes[:-1])


def _es_de(paquete: str, dueno: str) -> bool:
    return paquete == dueno or paquete.startswith(dueno + ".")


def _importaciones_privadas(ruta: Path) -> list[str]:
    paquete = _paquete_de(ruta)
    malas = []
    for nodo in ast.walk(ast.parse(ruta.read_text(encoding="utf-8"))):
        if not (isinstance(nodo, ast.ImportFrom) and nodo.module):
            continue
        partes = nodo.module.split(".")
        if partes[0] != "taller":
            continue
        for i, parte in enumerate(partes):
            if parte.startswith("_") and not _es_de(paquete, ".".join(partes[:i])):
                malas.append(f"{ruta.name}:{nodo.lineno}: {nodo.module}")
        es_paquete = (SRC.joinpath(*partes) / "__init__.py").exists()
        dueno = nodo.module if es_paquete else ".".join(partes[:-1])
        for alias in nodo.names:
            privado = alias.name.startswith("_") and not alias.name.startswith("__")
            if privado and not _es_de(paquete, dueno):
                malas.append(f"{ruta.name}:{nodo.lineno}: {nodo.module}.{alias.name}")
    return malas


@pytest.mark.parametrize("ruta", _modulos(), ids=lambda p: str(p.relative_to(SRC)))
def test_nadie_importa_un_nombre_privado_de_otro_paquete(ruta: Path) -> None:
    assert _importaciones_privadas(ruta) == []


def test_la_prueba_de_privados_detecta_una_importacion_de_fuera(tmp_path: Path) -> None:
    falso = SRC / "taller" / "tablero" / "_prueba_privados.py"
    try:
        falso.write_text("from taller.buzon._tabla import juntar_tabla\n", encoding="utf-8")
        assert _importaciones_privadas(falso) == ["_prueba_privados.py:1: taller.buzon._tabla"]
    finally:
        falso.unlink()


@pytest.mark.parametrize("nombre", SUBPAQUETES)
def test_cada_subpaquete_dice_lo_que_ofrece(nombre: str) -> None:
    paquete = importlib.import_module(nombre)
    assert paquete.__doc__, f"{nombre} sin docstring"
    assert paquete.__all__ == sorted(paquete.__all__)
    for publico in paquete.__all__:
        assert not publico.startswith("_")
        assert getattr(paquete, publico) is not None
