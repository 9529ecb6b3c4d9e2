"""El buzón de respuestas: un archivo JSON Lines por participante, solo para agregar.

Contrato compartido (lo usan los ejercicios, el tablero y el servicio del hub):

- ``Participante(id, alias, grupo)``: seudónimo + código de grupo + id aleatorio.
- ``Respuesta(ejercicio, elemento, valor, correcta, intento, modo, puntaje)``: lo que un
  ejercicio registra; ``elemento`` es ``""`` cuando el ejercicio tiene una sola respuesta.
- ``Buzon(carpeta).registrar(participante, respuestas)`` escribe; cada línea es un
  ``esquema.Registro`` (los campos, sus tipos y límites están definidos solo ahí).
- ``Buzon.del_participante(id)`` lee solo el archivo propio; ``Buzon.leer()`` lee todo
  (para quien facilita) y devuelve también los problemas encontrados, con archivo y línea.
- ``RegistroDeParticipante(buzon, participante)`` es lo que recibe un ejercicio.

Lo que falla se dice en español: ``ErrorDelBuzon`` (un ``OSError``) nombra el archivo y qué
hacer (disco lleno, sin permiso...); ``BuzonOcupado`` si el candado no se obtiene a tiempo.
Al leer no se siguen enlaces simbólicos ni se abren FIFOs o dispositivos, y un archivo más
grande que ``esquema.MAX_BYTES_ARCHIVO`` no se lee: todo eso se reporta como problema.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from taller.buzon.esquema import (
    ESQUEMA,
    MAX_BYTES_ARCHIVO,
    MAX_BYTES_LINEA,
    PATRON_ID,
    Modo,
    Registro,
    a_dict,
    validar_linea,
    validar_registro,
)
from taller.carpeta import por_que_fallo

__all__ = [
    "EXTENSION",
    "MODO_ARCHIVO",
    "MODO_BUZON_COMPARTIDO",
    "Analisis",
    "Buzon",
    "BuzonOcupado",
    "ErrorDelBuzon",
    "Lectura",
    "Participante",
    "ProblemaDeLectura",
    "RegistroDeParticipante",
    "Respuesta",
    "ResumenImportacion",
    "analizar",
    "archivos_del_buzon",
    "importar_buzon",
    "leer_archivo",
    "preparar_buzon_compartido",
]


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
    modo: Modo = ""
    puntaje: float | None = None


#: Extensión de los archivos de respuestas: uno por participante, ``<id>.jsonl``.
EXTENSION = ".jsonl"
#: Permisos de cada archivo de respuestas: solo su dueña o dueño lo lee y escribe.
MODO_ARCHIVO = 0o600
#: Permisos de un buzón compartido: cualquiera crea su archivo y escribe en él, nadie
#: lista la carpeta ni borra archivos ajenos (1 = sticky, 7 = dueño, 3 = wx para los demás).
MODO_BUZON_COMPARTIDO = 0o1733

_ID_VALIDO = re.compile(PATRON_ID)
_MAX_PROBLEMAS_POR_ARCHIVO = 20
#: Abrir para leer sin seguir enlaces ni quedarse esperando en una FIFO.
_AL_LEER = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_AL_ESCRIBIR = (
    os.O_RDWR
    | os.O_APPEND
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
#: Cuánto se lee de una vez (un archivo se lee en trozos, nunca su tamaño entero de golpe).
_TROZO = 1 << 20


def _pread(fd: int, n: int, posicion: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, n, posicion)
    os.lseek(fd, posicion, os.SEEK_SET)  # pragma: no cover - Windows
    return os.read(fd, n)  # pragma: no cover


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


# --- Errores en español ----------------------------------------------------------------------


class ErrorDelBuzon(OSError):
    """Un error del sistema al usar el buzón, explicado en español: qué archivo y qué hacer.
    Conserva ``errno`` (p. ej. ``errno.ENOSPC``)."""

    def __init__(self, numero: int, mensaje: str, ruta: str | os.PathLike[str] = "") -> None:
        super().__init__(numero, mensaje, os.fspath(ruta))
        self.mensaje = mensaje

    def __str__(self) -> str:
        return self.mensaje


class BuzonOcupado(ErrorDelBuzon):
    """Otro proceso tiene el archivo de respuestas bloqueado más de lo que se puede esperar."""


def explicar(error: OSError, ruta: str | os.PathLike[str], accion: str) -> ErrorDelBuzon:
    """El ``ErrorDelBuzon`` de un ``OSError`` al ``accion`` (p. ej. «guardar la respuesta
    en») la ruta: en español, con la ruta, qué pasó y qué hacer (``carpeta.por_que_fallo``)."""
    if isinstance(error, ErrorDelBuzon):
        return error
    texto = f"No se pudo {accion} «{os.fspath(ruta)}»: {por_que_fallo(error).rstrip('.')}."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        texto += " El buzón puede estar en otra carpeta: variable TALLER_BUZON."
    return ErrorDelBuzon(error.errno or 0, texto, ruta)


# --- Candado entre procesos: con tiempo máximo en todas las plataformas --------------------

if sys.platform == "win32":  # pragma: no cover - solo en Windows
    import msvcrt

    # msvcrt.locking bloquea bytes desde la posición actual; se bloquea un byte muy lejos
    # del final para no impedir la lectura del archivo mientras alguien escribe. Windows
    # no tiene candados compartidos con msvcrt: quien solo lee no toma candado (tolera la
    # última línea a medias, como con un proceso que murió escribiendo).
    _POSICION_CANDADO = 1 << 30

    def _intentar(fd: int, compartido: bool) -> bool:
        if compartido:
            return True
        os.lseek(fd, _POSICION_CANDADO, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _desbloquear(fd: int, compartido: bool) -> None:
        if not compartido:
            os.lseek(fd, _POSICION_CANDADO, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _intentar(fd: int, compartido: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if compartido else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _desbloquear(fd: int, compartido: bool) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def candado(
    fd: int, espera_maxima: float, ruta: str | os.PathLike[str], compartido: bool
) -> Iterator[None]:
    """Toma el candado del archivo (compartido para leer, exclusivo para escribir),
    reintentando hasta ``espera_maxima`` segundos; si no, ``BuzonOcupado``."""
    limite = time.monotonic() + espera_maxima
    pausa = 0.0002
    while not _intentar(fd, compartido):
        restante = limite - time.monotonic()
        if restante <= 0:
            raise BuzonOcupado(
                errno.EAGAIN,
                f"El archivo de respuestas «{Path(ruta).name}» está ocupado por otro proceso "
                f"desde hace más de {espera_maxima:g} s; espere unos segundos y vuelva a "
                "intentarlo.",
                ruta,
            )
        time.sleep(min(pausa, restante))
        pausa = min(pausa * 2, 0.005)
    try:
        yield
    finally:
        _desbloquear(fd, compartido)


# --- Leer un archivo sin seguir enlaces, en trozos y con tope ------------------------------


def _validar_id(participante_id: str) -> str:
    if not isinstance(participante_id, str) or not _ID_VALIDO.match(participante_id):
        msg = (
            f"Identificador de participante no válido: {participante_id!r} "
            "(se esperan de 1 a 64 letras sin acento, números, «-» o «_»)."
        )
        raise ValueError(msg)
    return participante_id


def _tamano(n: int) -> str:
    for unidad, factor in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= factor:
            return f"{n / factor:.1f} {unidad}"
    return f"{n} bytes"


def leer_archivo(
    ruta: str | os.PathLike[str], desde: int = 0, espera_maxima: float = 30.0
) -> tuple[bytes, os.stat_result]:
    """Los bytes de un archivo del buzón desde el byte ``desde`` y su ``stat``, con candado
    compartido. No sigue enlaces simbólicos ni lee lo que no sea un archivo normal (FIFO,
    dispositivo...), ni un archivo de más de ``MAX_BYTES_ARCHIVO``: ``ErrorDelBuzon``."""
    fd = os.open(ruta, _AL_LEER)
    try:
        estado = os.fstat(fd)
        if not stat.S_ISREG(estado.st_mode) or estado.st_nlink > 1:
            raise ErrorDelBuzon(
                errno.EINVAL, "no es un archivo normal (FIFO, dispositivo o enlace duro)"
            )
        if estado.st_size > MAX_BYTES_ARCHIVO:
            raise ErrorDelBuzon(
                errno.EFBIG,
                f"mide {_tamano(estado.st_size)}, más que el máximo de un archivo de "
                f"respuestas ({_tamano(MAX_BYTES_ARCHIVO)}); no se lee",
            )
        with candado(fd, espera_maxima, ruta, compartido=True):
            partes = []
            falta = min(os.fstat(fd).st_size, MAX_BYTES_ARCHIVO) - desde
            posicion = desde
            while falta > 0:
                parte = _pread(fd, min(falta, _TROZO), posicion)
                if not parte:
                    break
                partes.append(parte)
                posicion += len(parte)
                falta -= len(parte)
            return b"".join(partes), estado
    finally:
        os.close(fd)


def archivos_del_buzon(
    carpeta: Path,
) -> Iterator[tuple[os.DirEntry[str], str, os.stat_result] | ProblemaDeLectura]:
    """Recorre el buzón en orden de nombre: ``(entrada, id de participante, lstat)`` por
    cada archivo de respuestas, y un ``ProblemaDeLectura`` por cada cosa ajena: enlaces
    simbólicos (no se siguen), FIFOs, dispositivos, carpetas u otros nombres. Omite lo
    oculto (``.ipynb_checkpoints``, ``.DS_Store``...)."""
    try:
        entradas = sorted(os.scandir(carpeta), key=lambda e: e.name)
    except FileNotFoundError:
        return
    except OSError as error:
        yield ProblemaDeLectura(str(carpeta), 0, str(explicar(error, carpeta, "listar el buzón")))
        return
    for entrada in entradas:
        nombre = entrada.name
        if nombre.startswith("."):
            continue
        try:
            estado = entrada.stat(follow_symlinks=False)
        except OSError:
            continue  # se borró mientras se listaba
        id_ = nombre[: -len(EXTENSION)] if nombre.endswith(EXTENSION) else ""
        if stat.S_ISLNK(estado.st_mode):
            mensaje = "es un enlace simbólico; por seguridad no se sigue ni se lee"
        elif not id_ or not _ID_VALIDO.match(id_):
            mensaje = "no es un archivo de respuestas del taller; se omite"
        elif not stat.S_ISREG(estado.st_mode):
            mensaje = "no es un archivo normal (carpeta, FIFO o dispositivo); no se lee"
        elif estado.st_nlink > 1:
            mensaje = "tiene otro nombre fuera del buzón (enlace duro); por seguridad no se lee"
        else:
            yield entrada, id_, estado
            continue
        yield ProblemaDeLectura(nombre, 0, mensaje)


class Analisis(NamedTuple):
    """Lo que ``analizar`` encontró en unos bytes de un archivo."""

    registros: list[Registro]
    problemas: list[ProblemaDeLectura]
    fin: int  # bytes analizados: hasta el último salto de línea
    lineas: list[int]  # la línea de cada registro


def analizar(datos: bytes, nombre: str, participante_id: str, primera_linea: int = 1) -> Analisis:
    """Línea por línea, con el único validador (``esquema.validar_linea``): los registros
    válidos, los problemas (con su número de línea; sin recortar) y cuántos bytes se
    analizaron (hasta el último salto de línea: lo que sigue es una línea a medias y se
    reporta)."""
    registros: list[Registro] = []
    numeros: list[int] = []
    problemas: list[ProblemaDeLectura] = []
    fin = datos.rfind(b"\n") + 1
    lineas = datos[:fin].split(b"\n")[:-1]
    for numero, linea in enumerate(lineas, start=primera_linea):
        if not linea.strip():
            continue
        resultado = validar_linea(linea, participante_id)
        if isinstance(resultado, str):
            problemas.append(ProblemaDeLectura(nombre, numero, resultado + "; se omite"))
        else:
            registros.append(resultado)
            numeros.append(numero)
    if datos[fin:].strip():
        problemas.append(
            ProblemaDeLectura(
                nombre,
                primera_linea + len(lineas),
                "línea incompleta al final (una escritura se interrumpió o está en curso); "
                "se omite",
            )
        )
    return Analisis(registros, problemas, fin, numeros)


def recortar(problemas: list[ProblemaDeLectura], nombre: str) -> list[ProblemaDeLectura]:
    """A lo más ``_MAX_PROBLEMAS_POR_ARCHIVO`` problemas de un archivo, y cuántos más hay."""
    if len(problemas) <= _MAX_PROBLEMAS_POR_ARCHIVO:
        return problemas
    resto = len(problemas) - _MAX_PROBLEMAS_POR_ARCHIVO
    return [
        *problemas[:_MAX_PROBLEMAS_POR_ARCHIVO],
        ProblemaDeLectura(nombre, 0, f"y {resto} línea(s) más con problemas"),
    ]


_DECODIFICADOR = msgspec.json.Decoder(Registro)


def _registros_del_archivo(
    datos: bytes, nombre: str, participante_id: str
) -> tuple[list[Registro], list[ProblemaDeLectura]]:
    """De una vez si todo el archivo está bien (lo normal); si no, línea por línea."""
    if datos.endswith(b"\n"):
        try:
            registros = _DECODIFICADOR.decode_lines(datos)
        except (msgspec.DecodeError, RecursionError):
            pass
        else:
            if len(registros) == datos.count(b"\n") and all(
                r.participante == participante_id for r in registros
            ):
                return registros, []
    analisis = analizar(datos, nombre, participante_id)
    return analisis.registros, recortar(analisis.problemas, nombre)


def _ahora() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _sin_conjuntos(valor: Any) -> Any:
    return sorted(valor, key=str) if isinstance(valor, (set, frozenset)) else valor


def _no_json(valor: Any) -> Any:
    msg = f"No se puede guardar un valor de tipo {type(valor).__name__} en el buzón."
    raise TypeError(msg)


_CODIFICADOR = msgspec.json.Encoder(enc_hook=_no_json)


class Buzon:
    """Una carpeta con un archivo JSON Lines por participante, solo para agregar.

    Cada escritura toma un candado exclusivo sobre el archivo (dos kernels de la misma
    persona no mezclan líneas), agrega las líneas y hace ``fsync``; quien lee toma un
    candado compartido. Si una escritura falla (disco lleno...), el archivo vuelve a su
    tamaño anterior y se lanza ``ErrorDelBuzon`` en español. Si la escritura anterior quedó
    cortada (proceso terminado a la mitad), la línea rota se deja aislada con un salto de
    línea y la lectura la reporta sin perder lo demás.
    """

    def __init__(self, carpeta: str | os.PathLike[str], espera_maxima: float = 30.0) -> None:
        self.carpeta = Path(carpeta).expanduser()
        self.espera_maxima = espera_maxima

    def __repr__(self) -> str:
        return f"Buzon({str(self.carpeta)!r})"

    def archivo_de(self, participante_id: str) -> Path:
        """La ruta del archivo de respuestas de una persona."""
        return self.carpeta / f"{_validar_id(participante_id)}{EXTENSION}"

    # --- Escribir ---------------------------------------------------------------------

    def registrar(self, participante: Participante, respuestas: Sequence[Respuesta]) -> None:
        """Agrega una línea por respuesta al archivo de la persona (validada con el
        esquema: lo que no cumple da ``ValueError`` en español y no se escribe nada)."""
        _validar_id(participante.id)
        momento = _ahora()
        registros = []
        for r in respuestas:
            resultado = validar_registro(
                {
                    "v": ESQUEMA,
                    "uid": uuid.uuid4().hex,
                    "participante": participante.id,
                    "alias": participante.alias,
                    "grupo": participante.grupo,
                    "ejercicio": r.ejercicio,
                    "elemento": r.elemento,
                    "valor": _sin_conjuntos(r.valor),
                    "correcta": r.correcta,
                    "intento": r.intento,
                    "modo": r.modo,
                    "puntaje": r.puntaje,
                    "momento": momento,
                }
            )
            if isinstance(resultado, str):
                msg = f"No se puede guardar la respuesta de «{r.ejercicio}»: {resultado}."
                raise ValueError(msg)
            registros.append(resultado)
        self._agregar(participante.id, registros)

    def _agregar(self, participante_id: str, registros: Iterable[Registro]) -> None:
        lineas = [_CODIFICADOR.encode(r) + b"\n" for r in registros]
        for linea in lineas:
            if len(linea) > MAX_BYTES_LINEA:
                msg = (
                    f"La respuesta mide {_tamano(len(linea))}; el máximo es "
                    f"{_tamano(MAX_BYTES_LINEA)}. Acórtela y vuelva a intentarlo."
                )
                raise ValueError(msg)
        datos = b"".join(lineas)
        if not datos:
            return
        ruta = self.archivo_de(participante_id)
        accion = "guardar la respuesta en"
        try:
            self.carpeta.mkdir(parents=True, exist_ok=True)
            fd = os.open(ruta, _AL_ESCRIBIR, MODO_ARCHIVO)
        except OSError as error:
            raise explicar(error, ruta, accion) from error
        try:
            with candado(fd, self.espera_maxima, ruta, compartido=False):
                tamano = os.fstat(fd).st_size
                try:
                    if tamano and _pread(fd, 1, tamano - 1) != b"\n":
                        datos = b"\n" + datos  # aísla la línea cortada de una escritura anterior
                    vista = memoryview(datos)
                    while vista:
                        vista = vista[os.write(fd, vista) :]
                    os.fsync(fd)
                except OSError as error:
                    with contextlib.suppress(OSError):
                        os.ftruncate(fd, tamano)  # nada a medias: vuelve a como estaba
                    raise explicar(error, ruta, accion) from error
        finally:
            os.close(fd)

    # --- Leer -------------------------------------------------------------------------

    def del_participante(self, participante_id: str) -> list[dict[str, Any]]:
        """Los registros válidos de una persona; abre solo su propio archivo."""
        ruta = self.archivo_de(participante_id)
        try:
            datos, _ = leer_archivo(ruta, espera_maxima=self.espera_maxima)
        except FileNotFoundError:
            return []
        except OSError as error:
            raise explicar(error, ruta, "leer las respuestas de") from error
        registros, _ = _registros_del_archivo(datos, ruta.name, participante_id)
        return [a_dict(r) for r in registros]

    def leer(self) -> Lectura:
        """Todos los registros válidos (sin repetidos por ``uid``) y los problemas hallados."""
        lectura = Lectura()
        vistos: set[str] = set()
        for elemento in archivos_del_buzon(self.carpeta):
            if isinstance(elemento, ProblemaDeLectura):
                lectura.problemas.append(elemento)
                continue
            entrada, id_, _ = elemento
            try:
                datos, _ = leer_archivo(entrada.path, espera_maxima=self.espera_maxima)
            except (OSError, MemoryError) as error:
                lectura.problemas.append(problema_al_abrir(entrada.name, error))
                continue
            registros, problemas = _registros_del_archivo(datos, entrada.name, id_)
            lectura.problemas.extend(problemas)
            for registro in registros:
                if registro.uid not in vistos:
                    vistos.add(registro.uid)
                    lectura.registros.append(a_dict(registro))
        return lectura


def problema_al_abrir(nombre: str, error: OSError | MemoryError) -> ProblemaDeLectura:
    """El problema que se reporta cuando un archivo del buzón no se puede abrir o leer."""
    if isinstance(error, MemoryError):
        return ProblemaDeLectura(nombre, 0, "no hay memoria para leerlo; se omite")
    if isinstance(error, ErrorDelBuzon) and not error.filename:
        return ProblemaDeLectura(nombre, 0, str(error))
    if error.errno == errno.ELOOP:
        return ProblemaDeLectura(nombre, 0, "es un enlace simbólico; por seguridad no se sigue")
    return ProblemaDeLectura(nombre, 0, f"no se pudo leer ({error.strerror or error})")


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

    def pendiente(self) -> str | None:
        """Un aviso si hay respuestas guardadas que aún no llegan a su destino: en el buzón
        local nunca (se escriben antes de que el clic termine); en un hub, ver
        ``taller.buzon.remoto.RegistroRemoto``."""
        return None


# --- Buzón compartido e importación ---------------------------------------------------------


def preparar_buzon_compartido(carpeta: str | os.PathLike[str]) -> Path:
    """Crea (o ajusta) un buzón para un servidor con varias cuentas de usuario (POSIX).

    Permisos 1733: cada cuenta puede crear su archivo y escribir en él (los archivos se
    crean con permisos 600), pero nadie más que quien facilita puede listar la carpeta,
    y nadie puede leer ni borrar el archivo de otra persona. Quien facilita (dueña de la
    carpeta) lee el buzón con una cuenta con permiso de lectura sobre los archivos
    (por ejemplo ``root`` o ``sudo``), o copiándolos. ``ErrorDelBuzon`` en español si la
    ruta no se puede crear o ajustar.
    """
    ruta = Path(carpeta).expanduser()
    try:
        ruta.mkdir(parents=True, exist_ok=True)
        os.chmod(ruta, MODO_BUZON_COMPARTIDO)
    except OSError as error:
        raise explicar(error, ruta, "preparar el buzón compartido en") from error
    return ruta


def importar_buzon(
    origen: str | os.PathLike[str], destino: str | os.PathLike[str]
) -> ResumenImportacion:
    """Agrega al buzón ``destino`` las respuestas de ``origen`` que aún no tiene (por ``uid``).

    Sirve para juntar los buzones copiados de varias computadoras; repetir la importación
    no duplica nada. Del origen se lee como en ``Buzon.leer``: sin seguir enlaces (un enlace
    se reporta y no se copia). ``ErrorDelBuzon`` en español si el destino no se puede escribir.
    """
    ruta_origen = Path(origen).expanduser()
    if not ruta_origen.is_dir():
        msg = f"No existe la carpeta del buzón a importar: {ruta_origen}"
        raise FileNotFoundError(msg)
    lectura = Buzon(ruta_origen).leer()
    buzon_destino = Buzon(destino)
    existentes = {r["uid"] for r in buzon_destino.leer().registros}
    nuevos: dict[str, list[Registro]] = {}
    for dato in lectura.registros:
        if dato["uid"] not in existentes:
            existentes.add(dato["uid"])
            registro = msgspec.convert(dato, Registro)
            nuevos.setdefault(registro.participante, []).append(registro)
    for participante_id, registros in nuevos.items():
        buzon_destino._agregar(participante_id, registros)
    total_nuevos = sum(map(len, nuevos.values()))
    return ResumenImportacion(
        leidos=len(lectura.registros),
        nuevos=total_nuevos,
        repetidos=len(lectura.registros) - total_nuevos,
        problemas=tuple(lectura.problemas),
    )
