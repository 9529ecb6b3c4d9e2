"""El tablero de quien facilita: cifras del grupo calculadas con pandas, y su widget.

Las funciones de agregación son puras: reciben la tabla de registros (``tabla_registros``)
y devuelven tablas. ``contenido`` es opcional en todas: sin él se muestran los ids; con él,
títulos, módulos y la retroalimentación de cada opción. ``Tablero`` es un widget delgado
que lee el buzón, llama a estas funciones y pinta el resultado.

Los modos de la evaluación: ``MODOS_DIAGNOSTICO`` (antes) y ``MODOS_FINAL`` (después).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import date, datetime, tzinfo
from html import escape
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from . import _graficas as g
from .registro import Buzon, Lectura, sin_recolector

if TYPE_CHECKING:
    from .modelo import Contenido, Ejercicio, Pregunta

__all__ = [
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

COLUMNAS = (
    "uid", "participante", "alias", "grupo", "ejercicio", "elemento", "valor", "correcta",
    "intento", "modo", "puntaje", "momento",
)  # fmt: skip
MODOS_DIAGNOSTICO = frozenset({"diagnostica", "diagnóstica", "diagnostico", "pre", "inicial"})
MODOS_FINAL = frozenset({"final", "post"})
SIN_MODULO = "—"
_CLAVE = ["participante", "ejercicio", "modo"]


# --- La tabla de registros -----------------------------------------------------------------


def tabla_registros(lectura: Lectura | Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Una fila por registro válido, con tipos: ``correcta`` booleana, ``momento`` en UTC."""
    registros = lectura.registros if isinstance(lectura, Lectura) else lectura
    with sin_recolector():
        columnas: dict[str, Any] = {c: _columna(registros, c) for c in COLUMNAS}
        # Las claves se repiten mucho: como categorías ocupan poco y agrupan rápido.
        for c in ("participante", "alias", "grupo", "ejercicio", "elemento", "modo"):
            categorias = pd.Categorical(columnas[c])
            if categorias.isna().any():
                categorias = categorias.add_categories([""]).fillna("")
            columnas[c] = categorias
        columnas["valor"] = pd.Series(columnas["valor"], dtype=object)
        columnas["uid"] = pd.Series(columnas["uid"], dtype=object)
        columnas["correcta"] = pd.array(columnas["correcta"], dtype="boolean")
        columnas["intento"] = pd.array(columnas["intento"], dtype="int64")
        columnas["puntaje"] = pd.to_numeric(
            pd.Series(columnas["puntaje"], dtype=object), errors="coerce"
        ).astype("float64")
        columnas["momento"] = pd.to_datetime(
            columnas["momento"], utc=True, format="ISO8601", errors="coerce", cache=True
        )
        return pd.DataFrame(columnas, columns=list(COLUMNAS))


