"""La superficie pública del paquete: pequeña, ordenada, completa y ligera de importar."""

from __future__ import annotations

import subprocess
import sys

import taller


def test_all_ordenado_y_sin_repetidos():
    assert list(taller.__all__) == sorted(set(taller.__all__))


def test_cada_nombre_publico_existe():
    for nombre in taller.__all__:
        assert getattr(taller, nombre) is not None, nombre


def test_nombre_desconocido_da_attribute_error():
    try:
        taller.no_existe  # noqa: B018 - se prueba el acceso
    except AttributeError as error:
        assert "no_existe" in str(error)
    else:
        raise AssertionError("se esperaba AttributeError")


def test_importar_taller_no_carga_modulos_pesados():
    codigo = (
        "import sys, taller; print(sorted(m for m in ('pandas', 'matplotlib', "
        "'ipywidgets', 'yaml') if m in sys.modules))"
    )
    salida = subprocess.run(
        [sys.executable, "-c", codigo], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert salida == "[]"
