"""Los ejercicios en conjunto: punto de entrada, avisos, orden estable, escape, estilo.

Las pruebas de cada tipo están en ``test_ejercicios_tipos.py``; las dos usan el registro
falso en memoria de aquí y el ``Buzon`` real en una carpeta temporal.
"""

from __future__ import annotations

import dataclasses
import logging

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import CallbackDispatcher

import taller.contenido
from ayudas import DATOS_REALES
from ayudas.ejercicios import (
    DATOS,
    TODOS,
    RegistroFalso,
    llamar_sin_capturar,
    nuevo_registro,
)
from taller import cargar_contenido
from taller.buzon.registro import Participante
from taller.contenido import cache
from taller.contenido import modelo as m
from taller.contenido.errores import ContenidoInvalido, Problema
from taller.cuaderno import sesion
from taller.cuaderno.ejercicios import EjercicioBase, barajar, ejercicio, letra_grande


@pytest.fixture(autouse=True)
def _errores_visibles(monkeypatch):
    monkeypatch.setattr(CallbackDispatcher, "__call__", llamar_sin_capturar)


@pytest.fixture(scope="session")
def contenido() -> m.Contenido:
    return cargar_contenido(DATOS)


@pytest.fixture(params=["falso", "buzon"])
def registro(request, tmp_path):
    return nuevo_registro(request.param, tmp_path)


def _controles(w: widgets.Widget):
    yield w
    for hijo in getattr(w, "children", ()):
        yield from _controles(hijo)


# --- Punto de entrada y avisos -----------------------------------------------------------


@pytest.mark.parametrize("id_", TODOS)
def test_cada_tipo_se_construye_con_la_clase_de_estilo(id_, contenido):
    modo = "diagnostico" if id_ == "evaluacion" else ""
    w = ejercicio(id_, registro=RegistroFalso(), contenido=contenido, modo=modo)
    assert isinstance(w, EjercicioBase)
    assert "taller-ejercicio" in w._dom_classes
    assert "<style>" in w.encabezado.value


@pytest.mark.parametrize("id_", TODOS)
def test_todo_control_tiene_etiqueta_en_espanol(id_, contenido):
    modo = "final" if id_ == "evaluacion" else ""
    w = ejercicio(id_, registro=RegistroFalso(), contenido=contenido, modo=modo)
    etiquetables = (
        widgets.RadioButtons,
        widgets.Dropdown,
        widgets.ToggleButtons,
        widgets.Checkbox,
        widgets.Textarea,
        widgets.Button,
    )
    controles = [c for c in _controles(w) if isinstance(c, etiquetables)]
    assert controles
    for control in controles:
        assert control.description.strip(), control


def test_id_desconocido_muestra_aviso_y_anota_en_el_log(contenido, caplog):
    with caplog.at_level(logging.ERROR, logger="taller"):
        w = ejercicio("no-existe", registro=RegistroFalso(), contenido=contenido)
    assert isinstance(w, widgets.HTML)
    assert "No se encontró el ejercicio «no-existe». Avise a quien facilita." in w.value
    assert "taller-ejercicio" in w._dom_classes
    assert "no-existe" in caplog.text


def test_contenido_invalido_muestra_aviso_y_anota_los_problemas(monkeypatch, caplog):
    def falla():
        raise ContenidoInvalido([Problema("ejercicios/m1.yaml", 7, "opciones", "falta")])

    monkeypatch.setattr(taller.contenido, "contenido_actual", falla)
    with caplog.at_level(logging.ERROR, logger="taller"):
        w = ejercicio("m1-opcion", registro=RegistroFalso())
    assert "El contenido del taller tiene errores" in w.value
    assert "Avise a quien facilita." in w.value
    assert "ejercicios/m1.yaml:7: opciones: falta" in caplog.text


def test_carpeta_de_contenido_rota(monkeypatch, tmp_path, caplog):
    (tmp_path / "fuentes.csv").write_text("id,ley\n", encoding="utf-8")
    monkeypatch.setenv("TALLER_DATOS", str(tmp_path))
    cache._contenido.cache_clear()
    try:
        with caplog.at_level(logging.ERROR, logger="taller"):
            w = ejercicio("m1-opcion", registro=RegistroFalso())
    finally:
        cache._contenido.cache_clear()
    assert isinstance(w, widgets.HTML)
    assert "El contenido del taller tiene errores" in w.value
    assert "fuentes.csv:1" in caplog.text and "valores.csv" in caplog.text


def test_evaluacion_sin_modo_muestra_aviso(contenido):
    w = ejercicio("evaluacion", registro=RegistroFalso(), contenido=contenido)
    assert isinstance(w, widgets.HTML)
    assert "diagnóstica o final" in w.value


def test_registro_que_no_abre_muestra_aviso(monkeypatch, contenido, caplog):
    def falla():
        raise PermissionError("sin permiso")

    monkeypatch.setattr(sesion, "registro_actual", falla)
    with caplog.at_level(logging.ERROR, logger="taller"):
        w = ejercicio("m1-opcion", contenido=contenido)
    assert "No se pudo mostrar el ejercicio «m1-opcion»" in w.value
    assert "sin permiso" in caplog.text


