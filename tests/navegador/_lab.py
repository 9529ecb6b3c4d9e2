"""Arnés de las pruebas en navegador: un JupyterLab del taller y ayudas para manejar la página.

El servidor se arranca con el propio código del proyecto (``preparar_carpeta`` +
``argumentos_lab`` + ``entorno_lab``), como lo haría ``taller abrir``, con dos argumentos más:
un token aleatorio y ``--LabApp.expose_app_in_browser=True`` (deja ``window.jupyterapp`` a
la vista para ejecutar órdenes de JupyterLab desde la prueba).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

RAIZ_REPO = Path(__file__).resolve().parents[2]
CAPTURAS = RAIZ_REPO / "artefactos" / "capturas"
CHROMIUM = os.environ.get("TALLER_CHROMIUM", "/usr/bin/chromium")
ARGUMENTOS_CHROMIUM = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
COMO_INSTALAR = (
    "Las pruebas en navegador necesitan Chromium y Playwright para Python. Instálelos con "
    '`sudo apt-get install chromium` y `pip install -e ".[test]"` (nunca `playwright '
    "install`: se usa el Chromium de Debian en /usr/bin/chromium, o el que indique la "
    "variable TALLER_CHROMIUM)."
)
# Lo que JupyterLab o ipywidgets escriben en la página cuando un widget no se puede mostrar.
TEXTOS_DE_FALLA = (
    "Error displaying widget",
    "Failed to load model class",
    "Error rendering output item",
)


def falta_para_navegador() -> str | None:
    """``None`` si hay Chromium y Playwright; si no, qué falta (para saltar o fallar)."""
    faltas = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        faltas.append("Playwright para Python no está instalado")
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        faltas.append(f"no se encontró Chromium en {CHROMIUM}")
    if not faltas:
        return None
    return f"{'; '.join(faltas)}. {COMO_INSTALAR}"


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServidorLab:
    """Un JupyterLab en marcha sobre una carpeta del taller."""

    carpeta: Path
    buzon: Path
    puerto: int
    token: str
    proceso: subprocess.Popen[bytes]
    bitacora: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.puerto}"

    def url(self, ruta_cuaderno: str) -> str:
        """La dirección que abre un cuaderno solo (``reset`` descarta el espacio de trabajo
        guardado, para que no se abran también los cuadernos de la prueba anterior)."""
        return f"{self.base}/lab/tree/{quote(ruta_cuaderno)}?reset&token={self.token}"

    def api(self, metodo: str, ruta: str) -> Any:
        pedido = urllib.request.Request(
            f"{self.base}{ruta}", method=metodo, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(pedido, timeout=10) as respuesta:
            cuerpo = respuesta.read()
        return json.loads(cuerpo) if cuerpo else None

    def cerrar_kernels(self) -> None:
        """Apaga las sesiones abiertas (así un cuaderno no roba CPU al siguiente)."""
        for sesion in self.api("GET", "/api/sessions"):
            with contextlib.suppress(urllib.error.HTTPError):
                self.api("DELETE", f"/api/sessions/{sesion['id']}")

    def final_de_bitacora(self, lineas: int = 40) -> str:
        try:
            texto = self.bitacora.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(texto.splitlines()[-lineas:])

    def detener(self) -> None:
        if self.proceso.poll() is None:
            self.proceso.terminate()
            try:
                self.proceso.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proceso.kill()
                self.proceso.wait()


def arrancar_lab(raiz: Path, espera_s: float = 90) -> ServidorLab:
    """Prepara una carpeta del taller en ``raiz`` y arranca JupyterLab sobre ella."""
    from taller.cli.abrir import argumentos_lab, entorno_lab
    from taller.cli.preparar import preparar_carpeta

    prep = preparar_carpeta(raiz / "taller")
    buzon = raiz / "buzon-prueba"
    buzon.mkdir(parents=True, exist_ok=True)
    puerto = _puerto_libre()
    token = secrets.token_hex(16)
    extra = [
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.ip=127.0.0.1",
    ]
    args = argumentos_lab(prep.carpeta, puerto, navegador=False, facilitacion=False, extra=extra)
    entorno = entorno_lab(prep.carpeta, str(buzon))
    entorno["JUPYTER_RUNTIME_DIR"] = str(raiz / "runtime")
    entorno.pop("TALLER_DATOS", None)
    bitacora = raiz / "jupyterlab.log"
    with bitacora.open("wb") as salida:
        proceso = subprocess.Popen(
            args, env=entorno, cwd=prep.carpeta, stdout=salida, stderr=subprocess.STDOUT
        )
    servidor = ServidorLab(prep.carpeta, buzon, puerto, token, proceso, bitacora)
    limite = time.monotonic() + espera_s
    while True:
        if proceso.poll() is not None:
            msg = (
                f"JupyterLab terminó al arrancar (código {proceso.returncode}):\n"
                f"{servidor.final_de_bitacora()}"
            )
            raise RuntimeError(msg)
        try:
            if servidor.api("GET", "/api/status") is not None:
                return servidor
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > limite:
            servidor.detener()
            msg = (
                f"JupyterLab no respondió en /api/status en {espera_s:.0f} s:\n"
                f"{servidor.final_de_bitacora()}"
            )
            raise RuntimeError(msg)
        time.sleep(0.25)


# --- Cuadernos -------------------------------------------------------------------------------


def cuaderno(celdas: list[str], metadatos_celdas: list[dict[str, Any]] | None = None) -> str:
    """Un cuaderno nbformat 4 mínimo (kernel python3) con esas celdas de código; una celda
    que empieza con ``# md`` se escribe como Markdown (sin esa primera línea)."""
    lista = []
    for i, fuente in enumerate(celdas):
        meta = (metadatos_celdas or [{}] * len(celdas))[i]
        if fuente.startswith("# md\n"):
            lista.append(
                {
                    "id": f"celda-{i}",
                    "cell_type": "markdown",
                    "metadata": meta,
                    "source": fuente.removeprefix("# md\n"),
                }
            )
        else:
            lista.append(
                {
                    "id": f"celda-{i}",
                    "cell_type": "code",
                    "metadata": meta,
                    "source": fuente,
                    "execution_count": None,
                    "outputs": [],
                }
            )
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "cells": lista,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    }
    return json.dumps(nb, ensure_ascii=False, indent=1)


