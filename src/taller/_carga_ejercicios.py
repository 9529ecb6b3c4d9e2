"""Carga y validación de los ejercicios (``datos/ejercicios/*.yaml``), tipo por tipo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import modelo as m
from ._campos import Bloque

COMUNES = ("id", "tipo", "modulo", "titulo", "fuentes")
COMUNES_OPCIONALES = ("instrucciones", "valores")
_OPCION = ("texto", "correcta", "retroalimentacion")


class Referencias:
    """Ids citados (fuentes, valores, módulos) para verificarlos al final de la carga."""

    def __init__(self) -> None:
        self.citas: list[tuple[str, str, Path, int, str]] = []  # (tipo, id, archivo, línea, campo)

    def anotar(self, tipo: str, ids: tuple[str, ...], bloque: Bloque, campo: str) -> None:
        for id_ in ids:
            self.citas.append((tipo, id_, bloque.archivo, bloque.linea_de(campo),
                               bloque.campo(campo)))


def cargar_ejercicio(bloque: Bloque, refs: Referencias) -> m.Ejercicio | None:
    tipo = bloque.texto("tipo")
    lector = _LECTORES.get(tipo or "")
    if tipo is not None and lector is None:
        bloque.anotar("tipo", f"tipo desconocido {tipo!r}; tipos válidos: {', '.join(m.TIPOS)}")
    comunes = {
        "id": bloque.identificador("id"),
        "tipo": tipo,
        "modulo": bloque.texto("modulo"),
        "titulo": bloque.texto("titulo"),
        "fuentes": _fuentes(bloque, refs, minimo=1),
        "instrucciones": bloque.texto("instrucciones") if "instrucciones" in bloque.mapa else "",
        "valores": bloque.textos("valores"),
        "archivo": bloque.archivo,
        "linea": bloque.linea,
    }
    if comunes["modulo"]:
        refs.anotar("modulo", (comunes["modulo"],), bloque, "modulo")
    refs.anotar("valor", comunes["valores"], bloque, "valores")
    if lector is None:
        return None
    propios = lector(bloque, refs)
    campos = {**comunes, **(propios or {})}
    if propios is None or any(v is None for v in campos.values()):
        return None
    return m.TIPOS[tipo](**campos)  # type: ignore[index]


def campos_de(tipo: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Campos (obligatorios, opcionales) de un ejercicio de ese tipo."""
    propios = _CAMPOS.get(tipo, ((), ()))
    return (*COMUNES, *propios[0]), (*COMUNES_OPCIONALES, *propios[1])


def _fuentes(bloque: Bloque, refs: Referencias, minimo: int = 0) -> tuple[str, ...]:
    fuentes = bloque.textos("fuentes", minimo=minimo)
    refs.anotar("fuente", fuentes, bloque, "fuentes")
    return fuentes


def _opciones(bloque: Bloque, seleccion: str) -> tuple[m.Opcion, ...] | None:
    opciones = []
    for b in bloque.bloques("opciones", _OPCION, minimo=2):
        texto, correcta, retro = b.texto("texto"), b.booleano("correcta"), b.texto(
            "retroalimentacion")
        if texto is not None and correcta is not None and retro is not None:
            opciones.append(m.Opcion(texto=texto, correcta=correcta, retroalimentacion=retro))
    if "opciones" not in bloque.mapa:
        return None
    n = sum(o.correcta for o in opciones)
    textos = [o.texto for o in opciones]
    for repetido in {t for t in textos if textos.count(t) > 1}:
        bloque.anotar("opciones", f"la opción «{repetido}» está repetida")
    if seleccion == "unica" and n != 1:
        bloque.anotar("opciones", "una pregunta de selección única necesita exactamente una "
                      f"opción con «correcta: true» y tiene {n}")
    elif seleccion == "multiple" and n == 0:
        bloque.anotar("opciones", "una pregunta de selección múltiple necesita al menos una "
                      "opción correcta y no tiene ninguna")
    return tuple(opciones)


