"""El informe de un grupo para la institución: XLSX, las mismas tablas en CSV y un HTML
autocontenido que se imprime (resumen primero, detalle después).

``crear_informe(buzon, carpeta_salida, grupo)`` escribe en ``carpeta_salida``, con el
grupo en cada nombre:

- ``informe-<grupo>.xlsx``: una hoja por tabla (participación, puntajes, pre-post,
  evaluación por pregunta, respuestas, encuesta, reflexiones), con encabezados en español;
- ``participacion-<grupo>.csv``, ``puntajes-<grupo>.csv``... (UTF-8 con BOM);
- ``informe-<grupo>.html``: un solo archivo, sin direcciones externas.

Si ya hay un informe del grupo en la carpeta, no se reemplaza: el nuevo se escribe como
``informe-<grupo>-2.html`` (y así los demás archivos), y ``Informe`` lo dice.

Los nombres reales solo aparecen si se da ``carpeta_facilitacion`` (donde vive
``asistencia.csv``); si no, el informe usa los seudónimos. Quien facilitó sale de
``facilita`` o, si no se da, del ``"facilita"`` de ``taller.json`` en la carpeta del
taller (la que contiene ``carpeta_facilitacion``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from taller.buzon import LecturaIncremental
from taller.buzon.identidad import leer_asistencia
from taller.buzon.registro import Buzon
from taller.contenido.modelo import ASISTENCIA_MINIMA, EVALUACION_FINAL_MINIMA
from taller.tablero import cifras as t
from taller.tablero.exportar import Columna, Hoja, escribir_csv, escribir_xlsx

if TYPE_CHECKING:
    from taller.contenido.modelo import Contenido

__all__ = ["DatosInforme", "Informe", "constancias", "crear_informe", "datos_informe", "puntajes"]

#: Las hojas del libro, en orden (también los nombres de los CSV, sin acentos).
HOJAS = (
    "participación", "puntajes", "pre-post", "evaluación", "respuestas", "encuesta",
    "reflexiones",
)  # fmt: skip


@dataclass
class Informe:
    """Lo que escribió ``crear_informe``."""

    html: Path
    xlsx: Path
    csv: list[Path] = field(default_factory=list)
    personas: int = 0
    con_constancia: int = 0
    problemas: int = 0
    #: Seudónimos de quienes cumplen los criterios pero no están en la lista de asistencia.
    sin_nombre: list[str] = field(default_factory=list)
    con_lista: bool = False
    #: Si ya había un informe del grupo en la carpeta (el nuevo va con otro nombre).
    ya_habia: list[Path] = field(default_factory=list)

    def __str__(self) -> str:
        lineas = [
            f"Informe del grupo: {self.personas} persona(s), {self.con_constancia} cumplen "
            "los criterios de la constancia.",
        ]
        if self.ya_habia:
            lineas.append(
                f"  Ya había un informe de este grupo ({self.ya_habia[0].name}); no se "
                f"reemplazó: el nuevo se escribió como {self.html.stem}."
            )
        lineas += [
            f"  HTML: {self.html}",
            f"  Excel: {self.xlsx}",
            f"  CSV: {', '.join(p.name for p in self.csv)}",
        ]
        if self.sin_nombre and self.con_lista:
            lineas.append(
                f"  Aviso: {len(self.sin_nombre)} persona(s) cumplen los criterios pero no "
                f"están en la lista de asistencia: {', '.join(self.sin_nombre)}. Anote su "
                "nombre con «taller asistencia» para su constancia."
            )
        elif self.sin_nombre:
            lineas.append(
                f"  Aviso: no hay lista de asistencia; las {len(self.sin_nombre)} persona(s) "
                "que cumplen aparecen con su seudónimo. Anote los nombres con «taller "
                "asistencia» para las constancias."
            )
        if self.problemas:
            lineas.append(f"  Aviso: {self.problemas} problema(s) al leer el buzón (ver el HTML).")
        return "\n".join(lineas)


# --- Tablas del informe (funciones puras) ---------------------------------------------------


def puntajes(tabla: pd.DataFrame, contenido: Contenido | None = None) -> pd.DataFrame:
    """Por persona, ejercicio y modo (último intento): respuestas calificadas y aciertos."""
    columnas = [
        "participante", "alias", "ejercicio", "titulo", "modulo", "modo", "respuestas",
        "aciertos",
    ]  # fmt: skip
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
    resumen["modulo"] = [
        t.titulo_modulo(contenido, t.modulo_del_ejercicio(contenido, e))
        for e in resumen["ejercicio"]
    ]
    resumen["modo"] = [t.nombre_de_modo(m) for m in resumen["modo"]]
    return resumen.sort_values(["alias", "ejercicio", "modo"], ignore_index=True)[columnas]


def constancias(
    tabla: pd.DataFrame,
    contenido: Contenido | None = None,
    asistencia_minima: float = ASISTENCIA_MINIMA,
    evaluacion_final_minima: float = EVALUACION_FINAL_MINIMA,
    asistencia: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Quién cumple los criterios de la constancia: proporción de módulos con actividad
    (sobre los módulos del contenido que tienen ejercicios propios o, sin contenido, los
    que tienen actividad en el grupo) y aciertos en la evaluación final (último intento).

    Actividad en un módulo es trabajo en los ejercicios de ese módulo: la evaluación
    (diagnóstica o final) no cuenta como actividad de ningún módulo."""
    columnas = ["participante", "alias", "nombre", "modulos", "evaluacion_final", "cumple"]
    if tabla.empty:
        return pd.DataFrame(columns=columnas)
    datos = t.con_modulo(tabla, contenido)
    activos = datos[datos["modulo"].astype(object) != t.SIN_MODULO]
    if contenido is not None:
        cuentan = t.modulos_con_ejercicios(contenido)
        activos = activos[activos["modulo"].astype(object).isin(cuentan)]
        total = len(cuentan)
    else:
        total = activos["modulo"].nunique()
    por_persona = datos.groupby("participante", observed=True)
    resumen = pd.DataFrame({"alias": por_persona["alias"].last()})
    modulos = activos.groupby("participante", observed=True)["modulo"].nunique()
    resumen["modulos"] = (modulos.reindex(resumen.index).fillna(0) / max(total, 1)).clip(upper=1)
    final = t.ultimos_intentos(tabla[tabla["modo"].isin(t.MODOS_FINAL)])
    final = final[final["correcta"].notna()]
    notas = final.groupby("participante", observed=True)["correcta"].mean().astype("float64")
    resumen["evaluacion_final"] = notas.reindex(resumen.index)
    resumen["cumple"] = (resumen["modulos"] >= asistencia_minima - 1e-9) & (
        resumen["evaluacion_final"].fillna(-1) >= evaluacion_final_minima - 1e-9
    )
    resumen = resumen.reset_index()
    nombres = asistencia or {}
    resumen["nombre"] = [nombres.get(str(p), "") for p in resumen["participante"]]
    return resumen.sort_values(["alias", "participante"], ignore_index=True)[columnas]


