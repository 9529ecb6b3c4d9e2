"""Prepara la carpeta del taller a partir de los cuadernos que trae el paquete.

    CARPETA/
      taller.json          marca de la carpeta y configuración (videos)
      participante/        cuadernos sin notas para quien facilita
      facilitacion/        cuadernos con notas + tablero.ipynb
      buzon/               respuestas (una por participante)
      videos/              archivos de video locales (opcional)
      .jupyter/            ajustes de JupyterLab solo para este taller (español, sin avisos)

Los originales nunca se modifican. Volver a prepararla nunca sobrescribe un cuaderno
existente: el trabajo de quien participa se conserva.
"""

from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taller.carpeta import MARCA
from taller.contenido.recursos import carpeta_cuadernos

ETIQUETA_FACILITACION = "facilitacion"
SOLO_FACILITACION = ("tablero.ipynb",)

AJUSTES_LAB = {
    "@jupyterlab/translation-extension/plugin": {"locale": "es_ES"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


# Los atajos de un solo toque del modo de órdenes (flechas, «r», «d d»…) se aplican al
# elemento con foco. JupyterLab los suspende dentro de un campo de texto, pero no en un
# botón de opción ni en una lista: una persona que usa el teclado en un ejercicio
# cambiaba o borraba celdas. Para este taller, esos atajos no se aplican cuando el foco
# está dentro de la salida de una celda (los ejercicios); fuera de ella siguen iguales.
_FUERA_DE_SALIDAS = ":not(.jp-OutputArea-output *)"
_SELECTOR_CON_FOCO = ":focus"


def _esquema_atajos_cuaderno() -> list[dict[str, Any]]:
    """Los atajos que trae el JupyterLab instalado (su esquema de notebook-extension)."""
    candidatos = [Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"]
    with contextlib.suppress(Exception):  # sin jupyterlab importable, basta sys.prefix
        from jupyterlab.commands import get_app_dir

        candidatos.insert(0, Path(get_app_dir()) / "schemas")
    for base in candidatos:
        esquema = base / "@jupyterlab" / "notebook-extension" / "tracker.json"
        if esquema.is_file():
            return json.loads(esquema.read_text(encoding="utf-8")).get("jupyter.lab.shortcuts", [])
    return []


def atajos_del_taller() -> dict[str, list[dict[str, Any]]]:
    """Ajustes de atajos: cada atajo del cuaderno que actúa sobre el elemento con foco se
    desactiva y se vuelve a declarar igual, pero sin efecto dentro de una salida."""
    atajos = []
    for atajo in _esquema_atajos_cuaderno():
        selector = atajo.get("selector", "")
        if not selector.endswith(_SELECTOR_CON_FOCO) or not atajo.get("keys"):
            continue
        atajos.append({**atajo, "disabled": True})
        atajos.append({**atajo, "selector": selector + _FUERA_DE_SALIDAS})
    return {"shortcuts": atajos}


@dataclass
class Preparacion:
    carpeta: Path
    creados: list[Path] = field(default_factory=list)
    conservados: list[Path] = field(default_factory=list)

    def resumen(self) -> str:
        return (
            f"Carpeta del taller: {self.carpeta} ({len(self.creados)} archivos nuevos, "
            f"{len(self.conservados)} conservados sin cambios)"
        )


def copia_participante(cuaderno: dict[str, Any]) -> dict[str, Any]:
    """El cuaderno sin las celdas etiquetadas ``facilitacion`` y, en sus metadatos,
    ``taller.sin_codigo``: la extensión ``taller-cejum`` oculta ahí el código y los números
    de ejecución (la copia de quien facilita los conserva)."""
    celdas = [
        c
        for c in cuaderno.get("cells", [])
        if ETIQUETA_FACILITACION not in c.get("metadata", {}).get("tags", [])
    ]
    metadatos = dict(cuaderno.get("metadata", {}))
    metadatos["taller"] = {**metadatos.get("taller", {}), "sin_codigo": True}
    return {**cuaderno, "metadata": metadatos, "cells": celdas}


def _escribir_si_falta(destino: Path, texto: str, prep: Preparacion) -> None:
    if destino.exists():
        prep.conservados.append(destino)
        return
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(destino.name + ".tmp")
    temporal.write_text(texto, encoding="utf-8")
    temporal.replace(destino)
    prep.creados.append(destino)


def preparar_carpeta(carpeta: str | Path, buzon: str | Path | None = None) -> Preparacion:
    """Crea (o completa) la carpeta del taller. Nunca sobrescribe lo que ya existe."""
    raiz = Path(carpeta).expanduser().resolve()
    prep = Preparacion(raiz)
    raiz.mkdir(parents=True, exist_ok=True)
    config = {"version": 1, "videos": {}}
    if buzon is not None:
        config["buzon"] = str(Path(buzon).expanduser().resolve())
    _escribir_si_falta(raiz / MARCA, json.dumps(config, ensure_ascii=False, indent=2) + "\n", prep)
    for original in sorted(carpeta_cuadernos().glob("*.ipynb")):
        texto = original.read_text(encoding="utf-8")
        _escribir_si_falta(raiz / "facilitacion" / original.name, texto, prep)
        if original.name not in SOLO_FACILITACION:
            participante = copia_participante(json.loads(texto))
            _escribir_si_falta(
                raiz / "participante" / original.name,
                json.dumps(participante, ensure_ascii=False, indent=1) + "\n",
                prep,
            )
    (raiz / "buzon").mkdir(exist_ok=True)
    (raiz / "videos").mkdir(exist_ok=True)
    ajustes = raiz / ".jupyter" / "lab" / "user-settings"
    ajustes_lab = {**AJUSTES_LAB, "@jupyterlab/shortcuts-extension/shortcuts": atajos_del_taller()}
    for plugin, valores in ajustes_lab.items():
        destino = ajustes / f"{plugin}.jupyterlab-settings"
        _escribir_si_falta(destino, json.dumps(valores, indent=2) + "\n", prep)
    return prep
