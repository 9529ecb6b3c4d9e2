"""El primer minuto de quien participa (issue 14), en JupyterLab y Chromium reales.

Cada cuaderno de ``participante/`` se abre sin ejecutar nada desde la prueba: la extensión
``taller-cejum`` lo ejecuta sola y vuelve al principio. Sobre esa página se mide:

- que se ejecutó solo, quedó arriba y dibujó su primer ejercicio;
- que no se ve código ni números de ejecución ``[n]:``;
- que ningún texto de opción se sale de su etiqueta (cajas del navegador) a 1366, 1024 y
  768 px de ancho, también con ``taller.letra_grande()``; deja capturas en
  ``artefactos/capturas/primer-minuto-*.png``;
- axe-core (``tests/navegador/node_modules/axe-core``, ``npm ci --prefix tests/navegador``)
  sobre el área del cuaderno: 0 problemas graves o críticos.

Y aparte: un cuaderno sin el permiso, o fuera de una carpeta del taller, no se ejecuta solo;
un kernel que no arranca deja el aviso de JupyterLab; las opciones de una pregunta son un
grupo que se recorre con las flechas, con foco visible, y la retroalimentación se anuncia;
las diapositivas de la copia de quien facilita no muestran código.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from . import _lab
from .conftest import cuadernos_del_taller, escribir_cuaderno

pytestmark = pytest.mark.navegador

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
COMO_INSTALAR_AXE = (
    "Falta axe-core para las pruebas de accesibilidad: `npm ci --prefix tests/navegador` "
    "(instala la versión fijada en tests/navegador/package-lock.json)."
)
ANCHOS = {1366: 768, 1024: 768, 768: 1024}  # ancho: alto (768 px: tableta vertical)
PARTICIPANTE = [r for r in cuadernos_del_taller() if r.startswith("participante/")]
GRAVES = ("serious", "critical")

# --- Lo que se mide en la página ------------------------------------------------------------

_AUTOEJECUTADO = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  return !!w && w.hasClass && w.hasClass('taller-autoejecutado');
}"""

_ESTADO = r"""() => {
  const w = window.jupyterapp.shell.currentWidget;
  const nb = w.content;
  const desplazable = nb.node.querySelector('.jp-WindowedPanel-outer') || nb.node;
  const visible = el => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const codigo = nb.widgets.filter(c => c.model.type === 'code');
  const entradas = [...nb.node.querySelectorAll('.jp-CodeCell .jp-Cell-inputWrapper')]
    .filter(visible).length;
  const marcadores = [...nb.node.querySelectorAll(
      '.jp-InputPrompt, .jp-OutputPrompt, .jp-OutputArea-prompt, .jp-InputPlaceholder')]
    .filter(el => visible(el) && el.innerText.trim() !== '')
    .map(el => el.innerText.trim());
  const raices = [...nb.node.querySelectorAll('.taller-ejercicio')]
    .filter(el => !el.parentElement.closest('.taller-ejercicio'))
    .filter(el => el.querySelector('button, input, select, textarea'));
  const primero = raices[0];
  return {
    clase_sin_codigo: w.hasClass('taller-sin-codigo'),
    celdas_codigo: codigo.length,
    ejecutadas: codigo.filter(c => c.model.executionCount !== null).length,
    desplazamiento: desplazable.scrollTop,
    celda_activa: nb.activeCellIndex,
    entradas_visibles: entradas,
    marcadores_visibles: marcadores,
    texto: nb.node.innerText,
    ejercicios: raices.length,
    primer_ejercicio_visible: !!primero && visible(primero),
  };
}"""