def _respuestas(tabla: pd.DataFrame, contenido: Contenido | None) -> pd.DataFrame:
    """Cuántas personas eligieron cada opción, por ejercicio, modo y pregunta (la
    diagnóstica y la final por separado: en cada una, las proporciones suman 100 %)."""
    partes = []
    for ejercicio in sorted(tabla["ejercicio"].astype(str).unique()):
        distribucion = t.distribucion_de_opciones(tabla, ejercicio, contenido)
        if not distribucion.empty:
            partes.append(
                distribucion.assign(
                    ejercicio=ejercicio,
                    titulo=t.titulo(contenido, ejercicio),
                    modo=[t.nombre_de_modo(m) for m in distribucion["modo"]],
                )
            )
    if not partes:
        return pd.DataFrame(
            columns=["ejercicio", "titulo", "modo", "elemento", "texto_elemento", "valor",
                     "personas", "responden", "proporcion", "correcta"]
        )  # fmt: skip
    juntas = pd.concat(partes, ignore_index=True)
    frente = ["ejercicio", "titulo", "modo"]
    return juntas[frente + [c for c in juntas.columns if c not in frente]]


_MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
)  # fmt: skip


def fechas_en_texto(dias: list[date]) -> str:
    """«1 de diciembre de 2026», «1 y 2 de diciembre de 2026» o «30 de noviembre de 2026 y
    1 de diciembre de 2026»."""
    if not dias:
        return "—"
    if len({(d.year, d.month) for d in dias}) == 1:
        numeros = [str(d.day) for d in dias]
        lista = numeros[0] if len(numeros) == 1 else ", ".join(numeros[:-1]) + " y " + numeros[-1]
        return f"{lista} de {_MESES[dias[0].month - 1]} de {dias[0].year}"
    textos = [f"{d.day} de {_MESES[d.month - 1]} de {d.year}" for d in dias]
    return ", ".join(textos[:-1]) + " y " + textos[-1]


