"""Quién responde: un seudónimo, un código de grupo y un id aleatorio; nunca un nombre real.

Si quien facilita decide pasar lista, los nombres viven aparte, en ``asistencia.csv``
dentro de una carpeta solo para quien facilita (nunca en el buzón): ese archivo relaciona
el id de cada participante con su nombre, y solo el informe los junta.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
import tempfile
import unicodedata
from pathlib import Path

from taller.buzon.registro import Participante, _validar_id

MAX_ALIAS = 40
MAX_GRUPO = 30
MAX_NOMBRE = 120
ARCHIVO_ASISTENCIA = "asistencia.csv"
_COLUMNAS_ASISTENCIA = ("participante", "nombre")


def _limpiar(texto: object, que: str, maximo: int) -> str:
    if not isinstance(texto, str):
        msg = f"El {que} debe ser texto."
        raise ValueError(msg)
    limpio = " ".join(unicodedata.normalize("NFC", texto).split())
    if not limpio:
        msg = f"Escriba un {que}; no puede quedar vacío."
        raise ValueError(msg)
    if len(limpio) > maximo:
        msg = f"El {que} es demasiado largo: {len(limpio)} caracteres (máximo {maximo})."
        raise ValueError(msg)
    if any(unicodedata.category(c).startswith("C") for c in limpio):
        msg = f"El {que} tiene caracteres de control; use solo letras, números y signos."
        raise ValueError(msg)
    return limpio


def validar_alias(alias: object) -> str:
    """El seudónimo sin espacios sobrantes; ``ValueError`` con un mensaje claro si no sirve."""
    return _limpiar(alias, "seudónimo", MAX_ALIAS)


def validar_grupo(grupo: object) -> str:
    """El código de grupo, en mayúsculas para que «cejum-1» y «CEJUM-1» sean el mismo grupo."""
    limpio = _limpiar(grupo, "código de grupo", MAX_GRUPO).upper()
    if any(c in limpio for c in "/\\"):
        msg = "El código de grupo no puede llevar «/» ni «\\»."
        raise ValueError(msg)
    return limpio


def nuevo_participante(alias: str, grupo: str) -> Participante:
    """Una persona participante nueva, con un id aleatorio de 16 caracteres hexadecimales."""
    return Participante(
        id=secrets.token_hex(8), alias=validar_alias(alias), grupo=validar_grupo(grupo)
    )


def _escribir_atomico(ruta: Path, datos: bytes, modo: int = 0o600) -> None:
    """Escribe en un archivo temporal de la misma carpeta y lo pone en su lugar de un golpe."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    fd, temporal = tempfile.mkstemp(dir=ruta.parent, prefix=f".{ruta.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as archivo:
            archivo.write(datos)
            archivo.flush()
            os.fsync(archivo.fileno())
        os.chmod(temporal, modo)
        os.replace(temporal, ruta)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporal)
        raise


def guardar_participante(ruta_archivo: str | Path, participante: Participante) -> None:
    """Guarda la identidad (JSON) para recuperarla tras reiniciar el kernel."""
    datos = {"id": participante.id, "alias": participante.alias, "grupo": participante.grupo}
    texto = json.dumps(datos, ensure_ascii=False, indent=1) + "\n"
    _escribir_atomico(Path(ruta_archivo).expanduser(), texto.encode("utf-8"))


def cargar_participante(ruta_archivo: str | Path) -> Participante | None:
    """La identidad guardada, o ``None`` si no hay archivo o está dañado."""
    try:
        datos = json.loads(Path(ruta_archivo).expanduser().read_text(encoding="utf-8"))
        return Participante(
            id=_validar_id(datos["id"]),
            alias=validar_alias(datos["alias"]),
            grupo=validar_grupo(datos["grupo"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


# --- Lista de asistencia (opcional, solo para quien facilita) ------------------------------


def leer_asistencia(carpeta_facilitacion: str | Path) -> dict[str, str]:
    """La lista de asistencia: id de participante -> nombre. Vacía si no hay lista."""
    ruta = Path(carpeta_facilitacion).expanduser() / ARCHIVO_ASISTENCIA
    try:
        texto = ruta.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    lista: dict[str, str] = {}
    for fila in csv.DictReader(io.StringIO(texto)):
        id_ = (fila.get("participante") or "").strip()
        nombre = (fila.get("nombre") or "").strip()
        if id_ and nombre:
            lista[id_] = nombre
    return lista


def agregar_a_asistencia(
    carpeta_facilitacion: str | Path, participante_id: str, nombre: str
) -> None:
    """Anota (o corrige) el nombre de una persona en ``asistencia.csv``.

    La carpeta debe ser solo de quien facilita y distinta del buzón: se crea con permisos
    700 y el archivo con 600.
    """
    _validar_id(participante_id)
    nombre = _limpiar(nombre, "nombre", MAX_NOMBRE)
    carpeta = Path(carpeta_facilitacion).expanduser()
    carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
    lista = leer_asistencia(carpeta)
    lista[participante_id] = nombre
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\r\n")
    escritor.writerow(_COLUMNAS_ASISTENCIA)
    for id_, nombre_ in lista.items():
        escritor.writerow((id_, nombre_))
    # Con BOM, Excel en Windows abre bien los acentos.
    _escribir_atomico(carpeta / ARCHIVO_ASISTENCIA, salida.getvalue().encode("utf-8-sig"))
