"""Fixtures con un JupyterHub real, configurable-http-proxy, PostgreSQL y usuarios Unix.

Ver ``_sistema.py``: fuera de CI, sin lo necesario, las pruebas se saltan diciendo cómo
correrlas; con ``CI`` definido, fallan.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import _sistema as s

PARTICIPANTES = ("ana", "beto", "carla")
FACILITADORA = "fer"


@pytest.fixture(scope="session")
def postgres() -> Iterator[s.Postgres]:
    with s.postgres() as pg:
        yield pg


@dataclass
class Entorno:
    """Un hub con el servicio del taller y tokens de cada persona."""

    hub: s.Hub
    servicio: s.Servicio
    tokens: dict[str, str]
    bd: str

    def cabeceras(self, usuario: str) -> dict[str, str]:
        return {"Authorization": f"token {self.tokens[usuario]}"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def entorno(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Entorno]:
    carpeta = tmp_path_factory.mktemp(f"hub-{request.param}")
    if request.param == "postgresql":
        pg = request.getfixturevalue("postgres")
        bd = s.crear_base(pg, f"taller_{secrets.token_hex(4)}")
    else:
        bd = f"sqlite:///{carpeta / 'servicio' / 'taller-servicio.sqlite'}"
    puerto = s.puerto_libre()
    token_servicio = secrets.token_hex(16)
    usuarios = [*PARTICIPANTES, FACILITADORA]
    config = s.config_servicio_externo(puerto, token_servicio, [FACILITADORA]) + (
        f'c.JupyterHub.authenticator_class = "dummy"\n'
        f"c.Authenticator.allowed_users = {set(usuarios)!r}\n"
    )
    servicios: list[s.Servicio] = []

    def arrancar_servicio(hub: s.Hub) -> None:
        servicio = s.Servicio(
            puerto=puerto, token=token_servicio, carpeta=carpeta / "servicio", bd=bd, hub=hub
        )
        servicio.carpeta.mkdir(parents=True, exist_ok=True)
        servicios.append(servicio)
        servicio.arrancar()

    try:
        with s.hub(config, carpeta / "hub", al_arrancar=arrancar_servicio) as hub:
            tokens = {u: hub.token(u) for u in usuarios}
            yield Entorno(hub=hub, servicio=servicios[0], tokens=tokens, bd=bd)
    finally:
        for servicio in servicios:
            servicio.detener()


@pytest.fixture(scope="session")
def ejercicios() -> list[str]:
    from taller.servicio.app import ids_de_ejercicios

    return sorted(ids_de_ejercicios(None))


def carpeta_pruebas() -> Path:
    return s.AQUI
