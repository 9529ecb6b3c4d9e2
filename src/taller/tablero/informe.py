"""El informe de un grupo: libro XLSX, las mismas tablas en CSV y un HTML autocontenido.

``crear_informe(buzon, carpeta_salida, grupo)`` escribe en ``carpeta_salida``:

- ``informe-<grupo>.xlsx`` con las hojas participación, puntajes, pre-post, preguntas y
  encuesta;
- ``participacion.csv``, ``puntajes.csv``, ``pre-post.csv``, ``preguntas.csv`` y
  ``encuesta.csv`` (UTF-8 con BOM: Excel en Windows abre bien los acentos);
- ``informe-<grupo>.html``: un solo archivo, con las gráficas incrustadas (PNG en base64),
  sin ninguna dirección externa, con la lista de asistencia y quién cumple los criterios
  de la constancia.

Los nombres reales solo aparecen si se da ``carpeta_facilitacion`` (donde vive
``asistencia.csv``); si no, el informe usa los seudónimos.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from taller.buzon.identidad import leer_asistencia
from taller.buzon.registro import Buzon
from taller.tablero import cifras as t
from taller.tablero import graficas as g
from taller.tablero.marco import envolver

if TYPE_CHECKING:
    from taller.contenido.modelo import Contenido

__all__ = ["Informe", "constancias", "crear_informe", "puntajes"]

ASISTENCIA_MINIMA = 0.8
EVALUACION_FINAL_MINIMA = 0.7
HOJAS = ("participación", "puntajes", "pre-post", "preguntas", "encuesta")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Informe:
    """Lo que escribió ``crear_informe``."""

    html: Path
    xlsx: Path
    csv: list[Path] = field(default_factory=list)
    personas: int = 0
    con_constancia: int = 0
    problemas: int = 0

    def __str__(self) -> str:
        lineas = [
            f"Informe del grupo: {self.personas} persona(s), {self.con_constancia} con constancia.",
            f"  HTML: {self.html}",
            f"  Excel: {self.xlsx}",
            f"  CSV: {', '.join(p.name for p in self.csv)}",
        ]
        if self.problemas:
            lineas.append(f"  Aviso: {self.problemas} problema(s) al leer el buzón (ver el HTML).")
        return "\n".join(lineas)


# --- Tablas del informe (funciones puras) ---------------------------------------------------


def puntajes(tabla: pd.DataFrame, contenido: Contenido | None = None) -> pd.DataFrame:
    """Por persona y ejercicio (último intento): respuestas calificadas y aciertos."""
    columnas = ["participante", "alias", "ejercicio", "titulo", "modo", "respuestas", "aciertos"]
    datos = t.ultimos_intentos(tabla)
    datos = datos[datos["correcta"].notna()]
    if datos.empty:
        return pd.DataFrame(columns=columnas)
    grupos = datos.groupby(["participante", "ejercicio", "modo"], observed=True)
    resumen = pd.DataFrame(
        {
            "alias": grupos["alias"].last(),
            "respuestas": grupos["correcta"].size(),
            "aciertos": grupos["correcta"].mean().astype("float64"),
        }
    ).reset_index()
    resumen["titulo"] = [t.titulo(contenido, e) for e in resumen["ejercicio"]]
    return resumen.sort_values(["alias", "ejercicio", "modo"], ignore_index=True)[columnas]


def constancias(
    tabla: pd.DataFrame,
    contenido: Contenido | None = None,
    asistencia_minima: float = ASISTENCIA_MINIMA,
    evaluacion_final_minima: float = EVALUACION_FINAL_MINIMA,
    asistencia: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Quién cumple los criterios de la constancia: proporción de módulos con actividad
    (sobre los módulos del contenido o, sin él, los que tienen actividad en el grupo) y
    aciertos en la evaluación final (último intento)."""
    columnas = ["participante", "alias", "nombre", "modulos", "evaluacion_final", "cumple"]
    if tabla.empty:
        return pd.DataFrame(columns=columnas)
    datos = t.con_modulo(tabla, contenido)
    activos = datos[datos["modulo"] != t.SIN_MODULO]
    total = len(contenido.modulos) if contenido is not None else activos["modulo"].nunique()
    por_persona = datos.groupby("participante", observed=True)
    resumen = pd.DataFrame({"alias": por_persona["alias"].last()})
    modulos = activos.groupby("participante", observed=True)["modulo"].nunique()
    resumen["modulos"] = (modulos.reindex(resumen.index).fillna(0) / max(total, 1)).clip(upper=1)
    final = t.ultimos_intentos(tabla[tabla["modo"].isin(t.MODOS_FINAL)])
    final = final[final["correcta"].notna()]
    notas = final.groupby("participante", observed=True)["correcta"].mean().astype("float64")
    resumen["evaluacion_final"] = notas.reindex(resumen.index)
    resumen["cumple"] = (resumen["modulos"] >= asistencia_minima) & (
        resumen["evaluacion_final"].fillna(-1) >= evaluacion_final_minima
    )
    resumen = resumen.reset_index()
    nombres = asistencia or {}
    resumen["nombre"] = [nombres.get(str(p), "") for p in resumen["participante"]]
    return resumen.sort_values(["alias", "participante"], ignore_index=True)[columnas]


