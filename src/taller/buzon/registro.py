"""El buzón de respuestas: un archivo JSON Lines por participante, solo para agregar.

Contrato compartido (no cambiar sin avisar: lo usan los ejercicios y el tablero):

- ``Participante(id, alias, grupo)``: seudónimo + código de grupo + id aleatorio.
- ``Respuesta(ejercicio, elemento, valor, correcta, intento, modo, puntaje)``: lo que un
  ejercicio registra; ``elemento`` es ``""`` cuando el ejercicio tiene una sola respuesta.
- ``Buzon(carpeta).registrar(participante, respuestas)`` escribe; cada línea es un
  registro con ``v`` (versión del esquema), ``uid``, participante, alias, grupo, los
  campos de la respuesta y ``momento`` (ISO 8601, UTC).
- ``Buzon.del_participante(id)`` lee solo el archivo propio; ``Buzon.leer()`` lee todo
  (para quien facilita) y devuelve también los problemas encontrados.
- ``RegistroDeParticipante(buzon, participante)`` es lo que recibe un ejercicio.
"""

from __future__ import annotations

import contextlib
import gc
import json
import operator
import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

#: El lector de JSON en C (``msgspec``), que se importa al leer por primera vez: quien
#: solo escribe (un cuaderno sin respuestas previas) no lo necesita. ``None``: solo
#: ``json``, para comparar en pruebas.
_DECODIFICADOR: Any = "sin cargar"

from taller.buzon.esquema import ESQUEMA  # noqa: E402  (se movió)


@dataclass(frozen=True)
class Participante:
    id: str
    alias: str
    grupo: str


@dataclass(frozen=True)
class Respuesta:
    ejercicio: str
    elemento: str
    valor: Any
    correcta: bool | None
    intento: int
    modo: str = ""
    puntaje: float | None = None


# --- Lo que se agrega al contrato ---------------------------------------------------------

#: Extensión de los archivos de respuestas: uno por participante, ``<id>.jsonl``.
EXTENSION = ".jsonl"
#: Permisos de cada archivo de respuestas: solo su dueña o dueño lo lee y escribe.
MODO_ARCHIVO = 0o600
#: Permisos de un buzón compartido: cualquiera crea su archivo y escribe en él, nadie
#: lista la carpeta ni borra archivos ajenos (1 = sticky, 7 = dueño, 3 = wx para los demás).
MODO_BUZON_COMPARTIDO = 0o1733

_ID_VALIDO = re.compile(r"[A-Za-z0-9_-]{1,64}\Z")
_MAX_PROBLEMAS_POR_ARCHIVO = 20
_CAMPOS_DE_TEXTO = (
    "uid", "participante", "alias", "grupo", "ejercicio", "elemento", "modo", "momento",
)  # fmt: skip
#: ``intento`` cuenta desde 1; el tope deja fuera números que ninguna persona alcanza y que
#: no caben en las columnas enteras del tablero.
INTENTO_MAXIMO = 2**31
_TIPOS_CORRECTA = frozenset({bool, type(None)})
_TIPOS_PUNTAJE = frozenset({int, float, type(None)})
#: Los campos de un registro del esquema 1 (todos obligatorios; pueden valer ``null``
#: ``valor``, ``correcta`` y ``puntaje``).
_CLAVES = frozenset(
    ("v", "uid", "participante", "alias", "grupo", "ejercicio", "elemento", "valor",
     "correcta", "intento", "modo", "puntaje", "momento")
)  # fmt: skip
#: Las claves en el orden en que ``registrar`` las escribe (el de las columnas al leer).
ORDEN_CLAVES = (
    "v", "uid", "participante", "alias", "grupo", "ejercicio", "elemento", "valor",
    "correcta", "intento", "modo", "puntaje", "momento",
)  # fmt: skip
_POSICIONES_DE_TEXTO = tuple(ORDEN_CLAVES.index(c) for c in _CAMPOS_DE_TEXTO)
_POS_V = ORDEN_CLAVES.index("v")
_POS_PARTICIPANTE = ORDEN_CLAVES.index("participante")
_POS_INTENTO = ORDEN_CLAVES.index("intento")
_POS_CORRECTA = ORDEN_CLAVES.index("correcta")
_POS_PUNTAJE = ORDEN_CLAVES.index("puntaje")
_EXTRAER = operator.itemgetter(*ORDEN_CLAVES)