def _columna(registros: Sequence[dict[str, Any]], campo: str) -> list[Any]:
    try:
        return list(map(itemgetter(campo), registros))  # los registros válidos traen todo
    except KeyError:
        return [r.get(campo) for r in registros]


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
    maximo = tabla.groupby(_CLAVE, sort=False)["intento"].transform("max")
    ultimos = tabla[tabla["intento"] == maximo].sort_values("momento", kind="stable")
    return ultimos.drop_duplicates([*_CLAVE, "elemento"], keep="last")


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
    pares = tabla[["ejercicio", "elemento"]].drop_duplicates()
    modulos = {(e, el): _modulo_de(contenido, e, el) for e, el in pares.itertuples(index=False)}
    claves = zip(tabla["ejercicio"], tabla["elemento"], strict=True)
    return tabla.assign(modulo=[modulos[c] for c in claves])


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
    datos = ultimos_intentos(tabla)
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
    datos = tabla[tabla["ejercicio"] == ejercicio]
    if modo is not None:
        datos = datos[datos["modo"] == modo]
    datos = ultimos_intentos(datos)
    if datos.empty:
        return pd.DataFrame(columns=columnas)
    datos = datos.astype({"elemento": str, "participante": str})
    ej = _ejercicio(contenido, ejercicio)
    es_lista = datos["valor"].map(lambda v: isinstance(v, list))
    filas = datos.assign(correcta_registro=datos["correcta"].where(~es_lista, pd.NA))
    filas = filas.explode("valor")
    filas["valor"] = filas["valor"].map(_como_texto)
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
    modos = tabla["modo"]
    datos = tabla[modos.isin(MODOS_DIAGNOSTICO | MODOS_FINAL) & tabla["correcta"].notna()]
    datos = ultimos_intentos(datos)
    if datos.empty:
        return pd.DataFrame(columns=columnas)
    datos = con_modulo(datos, contenido, por_pregunta=True)
    datos = datos.assign(
        momento_eval=np.where(datos["modo"].isin(MODOS_FINAL), "post", "pre"),
        acierto=datos["correcta"].astype("float64"),
    )
    total = datos.assign(modulo="Total")
    juntos = pd.concat([datos, total], ignore_index=True)
    tabla_pp = juntos.pivot_table(
        index=["participante", "modulo"],
        columns="momento_eval",
        values="acierto",
        aggfunc="mean",
    ).reindex(columns=["pre", "post"])
    tabla_pp = tabla_pp.reset_index()
    tabla_pp.columns.name = None
    alias = datos.groupby("participante")["alias"].last()
    tabla_pp["alias"] = tabla_pp["participante"].map(alias)
    tabla_pp["ganancia"] = ganancia_normalizada(tabla_pp["pre"], tabla_pp["post"]).to_numpy()
    orden = {m: i for i, m in enumerate(contenido.modulos)} if contenido is not None else {}
    tabla_pp["_orden"] = tabla_pp["modulo"].map(lambda m: (m == "Total", orden.get(m, 99), m))
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
) -> pd.DataFrame:
    """Los registros de los ejercicios de un tipo (o, sin contenido, con esas palabras en
    el id o el modo)."""
    ids = tabla["ejercicio"].unique()
    if contenido is not None:
        elegidos = [e for e in ids if _tipo(contenido, e) == tipo]
    else:
        elegidos = [e for e in ids if any(p in e for p in palabras)]
    por_modo = tabla["modo"].isin(list(palabras)) if contenido is None else False
    return tabla[tabla["ejercicio"].isin(elegidos) | por_modo]


def encuesta(tabla: pd.DataFrame, contenido: Contenido | None = None) -> pd.DataFrame:
    """Resumen de la encuesta de satisfacción: por pregunta, respuestas, promedio en la
    escala (1 = la etiqueta más baja) y una columna por etiqueta con cuántas la eligieron."""
    datos = ultimos_intentos(_de_tipo(tabla, contenido, "encuesta", ("encuesta", "satisfaccion")))
    base = ["ejercicio", "elemento", "pregunta", "respuestas", "promedio"]
    if datos.empty:
        return pd.DataFrame(columns=base)
    filas = []
    for (ejercicio, elemento), grupo in datos.groupby(["ejercicio", "elemento"], sort=True):
        ej = _ejercicio(contenido, ejercicio)
        escala = list(getattr(ej, "escala", ()))
        items = {i.id: i.texto for i in getattr(ej, "preguntas", ())}
        etiquetas = [_etiqueta(v, escala) for v in grupo["valor"]]
        puntos = [_punto(v, escala) for v in grupo["valor"]]
        validos = [p for p in puntos if p is not None]
        fila: dict[str, Any] = {
            "ejercicio": ejercicio,
            "elemento": elemento,
            "pregunta": items.get(elemento, elemento),
            "respuestas": len(grupo),
            "promedio": sum(validos) / len(validos) if validos else float("nan"),
        }
        for etiqueta in escala:
            fila[etiqueta] = 0
        for etiqueta in etiquetas:
            fila[etiqueta] = fila.get(etiqueta, 0) + 1
        filas.append(fila)
    return pd.DataFrame(filas).fillna({c: 0 for f in filas for c in f if c not in base})


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
    datos = ultimos_intentos(_de_tipo(tabla, contenido, "reflexion", ("reflexion", "compromiso")))
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
_PESTANAS = ("Participación", "Por ejercicio", "Diagnóstica y final", "Reflexiones", "Encuesta")


