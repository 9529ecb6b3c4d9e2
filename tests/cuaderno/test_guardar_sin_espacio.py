"""Cuando guardar falla (disco lleno de verdad), el ejercicio dice solo la verdad: nada de
«✔ Guardado» seguido de «⚠ No se pudo guardar»; la respuesta sigue en pantalla y se puede
reintentar (issue 15, casos 11 y 13)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from ipywidgets.widgets.widget import CallbackDispatcher

from ayudas.ejercicios import DATOS, PARTICIPANTE, llamar_sin_capturar
from taller import cargar_contenido
from taller.buzon import Buzon, RegistroDeParticipante
from taller.cuaderno.ejercicios import ejercicio


@pytest.fixture
def disco_pequeno() -> Iterator[Path]:
    """Un disco de verdad de 64 KB (tmpfs), para llenarlo."""
    if os.name != "posix" or os.geteuid() != 0:
        motivo = "hace falta ser root para montar un disco pequeño (tmpfs)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"En CI esta prueba debe correr: {motivo}")
        pytest.skip(motivo)
    punto = Path(tempfile.mkdtemp(prefix="taller-lleno-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(punto)], check=True)
    try:
        yield punto
    finally:
        subprocess.run(["umount", str(punto)], check=False)
        shutil.rmtree(punto, ignore_errors=True)


def _llenar(carpeta: Path) -> Path:
    relleno = carpeta / "relleno"
    fd = os.open(relleno, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"x" * 512)
    except OSError:
        pass  # lleno
    finally:
        os.close(fd)
    return relleno


def test_con_el_disco_lleno_la_reflexion_no_dice_guardado_y_se_puede_reintentar(
    disco_pequeno: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CallbackDispatcher, "__call__", llamar_sin_capturar)
    buzon = Buzon(disco_pequeno / "buzon")
    buzon.carpeta.mkdir()
    registro = RegistroDeParticipante(buzon, PARTICIPANTE)
    w = ejercicio("m1-reflexion", registro=registro, contenido=cargar_contenido(DATOS))
    relleno = _llenar(disco_pequeno)
    texto = "Me comprometo a escuchar con respeto. " * 8
    w.texto.value = texto
    w.boton_comprobar.click()
    assert "✔ Guardado" not in w.retro.value
    assert "⚠ No se pudo guardar su respuesta." in w.retro.value
    assert "no queda espacio en el disco" in w.retro.value
    assert "No space left" not in w.retro.value
    assert "pulse «Guardar» para intentar guardarla otra vez" in w.retro.value
    assert w.texto.value == texto and not w.texto.disabled  # la respuesta sigue aquí
    assert w.intentos == 0 and buzon.del_participante(PARTICIPANTE.id) == []
    relleno.unlink()  # hay espacio otra vez: el mismo botón reintenta
    w.boton_comprobar.click()
    assert "✔ Guardado (versión 1)." in w.retro.value
    assert "No se pudo guardar" not in w.retro.value
    assert [r["valor"] for r in buzon.del_participante(PARTICIPANTE.id)] == [texto.strip()]
