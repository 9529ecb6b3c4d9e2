"""Lo que el servicio acepta: validación estricta, mensajes en español, nada a medias.

Una petición ``POST .../api/respuestas`` trae ``{"registros": [...]}``; cada registro tiene
los campos del buzón local (esquema 1). ``participante`` puede venir (el buzón local lo
escribe) pero se ignora: la identidad sale del token. Si un solo registro está mal, se
rechaza la petición entera (4xx) y no se guarda nada.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any

from taller.buzon.esquema import CAMPOS, MAX_BYTES_LINEA, a_dict, a_json, validar_registro

#: Tamaño máximo del cuerpo de una petición.
MAX_CUERPO = 1024 * 1024
#: Registros por petición.
MAX_REGISTROS = 500

_UID = re.compile(r"[0-9a-f]{32}\Z")
_TEXTOS = ("alias", "grupo", "ejercicio", "elemento", "momento")
_NO_VACIOS = ("alias", "grupo", "ejercicio")
_IGNORADOS = frozenset({"participante"})
_PERMITIDOS = frozenset(CAMPOS) | _IGNORADOS


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
    sobran = sorted(set(registro) - _PERMITIDOS)
    if sobran:
        raise EntradaInvalida(f"{donde}: campos desconocidos: {', '.join(sobran)}.", 422)
    # El esquema del buzón (el mismo que escriben y leen los cuadernos y el tablero); el
    # ``participante`` del cuerpo no cuenta: se pone uno cualquiera para validar lo demás.
    validado = validar_registro({**registro, "participante": "x"})
    if isinstance(validado, str):
        codigo = 422
        raise EntradaInvalida(f"{donde}: {validado}.", codigo)
    if not _UID.match(validado.uid):
        raise EntradaInvalida(
            f"{donde}: el campo «uid» debe tener 32 cifras hexadecimales (uuid4().hex).", 422
        )
    for campo in _TEXTOS:
        valor = getattr(validado, campo)
        if _tiene_control(valor):
            raise EntradaInvalida(f"{donde}: el campo «{campo}» tiene caracteres de control.", 422)
        if campo in _NO_VACIOS and not valor.strip():
            raise EntradaInvalida(f"{donde}: el campo «{campo}» no puede estar vacío.", 422)
    if ejercicios is not None and validado.ejercicio not in ejercicios:
        raise EntradaInvalida(
            f"{donde}: el ejercicio «{validado.ejercicio}» no es un ejercicio de este taller.",
            422,
        )
    tamano = len(a_json(validado))
    if tamano > MAX_BYTES_LINEA:
        raise EntradaInvalida(
            f"{donde}: la respuesta mide {tamano} bytes; el máximo es {MAX_BYTES_LINEA}.", 413
        )
    limpio = a_dict(validado)
    del limpio["participante"]
    if limpio["puntaje"] is not None:
        limpio["puntaje"] = float(limpio["puntaje"])
    return limpio
