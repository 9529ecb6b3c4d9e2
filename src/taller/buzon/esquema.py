"""Un registro del buzón, definido una sola vez.

Cada línea de un archivo del buzón es un ``Registro`` en JSON. Lo escriben los cuadernos
(``Buzon.registrar``) y el servicio del hub; lo leen el buzón, el tablero y el informe.
Todos validan con lo de aquí:

- ``Registro``: los campos, en el orden en que se escriben, con sus tipos y límites.
- ``validar_registro(objeto, participante)`` y ``validar_linea(bytes, participante)``:
  el ``Registro`` o un mensaje en español que nombra el campo (``str``).
- ``a_json(registro)``: la línea que se escribe (con su salto de línea).
- ``MODOS``: los modos de una respuesta (``""``, o los de la evaluación, ``"diagnostico"`` y
  ``"final"``). Los buzones anteriores escribían otros nombres (``MODOS_ANTERIORES``): se
  traducen al leer, una vez.

Límites (lo que los pasa se reporta con archivo y línea y no se lee): textos cortos de
hasta ``MAX_TEXTO`` (200) caracteres; ``intento`` de 1 a 2³¹−1; ``puntaje`` finito entre
±10⁹; ``valor`` con hasta ``MAX_PROFUNDIDAD`` (16) niveles y enteros de 64 bits; una línea
de hasta ``MAX_BYTES_LINEA`` (256 KB); un archivo de participante de hasta
``MAX_BYTES_ARCHIVO`` (64 MB: unas 200 000 respuestas).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Final, Literal, get_args

import msgspec

__all__ = [
    "CAMPOS",
    "COLUMNAS",
    "ENTERO_MAXIMO",
    "ESQUEMA",
    "INTENTO_MAXIMO",
    "MAX_BYTES_ARCHIVO",
    "MAX_BYTES_LINEA",
    "MAX_PROFUNDIDAD",
    "MAX_TEXTO",
    "MODOS",
    "MODOS_ANTERIORES",
    "MODOS_EVALUACION",
    "PUNTAJE_MAXIMO",
    "REVISAR_VALOR",
    "Modo",
    "Registro",
    "a_dict",
    "a_json",
    "defecto_de_valor",
    "normalizar_modo",
    "validar_linea",
    "validar_registro",
]

#: La versión del esquema (el campo ``v``).
ESQUEMA: Final = 1

Modo = Literal["", "diagnostico", "final"]
#: Los modos de una respuesta: ``""`` fuera de la evaluación.
MODOS: Final[tuple[Modo, ...]] = get_args(Modo)
#: Los de la evaluación: antes (diagnóstica) y después (final) del taller.
MODOS_EVALUACION: Final[tuple[Modo, ...]] = ("diagnostico", "final")
#: Nombres que escribieron versiones anteriores, y el modo que significan.
MODOS_ANTERIORES: Final[dict[str, Modo]] = {
    "diagnostica": "diagnostico",
    "diagnóstica": "diagnostico",
    "pre": "diagnostico",
    "inicial": "diagnostico",
    "post": "final",
}

#: Los identificadores de participante (y de archivo): letras sin acento, números, - y _.
PATRON_ID: Final = r"^[A-Za-z0-9_-]{1,64}$"
#: ``momento``: fecha y hora ISO 8601 con zona horaria (como la escribe ``Buzon``).
PATRON_MOMENTO: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"(Z|[+-](0[0-9]|1[0-9]|2[0-3]):[0-5][0-9])$"
)
#: Largo máximo (en caracteres) de los campos de texto cortos.
MAX_TEXTO: Final = 200
#: ``intento`` cuenta desde 1 hasta este número (cabe en las columnas enteras).
INTENTO_MAXIMO: Final = 2**31 - 1
#: ``puntaje``, si no es ``null``, es un número finito entre -PUNTAJE_MAXIMO y PUNTAJE_MAXIMO.
PUNTAJE_MAXIMO: Final = 1e9
#: Una línea del buzón no pasa de este tamaño (una reflexión larga mide unos pocos KB).
MAX_BYTES_LINEA: Final = 256 * 1024
#: Un archivo de participante no pasa de este tamaño: uno mayor no se lee (se reporta).
MAX_BYTES_ARCHIVO: Final = 64 * 1024 * 1024
#: ``valor`` anida listas u objetos hasta esta profundidad (una lista de listas es 2).
MAX_PROFUNDIDAD: Final = 16
#: Los enteros de ``valor`` caben en 64 bits (las tablas y el Excel no admiten más).
ENTERO_MAXIMO: Final = 2**63 - 1

_Texto = Annotated[str, msgspec.Meta(max_length=MAX_TEXTO)]
_Id = Annotated[str, msgspec.Meta(pattern=PATRON_ID)]


class Registro(msgspec.Struct, gc=False):
    """Una respuesta en el buzón. Todos los campos son obligatorios; ``valor`` (cualquier
    JSON), ``correcta`` y ``puntaje`` pueden ser ``null``. Los campos que no son del
    esquema se ignoran al leer."""

    v: Literal[1]
    uid: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    participante: _Id
    alias: _Texto
    grupo: _Texto
    ejercicio: _Texto
    elemento: _Texto
    valor: Any
    correcta: bool | None
    intento: Annotated[int, msgspec.Meta(ge=1, le=INTENTO_MAXIMO)]
    modo: Modo
    puntaje: Annotated[float, msgspec.Meta(ge=-PUNTAJE_MAXIMO, le=PUNTAJE_MAXIMO)] | None
    momento: Annotated[str, msgspec.Meta(pattern=PATRON_MOMENTO)]

    def __post_init__(self) -> None:
        try:
            datetime.fromisoformat(self.momento)
        except ValueError:
            raise ValueError(_DESCRIPCION["momento"]) from None
        defecto = defecto_de_valor(self.valor)
        if defecto is not None:
            raise ValueError(defecto)


#: Los campos, en el orden en que se escriben.
CAMPOS: Final[tuple[str, ...]] = Registro.__struct_fields__
#: Las columnas de la tabla del tablero (todo menos ``v``).
COLUMNAS: Final[tuple[str, ...]] = CAMPOS[1:]

_TEXTOS: Final = ("alias", "grupo", "ejercicio", "elemento")
#: Qué se espera de cada campo (para los mensajes).
_DESCRIPCION: Final = {
    "v": f"debe valer {ESQUEMA} (la versión del esquema)",
    "uid": "no es texto de 1 a 64 caracteres",
    "participante": "no es un identificador (1 a 64 letras sin acento, números, «-» o «_»)",
    "valor": f"anida más de {MAX_PROFUNDIDAD} niveles de listas u objetos",
    "valor_numero": f"tiene un número entero fuera de rango (más de {ENTERO_MAXIMO})",
    "correcta": "no es true, false ni null",
    "intento": f"no es un número entero de 1 a {INTENTO_MAXIMO}",
    "modo": "no es un modo conocido (" + ", ".join(f"«{m}»" for m in MODOS) + ")",
    "puntaje": f"no es un número ni null (entre -{PUNTAJE_MAXIMO:g} y {PUNTAJE_MAXIMO:g})",
    "momento": "no es una fecha y hora ISO 8601 con zona horaria",
} | {c: f"no es texto de hasta {MAX_TEXTO} caracteres" for c in _TEXTOS}

_DECODIFICADOR: Final = msgspec.json.Decoder(Registro)
_CODIFICADOR: Final = msgspec.json.Encoder()
_CAMPO_DEL_ERROR: Final = re.compile(r"`\$\.(\w+)`|field `(\w+)`")


#: Los tipos de ``valor`` que hay que revisar (un texto, ``null`` o un booleano siempre
#: están bien; los números con decimales de JSON ya son finitos).
REVISAR_VALOR: Final = frozenset({list, dict, int})


def defecto_de_valor(valor: Any) -> str | None:
    """Qué tiene mal ``valor`` (anida más de ``MAX_PROFUNDIDAD`` niveles o tiene un entero
    fuera de 64 bits), o ``None``. Sin recursión: un valor anidado miles de niveles no
    agota la pila."""
    nivel, actuales = int(type(valor) is list or type(valor) is dict), [valor]
    while actuales:
        siguientes: list[Any] = []
        for actual in actuales:
            tipo = type(actual)
            if tipo is int:
                if not -ENTERO_MAXIMO - 1 <= actual <= ENTERO_MAXIMO:
                    return _DESCRIPCION["valor_numero"]
            elif tipo is list or tipo is dict:
                hijos = actual.values() if tipo is dict else actual
                siguientes.extend(h for h in hijos if type(h) in REVISAR_VALOR)
        if siguientes:
            nivel += 1
            if nivel > MAX_PROFUNDIDAD:
                return _DESCRIPCION["valor"]
        actuales = siguientes
    return None


def normalizar_modo(modo: object) -> object:
    """El modo con el nombre de hoy (``"diagnostica"`` → ``"diagnostico"``...)."""
    return MODOS_ANTERIORES.get(modo, modo) if isinstance(modo, str) else modo


def _mensaje(error: Exception, objeto: Any) -> str:
    """El mensaje en español de un error de validación de ``msgspec``."""
    texto = str(error)
    encontrado = _CAMPO_DEL_ERROR.search(texto)
    if encontrado is None:
        if texto in _DESCRIPCION.values():  # de ``__post_init__``
            campo = next(c for c, d in _DESCRIPCION.items() if d == texto).split("_")[0]
            return f"el campo «{campo}» {texto}"
        return "la línea no es un objeto JSON" if type(objeto) is not dict else texto
    campo = encontrado.group(1) or encontrado.group(2)
    if encontrado.group(2):
        return f"falta el campo «{campo}»"
    if campo == "v":
        return f"versión de esquema {objeto.get('v')!r} no reconocida (se esperaba {ESQUEMA})"
    valor = objeto.get(campo) if type(objeto) is dict else None
    if campo == "intento" and type(valor) is int:
        return f"el campo «intento» vale {valor} (se esperaba de 1 a {INTENTO_MAXIMO})"
    return f"el campo «{campo}» {_DESCRIPCION.get(campo, 'no es válido')}"


def _del_participante(registro: Registro, participante: str | None) -> Registro | str:
    if participante is not None and registro.participante != participante:
        return (
            f"el registro es de «{registro.participante}» pero está en el archivo "
            f"de «{participante}»"
        )
    return registro


def validar_registro(objeto: object, participante: str | None = None) -> Registro | str:
    """El ``Registro`` de un objeto (p. ej. el ``dict`` de una línea JSON), o qué le falta,
    en español. ``participante``: el id que debe traer (el del archivo). Acepta los nombres
    anteriores de los modos y los traduce."""
    if type(objeto) is not dict:
        return "la línea no es un objeto JSON"
    if type(objeto.get("v")) is not int or objeto["v"] != ESQUEMA:
        return f"versión de esquema {objeto.get('v')!r} no reconocida (se esperaba {ESQUEMA})"
    faltan = sorted(c for c in CAMPOS if c not in objeto)
    if faltan:
        return "faltan campos: " + ", ".join(f"«{c}»" for c in faltan)
    if objeto["modo"] in MODOS_ANTERIORES:
        objeto = objeto | {"modo": MODOS_ANTERIORES[objeto["modo"]]}
    try:
        registro = msgspec.convert(objeto, Registro, strict=True)
    except (msgspec.ValidationError, ValueError, TypeError, OverflowError) as error:
        return _mensaje(error, objeto)
    except RecursionError:
        return _DESCRIPCION["valor"]
    return _del_participante(registro, participante)


def validar_linea(linea: bytes, participante: str | None = None) -> Registro | str:
    """El ``Registro`` de una línea del buzón (sin el salto de línea), o qué tiene mal."""
    if len(linea) > MAX_BYTES_LINEA:
        return f"la línea mide {len(linea)} bytes (máximo {MAX_BYTES_LINEA})"
    try:
        return _del_participante(_DECODIFICADOR.decode(linea), participante)
    except (msgspec.DecodeError, RecursionError):
        pass  # se revisa de nuevo, para decir qué campo o qué pasa
    try:
        objeto = msgspec.json.decode(linea)
    except RecursionError:
        return f"anida más de {MAX_PROFUNDIDAD} niveles de listas u objetos"
    except msgspec.DecodeError as error:
        try:
            linea.decode("utf-8")
        except UnicodeDecodeError:
            return "no es texto UTF-8 (¿archivo binario?)"
        if str(error).startswith("Number out of range"):
            return "tiene un número fuera de rango (demasiado grande para guardarlo)"
        return "no es JSON válido"
    return validar_registro(objeto, participante)


def a_dict(registro: Registro) -> dict[str, Any]:
    """El registro como diccionario (con todos los campos, en orden)."""
    return msgspec.structs.asdict(registro)


def a_json(registro: Registro) -> bytes:
    """La línea del buzón de un registro, con su salto de línea."""
    return _CODIFICADOR.encode(registro) + b"\n"
