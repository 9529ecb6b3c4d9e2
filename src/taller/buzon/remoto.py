"""El buzón remoto: en JupyterHub, las respuestas van al servicio del taller.

Misma interfaz que ``Buzon`` (``registrar`` y ``del_participante``), para que
``RegistroDeParticipante`` y los ejercicios no cambien. Se usa cuando el hub dice dónde
está el servicio (``$TALLER_SERVICIO_URL``) y el kernel tiene su token
(``$JUPYTERHUB_API_TOKEN``); si no, el buzón local de siempre.

Un clic nunca espera a la red más de ~1 s:

1. La respuesta se guarda primero en un buzón local en la carpeta personal
   (``~/.taller/envio/``, ``fsync`` incluido): si el kernel, la red o el servicio fallan,
   no se pierde.
2. Se intenta enviar enseguida, con un tiempo máximo corto (``ESPERA_CLIC``). Si no se
   puede, un hilo en segundo plano reintenta (cada vez más espaciado, hasta
   ``ESPERA_MAXIMA``) hasta que el servicio confirma.
3. El servicio es idempotente por ``uid``: un reintento de algo que ya llegó no se duplica.
   Lo confirmado se anota en ``enviados.txt`` (un ``uid`` por línea) junto al buzón local.

``RegistroRemoto.pendiente()`` dice, en español, si hay respuestas guardadas que aún no
llegan al servicio (el ejercicio lo muestra).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from taller.buzon.registro import Buzon, Participante, RegistroDeParticipante, Respuesta

_log = logging.getLogger("taller.buzon.remoto")

#: Cuánto espera un clic a la red (conectar + respuesta) antes de seguir en segundo plano.
ESPERA_CLIC = 0.8
#: Espera entre reintentos: empieza en ESPERA_MINIMA y se duplica hasta ESPERA_MAXIMA.
ESPERA_MINIMA = 0.5
ESPERA_MAXIMA = 10.0
#: Respuestas por petición (el servicio acepta hasta 500).
LOTE = 200
ARCHIVO_ENVIADOS = "enviados.txt"

AVISO_PENDIENTE = (
    "Su respuesta quedó guardada en su cuenta, pero todavía no llega al servicio del taller "
    "({cuantas}). Se enviará sola en cuanto haya conexión; no hace falta repetirla."
)


def configurado() -> bool:
    """¿Este kernel corre en un hub con el servicio del taller configurado?"""
    return bool(os.environ.get("TALLER_SERVICIO_URL") and os.environ.get("JUPYTERHUB_API_TOKEN"))


def carpeta_envio() -> Path:
    """El buzón local de lo que se envía: ``$TALLER_ENVIO`` o ``~/.taller/envio``."""
    return Path(os.environ.get("TALLER_ENVIO") or Path.home() / ".taller" / "envio").expanduser()


class ErrorDeEnvio(Exception):
    """El servicio rechazó un envío por algo que reintentar no arregla (4xx)."""


class BuzonRemoto:
    """Guarda en un buzón local y envía al servicio del taller en segundo plano."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        carpeta: str | Path | None = None,
        *,
        espera_clic: float = ESPERA_CLIC,
    ) -> None:
        self.url = (url or os.environ["TALLER_SERVICIO_URL"]).rstrip("/") + "/"
        self._token = token or os.environ["JUPYTERHUB_API_TOKEN"]
        self.local = Buzon(carpeta or carpeta_envio())
        self.espera_clic = espera_clic
        self._candado = threading.Lock()
        self._despertar = threading.Event()
        self._hilo: threading.Thread | None = None
        self._rechazados: set[str] = set()
        self._ultimo_error = ""
        self._del_servicio: dict[str, list[dict[str, Any]]] = {}
        self._consultado: dict[str, float] = {}

    def __repr__(self) -> str:
        return f"BuzonRemoto({self.url!r}, local={str(self.local.carpeta)!r})"

    # --- Escribir ---------------------------------------------------------------------

    def registrar(self, participante: Participante, respuestas: Sequence[Respuesta]) -> None:
        """Guarda en el buzón local y envía (sin esperar más de ``espera_clic``)."""
        self.local.registrar(participante, respuestas)
        self._participante = participante.id
        # Un intento enseguida, si nadie más está enviando; si no, el hilo se encarga.
        if self._candado.acquire(timeout=0.05):
            try:
                self._enviar_pendientes(participante.id, self.espera_clic, una_vez=True)
            except Exception as error:  # la red: lo reintenta el hilo
                self._ultimo_error = str(error)
            finally:
                self._candado.release()
        if self.pendientes(participante.id):
            self._arrancar_hilo()

    def _enviados(self) -> set[str]:
        try:
            texto = (self.local.carpeta / ARCHIVO_ENVIADOS).read_text(encoding="ascii")
        except FileNotFoundError:
            return set()
        return set(texto.split())

    def _anotar_enviados(self, uids: Sequence[str]) -> None:
        ruta = self.local.carpeta / ARCHIVO_ENVIADOS
        fd = os.open(ruta, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, "".join(f"{u}\n" for u in uids).encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def pendientes(self, participante_id: str) -> list[dict[str, Any]]:
        """Lo guardado en el buzón local que el servicio aún no confirmó."""
        enviados = self._enviados() | self._rechazados
        return [r for r in self.local.del_participante(participante_id) if r["uid"] not in enviados]

    def _enviar_pendientes(self, participante_id: str, espera: float, una_vez: bool) -> int:
        """Envía lo pendiente por lotes; devuelve cuántos quedan."""
        while True:
            pendientes = self.pendientes(participante_id)
            if not pendientes:
                return 0
            lote = pendientes[:LOTE]
            try:
                self._enviar(lote, espera)
            except ErrorDeEnvio as error:
                # Algo que el servicio no acepta (p. ej. un ejercicio que no conoce): queda
                # en el buzón local, se avisa en el log y no se reintenta en este kernel.
                _log.error("El servicio del taller rechazó respuestas: %s", error)
                self._ultimo_error = str(error)
                self._rechazados.update(r["uid"] for r in lote)
                continue
            self._anotar_enviados([r["uid"] for r in lote])
            if una_vez:
                return len(pendientes) - len(lote)

    def _enviar(self, registros: list[dict[str, Any]], espera: float) -> dict[str, Any]:
        cuerpo = json.dumps({"registros": registros}, ensure_ascii=False).encode("utf-8")
        peticion = urllib.request.Request(
            self.url + "api/respuestas",
            data=cuerpo,
            method="POST",
            headers={
                "Authorization": f"token {self._token}",
                "Content-Type": "application/json; charset=utf-8",
            },
        )
        try:
            with urllib.request.urlopen(peticion, timeout=espera) as respuesta:
                resultado: dict[str, Any] = json.loads(respuesta.read())
                return resultado
        except urllib.error.HTTPError as error:
            try:
                mensaje = json.loads(error.read()).get("error", "")
            except ValueError:
                mensaje = ""
            # 401/403/404/5xx: el token, el hub o el servicio pueden volver (se reintenta);
            # 400/409/413/422: los datos no cambiarán.
            if error.code in (400, 409, 413, 422):
                raise ErrorDeEnvio(f"{error.code}: {mensaje}") from None
            raise OSError(f"{error.code}: {mensaje or error.reason}") from None

    # --- En segundo plano -------------------------------------------------------------

    def _arrancar_hilo(self) -> None:
        self._despertar.set()
        if self._hilo is not None and self._hilo.is_alive():
            return
        self._hilo = threading.Thread(target=self._trabajar, name="taller-envio", daemon=True)
        self._hilo.start()

    def _trabajar(self) -> None:
        espera = ESPERA_MINIMA
        while True:
            self._despertar.wait(espera)
            self._despertar.clear()
            participante = getattr(self, "_participante", None)
            if participante is None:
                continue
            with self._candado:
                try:
                    quedan = self._enviar_pendientes(participante, 5.0, una_vez=False)
                except Exception as error:
                    self._ultimo_error = str(error)
                    espera = min(espera * 2, ESPERA_MAXIMA)
                    continue
            espera = ESPERA_MINIMA
            if not quedan:
                return  # todo entregado; registrar() lo vuelve a arrancar

    def esperar_entrega(self, participante_id: str, limite: float = 30.0) -> bool:
        """Espera (hasta ``limite`` s) a que todo lo guardado llegue al servicio."""
        fin = time.monotonic() + limite
        while time.monotonic() < fin:
            if not self.pendientes(participante_id):
                return True
            self._arrancar_hilo()
            time.sleep(0.1)
        return not self.pendientes(participante_id)

    # --- Leer -------------------------------------------------------------------------

    def del_participante(self, participante_id: str) -> list[dict[str, Any]]:
        """Lo propio: el buzón local y (una vez por kernel) lo que el servicio tiene de esta
        persona, p. ej. respuestas dadas desde otro kernel o antes de perder la carpeta."""
        locales = self.local.del_participante(participante_id)
        vistos = {r["uid"] for r in locales}
        remotos = [r for r in self._propias_del_servicio() if r["uid"] not in vistos]
        return [*remotos, *locales]

    def _propias_del_servicio(self) -> list[dict[str, Any]]:
        ahora = time.monotonic()
        if "propias" in self._del_servicio or ahora - self._consultado.get("propias", -1e9) < 30:
            return self._del_servicio.get("propias", [])
        self._consultado["propias"] = ahora
        peticion = urllib.request.Request(
            self.url + "api/respuestas/propias",
            headers={"Authorization": f"token {self._token}"},
        )
        try:
            with urllib.request.urlopen(peticion, timeout=self.espera_clic) as respuesta:
                registros: list[dict[str, Any]] = json.loads(respuesta.read())["registros"]
        except (OSError, ValueError, KeyError) as error:
            _log.warning("No se pudieron leer las respuestas propias del servicio: %s", error)
            return []
        for registro in registros:
            registro.pop("n", None)
        self._del_servicio["propias"] = registros
        return registros


class RegistroRemoto(RegistroDeParticipante):
    """``RegistroDeParticipante`` sobre un ``BuzonRemoto``: dice si algo quedó sin entregar."""

    buzon: BuzonRemoto  # type: ignore[assignment]

    def pendiente(self) -> str | None:
        """Un aviso en español si hay respuestas guardadas que aún no llegan al servicio."""
        with contextlib.suppress(OSError):
            n = len(self.buzon.pendientes(self.participante.id))
            if n:
                cuantas = "1 respuesta pendiente" if n == 1 else f"{n} respuestas pendientes"
                return AVISO_PENDIENTE.format(cuantas=cuantas)
        return None


_BUZONES: dict[tuple[str, str], BuzonRemoto] = {}


def registro_remoto(participante: Participante) -> RegistroRemoto:
    """El registro de un kernel en un hub con el servicio del taller (un solo
    ``BuzonRemoto``, con su hilo de envío, por kernel)."""
    clave = (os.environ["TALLER_SERVICIO_URL"], str(carpeta_envio()))
    buzon = _BUZONES.get(clave)
    if buzon is None:
        buzon = _BUZONES[clave] = BuzonRemoto()
    return RegistroRemoto(buzon, participante)  # type: ignore[arg-type]


class FuenteServicio:
    """Las respuestas de los grupos, leídas del servicio del taller para el tablero de quien
    facilita (cumple ``taller.tablero.fuente.FuenteDeRegistros``).

    ``nuevos()`` pide solo lo que llegó después del último registro visto (``desde``). El
    token del kernel de quien facilita trae el alcance ``custom:taller:leer``; sin él, el
    servicio responde 403 y el motivo queda en ``problemas``."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        grupo: str | None = None,
        espera: float = 5.0,
    ) -> None:
        self.url = (url or os.environ["TALLER_SERVICIO_URL"]).rstrip("/") + "/"
        self._token = token or os.environ["JUPYTERHUB_API_TOKEN"]
        self.grupo = grupo
        self.espera = espera
        self.desde = 0
        self.problemas: list[str] = []

    def __repr__(self) -> str:
        return f"FuenteServicio({self.url!r}, grupo={self.grupo!r}, desde={self.desde})"

    def nuevos(self) -> list[dict[str, Any]]:
        from urllib.parse import urlencode

        todos: list[dict[str, Any]] = []
        while True:
            parametros = {"desde": self.desde, "limite": 5000}
            if self.grupo:
                parametros["grupo"] = self.grupo  # type: ignore[assignment]
            peticion = urllib.request.Request(
                f"{self.url}api/respuestas?{urlencode(parametros)}",
                headers={"Authorization": f"token {self._token}"},
            )
            try:
                with urllib.request.urlopen(peticion, timeout=self.espera) as respuesta:
                    datos = json.loads(respuesta.read())
            except urllib.error.HTTPError as error:
                try:
                    mensaje = json.loads(error.read()).get("error", "")
                except ValueError:
                    mensaje = ""
                self.problemas = [f"El servicio del taller respondió {error.code}: {mensaje}"]
                return todos
            except (OSError, ValueError) as error:
                self.problemas = [
                    f"No se pudo leer el servicio del taller ({error}); se reintenta."
                ]
                return todos
            self.problemas = []
            registros = datos["registros"]
            for registro in registros:
                registro.pop("n", None)
            todos += registros
            self.desde = datos["ultimo"]
            if len(registros) < 5000:
                return todos