@dataclass(frozen=True, order=True)
class ProblemaDeLectura:
    """Algo que no se pudo leer del buzón: archivo, línea (0 = el archivo entero) y qué pasa."""

    archivo: str
    linea: int
    mensaje: str

    def __str__(self) -> str:
        return f"{self.archivo}:{self.linea}: {self.mensaje}"


@dataclass
class Lectura:
    """Lo leído del buzón: los registros válidos y los problemas encontrados."""

    registros: list[dict[str, Any]] = field(default_factory=list)
    problemas: list[ProblemaDeLectura] = field(default_factory=list)


@dataclass(frozen=True)
class ResumenImportacion:
    """Lo que hizo ``importar_buzon``."""

    leidos: int
    nuevos: int
    repetidos: int
    problemas: tuple[ProblemaDeLectura, ...] = ()

    def __str__(self) -> str:
        texto = (
            f"{self.leidos} respuestas leídas: {self.nuevos} nuevas, "
            f"{self.repetidos} ya estaban en el buzón."
        )
        if self.problemas:
            texto += f" {len(self.problemas)} problema(s) en el origen (se omitieron):"
            texto += "".join(f"\n  {p}" for p in self.problemas)
        return texto


class BuzonOcupado(OSError):
    """Otro proceso tiene el archivo de respuestas bloqueado demasiado tiempo."""


# --- Candado entre procesos (fcntl.flock en POSIX, msvcrt.locking en Windows) -------------

