"""Lo que cada cuaderno muestra fuera de los ejercicios: registro de quien participa,
encabezado del módulo, tablas del contenido, videos y notas para quien facilita.

Todo se arma desde ``datos/``: un cambio de contenido no toca los cuadernos.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as w

from taller.carpeta import MARCA, carpeta_taller
from taller.contenido import contenido_o_nada
from taller.cuaderno import sesion
from taller.estilo import bloque_html, estilo, layout

if TYPE_CHECKING:
    from taller.buzon.registro import Participante
    from taller.contenido.modelo import Contenido, Modulo, Valor, Video

_e = html.escape


def _aviso(texto: str) -> w.HTML:
    return bloque_html(f'<div class="taller-aviso" role="alert">⚠ {_e(texto)}</div>')


def _modulo(modulo: str, que: str) -> Modulo | w.HTML:
    """El módulo, o el aviso que la celda debe mostrar en su lugar."""
    contenido = contenido_o_nada()
    if contenido is None:
        return _sin_contenido(que)
    m = contenido.modulos.get(modulo)
    if m is None:
        return _aviso(f"No existe el módulo «{modulo}». Avise a quien facilita.")
    return m


def _sin_contenido(que: str) -> w.HTML:
    return _aviso(
        f"No se pudo mostrar {que}: el contenido del taller tiene errores. "
        "Avise a quien facilita (el detalle está en el registro del servidor)."
    )


def encabezado(modulo: str) -> w.HTML:
    """Título, duración y objetivos del módulo."""
    m = _modulo(modulo, "el encabezado")
    if isinstance(m, w.HTML):
        return m
    objetivos = "".join(f"<li>{_e(o)}</li>" for o in m.objetivos)
    return bloque_html(
        f'<div class="taller-encabezado"><p class="taller-modulo">Módulo {m.numero} · '
        f"{m.duracion_min} minutos</p><h2>{_e(m.titulo)}</h2>"
        f"<p><strong>Objetivos</strong></p><ul>{objetivos}</ul></div>"
    )


def agenda() -> w.HTML:
    """La agenda del taller: módulos en orden, con su duración y el total."""
    contenido = contenido_o_nada()
    if contenido is None:
        return _sin_contenido("la agenda")
    modulos = sorted(contenido.modulos.values(), key=lambda m: m.numero)
    filas = "".join(
        f"<tr><td>{m.numero}</td><td>{_e(m.titulo)}</td><td>{m.duracion_min} min</td></tr>"
        for m in modulos
    )
    total = sum(m.duracion_min for m in modulos)
    return bloque_html(
        "<table class='taller-tabla'><caption>Agenda del taller</caption><thead><tr>"
        "<th>Módulo</th><th>Tema</th><th>Duración</th></tr></thead>"
        f"<tbody>{filas}</tbody><tfoot><tr><td></td><th scope='row'>Total</th>"
        f"<td>{total // 60} h {total % 60:02d} min</td></tr></tfoot></table>"
    )


def inicio(modulo: str) -> w.VBox:
    """Primera celda de cada cuaderno: quién participa (una sola vez) y el encabezado."""
    return w.VBox([_registro(), encabezado(modulo)], layout=layout())


def _provisional(participante: Participante) -> bool:
    return participante.grupo.upper() == sesion.GRUPO_PROVISIONAL


def _estado_registro(participante: Participante | None) -> str:
    if participante is None or _provisional(participante):
        return (
            "<p>Escriba un <strong>seudónimo</strong> (no su nombre real) y el "
            "<strong>código de grupo</strong>. Se pide una sola vez.</p>"
        )
    return (
        f"<p>✔ Participa como <strong>{_e(participante.alias)}</strong> "
        f"en el grupo <strong>{_e(participante.grupo)}</strong>. "
        "Puede cambiarlos aquí.</p>"
    )


def _registro() -> w.VBox:
    # Cada widget nace con su valor, y los que nunca cambian de forma comparten Layout y
    # estilo: cada modelo nuevo o cambio posterior es un mensaje más al navegador.
    actual = sesion.participante_actual()
    estilo_texto = estilo(w.Text, description_width="initial")
    alias = w.Text(
        description="Seudónimo:",
        placeholder="por ejemplo, Jacaranda",
        value=actual.alias if actual else "",
        style=estilo_texto,
        layout=layout(width="20em"),
    )
    grupo = w.Text(
        description="Código de grupo:",
        placeholder="lo da quien facilita",
        value=actual.grupo if actual and not _provisional(actual) else "",
        style=estilo_texto,
        layout=layout(width="22em"),
    )
    boton = w.Button(
        description="Guardar mis datos",
        icon="check",
        tooltip="Guarda su seudónimo y su grupo para todos los módulos",
        style=estilo(w.Button),
        layout=layout(width="auto"),
    )
    estado = w.HTML(_estado_registro(actual), layout=layout(), style=estilo(w.HTML))

    def guardar(_: object) -> None:
        try:
            participante = sesion.registrar_participante(alias.value, grupo.value)
        except ValueError as error:
            estado.value = f'<p role="alert">⚠ {_e(str(error))}</p>'
            return
        estado.value = _estado_registro(participante)

    boton.on_click(guardar)
    return w.VBox(
        [estado, w.HBox([alias, grupo, boton], layout=layout())],
        layout=layout(),
        _dom_classes=("taller-ejercicio", "taller-registro"),
    )


def _fundamento(v: Valor) -> str:
    """El fundamento; si es un valor institucional y el texto no lo dice, se aclara."""
    texto = _e(v.fundamento)
    if v.tipo == "institucional" and "institucional" not in v.fundamento.lower():
        texto += " <em>(valor institucional)</em>"
    return texto


def tabla_valores() -> w.HTML:
    """Los doce valores: definición, conducta que lo honra, conducta que lo rompe, fundamento."""
    contenido = contenido_o_nada()
    if contenido is None:
        return _sin_contenido("la tabla de valores")
    filas = "".join(
        f"<tr><th scope='row'>{_e(v.nombre)}</th><td>{_e(v.definicion)}</td>"
        f"<td>✔ {_e(v.conducta_adecuada)}</td><td>✘ {_e(v.conducta_inadecuada)}</td>"
        f"<td>{_fundamento(v)}</td></tr>"
        for v in contenido.valores.values()
    )
    return bloque_html(
        "<table class='taller-tabla'><caption>Los valores del servicio público en el CEJUM"
        "</caption><thead><tr><th>Valor</th><th>Qué significa</th><th>Lo honra</th>"
        f"<th>Lo rompe</th><th>Fundamento</th></tr></thead><tbody>{filas}</tbody></table>"
    )


def glosario(*terminos: str) -> w.HTML:
    """El glosario completo, o solo los términos pedidos (sin distinguir mayúsculas)."""
    contenido = contenido_o_nada()
    if contenido is None:
        return _sin_contenido("el glosario")
    pedidos = {t.lower() for t in terminos}
    elegidos = [t for t in contenido.glosario if not pedidos or t.termino.lower() in pedidos]
    filas = []
    for t in elegidos:
        citas = "; ".join(contenido.fuentes[f].cita for f in t.fuentes)
        fuente = f"<br><small>Fuente: {_e(citas)}</small>" if citas else ""
        filas.append(
            f"<dt><strong>{_e(t.termino)}</strong></dt><dd>{_e(t.definicion)}{fuente}</dd>"
        )
    return bloque_html(f"<dl class='taller-glosario'>{''.join(filas)}</dl>")


def _videos_configurados() -> dict[str, str]:
    archivo = carpeta_taller() / MARCA
    try:
        datos = json.loads(archivo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    videos = datos.get("videos", {}) if isinstance(datos, dict) else {}
    return {str(k): str(v) for k, v in videos.items()} if isinstance(videos, dict) else {}


def _buscar_video(contenido: Contenido, id_: str) -> Video | None:
    for modulo in contenido.modulos.values():
        for video in modulo.notas.videos:
            if video.id == id_:
                return video
    return None


def video(id_: str) -> w.HTML:
    """El video práctico: el archivo local o el enlace que configuró quien facilita en
    ``taller.json`` (``"videos": {"id": "videos/archivo.mp4"}``), o un aviso claro."""
    contenido = contenido_o_nada()
    if contenido is None:
        return _sin_contenido("el video")
    v = _buscar_video(contenido, id_)
    if v is None:
        return _aviso(f"No existe el video «{id_}» en el contenido. Avise a quien facilita.")
    destino = _videos_configurados().get(id_, "").strip()
    preguntas = "".join(f"<li>{_e(p)}</li>" for p in v.preguntas)
    cabeza = f"<h3>Video: {_e(v.titulo)}</h3><p>{_e(v.muestra)}</p>"
    if not destino:
        cuerpo = (
            "<p class='taller-aviso' role='status'>Nota: este video aún no está configurado. "
            "Quien facilita puede proyectarlo desde su equipo, o copiar el archivo a la "
            "carpeta <code>videos/</code> del taller y anotarlo en <code>taller.json</code> "
            f"con la clave <code>{_e(v.id)}</code>. Sugerencia: {_e(v.ubicacion)}</p>"
        )
    elif destino.startswith(("http://", "https://")):
        cuerpo = (
            f"<p><a href='{_e(destino, quote=True)}' target='_blank' rel='noopener'>"
            "▶ Abrir el video en una pestaña nueva</a></p>"
        )
    else:
        ruta = _ruta_video(destino)
        if ruta is None:
            cuerpo = (
                f"<p class='taller-aviso' role='status'>⚠ No se encontró el archivo "
                f"<code>{_e(destino)}</code> configurado para este video. Revise la "
                "carpeta <code>videos/</code> del taller.</p>"
            )
        else:
            cuerpo = (
                f"<video controls preload='metadata' style='max-width:100%' "
                f"src='{_e(ruta, quote=True)}'>Su navegador no puede reproducir este "
                "video.</video>"
            )
    pie = f"<p><strong>Para conversar</strong></p><ul>{preguntas}</ul>" if preguntas else ""
    return bloque_html(f"<div class='taller-video'>{cabeza}{cuerpo}{pie}</div>")


def _ruta_video(destino: str) -> str | None:
    """La ruta del archivo relativa a la carpeta actual del cuaderno (así JupyterLab la sirve)."""
    import os

    archivo = (carpeta_taller() / destino).resolve()
    if not archivo.is_file():
        return None
    return Path(os.path.relpath(archivo, Path.cwd())).as_posix()


def notas_facilitacion(modulo: str) -> w.HTML:
    """Notas para quien facilita (solo en la copia de facilitación)."""
    m = _modulo(modulo, "las notas")
    if isinstance(m, w.HTML):
        return m
    n = m.notas

    def lista(items: tuple[str, ...]) -> str:
        return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"

    videos = "".join(
        f"<li><strong>{_e(v.titulo)}</strong> (<code>{_e(v.id)}</code>): "
        f"{_e(v.muestra)} <em>{_e(v.ubicacion)}</em></li>"
        for v in n.videos
    )
    return bloque_html(
        f"<div class='taller-notas'><h3>Notas para quien facilita · {_e(m.titulo)}</h3>"
        f"<p><strong>Tiempo:</strong> {m.duracion_min} minutos</p>"
        f"<p><strong>Puntos clave</strong></p>{lista(n.puntos_clave)}"
        f"<p><strong>Preguntas para la discusión</strong></p>{lista(n.preguntas_discusion)}"
        + (f"<p><strong>Videos</strong></p><ul>{videos}</ul>" if videos else "")
        + "</div>"
    )