def _preguntas(tabla: pd.DataFrame, contenido: Contenido | None) -> pd.DataFrame:
    partes = []
    for ejercicio in sorted(tabla["ejercicio"].unique()):
        distribucion = t.distribucion_de_opciones(tabla, str(ejercicio), contenido)
        if not distribucion.empty:
            partes.append(
                distribucion.assign(ejercicio=ejercicio, titulo=t.titulo(contenido, ejercicio))
            )
    if not partes:
        return pd.DataFrame(columns=["ejercicio", "titulo", "elemento", "valor", "personas"])
    juntas = pd.concat(partes, ignore_index=True)
    frente = ["ejercicio", "titulo"]
    return juntas[frente + [c for c in juntas.columns if c not in frente]]


# --- Exportar ------------------------------------------------------------------------------


def _para_hoja(datos: pd.DataFrame) -> pd.DataFrame:
    """Fechas en hora local sin zona (Excel no admite zonas) y texto que no sea fórmula."""
    salida = datos.copy()
    for columna in salida.columns:
        serie = salida[columna]
        if isinstance(serie.dtype, pd.DatetimeTZDtype):
            salida[columna] = serie.dt.tz_convert(g._zona()).dt.tz_localize(None)
        elif serie.dtype == object or isinstance(
            serie.dtype, (pd.StringDtype, pd.CategoricalDtype)
        ):
            salida[columna] = serie.astype(object).map(_sin_formula)
    return salida


def _sin_formula(valor: Any) -> Any:
    """Un texto de una persona que empieza con «=» (u otro signo de fórmula) se guarda como
    texto en Excel, no como fórmula."""
    if isinstance(valor, str) and valor.startswith(_FORMULA):
        return "'" + valor
    if isinstance(valor, list):
        return "; ".join(map(str, valor))
    return valor