# Cada etiqueta de opción (y cada texto de un ejercicio) dentro de su caja: los rectángulos
# del texto (Range.getClientRects) dentro del de su etiqueta, la etiqueta dentro del
# ejercicio y el ejercicio dentro del cuaderno; un texto cortado (scrollWidth > clientWidth)
# también cuenta.
_DESBORDES = r"""() => {
  const nb = window.jupyterapp.shell.currentWidget.content.node;
  const area = nb.getBoundingClientRect();
  const fallas = [];
  const T = 1.5;
  const dentro = (a, b) => a.left >= b.left - T && a.right <= b.right + T
    && a.top >= b.top - T && a.bottom <= b.bottom + T;
  const nombre = el => (el.innerText || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 70);
  const raices = [...nb.querySelectorAll('.taller-ejercicio')]
    .filter(el => !el.parentElement.closest('.taller-ejercicio'));
  let etiquetas = 0;
  for (const raiz of raices) {
    const rr = raiz.getBoundingClientRect();
    if (!rr.width) continue;
    if (rr.right > area.right + T)
      fallas.push(`el ejercicio «${nombre(raiz)}» sale del cuaderno `
                  + `por ${Math.round(rr.right - area.right)} px`);
    const selector = ['.widget-radio-box label', '.widget-checkbox label', '.widget-label',
      '.widget-label-basic', 'button', 'select', '.widget-html-content', 'textarea',
      'input[type=text]'].join(', ');
    for (const el of raiz.querySelectorAll(selector)) {
      if (!el.getClientRects().length) continue;
      const caja = el.getBoundingClientRect();
      if (!caja.width || !caja.height) continue;
      etiquetas += 1;
      if (caja.left < rr.left - T || caja.right > rr.right + T)
        fallas.push(`«${nombre(el)}» (${el.tagName.toLowerCase()}) sale del ejercicio`);
      // Una opción con botón o casilla: todo su texto a la derecha del botón (ni encima ni
      // debajo de él).
      const boton = el.querySelector(':scope > input[type=radio], :scope > input[type=checkbox]');
      const bb = boton && boton.getBoundingClientRect();
      if (!['SELECT', 'TEXTAREA', 'INPUT'].includes(el.tagName)) {
        const rects = [];
        const textos = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let t = textos.nextNode(); t; t = textos.nextNode()) {
          if (!t.textContent.trim()) continue;
          const rango = document.createRange();
          rango.selectNodeContents(t);
          rects.push(...rango.getClientRects());
        }
        for (const r of rects) {
          if (r.width < 1 || r.height < 1) continue;
          if (bb && r.left < bb.right - T) {
            fallas.push(`el texto de «${nombre(el)}» no queda al lado de su botón`);
            break;
          }
          if (!dentro(r, caja)) {
            const caj = c => [c.left, c.top, c.right, c.bottom].map(Math.round).join(',');
            fallas.push(`el texto de «${nombre(el)}» sale de su etiqueta `
                        + `(texto ${caj(r)}; etiqueta ${caj(caja)})`);
            break;
          }
        }
      }
      const estilo = getComputedStyle(el);
      if (el.tagName !== 'TEXTAREA' && estilo.overflowX !== 'visible'
          && el.scrollWidth > el.clientWidth + 2)
        fallas.push(`el texto de «${nombre(el)}» (${el.tagName.toLowerCase()}) queda cortado`);
    }
  }
  // Por tipo de control, el ejercicio con el texto de opción más largo (para las capturas).
  for (const e of nb.querySelectorAll('[data-opcion-mas-larga]'))
    e.removeAttribute('data-opcion-mas-larga');
  const tipos = {radio: '.widget-radio-box label', casilla: '.widget-checkbox label',
                 boton: '.widget-toggle-button', lista: '.widget-hbox'};
  for (const [tipo, sel] of Object.entries(tipos)) {
    let larga = null;
    for (const el of nb.querySelectorAll('.taller-ejercicio ' + sel))
      if (!larga || el.innerText.length > larga.innerText.length) larga = el;
    if (tipo === 'lista' && larga && !larga.querySelector('select')) larga = null;
    if (larga) larga.closest('.taller-ejercicio').dataset.opcionMasLarga =
      ((larga.closest('.taller-ejercicio').dataset.opcionMasLarga || '') + ' ' + tipo).trim();
  }
  return {fallas: [...new Set(fallas)], etiquetas, ejercicios: raices.length};
}"""