def test_usa_la_sesion_por_omision(monkeypatch, tmp_path):
    monkeypatch.setenv("TALLER_DATOS", str(DATOS))
    monkeypatch.setenv("TALLER_CARPETA", str(tmp_path))
    monkeypatch.setenv("TALLER_BUZON", str(tmp_path / "buzon"))
    cache._contenido.cache_clear()
    try:
        w = ejercicio("m1-opcion")
    finally:
        cache._contenido.cache_clear()
    w.control.radio.value = 0
    w.boton_comprobar.click()
    assert "✔ Correcto." in w.retro.value
    assert len(list((tmp_path / "buzon").glob("*.jsonl"))) == 1


def test_si_el_buzon_falla_se_ve_la_retroalimentacion_y_un_aviso(contenido, caplog):
    class RegistroRoto(RegistroFalso):
        def registrar(self, respuestas):
            raise OSError("disco lleno")

    w = ejercicio("m1-opcion", registro=RegistroRoto(), contenido=contenido)
    w.control.radio.value = 0
    with caplog.at_level(logging.ERROR, logger="taller"):
        w.boton_comprobar.click()
    assert "✔ Correcto." in w.retro.value
    assert "⚠ No se pudo guardar su respuesta." in w.retro.value
    assert "disco lleno" in caplog.text


# --- Orden barajado estable --------------------------------------------------------------


def _orden(contenido: m.Contenido, participante_id: str) -> list[str]:
    registro = RegistroFalso(Participante(participante_id, "X", "G"))
    w = ejercicio("m1-opcion", registro=registro, contenido=contenido)
    return [etiqueta for etiqueta, _ in w.control.radio.options]


def test_orden_estable_para_la_misma_persona(contenido):
    assert _orden(contenido, "p-0001") == _orden(contenido, "p-0001")
    assert barajar(12, "p-0001", "m3-x") == barajar(12, "p-0001", "m3-x")
    assert sorted(barajar(12, "p-0001", "m3-x")) == list(range(12))


def test_orden_cambia_entre_personas(contenido):
    ordenes = {tuple(_orden(contenido, f"p-{n:04d}")) for n in range(12)}
    assert len(ordenes) > 1
    assert barajar(12, "p-0001", "m3-x") != barajar(12, "p-0002", "m3-x")


def test_orden_no_depende_de_hash():
    # Valor fijo: si cambiara entre procesos (como hash()), esta prueba fallaría a veces.
    assert barajar(5, "p-0001", "m1-opcion") == barajar(5, "p-0001", "m1-opcion")
    assert barajar(6, "abc", "def", "x") == [4, 2, 1, 3, 5, 0]


# --- Escape de texto ---------------------------------------------------------------------


def test_texto_del_contenido_se_escapa(contenido):
    ej = contenido.ejercicios["m1-emparejar"]
    raro = dataclasses.replace(
        ej,
        titulo="<b>Título</b>",
        elementos=(
            dataclasses.replace(ej.elementos[0], texto="<img src=x onerror=alert(1)>"),
            ej.elementos[1],
        ),
    )
    otro = dataclasses.replace(contenido, ejercicios={**contenido.ejercicios, ej.id: raro})
    w = ejercicio(ej.id, registro=RegistroFalso(), contenido=otro)
    textos = " ".join(c.value for c in _controles(w) if isinstance(c, widgets.HTML))
    assert "&lt;b&gt;Título&lt;/b&gt;" in textos
    assert "<img" not in textos and "&lt;img src=x" in textos


def test_id_desconocido_se_escapa(contenido):
    w = ejercicio("<script>", registro=RegistroFalso(), contenido=contenido)
    assert "<script>" not in w.value and "&lt;script&gt;" in w.value


# --- Letra grande ------------------------------------------------------------------------


def test_letra_grande_se_enciende_y_se_apaga_en_todo_el_cuaderno():
    encendida = letra_grande()
    assert ".taller-ejercicio" in encendida.value and "font-size" in encendida.value
    apagada = letra_grande(False)
    assert apagada is encendida  # un solo modelo: todas sus vistas cambian juntas
    assert apagada.value == ""
    letra_grande(True)
    assert encendida.value


# --- Costo en widgets (issue 5) ----------------------------------------------------------
#
# Cada widget es un modelo que el navegador (o nbclient) tiene que abrir: el tiempo de
# ejecutar un cuaderno crece con ellos. Los ``Layout`` y estilos se comparten, la
# retroalimentación se crea al mostrarse y las preguntas de un caso al abrirse; estos
# presupuestos (medidos tras optimizar, con poco margen) detectan una regresión.


