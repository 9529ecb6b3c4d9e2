"""Lo que el servicio acepta: validación estricta, mensajes en español, nada a medias.

Una petición ``POST .../api/respuestas`` trae ``{"registros": [...]}``; cada registro tiene
los campos del buzón local (esquema 1). ``participante`` puede venir (el buzón local lo
escribe) pero se ignora: la identidad sale del token. Si un solo registro está mal, se
rechaza la petición entera (4xx) y no se guarda nada.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection
from datetime import datetime
from typing import Any

#: Versión del registro que se acepta (la del buzón local).
ESQUEMA = 1
#: Tamaño máximo del cuerpo de una petición.
MAX_CUERPO = 1024 * 1024
#: Registros por petición.
MAX_REGISTROS = 500
#: Tamaño máximo de ``valor`` (en caracteres, como JSON).
MAX_VALOR = 20_000
INTENTO_MAXIMO = 2**31

_UID = re.compile(r"[0-9a-f]{32}\Z")
_TEXTOS = {
    # campo: (largo máximo, puede ser vacío)
    "alias": (80, False),
    "grupo": (40, False),
    "ejercicio": (120, False),
    "elemento": (200, True),
    "modo": (40, True),
    "momento": (40, False),
}
_OBLIGATORIOS = (
    "v", "uid", "alias", "grupo", "ejercicio", "elemento", "valor", "correcta", "intento",
    "modo", "puntaje", "momento",
)  # fmt: skip
_IGNORADOS = frozenset({"participante"})
_PERMITIDOS = frozenset(_OBLIGATORIOS) | _IGNORADOS


class EntradaInvalida(ValueError):
    """Una petición que no se acepta: código HTTP y mensaje en español."""

    def __init__(self, mensaje: str, codigo: int = 400) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.codigo = codigo


def _sin_constantes(nombre: str) -> Any:
    raise ValueError(f"{nombre} no es un número JSON")


def _tiene_control(texto: str) -> bool:
    return any(ord(c) < 32 and c not in "\t\n\r" for c in texto)


def validar_peticion(cuerpo: bytes, ejercicios: Collection[str] | None) -> list[dict[str, Any]]:
    """Los registros de la petición, validados (sin ``participante``), o ``EntradaInvalida``.

    ``ejercicios``: los id de ejercicio que existen (``None``: no se revisan)."""
    if len(cuerpo) > MAX_CUERPO:
        raise EntradaInvalida(
            f"La petición mide {len(cuerpo)} bytes; el máximo es {MAX_CUERPO}.", 413
        )
    try:
        datos = json.loads(cuerpo.decode("utf-8"), parse_constant=_sin_constantes)
    except UnicodeDecodeError:
        raise EntradaInvalida("El cuerpo de la petición no es texto UTF-8.") from None
    except ValueError as error:
        raise EntradaInvalida(f"El cuerpo de la petición no es JSON válido ({error}).") from None
    if type(datos) is not dict or set(datos) != {"registros"}:
        raise EntradaInvalida("Se esperaba un objeto JSON con una sola clave: «registros».")
    lista = datos["registros"]
    if type(lista) is not list or not lista:
        raise EntradaInvalida("«registros» debe ser una lista con al menos un registro.")
    if len(lista) > MAX_REGISTROS:
        raise EntradaInvalida(
            f"La petición trae {len(lista)} registros; el máximo es {MAX_REGISTROS}.", 413
        )
    return [_validar_registro(r, i, ejercicios) for i, r in enumerate(lista)]


def _validar_registro(
    registro: Any, indice: int, ejercicios: Collection[str] | None
) -> dict[str, Any]:
    donde = f"registros[{indice}]"
    if type(registro) is not dict:
        raise EntradaInvalida(f"{donde}: se esperaba un objeto JSON.")
    if registro.get("v") != ESQUEMA:
        raise EntradaInvalida(
            f"{donde}.v: versión de esquema {registro.get('v')!r} no reconocida "
            f"(se esperaba {ESQUEMA}).",
            422,
        )
    faltan = [c for c in _OBLIGATORIOS if c not in registro]
    if faltan:
        raise EntradaInvalida(f"{donde}: faltan campos: {', '.join(faltan)}.", 422)
    sobran = sorted(set(registro) - _PERMITIDOS)
    if sobran:
        raise EntradaInvalida(f"{donde}: campos desconocidos: {', '.join(sobran)}.", 422)
    uid = registro["uid"]
    if type(uid) is not str or not _UID.match(uid):
        raise EntradaInvalida(f"{donde}.uid: se esperaban 32 cifras hexadecimales.", 422)
    for campo, (largo, vacio) in _TEXTOS.items():
        valor = registro[campo]
        if type(valor) is not str:
            raise EntradaInvalida(f"{donde}.{campo}: se esperaba texto.", 422)
        if len(valor) > largo:
            raise EntradaInvalida(
                f"{donde}.{campo}: mide {len(valor)} caracteres; el máximo es {largo}.", 413
            )
        if not vacio and not valor.strip():
            raise EntradaInvalida(f"{donde}.{campo}: no puede estar vacío.", 422)
        if _tiene_control(valor):
            raise EntradaInvalida(f"{donde}.{campo}: tiene caracteres de control.", 422)
    try:
        momento = datetime.fromisoformat(registro["momento"])
    except ValueError:
        momento = None
    if momento is None or momento.tzinfo is None:
        raise EntradaInvalida(
            f"{donde}.momento: se esperaba una fecha y hora ISO 8601 con zona horaria.", 422
        )
    if ejercicios is not None and registro["ejercicio"] not in ejercicios:
        raise EntradaInvalida(
            f"{donde}.ejercicio: «{registro['ejercicio']}» no es un ejercicio de este taller.",
            422,
        )
    intento = registro["intento"]
    if type(intento) is not int or not 1 <= intento < INTENTO_MAXIMO:
        raise EntradaInvalida(
            f"{donde}.intento: se esperaba un número entero de 1 a {INTENTO_MAXIMO - 1}.", 422
        )
    if type(registro["correcta"]) not in (bool, type(None)):
        raise EntradaInvalida(f"{donde}.correcta: se esperaba true, false o null.", 422)
    puntaje = registro["puntaje"]
    if type(puntaje) not in (int, float, type(None)) or (
        type(puntaje) is float and not math.isfinite(puntaje)
    ):
        raise EntradaInvalida(f"{donde}.puntaje: se esperaba un número o null.", 422)
    texto_valor = json.dumps(registro["valor"], ensure_ascii=False)
    if len(texto_valor) > MAX_VALOR:
        raise EntradaInvalida(
            f"{donde}.valor: mide {len(texto_valor)} caracteres; el máximo es {MAX_VALOR}.",
            413,
        )
    limpio = {c: registro[c] for c in _OBLIGATORIOS}
    if type(puntaje) is int:
        limpio["puntaje"] = float(puntaje)
    return limpio