@dataclass
class DatosInforme:
    """Todo lo que se calcula para el informe de un grupo (lo usan el HTML, el libro, los
    CSV y las constancias)."""

    grupo: str
    contenido: Contenido | None
    datos: pd.DataFrame
    personas: pd.DataFrame
    constancias: pd.DataFrame
    individual: pd.DataFrame
    del_grupo: pd.DataFrame
    por_pregunta: pd.DataFrame
    aciertos: pd.DataFrame
    encuesta: pd.DataFrame
    reflexiones: pd.DataFrame
    criterios: tuple[float, float]
    fechas: list[date]
    problemas: list[Any]
    con_lista: bool
    facilita: str = ""

    @property
    def sin_nombre(self) -> list[str]:
        cumplen = self.constancias[self.constancias["cumple"].astype(bool)]
        return [str(a) for a in cumplen.loc[cumplen["nombre"] == "", "alias"]]


def datos_informe(
    buzon: Buzon | str | Path,
    grupo: str,
    contenido: Contenido | None = None,
    carpeta_facilitacion: str | Path | None = None,
    asistencia_minima: float | None = None,
    evaluacion_final_minima: float | None = None,
    facilita: str = "",
) -> DatosInforme:
    """Lee el buzón y calcula las cifras del informe de ``grupo``. Los criterios de la
    constancia, si no se dan, salen de ``taller.yaml`` (o los del modelo del contenido)."""
    buzon = buzon if isinstance(buzon, Buzon) else Buzon(buzon)
    criterio = contenido.taller.constancia if contenido is not None else None
    if asistencia_minima is None:
        asistencia_minima = criterio.asistencia_minima if criterio else ASISTENCIA_MINIMA
    if evaluacion_final_minima is None:
        evaluacion_final_minima = (
            criterio.evaluacion_final_minima if criterio else EVALUACION_FINAL_MINIMA
        )
    if not facilita and carpeta_facilitacion is not None:
        facilita = _quien_facilita(Path(carpeta_facilitacion).expanduser().parent)
    # El camino del tablero (polars + msgspec en bloque): la misma tabla y los mismos
    # problemas que ``tabla_registros(buzon.leer())``, en la mitad del tiempo y memoria.
    lectura = LecturaIncremental(buzon)
    datos = t.filtrar(lectura.actualizar(), grupo)
    asistencia = leer_asistencia(carpeta_facilitacion) if carpeta_facilitacion else {}
    lista = constancias(datos, contenido, asistencia_minima, evaluacion_final_minima, asistencia)
    individual = t.pre_post(datos, contenido)
    return DatosInforme(
        grupo=grupo,
        contenido=contenido,
        datos=datos,
        personas=t.participacion(datos, contenido=contenido),
        constancias=lista,
        individual=individual,
        del_grupo=t.ganancia_del_grupo(individual),
        por_pregunta=t.evaluacion_por_pregunta(datos, contenido),
        aciertos=t.aciertos_por_ejercicio(datos, contenido),
        encuesta=t.encuesta(datos, contenido),
        reflexiones=t.reflexiones(datos, contenido),
        criterios=(asistencia_minima, evaluacion_final_minima),
        fechas=t.dias(datos),
        problemas=list(lectura.problemas),
        con_lista=bool(asistencia),
        facilita=facilita,
    )