def _nombre_archivo(grupo: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", grupo).strip("_") or "grupo"


def crear_informe(
    buzon: Buzon | str | Path,
    carpeta_salida: str | Path,
    grupo: str,
    contenido: Contenido | None = None,
    carpeta_facilitacion: str | Path | None = None,
    asistencia_minima: float | None = None,
    evaluacion_final_minima: float | None = None,
) -> Informe:
    """Escribe el informe de ``grupo`` (XLSX, CSV y HTML) en ``carpeta_salida``.

    Los criterios de la constancia, si no se dan, salen de ``taller.yaml`` (o 0.8 y 0.7)."""
    buzon = buzon if isinstance(buzon, Buzon) else Buzon(buzon)
    criterio = getattr(getattr(contenido, "taller", None), "constancia", None)
    if asistencia_minima is None:
        asistencia_minima = getattr(criterio, "asistencia_minima", ASISTENCIA_MINIMA)
    if evaluacion_final_minima is None:
        evaluacion_final_minima = getattr(
            criterio, "evaluacion_final_minima", EVALUACION_FINAL_MINIMA
        )
    lectura = buzon.leer()
    datos = t.filtrar(t.tabla_registros(lectura), grupo)
    asistencia = leer_asistencia(carpeta_facilitacion) if carpeta_facilitacion else {}
    personas = t.participacion(datos, contenido=contenido)
    lista = constancias(datos, contenido, asistencia_minima, evaluacion_final_minima, asistencia)
    participacion = personas.merge(
        lista[["participante", "nombre", "evaluacion_final", "cumple"]], on="participante"
    )
    individual = t.pre_post(datos, contenido)
    del_grupo = t.ganancia_del_grupo(individual)
    tablas = {
        "participación": participacion,
        "puntajes": puntajes(datos, contenido),
        "pre-post": pd.concat(
            [individual, del_grupo.assign(alias="(grupo)", participante="")], ignore_index=True
        ),
        "preguntas": _preguntas(datos, contenido),
        "encuesta": t.encuesta(datos, contenido),
    }
    carpeta = Path(carpeta_salida).expanduser()
    carpeta.mkdir(parents=True, exist_ok=True)
    base = _nombre_archivo(grupo)
    xlsx = carpeta / f"informe-{base}.xlsx"
    with pd.ExcelWriter(xlsx, engine="openpyxl") as libro:
        for hoja, tabla in tablas.items():
            _para_hoja(tabla).to_excel(libro, sheet_name=hoja, index=False)
    csvs = []
    for hoja, tabla in tablas.items():
        ruta = carpeta / f"{hoja.replace('ó', 'o')}.csv"
        _para_hoja(tabla).to_csv(ruta, index=False, encoding="utf-8-sig")
        csvs.append(ruta)
    html = carpeta / f"informe-{base}.html"
    contexto = {
        "grupo": grupo,
        "contenido": contenido,
        "datos": datos,
        "constancias": lista,
        "personas": personas,
        "individual": individual,
        "del_grupo": del_grupo,
        "criterios": (asistencia_minima, evaluacion_final_minima),
        "problemas": lectura.problemas,
        "con_nombres": bool(asistencia),
    }
    html.write_text(_html(contexto), encoding="utf-8")
    return Informe(
        html=html,
        xlsx=xlsx,
        csv=csvs,
        personas=len(personas),
        con_constancia=int(lista["cumple"].sum()) if not lista.empty else 0,
        problemas=len(lectura.problemas),
    )


# --- HTML ----------------------------------------------------------------------------------


def _html(c: dict[str, Any]) -> str:
    contenido = c["contenido"]
    datos: pd.DataFrame = c["datos"]
    minimo_modulos, minimo_final = c["criterios"]
    titulo_taller = getattr(getattr(contenido, "taller", None), "titulo", "Taller")
    partes = [
        f"<h1>{escape(titulo_taller)}</h1>",
        f"<p>Informe del grupo <b>{escape(c['grupo'])}</b>, generado el "
        f"{datetime.now().strftime('%d/%m/%Y %H:%M')}.</p>",
        g.problemas_html(c["problemas"]),
        "<h2>Asistencia y constancias</h2>",
        f"<p>Criterios: actividad en al menos {g.porcentaje(minimo_modulos)} de los módulos "
        f"y al menos {g.porcentaje(minimo_final)} de aciertos en la evaluación final.</p>",
        g.tabla_html(
            c["constancias"],
            ({"nombre": "Nombre"} if c["con_nombres"] else {})
            | {
                "alias": "Seudónimo",
                "modulos": "Módulos con actividad",
                "evaluacion_final": "Evaluación final",
                "cumple": "Cumple",
            },
            t.FORMATOS
            | {"modulos": g.porcentaje, "evaluacion_final": g.porcentaje, "cumple": g.sino},
        ),
        "<h2>Participación</h2>",
        g.tabla_html(c["personas"], t.ENCABEZADOS_PARTICIPACION, t.FORMATOS),
        "<h2>Aciertos por ejercicio</h2>",
    ]
    aciertos = t.aciertos_por_ejercicio(datos, contenido)
    partes.append(g.imagen_html(g.grafica_aciertos(aciertos), "Aciertos por ejercicio"))
    partes.append(g.tabla_html(aciertos, t.ENCABEZADOS_ACIERTOS, t.FORMATOS))
    partes.append("<h2>Respuestas por ejercicio</h2>")
    for ejercicio in aciertos["ejercicio"].unique():
        nombre = t.titulo(contenido, ejercicio)
        distribucion = t.distribucion_de_opciones(datos, ejercicio, contenido)
        errores = t.errores_frecuentes(datos, ejercicio, 3, contenido)
        partes += [
            f"<h3>{escape(nombre)}</h3>",
            g.imagen_html(g.grafica_opciones(distribucion, nombre), f"Opciones de {nombre}"),
            g.tabla_html(errores, t.ENCABEZADOS_ERRORES, t.FORMATOS, "Sin errores frecuentes."),
        ]
    partes += [
        "<h2>Evaluación diagnóstica y final</h2>",
        g.imagen_html(g.grafica_pre_post(c["del_grupo"]), "Diagnóstica contra final"),
        g.tabla_html(
            c["del_grupo"], t.ENCABEZADOS_GANANCIA, t.FORMATOS,
            "Aún no hay personas con evaluación diagnóstica y final.",
        ),
        g.tabla_html(c["individual"], t.ENCABEZADOS_PRE_POST, t.FORMATOS),
        "<h2>Reflexiones y compromisos</h2>",
        g.reflexiones_html(t.reflexiones(datos, contenido)),
        "<h2>Encuesta de satisfacción</h2>",
    ]  # fmt: skip
    resumen = t.encuesta(datos, contenido)
    partes.append(g.imagen_html(g.grafica_encuesta(resumen), "Encuesta de satisfacción"))
    partes.append(g.encuesta_html(resumen, t.FORMATOS))
    cuerpo = envolver("\n".join(p for p in partes if p))
    return (
        '<!DOCTYPE html>\n<html lang="es"><head><meta charset="utf-8">'
        f"<title>Informe del grupo {escape(c['grupo'])}</title></head>"
        f"<body>{cuerpo}</body></html>\n"
    )
