"""La calificación como funciones puras (sin widgets)."""

from __future__ import annotations

import dataclasses

import pytest

from ayudas import DATOS_EJEMPLO
from taller import cargar_contenido
from taller.contenido import modelo as m
from taller.evaluar import (
    aciertos_de_registros,
    comparar,
    evaluar_clasificar,
    evaluar_emparejar,
    evaluar_opciones,
    evaluar_preguntas,
    indices_de_textos,
    recorrer,
    revisar_reflexion,
    sin_responder,
    valor_de_opciones,
)

DATOS = DATOS_EJEMPLO


@pytest.fixture(scope="module")
def contenido() -> m.Contenido:
    return cargar_contenido(DATOS)


def _ej(contenido: m.Contenido, id_: str):
    return contenido.ejercicios[id_]


def test_unica_correcta(contenido):
    pregunta = _ej(contenido, "m1-opcion").pregunta
    r = evaluar_opciones(pregunta, [0])
    assert r.correcto and not r.parcial
    assert (r.aciertos, r.total, r.marcador, r.puntaje) == (1, 1, "1 de 1", 1.0)
    assert [i.texto for i in r.items] == ["Pro persona"]
    assert r.faltantes == ()


def test_unica_incorrecta_explica_la_elegida(contenido):
    pregunta = _ej(contenido, "m1-opcion").pregunta
    r = evaluar_opciones(pregunta, [1], fuentes=("cpeum-1",))
    assert not r.correcto and not r.parcial
    assert r.items[0].explicacion.startswith("La legalidad es otra cosa")
    assert r.items[0].fuentes == ("cpeum-1",)  # hereda las del ejercicio
    assert [i.texto for i in r.faltantes] == ["Pro persona"]


def test_multiple_parcial_y_faltantes(contenido):
    pregunta = _ej(contenido, "m1-varias").pregunta
    r = evaluar_opciones(pregunta, [0])
    assert r.parcial and not r.correcto
    assert r.marcador == "2 de 3"  # Universalidad bien marcada, Austeridad bien sin marcar
    assert [i.texto for i in r.faltantes] == ["Progresividad"]


def test_multiple_con_una_de_mas(contenido):
    pregunta = _ej(contenido, "m1-varias").pregunta
    r = evaluar_opciones(pregunta, [0, 1, 2])
    assert not r.correcto and r.parcial
    assert r.marcador == "2 de 3"
    assert evaluar_opciones(pregunta, [1, 0]).correcto


def test_valor_de_opciones(contenido):
    varias = _ej(contenido, "m1-varias").pregunta
    assert valor_de_opciones(varias, [1, 0]) == ["Progresividad", "Universalidad"]
    assert valor_de_opciones(_ej(contenido, "m1-opcion").pregunta, [2]) == "Progresividad"
    assert indices_de_textos(varias, ["Progresividad", "No existe"]) == [1]


def test_emparejar_marcador_y_sin_respuesta(contenido):
    ej = _ej(contenido, "m1-emparejar")
    r = evaluar_emparejar(ej, ["Legalidad", None])
    assert r.marcador == "1 de 2"
    assert [i.correcta for i in r.items] == [True, False]
    assert r.items[1].elegida is None
    assert r.items[0].fuentes == ("lgra-7",)
    assert evaluar_emparejar(ej, ["Legalidad", "Respeto"]).correcto


def test_clasificar(contenido):
    ej = _ej(contenido, "m1-clasificar")
    r = evaluar_clasificar(ej, ["adecuada", "adecuada"])
    assert r.marcador == "1 de 2" and r.parcial
    assert r.items[1].esperada == "inadecuada"
    assert r.items[1].explicacion == "La ley no lo exige."


def test_evaluar_preguntas_cuenta_las_faltantes_como_error(contenido):
    caso = _ej(contenido, "m1-caso")
    r = evaluar_preguntas(caso.preguntas, {"p1": [0]}, caso.fuentes)
    assert r.marcador == "1 de 2"
    assert r.items[1].elegida is None
    assert r.items[1].esperada == ["Atender", "Informar"]


def test_comparar_con_diagnostica(contenido):
    ev = _ej(contenido, "evaluacion")
    final = evaluar_preguntas(ev.banco, {"e01": [0], "e02": [0]})
    registros = [{"correcta": True}, {"correcta": False}]
    assert aciertos_de_registros(registros) == (1, 2)
    comparacion = comparar((1, 2), final)
    assert comparacion is not None
    assert (comparacion.antes, comparacion.despues, comparacion.diferencia) == (1, 2, 1)
    assert comparar(None, final) is None
    assert comparar((3, 5), final) is None  # otro número de preguntas


def test_recorrer_hasta_el_desenlace(contenido):
    caso = _ej(contenido, "m1-ramificado")
    inicio = recorrer(caso, [])
    assert inicio.actual.id == "recepcion" and not inicio.terminado
    r = recorrer(caso, ["Atenderla", "Preguntar con respeto"])
    assert r.terminado and r.desenlace.id == "digna" and r.desenlace.favorable
    assert [p.punto.id for p in r.pasos] == ["recepcion", "entrevista"]
    assert recorrer(caso, ["Pedir denuncia"]).desenlace.id == "abandono"


@pytest.mark.parametrize(
    "decisiones, mensaje",
    [
        (["No existe"], "no tiene la decisión"),
        (["Pedir denuncia", "Atenderla"], "después del desenlace"),
    ],
    ids=["decision-inexistente", "despues-del-desenlace"],
)
def test_recorrer_rechaza(contenido, decisiones, mensaje):
    with pytest.raises(ValueError, match=mensaje):
        recorrer(_ej(contenido, "m1-ramificado"), decisiones)


def test_revisar_reflexion(contenido):
    ej = _ej(contenido, "m1-reflexion")
    assert "Escriba" in revisar_reflexion(ej, "   ")
    assert "máximo es 500" in revisar_reflexion(ej, "x" * 501)
    assert revisar_reflexion(ej, "Una idea.") is None
    exigente = dataclasses.replace(ej, minimo_caracteres=20)
    assert "al menos 20" in revisar_reflexion(exigente, "corto")


def test_sin_responder():
    assert sin_responder(["a", "b", "c"], {"a": 1, "b": None}) == ["b", "c"]
