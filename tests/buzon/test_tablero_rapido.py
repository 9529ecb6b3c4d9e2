"""La lectura rápida e incremental del tablero da lo mismo que la lectura de siempre."""

from __future__ import annotations

import json
import os
from pathlib import Path

import msgspec
import pandas as pd
import pytest

from ayudas.tablero import ANA, LUIS, ZOE, contenido_de_prueba, llenar_buzon
from taller.buzon import registro
from taller.buzon.registro import Buzon, Participante, Respuesta
from taller.tablero import cifras as t


def _igual_a_leer(lector: t.LecturaIncremental) -> pd.DataFrame:
    """La tabla y los problemas del lector son los de ``tabla_registros(buzon.leer())``."""
    lectura = lector.buzon.leer()
    esperada = t.tabla_registros(lectura)
    pd.testing.assert_frame_equal(lector.tabla, esperada, check_exact=True)
    assert lector.problemas == lectura.problemas
    return esperada


def _linea(**cambios: object) -> bytes:
    registro_ = {
        "v": 1, "uid": "u-extra", "participante": ANA.id, "alias": ANA.alias,
        "grupo": ANA.grupo, "ejercicio": "m1-quien", "elemento": "", "valor": "La jueza",
        "correcta": True, "intento": 3, "modo": "", "puntaje": None,
        "momento": "2026-01-01T10:00:00.000+00:00",
    }  # fmt: skip
    registro_.update(cambios)
    return json.dumps(registro_, ensure_ascii=False).encode("utf-8") + b"\n"


@pytest.fixture
def buzon(tmp_path: Path) -> Buzon:
    return llenar_buzon(tmp_path / "buzon")


def test_la_lectura_incremental_da_la_tabla_de_siempre(buzon: Buzon) -> None:
    lector = t.LecturaIncremental(buzon)
    tabla = lector.actualizar()
    assert len(tabla) == len(buzon.leer().registros) > 0
    assert lector.analizados == len(tabla)
    _igual_a_leer(lector)
    contenido = contenido_de_prueba()
    esperada = t.tabla_registros(buzon.leer())
    for funcion in (t.participacion, t.aciertos_por_ejercicio, t.pre_post, t.encuesta):
        pd.testing.assert_frame_equal(funcion(tabla, contenido=contenido),
                                      funcion(esperada, contenido=contenido))  # fmt: skip


def test_actualizar_solo_analiza_lo_agregado(buzon: Buzon) -> None:
    lector = t.LecturaIncremental(buzon)
    antes = lector.actualizar()
    assert lector.actualizar() is antes and lector.analizados == 0  # nada cambió
    buzon.registrar(
        LUIS,
        [Respuesta("m1-quien", "", "La jueza", True, 2),
         Respuesta("satisfaccion", "q2", "Nada", None, 1)],
    )  # fmt: skip
    despues = lector.actualizar()
    assert lector.analizados == 2
    assert len(despues) == len(antes) + 2
    _igual_a_leer(lector)
    nueva = Participante("ffff0006", "Nueva", "G2")
    buzon.registrar(nueva, [Respuesta("m1-quien", "", "Una vecina", False, 1)])
    lector.actualizar()
    assert lector.analizados == 1
    assert "Nueva" in set(lector.tabla["alias"])
    _igual_a_leer(lector)
    uid_de_ana = buzon.leer().registros[0]["uid"]
    with buzon.archivo_de(ZOE.id).open("ab") as archivo:  # un uid repetido, agregado
        archivo.write(_linea(participante=ZOE.id, uid=uid_de_ana))
    lector.actualizar()
    assert lector.analizados == 1
    assert list(lector.tabla["uid"]).count(uid_de_ana) == 1
    _igual_a_leer(lector)