_AXE = """async () => {
  const nb = window.jupyterapp.shell.currentWidget.content.node;
  const r = await window.axe.run(nb, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, ayuda: v.help,
    nodos: v.nodes.length, ejemplos: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""

_LETRA_GRANDE = """async () => {
  const app = window.jupyterapp;
  const w = app.shell.currentWidget;
  w.model.sharedModel.insertCell(0, {cell_type: 'code', source: 'taller.letra_grande()'});
  w.content.activeCellIndex = 0;
  await app.commands.execute('notebook:run-cell');
}"""


@dataclass
class Medicion:
    ruta: str
    error: str = ""
    estado: dict[str, Any] = field(default_factory=dict)
    problemas: list[str] = field(default_factory=list)
    axe: list[dict[str, Any]] = field(default_factory=list)
    desbordes: dict[str, dict[str, Any]] = field(default_factory=dict)
    capturas: list[Path] = field(default_factory=list)

    def graves(self) -> list[dict[str, Any]]:
        return [v for v in self.axe if v["impact"] in GRAVES]


def _nombre(ruta: str) -> str:
    return Path(ruta).stem


def _captura_arriba(pagina: Any, nombre: str) -> Path:
    _lab.CAPTURAS.mkdir(parents=True, exist_ok=True)
    destino = _lab.CAPTURAS / f"{nombre}.png"
    pagina.evaluate("""() => { const nb = window.jupyterapp.shell.currentWidget.content.node;
      (nb.querySelector('.jp-WindowedPanel-outer') || nb).scrollTop = 0; }""")
    pagina.wait_for_timeout(150)
    pagina.screenshot(path=str(destino))
    return destino


def _medir_anchos(pagina: Any, m: Medicion, sufijo: str) -> None:
    for ancho, alto in ANCHOS.items():
        pagina.set_viewport_size({"width": ancho, "height": alto})
        pagina.wait_for_timeout(600)  # JupyterLab reacomoda sus paneles al cambiar de tamaño
        m.desbordes[f"{ancho}{sufijo}"] = pagina.evaluate(_DESBORDES)
        # Por tipo de control, el ejercicio con la opción más larga, entero: ahí se ve si
        # el texto se parte bien.
        marcados = pagina.locator("[data-opcion-mas-larga]")
        for k in range(marcados.count()):
            ejercicio = marcados.nth(k)
            tipos = ejercicio.get_attribute("data-opcion-mas-larga").replace(" ", "-")
            # Un ejercicio largo no cabe en la ventana: se agranda la ventana a su alto
            # (JupyterLab desplaza el cuaderno dentro de un panel).
            alto_ej = ejercicio.evaluate("e => e.getBoundingClientRect().height")
            pagina.set_viewport_size({"width": ancho, "height": int(min(alto_ej + 250, 8000))})
            pagina.wait_for_timeout(400)
            ejercicio.scroll_into_view_if_needed()
            destino = (
                _lab.CAPTURAS
                / f"primer-minuto-{_nombre(m.ruta)}-opcion-larga-{tipos}-{ancho}{sufijo}.png"
            )
            ejercicio.screenshot(path=str(destino))
            m.capturas.append(destino)
            pagina.set_viewport_size({"width": ancho, "height": alto})
            pagina.wait_for_timeout(400)
        m.capturas.append(
            _captura_arriba(pagina, f"primer-minuto-{_nombre(m.ruta)}-{ancho}{sufijo}")
        )


def _inyectar_axe(pagina: Any) -> None:
    if not pagina.evaluate("() => !!window.axe"):
        pagina.add_script_tag(path=str(AXE))


def _medir(pagina: Any, lab: _lab.ServidorLab, ruta: str) -> Medicion:
    m = Medicion(ruta)
    pagina.set_viewport_size({"width": 1366, "height": 768})
    # Como quien participa: abrir el cuaderno y nada más (ninguna orden de ejecutar).
    _lab.orden(pagina, "docmanager:open", {"path": ruta, "factory": "Notebook"})
    pagina.wait_for_function(_AUTOEJECUTADO, timeout=120_000, polling=200)
    _lab.esperar_kernel(pagina)
    pagina.evaluate(
        "() => { const app = window.jupyterapp;"
        " if (!app.shell.leftCollapsed) app.shell.collapseLeft(); }"
    )
    pagina.wait_for_timeout(300)
    m.estado = pagina.evaluate(_ESTADO)
    m.problemas = _lab.problemas_visibles(pagina)
    m.capturas.append(_captura_arriba(pagina, f"primer-minuto-{_nombre(ruta)}-al-abrir"))
    _inyectar_axe(pagina)
    m.axe = pagina.evaluate(_AXE)
    _medir_anchos(pagina, m, "")
    pagina.set_viewport_size({"width": 1366, "height": 768})
    pagina.evaluate(_LETRA_GRANDE)
    _lab.esperar_kernel(pagina)
    _medir_anchos(pagina, m, "-letra-grande")
    return m


@pytest.fixture(scope="module")
def mediciones(lab: _lab.ServidorLab, _pagina_compartida: Any) -> dict[str, Medicion]:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI: {COMO_INSTALAR_AXE}", pytrace=False)
        pytest.skip(COMO_INSTALAR_AXE)
    pagina = _pagina_compartida
    resultados = {}
    for ruta in PARTICIPANTE:
        try:
            resultados[ruta] = _medir(pagina, lab, ruta)
        except Exception as error:  # se informa en las pruebas de ese cuaderno
            resultados[ruta] = Medicion(ruta, error=f"{type(error).__name__}: {error}")
        finally:
            _lab.cerrar_documentos(pagina)
            lab.cerrar_kernels()
            pagina.set_viewport_size({"width": 1280, "height": 900})
    resumen = {
        r: {
            "axe": m.axe,
            "graves": len(m.graves()),
            "error": m.error,
            "desbordes": {k: v["fallas"] for k, v in m.desbordes.items()},
        }
        for r, m in resultados.items()
    }
    _lab.CAPTURAS.mkdir(parents=True, exist_ok=True)
    (_lab.CAPTURAS.parent / "axe-primer-minuto.json").write_text(
        json.dumps(resumen, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return resultados


def _medicion(mediciones: dict[str, Medicion], ruta: str) -> Medicion:
    m = mediciones[ruta]
    if m.error:
        pytest.fail(f"{ruta}: no se pudo abrir y medir: {m.error}")
    return m


@pytest.mark.parametrize("ruta", PARTICIPANTE)
def test_al_abrir_se_ejecuta_solo_y_queda_arriba(
    mediciones: dict[str, Medicion], ruta: str
) -> None:
    e = _medicion(mediciones, ruta).estado
    assert e["celdas_codigo"] > 0
    assert e["ejecutadas"] == e["celdas_codigo"], (
        f"{ruta}: al abrirlo se ejecutaron {e['ejecutadas']} de {e['celdas_codigo']} celdas"
    )
    assert e["desplazamiento"] == 0 and e["celda_activa"] == 0, (
        f"{ruta}: tras ejecutarse quedó desplazado {e['desplazamiento']} px, celda activa "
        f"{e['celda_activa']} (debe quedar al principio)"
    )
    assert e["ejercicios"] > 0 and e["primer_ejercicio_visible"], (
        f"{ruta}: sin hacer clic no se ve ningún ejercicio"
    )
    assert not mediciones[ruta].problemas, "\n".join(mediciones[ruta].problemas)


@pytest.mark.parametrize("ruta", PARTICIPANTE)
def test_sin_codigo_ni_numeros_de_ejecucion(mediciones: dict[str, Medicion], ruta: str) -> None:
    e = _medicion(mediciones, ruta).estado
    assert e["clase_sin_codigo"], f"{ruta}: la copia de quien participa no pidió ocultar código"
    assert e["entradas_visibles"] == 0, f"{ruta}: se ven {e['entradas_visibles']} celdas de código"
    assert not e["marcadores_visibles"], f"{ruta}: se ven marcadores {e['marcadores_visibles']}"
    for patron in (r"\[\d*\]:", r"taller\.\w+\(", r"import taller", "•••"):
        assert not re.search(patron, e["texto"]), f"{ruta}: se ve «{patron}» en la página"


@pytest.mark.parametrize("ruta", PARTICIPANTE)
def test_opciones_dentro_de_su_etiqueta_en_tres_anchos(
    mediciones: dict[str, Medicion], ruta: str
) -> None:
    m = _medicion(mediciones, ruta)
    assert set(m.desbordes) == {f"{a}{s}" for a in ANCHOS for s in ("", "-letra-grande")}
    fallas = [f"{ancho}: {falla}" for ancho, d in m.desbordes.items() for falla in d["fallas"]]
    assert all(d["etiquetas"] > 0 for d in m.desbordes.values()), f"{ruta}: nada que medir"
    assert not fallas, f"{ruta}:\n" + "\n".join(fallas[:25])


@pytest.mark.parametrize("ruta", PARTICIPANTE)
def test_axe_sin_problemas_graves(mediciones: dict[str, Medicion], ruta: str) -> None:
    graves = _medicion(mediciones, ruta).graves()
    assert not graves, f"{ruta}: axe-core encontró:\n" + "\n".join(
        f"- {v['impact']} {v['id']} ({v['nodos']}): {v['ayuda']} {v['ejemplos']}" for v in graves
    )


# --- Cuándo NO se ejecuta solo --------------------------------------------------------------


def _con_metadatos(lab: _lab.ServidorLab, ruta: str, metadatos: dict[str, Any] | None) -> None:
    archivo = lab.carpeta / ruta
    nb = json.loads(archivo.read_text(encoding="utf-8"))
    if metadatos is not None:
        nb["metadata"]["taller"] = metadatos
    archivo.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")


def _ejecutadas(pagina: Any) -> int:
    return pagina.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets
      .filter(c => c.model.type === 'code' && c.model.executionCount !== null).length""")


