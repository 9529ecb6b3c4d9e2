"""Cada tipo de ejercicio: correcto, incorrecto, parcial, reintento, restauración y lo que
queda registrado. Cada prueba corre con el registro falso y con un ``Buzon`` real."""

from __future__ import annotations

import pytest
from ipywidgets.widgets.widget import CallbackDispatcher

from ayudas.ejercicios import (
    DATOS,
    Participante,
    RegistroFalso,
    llamar_sin_capturar,
    nuevo_registro,
    reabrir,
    todos_los_registros,
)
from taller import cargar_contenido
from taller.cuaderno.ejercicios import ejercicio


@pytest.fixture(autouse=True)
def _errores_visibles(monkeypatch):
    monkeypatch.setattr(CallbackDispatcher, "__call__", llamar_sin_capturar)


@pytest.fixture(scope="module")
def contenido():
    return cargar_contenido(DATOS)


@pytest.fixture(params=["falso", "buzon"])
def registro(request, tmp_path):
    return nuevo_registro(request.param, tmp_path)


def crear(id_, registro, contenido, modo=""):
    return ejercicio(id_, registro=registro, contenido=contenido, modo=modo)


def visible(w) -> bool:
    # Los botones que solo a veces hacen falta («Intentar de nuevo») se crean al mostrarse.
    return w is not None and w.layout.display != "none"


def elegir_radio(radio, texto):
    radio.value = dict(radio.options)[texto]


def elegir_casillas(control, textos):
    for casilla in control.casillas.values():
        casilla.value = casilla.description in textos


def sin_tiempo(registros):
    return [
        {k: r[k] for k in ("ejercicio", "elemento", "valor", "correcta", "intento", "modo")}
        for r in registros
    ]


# --- Opción múltiple -----------------------------------------------------------------------


def test_unica_correcta(registro, contenido):
    w = crear("m1-opcion", registro, contenido)
    elegir_radio(w.control.radio, "Pro persona")
    w.boton_comprobar.click()
    assert "✔ Correcto." in w.retro.value and "CPEUM, art. 1" in w.retro.value
    assert "Constitución Política de los Estados Unidos Mexicanos, Art. 1" in w.fuentes.value
    assert sin_tiempo(todos_los_registros(registro)) == [
        {
            "ejercicio": "m1-opcion",
            "elemento": "",
            "valor": "Pro persona",
            "correcta": True,
            "intento": 1,
            "modo": "",
        }
    ]
    assert w.control.radio.disabled and visible(w.boton_reintentar)


def test_unica_incorrecta_reintento_y_restauracion(registro, contenido):
    w = crear("m1-opcion", registro, contenido)
    w.boton_comprobar.click()
    assert "⚠ Falta algo." in w.retro.value and todos_los_registros(registro) == []
    elegir_radio(w.control.radio, "Legalidad")
    w.boton_comprobar.click()
    assert "✘ Incorrecto." in w.retro.value and "La legalidad es otra cosa" in w.retro.value
    assert "Pro persona" not in w.retro.value  # no se revela: reintentar enseña
    assert w.contador.value.count("Intentos: 1")
    w.boton_reintentar.click()
    assert not w.control.radio.disabled and w.retro.value == ""
    elegir_radio(w.control.radio, "Pro persona")
    w.boton_comprobar.click()
    assert "Intentos: 2" in w.contador.value
    assert [(r["valor"], r["intento"]) for r in todos_los_registros(registro)] == [
        ("Legalidad", 1),
        ("Pro persona", 2),
    ]
    otra = crear("m1-opcion", reabrir(registro), contenido)
    assert otra.control.radio.value == 0 and otra.control.radio.disabled
    assert otra.retro.value == w.retro.value and "Intentos: 2" in otra.contador.value


def test_multiple_parcial_correcta_y_restauracion(registro, contenido):
    w = crear("m1-varias", registro, contenido)
    elegir_casillas(w.control, {"Universalidad"})
    w.boton_comprobar.click()
    assert "⚠ Parcialmente correcto." in w.retro.value
    assert "Le faltó marcar:" in w.retro.value and "Progresividad" in w.retro.value
    w.boton_reintentar.click()
    elegir_casillas(w.control, {"Universalidad", "Progresividad"})
    w.boton_comprobar.click()
    assert "✔ Correcto." in w.retro.value
    assert [(r["valor"], r["correcta"], r["intento"]) for r in todos_los_registros(registro)] == [
        (["Universalidad"], False, 1),
        (["Progresividad", "Universalidad"], True, 2),
    ]
    otra = crear("m1-varias", reabrir(registro), contenido)
    assert {c.description for c in otra.control.casillas.values() if c.value} == {
        "Universalidad",
        "Progresividad",
    }
    assert "✔ Correcto." in otra.retro.value


