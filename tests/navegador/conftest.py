"""Fixtures de las pruebas en navegador: un JupyterLab y un Chromium para toda la sesión.

Fuera de CI, si falta Chromium o Playwright, las pruebas se saltan con un aviso que dice cómo
instalarlos; con la variable de entorno ``CI`` definida, fallan en lugar de saltarse.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from . import _lab

VENTANA = {"width": 1280, "height": 900}


def _en_ci() -> bool:
    return bool(os.environ.get("CI"))


def cuadernos_del_taller() -> list[str]:
    """Las rutas (relativas a la carpeta del taller) que ``preparar_carpeta`` creará con los
    cuadernos que trae el paquete."""
    from taller.cli.preparar import SOLO_FACILITACION
    from taller.contenido.recursos import carpeta_cuadernos

    rutas = []
    for original in sorted(carpeta_cuadernos().glob("*.ipynb")):
        if original.name not in SOLO_FACILITACION:
            rutas.append(f"participante/{original.name}")
        rutas.append(f"facilitacion/{original.name}")
    return rutas


@pytest.fixture(scope="session")
def requisitos_navegador() -> None:
    falta = _lab.falta_para_navegador()
    if falta is None:
        return
    if _en_ci():
        pytest.fail(f"CI: {falta}", pytrace=False)
    pytest.skip(falta)


@pytest.fixture(scope="session")
def lab(
    requisitos_navegador: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[_lab.ServidorLab]:
    servidor = _lab.arrancar_lab(tmp_path_factory.mktemp("lab"))
    try:
        yield servidor
    finally:
        servidor.detener()


@pytest.fixture(scope="session")
def navegador(requisitos_navegador: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # launch() crea un perfil (user-data-dir) nuevo y temporal en cada arranque.
        chromium = p.chromium.launch(
            executable_path=_lab.CHROMIUM, headless=True, args=_lab.ARGUMENTOS_CHROMIUM
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def _pagina_compartida(lab: _lab.ServidorLab, navegador: Any) -> Iterator[Any]:
    """Una sola página de JupyterLab para toda la sesión (cargar Lab cuesta 3-4 s): cada
    prueba abre sus cuadernos en ella y al final se cierran."""
    contexto = navegador.new_context(viewport=VENTANA, locale="es-ES")
    contexto.set_default_timeout(30_000)
    pag = contexto.new_page()
    errores: list[str] = []
    pag.on("console", lambda m: errores.append(m.text) if m.type == "error" else None)
    pag.on("pageerror", lambda e: errores.append(str(e)))
    pag.errores_consola = errores  # type: ignore[attr-defined]  # para los mensajes de falla
    _lab.cargar_lab(pag, lab)
    try:
        yield pag
    finally:
        contexto.close()


@pytest.fixture
def pagina(lab: _lab.ServidorLab, _pagina_compartida: Any) -> Iterator[Any]:
    pag = _pagina_compartida
    pag.errores_consola.clear()
    try:
        yield pag
    finally:
        try:
            _lab.cerrar_documentos(pag)
        except Exception:  # la página quedó inservible: se recarga para la prueba siguiente
            _lab.cargar_lab(pag, lab)
        pag.set_viewport_size(VENTANA)
        lab.cerrar_kernels()


def escribir_cuaderno(lab: _lab.ServidorLab, ruta: str, celdas: list[str]) -> str:
    destino: Path = lab.carpeta / ruta
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_text(_lab.cuaderno(celdas), encoding="utf-8")
    return ruta


CUADERNO_EJERCICIOS = "pruebas/ejercicios-por-tipo.ipynb"


@pytest.fixture(scope="session")
def recorrido(lab: _lab.ServidorLab, _pagina_compartida: Any) -> dict[str, Any]:
    """Un ejercicio de cada tipo respondido en la página, antes y después de reiniciar el
    kernel. Devuelve, por tipo, un ``_ejercicios.Resultado`` (con el error si lo hubo)."""
    from taller.contenido.carga import cargar_contenido

    from . import _ejercicios as ejs

    elegidos = ejs.primero_de_cada_tipo(cargar_contenido())
    celdas = [
        'import taller\n\ntaller.inicio("m0")',
        *(ejs.celda_de(ej) for ej in elegidos.values()),
    ]
    escribir_cuaderno(lab, CUADERNO_EJERCICIOS, celdas)
    pag = _pagina_compartida
    resultados = {t: ejs.Resultado(t, ej.id) for t, ej in elegidos.items()}
    try:
        _lab.abrir(pag, lab, CUADERNO_EJERCICIOS)
        _lab.ejecutar_todo(pag)
        _lab.marcar_celdas(pag)
        ejs.registrar_identidad(pag, pag.locator('[data-celda="0"]'))
        # Los ejercicios toman la identidad al dibujarse: se dibujan de nuevo.
        _lab.reiniciar_y_ejecutar(pag)
        _lab.marcar_celdas(pag)
        for k, (tipo, ej) in enumerate(elegidos.items(), start=1):
            raiz = pag.locator(f'[data-celda="{k}"] .taller-ejercicio').first
            r = resultados[tipo]
            try:
                raiz.scroll_into_view_if_needed()
                ejs.RESPONDER[tipo](raiz, ej)
                for texto in ejs.ESPERADO[tipo][:1]:
                    raiz.locator(".taller-retro", has_text=texto).first.wait_for(timeout=15_000)
                _lab.esperar_kernel(pag)
                r.retro = " ".join(raiz.locator(".taller-retro").all_inner_texts())
                r.texto = raiz.inner_text()
                r.estado = ejs.estado(raiz)
            except Exception as error:  # se informa en la prueba de ese tipo
                r.error = f"{type(error).__name__}: {error}"
        _lab.captura(pag, "pruebas-ejercicios-respondidos")
        _lab.reiniciar_y_ejecutar(pag)
        _lab.marcar_celdas(pag)
        for k, tipo in enumerate(elegidos, start=1):
            raiz = pag.locator(f'[data-celda="{k}"] .taller-ejercicio').first
            resultados[tipo].restaurado_texto = raiz.inner_text()
            resultados[tipo].restaurado_estado = ejs.estado(raiz)
        _lab.captura(pag, "pruebas-ejercicios-restaurados")
    finally:
        _lab.cerrar_documentos(pag)
        lab.cerrar_kernels()
    return resultados
