"""El buzón remoto (lo que usa un kernel en el hub) contra el servicio real.

Guarda primero en la carpeta personal, envía con reintentos, no espera más de ~1 s por
clic, y nada se pierde ni se duplica si el servicio se cae.
"""

from __future__ import annotations

import time
from pathlib import Path

from taller.buzon.registro import Participante, Respuesta
from taller.buzon.remoto import BuzonRemoto, RegistroRemoto

from .conftest import FACILITADORA, PARTICIPANTES, Entorno


def _registro(e: Entorno, usuario: str, carpeta: Path) -> RegistroRemoto:
    buzon = BuzonRemoto(e.servicio.url, e.tokens[usuario], carpeta)
    return RegistroRemoto(buzon, Participante("local-" + usuario, "Garza", "G-CLIENTE"))  # type: ignore[arg-type]


def _del_grupo(e: Entorno, grupo: str) -> list[dict]:
    import requests

    r = requests.get(
        e.servicio.url + "api/respuestas",
        params={"grupo": grupo, "limite": 20000},
        headers=e.cabeceras(FACILITADORA),
        timeout=30,
    )
    assert r.status_code == 200, r.text
    return r.json()["registros"]


def test_una_respuesta_llega_y_se_relee(entorno: Entorno, ejercicios: list[str], tmp_path: Path):
    registro = _registro(entorno, PARTICIPANTES[0], tmp_path / "envio")
    antes = len(_del_grupo(entorno, "G-CLIENTE"))
    inicio = time.monotonic()
    registro.registrar([Respuesta(ejercicios[0], "", "b", True, 1)])
    assert time.monotonic() - inicio < 1.5
    assert registro.pendiente() is None
    assert len(_del_grupo(entorno, "G-CLIENTE")) == antes + 1
    assert registro.intentos(ejercicios[0]) == 1
    # Otro kernel (otra carpeta local vacía) de la misma persona la recupera del servicio.
    otro = _registro(entorno, PARTICIPANTES[0], tmp_path / "otro")
    assert otro.intentos(ejercicios[0]) == 1
    assert otro.anteriores(ejercicios[0])[0]["valor"] == "b"


def test_con_el_servicio_caido_se_guarda_avisa_y_llega_despues(
    entorno: Entorno, ejercicios: list[str], tmp_path: Path
):
    registro = _registro(entorno, PARTICIPANTES[1], tmp_path / "envio")
    grupo = registro.participante.grupo
    antes = {r["uid"] for r in _del_grupo(entorno, grupo)}
    entorno.servicio.matar()
    try:
        for intento in range(1, 4):
            inicio = time.monotonic()
            registro.registrar([Respuesta(ejercicios[1], "", f"r{intento}", None, intento)])
            assert time.monotonic() - inicio < 1.5  # un clic no espera a la red
        aviso = registro.pendiente()
        assert aviso is not None
        assert "todavía no llega al servicio del taller (3 respuestas pendientes)" in aviso
        assert registro.intentos(ejercicios[1]) == 3  # lo guardado cuenta ya
    finally:
        entorno.servicio.arrancar()
    assert registro.buzon.esperar_entrega(registro.participante.id, 30)
    assert registro.pendiente() is None
    nuevos = [r for r in _del_grupo(entorno, grupo) if r["uid"] not in antes]
    assert sorted(r["valor"] for r in nuevos) == ["r1", "r2", "r3"]  # una vez cada una


def test_el_tablero_lee_el_servicio_de_forma_incremental(
    entorno: Entorno, ejercicios: list[str], tmp_path: Path
):
    from taller.buzon.remoto import FuenteServicio

    grupo = "G-TABLERO-" + entorno.bd[:6]
    fuente = FuenteServicio(entorno.servicio.url, entorno.tokens[FACILITADORA], grupo=grupo)
    assert fuente.nuevos() == [] and fuente.problemas == []
    registro = _registro(entorno, PARTICIPANTES[2], tmp_path / "envio")
    registro.participante = Participante("local", "Garza <b>", grupo)
    registro.registrar([Respuesta(ejercicios[0], "", "a", True, 1)])
    registro.registrar([Respuesta(ejercicios[0], "", "b", True, 2)])
    nuevos = fuente.nuevos()
    assert [r["valor"] for r in nuevos] == ["a", "b"]
    assert nuevos[0]["alias"] == "Garza <b>" and "n" not in nuevos[0]
    assert fuente.nuevos() == []  # solo lo que llegó después
    registro.registrar([Respuesta(ejercicios[0], "", "c", True, 3)])
    assert [r["valor"] for r in fuente.nuevos()] == ["c"]
    # Con el token de quien participa: 403 y el motivo, en español, en «problemas».
    ajena = FuenteServicio(entorno.servicio.url, entorno.tokens[PARTICIPANTES[0]], grupo=grupo)
    assert ajena.nuevos() == []
    assert "403" in ajena.problemas[0] and "No tiene permiso" in ajena.problemas[0]


def test_el_tablero_del_taller_muestra_lo_del_servicio(
    entorno: Entorno, ejercicios: list[str], tmp_path: Path
):
    """El tablero (``taller.tablero.Tablero``) sobre la fuente del servicio."""
    from taller.buzon.remoto import FuenteServicio
    from taller.tablero.widget import Tablero

    grupo = "G-TABLERO2-" + entorno.bd[:6]
    registro = _registro(entorno, PARTICIPANTES[0], tmp_path / "envio")
    registro.participante = Participante("local", "Colibrí", grupo)
    registro.registrar([Respuesta(ejercicios[0], "", "a", True, 1)])
    fuente = FuenteServicio(entorno.servicio.url, entorno.tokens[FACILITADORA], grupo=grupo)
    tablero = Tablero(fuente, automatico=False)
    try:
        tablero.actualizar()
        assert tablero._tabla is not None and len(tablero._tabla) == 1
    finally:
        tablero.close()