def test_lineas_rotas_ajenas_e_invalidas_se_reportan_igual(buzon: Buzon) -> None:
    carpeta = buzon.carpeta
    ana = buzon.archivo_de(ANA.id)
    lector = t.LecturaIncremental(buzon)
    lector.actualizar()
    with ana.open("ab") as archivo:  # una escritura cortada a la mitad
        archivo.write(_linea()[:40])
    lector.actualizar()
    esperada = _igual_a_leer(lector)
    assert any("línea incompleta" in p.mensaje for p in lector.problemas)
    buzon.registrar(ANA, [Respuesta("m1-quien", "", "Un turista", False, 3)])
    lector.actualizar()
    assert len(lector.tabla) == len(esperada) + 1
    _igual_a_leer(lector)
    antes = buzon.archivo_de(LUIS.id).read_bytes().count(b"\n")
    with buzon.archivo_de(LUIS.id).open("ab") as archivo:
        archivo.write(_linea(participante=LUIS.id, uid="u-luis", v=2))  # esquema desconocido
        archivo.write(_linea(participante=ANA.id, uid="u-ajena"))  # de otra persona
        archivo.write(b"{no es json\n")
        archivo.write(b"\xff\xfe\n")
        archivo.write(_linea(participante=LUIS.id, uid="u-nan", puntaje=float("nan")))
    (carpeta / "notas.txt").write_text("hola", encoding="utf-8")
    (carpeta / "vacio.jsonl").write_bytes(b"")
    lector.actualizar()
    _igual_a_leer(lector)
    assert "u-nan" not in set(lector.tabla["uid"])  # NaN no es JSON: el esquema lo rechaza
    lineas = {p.linea for p in lector.problemas if p.archivo == f"{LUIS.id}.jsonl"}
    assert lineas == {antes + 1, antes + 2, antes + 3, antes + 4, antes + 5}


def test_orden_de_claves_campos_extra_y_uid_repetidos(buzon: Buzon) -> None:
    zoe = buzon.archivo_de(ZOE.id)
    invertida = json.loads(_linea(participante=ZOE.id, uid="u-inv"))
    with zoe.open("ab") as archivo:
        archivo.write(json.dumps(dict(reversed(invertida.items()))).encode() + b"\n")
        archivo.write(_linea(participante=ZOE.id, uid="u-extra-z", nota="campo nuevo"))
    uid_de_ana = buzon.leer().registros[0]["uid"]
    with zoe.open("ab") as archivo:  # un uid que ya está en el archivo de Ana
        archivo.write(_linea(participante=ZOE.id, uid=uid_de_ana))
    lector = t.LecturaIncremental(buzon)
    lector.actualizar()
    _igual_a_leer(lector)
    assert list(lector.tabla["uid"]).count(uid_de_ana) == 1


def test_lo_que_el_camino_rapido_rechaza_se_lee_como_siempre(buzon: Buzon) -> None:
    """Lo que el motor no acepta pasa al camino línea por línea, que decide igual que
    ``Buzon.leer`` y da el número de línea. ``v`` es exactamente el entero 1 (ni ``true``
    ni ``1.0``, que ``json`` tomaba por 1)."""
    lector = t.LecturaIncremental(buzon)
    lector.actualizar()
    luis = buzon.archivo_de(LUIS.id)
    antes = luis.read_bytes().count(b"\n")
    with luis.open("ab") as archivo:
        archivo.write(_linea(participante=LUIS.id, uid="u-v-true", v=True))  # json: True == 1
        archivo.write(_linea(participante=LUIS.id, uid="u-v-float", v=1.0))
        archivo.write(_linea(participante=LUIS.id, uid="u-intento-bool", intento=True))
        archivo.write(_linea(participante=LUIS.id, uid="u-correcta-0", correcta=0))
        dos = _linea(participante=LUIS.id, uid="u-dos-1")[:-1] + _linea(participante=LUIS.id)
        archivo.write(dos)  # dos registros en una misma línea
        archivo.write(b" \n")  # una línea en blanco
        archivo.write(b"\n")  # y una vacía: json las salta, sin problema que reportar
        archivo.write(_linea(participante=LUIS.id, uid="u-final"))
    lector.actualizar()
    _igual_a_leer(lector)
    uids = set(lector.tabla["uid"])
    assert "u-final" in uids
    assert not {"u-v-true", "u-v-float", "u-intento-bool", "u-correcta-0", "u-dos-1"} & uids
    lineas = {p.linea for p in lector.problemas if p.archivo == luis.name}
    assert lineas == {antes + 1, antes + 2, antes + 3, antes + 4, antes + 5}


