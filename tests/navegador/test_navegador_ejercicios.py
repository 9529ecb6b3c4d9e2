"""Un ejercicio de cada tipo, respondido en la página con clics y teclado: la
retroalimentación en español aparece, y tras reiniciar el kernel la respuesta guardada se
restaura (mismos controles marcados, misma retroalimentación)."""

from __future__ import annotations

from typing import Any

import pytest

from . import _ejercicios as ejs

pytestmark = pytest.mark.navegador


def _resultado(recorrido: dict[str, Any], tipo: str) -> ejs.Resultado:
    if tipo not in recorrido:
        pytest.skip(f"datos/ no tiene ningún ejercicio de tipo «{tipo}»")
    r = recorrido[tipo]
    assert r.error is None, f"{tipo} ({r.id}): no se pudo responder en la página: {r.error}"
    return r


@pytest.mark.parametrize("tipo", ejs.TIPOS)
def test_responder_muestra_retroalimentacion(recorrido: dict[str, Any], tipo: str) -> None:
    r = _resultado(recorrido, tipo)
    for texto in ejs.ESPERADO[tipo]:
        assert texto in r.retro, f"{tipo} ({r.id}): se esperaba «{texto}» en:\n{r.retro}"
    assert "Incorrecto" not in r.retro, f"{tipo} ({r.id}): respuestas correctas marcadas mal"


@pytest.mark.parametrize("tipo", ejs.TIPOS)
def test_respuesta_se_restaura_al_reiniciar(recorrido: dict[str, Any], tipo: str) -> None:
    r = _resultado(recorrido, tipo)
    assert r.restaurado_estado == r.estado, (
        f"{tipo} ({r.id}): los controles no se restauraron:\nantes:   {r.estado}\n"
        f"después: {r.restaurado_estado}"
    )
    assert r.restaurado_texto == r.texto, (
        f"{tipo} ({r.id}): lo que se ve cambió al reiniciar:\n--- antes\n{r.texto}\n"
        f"--- después\n{r.restaurado_texto}"
    )
