"""Las plantillas HTML (Jinja2, con escape automático) del tablero y del informe.

Todo valor que entra a una plantilla se escapa solo: un ``<script>`` en una reflexión
aparece como texto. El texto de las personas pasa además por el filtro ``persona``, que
quita los controles bidireccionales (U+202E invertiría el texto a la vista) y lo aísla
con ``<bdi>`` para que no cambie la dirección del texto que lo rodea.
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from taller.tablero.texto import sin_controles

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["macro", "persona", "plantilla", "porcentaje"]


def persona(valor: Any) -> Markup:
    """Texto de una persona: sin controles, escapado y aislado (``<bdi>``)."""
    texto = "" if valor is None else sin_controles(str(valor))
    return Markup("<bdi>%s</bdi>") % escape(texto)


def porcentaje(valor: Any) -> str:
    if valor is None or (isinstance(valor, float) and math.isnan(valor)):
        return "—"
    try:
        return f"{float(valor) * 100:.0f} %"
    except (TypeError, ValueError):
        return "—"


def decimal(valor: Any) -> str:
    if valor is None or (isinstance(valor, float) and math.isnan(valor)):
        return "—"
    try:
        return f"{float(valor):.2f}"
    except (TypeError, ValueError):
        return "—"


def ancho(valor: Any) -> str:
    """Un porcentaje de ancho para CSS, entre 0 y 100 («0» si no hay número)."""
    try:
        numero = float(valor)
    except (TypeError, ValueError):
        return "0"
    if math.isnan(numero):
        return "0"
    return f"{min(max(numero, 0.0), 1.0) * 100:.1f}"


@cache
def _entorno() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    entorno = Environment(
        loader=PackageLoader("taller.tablero", "plantillas"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    entorno.filters.update(persona=persona, pct=porcentaje, dec=decimal, ancho=ancho)
    return entorno


def plantilla(nombre: str, **contexto: Any) -> str:
    """Pinta la plantilla ``nombre`` (en ``taller/tablero/plantillas/``)."""
    return _entorno().get_template(nombre).render(**contexto)


def macro(nombre: str, *argumentos: Any) -> str:
    """El HTML de la macro ``nombre`` de ``tablero.html.j2`` (un panel del tablero)."""
    modulo = _entorno().get_template("tablero.html.j2").module
    return str(getattr(modulo, nombre)(*argumentos))