@pytest.mark.parametrize(
    ("caso", "metadatos"),
    [
        ("sin-permiso", None),
        ("permiso-falso", {"autoejecutar": False}),
        ("permiso-como-texto", {"autoejecutar": "true"}),
    ],
)
def test_sin_permiso_explicito_no_se_ejecuta(
    pagina: Any, lab: _lab.ServidorLab, caso: str, metadatos: dict[str, Any] | None
) -> None:
    ruta = escribir_cuaderno(
        lab, f"participante/pruebas-{caso}.ipynb", ['import taller\ntaller.inicio("m0")', "1 + 1"]
    )
    _con_metadatos(lab, ruta, metadatos)
    _lab.abrir(pagina, lab, ruta)
    pagina.wait_for_timeout(3000)  # tiempo de sobra para que una ejecución empezara
    assert _ejecutadas(pagina) == 0
    assert not pagina.evaluate(_AUTOEJECUTADO)


def test_fuera_de_una_carpeta_del_taller_no_se_ejecuta(pagina: Any, lab: _lab.ServidorLab) -> None:
    ruta = escribir_cuaderno(lab, "pruebas/propio.ipynb", ["1 + 1"])
    _con_metadatos(lab, ruta, {"autoejecutar": True})
    # Control: dentro de la carpeta del taller (con su taller.json) sí se ejecuta solo.
    _lab.abrir(pagina, lab, ruta)
    pagina.wait_for_function(_AUTOEJECUTADO, timeout=60_000, polling=200)
    assert _ejecutadas(pagina) == 1
    _lab.cerrar_documentos(pagina)
    lab.cerrar_kernels()
    # Sin la marca, ni en su carpeta ni arriba, el mismo cuaderno ya no se ejecuta solo.
    marca = lab.carpeta / "taller.json"
    apartada = lab.carpeta / "taller.json.apartada"
    marca.rename(apartada)
    try:
        _lab.abrir(pagina, lab, ruta)
        pagina.wait_for_timeout(3000)
        assert _ejecutadas(pagina) == 0
        assert not pagina.evaluate(_AUTOEJECUTADO)
    finally:
        apartada.rename(marca)


