"""Gráficas (PNG con matplotlib, sin pyplot ni ventanas) y fragmentos HTML escapados.

Las usan el tablero y el informe. Todo texto que entra al HTML pasa por ``html.escape``;
las imágenes van incrustadas en base64, sin ninguna dirección externa.
"""

from __future__ import annotations

import base64
import io
import math
import textwrap
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, tzinfo
from html import escape
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

VERDE = "#2e7d32"
ROJO = "#c62828"
GRIS = "#9e9e9e"
AZUL = "#1565c0"
NARANJA = "#ef6c00"


# --- Formatos ----------------------------------------------------------------------------


def porcentaje(valor: Any) -> str:
    if valor is None or (isinstance(valor, float) and math.isnan(valor)) or valor is pd.NA:
        return "—"
    return f"{float(valor) * 100:.0f} %"


def decimal(valor: Any) -> str:
    if valor is None or (isinstance(valor, float) and math.isnan(valor)) or valor is pd.NA:
        return "—"
    return f"{float(valor):.2f}"


def hora(valor: Any) -> str:
    if valor is None or pd.isna(valor):
        return "—"
    return pd.Timestamp(valor).tz_convert(_zona()).strftime("%d/%m %H:%M")


def _zona() -> tzinfo | None:
    return datetime.now().astimezone().tzinfo


def sino(valor: Any) -> str:
    return "sí" if bool(valor) else "no"


# --- HTML --------------------------------------------------------------------------------


def tabla_html(
    datos: pd.DataFrame,
    columnas: Mapping[str, str],
    formatos: Mapping[str, Callable[[Any], str]] | None = None,
    vacio: str = "Todavía no hay datos.",
) -> str:
    """Una tabla HTML con las ``columnas`` (nombre -> encabezado); todo escapado."""
    if datos.empty:
        return f"<p><em>{escape(vacio)}</em></p>"
    formatos = formatos or {}
    cabecera = "".join(f"<th>{escape(t)}</th>" for t in columnas.values())
    filas = []
    for fila in datos[list(columnas)].itertuples(index=False):
        celdas = []
        for nombre, valor in zip(columnas, fila, strict=True):
            texto = formatos[nombre](valor) if nombre in formatos else _texto(valor)
            celdas.append(f"<td>{escape(texto)}</td>")
        filas.append(f"<tr>{''.join(celdas)}</tr>")
    return f"<table><thead><tr>{cabecera}</tr></thead><tbody>{''.join(filas)}</tbody></table>"


def _texto(valor: Any) -> str:
    if valor is None or valor is pd.NA or (isinstance(valor, float) and math.isnan(valor)):
        return "—"
    if isinstance(valor, float):
        return f"{valor:.2f}"
    return str(valor)


def imagen_html(png: bytes | None, alt: str) -> str:
    if not png:
        return ""
    datos = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{datos}" alt="{escape(alt)}" style="max-width:100%">'


def reflexiones_html(datos: pd.DataFrame) -> str:
    """Reflexiones y compromisos como citas; el texto de cada persona, escapado."""
    if datos.empty:
        return "<p><em>Todavía no hay reflexiones.</em></p>"
    partes = []
    for titulo, grupo in datos.groupby("titulo", sort=False):
        partes.append(f"<h4>{escape(str(titulo))}</h4>")
        for fila in grupo.itertuples(index=False):
            partes.append(
                f"<blockquote>{escape(str(fila.texto))}"
                f"<br><small>— {escape(str(fila.alias))}</small></blockquote>"
            )
    return "".join(partes)


def encuesta_html(resumen: pd.DataFrame, formatos: Mapping[str, Callable[[Any], str]]) -> str:
    """La tabla de la encuesta: pregunta, respuestas, promedio y una columna por etiqueta."""
    base = {"pregunta": "Pregunta", "respuestas": "Respuestas", "promedio": "Promedio"}
    fuera = (*base, "ejercicio", "elemento")
    etiquetas = {c: c for c in resumen.columns if c not in fuera}
    return tabla_html(resumen, base | etiquetas, formatos, "Todavía no hay respuestas.")


def problemas_html(problemas: Iterable[Any], maximo: int = 50) -> str:
    lista = list(problemas)
    if not lista:
        return ""
    elementos = "".join(f"<li>{escape(str(p))}</li>" for p in lista[:maximo])
    if len(lista) > maximo:
        elementos += f"<li>… y {len(lista) - maximo} más</li>"
    return (
        f'<details class="aviso"><summary>Se omitieron {len(lista)} '
        f"línea(s) o archivo(s) del buzón que no se pudieron leer (lo demás se leyó bien)."
        f"</summary><ul>{elementos}</ul></details>"
    )


# --- Gráficas ----------------------------------------------------------------------------