def _nuevos(crear) -> int:
    """Los modelos que abre ``crear()`` con los compartidos ya creados (la 2.ª vez)."""
    from ipywidgets.widgets.widget import _instances

    crear()
    antes = set(_instances)
    crear()
    return len(set(_instances) - antes)


def _opciones(pregunta: m.Pregunta) -> int:
    return 1 if pregunta.seleccion == "unica" else len(pregunta.opciones)


def _presupuesto(ej: m.Ejercicio) -> int:
    """Raíz, encabezado, botón y su fila, más lo propio de cada tipo."""
    if isinstance(ej, m.OpcionMultiple):
        return 4 + 2 + _opciones(ej.pregunta)  # caja, enunciado y controles
    if isinstance(ej, m.Caso):  # solo la primera pregunta (y sin la fila de botones)
        return 3 + 3 + _opciones(ej.preguntas[0])
    if isinstance(ej, m.CasoRamificado):
        return 8
    if isinstance(ej, m.Emparejar | m.Clasificar):
        return 5 + 3 * len(ej.elementos)  # texto, control y fila
    if isinstance(ej, m.Encuesta):
        return 5 + 3 * len(ej.preguntas)
    if isinstance(ej, m.Evaluacion):
        return 5 + sum(2 + _opciones(p) for p in ej.banco)
    return 7  # reflexión: consigna, área de texto y cuenta


@pytest.fixture(scope="module")
def contenido_real() -> m.Contenido:
    return cargar_contenido(DATOS_REALES)


def test_ningun_ejercicio_real_pasa_su_presupuesto_de_widgets(contenido_real):
    excedidos = {}
    for id_, ej in contenido_real.ejercicios.items():
        modo = "final" if isinstance(ej, m.Evaluacion) else ""
        n = _nuevos(
            lambda id_=id_, modo=modo: ejercicio(
                id_, registro=RegistroFalso(), contenido=contenido_real, modo=modo
            )
        )
        if n > _presupuesto(ej):
            excedidos[id_] = (n, _presupuesto(ej))
    assert not excedidos


def test_los_ejercicios_mas_grandes_tienen_pocos_widgets(contenido_real):
    ejercicios = contenido_real.ejercicios.values()

    def nuevos(ej: m.Ejercicio) -> int:
        modo = "final" if isinstance(ej, m.Evaluacion) else ""
        return _nuevos(
            lambda: ejercicio(ej.id, registro=RegistroFalso(), contenido=contenido_real, modo=modo)
        )

    caso = max(
        (e for e in ejercicios if isinstance(e, m.Caso)),
        key=lambda e: sum(len(p.opciones) for p in e.preguntas),
    )
    emparejar = max(
        (e for e in ejercicios if isinstance(e, m.Emparejar)), key=lambda e: len(e.elementos)
    )
    evaluacion = next(e for e in ejercicios if isinstance(e, m.Evaluacion))
    assert len(emparejar.elementos) >= 12
    # Antes de optimizar: caso ~100, emparejar de 12 filas 180, evaluación 245.
    assert nuevos(caso) <= 12
    assert nuevos(emparejar) <= 45
    assert nuevos(evaluacion) <= 70


def test_la_retroalimentacion_se_crea_al_mostrarse(contenido):
    w = ejercicio("m1-emparejar", registro=RegistroFalso(), contenido=contenido)
    antes = list(w.children)
    assert w.retro.widget is None and w.retro.value == "" and w.marcas[0].value == ""
    for i, elemento in enumerate(contenido.ejercicios["m1-emparejar"].elementos):
        w.controles[i].value = elemento.respuesta
    w.boton_comprobar.click()
    assert list(w.children) == [*antes, w.retro.widget, w.fuentes.widget, w.contador.widget]
    assert "✔ Correcto." in w.marcas[0].widget.value
    fila = next(
        c for c in _controles(w) if isinstance(c, widgets.HBox) and w.marcas[0].widget in c.children
    )
    assert fila.children[-1] is w.marcas[0].widget  # debajo del texto y del control


def test_ocultar_un_widget_con_layout_compartido_no_oculta_a_los_demas(contenido):
    uno = ejercicio("m1-opcion", registro=RegistroFalso(), contenido=contenido)
    otro = ejercicio("m1-opcion", registro=RegistroFalso(), contenido=contenido)
    assert uno.boton_comprobar.layout is otro.boton_comprobar.layout  # compartido
    uno.control.radio.value = 0
    uno.boton_comprobar.click()
    assert uno.boton_comprobar.layout.display == "none"
    assert otro.boton_comprobar.layout.display is None
    assert uno.boton_comprobar.layout.width == "auto"  # conserva lo demás


def test_los_modelos_compartidos_se_recrean_si_se_cerraron(contenido):
    ejercicio("m1-opcion", registro=RegistroFalso(), contenido=contenido)
    widgets.Widget.close_all()
    w = ejercicio("m1-opcion", registro=RegistroFalso(), contenido=contenido)
    assert all(c.comm is not None for c in _controles(w))
    assert w.layout.comm is not None and w.encabezado.style.comm is not None
