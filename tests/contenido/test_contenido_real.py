"""El contenido que se entrega en ``datos/``: mínimos del taller y fidelidad a la ficha de hechos.

Estas pruebas cargan ``datos/`` del repositorio con el cargador del paquete y revisan lo que
pide el taller (cantidades por tipo de ejercicio y módulo, los doce valores, las fuentes y su
marca «por verificar», los nombres vigentes de las leyes). Si alguien borra un ejercicio o
cambia una fuente de manera que el taller ya no cumpla, una de estas pruebas falla.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import date

import pytest

from ayudas import DATOS_REALES
from taller.contenido.carga import cargar_contenido
from taller.contenido.modelo import (
    Caso,
    CasoRamificado,
    Clasificar,
    Contenido,
    Emparejar,
    Encuesta,
    Evaluacion,
    OpcionMultiple,
    Pregunta,
    Reflexion,
    Termino,
)

DATOS = DATOS_REALES

VALORES_DEL_TALLER = {
    "responsabilidad",
    "legalidad",
    "honradez",
    "confidencialidad",
    "eficacia",
    "equidad",
    "respeto",
    "actitud-de-servicio",
    "imparcialidad",
    "integridad",
    "proactividad",
    "transparencia",
}
VALORES_INSTITUCIONALES = {"responsabilidad", "actitud-de-servicio", "proactividad"}
CUADERNOS = {
    "m0": "00-bienvenida.ipynb",
    "m1": "01-servicio-publico.ipynb",
    "m2": "02-derechos-humanos.ipynb",
    "m3": "03-pautas-de-conducta.ipynb",
    "m4": "04-igualdad-y-no-discriminacion.ipynb",
    "m5": "05-casos-cejum.ipynb",
    "m6": "06-cierre.ipynb",
}
# Fuentes que la ficha de hechos marca [S] o [M]: se reconocen por el nombre de la norma.
MARCADAS_S_O_M = {
    "Lineamientos del SNA": re.compile(r"Lineamientos.*Código de Ética", re.I),
    "Belém do Pará": re.compile(r"Belém do Pará"),
    "DUDH": re.compile(r"Declaración Universal de Derechos Humanos"),
    "tesis de la SCJN": re.compile(r"Suprema Corte de Justicia"),
    "CEDAW": re.compile(r"CEDAW|Discriminación contra la Mujer"),
}
PRUDENCIA = re.compile(r"por verificar|fuente secundaria", re.I)
CITA_LEGAL = re.compile(r"\bart(?:s)?\.\s*\d+|\bjurisprudencia\b", re.I)


@pytest.fixture(scope="module")
def contenido() -> Contenido:
    return cargar_contenido(DATOS)


def _de_tipo(contenido: Contenido, tipo: type, modulo: str | None = None) -> list:
    return [
        e
        for e in contenido.ejercicios.values()
        if isinstance(e, tipo) and (modulo is None or e.modulo == modulo)
    ]


def _todas_las_preguntas(contenido: Contenido) -> list[tuple[str, Pregunta]]:
    """Cada pregunta de opción múltiple con el id de su ejercicio (sola, en caso o evaluación)."""
    preguntas: list[tuple[str, Pregunta]] = []
    for e in contenido.ejercicios.values():
        if isinstance(e, OpcionMultiple):
            preguntas.append((e.id, e.pregunta))
        elif isinstance(e, Caso):
            preguntas += [(f"{e.id}/{p.id}", p) for p in e.preguntas]
        elif isinstance(e, Evaluacion):
            preguntas += [(f"{e.id}/{p.id}", p) for p in e.banco]
    return preguntas


# --- Módulos, taller, valores ----------------------------------------------------------


def test_siete_modulos_con_sus_cuadernos(contenido: Contenido) -> None:
    assert {m: x.cuaderno for m, x in contenido.modulos.items()} == CUADERNOS
    assert [x.numero for x in contenido.modulos.values()] == list(range(7))


def test_notas_de_facilitacion_completas(contenido: Contenido) -> None:
    for modulo in contenido.modulos.values():
        notas = modulo.notas
        assert len(notas.puntos_clave) >= 3, modulo.id
        assert len(notas.preguntas_discusion) >= 2, modulo.id
        assert modulo.objetivos, modulo.id
    for id_ in ("m1", "m2", "m3", "m4", "m5"):
        videos = contenido.modulos[id_].notas.videos
        assert videos, f"{id_} no tiene espacio para videos prácticos"
        for video in videos:
            assert video.titulo and video.muestra and video.ubicacion, video.id
            assert video.preguntas, video.id


def test_ningun_video_se_guarda_en_el_repositorio() -> None:
    extensiones = {".mp4", ".mov", ".avi", ".mkv", ".webm"}
    assert not [p for p in DATOS.rglob("*") if p.suffix.lower() in extensiones]


def test_criterios_de_constancia(contenido: Contenido) -> None:
    constancia = contenido.taller.constancia
    assert 0 < constancia.asistencia_minima <= 1
    assert 0 < constancia.evaluacion_final_minima <= 1
    assert "CEJUM" in contenido.taller.publico


def test_los_doce_valores_exactos(contenido: Contenido) -> None:
    assert set(contenido.valores) == VALORES_DEL_TALLER
    assert len(contenido.valores) == 12
    institucionales = {v.id for v in contenido.valores.values() if v.tipo == "institucional"}
    assert institucionales == VALORES_INSTITUCIONALES
    for valor in contenido.valores.values():
        assert valor.definicion and valor.conducta_adecuada and valor.conducta_inadecuada
        assert valor.fuentes, valor.id
        if valor.tipo == "institucional":
            assert "institucional" in valor.fundamento.lower(), valor.id


# --- Cantidades mínimas ----------------------------------------------------------------


@pytest.mark.parametrize("id_", ["m3-valores-definiciones", "m3-valores-conductas"])
def test_emparejar_los_doce_valores(contenido: Contenido, id_: str) -> None:
    ejercicio = contenido.ejercicios[id_]
    assert isinstance(ejercicio, Emparejar)
    assert ejercicio.modulo == "m3"
    nombres = {v.nombre for v in contenido.valores.values()}
    assert set(ejercicio.opciones) == nombres
    respuestas = [el.respuesta for el in ejercicio.elementos]
    assert sorted(respuestas) == sorted(nombres), "cada valor debe usarse exactamente una vez"


@pytest.mark.parametrize("modulo", ["m1", "m2", "m3", "m4"])
def test_al_menos_cuatro_opcion_multiple_por_modulo(contenido: Contenido, modulo: str) -> None:
    assert len(_de_tipo(contenido, OpcionMultiple, modulo)) >= 4


def test_opcion_multiple_mezcla_unica_y_multiple(contenido: Contenido) -> None:
    tipos = Counter(e.pregunta.seleccion for e in _de_tipo(contenido, OpcionMultiple))
    assert tipos["unica"] >= 4 and tipos["multiple"] >= 4, tipos


def test_clasificar_conductas_adecuadas_e_inadecuadas(contenido: Contenido) -> None:
    elementos = [
        el
        for e in _de_tipo(contenido, Clasificar)
        if {c.id for c in e.categorias} == {"adecuada", "inadecuada"}
        for el in e.elementos
    ]
    assert len(elementos) >= 16
    assert {el.respuesta for el in elementos} == {"adecuada", "inadecuada"}
    for el in elementos:
        assert el.valores, f"sin valor en juego: {el.texto}"
        assert set(el.valores) <= VALORES_DEL_TALLER


def test_clasificar_igualdad_y_discriminacion(contenido: Contenido) -> None:
    def es_de_igualdad(e: Clasificar) -> bool:
        ids = " ".join(c.id for c in e.categorias)
        return "formal" in ids and "sustantiva" in ids and "discrimin" in ids

    ejercicios = [e for e in _de_tipo(contenido, Clasificar) if es_de_igualdad(e)]
    assert ejercicios
    elementos = [el for e in ejercicios for el in e.elementos]
    assert len(elementos) >= 10
    assert len({el.respuesta for el in elementos}) == 3, "cada categoría debe tener elementos"


def test_doce_casos_con_valores_derechos_y_conducta(contenido: Contenido) -> None:
    casos = _de_tipo(contenido, Caso)
    assert len(casos) >= 12
    for caso in casos:
        assert caso.id.startswith("m5-"), caso.id
        assert caso.valores and caso.derechos, caso.id
        assert len(caso.preguntas) >= 2, caso.id
        textos = " ".join(p.pregunta.lower() for p in caso.preguntas)
        assert "valor" in textos, f"{caso.id}: falta la pregunta por los valores"
        assert "derecho" in textos, f"{caso.id}: falta la pregunta por los derechos"
        assert "conducta" in textos or "debe" in textos or "debió" in textos, caso.id


def _alcanzables(escenario: CasoRamificado) -> set[str]:
    vistos, pendientes = set(), [escenario.inicio]
    while pendientes:
        actual = pendientes.pop()
        if actual in vistos:
            continue
        vistos.add(actual)
        punto = escenario.punto(actual)
        if punto is not None:
            pendientes += [d.siguiente for d in punto.decisiones]
    return vistos


def _tiene_ciclo(escenario: CasoRamificado) -> bool:
    estado: dict[str, int] = {}

    def visitar(id_: str) -> bool:
        if estado.get(id_) == 1:
            return True
        if estado.get(id_) == 2:
            return False
        estado[id_] = 1
        punto = escenario.punto(id_)
        hay = punto is not None and any(visitar(d.siguiente) for d in punto.decisiones)
        estado[id_] = 2
        return hay

    return visitar(escenario.inicio)


def test_tres_escenarios_ramificados(contenido: Contenido) -> None:
    escenarios = _de_tipo(contenido, CasoRamificado)
    assert len(escenarios) >= 3
    for esc in escenarios:
        assert 2 <= len(esc.puntos) <= 3, esc.id
        assert {d.favorable for d in esc.desenlaces} == {True, False}, esc.id
        alcanzables = _alcanzables(esc)
        todos = {p.id for p in esc.puntos} | {d.id for d in esc.desenlaces}
        assert alcanzables == todos, f"{esc.id}: no alcanzables {todos - alcanzables}"
        assert not _tiene_ciclo(esc), esc.id
        for punto in esc.puntos:
            assert len(punto.decisiones) >= 2, f"{esc.id}/{punto.id}"


def test_evaluacion_diagnostica_y_final(contenido: Contenido) -> None:
    evaluacion = contenido.ejercicios["evaluacion"]
    assert isinstance(evaluacion, Evaluacion)
    assert evaluacion.modulo == "m0"
    assert len(evaluacion.banco) >= 15
    assert {p.modulo for p in evaluacion.banco} >= {"m1", "m2", "m3", "m4", "m5"}
    for item in evaluacion.banco:
        assert item.fuentes, item.id
        assert len(item.correctas) == 1, item.id
        assert len(item.opciones) >= 3, item.id


def test_encuesta_de_satisfaccion(contenido: Contenido) -> None:
    encuesta = contenido.ejercicios["m6-satisfaccion"]
    assert isinstance(encuesta, Encuesta)
    assert encuesta.modulo == "m6"
    assert len(encuesta.escala) == 5
    assert len(encuesta.preguntas) >= 6


def test_reflexiones_y_compromisos(contenido: Contenido) -> None:
    assert len(_de_tipo(contenido, Reflexion)) >= 3
    compromisos = contenido.ejercicios["m6-compromisos"]
    assert isinstance(compromisos, Reflexion)
    assert compromisos.modulo == "m6"
    assert "compromiso" in compromisos.consigna.lower()


def test_glosario_de_al_menos_treinta_terminos(contenido: Contenido) -> None:
    terminos = [t.termino for t in contenido.glosario]
    assert len(terminos) >= 30
    assert len(set(terminos)) == len(terminos)
    assert any("Dignidad" in t for t in terminos)


def test_ids_y_archivos_por_modulo(contenido: Contenido) -> None:
    for ejercicio in contenido.ejercicios.values():
        if ejercicio.id != "evaluacion":
            assert ejercicio.id.startswith(f"{ejercicio.modulo}-"), ejercicio.id
        assert ejercicio.archivo is not None
        assert ejercicio.archivo.name.startswith(f"{ejercicio.modulo}-"), ejercicio.id
    archivos = sorted(p.name for p in (DATOS / "ejercicios").glob("*.yaml"))
    assert [a[:2] for a in archivos] == [f"m{i}" for i in range(7)]


# --- Retroalimentación y fuentes --------------------------------------------------------


def test_toda_opcion_tiene_retroalimentacion(contenido: Contenido) -> None:
    preguntas = _todas_las_preguntas(contenido)
    assert len(preguntas) > 50
    for donde, pregunta in preguntas:
        assert pregunta.correctas, f"{donde}: ninguna opción correcta"
        for opcion in pregunta.opciones:
            assert opcion.retroalimentacion.strip(), f"{donde}: «{opcion.texto}»"


def test_retroalimentacion_de_opcion_multiple_cita_su_fuente(contenido: Contenido) -> None:
    sin_cita = [
        f"{e.id}: «{o.texto}»"
        for e in _de_tipo(contenido, OpcionMultiple)
        for o in e.pregunta.opciones
        if not CITA_LEGAL.search(o.retroalimentacion)
    ]
    assert not sin_cita
    for e in _de_tipo(contenido, OpcionMultiple):
        assert e.pregunta.fuentes, e.id


def _citas(contenido: Contenido) -> list[tuple[str, str]]:
    citas: list[tuple[str, str]] = []
    for m in contenido.modulos.values():
        citas += [(m.id, f) for f in m.fuentes]
    for v in contenido.valores.values():
        citas += [(f"valor {v.id}", f) for f in v.fuentes]
    for t in contenido.glosario:
        citas += [(f"glosario {t.termino}", f) for f in t.fuentes]
    for e in contenido.ejercicios.values():
        citas += [(e.id, f) for f in e.fuentes]
        for el in getattr(e, "elementos", ()):
            citas += [(e.id, f) for f in el.fuentes]
    for donde, p in _todas_las_preguntas(contenido):
        citas += [(donde, f) for f in p.fuentes]
    return citas


def test_toda_fuente_citada_existe(contenido: Contenido) -> None:
    citas = _citas(contenido)
    assert len(citas) > 100
    desconocidas = [(d, f) for d, f in citas if f not in contenido.fuentes]
    assert not desconocidas


def test_ninguna_fuente_sobra(contenido: Contenido) -> None:
    citadas = {f for _, f in _citas(contenido)}
    assert set(contenido.fuentes) - citadas == set()


@pytest.mark.parametrize("nombre", sorted(MARCADAS_S_O_M))
def test_fuentes_secundarias_marcadas_por_verificar(contenido: Contenido, nombre: str) -> None:
    patron = MARCADAS_S_O_M[nombre]
    fuentes = [f for f in contenido.fuentes.values() if patron.search(f.ley)]
    assert fuentes, f"no se encontró la fuente «{nombre}»"
    for fuente in fuentes:
        assert fuente.por_verificar, fuente.id


# Última reforma de cada ley, según la revisión: una consulta anterior no vio el texto vigente.
ULTIMA_REFORMA = {
    "Ley General de Acceso de las Mujeres a una Vida Libre de Violencias": date(2026, 1, 15),
    "Ley General para la Igualdad Sustantiva entre Mujeres y Hombres": date(2026, 1, 15),
    "Ley General de Responsabilidades Administrativas": date(2025, 12, 15),
    "Ley Federal para Prevenir y Eliminar la Discriminación": date(2025, 11, 14),
    "Ley General de Protección de Datos Personales en Posesión de Sujetos Obligados": date(
        2025, 11, 14
    ),
    "Constitución Política de los Estados Unidos Mexicanos": date(2025, 10, 15),
    "Ley General de Víctimas": date(2024, 4, 1),
}


def test_fuentes_vigentes_consultadas_despues_de_su_ultima_reforma(contenido: Contenido) -> None:
    vigentes = [f for f in contenido.fuentes.values() if not f.por_verificar]
    assert {f.ley for f in vigentes} <= set(ULTIMA_REFORMA), "ley sin fecha de última reforma"
    for fuente in vigentes:
        assert fuente.fecha_consulta is not None, fuente.id
        assert ULTIMA_REFORMA[fuente.ley] <= fuente.fecha_consulta <= date.today(), fuente.id


def test_lo_que_se_apoya_en_fuente_dudosa_lo_dice(contenido: Contenido) -> None:
    dudosas = {f.id for f in contenido.fuentes.values() if f.por_verificar}
    for donde, pregunta in _todas_las_preguntas(contenido):
        if set(pregunta.fuentes) & dudosas:
            textos = [pregunta.pregunta] + [o.retroalimentacion for o in pregunta.opciones]
            assert any(PRUDENCIA.search(t) for t in textos), donde
    for termino in contenido.glosario:
        if set(termino.fuentes) & dudosas:
            assert PRUDENCIA.search(termino.definicion), termino.termino


def test_lo_que_la_ficha_marca_de_memoria_no_entra_en_ejercicios(contenido: Contenido) -> None:
    de_memoria = {f.id for f in contenido.fuentes.values() if "de memoria" in f.nota.lower()}
    assert de_memoria <= {f.id for f in contenido.fuentes.values() if f.por_verificar}
    citas_en_ejercicios = {
        f for d, f in _citas(contenido) if d.split("/")[0] in contenido.ejercicios
    }
    assert not de_memoria & citas_en_ejercicios


# --- Nombres vigentes de las leyes -----------------------------------------------------


def test_ley_de_acceso_con_su_nombre_vigente(contenido: Contenido) -> None:
    leyes = {f.ley for f in contenido.fuentes.values()}
    acceso = [ley for ley in leyes if "Vida Libre de Violencia" in ley]
    assert acceso == ["Ley General de Acceso de las Mujeres a una Vida Libre de Violencias"]
    viejo = re.compile(r"Vida Libre de Violencia(?!s)", re.I)
    assert not [ley for ley in leyes if viejo.search(ley)]


def test_ningun_archivo_usa_nombres_derogados() -> None:
    viejo_acceso = re.compile(r"Vida Libre de Violencia(?!s)", re.I)
    vieja_igualdad = re.compile(r"Ley General para la Igualdad entre Mujeres", re.I)
    for archivo in sorted(p for p in DATOS.rglob("*") if p.suffix in {".csv", ".yaml"}):
        texto = archivo.read_text(encoding="utf-8")
        assert not viejo_acceso.search(texto), archivo.name
        assert not vieja_igualdad.search(texto), archivo.name


def test_lgra_7_en_su_texto_de_2025(contenido: Contenido) -> None:
    fuente = contenido.fuentes["lgra-7"]
    assert fuente.ley == "Ley General de Responsabilidades Administrativas"
    assert "2025" in fuente.nota
    igualdad = [f for f in contenido.fuentes.values() if "Igualdad" in f.ley]
    assert igualdad
    assert all("Igualdad Sustantiva" in f.ley for f in igualdad)


# --- Lo que encontró la revisión legal (issue 13) ---------------------------------------
# Cada prueba fija un hallazgo de la revisión contra los textos compilados vigentes, de modo
# que el mismo error no pueda volver sin que algo falle.

# Leyes que ya no están vigentes y que el contenido no puede citar como fuente.
LEYES_ABROGADAS = {
    "Ley del Instituto Nacional de las Mujeres (decreto DOF 15-01-2026, transitorio segundo)": (
        re.compile(r"Ley del (Instituto Nacional de las Mujeres|Inmujeres)", re.I)
    ),
}
ABROGADA = re.compile(r"abrog", re.I)
CONAVIM_EN_PRESENTE = re.compile(
    r"\b(impulsa|certifica|emite|coordina|promueve|opera|dirige|supervisa|otorga|financia|"
    r"es|son|está|tiene|elabora|evalúa)\b",
    re.I,
)
CONAVIM_EN_PASADO = re.compile(r"\b\w+(ó|aron|ieron|aba|ían?)\b|\bfue\b|\bderog", re.I)


# Fin de oración: «;» o un punto seguido de mayúscula que no cierra «art.», «fr.», etc.
FIN_DE_ORACION = re.compile(
    r"(?<=;)\s+|(?<!\bart\.)(?<!\barts\.)(?<!\bfr\.)(?<!\bfrs\.)(?<=\.)\s+(?=[A-ZÁÉÍÓÚÑ¿«])"
)


def _oraciones(texto: str) -> list[str]:
    return [o for o in FIN_DE_ORACION.split(texto) if o.strip()]


def _textos_de(objeto: object, donde: str) -> list[tuple[str, str]]:
    """Todo texto que alguien lee en un objeto del modelo (sin ids, fuentes ni tipos)."""
    no_son_texto = {
        "id",
        "tipo",
        "modulo",
        "fuentes",
        "valores",
        "siguiente",
        "inicio",
        "seleccion",
        "cuaderno",
        "respuesta",
        "categoria",
        "archivo",
    }
    if isinstance(objeto, str):
        return [(donde, objeto)]
    if isinstance(objeto, (tuple, list)):
        return [t for i, x in enumerate(objeto) for t in _textos_de(x, f"{donde}[{i}]")]
    if dataclasses.is_dataclass(objeto):
        return [
            t
            for f in dataclasses.fields(objeto)
            if f.name not in no_son_texto
            for t in _textos_de(getattr(objeto, f.name), f"{donde}.{f.name}")
        ]
    return []


def _todos_los_textos(contenido: Contenido) -> list[tuple[str, str]]:
    textos: list[tuple[str, str]] = []
    for m in contenido.modulos.values():
        textos += _textos_de(m, m.id)
    for v in contenido.valores.values():
        textos += _textos_de(v, f"valor {v.id}")
    for t in contenido.glosario:
        textos += [(f"glosario {t.termino}", t.definicion)]
    for f in contenido.fuentes.values():
        textos += [(f"fuente {f.id}", f.nota)]
    for e in contenido.ejercicios.values():
        textos += _textos_de(e, e.id)
    assert len(textos) > 1000
    return textos


def _oraciones_de_todo(contenido: Contenido) -> list[tuple[str, str]]:
    return [(d, o) for d, t in _todos_los_textos(contenido) for o in _oraciones(t)]


@pytest.mark.parametrize("ley", sorted(LEYES_ABROGADAS))
def test_ninguna_fuente_es_una_ley_abrogada(contenido: Contenido, ley: str) -> None:
    patron = LEYES_ABROGADAS[ley]
    citadas = [f.id for f in contenido.fuentes.values() if patron.search(f"{f.ley} {f.nota}")]
    assert not citadas, f"{ley}: {citadas}"


def test_una_ley_abrogada_solo_se_nombra_para_decir_que_lo_esta(contenido: Contenido) -> None:
    """Nombrarla se vale para advertir; como respuesta correcta o sin decir «abrogada», no."""
    patron = LEYES_ABROGADAS[next(iter(LEYES_ABROGADAS))]
    mal = []
    for donde, pregunta in _todas_las_preguntas(contenido):
        for opcion in pregunta.opciones:
            if patron.search(opcion.texto) and (
                opcion.correcta or not ABROGADA.search(opcion.retroalimentacion)
            ):
                mal.append(f"{donde}: «{opcion.texto}»")
    textos_de_opciones = {o.texto for _, p in _todas_las_preguntas(contenido) for o in p.opciones}
    for donde, oracion in _oraciones_de_todo(contenido):
        if oracion in textos_de_opciones:
            continue
        if patron.search(oracion) and not ABROGADA.search(oracion):
            mal.append(f"{donde}: «{oracion}»")
    assert not mal


def test_datos_personales_con_la_ley_de_2025(contenido: Contenido) -> None:
    datos = [f for f in contenido.fuentes.values() if "Datos Personales" in f.ley]
    assert datos
    for fuente in datos:
        assert "20-03-2025" in fuente.nota, fuente.id


def test_la_conavim_solo_en_pasado(contenido: Contenido) -> None:
    """Su sección en la ley de acceso (art. 42 Bis) se derogó el 15-01-2026."""
    menciones = [(d, o) for d, o in _oraciones_de_todo(contenido) if "CONAVIM" in o]
    assert menciones, "el antecedente histórico de la CONAVIM desapareció"
    for donde, oracion in menciones:
        assert not CONAVIM_EN_PRESENTE.search(oracion), f"{donde}: «{oracion}»"
        assert CONAVIM_EN_PASADO.search(oracion), f"{donde}: «{oracion}»"
    ejercicios = [d for d, _ in menciones if d.split(".")[0].split("[")[0] in contenido.ejercicios]
    assert not ejercicios, "la CONAVIM solo se menciona como antecedente, en notas y fuentes"


def test_hoy_certifica_la_secretaria_de_las_mujeres(contenido: Contenido) -> None:
    certifica = contenido.fuentes["lgamvlv-59-bis"]
    assert certifica.articulo == "Art. 59 Bis, fr. X"
    assert "Secretaría de las Mujeres certifica" in certifica.nota
    modelos = contenido.fuentes["lgamvlv-59-septies"]
    assert modelos.articulo == "Art. 59 Septies, fr. VIII"
    assert "Secretaría de las Mujeres emite los modelos" in modelos.nota


# Citas literales que el contenido debe conservar tal como las dice la ley.
CITAS_LITERALES = {
    "lgamvlv-18": [
        "de cualquier orden de gobierno",
        "tengan como fin dilatar, obstaculizar o impedir",
    ],
    "lgamvlv-28": ["deberán expedirse de manera inmediata o a más tardar dentro de las 4 horas"],
    "lgamvlv-8": ["por ser inviables"],
    "lgamvlv-50-vi": ["la igualdad y la equidad entre los géneros"],
    "lgv-120": ["en ningún caso condicionará"],
    "lgismh-5": ["identificar, cuestionar y valorar"],
}


@pytest.mark.parametrize("fuente", sorted(CITAS_LITERALES))
def test_citas_literales_en_su_fuente(contenido: Contenido, fuente: str) -> None:
    for cita in CITAS_LITERALES[fuente]:
        assert f"«{cita}»" in contenido.fuentes[fuente].nota, cita


def _definicion(contenido: Contenido, termino: str) -> Termino:
    return next(t for t in contenido.glosario if t.termino == termino)


def test_definiciones_legales_con_la_redaccion_de_la_ley(contenido: Contenido) -> None:
    perspectiva = _definicion(contenido, "Perspectiva de género")
    assert "identificar, cuestionar y valorar la discriminación" in perspectiva.definicion
    assert "lgismh-5" in perspectiva.fuentes
    institucional = _definicion(contenido, "Violencia institucional")
    for cita in CITAS_LITERALES["lgamvlv-18"]:
        assert cita in institucional.definicion
    ordenes = _definicion(contenido, "Órdenes de protección")
    assert "de manera inmediata o a más tardar dentro de las 4 horas" in ordenes.definicion
    assert {"lgamvlv-27", "lgamvlv-28", "lgamvlv-31"} <= set(ordenes.fuentes)
    equidad = _definicion(contenido, "Equidad de género")
    assert "«la igualdad y la equidad entre los géneros»" in equidad.definicion
    assert set(equidad.fuentes) == {"lgamvlv-50-vi", "lgismh-2"}
    assert "lgv-4" in _definicion(contenido, "Víctima").fuentes
    assert {"lfped-5", "lfped-15-septimus"} <= set(
        _definicion(contenido, "Acciones afirmativas").fuentes
    )
    codigo = _definicion(contenido, "Código de ética")
    assert "Secretarías o los órganos internos de control" in codigo.definicion


def test_perspectiva_de_genero_nunca_transformar(contenido: Contenido) -> None:
    mal = [
        f"{d}: «{o}»"
        for d, o in _oraciones_de_todo(contenido)
        if re.search(r"perspectiva de género", o, re.I) and re.search(r"transform", o, re.I)
    ]
    assert not mal


def test_datos_sensibles_con_consentimiento_expreso_y_por_escrito(contenido: Contenido) -> None:
    mal = [
        f"{d}: «{o}»"
        for d, o in _oraciones_de_todo(contenido)
        if re.search(r"consentimiento expreso", o, re.I) and "por escrito" not in o
    ]
    assert not mal
    fuente = contenido.fuentes["lgpdppso-15"]
    assert "expreso y por escrito" in fuente.nota
    assert "Art. 16" in contenido.fuentes["lgpdppso-16"].articulo


def test_la_mediacion_no_se_presenta_como_prohibida(contenido: Contenido) -> None:
    """La ley pide evitarla (art. 8, fr. IV) y no obligarla (art. 52, fr. IX); no dice «prohíbe»."""
    mal = [
        f"{d}: «{o}»"
        for d, o in _oraciones_de_todo(contenido)
        if re.search(r"mediaci|concilia", o, re.I)
        and re.search(r"prohib|prohíb|no permite", o, re.I)
    ]
    assert not mal


def test_24_horas_y_sin_denuncia_citan_el_59_ter(contenido: Contenido) -> None:
    mal = [
        f"{d}: «{o}»"
        for d, o in _oraciones_de_todo(contenido)
        if re.search(r"24 horas|con o sin denuncia", o)
        and CITA_LEGAL.search(o)
        and "59 Ter" not in o
    ]
    assert not mal


def test_lgra_6_obliga_a_los_entes_publicos(contenido: Contenido) -> None:
    mal = [
        f"{d}: «{o}»"
        for d, o in _oraciones_de_todo(contenido)
        if re.search(r"LGRA[^.;]*art\. 6\b|LGRA, art\. 6\b", o) and "entes públicos" not in o
    ]
    assert not mal


def test_culpar_a_la_victima_se_responde_con_la_buena_fe(contenido: Contenido) -> None:
    ejercicio = contenido.ejercicios["m4-no-criminalizacion"]
    assert isinstance(ejercicio, OpcionMultiple)
    opciones = ejercicio.pregunta.opciones
    assert [opciones[i].texto for i in ejercicio.pregunta.correctas] == ["Buena fe."]


def test_el_deber_de_denunciar_se_ensena_con_la_autonomia(contenido: Contenido) -> None:
    caso = contenido.ejercicios["m5-caso-quien-denuncia"]
    assert isinstance(caso, Caso)
    assert {"lgamvlv-29", "lgv-120", "lgamvlv-59-ter"} <= set(caso.fuentes)
    conducta = caso.preguntas[-1]
    (indice,) = conducta.correctas
    correcta = conducta.opciones[indice]
    assert "lo decide ella" in correcta.texto and "deber" in correcta.texto


def test_equidad_de_genero_tiene_ejercicios_con_ley_vigente(contenido: Contenido) -> None:
    ejercicios = [
        e
        for e in _de_tipo(contenido, OpcionMultiple, "m4")
        if "equidad de género" in e.titulo.lower()
    ]
    assert ejercicios
    citadas = {f for e in ejercicios for f in e.fuentes}
    assert {"lgamvlv-50-vi", "lgismh-2"} <= citadas
    for e in ejercicios:
        for f in e.fuentes:
            assert not contenido.fuentes[f].por_verificar, f"{e.id}: {f}"


def test_el_ejemplo_de_discriminacion_indirecta_no_nombra_un_motivo(contenido: Contenido) -> None:
    """Si la regla nombra un motivo de la lista (la lengua, por ejemplo), ya no es indirecta."""
    motivos = re.compile(
        r"español|lengua|embaraz|migra|antecedentes penales|edad|indígena|sexo|género", re.I
    )
    for donde, pregunta in _todas_las_preguntas(contenido):
        correctas = [pregunta.opciones[i].texto for i in pregunta.correctas]
        if any(re.match(r"(Discriminación )?indirecta", t, re.I) for t in correctas):
            assert not motivos.search(pregunta.pregunta), f"{donde}: {pregunta.pregunta}"


def test_el_cejum_da_acceso_las_24_horas_no_dice_abierto(contenido: Contenido) -> None:
    """La ley (art. 59 Ter) habla del acceso las 24 horas, todos los días del año."""
    mal = [
        f"{d}: «{t}»" for d, t in _todos_los_textos(contenido) if re.search(r"abiert\w* las 24", t)
    ]
    assert not mal