def _pregunta(bloque: Bloque, refs: Referencias, id_: str, anidada: bool,
              seleccion_fija: str | None = None) -> m.Pregunta | None:
    """Una pregunta; ``anidada`` si va dentro de un caso o de la evaluación (entonces cita
    sus propias fuentes). Si no, sus fuentes y su módulo son los del ejercicio, ya leídos."""
    seleccion = seleccion_fija or "unica"
    if "seleccion" in bloque.mapa:
        valor = bloque.texto("seleccion")
        if valor not in ("unica", "multiple"):
            bloque.anotar("seleccion", f"se esperaba «unica» o «multiple» y se encontró «{valor}»")
            return None
        seleccion = valor
    texto = bloque.texto("pregunta")
    opciones = _opciones(bloque, seleccion)
    fuentes, modulo = bloque.textos("fuentes"), ""
    if anidada:
        fuentes = _fuentes(bloque, refs, minimo=1)
        modulo = bloque.texto("modulo") if "modulo" in bloque.mapa else ""
        if modulo:
            refs.anotar("modulo", (modulo,), bloque, "modulo")
    if texto is None or opciones is None or modulo is None or not fuentes:
        return None
    return m.Pregunta(id=id_, pregunta=texto, seleccion=seleccion, opciones=opciones,
                      fuentes=fuentes, modulo=modulo)


def _ids_unicos(bloque: Bloque, campo: str, ids: list[tuple[str, int]]) -> None:
    vistos: dict[str, int] = {}
    for id_, linea in ids:
        if id_ in vistos:
            bloque.problemas.agregar(bloque.archivo, linea, f"{bloque.campo(campo)}.id",
                                     f"id «{id_}» repetido (ya usado en la línea {vistos[id_]})")
        else:
            vistos[id_] = linea


