"""El tablero de quien facilita: cifras del grupo calculadas con pandas, y su widget.

Las funciones de agregación son puras: reciben la tabla de registros (``tabla_registros``)
y devuelven tablas. ``contenido`` es opcional en todas: sin él se muestran los ids; con él,
títulos, módulos y la retroalimentación de cada opción. ``Tablero`` es un widget delgado
que lee el buzón, llama a estas funciones y pinta el resultado.

Los modos de la evaluación: ``MODOS_DIAGNOSTICO`` (antes) y ``MODOS_FINAL`` (después).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _graficas as g
from ._tabla import COLUMNAS, LecturaIncremental, tabla_registros

if TYPE_CHECKING:
    from .modelo import Contenido, Ejercicio, Pregunta

__all__ = [
    "COLUMNAS",
    "LecturaIncremental",
    "Tablero",
    "aciertos_por_ejercicio",
    "distribucion_de_opciones",
    "encuesta",
    "errores_frecuentes",
    "filtrar",
    "ganancia_del_grupo",
    "ganancia_normalizada",
    "participacion",
    "pre_post",
    "reflexiones",
    "tabla_registros",
    "ultimos_intentos",
]

MODOS_DIAGNOSTICO = frozenset({"diagnostica", "diagnóstica", "diagnostico", "pre", "inicial"})
MODOS_FINAL = frozenset({"final", "post"})
SIN_MODULO = "—"
_CLAVE = ["participante", "ejercicio", "modo"]


def _zona_local() -> tzinfo | None:
    return datetime.now().astimezone().tzinfo


def fechas(tabla: pd.DataFrame, zona: tzinfo | None = None) -> pd.Series:
    """La fecha local (``datetime.date``) de cada registro."""
    local = tabla["momento"].dt.tz_convert(zona or _zona_local())
    return local.dt.date


def filtrar(
    tabla: pd.DataFrame, grupo: str | None = None, fecha: date | None = None
) -> pd.DataFrame:
    """Los registros de un grupo (``None``: todos) y, si se da, de una fecha local."""
    if grupo is not None:
        tabla = tabla[tabla["grupo"] == grupo]
    if fecha is not None:
        tabla = tabla[fechas(tabla) == fecha]
    return tabla


def ultimos_intentos(tabla: pd.DataFrame) -> pd.DataFrame:
    """Solo el último intento de cada persona en cada ejercicio y modo; en él, la última
    respuesta a cada elemento."""
    if tabla.empty:
        return tabla
    filas = _filas_ultimas(tabla)
    if filas is not None:
        return tabla.take(filas)
    maximo = tabla.groupby(_CLAVE, sort=False)["intento"].transform("max")
    ultimos = tabla[tabla["intento"] == maximo].sort_values("momento", kind="stable")
    return ultimos.drop_duplicates([*_CLAVE, "elemento"], keep="last")


def _ultimos_donde(
    tabla: pd.DataFrame, mascara: Any, columnas: list[str] | None = None
) -> pd.DataFrame:
    """``ultimos_intentos(tabla[mascara])[columnas]`` para una máscara que solo mira el
    ejercicio y el modo (así da lo mismo filtrar antes o después, y se aprovechan las
    posiciones ya calculadas para la tabla entera)."""
    mascara = np.asarray(mascara, dtype=bool)
    filas = _filas_ultimas(tabla) if not tabla.empty else None
    if filas is None:
        ultimos = ultimos_intentos(tabla[mascara])
        return ultimos if columnas is None else ultimos[columnas]
    return (tabla if columnas is None else tabla[columnas]).take(filas[mascara[filas]])


#: Las posiciones de los últimos intentos de las últimas tablas, por su contenido: el
#: tablero pide varias cifras de la misma tabla y todas empiezan por aquí.
_MEMORIA_ULTIMOS: dict[tuple[int, ...], np.ndarray] = {}


def _filas_ultimas(tabla: pd.DataFrame) -> np.ndarray | None:
    """Las posiciones de ``ultimos_intentos`` (en orden de momento), calculadas con
    números: una llave entera por (participante, ejercicio, modo) y otra por elemento.
    ``None`` si la tabla no tiene las categorías y fechas de ``tabla_registros``."""
    claves = [tabla[c] for c in (*_CLAVE, "elemento")]
    momento = tabla["momento"]
    if not isinstance(momento.dtype, pd.DatetimeTZDtype) or not all(
        isinstance(c.dtype, pd.CategoricalDtype) for c in claves
    ):
        return None
    intento = tabla["intento"].to_numpy(dtype=np.int64)
    crudos = [*(c.cat.codes.to_numpy() for c in claves), intento, momento.array.asi8]
    huella = (len(tabla), *(zlib.crc32(np.ascontiguousarray(a)) for a in crudos))
    if huella in _MEMORIA_ULTIMOS:  # la misma tabla (o una igual en lo que importa aquí)
        return _MEMORIA_ULTIMOS[huella]
    llaves = _llaves_por_codigo(tabla, [*_CLAVE, "elemento"])
    if llaves is None:
        return None
    por_intento, por_elemento = llaves
    tiempos = np.where(momento.isna().to_numpy(), np.iinfo(np.int64).max, momento.array.asi8)
    grupos, _ = pd.factorize(por_intento)
    maximo = np.full(grupos.max() + 1, np.iinfo(np.int64).min)
    np.maximum.at(maximo, grupos, intento)
    filas = np.flatnonzero(intento == maximo[grupos])
    filas = filas[np.argsort(tiempos[filas], kind="stable")]  # NaT al final
    repetidas = pd.Series(por_elemento[filas]).duplicated(keep="last").to_numpy()
    filas = filas[~repetidas]
    if len(_MEMORIA_ULTIMOS) >= 4:
        del _MEMORIA_ULTIMOS[next(iter(_MEMORIA_ULTIMOS))]
    _MEMORIA_ULTIMOS[huella] = filas
    return filas


def _llaves_por_codigo(
    tabla: pd.DataFrame, claves: list[str]
) -> tuple[np.ndarray, np.ndarray] | None:
    """Para columnas categóricas: una llave entera por fila para las tres primeras claves
    y otra para las cuatro (``None`` si alguna no es categórica o no caben en 64 bits)."""
    columnas = [tabla[c] for c in claves]
    if not all(isinstance(c.dtype, pd.CategoricalDtype) for c in columnas):
        return None
    tamanos = [len(c.cat.categories) + 1 for c in columnas]  # +1: el código -1 (nulo)
    if np.prod(np.array(tamanos, dtype=np.float64)) >= 2**62:
        return None
    llave = np.zeros(len(tabla), dtype=np.int64)
    llaves = []
    for columna, tamano in zip(columnas, tamanos, strict=True):
        llave = llave * tamano + (columna.cat.codes.to_numpy(np.int64) + 1)
        llaves.append(llave)
    return llaves[2], llaves[3]


# --- Lo que dice el contenido (si lo hay) ---------------------------------------------------


def _ejercicio(contenido: Contenido | None, id_: str) -> Ejercicio | None:
    return contenido.ejercicios.get(id_) if contenido is not None else None


def _tipo(contenido: Contenido | None, id_: str) -> str:
    ejercicio = _ejercicio(contenido, id_)
    return ejercicio.tipo if ejercicio is not None else ""


def titulo(contenido: Contenido | None, id_: str) -> str:
    ejercicio = _ejercicio(contenido, id_)
    return ejercicio.titulo if ejercicio is not None else id_


def _pregunta(ejercicio: Ejercicio | None, elemento: str) -> Pregunta | None:
    if ejercicio is None:
        return None
    if hasattr(ejercicio, "pregunta"):
        return ejercicio.pregunta  # type: ignore[no-any-return]
    preguntas = getattr(ejercicio, "preguntas", None) or getattr(ejercicio, "banco", None)
    if not preguntas or not hasattr(preguntas[0], "opciones"):
        return None  # p. ej. las preguntas de una encuesta no tienen opciones
    por_id = {p.id: p for p in preguntas}
    if elemento in por_id:
        return por_id[elemento]  # type: ignore[no-any-return]
    if elemento.isdigit() and int(elemento) < len(preguntas):
        return preguntas[int(elemento)]  # type: ignore[no-any-return]
    return None


def _modulo_de(contenido: Contenido | None, ejercicio_id: str, elemento: str) -> str:
    ejercicio = _ejercicio(contenido, ejercicio_id)
    if ejercicio is None:
        prefijo = ejercicio_id.split("-", 1)[0]
        return prefijo if prefijo[:1] == "m" and prefijo[1:].isdigit() else SIN_MODULO
    pregunta = _pregunta(ejercicio, elemento) if ejercicio.tipo == "evaluacion" else None
    return (pregunta.modulo if pregunta is not None else "") or ejercicio.modulo or SIN_MODULO


def con_modulo(
    tabla: pd.DataFrame, contenido: Contenido | None = None, por_pregunta: bool = False
) -> pd.DataFrame:
    """La tabla con la columna ``modulo``: el del ejercicio o, con ``por_pregunta``, en la
    evaluación, el de cada pregunta del banco (para comparar diagnóstica y final)."""
    pares = _pares_por_codigo(tabla["ejercicio"], tabla["elemento"])
    if pares is not None:  # con categorías: se calcula una vez por par distinto
        inversa, unicos = pares
        nombres = [_modulo_de(contenido, e, el) for e, el in unicos]
        categorias = sorted(set(nombres))
        posicion = {m: i for i, m in enumerate(categorias)}
        codigos = np.array([posicion[m] for m in nombres], dtype=np.int32)
        modulo = pd.Categorical.from_codes(codigos[inversa], categories=categorias)
        return tabla.assign(modulo=modulo)
    pares_df = tabla[["ejercicio", "elemento"]].drop_duplicates()
    modulos_d = {
        (e, el): _modulo_de(contenido, e, el) for e, el in pares_df.itertuples(index=False)
    }
    claves = zip(tabla["ejercicio"], tabla["elemento"], strict=True)
    return tabla.assign(modulo=[modulos_d[c] for c in claves])


def _pares_por_codigo(
    a: pd.Series, b: pd.Series
) -> tuple[np.ndarray, list[tuple[Any, Any]]] | None:
    """Para dos columnas categóricas: a qué par distinto pertenece cada fila y los pares
    (valores); ``None`` si alguna no es categórica o tiene nulos."""
    if not (isinstance(a.dtype, pd.CategoricalDtype) and isinstance(b.dtype, pd.CategoricalDtype)):
        return None
    codigos_a = a.cat.codes.to_numpy(np.int64)
    codigos_b = b.cat.codes.to_numpy(np.int64)
    if len(codigos_a) and (codigos_a.min() < 0 or codigos_b.min() < 0):
        return None
    ancho = len(b.cat.categories)
    clave = codigos_a * ancho + codigos_b
    if len(a.cat.categories) * ancho <= max(4 * len(clave), 1 << 16):  # pocos pares posibles
        presentes = np.flatnonzero(np.bincount(clave, minlength=len(a.cat.categories) * ancho))
        numero = np.zeros(len(a.cat.categories) * ancho, dtype=np.int64)
        numero[presentes] = np.arange(len(presentes))
        unicas, inversa = presentes, numero[clave]
    else:
        unicas, inversa = np.unique(clave, return_inverse=True)
    cat_a, cat_b = a.cat.categories, b.cat.categories
    pares = [(cat_a[c // ancho], cat_b[c % ancho]) for c in unicas.tolist()]
    return inversa.reshape(-1), pares


def _texto_elemento(ejercicio: Ejercicio | None, elemento: str) -> str:
    """La pregunta o el elemento (fila a emparejar o clasificar) que se respondió."""
    pregunta = _pregunta(ejercicio, elemento)
    if pregunta is not None:
        return pregunta.pregunta
    elementos = getattr(ejercicio, "elementos", None)
    if elementos and elemento.isdigit() and int(elemento) < len(elementos):
        return elementos[int(elemento)].texto  # type: ignore[no-any-return]
    return elemento


def _retroalimentacion(ejercicio: Ejercicio | None, elemento: str, valor: str) -> str:
    pregunta = _pregunta(ejercicio, elemento)
    if pregunta is not None:
        return next((o.retroalimentacion for o in pregunta.opciones if o.texto == valor), "")
    elementos = getattr(ejercicio, "elementos", None)
    if elementos and elemento.isdigit() and int(elemento) < len(elementos):
        item = elementos[int(elemento)]
        return f"Respuesta: {_nombre_opcion(ejercicio, item.respuesta)}. {item.explicacion}"
    for punto in getattr(ejercicio, "puntos", ()):
        for decision in punto.decisiones:
            if decision.texto == valor:
                return decision.consecuencia  # type: ignore[no-any-return]
    return ""


def _nombre_opcion(ejercicio: Ejercicio | None, valor: str) -> str:
    """El nombre de una categoría (clasificar guarda su id) o el texto tal cual."""
    for categoria in getattr(ejercicio, "categorias", ()):
        if categoria.id == valor:
            return categoria.nombre  # type: ignore[no-any-return]
    return valor


def _opcion_correcta(ejercicio: Ejercicio | None, elemento: str, valor: str) -> bool | None:
    pregunta = _pregunta(ejercicio, elemento)
    if pregunta is not None:
        return next((o.correcta for o in pregunta.opciones if o.texto == valor), None)
    elementos = getattr(ejercicio, "elementos", None)
    if elementos and elemento.isdigit() and int(elemento) < len(elementos):
        return bool(elementos[int(elemento)].respuesta == valor)
    return None


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
    resumen = pd.DataFrame(
        {
            "alias": por_persona["alias"].last(),
            "ejercicios": por_persona["ejercicio"].nunique(),
            "modulos": por_persona["modulo"].nunique(),
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
    resumen["modulo"] = [_modulo_de(contenido, e, "") for e in resumen["ejercicio"]]
    return resumen[columnas]


def _como_texto(valor: Any) -> str:
    return "" if valor is None else str(valor)


def distribucion_de_opciones(
    tabla: pd.DataFrame,
    ejercicio: str,
    contenido: Contenido | None = None,
    modo: str | None = None,
) -> pd.DataFrame:
    """Cuántas personas eligieron cada opción, por elemento (las listas se cuentan por
    opción). ``correcta`` dice si la opción es correcta (según el contenido o el registro)."""
    columnas = ["elemento", "texto_elemento", "valor", "personas", "proporcion", "correcta"]
    mascara = tabla["ejercicio"] == ejercicio
    if modo is not None:
        mascara &= tabla["modo"] == modo
    datos = _ultimos_donde(tabla, mascara, ["elemento", "participante", "valor", "correcta"])
    if datos.empty:
        return pd.DataFrame(columns=columnas)
    datos = datos.astype({"elemento": str, "participante": str})
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
    responden = datos.groupby("elemento")["participante"].nunique()
    conteo = (
        filas.groupby(["elemento", "valor"])
        .agg(
            personas=("participante", "nunique"),
            correcta=("correcta_registro", lambda s: s.dropna().any() if s.notna().any() else None),
        )
        .reset_index()
    )
    conteo["proporcion"] = conteo["personas"] / conteo["elemento"].map(responden)
    segun_contenido = [
        _opcion_correcta(ej, el, v)
        for el, v in zip(conteo["elemento"], conteo["valor"], strict=True)
    ]
    conteo["correcta"] = [
        c if c is not None else r for c, r in zip(segun_contenido, conteo["correcta"], strict=True)
    ]
    conteo["texto_elemento"] = [_texto_elemento(ej, el) for el in conteo["elemento"]]
    conteo["valor"] = [_nombre_opcion(ej, v) for v in conteo["valor"]]
    conteo = conteo.sort_values(["elemento", "personas"], ascending=[True, False])
    return conteo[columnas].reset_index(drop=True)


def errores_frecuentes(
    tabla: pd.DataFrame,
    ejercicio: str,
    n: int = 3,
    contenido: Contenido | None = None,
    modo: str | None = None,
) -> pd.DataFrame:
    """Las ``n`` opciones incorrectas más elegidas, con su retroalimentación para discutir."""
    distribucion = distribucion_de_opciones(tabla, ejercicio, contenido, modo)
    if distribucion.empty:
        return distribucion.assign(retroalimentacion=pd.Series(dtype=object))
    errores = distribucion[distribucion["correcta"].map(lambda c: c is False or c is np.False_)]
    errores = errores.sort_values(["personas", "elemento"], ascending=[False, True]).head(n)
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


def encuesta(tabla: pd.DataFrame, contenido: Contenido | None = None) -> pd.DataFrame:
    """Resumen de la encuesta de satisfacción: por pregunta, respuestas, promedio en la
    escala (1 = la etiqueta más baja) y una columna por etiqueta con cuántas la eligieron."""
    palabras = ("encuesta", "satisfaccion")
    mascara = _de_tipo(tabla, contenido, "encuesta", palabras)
    datos = _ultimos_donde(tabla, mascara, ["ejercicio", "elemento", "valor"])
    base = ["ejercicio", "elemento", "pregunta", "respuestas", "promedio"]
    if datos.empty:
        return pd.DataFrame(columns=base)
    filas = []
    for (ejercicio, elemento), grupo in datos.groupby(["ejercicio", "elemento"], sort=True):
        ej = _ejercicio(contenido, ejercicio)
        escala = list(getattr(ej, "escala", ()))
        items = {i.id: i.texto for i in getattr(ej, "preguntas", ())}
        suma = validos = 0.0
        fila: dict[str, Any] = {
            "ejercicio": ejercicio,
            "elemento": elemento,
            "pregunta": items.get(elemento, elemento),
            "respuestas": len(grupo),
        }
        for etiqueta in escala:
            fila[etiqueta] = 0
        for valor, veces in _veces(grupo["valor"].tolist()):
            etiqueta = _etiqueta(valor, escala)
            fila[etiqueta] = fila.get(etiqueta, 0) + veces
            punto = _punto(valor, escala)
            if punto is not None:
                suma, validos = suma + punto * veces, validos + veces
        fila["promedio"] = suma / validos if validos else float("nan")
        filas.append(fila)
    resumen = pd.DataFrame(filas).fillna({c: 0 for f in filas for c in f if c not in base})
    return resumen[[*base[:4], "promedio", *[c for c in resumen.columns if c not in base]]]


def _veces(valores: list[Any]) -> list[tuple[Any, int]]:
    """Cada valor distinto y cuántas veces aparece, en orden de aparición (``True`` y ``1``
    cuentan aparte; los valores que no se pueden comparar así, uno por uno)."""
    try:
        cuenta = Counter((type(v), v) for v in valores)
    except TypeError:  # p. ej. listas
        return [(v, 1) for v in valores]
    return [(v, n) for (_, v), n in cuenta.items()]


def _etiqueta(valor: Any, escala: list[str]) -> str:
    if isinstance(valor, int) and not isinstance(valor, bool) and 1 <= valor <= len(escala):
        return escala[valor - 1]
    return _como_texto(valor)


def _punto(valor: Any, escala: list[str]) -> float | None:
    if isinstance(valor, str) and valor in escala:
        return float(escala.index(valor) + 1)
    if isinstance(valor, (int, float)) and not isinstance(valor, bool):
        return float(valor)
    if isinstance(valor, str) and valor.strip().isdigit():
        return float(valor)
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


# --- El widget ------------------------------------------------------------------------------

ENCABEZADOS_PARTICIPACION = {
    "alias": "Seudónimo",
    "ejercicios": "Ejercicios",
    "modulos": "Módulos",
    "avance": "Avance",
    "ultima": "Última actividad",
}
ENCABEZADOS_ACIERTOS = {
    "titulo": "Ejercicio",
    "modo": "Modo",
    "personas": "Personas",
    "aciertos": "Aciertos",
}
ENCABEZADOS_ERRORES = {
    "texto_elemento": "Pregunta o elemento",
    "valor": "Respuesta elegida",
    "personas": "Personas",
    "retroalimentacion": "Retroalimentación",
}
ENCABEZADOS_GANANCIA = {
    "modulo": "Módulo",
    "personas": "Personas",
    "pre": "Diagnóstica",
    "post": "Final",
    "ganancia": "Ganancia normalizada",
}
ENCABEZADOS_PRE_POST = {
    "alias": "Seudónimo",
    "modulo": "Módulo",
    "pre": "Diagnóstica",
    "post": "Final",
    "ganancia": "Ganancia",
}
FORMATOS = {
    "avance": g.porcentaje,
    "aciertos": g.porcentaje,
    "pre": g.porcentaje,
    "post": g.porcentaje,
    "ganancia": g.decimal,
    "promedio": g.decimal,
    "ultima": g.hora,
    "primera": g.hora,
    "proporcion": g.porcentaje,
}


from .tablero_widget import Tablero  # noqa: E402  (el widget usa lo de arriba)
