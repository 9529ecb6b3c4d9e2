"""El informe en HTML (plantilla ``informe.html.j2``): un solo archivo, sin direcciones
externas, que se imprime en carta con el resumen primero y el detalle después."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from taller.contenido import modelo as m
from taller.tablero import cifras as t
from taller.tablero.cifras import ESCALA_SIN_CONTENIDO
from taller.tablero.jinja import plantilla

if TYPE_CHECKING:
    from taller.contenido.modelo import Contenido
    from taller.tablero.informe import DatosInforme

__all__ = ["informe_html", "nivel"]

#: Por debajo de esta proporción de aciertos, un ejercicio se marca para discutir.
UMBRAL_BAJO = 0.5
UMBRAL_MEDIO = 0.75


def nivel(aciertos: Any) -> str:
    """La clase CSS del color de umbral: «bajo», «medio» o «alto»."""
    try:
        valor = float(aciertos)
    except (TypeError, ValueError):
        return ""
    if math.isnan(valor):
        return ""
    return "bajo" if valor < UMBRAL_BAJO else "medio" if valor < UMBRAL_MEDIO else "alto"


def _registros(datos: pd.DataFrame) -> list[dict[str, Any]]:
    """Las filas como diccionarios (para las plantillas)."""
    return (
        [] if datos.empty else [{str(k): v for k, v in f.items()} for f in datos.to_dict("records")]
    )


def duracion_en_texto(contenido: Contenido | None) -> str:
    """La duración del taller, de la suma de sus módulos: «4 h 40 min»."""
    if contenido is None:
        return ""
    minutos = sum(m.duracion_min for m in contenido.modulos.values())
    horas, resto = divmod(minutos, 60)
    if not horas:
        return f"{resto} min"
    return f"{horas} h {resto} min" if resto else f"{horas} h"


def _orden_modulos(contenido: Contenido | None) -> dict[str, int]:
    return {m: i for i, m in enumerate(contenido.modulos)} if contenido is not None else {}


def modulos_pre_post(d: DatosInforme) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Las filas de la gráfica diagnóstica/final por módulo y la del total."""
    filas, total = [], {"pre": None, "post": None, "ganancia": None, "n": 0}
    for fila in _registros(d.del_grupo):
        dato = {
            "rotulo": t.titulo_modulo(d.contenido, fila["modulo"])
            if fila["modulo"] != "Total"
            else "Total de la evaluación",
            "pre": fila["pre"],
            "post": fila["post"],
            "ganancia": fila["ganancia"],
            "n": fila["personas"],
        }
        if fila["modulo"] == "Total":
            total = dato
        filas.append(dato)
    return filas, total


def ejercicios_por_modulo(d: DatosInforme) -> list[dict[str, Any]]:
    """Los ejercicios calificados (sin la evaluación), agrupados por módulo, con su
    proporción de aciertos y la respuesta incorrecta más elegida."""
    aciertos = d.aciertos[~d.aciertos["modo"].isin(t.MODOS_DIAGNOSTICO | t.MODOS_FINAL)]
    if aciertos.empty:
        return []
    orden = _orden_modulos(d.contenido)
    grupos = []
    for modulo, filas in sorted(
        aciertos.groupby("modulo", sort=False), key=lambda p: (orden.get(str(p[0]), 99), p[0])
    ):
        lista = []
        for fila in filas.sort_values("aciertos", kind="stable").itertuples(index=False):
            errores = t.errores_frecuentes(d.datos, str(fila.ejercicio), 1, d.contenido)
            lista.append(
                {
                    "titulo": fila.titulo,
                    "personas": fila.personas,
                    "aciertos": fila.aciertos,
                    "nivel": nivel(fila.aciertos),
                    "error": errores["valor"].iloc[0] if not errores.empty else "",
                    "veces": int(errores["personas"].iloc[0]) if not errores.empty else 0,
                }
            )
        grupos.append({"titulo": t.titulo_modulo(d.contenido, str(modulo)), "filas": lista})
    return grupos


