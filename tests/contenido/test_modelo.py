"""El modelo del contenido (objetos inmutables) y su carga desde ``tests/datos-ejemplo``."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import get_args

import pytest

from ayudas import DATOS_EJEMPLO, RAIZ
from taller import Problema, cargar_contenido
from taller.contenido import modelo as m

EJEMPLO = DATOS_EJEMPLO


@pytest.fixture(scope="module")
def contenido() -> m.Contenido:
    return cargar_contenido(EJEMPLO)


def _opcion(texto: str, correcta: bool) -> m.Opcion:
    return m.Opcion(texto=texto, correcta=correcta, retroalimentacion="Porque sí.")


# --- El modelo ---------------------------------------------------------------------------


def test_los_objetos_son_inmutables(contenido: m.Contenido) -> None:
    fuente = contenido.fuentes["cpeum-1"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fuente.ley = "Otra"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        contenido.ejercicios["m1-opcion"].titulo = "Otro"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        contenido.taller = None  # type: ignore[misc]


def test_las_colecciones_de_un_ejercicio_son_tuplas(contenido: m.Contenido) -> None:
    ejercicio = contenido.ejercicios["m1-caso"]
    assert isinstance(ejercicio, m.Caso)
    assert isinstance(ejercicio.preguntas, tuple)
    assert isinstance(ejercicio.fuentes, tuple)
    assert all(isinstance(p.opciones, tuple) for p in ejercicio.preguntas)


def test_pregunta_correctas() -> None:
    pregunta = m.Pregunta(
        id="p",
        pregunta="¿?",
        seleccion="multiple",
        fuentes=("f",),
        opciones=(_opcion("a", True), _opcion("b", False), _opcion("c", True)),
    )
    assert pregunta.correctas == frozenset({0, 2})


def test_caso_ramificado_punto_y_desenlace(contenido: m.Contenido) -> None:
    caso = contenido.ejercicios["m1-ramificado"]
    assert isinstance(caso, m.CasoRamificado)
    assert caso.punto("recepcion").situacion == "Llega una mujer usuaria."
    assert caso.punto("digna") is None
    assert caso.desenlace("digna").favorable is True
    assert caso.desenlace("recepcion") is None
    assert caso.punto(caso.inicio) is caso.puntos[0]


def test_cita_de_una_fuente() -> None:
    base = {
        "id": "x",
        "ley": "Ley General de Responsabilidades Administrativas",
        "articulo": "Art. 7",
        "fecha_consulta": date(2026, 11, 29),
    }
    assert m.Fuente(**base, por_verificar=False).cita == (
        "Ley General de Responsabilidades Administrativas, Art. 7"
    )
    assert m.Fuente(**base, por_verificar=True).cita.endswith("Art. 7 (por verificar)")


def test_resumen(contenido: m.Contenido) -> None:
    assert contenido.resumen() == (
        "1 módulos, 2 valores, 9 ejercicios, 2 términos del glosario, 3 fuentes"
    )


def test_problema_se_muestra_como_ruta_linea_campo_mensaje() -> None:
    problema = Problema("fuentes.csv", 3, "fecha_consulta", "se esperaba una fecha")
    assert str(problema) == "fuentes.csv:3: fecha_consulta: se esperaba una fecha"


# --- La carga de datos-ejemplo -----------------------------------------------------------


def test_taller_y_constancia(contenido: m.Contenido) -> None:
    assert contenido.carpeta == EJEMPLO.resolve()
    assert contenido.taller.titulo == "Taller de ejemplo"
    assert contenido.taller.constancia == m.Constancia(
        asistencia_minima=0.8, evaluacion_final_minima=0.7
    )


def test_fuentes_valores_y_glosario(contenido: m.Contenido) -> None:
    assert list(contenido.fuentes) == ["cpeum-1", "lgra-7", "dudh-1"]
    dudh = contenido.fuentes["dudh-1"]
    assert dudh.fecha_consulta == date(2026, 11, 29)
    assert dudh.por_verificar is True
    assert dudh.nota == "Fuente secundaria"
    assert contenido.fuentes["cpeum-1"].nota == ""
    respeto = contenido.valores["respeto"]
    assert respeto.definicion == "Trato digno, cortés y sin prejuicios."  # comas entre comillas
    assert respeto.tipo == "legal"
    assert respeto.fuentes == ("lgra-7",)
    assert [t.termino for t in contenido.glosario] == ["Dignidad humana", "Pro persona"]


def test_modulo_y_notas(contenido: m.Contenido) -> None:
    modulo = contenido.modulos["m1"]
    assert (modulo.numero, modulo.cuaderno, modulo.duracion_min) == (1, "01-ejemplo.ipynb", 30)
    assert modulo.objetivos == ("Probar el cargador.",)
    assert modulo.notas.preguntas_discusion == ("¿Una pregunta?",)
    (video,) = modulo.notas.videos
    assert video.id == "video-ejemplo"
    assert video.preguntas == ("¿Qué vio?",)


def test_cada_tipo_de_ejercicio(contenido: m.Contenido) -> None:
    tipos = {id_: type(e) for id_, e in contenido.ejercicios.items()}
    assert tipos == {
        "m1-opcion": m.OpcionMultiple,
        "m1-varias": m.OpcionMultiple,
        "m1-emparejar": m.Emparejar,
        "m1-clasificar": m.Clasificar,
        "m1-caso": m.Caso,
        "m1-ramificado": m.CasoRamificado,
        "m1-reflexion": m.Reflexion,
        "m1-encuesta": m.Encuesta,
        "evaluacion": m.Evaluacion,
    }
    assert all(
        e.tipo == id_tipo
        for e in contenido.ejercicios.values()
        for id_tipo, clase in m.TIPOS.items()
        if type(e) is clase
    )
    assert [e.id for e in contenido.ejercicios_del_modulo("m1")] == list(contenido.ejercicios)


def test_valores_de_los_ejercicios(contenido: m.Contenido) -> None:
    e = contenido.ejercicios
    assert e["m1-opcion"].pregunta.correctas == frozenset({0})
    assert e["m1-opcion"].pregunta.fuentes == ("cpeum-1",)  # hereda las del ejercicio
    assert e["m1-varias"].pregunta.seleccion == "multiple"
    assert e["m1-emparejar"].valores == ("legalidad", "respeto")
    assert e["m1-emparejar"].elementos[1].respuesta == "Respeto"
    assert e["m1-clasificar"].categoria("adecuada").nombre == "Adecuada"
    assert e["m1-clasificar"].elementos[0].valores == ("respeto",)
    assert e["m1-caso"].preguntas[0].seleccion == "unica"  # por defecto
    assert e["m1-caso"].preguntas[1].correctas == frozenset({0, 1})
    assert e["m1-reflexion"].max_caracteres == 500
    assert e["m1-reflexion"].minimo_caracteres == 0
    assert e["m1-reflexion"].instrucciones == ""
    assert len(e["m1-encuesta"].escala) == 5
    assert [p.modulo for p in e["evaluacion"].banco] == ["m1", "m1"]


def test_los_ejercicios_recuerdan_archivo_y_linea(contenido: m.Contenido) -> None:
    archivo = EJEMPLO.resolve() / "ejercicios" / "m1-ejemplo.yaml"
    lineas = {id_: e.linea for id_, e in contenido.ejercicios.items()}
    assert lineas["m1-opcion"] == 2
    assert lineas["m1-ramificado"] == 101
    assert lineas["evaluacion"] == 154
    assert all(e.archivo == archivo for e in contenido.ejercicios.values())
    texto = archivo.read_text(encoding="utf-8").splitlines()
    for id_, linea in lineas.items():
        assert texto[linea - 1].strip() == f"- id: {id_}"


# --- El modelo es el esquema: un solo lugar para los campos ------------------------------

_DOCUMENTO = RAIZ / "docs" / "formato-de-datos.md"
#: Las clases que son un bloque o una fila de ``datos/`` (no ``Contenido``, que es todo).
_DEL_ARCHIVO = [
    m.DatosTaller, m.Constancia, m.Modulo, m.NotasFacilitacion, m.Video, m.Fuente, m.Valor,
    m.Termino, m.Ejercicio, *m.TIPOS.values(), m.Opcion, m.Pregunta, m.Elemento, m.Categoria,
    m.Punto, m.Decision, m.Desenlace, m.ItemEncuesta,
]  # fmt: skip


def test_los_csv_documentados_tienen_las_columnas_del_modelo() -> None:
    texto = _DOCUMENTO.read_text(encoding="utf-8")
    documentadas = dict(re.findall(r"^`(\w+\.csv)`: `([^`]+)`", texto, flags=re.M))
    for archivo, clase in (
        ("fuentes.csv", m.Fuente),
        ("valores.csv", m.Valor),
        ("glosario.csv", m.Termino),
    ):
        assert documentadas[archivo].split(", ") == list(m.nombres(clase)), archivo


@pytest.mark.parametrize("clase", _DEL_ARCHIVO, ids=lambda c: c.__name__)
def test_el_documento_nombra_cada_campo_del_modelo(clase: type) -> None:
    texto = _DOCUMENTO.read_text(encoding="utf-8")
    for campo in m.nombres(clase):
        # Como clave YAML («campo:»), entre comillas invertidas o en una lista {a, b}.
        assert re.search(rf"(?<![\w-]){campo}(?=:|`|,|\}})", texto), (
            f"{clase.__name__}.{campo} no aparece en {_DOCUMENTO.name}"
        )


def test_campos_distingue_obligatorios_de_opcionales_y_nombres_del_archivo() -> None:
    assert m.campos(m.Modulo) == (
        ("id", "numero", "titulo", "cuaderno", "duracion_min", "objetivos"),
        ("fuentes", "notas_facilitacion"),  # el campo «notas» se llama así en el archivo
    )
    # Dónde se declaró un ejercicio no es un campo del archivo.
    assert "archivo" not in m.nombres(m.Ejercicio) and "linea" not in m.nombres(m.Ejercicio)
    # La pregunta de una opción múltiple va suelta en el ejercicio.
    assert m.campos(m.OpcionMultiple, excepto=m.nombres(m.Ejercicio)) == (
        ("pregunta", "opciones"),
        ("seleccion",),
    )
    assert m.TIPOS_DE_VALOR == ("legal", "institucional")
    assert m.SELECCIONES == ("unica", "multiple")
    assert m.Constancia() == m.Constancia(
        asistencia_minima=m.ASISTENCIA_MINIMA, evaluacion_final_minima=m.EVALUACION_FINAL_MINIMA
    )


def test_cada_tipo_de_ejercicio_tiene_su_clase() -> None:
    assert tuple(m.TIPOS) == get_args(m.TipoEjercicio)
    for tipo, clase in m.TIPOS.items():
        assert issubclass(clase, m.Ejercicio), tipo
