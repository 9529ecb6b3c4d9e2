"""El servicio del taller con un JupyterHub real, en SQLite y en PostgreSQL.

Cada prueba habla con el servicio como lo haría un kernel (token del hub en la cabecera), a
través del proxy del hub (``/services/taller/``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from datetime import datetime, timezone
from typing import Any

import pytest
import requests

from taller.servicio.almacen import VERSION_BASE, Almacen

from .conftest import FACILITADORA, PARTICIPANTES, Entorno


def _registro(ejercicio: str, grupo: str = "G1", **cambios: Any) -> dict[str, Any]:
    base = {
        "v": 1,
        "uid": uuid.uuid4().hex,
        "participante": "lo-que-sea",
        "alias": "Colibrí",
        "grupo": grupo,
        "ejercicio": ejercicio,
        "elemento": "",
        "valor": ["a", "b"],
        "correcta": True,
        "intento": 1,
        "modo": "",
        "puntaje": 1.0,
        "momento": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
    }
    base.update(cambios)
    return base


def _enviar(e: Entorno, usuario: str, registros: list[dict[str, Any]]) -> requests.Response:
    return requests.post(
        e.servicio.url + "api/respuestas",
        json={"registros": registros},
        headers=e.cabeceras(usuario),
        timeout=30,
    )


def _propias(e: Entorno, usuario: str) -> list[dict[str, Any]]:
    r = requests.get(
        e.servicio.url + "api/respuestas/propias", headers=e.cabeceras(usuario), timeout=30
    )
    assert r.status_code == 200, r.text
    return r.json()["registros"]


def _todas(e: Entorno, **parametros: Any) -> dict[str, Any]:
    r = requests.get(
        e.servicio.url + "api/respuestas",
        params=parametros,
        headers=e.cabeceras(FACILITADORA),
        timeout=30,
    )
    assert r.status_code == 200, r.text
    return r.json()


def _grupo() -> str:
    return "G-" + uuid.uuid4().hex[:8]


def _secreto(e: Entorno) -> bytes:
    return (e.servicio.carpeta / "taller-servicio.secreto").read_bytes().strip()


def test_la_identidad_sale_del_token_y_no_del_cuerpo(entorno: Entorno, ejercicios: list[str]):
    ana, beto = PARTICIPANTES[:2]
    grupo = _grupo()
    antes_beto = len(_propias(entorno, beto))
    # Ana envía registros que dicen ser de Beto (el id que el servicio le daría a Beto).
    id_beto = hmac.new(_secreto(entorno), beto.encode(), hashlib.sha256).hexdigest()[:32]
    registros = [_registro(ejercicios[0], grupo, participante=id_beto) for _ in range(2)]
    r = _enviar(entorno, ana, registros)
    assert r.status_code == 200, r.text
    assert r.json() == {"nuevos": 2, "repetidos": 0}
    id_ana = hmac.new(_secreto(entorno), ana.encode(), hashlib.sha256).hexdigest()[:32]
    propias = [x for x in _propias(entorno, ana) if x["grupo"] == grupo]
    assert {x["uid"] for x in propias} == {x["uid"] for x in registros}
    assert {x["participante"] for x in propias} == {id_ana}
    assert len(_propias(entorno, beto)) == antes_beto  # a Beto no le llegó nada


def test_la_base_no_guarda_nombres_de_usuario(entorno: Entorno, ejercicios: list[str]):
    for usuario in PARTICIPANTES:
        assert _enviar(entorno, usuario, [_registro(ejercicios[1])]).status_code == 200
    almacen = Almacen(entorno.bd)
    try:
        registros, _ = almacen.leer()
    finally:
        almacen.cerrar()
    usuarios = {*PARTICIPANTES, FACILITADORA}
    for registro in registros:
        assert registro["participante"] not in usuarios
        assert len(registro["participante"]) == 32
        assert not usuarios & {str(v) for v in registro.values()}


@pytest.mark.parametrize("por", ["proxy", "directo"])
def test_quien_participa_no_lee_las_respuestas_de_otros(entorno: Entorno, por: str):
    base = entorno.servicio.url if por == "proxy" else entorno.servicio.url_directa
    r = requests.get(
        base + "api/respuestas", headers=entorno.cabeceras(PARTICIPANTES[0]), timeout=30
    )
    assert r.status_code == 403
    assert "No tiene permiso para leer las respuestas de otras personas" in r.json()["error"]


def test_quien_facilita_lee_por_grupo_y_de_forma_incremental(
    entorno: Entorno, ejercicios: list[str]
):
    grupo, otro = _grupo(), _grupo()
    primeros = [_registro(ejercicios[2], grupo) for _ in range(3)]
    assert _enviar(entorno, PARTICIPANTES[0], primeros).status_code == 200
    assert _enviar(entorno, PARTICIPANTES[1], [_registro(ejercicios[2], otro)]).status_code == 200
    leido = _todas(entorno, grupo=grupo)
    assert [x["uid"] for x in leido["registros"]] == [x["uid"] for x in primeros]
    assert leido["registros"][0]["alias"] == "Colibrí"
    assert leido["registros"][0]["valor"] == ["a", "b"]
    ultimo = leido["ultimo"]
    assert _todas(entorno, grupo=grupo, desde=ultimo)["registros"] == []
    despues = [_registro(ejercicios[3], grupo)]
    assert _enviar(entorno, PARTICIPANTES[2], despues).status_code == 200
    nuevo = _todas(entorno, grupo=grupo, desde=ultimo)
    assert [x["uid"] for x in nuevo["registros"]] == [despues[0]["uid"]]
    assert nuevo["ultimo"] > ultimo


def test_sin_token_o_con_token_no_valido_da_401(entorno: Entorno):
    url = entorno.servicio.url + "api/respuestas"
    for cabeceras in ({}, {"Authorization": "token no-es-un-token"}):
        r = requests.post(url, json={"registros": []}, headers=cabeceras, timeout=30)
        assert r.status_code == 401, r.text
        assert "Falta el token del hub" in r.json()["error"]


def test_token_vencido_da_401(entorno: Entorno, ejercicios: list[str]):
    token = entorno.hub.token(PARTICIPANTES[0], expires_in=1)
    time.sleep(2.5)
    r = requests.post(
        entorno.servicio.url + "api/respuestas",
        json={"registros": [_registro(ejercicios[0])]},
        headers={"Authorization": f"token {token}"},
        timeout=30,
    )
    assert r.status_code == 401, r.text


def test_token_sin_acceso_al_servicio_da_403(entorno: Entorno, ejercicios: list[str]):
    usuario = PARTICIPANTES[0]
    token = entorno.hub.token(usuario, scopes=[f"read:users:name!user={usuario}"])
    r = requests.post(
        entorno.servicio.url + "api/respuestas",
        json={"registros": [_registro(ejercicios[0])]},
        headers={"Authorization": f"token {token}"},
        timeout=30,
    )
    assert r.status_code == 403, r.text
    assert "no tiene acceso" in r.json()["error"]


_MALAS = {
    "json-roto": (b'{"registros": [', 400, "no es JSON válido"),
    "sin-registros": (b'{"registros": []}', 400, "al menos un registro"),
    "otra-clave": (b'{"respuestas": []}', 400, "«registros»"),
    "nan": (b'{"registros": [NaN]}', 400, "no es JSON válido"),
}
_MALOS_REGISTROS = {
    "esquema": ({"v": 2}, 422, "versión de esquema 2"),
    "ejercicio": ({"ejercicio": "no-existe"}, 422, "no es un ejercicio de este taller"),
    "valor-enorme": ({"valor": "x" * 300_000}, 413, "la respuesta mide"),
    "alias-largo": ({"alias": "a" * 201}, 422, "«alias» no es texto de hasta 200"),
    "campo-de-mas": ({"usuario": "ana"}, 422, "campos desconocidos: usuario"),
    "intento-cero": ({"intento": 0}, 422, "«intento» vale 0"),
    "uid-raro": ({"uid": "../../etc"}, 422, "«uid» debe tener 32 cifras"),
    "momento-sin-zona": ({"momento": "2026-12-01T10:00:00"}, 422, "con zona horaria"),
    "correcta-texto": ({"correcta": "sí"}, 422, "«correcta» no es true"),
    "modo-raro": ({"modo": "otro"}, 422, "«modo» no es un modo conocido"),
    "control": ({"grupo": "G\x00"}, 422, "caracteres de control"),
}


@pytest.mark.parametrize("caso", [*_MALAS, *_MALOS_REGISTROS])
def test_entrada_mala_da_4xx_en_espanol_y_no_guarda_nada(
    entorno: Entorno, ejercicios: list[str], caso: str
):
    usuario = PARTICIPANTES[1]
    antes = len(_propias(entorno, usuario))
    if caso in _MALAS:
        cuerpo, codigo, texto = _MALAS[caso]
    else:
        cambios, codigo, texto = _MALOS_REGISTROS[caso]
        # un registro bueno antes del malo: tampoco se guarda
        registros = [_registro(ejercicios[0]), {**_registro(ejercicios[0]), **cambios}]
        cuerpo = json.dumps({"registros": registros}).encode()
    r = requests.post(
        entorno.servicio.url + "api/respuestas",
        data=cuerpo,
        headers={**entorno.cabeceras(usuario), "Content-Type": "application/json"},
        timeout=30,
    )
    assert r.status_code == codigo, r.text
    assert texto in r.json()["error"]
    assert len(_propias(entorno, usuario)) == antes


def test_cuerpo_demasiado_grande_da_413(entorno: Entorno):
    r = requests.post(
        entorno.servicio.url + "api/respuestas",
        data=b"x" * (2 * 1024 * 1024),
        headers=entorno.cabeceras(PARTICIPANTES[0]),
        timeout=30,
    )
    assert r.status_code == 413
    assert "máximo" in r.json()["error"]


def test_reenvio_no_duplica_y_uid_reusado_se_rechaza(entorno: Entorno, ejercicios: list[str]):
    ana, beto = PARTICIPANTES[:2]
    registro = _registro(ejercicios[0], _grupo())
    assert _enviar(entorno, ana, [registro]).json() == {"nuevos": 1, "repetidos": 0}
    antes = len(_propias(entorno, ana))
    # El mismo envío otra vez (un reintento tras perder la respuesta): no se duplica.
    r = _enviar(entorno, ana, [registro])
    assert r.status_code == 200
    assert r.json() == {"nuevos": 0, "repetidos": 1}
    # El mismo uid con otro contenido, o de otra persona: 409 y nada guardado.
    r = _enviar(entorno, ana, [{**registro, "valor": "otra cosa"}])
    assert r.status_code == 409
    assert "ya se usó" in r.json()["error"]
    r = _enviar(entorno, beto, [registro])
    assert r.status_code == 409
    assert len(_propias(entorno, ana)) == antes
    assert all(x["uid"] != registro["uid"] for x in _propias(entorno, beto))


def test_esquema_versionado_y_se_conserva_al_reiniciar(entorno: Entorno, ejercicios: list[str]):
    almacen = Almacen(entorno.bd)
    try:
        assert almacen.version() == VERSION_BASE
        antes = almacen.contar()
    finally:
        almacen.cerrar()
    entorno.servicio.detener()
    entorno.servicio.arrancar()  # vuelve a preparar el esquema: no borra ni duplica nada
    almacen = Almacen(entorno.bd)
    try:
        assert almacen.version() == VERSION_BASE
        assert almacen.contar() == antes
    finally:
        almacen.cerrar()


def test_servicio_matado_a_media_llegada_no_pierde_ni_duplica(
    entorno: Entorno, ejercicios: list[str]
):
    """Tres personas envían sin parar (reintentando lo que falla, como el cliente); el
    servicio muere con SIGKILL a la mitad y vuelve: todo llega una sola vez."""
    grupo = _grupo()
    por_persona = 40
    enviados: dict[str, list[str]] = {u: [] for u in PARTICIPANTES}
    fallos: list[str] = []

    def enviar_todo(usuario: str) -> None:
        for i in range(por_persona):
            registro = _registro(ejercicios[i % len(ejercicios)], grupo, intento=i + 1)
            fin = time.monotonic() + 60
            while True:
                try:
                    r = _enviar(entorno, usuario, [registro])
                    if r.status_code == 200:
                        break
                    if r.status_code < 500 and r.status_code != 404:
                        fallos.append(f"{usuario}: {r.status_code} {r.text}")
                        return
                except requests.RequestException:
                    pass
                if time.monotonic() > fin:
                    fallos.append(f"{usuario}: no se pudo entregar en 60 s")
                    return
                time.sleep(0.05)
            enviados[usuario].append(registro["uid"])
            time.sleep(0.01)

    hilos = [threading.Thread(target=enviar_todo, args=(u,)) for u in PARTICIPANTES]
    for hilo in hilos:
        hilo.start()
    time.sleep(0.4)
    entorno.servicio.matar()
    time.sleep(0.5)
    entorno.servicio.arrancar()
    for hilo in hilos:
        hilo.join(120)
    assert not fallos, fallos
    recibidos = [x["uid"] for x in _todas(entorno, grupo=grupo, limite=20000)["registros"]]
    esperados = [uid for lista in enviados.values() for uid in lista]
    assert len(esperados) == por_persona * len(PARTICIPANTES)
    assert sorted(recibidos) == sorted(esperados)  # ni uno menos, ni uno dos veces


def test_exportar_la_base_a_un_buzon_para_el_informe(
    entorno: Entorno, ejercicios: list[str], tmp_path
):
    from taller.buzon.registro import Buzon
    from taller.servicio.almacen import exportar_a_buzon

    grupo = _grupo()
    registros = [_registro(ejercicios[0], grupo) for _ in range(3)]
    assert _enviar(entorno, PARTICIPANTES[0], registros[:2]).status_code == 200
    assert _enviar(entorno, PARTICIPANTES[1], registros[2:]).status_code == 200
    destino = tmp_path / "buzon"
    assert exportar_a_buzon(entorno.bd, destino, grupo) == 3
    assert exportar_a_buzon(entorno.bd, destino, grupo) == 0  # repetir no duplica
    lectura = Buzon(destino).leer()
    assert not lectura.problemas
    assert sorted(r["uid"] for r in lectura.registros) == sorted(r["uid"] for r in registros)
    assert len({r["participante"] for r in lectura.registros}) == 2


@pytest.mark.parametrize(
    ("alcances", "puede"),
    [
        (["custom:taller:leer"], True),
        (["custom:taller:leer!group=otro"], False),  # un filtro que el servicio no interpreta
        (["custom:taller:leerlo", "access:services"], False),
        ([], False),
    ],
)
def test_solo_el_alcance_sin_filtro_deja_leer_al_grupo(alcances: list[str], puede: bool) -> None:
    from taller.servicio.app import puede_leer

    assert puede_leer({"scopes": alcances}) is puede
