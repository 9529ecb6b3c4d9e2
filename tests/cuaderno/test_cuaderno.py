"""Lo que muestran los cuadernos fuera de los ejercicios: registro, encabezado, tablas,
videos y notas. Sobre el contenido real de datos/ y una carpeta de taller temporal."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

import taller
from taller.carpeta import MARCA
from taller.contenido import contenido_actual
from taller.cuaderno import sesion


@pytest.fixture
def carpeta(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TALLER_CARPETA", str(tmp_path))
    monkeypatch.setenv("TALLER_BUZON", str(tmp_path / "buzon"))
    (tmp_path / MARCA).write_text('{"version": 1, "videos": {}}', encoding="utf-8")
    return tmp_path


def _videos(carpeta: Path, videos: dict[str, str]) -> None:
    (carpeta / MARCA).write_text(json.dumps({"version": 1, "videos": videos}), encoding="utf-8")


def test_encabezado_con_objetivos_y_duracion(carpeta):
    m3 = contenido_actual().modulos["m3"]
    html = taller.encabezado("m3").value
    assert m3.titulo in html and f"{m3.duracion_min} minutos" in html
    assert all(escape(o) in html for o in m3.objetivos)


def test_modulo_desconocido_avisa_sin_excepcion(carpeta):
    assert "No existe el módulo «m9»" in taller.encabezado("m9").value


def test_agenda_suma_las_duraciones(carpeta):
    total = sum(m.duracion_min for m in contenido_actual().modulos.values())
    assert f"{total // 60} h {total % 60:02d} min" in taller.agenda().value


def test_tabla_de_valores_tiene_los_doce(carpeta):
    html = taller.tabla_valores().value
    assert html.count("<tr><th scope='row'>") == 12
    filas = html.split("<tr><th scope='row'>")[1:]
    institucionales = [f for f in filas if "valor institucional" in f.lower()]
    assert len(institucionales) == 3  # responsabilidad, actitud de servicio, proactividad
    assert not any(f.lower().count("valor institucional") > 1 for f in filas)


def test_glosario_filtra_y_cita(carpeta):
    html = taller.glosario("Dignidad humana").value
    assert html.count("<dt>") == 1 and "Fuente:" in html


def test_video_sin_configurar_da_una_nota_clara(carpeta):
    html = taller.video("video-m3-recepcion").value
    assert "este video aún no está configurado" in html and "video-m3-recepcion" in html


def test_video_con_enlace(carpeta):
    _videos(carpeta, {"video-m3-recepcion": "https://ejemplo.org/v?a=1&b=<2>"})
    html = taller.video("video-m3-recepcion").value
    assert "href='https://ejemplo.org/v?a=1&amp;b=&lt;2&gt;'" in html


def test_video_archivo_local(carpeta, monkeypatch):
    (carpeta / "videos").mkdir()
    (carpeta / "videos" / "recepcion.mp4").write_bytes(b"\x00")
    (carpeta / "participante").mkdir()
    monkeypatch.chdir(carpeta / "participante")
    _videos(carpeta, {"video-m3-recepcion": "videos/recepcion.mp4"})
    assert "src='../videos/recepcion.mp4'" in taller.video("video-m3-recepcion").value


def test_video_archivo_que_falta(carpeta):
    _videos(carpeta, {"video-m3-recepcion": "videos/no-esta.mp4"})
    assert "No se encontró el archivo" in taller.video("video-m3-recepcion").value


def test_video_desconocido(carpeta):
    assert "No existe el video «x»" in taller.video("x").value


def test_notas_de_facilitacion(carpeta):
    notas = contenido_actual().modulos["m2"].notas
    html = taller.notas_facilitacion("m2").value
    assert notas.preguntas_discusion[0][:30] in html.replace("&quot;", '"')


def test_registro_una_vez_y_recordado(carpeta):
    caja = taller.inicio("m1")
    registro = caja.children[0]
    estado, (alias, grupo, boton) = registro.children[0], registro.children[1].children
    assert "Se pide una sola vez" in estado.value
    alias.value, grupo.value = "<Jacaranda>", "cejum-1"
    boton.click()
    assert "&lt;Jacaranda&gt;" in estado.value and "CEJUM-1" in estado.value
    otra = taller.inicio("m2").children[0]
    assert otra.children[1].children[0].value == "<Jacaranda>"
    assert sesion.participante_actual().alias == "<Jacaranda>"


def test_registro_con_datos_invalidos_explica(carpeta):
    registro = taller.inicio("m1").children[0]
    estado, (alias, grupo, boton) = registro.children[0], registro.children[1].children
    alias.value, grupo.value = "   ", "G1"
    boton.click()
    assert "⚠" in estado.value
    assert sesion.participante_actual() is None


def test_ejercicio_antes_de_registrarse_no_pierde_respuestas(carpeta):
    registro = sesion.registro_actual()
    assert registro.participante.grupo == sesion.GRUPO_PROVISIONAL
    nuevo = sesion.registrar_participante("Ceiba", "G2")
    assert nuevo.id == registro.participante.id