def test_multiple_incorrecta(registro, contenido):
    w = crear("m1-varias", registro, contenido)
    elegir_casillas(w.control, {"Austeridad"})
    w.boton_comprobar.click()
    assert "✘ Incorrecto." in w.retro.value and "No; es de la LGRA." in w.retro.value


# --- Emparejar y clasificar ----------------------------------------------------------------


def test_emparejar(registro, contenido):
    w = crear("m1-emparejar", registro, contenido)
    w.controles[0].value = "Legalidad"
    w.boton_comprobar.click()
    assert "⚠ Falta algo." in w.retro.value and "fila" in w.retro.value
    w.controles[1].value = "Legalidad"
    w.boton_comprobar.click()
    assert "1 de 2 correctas" in w.retro.value
    assert "✔ Correcto." in w.marcas[0].value and "Eso es legalidad." in w.marcas[0].value
    assert "✘ Incorrecto." in w.marcas[1].value and "Eso es respeto." in w.marcas[1].value
    assert "Ley General de Responsabilidades Administrativas, Art. 7" in w.fuentes.value
    assert sin_tiempo(todos_los_registros(registro)) == [
        {
            "ejercicio": "m1-emparejar",
            "elemento": "0",
            "valor": "Legalidad",
            "correcta": True,
            "intento": 1,
            "modo": "",
        },
        {
            "ejercicio": "m1-emparejar",
            "elemento": "1",
            "valor": "Legalidad",
            "correcta": False,
            "intento": 1,
            "modo": "",
        },
    ]
    w.boton_reintentar.click()
    assert w.controles[0].value == "Legalidad"  # se conserva lo elegido para corregir
    assert w.marcas[1].value == ""
    w.controles[1].value = "Respeto"
    w.boton_comprobar.click()
    assert "✔ Todo correcto: 2 de 2." in w.retro.value
    otra = crear("m1-emparejar", reabrir(registro), contenido)
    assert [otra.controles[i].value for i in (0, 1)] == ["Legalidad", "Respeto"]
    assert otra.controles[0].disabled and "2 de 2" in otra.retro.value
    assert "Intentos: 2" in otra.contador.value


def test_clasificar(registro, contenido):
    w = crear("m1-clasificar", registro, contenido)
    w.controles[0].value = "inadecuada"
    w.controles[1].value = "inadecuada"
    w.boton_comprobar.click()
    assert "1 de 2 correctas" in w.retro.value
    assert "✘ Incorrecto." in w.marcas[0].value and "Respeta la dignidad." in w.marcas[0].value
    assert "✔ Correcto." in w.marcas[1].value
    assert [(r["elemento"], r["valor"], r["correcta"]) for r in todos_los_registros(registro)] == [
        ("0", "inadecuada", False),
        ("1", "inadecuada", True),
    ]
    w.boton_reintentar.click()
    w.controles[0].value = "adecuada"
    w.boton_comprobar.click()
    assert "2 de 2" in w.retro.value
    assert {r["intento"] for r in todos_los_registros(registro)} == {1, 2}
    otra = crear("m1-clasificar", reabrir(registro), contenido)
    assert otra.controles[0].value == "adecuada" and "✔ Correcto." in otra.marcas[0].value


def test_filas_en_orden_propio_de_la_persona(contenido):
    for n in range(20):
        w = crear("m1-emparejar", RegistroFalso(Participante(f"p{n}", "X", "G")), contenido)
        if w.orden != [0, 1]:
            return
    pytest.fail("el orden de las filas nunca cambió")


# --- Caso ----------------------------------------------------------------------------------