def _figura(filas: int, grande: bool, ancho: float = 9.0) -> tuple[Figure, Any, float]:
    # matplotlib se importa al dibujar la primera gráfica: un tablero sin respuestas
    # todavía (al abrir el taller) no paga ese costo.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    letra = 15.0 if grande else 10.0
    alto = max(2.5, 0.45 * filas * (1.4 if grande else 1.0) + 1.2)
    figura = Figure(figsize=(ancho, min(alto, 30)), dpi=100, layout="constrained")
    FigureCanvasAgg(figura)
    ejes = figura.add_subplot()
    ejes.tick_params(labelsize=letra)
    return figura, ejes, letra


def _png(figura: Figure) -> bytes:
    salida = io.BytesIO()
    figura.savefig(salida, format="png")
    return salida.getvalue()


def _rotulo(texto: Any, ancho: int = 45) -> str:
    # «$» activaría el modo matemático de matplotlib.
    limpio = str(texto).replace("$", r"\$")
    return "\n".join(textwrap.wrap(limpio, ancho, max_lines=3, placeholder="…")) or "—"


def grafica_aciertos(datos: pd.DataFrame, grande: bool = False) -> bytes | None:
    """Barras horizontales: proporción de aciertos por ejercicio (y modo)."""
    if datos.empty:
        return None
    figura, ejes, letra = _figura(len(datos), grande)
    rotulos = [
        _rotulo(t if not m else f"{t} ({m})")
        for t, m in zip(datos["titulo"], datos["modo"], strict=True)
    ]
    posiciones = range(len(datos))[::-1]
    valores = datos["aciertos"].astype(float) * 100
    ejes.barh(list(posiciones), valores, color=AZUL)
    ejes.set_yticks(list(posiciones), rotulos)
    ejes.set_xlim(0, 100)
    ejes.set_xlabel("% de respuestas correctas (último intento)", fontsize=letra)
    for y, v in zip(posiciones, valores, strict=True):
        ejes.text(min(v + 1, 92), y, f"{v:.0f} %", va="center", fontsize=letra)
    return _png(figura)


def grafica_opciones(datos: pd.DataFrame, titulo: str, grande: bool = False) -> bytes | None:
    """Barras: cuántas personas eligieron cada opción (verde correcta, rojo incorrecta)."""
    if datos.empty:
        return None
    figura, ejes, letra = _figura(len(datos), grande)
    varios = datos["elemento"].nunique() > 1
    rotulos = [
        _rotulo(f"{te[:30]} → {v}" if varios else v, 60)
        for te, v in zip(datos["texto_elemento"], datos["valor"], strict=True)
    ]
    colores = [VERDE if c is True else ROJO if c is False else GRIS for c in datos["correcta"]]
    posiciones = list(range(len(datos)))[::-1]
    ejes.barh(posiciones, datos["personas"], color=colores)
    ejes.set_yticks(posiciones, rotulos)
    ejes.set_xlabel("personas", fontsize=letra)
    ejes.set_title(_rotulo(titulo, 70), fontsize=letra + 1)
    ejes.xaxis.get_major_locator().set_params(integer=True)
    return _png(figura)


def grafica_pre_post(datos: pd.DataFrame, grande: bool = False) -> bytes | None:
    """Barras agrupadas por módulo: diagnóstica contra final, con la ganancia ⟨g⟩."""
    if datos.empty:
        return None
    figura, ejes, letra = _figura(len(datos) * 1.6, grande)
    posiciones = list(range(len(datos)))[::-1]
    pre = datos["pre"].astype(float) * 100
    post = datos["post"].astype(float) * 100
    ejes.barh([p + 0.2 for p in posiciones], pre, height=0.4, color=GRIS, label="Diagnóstica")
    ejes.barh([p - 0.2 for p in posiciones], post, height=0.4, color=NARANJA, label="Final")
    ejes.set_yticks(posiciones, [_rotulo(m, 30) for m in datos["modulo"]])
    ejes.set_xlim(0, 115)
    for p, v, ganancia in zip(posiciones, post, datos["ganancia"], strict=True):
        texto = "g = —" if pd.isna(ganancia) else f"g = {ganancia:.2f}"
        ejes.text(min(v + 1, 100), p - 0.2, texto, va="center", fontsize=letra)
    ejes.set_xlabel("% de aciertos del grupo", fontsize=letra)
    ejes.legend(fontsize=letra, loc="lower right")
    return _png(figura)


def grafica_encuesta(datos: pd.DataFrame, grande: bool = False) -> bytes | None:
    """Barras horizontales: promedio de cada pregunta de la encuesta."""
    datos = datos.dropna(subset=["promedio"]) if not datos.empty else datos
    if datos.empty:
        return None
    figura, ejes, letra = _figura(len(datos), grande)
    posiciones = list(range(len(datos)))[::-1]
    ejes.barh(posiciones, datos["promedio"], color=AZUL)
    ejes.set_yticks(posiciones, [_rotulo(p) for p in datos["pregunta"]])
    ejes.set_xlabel("promedio (1 = lo más bajo de la escala)", fontsize=letra)
    return _png(figura)