if os.name == "nt":  # pragma: no cover - solo en Windows
    import msvcrt

    # msvcrt.locking bloquea bytes desde la posición actual; se bloquea un byte muy lejos
    # del final para no impedir la lectura del archivo mientras alguien escribe.
    _POSICION_CANDADO = 1 << 30

    def _bloquear(fd: int, espera_maxima: float, compartido: bool = False) -> None:
        limite = time.monotonic() + espera_maxima
        while True:
            os.lseek(fd, _POSICION_CANDADO, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if time.monotonic() > limite:
                    raise BuzonOcupado(
                        "El archivo de respuestas está ocupado por otro proceso; "
                        "intente de nuevo en unos segundos."
                    ) from None
                time.sleep(0.005)

    def _desbloquear(fd: int) -> None:
        os.lseek(fd, _POSICION_CANDADO, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _ultimo_byte(fd: int, tamano: int) -> bytes:
        os.lseek(fd, tamano - 1, os.SEEK_SET)
        return os.read(fd, 1)

else:
    import fcntl

    def _bloquear(fd: int, espera_maxima: float, compartido: bool = False) -> None:
        # Espera bloqueante: el núcleo despierta al siguiente en cuanto se libera, y si el
        # proceso que lo tenía muere, el candado se suelta solo.
        fcntl.flock(fd, fcntl.LOCK_SH if compartido else fcntl.LOCK_EX)

    def _desbloquear(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def _ultimo_byte(fd: int, tamano: int) -> bytes:
        return os.pread(fd, 1, tamano - 1)


@contextlib.contextmanager
def sin_recolector() -> Iterator[None]:
    """Pausa el recolector de ciclos mientras se crean cientos de miles de objetos sin
    ciclos (leer un buzón grande es varias veces más rápido así)."""
    activo = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if activo:
            gc.enable()


def _validar_id(participante_id: str) -> str:
    if not isinstance(participante_id, str) or not _ID_VALIDO.match(participante_id):
        msg = (
            f"Identificador de participante no válido: {participante_id!r} "
            "(se esperan de 1 a 64 letras sin acento, números, «-» o «_»)."
        )
        raise ValueError(msg)
    return participante_id


def _a_json(valor: Any) -> Any:
    if isinstance(valor, (set, frozenset)):
        return sorted(valor, key=str)
    msg = f"No se puede guardar un valor de tipo {type(valor).__name__} en el buzón."
    raise TypeError(msg)


def _ahora() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _linea(registro: dict[str, Any]) -> bytes:
    texto = json.dumps(registro, ensure_ascii=False, separators=(",", ":"), default=_a_json)
    return texto.encode("utf-8") + b"\n"


def archivos_del_buzon(
    carpeta: Path,
) -> Iterator[tuple[os.DirEntry[str], str] | ProblemaDeLectura]:
    """Recorre el buzón en orden de nombre: ``(entrada, id de participante)`` por cada
    archivo de respuestas, y un ``ProblemaDeLectura`` por cada cosa ajena (o si no se puede listar).
    Omite lo oculto (``.ipynb_checkpoints``, ``.DS_Store``...)."""
    try:
        entradas = sorted(os.scandir(carpeta), key=lambda e: e.name)
    except FileNotFoundError:
        return
    except PermissionError:
        yield ProblemaDeLectura(str(carpeta), 0, "no hay permiso para listar el buzón")
        return
    for entrada in entradas:
        nombre = entrada.name
        if nombre.startswith("."):
            continue
        id_ = nombre[: -len(EXTENSION)] if nombre.endswith(EXTENSION) else ""
        if not id_ or not _ID_VALIDO.match(id_) or not entrada.is_file():
            yield ProblemaDeLectura(nombre, 0, "no es un archivo de respuestas del taller; se omite")
        else:
            yield entrada, id_


class Buzon:
    """Una carpeta con un archivo JSON Lines por participante, solo para agregar.

    Cada escritura toma un candado sobre el archivo (dos kernels de la misma persona no
    mezclan líneas), agrega las líneas, vacía el búfer y hace ``fsync``. Si la escritura
    anterior quedó cortada (proceso terminado a la mitad), la línea rota se deja aislada
    con un salto de línea y la lectura la reporta sin perder lo demás.
    """

    def __init__(self, carpeta: str | Path, espera_maxima: float = 30.0) -> None:
        self.carpeta = Path(carpeta).expanduser()
        self.espera_maxima = espera_maxima

    def __repr__(self) -> str:
        return f"Buzon({str(self.carpeta)!r})"

    def archivo_de(self, participante_id: str) -> Path:
        """La ruta del archivo de respuestas de una persona."""
        return self.carpeta / f"{_validar_id(participante_id)}{EXTENSION}"

    # --- Escribir ---------------------------------------------------------------------

    def registrar(self, participante: Participante, respuestas: Sequence[Respuesta]) -> None:
        """Agrega una línea por respuesta al archivo de la persona."""
        momento = _ahora()
        registros = [
            {
                "v": ESQUEMA,
                "uid": uuid.uuid4().hex,
                "participante": participante.id,
                "alias": participante.alias,
                "grupo": participante.grupo,
                "ejercicio": r.ejercicio,
                "elemento": r.elemento,
                "valor": r.valor,
                "correcta": r.correcta,
                "intento": r.intento,
                "modo": r.modo,
                "puntaje": r.puntaje,
                "momento": momento,
            }
            for r in respuestas
        ]
        self._agregar(participante.id, registros)

    def _agregar(self, participante_id: str, registros: Iterable[dict[str, Any]]) -> None:
        datos = b"".join(_linea(r) for r in registros)
        if not datos:
            return
        ruta = self.archivo_de(participante_id)
        if not self.carpeta.is_dir():
            self.carpeta.mkdir(parents=True, exist_ok=True)
        banderas = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
        fd = os.open(ruta, banderas, MODO_ARCHIVO)
        try:
            _bloquear(fd, self.espera_maxima)
            try:
                tamano = os.fstat(fd).st_size
                if tamano and _ultimo_byte(fd, tamano) != b"\n":
                    datos = b"\n" + datos  # aísla la línea cortada de una escritura anterior
                vista = memoryview(datos)
                while vista:
                    escritos = os.write(fd, vista)
                    vista = vista[escritos:]
                os.fsync(fd)
            finally:
                _desbloquear(fd)
        finally:
            os.close(fd)

    # --- Leer -------------------------------------------------------------------------

    def del_participante(self, participante_id: str) -> list[dict[str, Any]]:
        """Los registros válidos de una persona; abre solo su propio archivo."""
        ruta = self.archivo_de(participante_id)
        try:
            datos = self._leer_archivo(ruta)
        except FileNotFoundError:
            return []
        registros, _ = _analizar(datos, ruta.name, participante_id)
        return registros

    def _leer_archivo(self, ruta: Path | str, desde: int = 0) -> bytes:
        """Lee un archivo (entero, o desde el byte ``desde``) con un candado compartido
        (no ve escrituras a medias)."""
        fd = os.open(ruta, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            _bloquear(fd, self.espera_maxima, compartido=True)
            try:
                os.lseek(fd, desde, os.SEEK_SET)
                # Se pide de una vez el tamaño que tiene (y un byte más): una sola lectura,
                # sin reservar memoria de más; si aún así creció, se sigue leyendo.
                pedir = max(os.fstat(fd).st_size - desde, 0) + 1
                partes = []
                while True:
                    partes.append(os.read(fd, pedir))
                    if len(partes[-1]) < pedir:
                        return partes[0] if len(partes) == 1 else b"".join(partes)
                    pedir = 1 << 16
            finally:
                _desbloquear(fd)
        finally:
            os.close(fd)

    def leer(self) -> Lectura:
        """Todos los registros válidos (sin repetidos por ``uid``) y los problemas hallados."""
        lectura = Lectura()
        with sin_recolector():
            self._leer_entradas(lectura)
        return lectura

    def _leer_entradas(self, lectura: Lectura) -> None:
        vistos: set[str] = set()
        for elemento in archivos_del_buzon(self.carpeta):
            if isinstance(elemento, ProblemaDeLectura):
                lectura.problemas.append(elemento)
                continue
            entrada, id_ = elemento
            nombre = entrada.name
            try:
                datos = self._leer_archivo(Path(entrada.path))
            except OSError as error:
                lectura.problemas.append(ProblemaDeLectura(nombre, 0, f"no se pudo leer ({error})"))
                continue
            columnas, registros, problemas = _analizar_en_columnas(datos, nombre, id_)
            lectura.problemas.extend(problemas)
            if columnas is not None:
                uids = columnas[1]
                if vistos.isdisjoint(uids) and len(set(uids)) == len(uids):
                    vistos.update(uids)  # lo normal: ningún repetido, sin recorrerlos uno a uno
                    lectura.registros.extend(registros)
                    continue
            for registro in registros:
                uid = registro["uid"]
                if uid not in vistos:
                    vistos.add(uid)
                    lectura.registros.append(registro)


def _analizar(
    datos: bytes, nombre: str, participante_id: str
) -> tuple[list[dict[str, Any]], list[ProblemaDeLectura]]:
    """Convierte el contenido de un archivo en registros válidos y problemas."""
    _, registros, problemas = _analizar_en_columnas(datos, nombre, participante_id)
    return registros, problemas


def _analizar_en_columnas(
    datos: bytes, nombre: str, participante_id: str
) -> tuple[list[tuple[Any, ...]] | None, list[dict[str, Any]], list[ProblemaDeLectura]]:
    """Como ``_analizar``, y además, si el archivo entero pasa por el camino rápido, sus
    columnas (una tupla por clave de ``ORDEN_CLAVES``)."""
    if not datos:
        return None, [], []
    candidatos = _candidatos_rapidos(datos)
    if candidatos is not None:
        columnas = _columnas_validas(candidatos, participante_id)
        if columnas is not None:
            return columnas, candidatos, []
    # Lo de siempre, solo con ``json``: el archivo tiene algo fuera de lo común.
    try:
        texto = datos.decode("utf-8")
        if texto.endswith("\n") and "\n\n" not in texto:
            candidatos = json.loads("[" + texto[:-1].replace("\n", ",") + "]")
            if all(_defecto(r, participante_id) is None for r in candidatos):
                return None, candidatos, []
    except (UnicodeDecodeError, ValueError):
        pass
    registros, problemas = _analizar_por_lineas(datos, nombre, participante_id)
    return None, registros, problemas


def lineas_simples(datos: bytes) -> int | None:
    """Cuántas líneas tiene un archivo que termina en salto de línea (``None`` si no, o si
    está vacío). Quien decodifica compara con cuántos registros salieron: una línea vacía
    o con dos registros no cuadra, y el archivo va por el camino de siempre."""
    return datos.count(b"\n") if datos.endswith(b"\n") else None


def _candidatos_rapidos(datos: bytes) -> list[Any] | None:
    """Camino rápido: si el contenido entero es JSON Lines con un valor por línea, sin
    líneas vacías ni cortadas, la lista de sus valores (sin validar); si no, ``None``.

    ``msgspec`` rechaza algunas cosas que ``json`` acepta (``NaN``, sustitutos sueltos...):
    entonces se usa el camino de siempre."""
    global _DECODIFICADOR
    lineas = lineas_simples(datos)
    if lineas is None or _DECODIFICADOR is None:
        return None
    import msgspec

    if isinstance(_DECODIFICADOR, str):  # aún sin cargar
        _DECODIFICADOR = msgspec.json.Decoder()
    try:
        candidatos = _DECODIFICADOR.decode_lines(datos)
    except msgspec.DecodeError:
        return None
    return candidatos if len(candidatos) == lineas else None  # p. ej. dos en una línea


def _columnas_validas(
    candidatos: list[Any], participante: str | list[str]
) -> list[tuple[Any, ...]] | None:
    """Las columnas de los registros (una tupla por clave de ``ORDEN_CLAVES``) si todos son
    válidos; ``None`` si hay que revisarlos uno por uno con ``_defecto``.

    Hace las mismas comprobaciones que ``_defecto``, pero por columna (en C).
    ``participante`` es el id esperado en todos, o la lista de ids esperados, uno por
    registro (para revisar de una vez los registros de varios archivos)."""
    n = len(candidatos)
    if not n:
        return None
    try:
        if set(map(type, candidatos)) != {dict} or set(map(len, candidatos)) != {len(_CLAVES)}:
            return None  # sin claves de más: todos sus valores se revisan aquí
        columnas = list(zip(*map(_EXTRAER, candidatos), strict=True))
    except (KeyError, TypeError, ValueError):
        return None
    if columnas[_POS_V].count(ESQUEMA) != n:
        return None
    for posicion in _POSICIONES_DE_TEXTO:
        if set(map(type, columnas[posicion])) != {str}:
            return None
    intentos = columnas[_POS_INTENTO]
    if set(map(type, intentos)) != {int} or min(intentos) < 1 or max(intentos) >= INTENTO_MAXIMO:
        return None
    if not set(map(type, columnas[_POS_CORRECTA])) <= _TIPOS_CORRECTA:
        return None
    if not set(map(type, columnas[_POS_PUNTAJE])) <= _TIPOS_PUNTAJE:
        return None
    participantes = columnas[_POS_PARTICIPANTE]
    if isinstance(participante, str):
        if participantes.count(participante) != n:
            return None
    elif list(participantes) != participante:
        return None
    return columnas


def _analizar_por_lineas(
    datos: bytes, nombre: str, participante_id: str
) -> tuple[list[dict[str, Any]], list[ProblemaDeLectura]]:
    registros: list[dict[str, Any]] = []
    problemas: list[ProblemaDeLectura] = []
    lineas = datos.split(b"\n")
    cortada = lineas.pop() if lineas else b""  # lo que sigue al último salto de línea
    for numero, linea in enumerate(lineas, start=1):
        if not linea.strip():
            continue
        defecto: str | None
        try:
            registro = json.loads(linea.decode("utf-8"))
            defecto = _defecto(registro, participante_id)
        except UnicodeDecodeError:
            defecto = "no es texto UTF-8 (¿archivo binario?)"
        except ValueError:
            defecto = "no es JSON válido"
        if defecto is None:
            registros.append(registro)
        else:
            problemas.append(ProblemaDeLectura(nombre, numero, defecto + "; se omite"))
    if cortada.strip():
        problemas.append(
            ProblemaDeLectura(
                nombre,
                len(lineas) + 1,
                "línea incompleta al final (una escritura se interrumpió); se omite",
            )
        )
    if len(problemas) > _MAX_PROBLEMAS_POR_ARCHIVO:
        resto = len(problemas) - _MAX_PROBLEMAS_POR_ARCHIVO
        problemas = problemas[:_MAX_PROBLEMAS_POR_ARCHIVO]
        problemas.append(ProblemaDeLectura(nombre, 0, f"y {resto} línea(s) más con problemas"))
    return registros, problemas


def _defecto(registro: Any, participante_id: str) -> str | None:
    """Qué le falta a un registro para ser válido, o ``None`` si está bien."""
    if type(registro) is not dict:
        return "la línea no es un objeto JSON"
    version = registro.get("v")
    if version != ESQUEMA:
        return f"versión de esquema {version!r} no reconocida (se esperaba {ESQUEMA})"
    if not registro.keys() >= _CLAVES:
        faltan = ", ".join(f"«{c}»" for c in sorted(_CLAVES - registro.keys()))
        return f"faltan campos: {faltan}"
    for campo in _CAMPOS_DE_TEXTO:
        if type(registro[campo]) is not str:
            return f"el campo «{campo}» no es texto"
    if type(registro["intento"]) is not int:
        return "el campo «intento» no es un número entero"
    if not 1 <= registro["intento"] < INTENTO_MAXIMO:
        valor = registro["intento"]
        return f"el campo «intento» vale {valor} (se esperaba de 1 a {INTENTO_MAXIMO - 1})"
    if type(registro["correcta"]) not in _TIPOS_CORRECTA:
        return "el campo «correcta» no es true, false ni null"
    if type(registro["puntaje"]) not in _TIPOS_PUNTAJE:
        return "el campo «puntaje» no es un número ni null"
    if registro["participante"] != participante_id:
        return (
            f"el registro es de «{registro['participante']}» pero está en el archivo "
            f"de «{participante_id}»"
        )
    return None


class RegistroDeParticipante:
    """Lo que recibe un ejercicio: escribe y relee las respuestas de una sola persona."""

    def __init__(self, buzon: Buzon, participante: Participante) -> None:
        _validar_id(participante.id)
        self.buzon = buzon
        self.participante = participante

    def __repr__(self) -> str:
        return f"RegistroDeParticipante({self.buzon!r}, alias={self.participante.alias!r})"

    def registrar(self, respuestas: Sequence[Respuesta]) -> None:
        self.buzon.registrar(self.participante, respuestas)

    def _del_ejercicio(self, ejercicio: str, modo: str) -> list[dict[str, Any]]:
        return [
            r
            for r in self.buzon.del_participante(self.participante.id)
            if r["ejercicio"] == ejercicio and r["modo"] == modo
        ]

    def anteriores(self, ejercicio: str, modo: str = "") -> list[dict[str, Any]]:
        """Los registros del último intento (el ``intento`` más alto) de ese ejercicio."""
        registros = self._del_ejercicio(ejercicio, modo)
        if not registros:
            return []
        ultimo = max(r["intento"] for r in registros)
        return [r for r in registros if r["intento"] == ultimo]

    def intentos(self, ejercicio: str, modo: str = "") -> int:
        """El número del último intento registrado (se cuentan desde 1); 0 si no hay."""
        return max((r["intento"] for r in self._del_ejercicio(ejercicio, modo)), default=0)


# --- Ubicación, buzón compartido e importación --------------------------------------------


def preparar_buzon_compartido(carpeta: str | Path) -> Path:
    """Crea (o ajusta) un buzón para un servidor con varias cuentas de usuario (POSIX).

    Permisos 1733: cada cuenta puede crear su archivo y escribir en él (los archivos se
    crean con permisos 600), pero nadie más que quien facilita puede listar la carpeta,
    y nadie puede leer ni borrar el archivo de otra persona. Quien facilita (dueña de la
    carpeta) lee el buzón con una cuenta con permiso de lectura sobre los archivos
    (por ejemplo ``root`` o ``sudo``), o copiándolos.
    """
    ruta = Path(carpeta).expanduser()
    ruta.mkdir(parents=True, exist_ok=True)
    os.chmod(ruta, MODO_BUZON_COMPARTIDO)
    return ruta


def importar_buzon(origen: str | Path, destino: str | Path) -> ResumenImportacion:
    """Agrega al buzón ``destino`` las respuestas de ``origen`` que aún no tiene (por ``uid``).

    Sirve para juntar los buzones copiados de varias computadoras; repetir la importación
    no duplica nada.
    """
    ruta_origen = Path(origen).expanduser()
    if not ruta_origen.is_dir():
        msg = f"No existe la carpeta del buzón a importar: {ruta_origen}"
        raise FileNotFoundError(msg)
    lectura = Buzon(ruta_origen).leer()
    buzon_destino = Buzon(destino)
    existentes = {r["uid"] for r in buzon_destino.leer().registros}
    nuevos: dict[str, list[dict[str, Any]]] = {}
    for registro in lectura.registros:
        if registro["uid"] not in existentes:
            existentes.add(registro["uid"])
            nuevos.setdefault(registro["participante"], []).append(registro)
    for participante_id, registros in nuevos.items():
        buzon_destino._agregar(participante_id, registros)
    total_nuevos = sum(map(len, nuevos.values()))
    return ResumenImportacion(
        leidos=len(lectura.registros),
        nuevos=total_nuevos,
        repetidos=len(lectura.registros) - total_nuevos,
        problemas=tuple(lectura.problemas),
    )