def celdas_de_ejercicio(ruta: Path) -> list[int]:
    """Índices (entre todas las celdas) de las celdas de código que llaman a
    ``taller.ejercicio(``."""
    nb = json.loads(ruta.read_text(encoding="utf-8"))
    indices = []
    for i, celda in enumerate(nb.get("cells", [])):
        fuente = celda.get("source", "")
        fuente = "".join(fuente) if isinstance(fuente, list) else fuente
        if celda.get("cell_type") == "code" and "taller.ejercicio(" in fuente:
            indices.append(i)
    return indices


# --- La página -------------------------------------------------------------------------------

_CUADERNO_LISTO = """async () => {
  const app = window.jupyterapp;
  if (!app) return false;
  const w = app.shell.currentWidget;
  if (!w || !w.sessionContext || !w.context) return false;
  await w.context.ready;
  await w.sessionContext.ready;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}"""

_KERNEL_INACTIVO = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  // Ninguna celda pendiente ([*]) ni en cola.
  return !w.content.widgets.some(c => c.model.type === 'code'
      && (c.promptNode && c.promptNode.textContent.includes('*')));
}"""


def cargar_lab(pagina: Any, servidor: ServidorLab, espera_ms: int = 60_000) -> None:
    """Carga JupyterLab (sin cuadernos abiertos) y espera a que termine de arrancar."""
    pagina.goto(f"{servidor.base}/lab?reset&token={servidor.token}", wait_until="domcontentloaded")
    pagina.wait_for_function("() => !!window.jupyterapp", timeout=espera_ms)
    pagina.evaluate("() => window.jupyterapp.restored.then(() => true)")


def abrir(pagina: Any, servidor: ServidorLab, ruta: str, espera_ms: int = 60_000) -> None:
    """Abre un cuaderno (ruta relativa a la carpeta del taller) y espera su kernel."""
    if not pagina.evaluate("() => !!window.jupyterapp"):
        cargar_lab(pagina, servidor, espera_ms)
    orden(pagina, "docmanager:open", {"path": ruta, "factory": "Notebook"})
    pagina.wait_for_function(
        """(ruta) => { const w = window.jupyterapp.shell.currentWidget;
             return !!w && !!w.context && w.context.path === ruta; }""",
        arg=ruta,
        timeout=espera_ms,
    )
    pagina.wait_for_function(_CUADERNO_LISTO, timeout=espera_ms, polling=200)
    # La extensión taller-cejum ejecuta sola los cuadernos del taller al abrirlos: se espera
    # a que termine (o a que decida no hacerlo) antes de que la prueba ejecute lo suyo.
    pagina.wait_for_function(_EXTENSION_TERMINO, timeout=espera_ms * 2, polling=200)


_EXTENSION_TERMINO = """() => {
  const app = window.jupyterapp;
  if (app.hasPlugin && !app.hasPlugin('taller-cejum:autoejecutar')) return true;
  const w = app.shell.currentWidget;
  return !!w && (w.hasClass('taller-autoejecutado') || w.hasClass('taller-sin-autoejecucion'));
}"""


def cerrar_documentos(pagina: Any) -> None:
    """Cierra todas las pestañas sin guardar (sin el diálogo «Guarde su trabajo»)."""
    pagina.evaluate("""async () => {
      const app = window.jupyterapp;
      if (!app) return;
      // Una presentación abierta queda activa en los ajustes y se aplicaría al cuaderno
      // siguiente: se cierra primero.
      if (app.commands.hasCommand('deck:stop') && document.querySelector('.jp-Deck'))
        await app.commands.execute('deck:stop');
      for (const w of [...app.shell.widgets('main')]) {
        if (w.context && w.context.model) w.context.model.dirty = false;
        w.dispose();
      }
    }""")


def orden(pagina: Any, id_orden: str, args: dict[str, Any] | None = None) -> Any:
    """Ejecuta una orden de JupyterLab y espera a que su promesa se cumpla."""
    return pagina.evaluate(
        "([id, args]) => window.jupyterapp.commands.execute(id, args).then(() => true)",
        [id_orden, args or {}],
    )


def esperar_kernel(pagina: Any, espera_ms: int = 120_000) -> None:
    pagina.wait_for_function(_KERNEL_INACTIVO, timeout=espera_ms, polling=200)
    pagina.wait_for_timeout(300)  # los widgets terminan de dibujarse tras el último mensaje
    pagina.wait_for_function(_KERNEL_INACTIVO, timeout=espera_ms, polling=200)


def ejecutar_todo(pagina: Any) -> None:
    orden(pagina, "notebook:run-all-cells")
    esperar_kernel(pagina)


def reiniciar_y_ejecutar(pagina: Any) -> None:
    """Reinicia el kernel borrando las salidas y vuelve a ejecutar todo (sin diálogo)."""
    pagina.evaluate("""async () => {
      const w = window.jupyterapp.shell.currentWidget;
      await w.sessionContext.session.kernel.restart();
      await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');
    }""")
    pagina.wait_for_function(_CUADERNO_LISTO, timeout=60_000, polling=200)
    ejecutar_todo(pagina)


def problemas_visibles(pagina: Any) -> list[str]:
    """Fallas que se ven en el cuaderno: widgets que no cargan y tracebacks de Python."""
    return pagina.evaluate(
        """(textos) => {
      const nb = window.jupyterapp.shell.currentWidget.content.node;
      const fallas = [];
      const todo = nb.innerText;
      for (const t of textos) if (todo.includes(t)) fallas.push('La página dice «' + t + '»');
      const errores = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';
      for (const el of nb.querySelectorAll('.jp-OutputArea-output')) {
        const texto = el.innerText;
        if ((el.matches(errores) && texto.includes('Traceback'))
            || texto.includes('Traceback (most recent call last)'))
          fallas.push('Traceback en la celda: ' + texto.slice(-1200));
      }
      return [...new Set(fallas)];
    }""",
        list(TEXTOS_DE_FALLA),
    )


def widgets_por_celda(pagina: Any) -> list[dict[str, Any]]:
    """Por celda del cuaderno abierto: su fuente, las raíces ``.taller-ejercicio`` que dibujó
    (sin contar las anidadas), cuántas tienen controles, los avisos que muestra en lugar de
    un ejercicio y las clases ``taller-tipo-*`` de sus raíces."""
    return pagina.evaluate("""() => {
      const w = window.jupyterapp.shell.currentWidget;
      return w.content.widgets.map((c, i) => {
        const raices = [...c.node.querySelectorAll('.jp-OutputArea .taller-ejercicio')]
          .filter(el => !el.parentElement.closest('.taller-ejercicio'));
        // Un ejercicio dibujado tiene controles; un aviso («No se encontró el ejercicio…»)
        // es un HTML suelto con la clase taller-aviso.
        const controles = 'button, input, select, textarea';
        const interactivas = raices.filter(el => el.querySelector(controles));
        const avisos = raices.filter(el => !el.querySelector(controles))
          .filter(el => el.querySelector('.taller-aviso:not([role=status])'))
          .map(el => el.innerText.trim());
        return {indice: i, tipo: c.model.type, fuente: c.model.sharedModel.getSource(),
                raices: raices.length, interactivas: interactivas.length, avisos: avisos,
                tipos: raices.map(el => [...el.classList]
                  .filter(k => k.startsWith('taller-tipo-')).join(' '))};
      });
    }""")


def captura(pagina: Any, nombre: str, alto_max: int = 12_000) -> Path:
    """Captura del cuaderno entero: agranda la ventana a lo alto del cuaderno (JupyterLab
    desplaza el cuaderno dentro de un panel, así que una captura de página completa no basta)."""
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    destino = CAPTURAS / f"{nombre}.png"
    ancho = pagina.viewport_size["width"] if pagina.viewport_size else 1280
    alto_original = pagina.viewport_size["height"] if pagina.viewport_size else 900
    alto = pagina.evaluate("""() => {
      const app = window.jupyterapp;
      if (!app.shell.leftCollapsed) app.shell.collapseLeft();
      const w = app.shell.currentWidget;
      const panel = w.content.node.querySelector('.jp-WindowedPanel-outer') || w.content.node;
      panel.scrollTop = 0;
      return panel.scrollHeight + (window.innerHeight - panel.clientHeight);
    }""")
    pagina.set_viewport_size(
        {"width": ancho, "height": int(min(max(alto, alto_original), alto_max))}
    )
    pagina.wait_for_timeout(400)
    pagina.screenshot(path=str(destino))
    pagina.set_viewport_size({"width": ancho, "height": alto_original})
    return destino


def copiar_captura(origen: Path, destino: Path) -> None:
    destino.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(origen, destino)


def marcar_celdas(pagina: Any) -> None:
    """Pone ``data-celda="<índice>"`` en el nodo de cada celda, para ubicarlas con selectores."""
    pagina.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets
      .forEach((c, i) => { c.node.dataset.celda = String(i); })""")


def escribir_metadatos(ruta: Path, metadatos: list[dict[str, Any]]) -> None:
    """Pone los metadatos de cada celda (p. ej. el tipo de diapositiva) en un cuaderno."""
    nb = json.loads(ruta.read_text(encoding="utf-8"))
    for celda, meta in zip(nb["cells"], metadatos, strict=False):
        celda["metadata"] = meta
    ruta.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
