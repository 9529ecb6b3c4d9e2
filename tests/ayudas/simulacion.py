"""Un taller completo simulado sobre el contenido real: N personas de un grupo responden
(casi) todo, con aciertos al azar pero reproducibles (sin pruebas propias).

Lo usan las pruebas del informe impreso y las capturas del tablero: el tamaño de un
grupo real (25 personas) es lo que decide cuántas páginas ocupa el informe.
"""

from __future__ import annotations

import random
from pathlib import Path

from taller.buzon.registro import Buzon, Participante, Respuesta
from taller.contenido import modelo as m

REFLEXION = (
    "Me llevo que la dignidad de cada usuaria no depende de su trámite. En recepción voy a "
    "presentarme por mi nombre, explicar qué sigue y no pedir que repita su historia si ya "
    "la contó a otra área. "
)


def _pregunta(p: m.Pregunta, azar: random.Random, habilidad: float) -> tuple[str, bool]:
    correctas = [o for o in p.opciones if o.correcta]
    incorrectas = [o for o in p.opciones if not o.correcta]
    if azar.random() < habilidad or not incorrectas:
        return correctas[0].texto, True
    return azar.choice(incorrectas).texto, False


def _respuestas(
    ej: m.Ejercicio, azar: random.Random, habilidad: float, modo: str = ""
) -> list[Respuesta]:
    if isinstance(ej, m.OpcionMultiple):
        valor, bien = _pregunta(ej.pregunta, azar, habilidad)
        return [Respuesta(ej.id, "", valor, bien, 1)]
    if isinstance(ej, (m.Caso, m.Evaluacion)):
        preguntas = ej.preguntas if isinstance(ej, m.Caso) else ej.banco
        salida = []
        for p in preguntas:
            valor, bien = _pregunta(p, azar, habilidad)
            salida.append(Respuesta(ej.id, p.id, valor, bien, 1, modo, float(bien)))
        return salida
    if isinstance(ej, (m.Emparejar, m.Clasificar)):
        opciones = (
            list(ej.opciones) if isinstance(ej, m.Emparejar) else [c.id for c in ej.categorias]
        )
        salida = []
        for i, el in enumerate(ej.elementos):
            valor = el.respuesta if azar.random() < habilidad else azar.choice(opciones)
            salida.append(Respuesta(ej.id, str(i), valor, valor == el.respuesta, 1))
        return salida
    if isinstance(ej, m.CasoRamificado):
        salida, punto = [], ej.punto(ej.inicio)
        while punto is not None:
            decision = azar.choice(punto.decisiones)
            salida.append(Respuesta(ej.id, punto.id, decision.texto, None, 1))
            siguiente = decision.siguiente
            punto = ej.punto(siguiente)
            desenlace = ej.desenlace(siguiente)
            if desenlace is not None:
                salida.append(Respuesta(ej.id, "desenlace", desenlace.id, desenlace.favorable, 1))
        return salida
    if isinstance(ej, m.Reflexion):
        return [Respuesta(ej.id, "", REFLEXION * azar.randint(1, 2), None, 1)]
    if isinstance(ej, m.Encuesta):
        return [
            Respuesta(ej.id, item.id, azar.randint(3, len(ej.escala)), None, 1)
            for item in ej.preguntas
        ]
    return []


def simular_taller(
    carpeta: Path, contenido: m.Contenido, personas: int = 25, grupo: str = "CEJUM-1"
) -> Buzon:
    """Un buzón con ``personas`` que hacen la diagnóstica, los ejercicios de cada módulo
    (algunas se saltan uno), la final, las reflexiones y la encuesta."""
    azar = random.Random(16)
    buzon = Buzon(carpeta)
    evaluacion = next(e for e in contenido.ejercicios.values() if e.tipo == "evaluacion")
    for n in range(personas):
        persona = Participante(f"sim{n:05d}", f"Persona {n + 1:02d}", grupo)
        habilidad = azar.uniform(0.35, 0.9)
        buzon.registrar(persona, _respuestas(evaluacion, azar, habilidad * 0.7, "diagnostico"))
        salta = azar.choice([None, None, None, "m4", "m3"])
        for ej in contenido.ejercicios.values():
            if ej.tipo == "evaluacion" or ej.modulo == salta:
                continue
            respuestas = _respuestas(ej, azar, habilidad)
            if respuestas:
                buzon.registrar(persona, respuestas)
        buzon.registrar(persona, _respuestas(evaluacion, azar, min(habilidad * 1.2, 1), "final"))
    return buzon
