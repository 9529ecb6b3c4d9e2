"""Fixtures que comparten varias carpetas de pruebas."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ayudas import RAIZ


@pytest.fixture(scope="session")
def rueda(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """La rueda (wheel) de este clon, construida una sola vez por sesión de pruebas."""
    destino = tmp_path_factory.mktemp("rueda")
    resultado = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(destino), str(RAIZ)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultado.returncode == 0, resultado.stderr
    (archivo,) = destino.glob("taller-*.whl")
    return archivo