def _quien_facilita(carpeta_taller: Path) -> str:
    """El ``"facilita"`` de ``taller.json`` en la carpeta del taller («» si no hay)."""
    import json

    from taller.carpeta import MARCA

    try:
        config = json.loads((carpeta_taller / MARCA).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    valor = config.get("facilita") if isinstance(config, dict) else None
    return valor.strip() if isinstance(valor, str) else ""


# --- Exportar ------------------------------------------------------------------------------


def _hojas(d: DatosInforme) -> list[Hoja]:
    contenido = d.contenido
    participacion = d.personas.merge(
        d.constancias[["participante", "nombre", "evaluacion_final", "cumple"]],
        on="participante",
        how="left",
    )
    individual = d.individual.assign(
        modulo=[t.titulo_modulo(contenido, m) for m in d.individual["modulo"]]
    )
    del_grupo = d.del_grupo.assign(
        alias="(grupo)",
        participante="",
        modulo=[t.titulo_modulo(contenido, m) for m in d.del_grupo["modulo"]],
    )
    pre_post = pd.concat([individual, del_grupo], ignore_index=True)
    por_pregunta = d.por_pregunta.assign(
        modulo=[t.titulo_modulo(contenido, m) for m in d.por_pregunta["modulo"]]
    )
    C = Columna
    return [
        Hoja("participación", participacion, [
            C("alias", "Seudónimo"), C("nombre", "Nombre"),
            C("ejercicios", "Ejercicios respondidos", "entero"),
            C("modulos", "Módulos con actividad", "entero"),
            C("avance", "Avance", "porcentaje"),
            C("evaluacion_final", "Evaluación final", "porcentaje"),
            C("cumple", "Cumple los criterios", "sino"),
            C("primera", "Primera actividad", "fecha"), C("ultima", "Última actividad", "fecha"),
            C("participante", "Identificador"),
        ]),
        Hoja("puntajes", puntajes(d.datos, contenido), [
            C("alias", "Seudónimo"), C("titulo", "Ejercicio"), C("modulo", "Módulo"),
            C("modo", "Evaluación"), C("respuestas", "Respuestas calificadas", "entero"),
            C("aciertos", "Aciertos", "porcentaje"), C("ejercicio", "Id del ejercicio"),
            C("participante", "Identificador"),
        ]),
        Hoja("pre-post", pre_post, [
            C("alias", "Seudónimo"), C("modulo", "Módulo"),
            C("personas", "Personas", "entero"),
            C("pre", "Diagnóstica", "porcentaje"), C("post", "Final", "porcentaje"),
            C("ganancia", "Ganancia normalizada", "decimal"),
            C("participante", "Identificador"),
        ]),
        Hoja("evaluación", por_pregunta, [
            C("pregunta", "Pregunta", ancho=60), C("modulo", "Módulo"),
            C("n_diagnostica", "Respondieron (diagnóstica)", "entero"),
            C("diagnostica", "Aciertos (diagnóstica)", "porcentaje"),
            C("error_diagnostica", "Error más frecuente (diagnóstica)", ancho=40),
            C("veces_diagnostica", "Lo eligieron (diagnóstica)", "entero"),
            C("n_final", "Respondieron (final)", "entero"),
            C("final", "Aciertos (final)", "porcentaje"),
            C("error_final", "Error más frecuente (final)", ancho=40),
            C("veces_final", "Lo eligieron (final)", "entero"),
            C("elemento", "Id de la pregunta"),
        ]),
        Hoja("respuestas", _respuestas(d.datos, contenido), [
            C("titulo", "Ejercicio"), C("modo", "Evaluación"),
            C("texto_elemento", "Pregunta o elemento", ancho=50),
            C("valor", "Respuesta elegida", ancho=50), C("personas", "Personas", "entero"),
            C("responden", "Respondieron", "entero"),
            C("proporcion", "Proporción", "porcentaje"), C("correcta", "Correcta", "sino"),
            C("ejercicio", "Id del ejercicio"), C("elemento", "Id del elemento"),
        ]),
        Hoja("encuesta", d.encuesta, [
            C("pregunta", "Pregunta", ancho=50), C("respuestas", "Respuestas", "entero"),
            C("promedio", "Promedio", "decimal"),
            *[C(c, c, "entero") for c in d.encuesta.columns if c not in _BASE_ENCUESTA],
        ]),
        Hoja("reflexiones", d.reflexiones, [
            C("titulo", "Ejercicio"), C("alias", "Seudónimo"),
            C("texto", "Texto", ancho=80), C("momento", "Fecha", "fecha"),
        ]),
    ]  # fmt: skip


_BASE_ENCUESTA = ("ejercicio", "elemento", "pregunta", "respuestas", "promedio")


def nombre_de_archivo(texto: str) -> str:
    """Un texto apto para nombre de archivo en cualquier sistema (sin acentos ni signos)."""
    import unicodedata

    plano = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9_-]+", "_", plano).strip("_") or "grupo"


