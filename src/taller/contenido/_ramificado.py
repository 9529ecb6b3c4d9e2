"""Carga y validación de un caso ramificado: puntos, decisiones y desenlaces formando un
grafo sin ciclos, con todo alcanzable desde ``inicio`` y sin caminos sin salida."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from taller.contenido import modelo as m
from taller.contenido._campos import Bloque, pista

if TYPE_CHECKING:
    from taller.contenido._ejercicios import Referencias


def caso_ramificado(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    narrativa, inicio = b.texto("narrativa"), b.identificador("inicio")
    puntos: list[m.Punto] = []
    # Dónde está cada punto, desenlace y decisión (la primera vez que aparece su id).
    lugares: dict[str, Bloque] = {}
    ids: list[tuple[str, Bloque]] = []
    for p in b.bloques("puntos", m.nombres(m.Punto), minimo=1):
        id_, situacion = p.identificador("id"), p.texto("situacion")
        decisiones: list[m.Decision] = []
        for d in p.bloques("decisiones", m.nombres(m.Decision)):
            texto, consecuencia = d.texto("texto"), d.texto("consecuencia")
            siguiente = d.identificador("siguiente")
            if texto and consecuencia and siguiente:
                lugares.setdefault(f"{id_}>{len(decisiones)}", d)
                decisiones.append(
                    m.Decision(texto=texto, consecuencia=consecuencia, siguiente=siguiente)
                )
        if isinstance(p.mapa.get("decisiones"), list) and not p.mapa["decisiones"]:
            p.anotar(
                "decisiones",
                "punto sin salida: se esperaba al menos una decisión y no "
                "tiene ninguna; termine en un desenlace con «siguiente»",
            )
        if id_:
            ids.append((id_, p))
        if id_ and situacion and id_ not in lugares:
            puntos.append(m.Punto(id=id_, situacion=situacion, decisiones=tuple(decisiones)))
            lugares[id_] = p
    desenlaces: list[m.Desenlace] = []
    for d in b.bloques("desenlaces", m.nombres(m.Desenlace), minimo=1):
        id_, titulo = d.identificador("id"), d.texto("titulo")
        favorable, retro = d.booleano("favorable"), d.texto("retroalimentacion")
        if id_:
            ids.append((id_, d))
        if (
            id_ is not None
            and titulo is not None
            and favorable is not None
            and retro is not None
            and id_ not in lugares
        ):
            desenlaces.append(
                m.Desenlace(id=id_, titulo=titulo, favorable=favorable, retroalimentacion=retro)
            )
            lugares[id_] = d
    vistos: dict[str, int] = {}
    for id_, bloque in ids:
        if id_ in vistos:
            bloque.anotar(
                "id",
                f"id «{id_}» repetido entre puntos y desenlaces (ya usado en "
                f"la línea {vistos[id_]}); se esperaban ids distintos",
            )
        else:
            vistos[id_] = bloque.linea_de("id")
    if inicio is not None and puntos:
        _verificar_grafo(b, inicio, puntos, desenlaces, lugares)
    if narrativa is None or inicio is None or not puntos or not desenlaces:
        return None
    return {
        "narrativa": narrativa,
        "inicio": inicio,
        "puntos": tuple(puntos),
        "desenlaces": tuple(desenlaces),
    }


def _verificar_grafo(
    b: Bloque,
    inicio: str,
    puntos: list[m.Punto],
    desenlaces: list[m.Desenlace],
    lugares: dict[str, Bloque],
) -> None:
    """Sin saltos a ids desconocidos, sin ciclos, todo alcanzable desde ``inicio``."""
    por_id = {p.id: p for p in puntos}
    finales = {d.id for d in desenlaces}
    if inicio not in por_id:
        que = "es un desenlace, no un punto" if inicio in finales else "no es el id de ningún punto"
        b.anotar(
            "inicio",
            f"«{inicio}» {que}{pista(inicio, por_id)}; se esperaba uno de: {', '.join(por_id)}",
        )
        return
    for p in puntos:
        for i, d in enumerate(p.decisiones):
            if d.siguiente not in por_id and d.siguiente not in finales:
                lugares[f"{p.id}>{i}"].anotar(
                    "siguiente",
                    f"lleva a «{d.siguiente}», que no es un punto ni un desenlace "
                    f"(camino sin salida){pista(d.siguiente, [*por_id, *finales])}",
                )
    alcanzados: set[str] = set()
    ciclos: list[list[str]] = []
    # Recorrido en profundidad sin recursión: (id, índice de la próxima decisión).
    camino: list[tuple[str, int]] = [(inicio, 0)]
    alcanzados.add(inicio)
    while camino:
        id_, i = camino.pop()
        decisiones = por_id[id_].decisiones
        if i >= len(decisiones):
            continue
        camino.append((id_, i + 1))
        siguiente = decisiones[i].siguiente
        en_camino = [x for x, _ in camino]
        if siguiente in en_camino:
            ciclos.append([*en_camino[en_camino.index(siguiente) :], siguiente])
        elif siguiente not in alcanzados:
            alcanzados.add(siguiente)
            if siguiente in por_id:
                camino.append((siguiente, 0))
    for ciclo in ciclos:
        lugares[ciclo[0]].anotar(
            "id",
            f"ciclo: {' → '.join(ciclo)}; se esperaba que cada "
            "decisión avance hacia un desenlace sin volver atrás",
        )
    for x in [*por_id, *(d.id for d in desenlaces)]:
        if x not in alcanzados:
            que = "punto" if x in por_id else "desenlace"
            lugares[x].anotar(
                "id",
                f"{que} inalcanzable: se esperaba que alguna decisión "
                f"llevara a «{x}» desde «{inicio}» y ninguna lo hace",
            )