def test_caso_en_secuencia_reintento_y_restauracion(registro, contenido):
    w = crear("m1-caso", registro, contenido)
    assert "Una mujer usuaria llega a recepción." in w.children[1].value
    assert visible(w.bloques[0]) and len(w.bloques) == 1  # la siguiente se crea al abrirse
    w.botones_pregunta[0].click()
    assert "⚠ Falta algo." in w.preguntas[0].retro.value
    elegir_radio(w.preguntas[0].radio, "Legalidad")
    w.botones_pregunta[0].click()
    assert "✔ Correcto." in w.preguntas[0].retro.value
    assert "Ley General de Responsabilidades Administrativas" in w.preguntas[0].retro.value
    assert visible(w.bloques[1]) and w.retro.value == ""
    hijos = list(w.children)
    assert hijos[hijos.index(w.bloques[0]) + 1] is w.bloques[1]
    medio = crear("m1-caso", reabrir(registro), contenido)  # reinicio a la mitad
    assert medio.preguntas[0].radio.disabled and "✔ Correcto." in medio.preguntas[0].retro.value
    assert visible(medio.bloques[1]) and not medio.preguntas[1].casillas[0].disabled
    elegir_casillas(medio.preguntas[1], {"Atender"})
    medio.botones_pregunta[1].click()
    assert "⚠ Parcialmente correcto." in medio.preguntas[1].retro.value
    assert "Resultado del caso: 1 de 2" in medio.retro.value
    assert sin_tiempo(todos_los_registros(registro)) == [
        {
            "ejercicio": "m1-caso",
            "elemento": "p1",
            "valor": "Legalidad",
            "correcta": True,
            "intento": 1,
            "modo": "",
        },
        {
            "ejercicio": "m1-caso",
            "elemento": "p2",
            "valor": ["Atender"],
            "correcta": False,
            "intento": 1,
            "modo": "",
        },
    ]
    medio.boton_reintentar.click()
    assert not visible(medio.bloques[1]) and medio.preguntas[0].radio.value is None
    elegir_radio(medio.preguntas[0].radio, "Ninguno")
    medio.botones_pregunta[0].click()
    assert "✘ Incorrecto." in medio.preguntas[0].retro.value
    assert visible(medio.bloques[1]) and visible(medio.botones_pregunta[1])
    assert medio.preguntas[1].retro.value == "" and not medio.preguntas[1].casillas[0].disabled
    assert todos_los_registros(registro)[-1]["intento"] == 2
    final = crear("m1-caso", reabrir(registro), contenido)
    assert final.preguntas[0].radio.value is not None and final.retro.value == ""


# --- Caso ramificado -----------------------------------------------------------------------


def test_ramificado_camino_desenlace_y_volver_a_empezar(registro, contenido):
    w = crear("m1-ramificado", registro, contenido)
    assert "Llega una mujer usuaria." in w.situacion.value
    w.boton_decidir.click()
    assert "⚠ Falta algo." in w.aviso.value
    w.opciones.value = "Atenderla"
    w.boton_decidir.click()
    assert "Se siente escuchada." in w.historial.value
    assert "En la entrevista." in w.situacion.value
    medio = crear("m1-ramificado", reabrir(registro), contenido)  # reinicio a la mitad
    assert "En la entrevista." in medio.situacion.value
    medio.opciones.value = "Culparla"
    medio.boton_decidir.click()
    assert "✘ Desenlace desfavorable: Abandono" in medio.retro.value
    assert "Se revictimizó." in medio.retro.value and "Mal." in medio.historial.value
    assert not visible(medio.paso) and visible(medio.boton_reintentar)
    assert sin_tiempo(todos_los_registros(registro)) == [
        {
            "ejercicio": "m1-ramificado",
            "elemento": "recepcion",
            "valor": "Atenderla",
            "correcta": None,
            "intento": 1,
            "modo": "",
        },
        {
            "ejercicio": "m1-ramificado",
            "elemento": "entrevista",
            "valor": "Culparla",
            "correcta": None,
            "intento": 1,
            "modo": "",
        },
        {
            "ejercicio": "m1-ramificado",
            "elemento": "desenlace",
            "valor": "abandono",
            "correcta": False,
            "intento": 1,
            "modo": "",
        },
    ]
    assert medio.boton_reintentar.description == "Volver a empezar"
    medio.boton_reintentar.click()
    assert "Llega una mujer usuaria." in medio.situacion.value and medio.historial.value == ""
    medio.opciones.value = "Atenderla"
    medio.boton_decidir.click()
    medio.opciones.value = "Preguntar con respeto"
    medio.boton_decidir.click()
    assert "✔ Desenlace favorable: Atención digna" in medio.retro.value
    assert [r["intento"] for r in todos_los_registros(registro)] == [1, 1, 1, 2, 2, 2]
    otra = crear("m1-ramificado", reabrir(registro), contenido)
    assert "✔ Desenlace favorable" in otra.retro.value and "Bien." in otra.historial.value


# --- Reflexión -----------------------------------------------------------------------------


