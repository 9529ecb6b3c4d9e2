"""Ejecutar código en el kernel de una persona en el hub, como lo haría su cuaderno.

Por la API de su servidor (``/user/<nombre>/api/kernels``) y el websocket de canales, con
un token del hub de esa persona (no cookies: la API con cookie pide XSRF).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


class Kernel:
    def __init__(self, url_hub: str, usuario: str, token: str) -> None:
        self.base = f"{url_hub}/user/{usuario}"
        self.cabeceras = {"Authorization": f"token {token}"}
        r = requests.post(
            f"{self.base}/api/kernels", json={"name": "python3"}, headers=self.cabeceras,
            timeout=60,
        )  # fmt: skip
        assert r.status_code == 201, r.text
        self.id = r.json()["id"]
        self.sesion = uuid.uuid4().hex

    def ejecutar(self, codigo: str, limite: float = 120) -> str:
        """Ejecuta ``codigo``; devuelve lo que imprimió (falla con el traceback si hubo error)."""
        # En su propio hilo: el de la prueba puede tener ya un bucle (Playwright síncrono).
        with ThreadPoolExecutor(1) as hilo:
            return hilo.submit(asyncio.run, self._ejecutar(codigo, limite)).result()

    async def _ejecutar(self, codigo: str, limite: float) -> str:
        url = self.base.replace("http://", "ws://") + f"/api/kernels/{self.id}/channels"
        ws = await websocket_connect(HTTPRequest(url, headers=self.cabeceras))
        msg_id = uuid.uuid4().hex
        mensaje: dict[str, Any] = {
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "prueba",
                       "session": self.sesion, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": codigo, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }  # fmt: skip
        await ws.write_message(json.dumps(mensaje))
        salida: list[str] = []
        error: str | None = None
        respondio = inactivo = False
        try:
            while not (respondio and inactivo):
                crudo = await asyncio.wait_for(ws.read_message(), limite)
                if crudo is None:
                    raise ConnectionError("El websocket del kernel se cerró")
                m = json.loads(crudo)
                if m.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                tipo = m["msg_type"]
                if tipo == "stream":
                    salida.append(m["content"]["text"])
                elif tipo == "error":
                    error = "\n".join(m["content"]["traceback"])
                elif tipo == "execute_reply":
                    respondio = True
                elif tipo == "status" and m["content"]["execution_state"] == "idle":
                    inactivo = True
        finally:
            ws.close()
        if error is not None:
            raise AssertionError(f"Error en el kernel:\n{error}\nSalida:\n{''.join(salida)}")
        return "".join(salida)

    def cerrar(self) -> None:
        requests.delete(f"{self.base}/api/kernels/{self.id}", headers=self.cabeceras, timeout=30)