def _opcion_multiple(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    pregunta = _pregunta(b, refs, "", anidada=False)
    return None if pregunta is None else {"pregunta": pregunta}


def _preguntas(b: Bloque, refs: Referencias, campo: str, requeridos: tuple[str, ...],
               opcionales: tuple[str, ...], seleccion_fija: str | None) -> tuple | None:
    preguntas, ids = [], []
    for p in b.bloques(campo, requeridos, opcionales, minimo=1):
        id_ = p.identificador("id")
        pregunta = _pregunta(p, refs, id_ or "", anidada=True, seleccion_fija=seleccion_fija)
        if id_:
            ids.append((id_, p.linea))
        if pregunta is not None and id_:
            preguntas.append(pregunta)
    _ids_unicos(b, campo, ids)
    return tuple(preguntas) if campo in b.mapa else None


def _caso(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    preguntas = _preguntas(b, refs, "preguntas", ("id", "pregunta", "opciones", "fuentes"),
                           ("seleccion",), None)
    narrativa = b.texto("narrativa")
    if preguntas is None or narrativa is None:
        return None
    return {"narrativa": narrativa, "preguntas": preguntas, "derechos": b.textos("derechos")}


def _evaluacion(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    banco = _preguntas(b, refs, "banco", ("id", "modulo", "pregunta", "opciones", "fuentes"),
                       (), "unica")
    return None if banco is None else {"banco": banco}


def _elementos(b: Bloque, refs: Referencias, clave: str, validas: set[str],
               que: str) -> tuple[m.Elemento, ...] | None:
    elementos = []
    for e in b.bloques("elementos", ("texto", clave, "explicacion"), ("fuentes", "valores"),
                       minimo=2):
        respuesta = e.texto(clave)
        if respuesta is not None and validas and respuesta not in validas:
            e.anotar(clave, f"«{respuesta}» no está entre {que}: {', '.join(sorted(validas))}")
            respuesta = None
        valores = e.textos("valores")
        refs.anotar("valor", valores, e, "valores")
        campos = (e.texto("texto"), respuesta, e.texto("explicacion"))
        fuentes = _fuentes(e, refs)
        if all(c is not None for c in campos):
            texto, resp, explicacion = campos
            elementos.append(m.Elemento(texto=texto, respuesta=resp, explicacion=explicacion,
                                        fuentes=fuentes, valores=valores))
    return tuple(elementos) if "elementos" in b.mapa else None


def _emparejar(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    opciones = b.textos("opciones", minimo=2)
    repetidas = {o for o in opciones if opciones.count(o) > 1}
    for o in sorted(repetidas):
        b.anotar("opciones", f"la opción «{o}» está repetida")
    elementos = _elementos(b, refs, "respuesta", set(opciones), "las opciones del ejercicio")
    if not opciones or elementos is None:
        return None
    return {"opciones": opciones, "elementos": elementos}


def _clasificar(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    categorias, ids = [], []
    for c in b.bloques("categorias", ("id", "nombre"), minimo=2):
        id_, nombre = c.identificador("id"), c.texto("nombre")
        if id_:
            ids.append((id_, c.linea))
        if id_ and nombre:
            categorias.append(m.Categoria(id=id_, nombre=nombre))
    _ids_unicos(b, "categorias", ids)
    elementos = _elementos(b, refs, "categoria", {c.id for c in categorias},
                           "las categorías del ejercicio")
    if not categorias or elementos is None:
        return None
    return {"categorias": tuple(categorias), "elementos": elementos}


def _reflexion(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    consigna = b.texto("consigna")
    maximo = b.entero("max_caracteres", minimo=1) if "max_caracteres" in b.mapa else 2000
    minimo = b.entero("minimo_caracteres", minimo=0) if "minimo_caracteres" in b.mapa else 0
    if maximo is not None and minimo is not None and minimo > maximo:
        b.anotar("minimo_caracteres", f"el mínimo ({minimo}) es mayor que el máximo ({maximo})")
        return None
    if consigna is None or maximo is None or minimo is None:
        return None
    return {"consigna": consigna, "max_caracteres": maximo, "minimo_caracteres": minimo}


def _encuesta(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    escala = b.textos("escala")
    if "escala" in b.mapa and len(escala) < 3:
        b.anotar("escala", "una escala Likert necesita al menos 3 puntos y tiene "
                 f"{len(escala)}")
        return None
    preguntas, ids = [], []
    for p in b.bloques("preguntas", ("id", "texto"), minimo=1):
        id_, texto = p.identificador("id"), p.texto("texto")
        if id_:
            ids.append((id_, p.linea))
        if id_ and texto:
            preguntas.append(m.ItemEncuesta(id=id_, texto=texto))
    _ids_unicos(b, "preguntas", ids)
    if not escala or "preguntas" not in b.mapa:
        return None
    return {"escala": escala, "preguntas": tuple(preguntas)}


def _caso_ramificado(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    narrativa, inicio = b.texto("narrativa"), b.identificador("inicio")
    puntos: list[m.Punto] = []
    lineas: dict[str, tuple[Bloque, int]] = {}
    for p in b.bloques("puntos", ("id", "situacion", "decisiones"), minimo=1):
        id_, situacion = p.identificador("id"), p.texto("situacion")
        decisiones = []
        for d in p.bloques("decisiones", ("texto", "consecuencia", "siguiente")):
            campos = d.texto("texto"), d.texto("consecuencia"), d.identificador("siguiente")
            if all(campos):
                texto, consecuencia, siguiente = campos
                decisiones.append(m.Decision(texto=texto, consecuencia=consecuencia,
                                             siguiente=siguiente))
                lineas[f"{id_}>{len(decisiones) - 1}"] = (d, d.linea_de("siguiente"))
        if "decisiones" in p.mapa and not p.mapa["decisiones"]:
            p.anotar("decisiones", "punto sin salida: no tiene decisiones; termine en un "
                     "desenlace con «siguiente»")
        if id_ and situacion:
            puntos.append(m.Punto(id=id_, situacion=situacion, decisiones=tuple(decisiones)))
            lineas[id_] = (p, p.linea)
    desenlaces = []
    for d in b.bloques("desenlaces", ("id", "titulo", "favorable", "retroalimentacion"),
                       minimo=1):
        campos = (d.identificador("id"), d.texto("titulo"), d.booleano("favorable"),
                  d.texto("retroalimentacion"))
        if all(c is not None for c in campos):
            id_, titulo, favorable, retro = campos
            desenlaces.append(m.Desenlace(id=id_, titulo=titulo, favorable=favorable,
                                          retroalimentacion=retro))
            lineas[id_] = (d, d.linea)
    _ids_unicos(b, "puntos y desenlaces",
                [(x.id, lineas[x.id][1]) for x in (*puntos, *desenlaces)])
    if narrativa is None or inicio is None or not puntos or not desenlaces:
        return None
    _verificar_grafo(b, inicio, puntos, desenlaces, lineas)
    return {"narrativa": narrativa, "inicio": inicio, "puntos": tuple(puntos),
            "desenlaces": tuple(desenlaces)}


def _verificar_grafo(b: Bloque, inicio: str, puntos: list[m.Punto],
                     desenlaces: list[m.Desenlace],
                     lineas: dict[str, tuple[Bloque, int]]) -> None:
    """Sin saltos a ids desconocidos, sin ciclos, todo alcanzable desde ``inicio``."""
    por_id = {p.id: p for p in puntos}
    finales = {d.id for d in desenlaces}
    if inicio not in por_id:
        b.anotar("inicio", f"«{inicio}» no es el id de ningún punto")
        return
    for p in puntos:
        for i, d in enumerate(p.decisiones):
            if d.siguiente not in por_id and d.siguiente not in finales:
                bloque, linea = lineas[f"{p.id}>{i}"]
                b.problemas.agregar(b.archivo, linea, bloque.campo("siguiente"),
                                    f"lleva a «{d.siguiente}», que no es un punto ni un "
                                    "desenlace (camino sin salida)")
    alcanzados: set[str] = set()
    en_camino: list[str] = []
    ciclos: list[list[str]] = []

    def visitar(id_: str) -> None:
        if id_ in en_camino:
            ciclos.append([*en_camino[en_camino.index(id_):], id_])
            return
        if id_ in alcanzados or id_ not in por_id:
            alcanzados.add(id_)
            return
        alcanzados.add(id_)
        en_camino.append(id_)
        for d in por_id[id_].decisiones:
            visitar(d.siguiente)
        en_camino.pop()

    visitar(inicio)
    for ciclo in ciclos:
        bloque, linea = lineas[ciclo[0]]
        b.problemas.agregar(b.archivo, linea, bloque.campo("id"),
                            f"ciclo: {' → '.join(ciclo)}; un caso ramificado debe avanzar "
                            "siempre hacia un desenlace")
    for x in (*puntos, *desenlaces):
        if x.id not in alcanzados:
            bloque, linea = lineas[x.id]
            que = "punto" if x.id in por_id else "desenlace"
            b.problemas.agregar(b.archivo, linea, bloque.campo("id"),
                                f"{que} inalcanzable: ninguna decisión lleva a «{x.id}» "
                                f"desde «{inicio}»")


_LECTORES: dict[str, Callable[[Bloque, Referencias], dict[str, Any] | None]] = {
    "opcion_multiple": _opcion_multiple,
    "emparejar": _emparejar,
    "clasificar": _clasificar,
    "caso": _caso,
    "caso_ramificado": _caso_ramificado,
    "reflexion": _reflexion,
    "encuesta": _encuesta,
    "evaluacion": _evaluacion,
}

_CAMPOS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "opcion_multiple": (("pregunta", "opciones"), ("seleccion",)),
    "emparejar": (("opciones", "elementos"), ()),
    "clasificar": (("categorias", "elementos"), ()),
    "caso": (("narrativa", "preguntas"), ("derechos",)),
    "caso_ramificado": (("narrativa", "inicio", "puntos", "desenlaces"), ()),
    "reflexion": (("consigna",), ("max_caracteres", "minimo_caracteres")),
    "encuesta": (("escala", "preguntas"), ()),
    "evaluacion": (("banco",), ()),
}