class Tablero(widgets.VBox):
    """El tablero de quien facilita: elige grupo y fecha, y se actualiza en su lugar.

    ``Tablero(buzon, contenido=None, grupo=None)``; ``actualizar()`` vuelve a leer el buzón
    (lo hace también el botón «Actualizar», y cada ``cada`` segundos si se marca la
    casilla). No imprime nada: todo va a widgets ``HTML`` e ``Image``.
    """

    def __init__(
        self,
        buzon: Buzon | str | Path,
        contenido: Contenido | None = None,
        grupo: str | None = None,
        letra_grande: bool = False,
        cada: float = 10.0,
    ) -> None:
        self.buzon = buzon if isinstance(buzon, Buzon) else Buzon(buzon)
        self.contenido = contenido
        self.cada = cada
        self.tabla = tabla_registros([])
        self.lectura = Lectura()
        self._candado = threading.Lock()
        self._parar = threading.Event()
        self._hilo: threading.Thread | None = None
        self._pintando = False
        estilo = {"description_width": "initial"}
        self.grupo = widgets.Dropdown(description="Grupo", options=[], style=estilo)
        self.fecha = widgets.Dropdown(description="Fecha", options=[("Todas", None)])
        self.ejercicio = widgets.Dropdown(description="Ejercicio", options=[], style=estilo)
        self.grande = widgets.ToggleButton(value=letra_grande, description="Letra grande")
        self.boton = widgets.Button(description="Actualizar", icon="refresh")
        self.automatico = widgets.Checkbox(
            value=False, description=f"Actualizar cada {cada:g} s", indent=False
        )
        self.estado = widgets.HTML()
        self.html_participacion = widgets.HTML()
        self.html_aciertos = widgets.HTML()
        self.img_aciertos = widgets.Image(format="png")
        self.img_opciones = widgets.Image(format="png")
        self.html_errores = widgets.HTML()
        self.img_pre_post = widgets.Image(format="png")
        self.html_pre_post = widgets.HTML()
        self.html_reflexiones = widgets.HTML()
        self.html_encuesta = widgets.HTML()
        self.img_encuesta = widgets.Image(format="png")
        pestanas = widgets.Tab(
            children=[
                self.html_participacion,
                widgets.VBox(
                    [
                        self.img_aciertos,
                        self.html_aciertos,
                        self.ejercicio,
                        self.img_opciones,
                        self.html_errores,
                    ]
                ),
                widgets.VBox([self.img_pre_post, self.html_pre_post]),
                self.html_reflexiones,
                widgets.VBox([self.img_encuesta, self.html_encuesta]),
            ],
            titles=_PESTANAS,
        )
        controles = widgets.HBox([self.grupo, self.fecha, self.boton, self.automatico, self.grande])
        super().__init__([controles, self.estado, pestanas])
        self._grupo_inicial = grupo
        for control in (self.grupo, self.fecha, self.ejercicio, self.grande):
            control.observe(self._al_cambiar, names="value")
        self.boton.on_click(lambda _: self.actualizar())
        self.automatico.observe(self._al_automatico, names="value")
        self.actualizar()

    # --- Lectura y pintado ---------------------------------------------------------------

    def actualizar(self) -> None:
        """Vuelve a leer el buzón y repinta todo, en el mismo lugar."""
        with self._candado:
            self.lectura = self.buzon.leer()
            self.tabla = tabla_registros(self.lectura)
            self._pintando = True
            try:
                grupos = sorted(self.tabla["grupo"].unique())
                actual = self.grupo.value or self._grupo_inicial
                if actual not in grupos and grupos:
                    actual = self._grupo_mas_reciente()
                self.grupo.options = grupos
                self.grupo.value = actual if grupos else None
                self._opciones_de_grupo()
            finally:
                self._pintando = False
            self._pintar()

    def _grupo_mas_reciente(self) -> str:
        return str(self.tabla.sort_values("momento")["grupo"].iloc[-1])

    def _opciones_de_grupo(self) -> None:
        datos = filtrar(self.tabla, self.grupo.value)
        dias = sorted(set(fechas(datos))) if not datos.empty else []
        fecha = self.fecha.value
        self.fecha.options = [("Todas", None)] + [(d.strftime("%d/%m/%Y"), d) for d in dias]
        self.fecha.value = fecha if fecha in dias else None
        ids = sorted(datos["ejercicio"].unique())
        elegido = self.ejercicio.value
        self.ejercicio.options = [(titulo(self.contenido, e), e) for e in ids]
        self.ejercicio.value = elegido if elegido in ids else (ids[0] if ids else None)

    def _al_cambiar(self, cambio: dict[str, Any]) -> None:
        if self._pintando:
            return
        if cambio["owner"] is self.grupo:
            self._pintando = True
            try:
                self._opciones_de_grupo()
            finally:
                self._pintando = False
        self._pintar()

    def _pintar(self) -> None:
        grande = self.grande.value
        contenido = self.contenido
        datos = filtrar(self.tabla, self.grupo.value, self.fecha.value)
        personas = participacion(datos, contenido=contenido)
        self.estado.value = g.envolver(
            f"<p><b>{len(personas)}</b> persona(s) con actividad en el grupo "
            f"<b>{escape(str(self.grupo.value or '—'))}</b>.</p>"
            + g.problemas_html(self.lectura.problemas),
            grande,
        )
        self.html_participacion.value = g.envolver(
            g.tabla_html(personas, ENCABEZADOS_PARTICIPACION, FORMATOS), grande
        )
        aciertos = aciertos_por_ejercicio(datos, contenido)
        _poner_imagen(self.img_aciertos, g.grafica_aciertos(aciertos, grande))
        self.html_aciertos.value = g.envolver(
            g.tabla_html(aciertos, ENCABEZADOS_ACIERTOS, FORMATOS), grande
        )
        ejercicio = self.ejercicio.value
        if ejercicio:
            distribucion = distribucion_de_opciones(datos, ejercicio, contenido)
            nombre = titulo(contenido, ejercicio)
            _poner_imagen(self.img_opciones, g.grafica_opciones(distribucion, nombre, grande))
            errores = errores_frecuentes(datos, ejercicio, 3, contenido)
            self.html_errores.value = g.envolver(
                "<h4>Respuestas incorrectas más frecuentes</h4>"
                + g.tabla_html(errores, ENCABEZADOS_ERRORES, FORMATOS, "Sin errores que mostrar."),
                grande,
            )
        else:
            _poner_imagen(self.img_opciones, None)
            self.html_errores.value = ""
        individual = pre_post(datos, contenido)
        del_grupo = ganancia_del_grupo(individual)
        _poner_imagen(self.img_pre_post, g.grafica_pre_post(del_grupo, grande))
        self.html_pre_post.value = g.envolver(
            g.tabla_html(del_grupo, ENCABEZADOS_GANANCIA, FORMATOS,
                         "Aún no hay personas con evaluación diagnóstica y final.")
            + "<h4>Por persona</h4>"
            + g.tabla_html(individual, ENCABEZADOS_PRE_POST, FORMATOS),
            grande,
        )  # fmt: skip
        self.html_reflexiones.value = g.envolver(
            g.reflexiones_html(reflexiones(datos, contenido)), grande
        )
        resumen = encuesta(datos, contenido)
        _poner_imagen(self.img_encuesta, g.grafica_encuesta(resumen, grande))
        self.html_encuesta.value = g.envolver(g.encuesta_html(resumen, FORMATOS), grande)

    def html(self) -> str:
        """Todo el HTML que muestra el tablero (para revisarlo o guardarlo)."""
        return "\n".join(
            w.value
            for w in (self.estado, self.html_participacion, self.html_aciertos,
                      self.html_errores, self.html_pre_post, self.html_reflexiones,
                      self.html_encuesta)
        )  # fmt: skip

    # --- Actualización automática --------------------------------------------------------

    def _al_automatico(self, cambio: dict[str, Any]) -> None:
        if cambio["new"]:
            self.iniciar_automatico()
        else:
            self.detener()

    def iniciar_automatico(self) -> None:
        if self._hilo is not None and self._hilo.is_alive():
            return
        self._parar.clear()
        self._hilo = threading.Thread(target=self._ciclo, name="tablero-actualizar", daemon=True)
        self._hilo.start()

    def detener(self) -> None:
        """Detiene la actualización automática."""
        self._parar.set()
        if self._hilo is not None:
            self._hilo.join(timeout=self.cada + 5)
        self._hilo = None
        if self.automatico.value:
            self.automatico.value = False

    def _ciclo(self) -> None:
        while not self._parar.wait(self.cada):
            try:
                self.actualizar()
            except Exception as error:  # el hilo no debe morir en silencio: se avisa
                self.estado.value = g.envolver(
                    f'<p class="aviso">No se pudo actualizar: {escape(str(error))}</p>'
                )


def _poner_imagen(imagen: widgets.Image, png: bytes | None) -> None:
    imagen.value = png or b""
    imagen.layout.display = None if png else "none"
