"""Un taller y un buzón de prueba para el tablero y el informe (sin pruebas propias).

Lo usan las pruebas del tablero y del informe; el contenido se arma con el
modelo, sin leer ``datos/``, para no depender de lo que el contenido real diga.
"""

from __future__ import annotations

from pathlib import Path

from taller.buzon.registro import Buzon, Participante, Respuesta
from taller.contenido import modelo as m

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

ANA = Participante("aaaa0001", "Ana", "G1")
LUIS = Participante("bbbb0002", "Luis <b>", "G1")
EVA = Participante("cccc0003", "Eva", "G1")
ZOE = Participante("dddd0004", "Zoe", "G2")


def _opciones(*textos: tuple[str, bool]) -> tuple[m.Opcion, ...]:
    return tuple(
        m.Opcion(texto=t, correcta=c, retroalimentacion=f"Porque «{t}» {'sí' if c else 'no'}.")
        for t, c in textos
    )


def contenido_de_prueba() -> m.Contenido:
    pregunta = m.Pregunta(
        id="p",
        pregunta="¿Quién es servidora pública?",
        seleccion="unica",
        opciones=_opciones(("La jueza", True), ("Una vecina", False), ("Un turista", False)),
        fuentes=("f1",),
    )
    banco = (
        m.Pregunta(
            id="e01", modulo="m1", pregunta="¿E1?", seleccion="unica",
            opciones=_opciones(("Sí", True), ("No", False)), fuentes=("f1",),
        ),
        m.Pregunta(
            id="e02", modulo="m2", pregunta="¿E2?", seleccion="unica",
            opciones=_opciones(("A", True), ("B", False)), fuentes=("f1",),
        ),
    )  # fmt: skip
    comunes = {"fuentes": ("f1",)}
    ejercicios: list[m.Ejercicio] = [
        m.OpcionMultiple(
            id="m1-quien", tipo="opcion_multiple", modulo="m1", titulo="¿Quién sirve?",
            pregunta=pregunta, **comunes,
        ),
        m.Emparejar(
            id="m2-valores", tipo="emparejar", modulo="m2", titulo="Valores",
            opciones=("Legalidad", "Honradez"),
            elementos=(
                m.Elemento(texto="Actuar según la ley", respuesta="Legalidad",
                           explicacion="La ley manda.", fuentes=("f1",)),
                m.Elemento(texto="No aceptar regalos", respuesta="Honradez",
                           explicacion="Sin beneficios.", fuentes=("f1",)),
            ),
            **comunes,
        ),
        m.Evaluacion(
            id="evaluacion", tipo="evaluacion", modulo="m9", titulo="Evaluación",
            banco=banco, **comunes,
        ),
        m.Reflexion(
            id="m2-compromiso", tipo="reflexion", modulo="m2", titulo="Mi compromiso",
            consigna="¿A qué se compromete?", **comunes,
        ),
        m.Encuesta(
            id="satisfaccion", tipo="encuesta", modulo="m9", titulo="Encuesta",
            escala=("Nada", "Poco", "Mucho"),
            preguntas=(m.ItemEncuesta(id="q1", texto="¿Le sirvió?"),
                       m.ItemEncuesta(id="q2", texto="¿Lo recomendaría?")),
            **comunes,
        ),
    ]  # fmt: skip
    modulos = {
        f"m{n}": m.Modulo(
            id=f"m{n}", numero=n, titulo=f"Módulo {n}", cuaderno=f"0{n}.ipynb",
            duracion_min=30, objetivos=("x",),
        )
        for n in (1, 2, 9)
    }  # fmt: skip
    return m.Contenido(
        carpeta=Path("."),
        taller=m.DatosTaller(titulo="Taller", institucion="Inst", publico="CEJUM"),
        modulos=modulos,
        valores={},
        glosario=(),
        fuentes={},
        ejercicios={e.id: e for e in ejercicios},
    )


def _evaluacion(modo: str, e01: bool, e02: bool) -> list[Respuesta]:
    return [
        Respuesta("evaluacion", "e01", "Sí" if e01 else "No", e01, 1, modo),
        Respuesta("evaluacion", "e02", "A" if e02 else "B", e02, 1, modo),
    ]


def llenar_buzon(carpeta: Path) -> Buzon:
    """Ana y Luis completan casi todo, Eva solo la opción múltiple; Zoe es de otro grupo."""
    buzon = Buzon(carpeta)
    om = "m1-quien"
    buzon.registrar(ANA, [Respuesta(om, "", "Una vecina", False, 1)])
    buzon.registrar(ANA, [Respuesta(om, "", "La jueza", True, 2)])
    buzon.registrar(LUIS, [Respuesta(om, "", "Una vecina", False, 1)])
    buzon.registrar(EVA, [Respuesta(om, "", "Un turista", False, 1)])
    buzon.registrar(ZOE, [Respuesta(om, "", "La jueza", True, 1)])
    buzon.registrar(
        ANA,
        [Respuesta("m2-valores", "0", "Legalidad", True, 1),
         Respuesta("m2-valores", "1", "Legalidad", False, 1)],
    )  # fmt: skip
    buzon.registrar(
        LUIS,
        [Respuesta("m2-valores", "0", "Honradez", False, 1),
         Respuesta("m2-valores", "1", "Legalidad", False, 1)],
    )  # fmt: skip
    buzon.registrar(ANA, _evaluacion("diagnostico", False, False))
    buzon.registrar(ANA, _evaluacion("final", True, True))
    buzon.registrar(LUIS, _evaluacion("diagnostico", True, False))
    buzon.registrar(LUIS, _evaluacion("final", True, False))
    buzon.registrar(ANA, [Respuesta("m2-compromiso", "", f"Escuchar. {SCRIPT}", None, 1)])
    buzon.registrar(LUIS, [Respuesta("m2-compromiso", "", f"Atender {IMG} bien", None, 1)])
    buzon.registrar(
        ANA,
        [Respuesta("satisfaccion", "q1", "Mucho", None, 1),
         Respuesta("satisfaccion", "q2", "Poco", None, 1)],
    )  # fmt: skip
    buzon.registrar(LUIS, [Respuesta("satisfaccion", "q1", "Mucho", None, 1)])
    return buzon