def test_kernel_que_no_arranca_deja_el_aviso_de_jupyterlab(
    pagina: Any, lab: _lab.ServidorLab
) -> None:
    ruta = "participante/pruebas-kernel-roto.ipynb"
    destino = lab.carpeta / ruta
    nb = json.loads(_lab.cuaderno(["# md\n# Hola", "1 + 1"]))
    nb["metadata"]["kernelspec"] = {
        "name": "no-existe-este-kernel",
        "display_name": "Roto",
        # Con el lenguaje «python» (aquí o en language_info), JupyterLab usaría en su lugar
        # el kernel de Python.
        "language": "lenguaje-inexistente",
    }
    nb["metadata"]["language_info"] = {"name": "lenguaje-inexistente"}
    nb["metadata"]["taller"] = {"autoejecutar": True, "sin_codigo": True}
    destino.write_text(json.dumps(nb), encoding="utf-8")
    if not pagina.evaluate("() => !!window.jupyterapp"):
        _lab.cargar_lab(pagina, lab)
    _lab.orden(pagina, "docmanager:open", {"path": ruta, "factory": "Notebook"})
    # JupyterLab pregunta qué kernel usar (su diálogo de siempre), la página no queda en blanco.
    dialogo = pagina.locator(".jp-Dialog")
    dialogo.wait_for(timeout=30_000)
    assert dialogo.inner_text().strip()
    pagina.keyboard.press("Escape")
    pagina.wait_for_timeout(1000)
    assert "Hola" in pagina.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").inner_text()
    assert _ejecutadas(pagina) == 0