def test_archivo_reescrito_o_borrado_se_vuelve_a_leer(buzon: Buzon) -> None:
    lector = t.LecturaIncremental(buzon)
    lector.actualizar()
    eva = buzon.carpeta / "cccc0003.jsonl"
    contenido = eva.read_bytes()
    eva.write_bytes(contenido.replace(b"Un turista", b"Un_turista"))  # mismo tamaño
    os.utime(eva, ns=(1, 1))
    lector.actualizar()
    assert "Un_turista" in set(lector.tabla["valor"])
    _igual_a_leer(lector)
    eva.write_bytes(contenido + _linea(participante="cccc0003", uid="u-eva"))  # reescrito
    lector.actualizar()
    _igual_a_leer(lector)
    eva.unlink()
    lector.actualizar()
    assert "Eva" not in set(lector.tabla["alias"])
    _igual_a_leer(lector)


def test_buzon_que_no_existe_y_vacio(tmp_path: Path) -> None:
    lector = t.LecturaIncremental(tmp_path / "no-existe")
    assert lector.actualizar().empty and lector.problemas == []
    assert list(lector.tabla.columns) == list(t.COLUMNAS)


def test_de_una_vez_o_linea_por_linea_se_lee_igual(
    buzon: Buzon, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Un archivo se decodifica de una vez o línea por línea con el mismo esquema: mismos
    registros y problemas (los enteros de más de 64 bits se reportan, en ``valor`` también)."""
    with buzon.archivo_de(LUIS.id).open("ab") as archivo:
        archivo.write(b"{roto\n")
        archivo.write(_linea(participante=LUIS.id, uid="u-grande", intento=2**70))
    with buzon.archivo_de(ZOE.id).open("ab") as archivo:  # más de 64 bits
        archivo.write(_linea(participante=ZOE.id, uid="u-z1", valor=[1, [2**64, 3]]))
        archivo.write(_linea(participante=ZOE.id, uid="u-z2", puntaje=-(2**63) - 1))
    con = buzon.leer()
    monkeypatch.setattr(registro, "_DECODIFICADOR", msgspec.json.Decoder(int))
    sin = buzon.leer()
    assert sin.registros == con.registros and sin.problemas == con.problemas
    grandes = {r["uid"]: r for r in con.registros if r["uid"].startswith("u-")}
    assert "u-grande" not in grandes  # un intento fuera de rango se reporta y se omite
    assert any("«intento» vale" in p.mensaje for p in con.problemas)
    assert "u-z1" not in grandes
    assert any("«valor» tiene un número entero fuera de rango" in p.mensaje for p in con.problemas)
    assert "u-z2" not in grandes  # un puntaje fuera de rango, igual
    assert any("«puntaje»" in p.mensaje for p in con.problemas)
    assert len(t.tabla_registros(con)) == len(con.registros)
    lector = t.LecturaIncremental(buzon)
    lector.actualizar()
    _igual_a_leer(lector)


def test_tabla_registros_con_valores_fuera_de_lo_comun() -> None:
    base = json.loads(_linea())
    registros = [
        {**base, "uid": "a", "alias": None, "correcta": None, "puntaje": 2},
        {**base, "uid": "b", "grupo": 7, "valor": ["x", "y"], "puntaje": "3.5"},
        {**base, "uid": "c", "momento": "no es fecha", "correcta": False},
    ]
    registros.append({**base, "uid": "d", "valor": ["x", "y"], "puntaje": 2, "correcta": None})
    tabla = t.tabla_registros(registros)  # lo que no cumple el esquema se omite
    assert list(tabla["uid"]) == ["d"]
    assert tabla["valor"].iloc[0] == ["x", "y"]
    assert tabla["puntaje"].tolist() == [2.0]
    assert tabla["correcta"].tolist() == [pd.NA]
    assert str(tabla["momento"].dtype).endswith("UTC]")