def _rutas(carpeta: Path, grupo: str) -> tuple[dict[str, Path], list[Path]]:
    """Las rutas de todos los archivos del informe, con el grupo en el nombre. Si alguna
    ya existe, todas llevan un número (-2, -3...) para no reemplazar nada."""
    base = nombre_de_archivo(grupo)

    def rutas(sufijo: str) -> dict[str, Path]:
        nombres = {
            "html": f"informe-{base}{sufijo}.html",
            "xlsx": f"informe-{base}{sufijo}.xlsx",
            **{h: f"{nombre_de_archivo(h)}-{base}{sufijo}.csv" for h in HOJAS},
        }
        return {clave: carpeta / nombre for clave, nombre in nombres.items()}

    primeras = rutas("")
    existentes = [r for r in primeras.values() if r.exists()]
    if not existentes:
        return primeras, []
    n = 2
    while any(r.exists() for r in rutas(f"-{n}").values()):
        n += 1
    return rutas(f"-{n}"), existentes


def crear_informe(
    buzon: Buzon | str | Path,
    carpeta_salida: str | Path,
    grupo: str,
    contenido: Contenido | None = None,
    carpeta_facilitacion: str | Path | None = None,
    asistencia_minima: float | None = None,
    evaluacion_final_minima: float | None = None,
    facilita: str = "",
) -> Informe:
    """Escribe el informe de ``grupo`` (XLSX, CSV y HTML) en ``carpeta_salida``, sin
    reemplazar ningún archivo que ya exista."""
    d = datos_informe(
        buzon, grupo, contenido, carpeta_facilitacion, asistencia_minima,
        evaluacion_final_minima, facilita,
    )  # fmt: skip
    carpeta = Path(carpeta_salida).expanduser()
    carpeta.mkdir(parents=True, exist_ok=True)
    rutas, ya_habia = _rutas(carpeta, grupo)
    hojas = _hojas(d)
    escribir_xlsx(rutas["xlsx"], hojas)
    csvs = []
    for hoja in hojas:
        escribir_csv(rutas[hoja.nombre], hoja)
        csvs.append(rutas[hoja.nombre])
    from taller.tablero.informe_html import informe_html

    rutas["html"].write_text(informe_html(d), encoding="utf-8")
    return Informe(
        html=rutas["html"],
        xlsx=rutas["xlsx"],
        csv=csvs,
        personas=len(d.personas),
        con_constancia=int(d.constancias["cumple"].sum()) if not d.constancias.empty else 0,
        problemas=len(d.problemas),
        sin_nombre=d.sin_nombre,
        con_lista=d.con_lista,
        ya_habia=ya_habia,
    )


def ahora_local() -> datetime:
    return datetime.now().astimezone()
