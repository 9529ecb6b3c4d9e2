"""El HTML de cada panel del tablero en vivo, a partir de la tabla de registros (pandas) y
las plantillas (``plantillas/tablero.html.j2``). El tablero vacío usa
``paneles_vacios``, que no importa pandas."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from taller.tablero.jinja import macro

if TYPE_CHECKING:
    import pandas as pd

    from taller.contenido.modelo import Contenido

__all__ = ["PANELES", "Filtros", "paneles", "paneles_vacios"]

#: Los paneles (cada uno, un widget HTML del tablero).
PANELES = ("estado", "discutir", "ejercicio", "participacion", "evaluacion", "reflexiones",
           "encuesta")  # fmt: skip
TODOS = "todos"
#: El elemento con el que un caso ramificado registra su desenlace.
DESENLACE = "desenlace"


@dataclass(frozen=True)
class Filtros:
    """Lo que eligió quien facilita en los controles del tablero."""

    grupo: str | None = None
    fecha: date | None = None
    modulo: str = TODOS
    ejercicio: str | None = None
    mostrar_nombres: bool = False


def paneles_vacios(grupo: str | None = None, problemas: list[str] | None = None) -> dict[str, str]:
    """Lo que muestra cada panel mientras no hay respuestas (sin pandas)."""
    return {
        "estado": macro("estado", 0, grupo, problemas or []),
        "discutir": macro("discutir", [], None),
        "ejercicio": macro("ejercicio", "", [], [], False),
        "participacion": macro("participacion", False, [], [], 0),
        "evaluacion": macro("evaluacion", [], [], False, []),
        "reflexiones": macro("reflexiones", [], False),
        "encuesta": macro("encuesta", [], [], 0, 0, [], []),
    }


def _nivel(valor: Any) -> str:
    from taller.tablero.informe_html import nivel

    return nivel(valor)


def _es_numero(valor: Any) -> bool:
    return isinstance(valor, (int, float)) and not (isinstance(valor, float) and math.isnan(valor))


def _orden(contenido: Contenido | None) -> dict[str, int]:
    return {m: i for i, m in enumerate(contenido.modulos)} if contenido is not None else {}


def ranking(
    datos: pd.DataFrame, contenido: Contenido | None, modulo: str, total: int
) -> list[dict[str, Any]]:
    """Los ejercicios calificados (sin la evaluación) por módulo, del que menos aciertos
    tiene al que más, con el color de su umbral."""
    from taller.tablero import cifras as t

    aciertos = t.aciertos_por_ejercicio(datos, contenido)
    aciertos = aciertos[~aciertos["modo"].isin(t.MODOS_DIAGNOSTICO | t.MODOS_FINAL)]
    if modulo != TODOS:
        aciertos = aciertos[aciertos["modulo"] == modulo]
    orden = _orden(contenido)
    grupos = []
    for mod, filas in sorted(
        aciertos.groupby("modulo", sort=False), key=lambda p: (orden.get(str(p[0]), 99), p[0])
    ):
        lista = [
            {
                "rotulo": f.titulo,
                "nota": f"n = {f.personas} de {total}",
                "valor": f.aciertos,
                "texto": f"{f.aciertos * 100:.0f} %",
                "clase": _nivel(f.aciertos),
                "id": f.ejercicio,
            }
            for f in filas.sort_values("aciertos", kind="stable").itertuples(index=False)
        ]
        grupos.append({"titulo": t.titulo_modulo(contenido, str(mod)), "filas": lista})
    return grupos


def peor_ejercicio(datos: pd.DataFrame, contenido: Contenido | None, ids: list[str]) -> str | None:
    """De ``ids``, el ejercicio calificado (sin la evaluación) con menos aciertos: el que
    el tablero propone discutir primero."""
    from taller.tablero import cifras as t

    aciertos = t.aciertos_por_ejercicio(datos, contenido)
    aciertos = aciertos[
        ~aciertos["modo"].isin(t.MODOS_DIAGNOSTICO | t.MODOS_FINAL)
        & aciertos["ejercicio"].isin(ids)
    ]
    if aciertos.empty:
        return ids[0] if ids else None
    return str(aciertos.sort_values("aciertos", kind="stable")["ejercicio"].iloc[0])


def foco(
    datos: pd.DataFrame, contenido: Contenido | None, ejercicio: str | None, total: int
) -> dict[str, Any] | None:
    """El ejercicio elegido (o, si no hay, el de menos aciertos): su respuesta incorrecta
    más elegida y la retroalimentación de esa opción, para conducir la discusión."""
    from taller.tablero import cifras as t

    aciertos = t.aciertos_por_ejercicio(datos, contenido)
    aciertos = aciertos[~aciertos["modo"].isin(t.MODOS_DIAGNOSTICO)]
    if aciertos.empty:
        return None
    elegido = aciertos[aciertos["ejercicio"] == ejercicio]
    if elegido.empty:
        elegido = aciertos.sort_values("aciertos", kind="stable").head(1)
    fila = elegido.iloc[0]
    modo = str(fila["modo"]) or None
    errores = t.errores_frecuentes(datos, str(fila["ejercicio"]), 1, contenido, modo)
    resultado: dict[str, Any] = {
        "titulo": fila["titulo"],
        "aciertos": fila["aciertos"],
        "n": int(fila["personas"]),
        "de": total,
        "error": "",
        "veces": 0,
        "responden": 0,
        "retro": "",
        "pregunta": "",
        "desenlace": False,
    }
    if not errores.empty:
        e = errores.iloc[0]
        resultado.update(
            error=e["valor"], veces=int(e["personas"]), responden=int(e["responden"]),
            retro=e["retroalimentacion"], pregunta=e["texto_elemento"],
            desenlace=e["elemento"] == DESENLACE,
        )  # fmt: skip
    return resultado


def graficas_de(
    datos: pd.DataFrame, contenido: Contenido | None, ejercicio: str, total: int
) -> tuple[list[dict[str, Any]], bool]:
    """Una gráfica por pregunta o elemento del ejercicio, cada una con su «n de N». En la
    evaluación, la diagnóstica y la final lado a lado (``True``)."""
    from taller.tablero import cifras as t

    dist = t.distribucion_de_opciones(datos, ejercicio, contenido)
    if dist.empty:
        return [], False
    modos = set(dist["modo"])
    if modos <= (t.MODOS_DIAGNOSTICO | t.MODOS_FINAL) and len(modos) >= 1 and modos != {""}:
        return _dobles(dist, total), True
    graficas = []
    for (_modo, _elemento), grupo in dist.groupby(["modo", "elemento"], sort=False):
        texto = str(grupo["texto_elemento"].iloc[0])
        titulo = texto if texto else t.titulo(contenido, ejercicio)
        graficas.append(
            {
                "titulo": titulo,
                "n": int(grupo["responden"].iloc[0]),
                "de": total,
                "dobles": False,
                "filas": [
                    {
                        "rotulo": f["valor"],
                        "valor": f["proporcion"],
                        "texto": f"{f['personas']} · {f['proporcion'] * 100:.0f} %",
                        "clase": _clase(f["correcta"]),
                    }
                    for f in _filas(grupo)
                ],
            }
        )
    return graficas, False


def _dobles(dist: pd.DataFrame, total: int) -> list[dict[str, Any]]:
    from taller.tablero import cifras as t

    graficas = []
    for _elemento, grupo in dist.groupby("elemento", sort=False):
        pre = grupo[grupo["modo"].isin(t.MODOS_DIAGNOSTICO)]
        post = grupo[grupo["modo"].isin(t.MODOS_FINAL)]
        opciones = list(dict.fromkeys(grupo.sort_values("personas", ascending=False)["valor"]))
        filas = []
        for opcion in opciones:
            p = pre[pre["valor"] == opcion]
            q = post[post["valor"] == opcion]
            correcta = next((c for c in grupo.loc[grupo["valor"] == opcion, "correcta"]), None)
            filas.append(
                {
                    "rotulo": opcion,
                    "pre": float(p["proporcion"].iloc[0]) if not p.empty else 0.0,
                    "post": float(q["proporcion"].iloc[0]) if not q.empty else 0.0,
                    "correcta": correcta is True,
                }
            )
        graficas.append(
            {
                "titulo": str(grupo["texto_elemento"].iloc[0]),
                "dobles": True,
                "n_pre": int(pre["responden"].max()) if not pre.empty else 0,
                "n_post": int(post["responden"].max()) if not post.empty else 0,
                "de": total,
                "filas": filas,
            }
        )
    return graficas


def _filas(datos: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in f.items()} for f in datos.to_dict("records")]


def _clase(correcta: Any) -> str:
    """La clase CSS de la barra de una opción: correcta, incorrecta o sin calificar."""
    import numpy as np

    if isinstance(correcta, (bool, np.bool_)):
        return "correcta" if correcta else "incorrecta"
    return "neutra"


def _hora(valor: Any) -> str:
    from taller.tablero.cifras import _zona_local

    if valor is None or valor != valor:  # NaT
        return "—"
    return str(valor.tz_convert(_zona_local()).strftime("%d/%m %H:%M"))


def paneles(
    tabla: pd.DataFrame,
    filtros: Filtros,
    contenido: Contenido | None = None,
    problemas: list[str] | None = None,
) -> dict[str, str]:
    """El HTML de cada panel para la tabla y los filtros dados."""
    from taller.tablero import cifras as t

    datos = t.filtrar(tabla, filtros.grupo, filtros.fecha)
    if datos.empty:
        return paneles_vacios(filtros.grupo, problemas)
    personas = t.participacion(datos, contenido=contenido)
    total = len(personas)
    mostrar = filtros.mostrar_nombres
    salida = {"estado": macro("estado", total, filtros.grupo, problemas or [])}
    salida["discutir"] = macro(
        "discutir",
        ranking(datos, contenido, filtros.modulo, total),
        foco(datos, contenido, filtros.ejercicio, total),
    )
    if filtros.ejercicio:
        graficas, dobles = graficas_de(datos, contenido, filtros.ejercicio, total)
        errores = t.errores_frecuentes(datos, filtros.ejercicio, 3, contenido)
        filas_errores = [
            {**e, "modo": t.nombre_de_modo(e["modo"])} for e in errores.to_dict("records")
        ]
        salida["ejercicio"] = macro(
            "ejercicio", t.titulo(contenido, filtros.ejercicio), graficas, filas_errores, dobles
        )
    else:
        salida["ejercicio"] = macro("ejercicio", "", [], [], False)
    salida["participacion"] = macro(
        "participacion", mostrar, _personas(personas), _modulos(datos, contenido, total), total
    )
    salida["evaluacion"] = _evaluacion(datos, contenido, mostrar)
    salida["reflexiones"] = macro("reflexiones", _reflexiones(datos, contenido), mostrar)
    salida["encuesta"] = _encuesta(datos, contenido, total)
    return salida


def _personas(personas: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "alias": f.alias,
            "ejercicios": f.ejercicios,
            "modulos": f.modulos,
            "avance": f.avance,
            "ultima": _hora(f.ultima),
        }
        for f in personas.itertuples(index=False)
    ]


def _modulos(datos: pd.DataFrame, contenido: Contenido | None, total: int) -> list[dict[str, Any]]:
    from taller.tablero import cifras as t

    con = t.con_modulo(datos, contenido)
    con = con[con["modulo"].astype(object) != t.SIN_MODULO]
    cuenta = con.groupby("modulo", observed=True)["participante"].nunique()
    orden = _orden(contenido)
    modulos = list(contenido.modulos) if contenido is not None else sorted(cuenta.index)
    modulos = sorted(modulos, key=lambda m: (orden.get(m, 99), m))
    return [
        {
            "rotulo": t.titulo_modulo(contenido, m),
            "valor": int(cuenta.get(m, 0)) / max(total, 1),
            "texto": f"{int(cuenta.get(m, 0))} de {total}",
            "clase": "",
        }
        for m in modulos
    ]


def _evaluacion(datos: pd.DataFrame, contenido: Contenido | None, mostrar: bool) -> str:
    from taller.tablero import cifras as t

    individual = t.pre_post(datos, contenido)
    del_grupo = t.ganancia_del_grupo(individual)
    modulos_pp = [
        {
            "rotulo": "Total de la evaluación" if f["modulo"] == "Total"
            else t.titulo_modulo(contenido, str(f["modulo"])),
            "pre": f["pre"], "post": f["post"], "ganancia": f["ganancia"], "n": f["personas"],
        }
        for f in _filas(del_grupo)
    ]  # fmt: skip
    preguntas = [
        {**f, "nivel_pre": _nivel(f["diagnostica"]), "nivel_post": _nivel(f["final"])}
        for f in t.evaluacion_por_pregunta(datos, contenido).to_dict("records")
    ]
    total = individual[individual["modulo"] == "Total"] if not individual.empty else individual
    filas = [] if total.empty else total.to_dict("records")
    return macro("evaluacion", modulos_pp, preguntas, mostrar, filas)


def _reflexiones(datos: pd.DataFrame, contenido: Contenido | None) -> list[dict[str, Any]]:
    from taller.tablero import cifras as t

    lista = t.reflexiones(datos, contenido)
    return [
        {"titulo": titulo, "textos": grupo[["texto", "alias"]].to_dict("records")}
        for titulo, grupo in lista.groupby("titulo", sort=False)
    ]


def _encuesta(datos: pd.DataFrame, contenido: Contenido | None, total: int) -> str:
    from taller.tablero import cifras as t

    resumen = t.encuesta(datos, contenido)
    if resumen.empty:
        return macro("encuesta", [], [], 0, total, [], [])
    base = ("ejercicio", "elemento", "pregunta", "respuestas", "promedio")
    etiquetas = [c for c in resumen.columns if c not in base]
    escala = [e for e in etiquetas if e != t.OTRAS_RESPUESTAS]
    puntos = max(len(escala), 2)
    filas, tabla = [], []
    for f in resumen.to_dict("records"):
        promedio = f["promedio"]
        valido = _es_numero(promedio)
        filas.append(
            {
                "rotulo": f["pregunta"],
                "n": int(f["respuestas"]),
                "valor": (promedio - 1) / (puntos - 1) if valido else 0,
                "texto": f"{promedio:.1f}" if valido else "—",
            }
        )
        tabla.append({"pregunta": f["pregunta"], "conteos": [int(f[e]) for e in etiquetas]})
    n = int(resumen["respuestas"].max())
    return macro("encuesta", filas, escala, n, total, tabla, etiquetas)


def hora_actual() -> str:
    return datetime.now().strftime("%H:%M:%S")
