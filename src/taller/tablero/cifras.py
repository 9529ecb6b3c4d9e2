"""Las cifras del grupo para el tablero y el informe, calculadas con pandas.

Las funciones de agregación son puras: reciben la tabla de registros (``tabla_registros``)
y devuelven tablas. ``contenido`` es opcional en todas: sin él se muestran los ids; con él,
títulos, módulos y la retroalimentación de cada opción. El widget (``widget.Tablero``)
y el informe llaman a estas funciones y pintan el resultado. Los últimos intentos se
calculan en ``_ultimos``; lo que dice el contenido de cada respuesta, en
``_segun_contenido``.

Los modos de la evaluación: ``MODOS_DIAGNOSTICO`` (antes) y ``MODOS_FINAL`` (después).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from taller.buzon import COLUMNAS, MODOS_EVALUACION, LecturaIncremental, tabla_registros
from taller.contenido import modelo as m
from taller.tablero._segun_contenido import (
    SIN_MODULO,
    _ejercicio,
    _modulo_de,
    _nombre_opcion,
    _opcion_correcta,
    _retroalimentacion,
    _texto_elemento,
    _tipo,
    con_modulo,
    modulo_del_ejercicio,
    modulos_con_ejercicios,
    titulo,
    titulo_modulo,
)
from taller.tablero._ultimos import _filas_ultimas, _ultimos_donde, ultimos_intentos

if TYPE_CHECKING:
    from taller.contenido.modelo import Contenido

__all__ = [
    "COLUMNAS",
    "SIN_MODULO",
    "LecturaIncremental",
    "aciertos_por_ejercicio",
    "con_modulo",
    "dias",
    "distribucion_de_opciones",
    "encuesta",
    "errores_frecuentes",
    "evaluacion_por_pregunta",
    "filtrar",
    "ganancia_del_grupo",
    "ganancia_normalizada",
    "modulo_del_ejercicio",
    "modulos_con_ejercicios",
    "nombre_de_modo",
    "participacion",
    "pre_post",
    "reflexiones",
    "tabla_registros",
    "titulo",
    "titulo_modulo",
    "ultimos_intentos",
]

# Los modos de la evaluación son los del esquema del buzón (lo que escribe el ejercicio).
MODOS_DIAGNOSTICO: frozenset[str] = frozenset({MODOS_EVALUACION[0]})
MODOS_FINAL: frozenset[str] = frozenset({MODOS_EVALUACION[1]})
#: Cómo se nombra cada modo en pantalla y en el informe.
NOMBRES_DE_MODO: dict[str, str] = {
    **{m: "Diagnóstica" for m in MODOS_DIAGNOSTICO},
    **{m: "Final" for m in MODOS_FINAL},
}


def nombre_de_modo(modo: Any) -> str:
    """«Diagnóstica», «Final» o el modo tal cual («» para los ejercicios sin modo)."""
    texto = "" if modo is None or modo is pd.NA else str(modo)
    return NOMBRES_DE_MODO.get(texto, texto)


def _zona_local() -> tzinfo | None:
    return datetime.now().astimezone().tzinfo


def fechas(tabla: pd.DataFrame, zona: tzinfo | None = None) -> pd.Series:
    """La fecha local (``datetime.date``) de cada registro."""
    local = tabla["momento"].dt.tz_convert(zona or _zona_local())
    return local.dt.date


def dias(tabla: pd.DataFrame, zona: tzinfo | None = None) -> list[date]:
    """Los días locales con registros, en orden (sin los ``momento`` que no son fecha)."""
    if tabla.empty:
        return []
    return sorted({d for d in fechas(tabla, zona) if not pd.isna(d)})


def filtrar(
    tabla: pd.DataFrame, grupo: str | None = None, fecha: date | None = None
) -> pd.DataFrame:
    """Los registros de un grupo (``None``: todos) y, si se da, de una fecha local."""
    if grupo is not None:
        tabla = tabla[tabla["grupo"] == grupo]
    if fecha is not None:
        tabla = tabla[fechas(tabla) == fecha]
    return tabla


# --- Agregaciones ---------------------------------------------------------------------------


def participacion(
    tabla: pd.DataFrame,
    grupo: str | None = None,
    fecha: date | None = None,
    contenido: Contenido | None = None,
) -> pd.DataFrame:
    """Quién entró y cuánto avanzó: una fila por persona, ordenada por seudónimo."""
    datos = filtrar(tabla, grupo, fecha)
    columnas = ["participante", "alias", "ejercicios", "modulos", "avance", "primera", "ultima"]
    if datos.empty:
        return pd.DataFrame(columns=columnas)
    datos = con_modulo(datos, contenido)
    por_persona = datos.groupby("participante", sort=False)
    # Un módulo tiene actividad si la persona trabajó en sus propios ejercicios: la
    # evaluación (SIN_MODULO) no cuenta como actividad en ningún módulo.
    propios = datos["modulo"].astype(object) != SIN_MODULO
    modulos = datos[propios].groupby("participante", sort=False)["modulo"].nunique()
    resumen = pd.DataFrame(
        {
            "alias": por_persona["alias"].last(),
            "ejercicios": por_persona["ejercicio"].nunique(),
            "modulos": modulos.reindex(por_persona.size().index).fillna(0).astype(int),
            "primera": por_persona["momento"].min(),
            "ultima": por_persona["momento"].max(),
        }
    ).reset_index()
    total = len(contenido.ejercicios) if contenido is not None else datos["ejercicio"].nunique()
    resumen["avance"] = (resumen["ejercicios"] / max(total, 1)).clip(upper=1.0)
    return resumen[columnas].sort_values(["alias", "participante"], ignore_index=True)


def aciertos_por_ejercicio(tabla: pd.DataFrame, contenido: Contenido | None = None) -> pd.DataFrame:
    """Por ejercicio y modo: personas, respuestas calificadas y proporción de aciertos."""
    columnas = ["ejercicio", "titulo", "modulo", "modo", "personas", "respuestas", "aciertos"]
    filas = _filas_ultimas(tabla) if not tabla.empty else None
    if filas is None:
        datos = ultimos_intentos(tabla)
    else:  # solo las columnas que se usan
        datos = tabla[["ejercicio", "modo", "participante", "correcta"]].take(filas)
    datos = datos[datos["correcta"].notna()]
    if datos.empty:
        return pd.DataFrame(columns=columnas)
    grupos = datos.groupby(["ejercicio", "modo"], sort=True)
    resumen = pd.DataFrame(
        {
            "personas": grupos["participante"].nunique(),
            "respuestas": grupos["correcta"].size(),
            "aciertos": grupos["correcta"].mean().astype("float64"),
        }
    ).reset_index()
    resumen["titulo"] = [titulo(contenido, e) for e in resumen["ejercicio"]]
    resumen["modulo"] = [modulo_del_ejercicio(contenido, e) for e in resumen["ejercicio"]]
    return resumen[columnas]


def _como_texto(valor: Any) -> str:
    return "" if valor is None else str(valor)


def distribucion_de_opciones(
    tabla: pd.DataFrame,
    ejercicio: str,
    contenido: Contenido | None = None,
    modo: str | None = None,
) -> pd.DataFrame:
    """Cuántas personas eligieron cada opción, por modo y elemento (las listas se cuentan
    por opción). Cada modo (diagnóstica, final) se cuenta aparte: ``proporcion`` es sobre
    quienes respondieron ese elemento en ese modo. ``correcta`` dice si la opción es
    correcta (según el contenido o el registro)."""
    columnas = [
        "modo", "elemento", "texto_elemento", "valor", "personas", "responden", "proporcion",
        "correcta",
    ]  # fmt: skip
    mascara = tabla["ejercicio"] == ejercicio
    if modo is not None:
        mascara &= tabla["modo"] == modo
    datos = _ultimos_donde(
        tabla, mascara, ["modo", "elemento", "participante", "valor", "correcta"]
    )
    if datos.empty:
        return pd.DataFrame(columns=columnas)
    datos = datos.astype({"modo": str, "elemento": str, "participante": str})
    ej = _ejercicio(contenido, ejercicio)
    valores = datos["valor"].tolist()
    es_lista = np.array([isinstance(v, list) for v in valores], dtype=bool)
    if es_lista.any():  # una selección múltiple: una fila por opción elegida
        filas = datos.assign(correcta_registro=datos["correcta"].where(~es_lista, pd.NA))
        filas = filas.explode("valor")
        filas["valor"] = filas["valor"].map(_como_texto)
    else:
        filas = datos.assign(correcta_registro=datos["correcta"])
        if not all(type(v) is str for v in valores):
            filas["valor"] = [_como_texto(v) for v in valores]
    responden = datos.groupby(["modo", "elemento"])["participante"].nunique()
    conteo = (
        filas.groupby(["modo", "elemento", "valor"])
        .agg(
            personas=("participante", "nunique"),
            correcta=("correcta_registro", lambda s: s.dropna().any() if s.notna().any() else None),
        )
        .reset_index()
    )
    conteo["responden"] = [
        int(responden[(m, e)]) for m, e in zip(conteo["modo"], conteo["elemento"], strict=True)
    ]
    conteo["proporcion"] = conteo["personas"] / conteo["responden"]
    segun_contenido = [
        _opcion_correcta(ej, el, v)
        for el, v in zip(conteo["elemento"], conteo["valor"], strict=True)
    ]
    conteo["correcta"] = [
        c if c is not None else r for c, r in zip(segun_contenido, conteo["correcta"], strict=True)
    ]
    conteo["texto_elemento"] = [_texto_elemento(ej, el) for el in conteo["elemento"]]
    conteo["valor"] = [_nombre_opcion(ej, v) for v in conteo["valor"]]
    conteo = conteo.sort_values(["modo", "elemento", "personas"], ascending=[True, True, False])
    return conteo[columnas].reset_index(drop=True)


def errores_frecuentes(
    tabla: pd.DataFrame,
    ejercicio: str,
    n: int = 3,
    contenido: Contenido | None = None,
    modo: str | None = None,
) -> pd.DataFrame:
    """Las ``n`` opciones incorrectas más elegidas (de cada modo, si el ejercicio tiene
    varios: la diagnóstica y la final no se mezclan), con su retroalimentación."""
    distribucion = distribucion_de_opciones(tabla, ejercicio, contenido, modo)
    if distribucion.empty:
        return distribucion.assign(retroalimentacion=pd.Series(dtype=object))
    errores = distribucion[distribucion["correcta"].map(lambda c: c is False or c is np.False_)]
    errores = (
        errores.sort_values(["modo", "personas", "elemento"], ascending=[True, False, True])
        .groupby("modo", sort=True)
        .head(n)
    )
    ej = _ejercicio(contenido, ejercicio)
    crudo = {_nombre_opcion(ej, v): v for v in _valores_crudos(tabla, ejercicio)}
    errores = errores.assign(
        retroalimentacion=[
            _retroalimentacion(ej, el, crudo.get(v, v))
            for el, v in zip(errores["elemento"], errores["valor"], strict=True)
        ]
    )
    return errores.reset_index(drop=True)


def _valores_crudos(tabla: pd.DataFrame, ejercicio: str) -> set[str]:
    valores: set[str] = set()
    for valor in tabla.loc[tabla["ejercicio"] == ejercicio, "valor"]:
        valores.update(map(_como_texto, valor if isinstance(valor, list) else [valor]))
    return valores


def ganancia_normalizada(pre: Any, post: Any) -> Any:
    """Ganancia normalizada de Hake: (post − pre) / (1 − pre); indefinida (NaN) si pre = 1.

    Acepta números o ``Series`` con proporciones entre 0 y 1."""
    if isinstance(pre, pd.Series) or isinstance(post, pd.Series):
        pre_s = pd.Series(pre, dtype="float64")
        post_s = pd.Series(post, dtype="float64")
        return ((post_s - pre_s) / (1 - pre_s)).where(pre_s < 1)
    if pre is None or post is None or pd.isna(pre) or pd.isna(post) or pre >= 1:
        return float("nan")
    return (float(post) - float(pre)) / (1 - float(pre))


def pre_post(tabla: pd.DataFrame, contenido: Contenido | None = None) -> pd.DataFrame:
    """Evaluación diagnóstica contra final, por persona y por módulo (y «Total»)."""
    columnas = ["participante", "alias", "modulo", "pre", "post", "ganancia"]
    de_evaluacion = tabla["modo"].isin(MODOS_DIAGNOSTICO | MODOS_FINAL)
    sin_calificar = de_evaluacion & tabla["correcta"].isna()
    necesarias = ["participante", "alias", "ejercicio", "elemento", "modo", "correcta"]
    if sin_calificar.any():
        datos = ultimos_intentos(tabla[de_evaluacion & ~sin_calificar])[necesarias]
    else:  # la máscara solo mira el modo: se aprovecha el cálculo de la tabla entera
        datos = _ultimos_donde(tabla, de_evaluacion, necesarias)
    if datos.empty:
        return pd.DataFrame(columns=columnas)
    datos = con_modulo(datos, contenido, por_pregunta=True)
    # Categorías para agrupar sin comparar textos: el módulo (más «Total») y si es la final.
    modulo = pd.Categorical(datos["modulo"])
    modulo = modulo.add_categories(["Total"]) if "Total" not in modulo.categories else modulo
    por_modulo = pd.DataFrame(
        {
            "participante": datos["participante"].array,
            "modulo": modulo,
            "es_final": datos["modo"].isin(MODOS_FINAL).to_numpy(),
            "acierto": datos["correcta"].astype("float64").to_numpy(),
        }
    )
    total = por_modulo.assign(
        modulo=pd.Categorical.from_codes(
            np.full(len(por_modulo), modulo.categories.get_loc("Total")), dtype=modulo.dtype
        )
    )
    juntos = pd.concat([por_modulo, total], ignore_index=True)
    tabla_pp = juntos.pivot_table(
        index=["participante", "modulo"],
        columns="es_final",
        values="acierto",
        aggfunc="mean",
        observed=True,
    ).reindex(columns=[False, True])
    tabla_pp.columns = ["pre", "post"]
    tabla_pp = tabla_pp.reset_index()
    tabla_pp["modulo"] = tabla_pp["modulo"].astype(str)
    alias = datos.groupby("participante")["alias"].last()
    tabla_pp["alias"] = tabla_pp["participante"].map(alias)
    tabla_pp["ganancia"] = ganancia_normalizada(tabla_pp["pre"], tabla_pp["post"]).to_numpy()
    orden = {m: i for i, m in enumerate(contenido.modulos)} if contenido is not None else {}
    modulos = sorted(set(tabla_pp["modulo"]), key=lambda m: (m == "Total", orden.get(m, 99), m))
    tabla_pp["_orden"] = tabla_pp["modulo"].map({m: i for i, m in enumerate(modulos)})
    tabla_pp = tabla_pp.sort_values(["alias", "participante", "_orden"], ignore_index=True)
    return tabla_pp[columnas]


def evaluacion_por_pregunta(
    tabla: pd.DataFrame, contenido: Contenido | None = None
) -> pd.DataFrame:
    """La evaluación pregunta por pregunta, la diagnóstica junto a la final: de cada
    pregunta, cuántas personas la respondieron en cada una, qué proporción acertó y la
    respuesta incorrecta más elegida (con cuántas personas la eligieron)."""
    columnas = [
        "ejercicio", "elemento", "pregunta", "modulo",
        "n_diagnostica", "diagnostica", "error_diagnostica", "veces_diagnostica",
        "n_final", "final", "error_final", "veces_final", "retroalimentacion",
    ]  # fmt: skip
    de_evaluacion = tabla["modo"].isin(MODOS_DIAGNOSTICO | MODOS_FINAL)
    ejercicios = sorted(tabla.loc[de_evaluacion, "ejercicio"].astype(str).unique())
    ultimos = _ultimos_donde(tabla, de_evaluacion, ["ejercicio", "elemento", "modo", "correcta"])
    ultimos = ultimos[ultimos["correcta"].notna()]
    aciertos: dict[tuple[str, str, str], float] = {
        (str(e), str(el), nombre_de_modo(modo)): float(v)
        for (e, el, modo), v in ultimos.astype({"correcta": "float64"})
        .groupby(["ejercicio", "elemento", "modo"], observed=True)["correcta"]
        .mean()
        .items()
    }
    filas: list[dict[str, Any]] = []
    for ejercicio in ejercicios:
        dist = distribucion_de_opciones(tabla, ejercicio, contenido)
        dist = dist[dist["modo"].isin(MODOS_DIAGNOSTICO | MODOS_FINAL)]
        if dist.empty:
            continue
        crudo: dict[str, str] | None = None
        dist = dist.assign(momento=[nombre_de_modo(modo) for modo in dist["modo"]])
        ej = _ejercicio(contenido, ejercicio)
        orden = [p.id for p in ej.banco] if isinstance(ej, m.Evaluacion) else []
        elementos = sorted(
            dist["elemento"].unique(), key=lambda e: (orden.index(e) if e in orden else 999, e)
        )
        for elemento in elementos:
            del_elemento = dist[dist["elemento"] == elemento]
            fila: dict[str, Any] = {
                "ejercicio": ejercicio,
                "elemento": elemento,
                "pregunta": del_elemento["texto_elemento"].iloc[0],
                "modulo": _modulo_de(contenido, ejercicio, elemento, por_pregunta=True),
            }
            retro = ""
            for momento, sufijo in (("Diagnóstica", "diagnostica"), ("Final", "final")):
                parte = del_elemento[del_elemento["momento"] == momento]
                n = int(parte["responden"].max()) if not parte.empty else 0
                mal = parte[parte["correcta"].map(lambda c: c is False or c is np.False_)]
                fila[f"n_{sufijo}"] = n
                fila[sufijo] = aciertos.get((ejercicio, elemento, momento), float("nan"))
                if not mal.empty:
                    peor = mal.sort_values("personas", ascending=False, kind="stable").iloc[0]
                    fila[f"error_{sufijo}"] = peor["valor"]
                    fila[f"veces_{sufijo}"] = int(peor["personas"])
                    if crudo is None:
                        crudo = {
                            _nombre_opcion(ej, v): v for v in _valores_crudos(tabla, ejercicio)
                        }
                    retro = retro or _retroalimentacion(
                        ej, elemento, crudo.get(peor["valor"], peor["valor"])
                    )
                else:
                    fila[f"error_{sufijo}"] = ""
                    fila[f"veces_{sufijo}"] = 0
            fila["retroalimentacion"] = retro
            filas.append(fila)
    if not filas:
        return pd.DataFrame(columns=columnas)
    return pd.DataFrame(filas)[columnas]


def ganancia_del_grupo(tabla_pre_post: pd.DataFrame) -> pd.DataFrame:
    """Por módulo, con quienes hicieron las dos evaluaciones: promedios y la ganancia de
    Hake del grupo, (⟨post⟩ − ⟨pre⟩) / (1 − ⟨pre⟩)."""
    columnas = ["modulo", "personas", "pre", "post", "ganancia"]
    completas = tabla_pre_post.dropna(subset=["pre", "post"])
    if completas.empty:
        return pd.DataFrame(columns=columnas)
    grupos = completas.groupby("modulo", sort=False)
    resumen = pd.DataFrame(
        {
            "personas": grupos["participante"].nunique(),
            "pre": grupos["pre"].mean(),
            "post": grupos["post"].mean(),
        }
    ).reset_index()
    resumen["ganancia"] = ganancia_normalizada(resumen["pre"], resumen["post"]).to_numpy()
    return resumen[columnas]


def _de_tipo(
    tabla: pd.DataFrame, contenido: Contenido | None, tipo: str, palabras: Iterable[str]
) -> Any:
    """Qué registros son de los ejercicios de un tipo (o, sin contenido, con esas palabras
    en el id o el modo): una máscara que solo mira el ejercicio y el modo."""
    ids = tabla["ejercicio"].unique()
    if contenido is not None:
        elegidos = [e for e in ids if _tipo(contenido, e) == tipo]
    else:
        elegidos = [e for e in ids if any(p in e for p in palabras)]
    por_modo = tabla["modo"].isin(list(palabras)) if contenido is None else False
    return tabla["ejercicio"].isin(elegidos) | por_modo


#: La columna que junta las respuestas de la encuesta que no son un punto de la escala (un
#: texto libre nunca se vuelve encabezado de una columna).
OTRAS_RESPUESTAS = "Otras respuestas"
ESCALA_SIN_CONTENIDO = ("1", "2", "3", "4", "5")


def encuesta(tabla: pd.DataFrame, contenido: Contenido | None = None) -> pd.DataFrame:
    """Resumen de la encuesta de satisfacción: por pregunta, respuestas, promedio en la
    escala (1 = la etiqueta más baja) y una columna por etiqueta con cuántas la eligieron.
    Lo que no es un punto de la escala se cuenta en «Otras respuestas» y no entra al
    promedio. Sin contenido, la escala es 1–5."""
    palabras = ("encuesta", "satisfaccion")
    mascara = _de_tipo(tabla, contenido, "encuesta", palabras)
    datos = _ultimos_donde(tabla, mascara, ["ejercicio", "elemento", "valor"])
    base = ["ejercicio", "elemento", "pregunta", "respuestas", "promedio"]
    if datos.empty:
        return pd.DataFrame(columns=base)
    filas = []
    etiquetas: list[str] = []
    for (ejercicio, elemento), grupo in datos.groupby(["ejercicio", "elemento"], sort=True):
        ej = _ejercicio(contenido, str(ejercicio))
        encuesta_ = ej if isinstance(ej, m.Encuesta) else None
        escala = list(encuesta_.escala if encuesta_ else ()) or list(ESCALA_SIN_CONTENIDO)
        etiquetas += [e for e in escala if e not in etiquetas]
        items = {i.id: i.texto for i in encuesta_.preguntas} if encuesta_ else {}
        suma = validos = 0.0
        fila: dict[str, Any] = {
            "ejercicio": ejercicio,
            "elemento": elemento,
            "pregunta": items.get(str(elemento), str(elemento)),
            "respuestas": len(grupo),
        }
        for etiqueta in escala:
            fila[etiqueta] = 0
        for valor, veces in _veces(grupo["valor"].tolist()):
            punto = _punto(valor, escala)
            etiqueta = escala[int(punto) - 1] if punto is not None else OTRAS_RESPUESTAS
            fila[etiqueta] = fila.get(etiqueta, 0) + veces
            if punto is not None:
                suma, validos = suma + punto * veces, validos + veces
        fila["promedio"] = suma / validos if validos else float("nan")
        filas.append(fila)
    resumen = pd.DataFrame(filas)
    otras = [OTRAS_RESPUESTAS] if OTRAS_RESPUESTAS in resumen.columns else []
    conteos = [*etiquetas, *otras]
    resumen = resumen.reindex(columns=[*base, *conteos]).fillna({c: 0 for c in conteos})
    return resumen.astype({c: "int64" for c in conteos})


def _veces(valores: list[Any]) -> list[tuple[Any, int]]:
    """Cada valor distinto y cuántas veces aparece, en orden de aparición (``True`` y ``1``
    cuentan aparte; los valores que no se pueden comparar así, uno por uno)."""
    try:
        cuenta = Counter((type(v), v) for v in valores)
    except TypeError:  # p. ej. listas
        return [(v, 1) for v in valores]
    return [(v, n) for (_, v), n in cuenta.items()]


def _punto(valor: Any, escala: list[str]) -> float | None:
    """El punto de la escala (1 = la primera etiqueta) de una respuesta, o ``None`` si no
    es uno: un número fuera de la escala (aunque sea 10**400), un texto libre, una lista."""
    if isinstance(valor, bool):
        return None
    if isinstance(valor, str):
        if valor in escala:
            return float(escala.index(valor) + 1)
        texto = valor.strip()
        valor = int(texto) if texto.isdecimal() and len(texto) < 4 else None
    if isinstance(valor, int) and 1 <= valor <= len(escala):
        return float(valor)
    if isinstance(valor, float) and valor.is_integer() and 1 <= valor <= len(escala):
        return valor
    return None


def reflexiones(tabla: pd.DataFrame, contenido: Contenido | None = None) -> pd.DataFrame:
    """Reflexiones y compromisos (último intento de cada persona), texto tal cual: quien
    lo muestre en HTML debe escaparlo."""
    columnas = ["ejercicio", "titulo", "alias", "texto", "momento"]
    palabras = ("reflexion", "compromiso")
    mascara = _de_tipo(tabla, contenido, "reflexion", palabras)
    datos = _ultimos_donde(tabla, mascara, ["ejercicio", "alias", "valor", "momento"])
    datos = datos[datos["valor"].map(lambda v: isinstance(v, str) and bool(v.strip()))]
    if datos.empty:
        return pd.DataFrame(columns=columnas)
    salida = datos.assign(
        titulo=[titulo(contenido, e) for e in datos["ejercicio"]], texto=datos["valor"]
    )
    return salida.sort_values(["ejercicio", "momento"], ignore_index=True)[columnas]