def test_reflexion_guarda_limites_y_escape(registro, contenido):
    w = crear("m1-reflexion", registro, contenido)
    assert "Máximo 500 caracteres" in w.children[1].value
    w.boton_comprobar.click()
    assert "⚠ Falta algo." in w.retro.value
    w.texto.value = "x" * 501
    assert "⚠ Se pasa del máximo." in w.cuenta.value
    w.boton_comprobar.click()
    assert "el máximo es 500" in w.retro.value and todos_los_registros(registro) == []
    w.texto.value = "Primera idea."
    w.boton_comprobar.click()
    assert "✔ Guardado (versión 1)." in w.retro.value
    w.texto.value = "<script>alert(1)</script>"
    w.boton_comprobar.click()
    assert [(r["valor"], r["correcta"], r["intento"]) for r in todos_los_registros(registro)] == [
        ("Primera idea.", None, 1),
        ("<script>alert(1)</script>", None, 2),
    ]
    otra = crear("m1-reflexion", reabrir(registro), contenido)
    assert otra.texto.value == "<script>alert(1)</script>"
    assert "<script>" not in otra.retro.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in otra.retro.value
    assert "versión 2" in otra.retro.value and not otra.texto.disabled


# --- Encuesta ------------------------------------------------------------------------------


def test_encuesta_guarda_numeros(registro, contenido):
    w = crear("m1-encuesta", registro, contenido)
    w.controles["utilidad"].value = 5
    w.boton_comprobar.click()
    assert "Falta responder: 2." in w.retro.value
    w.controles["claridad"].value = 2
    w.boton_comprobar.click()
    assert "✔ Se guardaron sus respuestas." in w.retro.value
    assert [(r["elemento"], r["valor"], r["correcta"]) for r in todos_los_registros(registro)] == [
        ("utilidad", 5, None),
        ("claridad", 2, None),
    ]
    w.controles["claridad"].value = 4
    w.boton_comprobar.click()
    otra = crear("m1-encuesta", reabrir(registro), contenido)
    assert otra.controles["claridad"].value == 4 and "Intentos: 2" in otra.contador.value


# --- Evaluación ----------------------------------------------------------------------------


def _responder(w, textos):
    for clave, texto in textos.items():
        elegir_radio(w.preguntas[clave].radio, texto)
    w.boton_comprobar.click()


def test_diagnostica_solo_puntaje_y_final_compara(registro, contenido):
    d = crear("evaluacion", registro, contenido, modo="diagnostico")
    elegir_radio(d.preguntas["e01"].radio, "Protección mínima")
    d.boton_comprobar.click()
    assert "Falta responder: 2." in d.retro.value
    _responder(d, {"e02": "Quien tiene un empleo público"})
    assert "Obtuvo 1 de 2 respuestas correctas." in d.retro.value
    assert all(c.retro.value == "" for c in d.preguntas.values())  # nada por pregunta
    assert "Sí." not in d.retro.value and not visible(d.boton_reintentar)
    assert d.preguntas["e01"].radio.disabled
    f = crear("evaluacion", reabrir(registro), contenido, modo="final")
    assert f.retro.value == "" and not f.preguntas["e01"].radio.disabled
    _responder(f, {"e01": "Protección más amplia", "e02": "Quien tiene un empleo público"})
    assert "Obtuvo 2 de 2" in f.retro.value
    assert (
        "En la evaluación diagnóstica obtuvo 1 de 2; en la final, 2 de 2: 1 acierto más."
        in f.retro.value
    )
    assert "✔ Correcto." in f.preguntas["e01"].retro.value
    assert "Constitución Política" in f.preguntas["e01"].retro.value
    registros = todos_los_registros(registro)
    assert [
        (r["elemento"], r["valor"], r["correcta"], r["modo"], r["intento"]) for r in registros
    ] == [
        ("e01", "Protección mínima", False, "diagnostico", 1),
        ("e02", "Quien tiene un empleo público", True, "diagnostico", 1),
        ("e01", "Protección más amplia", True, "final", 1),
        ("e02", "Quien tiene un empleo público", True, "final", 1),
    ]
    de_nuevo = crear("evaluacion", reabrir(registro), contenido, modo="final")
    assert de_nuevo.retro.value == f.retro.value and de_nuevo.preguntas["e02"].radio.disabled
    diag = crear("evaluacion", reabrir(registro), contenido, modo="diagnostico")
    assert "Obtuvo 1 de 2" in diag.retro.value


def test_final_sin_diagnostica_revela_la_correcta(registro, contenido):
    f = crear("evaluacion", registro, contenido, modo="final")
    _responder(f, {"e01": "Protección mínima", "e02": "Solo quien es electo"})
    assert "No se encontró su evaluación diagnóstica" in f.retro.value
    assert "✘ Incorrecto." in f.preguntas["e01"].retro.value
    assert "La respuesta correcta es:" in f.preguntas["e01"].retro.value
    assert "Protección más amplia" in f.preguntas["e01"].retro.value
