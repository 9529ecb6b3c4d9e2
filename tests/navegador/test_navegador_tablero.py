"""El tablero de quien facilita en un JupyterLab real:

- muestra lo que la sesión del navegador acaba de responder (seguro para proyectar: el
  seudónimo solo aparece al pulsar «Mostrar seudónimos»);
- con un grupo simulado de 25 personas, a 1280×720, con y sin letra grande, ningún rótulo
  se encima con otro ni queda cortado, tampoco los controles ni las pestañas;
- una respuesta nueva se ve en menos de 2 s, sin tocar nada;
- el informe impreso en carta (Chromium, «imprimir a PDF») cabe en 15 páginas.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from ayudas import DATOS_REALES
from ayudas.simulacion import simular_taller
from taller.buzon.registro import Buzon, Participante, Respuesta

from . import _ejercicios as ejs
from . import _lab
from .conftest import escribir_cuaderno

pytestmark = pytest.mark.navegador
TABLERO = "facilitacion/tablero.ipynb"
PROYECTOR = {"width": 1280, "height": 720}
GRUPO = "CEJUM-1"

# Dentro de cada gráfica: rótulos, cifras, títulos y leyenda. En los controles: etiquetas,
# listas, botones y títulos de pestañas. Devuelve cada encimado o corte encontrado.
_GEOMETRIA = """() => {
  const raiz = document.querySelector('.taller-tablero-raiz');
  const fallas = [];
  const visible = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const nombre = el => (el.className || el.tagName) + ' «' + el.innerText.slice(0, 40) + '»';
  const encima = (a, b) => { const r = a.getBoundingClientRect(), s = b.getBoundingClientRect();
    return r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1
      && s.top < r.bottom - 1; };
  const revisar = (contenedor, elementos) => {
    const caja = contenedor.getBoundingClientRect();
    const lista = elementos.filter(visible);
    for (const el of lista) {
      const r = el.getBoundingClientRect();
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
        fallas.push('cortado: ' + nombre(el));
      if (r.left < caja.left - 1 || r.right > caja.right + 1)
        fallas.push('fuera de su caja: ' + nombre(el));
    }
    for (let i = 0; i < lista.length; i++)
      for (let j = i + 1; j < lista.length; j++) {
        const a = lista[i], b = lista[j];
        if (a.contains(b) || b.contains(a)) continue;
        if (encima(a, b)) fallas.push('encimados: ' + nombre(a) + ' / ' + nombre(b));
      }
  };
  for (const fig of raiz.querySelectorAll('figure.grafica'))
    if (visible(fig))
      revisar(fig, [...fig.querySelectorAll('.grafica-titulo, .rotulo, .cifra, .leyenda > span')]);
  const controles = [...raiz.querySelectorAll(
    '.widget-label, .widget-dropdown select, .widget-button, .widget-toggle-button, '
    + '.widget-checkbox, .lm-TabBar-tab')];
  revisar(raiz, controles);
  for (const etiqueta of raiz.querySelectorAll('.lm-TabBar-tabLabel, .widget-label'))
    if (visible(etiqueta) && etiqueta.scrollWidth > etiqueta.clientWidth + 1)
      fallas.push('título cortado: ' + nombre(etiqueta));
  return [...new Set(fallas)];
}"""


def test_tablero_muestra_las_respuestas_del_navegador(
    lab: _lab.ServidorLab, pagina: Any, recorrido: dict[str, Any]
) -> None:
    if not (lab.carpeta / TABLERO).exists():
        pytest.fail(f"la carpeta del taller no tiene {TABLERO}")
    respondidos = [r for r in recorrido.values() if r.error is None]
    assert respondidos, "la sesión del navegador no pudo responder ningún ejercicio"
    _lab.abrir(pagina, lab, TABLERO)
    _lab.ejecutar_todo(pagina)
    try:
        assert not _lab.problemas_visibles(pagina)
        cuaderno = pagina.locator(".jp-Notebook")
        resumen = cuaderno.locator(".widget-html", has_text="con actividad en el grupo").first
        resumen.wait_for(timeout=20_000)
        assert f"1 persona(s) con actividad en el grupo {ejs.GRUPO}" in resumen.inner_text()
        assert ejs.ALIAS not in cuaderno.inner_text(), "seudónimo a la vista sin pedirlo"
        cuaderno.get_by_role("button", name="Mostrar seudónimos").first.click()
        cuaderno.locator(".lm-TabBar-tab", has_text="Participación").first.click()
        cuaderno.get_by_text(ejs.ALIAS).first.wait_for(timeout=10_000)

        cuaderno.locator(".lm-TabBar-tab", has_text="Reflexiones").first.click()
        cuaderno.get_by_text(ejs.REFLEXION).first.wait_for(timeout=10_000)

        from taller.contenido.carga import cargar_contenido

        contenido = cargar_contenido()
        # «Qué discutir ahora» nombra los ejercicios calificados respondidos por su título.
        discutir = cuaderno.locator(".widget-html", has_text="Qué discutir ahora").first
        texto = discutir.inner_text()
        calificados = [
            r
            for r in respondidos
            if r.tipo in ("opcion_multiple", "emparejar", "clasificar", "caso")
        ]
        faltan = [r.id for r in calificados if contenido.ejercicios[r.id].titulo not in texto]
        assert not faltan, f"el tablero no muestra estos ejercicios respondidos: {faltan}"
    finally:
        _lab.captura(pagina, "facilitacion-tablero-con-respuestas")


def _celdas_tablero(buzon: Path) -> list[str]:
    return [
        "from taller.contenido.carga import cargar_contenido\n"
        "from taller.tablero import Tablero\n\n"
        f"tablero = Tablero({str(buzon)!r}, cargar_contenido({str(DATOS_REALES)!r}), "
        f"grupo={GRUPO!r})\ntablero"
    ]


def _pestanas(pagina: Any) -> list[str]:
    return pagina.locator(".taller-tablero-raiz .lm-TabBar-tab").all_inner_texts()


def _captura_de_pantalla(pagina: Any, nombre: str, desde: str = ".taller-tablero-raiz") -> Path:
    """Lo que se ve en la pantalla (1280×720), desde el elemento ``desde``."""
    _lab.CAPTURAS.mkdir(parents=True, exist_ok=True)
    pagina.evaluate(
        """(desde) => { const app = window.jupyterapp;
      if (!app.shell.leftCollapsed) app.shell.collapseLeft();
      document.querySelector(desde).scrollIntoView(); }""",
        desde,
    )
    pagina.wait_for_timeout(500)
    destino = _lab.CAPTURAS / f"{nombre}.png"
    pagina.screenshot(path=str(destino))
    return destino


def test_tablero_en_un_proyector(lab: _lab.ServidorLab, pagina: Any) -> None:
    buzon = lab.carpeta / "buzon-simulado"
    from taller.contenido.carga import cargar_contenido

    simular_taller(buzon, cargar_contenido(DATOS_REALES), personas=25, grupo=GRUPO)
    ruta = escribir_cuaderno(lab, "pruebas/tablero-simulado.ipynb", _celdas_tablero(buzon))
    pagina.set_viewport_size(PROYECTOR)
    _lab.abrir(pagina, lab, ruta)
    _lab.ejecutar_todo(pagina)
    raiz = pagina.locator(".taller-tablero-raiz").first
    raiz.locator(".widget-html", has_text="25 persona(s)").first.wait_for(timeout=30_000)
    assert not _lab.problemas_visibles(pagina)
    assert "Actualizado a las" in raiz.inner_text()
    assert "Persona 01" not in raiz.inner_text()  # seguro para proyectar
    fecha = raiz.locator(".widget-dropdown", has_text="Fecha").locator("select")
    assert fecha.evaluate("s => s.options[s.selectedIndex].text") == "Todas"

    fallas: dict[str, list[str]] = {}
    for grande in (False, True):
        if grande:
            raiz.get_by_role("button", name="Letra grande").click()
            pagina.wait_for_function(
                "() => document.querySelector('.taller-tablero-raiz.taller-grande')"
            )
            pagina.wait_for_timeout(300)
        sufijo = "-letra-grande" if grande else ""
        _captura_de_pantalla(pagina, f"tablero-1280x720{sufijo}")
        for pestana in _pestanas(pagina):
            raiz.locator(".lm-TabBar-tab", has_text=pestana).first.click()
            pagina.wait_for_timeout(250)
            encontrados = pagina.evaluate(_GEOMETRIA)
            if encontrados:
                fallas[f"{pestana}{sufijo}"] = encontrados
        for pestana, archivo in (("Por ejercicio", "por-ejercicio"),
                                 ("Diagnóstica y final", "diagnostica-y-final")):  # fmt: skip
            raiz.locator(".lm-TabBar-tab", has_text=pestana).first.click()
            pagina.wait_for_timeout(250)
            _captura_de_pantalla(
                pagina, f"tablero-1280x720-{archivo}{sufijo}", ".taller-tablero-raiz .widget-tab"
            )
        _lab.captura(pagina, f"tablero-completo{sufijo}")
        raiz.locator(".lm-TabBar-tab", has_text="Por ejercicio").first.click()
    assert not fallas, json.dumps(fallas, ensure_ascii=False, indent=1)[:4000]

    # En vivo: una persona nueva aparece sola en menos de 2 s.
    nueva = Participante("nueva0001", "Recién llegada", GRUPO)
    inicio = time.monotonic()
    Buzon(buzon).registrar(nueva, [Respuesta("m1-quien-es-servidor", "", "x", False, 1)])
    raiz.locator(".widget-html", has_text="26 persona(s)").first.wait_for(timeout=5_000)
    demora = time.monotonic() - inicio
    assert demora <= 2.0, f"la respuesta nueva tardó {demora:.1f} s en verse"
    (_lab.CAPTURAS / "tablero-demora.txt").write_text(f"{demora:.2f} s\n", encoding="utf-8")


def test_el_informe_impreso_cabe_en_15_paginas(requisitos_navegador: None, tmp_path: Path) -> None:
    """25 personas, impreso en carta por Chromium; se cuentan las páginas con pdfinfo."""
    if shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):
            pytest.fail("falta poppler-utils (pdfinfo, pdftoppm): .ci/run debe instalarlo")
        pytest.skip("falta poppler-utils: sudo apt-get install poppler-utils")
    from taller.buzon.identidad import agregar_a_asistencia
    from taller.contenido.carga import cargar_contenido
    from taller.tablero.constancia_pdf import escribir_constancias
    from taller.tablero.informe import crear_informe, datos_informe

    contenido = cargar_contenido(DATOS_REALES)
    buzon = simular_taller(tmp_path / "buzon", contenido, personas=25, grupo=GRUPO)
    privado = tmp_path / "privado"
    agregar_a_asistencia(privado, "sim00001", "María José Núñez Ángeles")
    informe = crear_informe(
        buzon, tmp_path / "salida", GRUPO, contenido, privado, facilita="Mtra. Laura Gómez"
    )
    pdf = tmp_path / "informe.pdf"
    subprocess.run(
        [_lab.CHROMIUM, *_lab.ARGUMENTOS_CHROMIUM, "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", informe.html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    datos = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    campos = dict(linea.split(":", 1) for linea in datos.stdout.splitlines() if ":" in linea)
    paginas = int(campos["Pages"])
    assert "letter" in campos["Page size"]
    assert paginas <= 15, f"el informe de 25 personas ocupa {paginas} páginas carta"
    _lab.CAPTURAS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "3", str(pdf),
         str(_lab.CAPTURAS / "informe-pagina")],
        check=True,
    )  # fmt: skip
    (_lab.CAPTURAS / "informe-paginas.txt").write_text(f"{paginas}\n", encoding="utf-8")
    d = datos_informe(buzon, GRUPO, contenido, privado, facilita="Mtra. Laura Gómez")
    constancias = escribir_constancias(d, tmp_path / "salida", lugar="Ciudad de México")
    assert len(constancias.archivos) == 1
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-singlefile", str(constancias.archivos[0]),
         str(_lab.CAPTURAS / "constancia")],
        check=True,
    )  # fmt: skip
