"""El tablero: agregaciones puras sobre la tabla de registros y el widget."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from ayudas.tablero import ANA, LUIS, SCRIPT, contenido_de_prueba, llenar_buzon
from taller.buzon.registro import Buzon, Respuesta
from taller.tablero import Tablero
from taller.tablero import cifras as t
from taller.tablero import fuente as t_fuente


@pytest.fixture(scope="module")
def contenido():
    return contenido_de_prueba()


@pytest.fixture
def buzon(tmp_path: Path) -> Buzon:
    return llenar_buzon(tmp_path / "buzon")


@pytest.fixture
def g1(buzon: Buzon) -> pd.DataFrame:
    return t.filtrar(t.tabla_registros(buzon.leer()), "G1")


def test_tabla_registros_vacia_tiene_las_columnas() -> None:
    tabla = t.tabla_registros([])
    assert list(tabla.columns) == list(t.COLUMNAS)
    assert t.participacion(tabla).empty
    assert t.aciertos_por_ejercicio(tabla).empty
    assert t.pre_post(tabla).empty
    assert t.encuesta(tabla).empty
    assert t.reflexiones(tabla).empty
    assert t.errores_frecuentes(tabla, "x").empty


def test_participacion_por_grupo_y_fecha(buzon: Buzon, contenido) -> None:
    tabla = t.tabla_registros(buzon.leer())
    personas = t.participacion(tabla, "G1", contenido=contenido)
    assert list(personas["alias"]) == ["Ana", "Eva", "Luis <b>"]
    assert list(personas["ejercicios"]) == [5, 1, 5]
    assert personas["avance"].tolist() == [1.0, 0.2, 1.0]
    hoy = t.fechas(tabla).iloc[0]
    assert len(t.participacion(tabla, "G1", fecha=hoy)) == 3
    assert t.participacion(tabla, "G1", fecha=hoy.replace(year=2000)).empty
    assert list(t.participacion(tabla, "G2")["alias"]) == ["Zoe"]


def test_aciertos_por_ejercicio_usa_el_ultimo_intento(g1: pd.DataFrame, contenido) -> None:
    aciertos = t.aciertos_por_ejercicio(g1, contenido).set_index(["ejercicio", "modo"])
    fila = aciertos.loc[("m1-quien", "")]
    assert fila["titulo"] == "¿Quién sirve?"
    assert (fila["personas"], fila["respuestas"]) == (3, 3)
    assert fila["aciertos"] == pytest.approx(1 / 3)  # Ana acertó en su segundo intento
    assert aciertos.loc[("evaluacion", "final"), "aciertos"] == pytest.approx(0.75)
    sin_contenido = t.aciertos_por_ejercicio(g1)
    assert set(sin_contenido["titulo"]) == set(sin_contenido["ejercicio"])


def test_distribucion_de_opciones(g1: pd.DataFrame, contenido) -> None:
    dist = t.distribucion_de_opciones(g1, "m1-quien", contenido)
    conteo = dict(zip(dist["valor"], dist["personas"], strict=True))
    assert conteo == {"La jueza": 1, "Una vecina": 1, "Un turista": 1}
    correcta = dict(zip(dist["valor"], dist["correcta"], strict=True))
    assert correcta["La jueza"] is True and correcta["Una vecina"] is False
    emparejar = t.distribucion_de_opciones(g1, "m2-valores", contenido)
    fila = emparejar[(emparejar["elemento"] == "1") & (emparejar["valor"] == "Legalidad")]
    assert fila["personas"].item() == 2 and fila["proporcion"].item() == 1.0
    assert fila["texto_elemento"].item() == "No aceptar regalos"


def test_distribucion_cuenta_cada_opcion_de_una_seleccion_multiple(tmp_path: Path) -> None:
    buzon = Buzon(tmp_path)
    buzon.registrar(ANA, [Respuesta("caso", "p1", ["Legalidad", "Respeto"], False, 1)])
    buzon.registrar(LUIS, [Respuesta("caso", "p1", ["Respeto"], True, 1)])
    dist = t.distribucion_de_opciones(t.tabla_registros(buzon.leer()), "caso")
    assert dict(zip(dist["valor"], dist["personas"], strict=True)) == {
        "Respeto": 2,
        "Legalidad": 1,
    }


def test_errores_frecuentes_con_su_retroalimentacion(g1: pd.DataFrame, contenido) -> None:
    errores = t.errores_frecuentes(g1, "m2-valores", n=1, contenido=contenido)
    assert len(errores) == 1
    assert errores.loc[0, "valor"] == "Legalidad" and errores.loc[0, "personas"] == 2
    assert errores.loc[0, "retroalimentacion"] == "Respuesta: Honradez. Sin beneficios."
    om = t.errores_frecuentes(g1, "m1-quien", contenido=contenido)
    assert set(om["valor"]) == {"Una vecina", "Un turista"}
    assert "Porque «Una vecina» no." in set(om["retroalimentacion"])
    sin_contenido = t.errores_frecuentes(g1, "m1-quien")
    assert set(sin_contenido["valor"]) == {"Una vecina", "Un turista"}


@pytest.mark.parametrize(
    ("pre", "post", "esperada"),
    [(0.5, 1.0, 1.0), (0.5, 0.75, 0.5), (0.0, 0.3, 0.3), (0.6, 0.4, -0.5), (1.0, 1.0, None)],
)
def test_ganancia_normalizada_de_hake(pre: float, post: float, esperada: float | None) -> None:
    resultado = t.ganancia_normalizada(pre, post)
    if esperada is None:
        assert math.isnan(resultado)
    else:
        assert resultado == pytest.approx(esperada)
    serie = t.ganancia_normalizada(pd.Series([pre]), pd.Series([post]))
    assert (math.isnan(serie[0]) and esperada is None) or serie[0] == pytest.approx(esperada)


def test_pre_post_por_persona_y_modulo(g1: pd.DataFrame, contenido) -> None:
    tabla = t.pre_post(g1, contenido).set_index(["alias", "modulo"])
    assert tabla.loc[("Ana", "m1"), ["pre", "post"]].tolist() == [0.0, 1.0]
    assert tabla.loc[("Ana", "Total"), "ganancia"] == 1.0
    assert math.isnan(tabla.loc[("Luis <b>", "m1"), "ganancia"])  # pre = 1: indefinida
    grupo = t.ganancia_del_grupo(t.pre_post(g1, contenido)).set_index("modulo")
    assert list(grupo.index) == ["m1", "m2", "Total"]
    assert grupo.loc["Total", ["pre", "post"]].tolist() == [0.25, 0.75]
    assert grupo.loc["Total", "ganancia"] == pytest.approx((0.75 - 0.25) / 0.75)


def test_encuesta_por_pregunta(g1: pd.DataFrame, contenido) -> None:
    resumen = t.encuesta(g1, contenido).set_index("elemento")
    assert resumen.loc["q1", "pregunta"] == "¿Le sirvió?"
    assert resumen.loc["q1", ["respuestas", "promedio", "Mucho", "Nada"]].tolist() == [2, 3, 2, 0]
    assert resumen.loc["q2", "promedio"] == 2.0


def test_reflexiones_guardan_el_texto_tal_cual(g1: pd.DataFrame, contenido) -> None:
    lista = t.reflexiones(g1, contenido)
    assert list(lista["titulo"].unique()) == ["Mi compromiso"]
    assert any(SCRIPT in texto for texto in lista["texto"])
    assert len(t.reflexiones(g1)) == 2  # sin contenido, por el id («compromiso»)


# --- El widget ---------------------------------------------------------------------------


def _tablero(buzon, contenido=None, **opciones) -> Tablero:
    """Un tablero sin actualización automática (la prueba decide cuándo se lee)."""
    return Tablero(buzon, contenido, grupo="G1", automatico=False, **opciones)


def test_tablero_escapa_el_texto_libre(buzon: Buzon, contenido) -> None:
    tablero = _tablero(buzon, contenido, mostrar_nombres=True)
    html = tablero.html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>" not in html and "<img src=x" not in html
    assert "<bdi>Luis &lt;b&gt;</bdi>" in html and "Luis <b>" not in html


def test_seguro_para_proyectar_por_omision(buzon: Buzon, contenido) -> None:
    tablero = _tablero(buzon, contenido)
    assert tablero.nombres.value is False
    html = tablero.html()
    assert "Ana" not in html and "Luis" not in html  # ni seudónimos ni puntajes
    assert "Escuchar." in tablero.html_reflexiones.value  # la reflexión, sin nombre
    assert "Personas con actividad en cada módulo" in tablero.html_participacion.value
    tablero.nombres.value = True
    assert "<bdi>Ana</bdi>" in tablero.html_participacion.value
    assert "— <bdi>Ana</bdi>" in tablero.html_reflexiones.value


def test_tablero_elige_grupo_y_se_actualiza_en_su_lugar(buzon: Buzon, contenido) -> None:
    tablero = _tablero(buzon, contenido, mostrar_nombres=True)
    assert tablero.grupo.options == ("G1", "G2")
    assert "<b>3</b> persona(s)" in tablero.estado.value
    tablero.grupo.value = "G2"
    assert "<b>1</b> persona(s)" in tablero.estado.value and "Zoe" in tablero.html()
    tablero.grupo.value = "G1"
    widget_antes = tablero.html_participacion
    buzon.registrar(_nueva(), [Respuesta("m1-quien", "", "La jueza", True, 1)])
    assert "Nueva" not in tablero.html_participacion.value
    tablero.boton.click()
    assert tablero.html_participacion is widget_antes
    assert "Nueva" in tablero.html_participacion.value
    assert "<b>4</b> persona(s)" in tablero.estado.value
    assert "Actualizado a las" in tablero.reloj.value


def _nueva():
    from taller.buzon.registro import Participante

    return Participante("eeee0005", "Nueva", "G1")


def test_la_fecha_dice_todas(buzon: Buzon, contenido) -> None:
    tablero = _tablero(buzon, contenido)
    assert tablero.fecha.value == "todas" and tablero.fecha.label == "Todas"
    hoy = tablero.fecha.options[1][1]
    tablero.fecha.value = hoy
    assert "<b>3</b> persona(s)" in tablero.estado.value


def test_que_discutir_ahora(buzon: Buzon, contenido) -> None:
    tablero = _tablero(buzon, contenido)
    html = tablero.html_discutir.value
    # Por módulo y de menos a más aciertos, con el color del umbral; la evaluación no.
    ranking = html[html.index('<div class="ranking">') :]
    assert ranking.index("Módulo 1") < ranking.index("¿Quién sirve?") < ranking.index("Módulo 2")
    assert '<bdi>¿Quién sirve?</bdi> <span class="grafica-n">n = 3 de 3</span>' in html
    assert '<bdi>Valores</bdi> <span class="grafica-n">n = 2 de 3</span>' in html
    assert 'class="barra bajo"' in html and "Evaluación <span" not in html
    # Sin elegir: el de menos aciertos (Valores, 25 %) y su error más elegido.
    assert "Para discutir: <b>Valores</b>" in html
    assert '<p class="error"><bdi>Legalidad</bdi></p>' in html
    assert "Respuesta: Honradez. Sin beneficios." in html
    tablero.ejercicio.value = "m1-quien"
    assert "Para discutir: <b>¿Quién sirve?</b>" in tablero.html_discutir.value
    tablero.modulo.value = "m2"
    assert tablero.ejercicio.options == (("Mi compromiso", "m2-compromiso"),
                                         ("Valores", "m2-valores"))  # fmt: skip
    assert "¿Quién sirve?" not in tablero.html_discutir.value


def test_una_grafica_por_pregunta_con_n_de_N(buzon: Buzon, contenido) -> None:
    tablero = _tablero(buzon, contenido)
    tablero.ejercicio.value = "m2-valores"
    html = tablero.html_ejercicio.value
    assert html.count('<figure class="grafica"') == 2  # una por elemento a emparejar
    assert 'Actuar según la ley <span class="grafica-n">(n = 2 de 3)' in html
    assert "Respuesta: Honradez. Sin beneficios." in html
    tablero.ejercicio.value = "evaluacion"
    html = tablero.html_ejercicio.value
    assert "(diagnóstica n = 2 de 3; final n = 2 de 3)" in html
    assert html.count('<figure class="grafica"') == 2


def test_letra_grande_agranda_controles_y_pestanas(buzon: Buzon, contenido) -> None:
    tablero = _tablero(buzon, contenido)
    assert "taller-grande" not in tablero._dom_classes
    tablero.grande.value = True
    assert "taller-grande" in tablero._dom_classes
    assert "--jp-widgets-font-size: 22px" in tablero.hoja_de_estilo.value
    assert ".lm-TabBar-tab" in tablero.hoja_de_estilo.value


def test_en_vivo_por_omision(buzon: Buzon) -> None:
    tablero = Tablero(buzon, mostrar_nombres=True)
    try:
        assert tablero.automatico.value is True and tablero._hilo is not None
        buzon.registrar(_nueva(), [Respuesta("m1-quien", "", "La jueza", True, 1)])
        limite = time.monotonic() + 10
        while "Nueva" not in tablero.html_participacion.value and time.monotonic() < limite:
            time.sleep(0.05)
        assert "Nueva" in tablero.html_participacion.value
        assert "Actualizado a las" in tablero.reloj.value
    finally:
        tablero.automatico.value = False
    assert tablero._hilo is None


class _Fuente:
    """Una fuente que no es un buzón (como el servicio de JupyterHub): da lo nuevo."""

    def __init__(self, registros: list[dict]) -> None:
        self.pendientes = list(registros)
        self.problemas: list[str] = []

    def nuevos(self) -> list[dict]:
        nuevos, self.pendientes = self.pendientes, []
        return nuevos


def test_la_fuente_es_enchufable(buzon: Buzon, contenido) -> None:
    registros = buzon.leer().registros
    fuente = _Fuente(registros[:3])
    tablero = Tablero(fuente, contenido, grupo="G1", automatico=False, mostrar_nombres=True)
    assert isinstance(fuente, t_fuente.FuenteDeRegistros)
    antes = tablero.estado.value
    fuente.pendientes = registros[3:]
    tablero.actualizar()
    assert tablero.estado.value != antes and "<b>3</b> persona(s)" in tablero.estado.value
    assert "Luis" in tablero.html_participacion.value


def test_tablero_no_se_cae_con_archivos_danados(tmp_path: Path) -> None:
    buzon = llenar_buzon(tmp_path)
    (tmp_path / "basura.jsonl").write_bytes(b"\x00\xff{{{\n")
    (tmp_path / "notas.txt").write_text("hola", encoding="utf-8")
    tablero = Tablero(buzon, automatico=False, mostrar_nombres=True)
    assert "Se omitieron 2" in tablero.estado.value
    assert "basura.jsonl:1" in tablero.estado.value
    assert "Ana" in tablero.html_participacion.value


def test_tablero_de_un_buzon_vacio(tmp_path: Path) -> None:
    tablero = Tablero(tmp_path / "nada", automatico=False)
    assert "Todavía no hay datos" in tablero.html_participacion.value
    tablero.boton.click()


def test_importar_taller_no_carga_pandas_ni_matplotlib() -> None:
    codigo = (
        "import sys, taller, taller.buzon.registro, taller.buzon.identidad; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    )
    salida = subprocess.run(
        [sys.executable, "-c", codigo], capture_output=True, text=True, check=True
    )
    assert salida.stdout.strip() == "[]"


def test_un_caso_ramificado_muestra_titulos_y_colores(tmp_path: Path, contenido) -> None:
    import dataclasses

    from taller.contenido import modelo as m

    caso = m.CasoRamificado(
        id="m2-ramificado", tipo="caso_ramificado", modulo="m2", titulo="Una orden urgente",
        fuentes=("f1",), narrativa="Llega una usuaria.", inicio="p1",
        puntos=(m.Punto(id="p1", situacion="¿Qué hace primero?", decisiones=(
            m.Decision(texto="Escucharla", consecuencia="Se siente segura.", siguiente="bien"),
            m.Decision(texto="Mandarla a otra área", consecuencia="Se va.", siguiente="mal"),
        )),),
        desenlaces=(
            m.Desenlace(id="bien", titulo="Protección a tiempo", favorable=True,
                        retroalimentacion="Escuchar primero protege."),
            m.Desenlace(id="mal", titulo="Revictimización", favorable=False,
                        retroalimentacion="Canalizar sin escuchar revictimiza."),
        ),
    )  # fmt: skip
    con_caso = dataclasses.replace(contenido, ejercicios={**contenido.ejercicios, caso.id: caso})
    buzon = Buzon(tmp_path)
    buzon.registrar(ANA, [Respuesta(caso.id, "p1", "Escucharla", None, 1),
                          Respuesta(caso.id, "desenlace", "bien", True, 1)])  # fmt: skip
    buzon.registrar(LUIS, [Respuesta(caso.id, "p1", "Mandarla a otra área", None, 1),
                           Respuesta(caso.id, "desenlace", "mal", False, 1)])  # fmt: skip
    tablero = Tablero(buzon, con_caso, grupo="G1", automatico=False)
    tablero.ejercicio.value = caso.id
    html = tablero.html_ejercicio.value
    assert "desenlace →" not in html and ">mal<" not in html  # ni ids internos
    assert "Protección a tiempo" in html and "Revictimización" in html
    assert "¿Qué hace primero?" in html and "Desenlace" in html
    assert 'class="barra correcta"' in html and 'class="barra incorrecta"' in html
    assert "Canalizar sin escuchar revictimiza." in html  # la retroalimentación, llena


def test_la_encuesta_va_de_1_al_ultimo_punto_de_la_escala(buzon: Buzon, contenido) -> None:
    html = _tablero(buzon, contenido).html_encuesta.value
    assert '<span class="marcas"><span>1</span><span>2</span><span>3</span></span>' in html
    assert "Escala de 1 a 3: 1 = Nada; 2 = Poco; 3 = Mucho." in html
    # q1: Ana y Luis, «Mucho» (3): la barra llena; q2: Ana, «Poco» (2): a la mitad.
    assert "width:100.0%" in html and "width:50.0%" in html
    assert "(n = 2 de 3)" in html


def test_un_tablero_nuevo_apaga_al_anterior(buzon: Buzon) -> None:
    """Volver a ejecutar la celda del tablero no deja un hilo leyendo para nadie."""
    primero = Tablero(buzon)
    segundo = Tablero(buzon)
    try:
        assert primero._hilo is None and primero.automatico.value is False
        assert segundo._hilo is not None and segundo._hilo.is_alive()
    finally:
        segundo.detener()