def aciertos_por_modulo(d: DatosInforme) -> list[dict[str, Any]]:
    """Una barra por módulo: aciertos de sus ejercicios (todas las respuestas calificadas
    del último intento, sin la evaluación)."""
    ultimos = t.ultimos_intentos(d.datos)
    ultimos = ultimos[ultimos["correcta"].notna() & (ultimos["modo"].astype(str) == "")]
    if ultimos.empty:
        return []
    ultimos = t.con_modulo(ultimos, d.contenido)
    ultimos = ultimos[ultimos["modulo"].astype(object) != t.SIN_MODULO]
    orden = _orden_modulos(d.contenido)
    filas = []
    for modulo, grupo in sorted(
        ultimos.groupby("modulo", observed=True), key=lambda p: (orden.get(str(p[0]), 99), p[0])
    ):
        valor = float(grupo["correcta"].astype("float64").mean())
        personas = grupo["participante"].nunique()
        filas.append(
            {
                "rotulo": f"{t.titulo_modulo(d.contenido, str(modulo))} (n = {personas})",
                "valor": valor,
                "texto": f"{valor * 100:.0f} %",
                "clase": "",
            }
        )
    return filas


def encuesta_filas(d: DatosInforme) -> tuple[list[dict[str, Any]], list[str], int]:
    resumen = d.encuesta
    if resumen.empty:
        return [], [], 0
    ej = d.contenido.ejercicios.get(str(resumen["ejercicio"].iloc[0])) if d.contenido else None
    escala = list(ej.escala if isinstance(ej, m.Encuesta) else ()) or list(ESCALA_SIN_CONTENIDO)
    puntos = max(len(escala), 2)
    filas = []
    for fila in _registros(resumen):
        promedio = float(fila["promedio"])
        filas.append(
            {
                "rotulo": fila["pregunta"],
                "n": int(fila["respuestas"]),
                "valor": (promedio - 1) / (puntos - 1) if not math.isnan(promedio) else 0,
                "texto": "—" if math.isnan(promedio) else f"{promedio:.1f}",
            }
        )
    return filas, escala, int(resumen["respuestas"].max())


def por_persona(d: DatosInforme) -> list[dict[str, Any]]:
    total = d.individual[d.individual["modulo"] == "Total"].set_index("participante")
    filas = []
    for fila in d.personas.itertuples(index=False):
        pp = total.loc[fila.participante] if fila.participante in total.index else None
        filas.append(
            {
                "alias": fila.alias,
                "ejercicios": fila.ejercicios,
                "modulos": fila.modulos,
                "pre": pp["pre"] if pp is not None else None,
                "post": pp["post"] if pp is not None else None,
                "ganancia": pp["ganancia"] if pp is not None else None,
            }
        )
    return filas


def reflexiones_por_ejercicio(d: DatosInforme) -> list[dict[str, Any]]:
    grupos = []
    for titulo, grupo in d.reflexiones.groupby("titulo", sort=False):
        grupos.append({"titulo": titulo, "textos": list(grupo["texto"])})
    return grupos


def informe_html(d: DatosInforme) -> str:
    from taller.tablero.informe import ahora_local, fechas_en_texto

    contenido = d.contenido
    taller = (
        contenido.taller
        if contenido is not None
        else {"titulo": "Taller", "institucion": "—", "publico": "—"}
    )
    modulos_pp, total = modulos_pre_post(d)
    encuesta, escala, encuesta_n = encuesta_filas(d)
    por_pregunta = d.por_pregunta.assign(
        modulo=[t.titulo_modulo(contenido, m) for m in d.por_pregunta["modulo"]]
    )
    return plantilla(
        "informe.html.j2",
        grupo=d.grupo,
        taller=taller,
        fechas=fechas_en_texto(d.fechas),
        varias_fechas=len(d.fechas) > 1,
        duracion=duracion_en_texto(contenido),
        facilita=d.facilita,
        generado=ahora_local().strftime("%d/%m/%Y %H:%M"),
        personas=len(d.personas),
        cumplen=int(d.constancias["cumple"].sum()) if not d.constancias.empty else 0,
        total=total,
        criterios={"modulos": d.criterios[0], "final": d.criterios[1]},
        sin_nombre=d.sin_nombre,
        con_lista=d.con_lista,
        problemas=[str(p) for p in d.problemas],
        modulos_pp=modulos_pp,
        por_modulo=aciertos_por_modulo(d),
        constancias=_registros(d.constancias),
        por_pregunta=_registros(por_pregunta),
        ejercicios_por_modulo=ejercicios_por_modulo(d),
        encuesta=encuesta,
        escala=escala,
        encuesta_n=encuesta_n,
        por_persona=por_persona(d),
        reflexiones=reflexiones_por_ejercicio(d),
        total_reflexiones=len(d.reflexiones),
    )
