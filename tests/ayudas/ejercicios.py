"""Un registro falso con el contrato de ``RegistroDeParticipante`` y utilidades para
probar los ejercicios con ese registro y con un ``Buzon`` real."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from ayudas import DATOS_EJEMPLO
from taller.buzon import Buzon, Participante, RegistroDeParticipante, Respuesta

DATOS = DATOS_EJEMPLO
PARTICIPANTE = Participante(id="p-0001", alias="Ana", grupo="CEJUM-1")
TODOS = [
    "m1-opcion",
    "m1-varias",
    "m1-emparejar",
    "m1-clasificar",
    "m1-caso",
    "m1-ramificado",
    "m1-reflexion",
    "m1-encuesta",
    "evaluacion",
]


class RegistroFalso:
    """El contrato de ``RegistroDeParticipante`` sobre una lista (pasa por JSON, como el
    buzón, para que las listas y los números vuelvan igual que del archivo)."""

    def __init__(self, participante: Participante = PARTICIPANTE) -> None:
        self.participante = participante
        self.registros: list[dict[str, Any]] = []

    def registrar(self, respuestas: list[Respuesta]) -> None:
        for r in respuestas:
            self.registros.append(json.loads(json.dumps(dataclasses.asdict(r))))

    def _del(self, ejercicio: str, modo: str) -> list[dict[str, Any]]:
        return [r for r in self.registros if r["ejercicio"] == ejercicio and r["modo"] == modo]

    def anteriores(self, ejercicio: str, modo: str = "") -> list[dict[str, Any]]:
        registros = self._del(ejercicio, modo)
        ultimo = max((r["intento"] for r in registros), default=0)
        return [r for r in registros if r["intento"] == ultimo]

    def intentos(self, ejercicio: str, modo: str = "") -> int:
        return max((r["intento"] for r in self._del(ejercicio, modo)), default=0)

    def pendiente(self) -> str | None:
        return None


def todos_los_registros(registro: Any) -> list[dict[str, Any]]:
    if isinstance(registro, RegistroFalso):
        return registro.registros
    return registro.buzon.del_participante(registro.participante.id)


def reabrir(registro: Any) -> Any:
    """El mismo almacén visto por objetos nuevos, como tras reiniciar el kernel."""
    if isinstance(registro, RegistroFalso):
        return registro
    return RegistroDeParticipante(Buzon(registro.buzon.carpeta), registro.participante)


def llamar_sin_capturar(self, *args, **kwargs):
    """Sin IPython, ipywidgets solo anota en el log los errores de un callback; en las
    pruebas deben fallar."""
    valor = None
    for callback in self.callbacks:
        local = callback(*args, **kwargs)
        valor = local if local is not None else valor
    return valor


def nuevo_registro(tipo: str, carpeta: Path) -> Any:
    if tipo == "falso":
        return RegistroFalso()
    return RegistroDeParticipante(Buzon(carpeta / "buzon"), PARTICIPANTE)
