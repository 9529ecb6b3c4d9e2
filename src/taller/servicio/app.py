"""El servicio de JupyterHub que recibe y sirve las respuestas del taller.

Sigue el patrón de JupyterHub para servicios con alcances propios (su ejemplo
``examples/custom-scopes``): Tornado + ``jupyterhub.services.auth.HubOAuthenticated``.

Rutas (bajo el prefijo del servicio, p. ej. ``/services/taller/``):

- ``POST api/respuestas``: quien participa envía ``{"registros": [...]}`` con su token del
  hub (``Authorization: token $JUPYTERHUB_API_TOKEN``). La identidad sale del token; el
  campo ``participante`` del cuerpo se ignora. Idempotente por ``uid``.
- ``GET api/respuestas/propias?desde=N``: las respuestas propias (para restaurar un
  ejercicio).
- ``GET api/respuestas?grupo=G&desde=N``: las de un grupo (o todas), en orden de llegada,
  solo con el alcance ``custom:taller:leer``; a los demás, 403.
- ``GET api/salud``: sin autenticación; la versión del esquema.
- ``GET ./``: en el navegador (OAuth del hub): para quien facilita, el tablero en vivo;
  para quien participa, cuántas respuestas suyas tiene el servicio.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import logging
import os
import secrets
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jupyterhub.services.auth import (  # type: ignore[import-untyped]
    HubOAuth,
    HubOAuthCallbackHandler,
    HubOAuthenticated,
    UserNotAllowed,
)
from jupyterhub.utils import url_path_join  # type: ignore[import-untyped]
from tornado.httpserver import HTTPServer
from tornado.web import Application, HTTPError, RequestHandler

from . import ALCANCE_LEER
from .almacen import Almacen, ConflictoDeUid, url_sqlite
from .opciones import argumentos
from .validacion import MAX_CUERPO, EntradaInvalida, validar_peticion

_log = logging.getLogger("taller.servicio")

#: Largo (en cifras hexadecimales) del identificador seudónimo de cada persona.
LARGO_ID = 32


def id_de_usuario(secreto: bytes, usuario: str) -> str:
    """El identificador que se guarda en lugar del nombre de usuario del hub: HMAC-SHA256
    con el secreto del servicio (sin el secreto no se puede saber de quién es)."""
    return hmac.new(secreto, usuario.encode("utf-8"), hashlib.sha256).hexdigest()[:LARGO_ID]


def puede_leer(modelo: dict[str, Any]) -> bool:
    """¿El token o la sesión tiene el alcance para leer las respuestas de los grupos?

    Solo el alcance sin filtro: el servicio no interpreta filtros (``!group=…``), así que
    uno filtrado no da acceso a todos los grupos (se niega, no se amplía)."""
    return ALCANCE_LEER in modelo.get("scopes", ())


class Escritor:
    """Un solo hilo escribe en la base; las peticiones que llegan mientras escribe se
    guardan juntas en la transacción siguiente (un solo ``COMMIT`` para todas: con
    PostgreSQL, cada uno espera al disco). Cada petición se acepta o rechaza entera."""

    #: Peticiones por transacción, como máximo.
    LOTE = 256

    def __init__(self, almacen: Almacen) -> None:
        self.almacen = almacen
        self._hilo = ThreadPoolExecutor(1, thread_name_prefix="taller-escribir")
        self._pendientes: list[tuple[list[dict[str, Any]], asyncio.Future[tuple[int, int]]]] = []
        self._ocupado = False
        self._tarea: asyncio.Future[None] | None = None

    async def guardar(self, registros: list[dict[str, Any]]) -> tuple[int, int]:
        futuro: asyncio.Future[tuple[int, int]] = asyncio.get_running_loop().create_future()
        self._pendientes.append((registros, futuro))
        if not self._ocupado:
            self._ocupado = True
            self._tarea = asyncio.ensure_future(self._vaciar())  # referencia: no se recolecta
        return await futuro

    async def _vaciar(self) -> None:
        bucle = asyncio.get_running_loop()
        try:
            while self._pendientes:
                lote = self._pendientes[: self.LOTE]
                del self._pendientes[: self.LOTE]
                try:
                    resultados = await bucle.run_in_executor(
                        self._hilo, self.almacen.guardar_lote, [r for r, _ in lote]
                    )
                except Exception as error:  # la base no responde: falla todo el lote (5xx)
                    for _, futuro in lote:
                        if not futuro.done():
                            futuro.set_exception(error)
                    continue
                for (_, futuro), resultado in zip(lote, resultados, strict=True):
                    if futuro.done():
                        continue
                    if isinstance(resultado, Exception):
                        futuro.set_exception(resultado)
                    else:
                        futuro.set_result(resultado)
        finally:
            self._ocupado = False

    def cerrar(self) -> None:
        self._hilo.shutdown(wait=True)


class _Base(HubOAuthenticated, RequestHandler):
    """Autenticación con el hub (token en la cabecera o cookie OAuth) y errores en JSON."""

    #: ¿Sin sesión, redirigir al inicio de sesión del hub (páginas) o responder 401 (API)?
    redirigir = False

    @property
    def almacen(self) -> Almacen:
        return self.settings["almacen"]

    async def prepare(self) -> None:
        if int(self.request.headers.get("Content-Length") or 0) > MAX_CUERPO:
            raise HTTPError(413, f"La petición supera el máximo de {MAX_CUERPO} bytes.")
        modelo = await self.hub_auth.get_user(self, sync=False)
        if not modelo:
            if self.redirigir and self.request.method == "GET":
                self.redirect(self.get_login_url())  # termina la respuesta
                return
            raise HTTPError(
                401,
                "Falta el token del hub, o ya no es válido: inicie sesión de nuevo "
                "(en un kernel: variable JUPYTERHUB_API_TOKEN).",
            )
        try:
            modelo = self.check_hub_user(modelo)
        except UserNotAllowed:
            raise HTTPError(403, "Este token no tiene acceso al servicio del taller.") from None
        self._hub_auth_user_cache = modelo
        self.current_user = modelo

    def usuario(self) -> str:
        modelo = self.current_user
        if modelo.get("kind", "user") != "user":
            raise HTTPError(403, "Solo una persona usuaria del hub puede enviar respuestas.")
        return modelo["name"]

    def participante(self) -> str:
        return id_de_usuario(self.settings["secreto"], self.usuario())

    def exigir_lectura(self) -> None:
        if not puede_leer(self.current_user):
            raise HTTPError(
                403,
                "No tiene permiso para leer las respuestas de otras personas: eso es solo "
                f"para quien facilita (alcance {ALCANCE_LEER}).",
            )

    def entero(self, nombre: str, defecto: int, maximo: int) -> int:
        texto = self.get_query_argument(nombre, str(defecto))
        try:
            valor = int(texto)
        except ValueError:
            raise HTTPError(400, f"El parámetro «{nombre}» debe ser un número entero.") from None
        if not 0 <= valor <= maximo:
            raise HTTPError(400, f"El parámetro «{nombre}» debe estar entre 0 y {maximo}.")
        return valor

    async def en_hilo(self, funcion: Any, *args: Any) -> Any:
        hilos = self.settings["lectores"]
        return await asyncio.get_running_loop().run_in_executor(hilos, funcion, *args)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        mensaje = self._reason
        info = kwargs.get("exc_info")
        if info and isinstance(info[1], HTTPError) and info[1].log_message:
            mensaje = info[1].log_message
        elif status_code >= 500:
            mensaje = "Error interno del servicio del taller; vea su registro."
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(json.dumps({"error": mensaje, "codigo": status_code}, ensure_ascii=False))

    def responder(self, datos: Any, codigo: int = 200) -> None:
        self.set_status(codigo)
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(datos, ensure_ascii=False, separators=(",", ":")))


class RespuestasHandler(_Base):
    async def post(self) -> None:
        participante = self.participante()
        try:
            registros = validar_peticion(self.request.body, self.settings["ejercicios"])
        except EntradaInvalida as error:
            raise HTTPError(error.codigo, error.mensaje) from None
        for registro in registros:
            registro["participante"] = participante
        try:
            nuevos, repetidos = await self.settings["escritor"].guardar(registros)
        except ConflictoDeUid as error:
            raise HTTPError(409, f"No se guardó nada: {error}.") from None
        self.responder({"nuevos": nuevos, "repetidos": repetidos})

    async def get(self) -> None:
        self.exigir_lectura()
        grupo = self.get_query_argument("grupo", None)
        if grupo is not None and not 0 < len(grupo) <= 200:
            raise HTTPError(400, "El parámetro «grupo» debe tener de 1 a 200 caracteres.")
        desde = self.entero("desde", 0, 2**62)
        limite = self.entero("limite", 5000, 20000)
        registros, ultimo = await self.en_hilo(
            lambda: self.almacen.leer(desde=desde, grupo=grupo, limite=limite)
        )
        self.responder({"registros": registros, "ultimo": ultimo})


class PropiasHandler(_Base):
    async def get(self) -> None:
        participante = self.participante()
        desde = self.entero("desde", 0, 2**62)
        registros, ultimo = await self.en_hilo(
            lambda: self.almacen.leer(desde=desde, participante=participante, limite=20000)
        )
        self.responder({"registros": registros, "ultimo": ultimo, "participante": participante})


class SaludHandler(RequestHandler):
    def get(self) -> None:
        from .almacen import VERSION_BASE

        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish({"ok": True, "esquema": VERSION_BASE})


class PaginaHandler(_Base):
    redirigir = True

    async def get(self) -> None:
        if self._finished:
            return
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        if puede_leer(self.current_user):
            grupo = self.get_query_argument("grupo", "")
            # fetch() con la cookie de sesión necesita el token XSRF (JupyterHub >= 4.1).
            crudo = self.xsrf_token
            xsrf: str = crudo.decode("ascii") if isinstance(crudo, bytes) else crudo
            pagina = _PAGINA_TABLERO.replace("__GRUPO__", escape(grupo, quote=True))
            self.finish(pagina.replace("__XSRF__", escape(xsrf, quote=True)))
            return
        participante = self.participante()
        registros, _ = await self.en_hilo(
            lambda: self.almacen.leer(participante=participante, limite=20000)
        )
        self.finish(
            _PAGINA_PROPIA.replace("__N__", str(len(registros))).replace(
                "__ALCANCE__", escape(ALCANCE_LEER)
            )
        )


_PAGINA_PROPIA = """<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Taller: mis respuestas</title></head>
<body><main><h1>Taller: mis respuestas</h1>
<p id="propias">El servicio del taller tiene __N__ respuesta(s) suyas.</p>
<p>Las respuestas del grupo solo las ve quien facilita (alcance <code>__ALCANCE__</code>).</p>
</main></body></html>
"""

# Tablero en vivo para quien facilita: pide cada segundo lo que llegó después de lo último
# visto. Todo texto libre se pone con textContent (nunca como HTML).
_PAGINA_TABLERO = """<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Taller: respuestas en vivo</title>
<style>
body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse}
td,th{border:1px solid #888;padding:.3rem .6rem;text-align:left}
#estado{color:#555}
</style></head>
<body><main id="tablero" data-grupo="__GRUPO__" data-xsrf="__XSRF__">
<h1>Respuestas en vivo</h1>
<p><label>Grupo: <input id="grupo" size="12"></label>
<span id="estado" role="status" aria-live="polite">Conectando…</span></p>
<p>Respuestas recibidas: <strong id="total">0</strong></p>
<table><thead><tr><th scope="col">Seudónimo</th><th scope="col">Grupo</th>
<th scope="col">Ejercicio</th><th scope="col">Elemento</th><th scope="col">Respuesta</th>
<th scope="col">¿Correcta?</th><th scope="col">Intento</th></tr></thead>
<tbody id="filas"></tbody></table></main>
<script>
(function () {
  var raiz = document.getElementById("tablero");
  var desde = 0, total = 0, grupo = raiz.dataset.grupo, xsrf = raiz.dataset.xsrf;
  var campo = document.getElementById("grupo");
  campo.value = grupo;
  campo.addEventListener("change", function () {
    grupo = campo.value.trim(); desde = 0; total = 0;
    document.getElementById("filas").textContent = "";
  });
  function texto(v) { return typeof v === "string" ? v : JSON.stringify(v); }
  function celda(fila, v) {
    var td = document.createElement("td"); td.textContent = v; fila.appendChild(td);
  }
  function pedir() {
    var url = "api/respuestas?desde=" + desde;
    if (grupo) { url += "&grupo=" + encodeURIComponent(grupo); }
    fetch(url, {credentials: "same-origin", cache: "no-store",
                headers: {"X-XSRFToken": xsrf}}).then(function (r) {
      if (!r.ok) { return r.json().then(function (e) { throw new Error(e.error || r.status); }); }
      return r.json();
    }).then(function (datos) {
      var cuerpo = document.getElementById("filas");
      datos.registros.forEach(function (r) {
        var fila = document.createElement("tr");
        fila.dataset.uid = r.uid;
        [r.alias, r.grupo, r.ejercicio, r.elemento, texto(r.valor),
         r.correcta === null ? "—" : (r.correcta ? "sí" : "no"), String(r.intento)]
          .forEach(function (v) { celda(fila, v); });
        cuerpo.appendChild(fila);
      });
      total += datos.registros.length; desde = datos.ultimo;
      document.getElementById("total").textContent = String(total);
      document.getElementById("estado").textContent =
        "Actualizado: " + new Date().toLocaleTimeString("es-MX");
    }).catch(function (e) {
      document.getElementById("estado").textContent = "Sin conexión con el servicio: " + e.message;
    }).finally(function () { setTimeout(pedir, 1000); });
  }
  pedir();
})();
</script></body></html>
"""


# --- Arranque --------------------------------------------------------------------------


def leer_secreto(archivo: Path) -> bytes:
    """El secreto del hash de identidades: ``$TALLER_SERVICIO_SECRETO`` o el archivo (que se
    crea, con permisos 600, la primera vez). Si se pierde, las mismas personas tendrán
    otro identificador: respáldelo junto con la base de datos."""
    desde_entorno = os.environ.get("TALLER_SERVICIO_SECRETO", "")
    if desde_entorno:
        return desde_entorno.encode("utf-8")
    try:
        return archivo.read_bytes().strip()
    except FileNotFoundError:
        pass
    archivo.parent.mkdir(parents=True, exist_ok=True)
    nuevo = secrets.token_hex(32).encode("ascii")
    fd = os.open(archivo, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(nuevo + b"\n")
        f.flush()
        os.fsync(f.fileno())
    return nuevo


def ids_de_ejercicios(datos: str | None) -> frozenset[str]:
    """Los id de ejercicio del contenido del taller (la carpeta ``datos``, o el contenido
    que viaja con el paquete)."""
    from taller.contenido import ContenidoInvalido, cargar_contenido

    try:
        return frozenset(cargar_contenido(datos).ejercicios)
    except ContenidoInvalido as error:
        # Al servicio solo le hacen falta los id: se leen sin validar lo demás (las fuentes
        # o los textos con problemas no cambian qué ejercicios existen).
        _log.warning("El contenido tiene problemas; se leen solo los id de ejercicio: %s", error)
        import yaml

        from taller.contenido.recursos import carpeta_datos

        ids = set()
        for archivo in sorted((carpeta_datos(datos) / "ejercicios").glob("*.y*ml")):
            documento = yaml.safe_load(archivo.read_text(encoding="utf-8")) or {}
            for ejercicio in documento.get("ejercicios") or []:
                if isinstance(ejercicio, dict) and isinstance(ejercicio.get("id"), str):
                    ids.add(ejercicio["id"])
        if not ids:
            raise
        return frozenset(ids)


def crear_app(
    almacen: Almacen, secreto: bytes, ejercicios: frozenset[str] | None, prefijo: str
) -> Application:
    # Cada token se valida con el hub la primera vez y se recuerda 5 min (lo de JupyterHub):
    # un token revocado sigue sirviendo aquí hasta 5 min.
    hub_auth = HubOAuth(api_token=os.environ.get("JUPYTERHUB_API_TOKEN", ""), cache_max_age=300)
    return Application(
        [
            (prefijo, PaginaHandler),
            (url_path_join(prefijo, "api/respuestas"), RespuestasHandler),
            (url_path_join(prefijo, "api/respuestas/propias"), PropiasHandler),
            (url_path_join(prefijo, "api/salud"), SaludHandler),
            (url_path_join(prefijo, "oauth_callback"), HubOAuthCallbackHandler),
        ],
        cookie_secret=hmac.new(secreto, b"cookie", hashlib.sha256).digest(),
        hub_auth=hub_auth,
        almacen=almacen,
        secreto=secreto,
        ejercicios=ejercicios,
        lectores=ThreadPoolExecutor(4, thread_name_prefix="taller-leer"),
        escritor=Escritor(almacen),
    )


def main(lista: list[str] | argparse.Namespace | None = None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="[%(levelname).1s %(asctime)s taller-servicio] %(message)s"
    )
    args = lista if isinstance(lista, argparse.Namespace) else argumentos(lista)
    if args.exportar:
        from .almacen import exportar_a_buzon

        carpeta_bd = Path(args.carpeta).expanduser().resolve()
        url = args.bd or url_sqlite(str(carpeta_bd / "taller-servicio.sqlite"))
        nuevas = exportar_a_buzon(url, args.exportar, args.grupo)
        print(f"{nuevas} respuestas nuevas copiadas al buzón {args.exportar}")
        return 0
    for variable in ("JUPYTERHUB_SERVICE_URL", "JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL"):
        if not os.environ.get(variable):
            print(
                f"Falta la variable {variable}: este servicio lo arranca JupyterHub "
                "(ver «taller hub» y docs/servidor.md).",
                file=sys.stderr,
            )
            return 2
    carpeta = Path(args.carpeta).expanduser().resolve()
    carpeta.mkdir(parents=True, exist_ok=True)
    url = args.bd or url_sqlite(str(carpeta / "taller-servicio.sqlite"))
    secreto = leer_secreto(carpeta / "taller-servicio.secreto")
    try:
        ejercicios = ids_de_ejercicios(args.datos)
    except Exception as error:  # el contenido se valida con mensajes propios
        print(f"No se pudo cargar el contenido del taller: {error}", file=sys.stderr)
        return 2
    almacen = Almacen(url)
    _log.info("Base de datos: %r (esquema listo); %d ejercicios", almacen, len(ejercicios))
    prefijo = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/taller/")
    app = crear_app(almacen, secreto, ejercicios, prefijo)
    direccion = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])

    async def correr() -> None:
        # listen() dentro del bucle que corre (el de asyncio.run).
        # Tornado lee el cuerpo entero antes de ``prepare``: se admite hasta 16 MiB para
        # poder responder 413 con un mensaje (más que eso, cierra la conexión).
        servidor = HTTPServer(app, max_body_size=16 * 1024 * 1024, xheaders=True)
        servidor.listen(direccion.port or 80, args.ip or direccion.hostname or "127.0.0.1")
        _log.info("Escuchando en %s (prefijo %s)", os.environ["JUPYTERHUB_SERVICE_URL"], prefijo)
        fin = asyncio.Event()
        bucle = asyncio.get_running_loop()
        for senal in (signal.SIGTERM, signal.SIGINT):
            bucle.add_signal_handler(senal, fin.set)
        await fin.wait()
        servidor.stop()
        await servidor.close_all_connections()

    asyncio.run(correr())
    app.settings["escritor"].cerrar()
    almacen.cerrar()
    _log.info("Servicio detenido")
    return 0