# --- Teclado, foco y anuncios ---------------------------------------------------------------


def test_opciones_con_flechas_foco_visible_y_retro_anunciada(
    pagina: Any, lab: _lab.ServidorLab
) -> None:
    from taller.contenido import cargar_contenido

    contenido = cargar_contenido()
    # La última pregunta así del contenido: la primera la responde la prueba de la
    # presentación (en la misma sesión, una respuesta guardada bloquea el ejercicio).
    ej = [
        e
        for e in contenido.ejercicios.values()
        if e.tipo == "opcion_multiple"
        and e.pregunta.seleccion == "unica"  # type: ignore[attr-defined]
        and len(e.pregunta.opciones) >= 3  # type: ignore[attr-defined]
    ][-1]
    ruta = escribir_cuaderno(
        lab,
        "participante/pruebas-teclado.ipynb",
        ['import taller\ntaller.inicio("m0")', f'taller.ejercicio("{ej.id}")'],
    )
    _con_metadatos(lab, ruta, {"autoejecutar": True, "sin_codigo": True})
    _lab.abrir(pagina, lab, ruta)
    pagina.wait_for_function(_AUTOEJECUTADO, timeout=60_000, polling=200)
    _lab.esperar_kernel(pagina)
    raiz = pagina.locator(".taller-ejercicio.taller-tipo-opcion-multiple").first
    grupo = raiz.get_by_role("radiogroup")
    assert grupo.count() == 1, "las opciones no forman un grupo (role=radiogroup)"
    assert grupo.get_attribute("aria-labelledby"), "el grupo no tiene nombre"
    radios = grupo.get_by_role("radio")
    nombres = radios.evaluate_all("els => els.map(e => e.name)")
    assert len(set(nombres)) == 1 and nombres[0], f"los botones no comparten name: {nombres}"
    # Cada control del ejercicio tiene nombre accesible (su <label> o aria-*).
    sin_nombre = raiz.evaluate("""r => [...r.querySelectorAll('input, select, textarea, button')]
      .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                   && !e.getAttribute('aria-labelledby') && !e.innerText?.trim()
                   && !e.title)
      .map(e => e.outerHTML.slice(0, 120))""")
    assert not sin_nombre, f"controles sin nombre: {sin_nombre}"
    anuncio = pagina.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .taller-anuncio[aria-live]")
    assert anuncio.count() == 1, "el cuaderno no tiene región aria-live antes de responder"
    anuncio_antes = anuncio.element_handle()

    # Solo teclado: foco en la primera opción, Espacio, y las flechas recorren el grupo.
    radios.first.focus()
    pagina.keyboard.press("Space")
    foco = pagina.evaluate("""() => { const e = document.activeElement;
      const s = getComputedStyle(e);
      return {ancho: parseFloat(s.outlineWidth), estilo: s.outlineStyle, tipo: e.type}; }""")
    assert foco["tipo"] == "radio" and foco["estilo"] != "none" and foco["ancho"] >= 2, (
        f"el foco en la opción no se ve: {foco}"
    )
    pagina.keyboard.press("ArrowDown")
    marcadas = radios.evaluate_all("els => els.map(e => e.checked)")
    enfocada = radios.evaluate_all("els => els.map(e => e === document.activeElement)")
    assert marcadas.index(True) == 1 and enfocada.index(True) == 1, (
        f"ArrowDown no pasó a la segunda opción: marcadas {marcadas}"
    )
    elegida = radios.nth(1).evaluate("e => e.parentElement.innerText.trim()")
    # Tab sale del grupo (una sola parada) hasta «Comprobar»; Enter lo pulsa.
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("() => document.activeElement.innerText.trim()") == "Comprobar"
    boton = pagina.evaluate("""() => { const s = getComputedStyle(document.activeElement);
      return {ancho: parseFloat(s.outlineWidth), estilo: s.outlineStyle}; }""")
    assert boton["estilo"] != "none" and boton["ancho"] >= 2, f"el foco no se ve: {boton}"
    pagina.keyboard.press("Enter")
    retro = raiz.locator(".taller-retro").first
    retro.wait_for(state="visible", timeout=15_000)
    # El kernel recibió la opción elegida con las flechas: la retroalimentación habla de ella.
    assert elegida in retro.inner_text()
    pagina.wait_for_function(
        "e => e.textContent.trim().length > 0", arg=anuncio_antes, timeout=5_000
    )
    assert anuncio_antes.evaluate("e => e.isConnected")
    assert retro.inner_text().split()[0] in anuncio_antes.evaluate("e => e.textContent")


