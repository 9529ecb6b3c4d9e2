"""Cada cuaderno del taller (participante/ y facilitacion/) se abre, se ejecuta entero y se ve
sin fallas: ningún widget sin dibujar, ningún traceback y un ejercicio por cada celda que
llama a ``taller.ejercicio(``. Deja una captura de cada uno en ``artefactos/capturas/``."""

from __future__ import annotations

from typing import Any

import pytest

from . import _lab
from .conftest import cuadernos_del_taller

pytestmark = pytest.mark.navegador


@pytest.mark.parametrize("ruta", cuadernos_del_taller())
def test_cuaderno_se_ejecuta_y_muestra_sus_ejercicios(
    lab: _lab.ServidorLab, pagina: Any, ruta: str
) -> None:
    _lab.abrir(pagina, lab, ruta)
    _lab.ejecutar_todo(pagina)
    nombre = ruta.replace("/", "-").removesuffix(".ipynb")
    try:
        problemas = _lab.problemas_visibles(pagina)
        assert not problemas, f"{ruta}:\n" + "\n".join(problemas)

        celdas = _lab.widgets_por_celda(pagina)
        esperadas = _lab.celdas_de_ejercicio(lab.carpeta / ruta)
        avisos = [f"celda {c['indice']}: {a}" for c in celdas for a in c["avisos"]]
        assert not avisos, f"{ruta}: avisos en lugar de contenido:\n" + "\n".join(avisos)
        # Si los ejercicios llevan una clase por tipo (taller-tipo-…), se cuentan esas
        # raíces; si no, las raíces .taller-ejercicio que tienen controles.
        con_tipo = any(t for c in celdas for t in c["tipos"])
        faltan = []
        for i in esperadas:
            celda = celdas[i]
            llamadas = celda["fuente"].count("taller.ejercicio(")
            dibujadas = sum(1 for t in celda["tipos"] if t) if con_tipo else celda["interactivas"]
            if dibujadas < llamadas:
                faltan.append(
                    f"celda {i} ({celda['fuente'].strip()[:80]!r}): "
                    f"{llamadas} llamada(s) a taller.ejercicio, {dibujadas} "
                    "ejercicio(s) dibujado(s)"
                )
        assert not faltan, f"{ruta}: faltan ejercicios en la página:\n" + "\n".join(faltan)
        # Los errores de la consola del navegador de los widgets (p. ej. un modelo que no
        # carga) se informan aunque la página no los muestre.
        de_widgets = [
            e
            for e in pagina.errores_consola  # type: ignore[attr-defined]
            if "widget" in e.lower() or "model" in e.lower()
        ]
        assert not de_widgets, f"{ruta}: errores de widgets en la consola:\n" + "\n".join(
            de_widgets
        )
    finally:
        _lab.captura(pagina, nombre)