# --- Presentación de la copia de quien facilita ---------------------------------------------


def test_diapositivas_de_facilitacion_sin_codigo(pagina: Any, lab: _lab.ServidorLab) -> None:
    ruta = "facilitacion/01-servicio-publico.ipynb"
    pagina.set_viewport_size({"width": 1280, "height": 720})
    _lab.orden(pagina, "docmanager:open", {"path": ruta, "factory": "Notebook"})
    pagina.wait_for_function(_AUTOEJECUTADO, timeout=120_000, polling=200)
    _lab.esperar_kernel(pagina)
    # Al editar, quien facilita sí ve el código (sus celdas plegadas).
    assert pagina.evaluate("""() => { const w = window.jupyterapp.shell.currentWidget;
      return !w.hasClass('taller-sin-codigo')
        && w.content.node.querySelectorAll('.jp-CodeCell .jp-Cell-inputWrapper').length > 0; }""")
    if not pagina.evaluate("() => window.jupyterapp.commands.hasCommand('deck:start')"):
        pytest.fail("jupyterlab-slideshow no está instalado (falta la orden «deck:start»)")
    pagina.evaluate("""() => { const nb = window.jupyterapp.shell.currentWidget.content;
      nb.activeCellIndex = 0; nb.mode = 'command'; nb.node.focus(); }""")
    _lab.orden(pagina, "deck:start")
    try:
        panel = pagina.locator(".jp-NotebookPanel.jp-Deck")
        panel.wait_for()
        vistos = 0
        for k in range(8):
            pagina.wait_for_timeout(500)
            visibles = panel.evaluate("""p => [...p.querySelectorAll(
                '.jp-CodeCell .jp-Cell-inputWrapper, .jp-InputPrompt, .jp-OutputArea-prompt')]
              .filter(e => e.getClientRects().length && e.innerText.trim()).length""")
            assert visibles == 0, f"diapositiva {k + 1}: se ve código o «[n]:»"
            assert not re.search(r"taller\.\w+\(|\[\d+\]:", panel.inner_text())
            vistos += 1
            if k == 2:
                _lab.CAPTURAS.mkdir(parents=True, exist_ok=True)
                pagina.screenshot(path=str(_lab.CAPTURAS / "primer-minuto-diapositiva.png"))
            pagina.keyboard.press("Space")
        assert vistos == 8
    finally:
        _lab.orden(pagina, "deck:stop")
