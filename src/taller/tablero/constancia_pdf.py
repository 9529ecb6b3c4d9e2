"""Las constancias: un PDF por persona que cumple los criterios, con su nombre real.

Se dibujan con reportlab (una rueda de PyPI sin bibliotecas del sistema: funciona igual
en Windows, donde WeasyPrint pediría instalar GTK/Pango aparte) y la letra DejaVu Sans
que trae matplotlib (cubre cualquier nombre, no solo Latin-1). Una persona que cumple
pero no está en la lista de asistencia no recibe constancia: ``Constancias`` la nombra
para que quien facilita la anote con ``taller asistencia``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from taller.tablero.texto import sin_controles

if TYPE_CHECKING:
    from taller.tablero.informe import DatosInforme

__all__ = ["Constancias", "escribir_constancias"]

_LETRA = "TallerSans"
_NEGRITA = "TallerSans-Negrita"


@dataclass
class Constancias:
    """Lo que escribió ``escribir_constancias``."""

    carpeta: Path
    archivos: list[Path] = field(default_factory=list)
    #: Seudónimos de quienes cumplen pero no tienen nombre en la lista de asistencia.
    sin_nombre: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lineas = [f"{len(self.archivos)} constancia(s) en {self.carpeta}"]
        lineas += [f"  {p.name}" for p in self.archivos]
        if self.sin_nombre:
            lineas.append(
                f"Sin constancia porque no están en la lista de asistencia "
                f"({len(self.sin_nombre)}): {', '.join(self.sin_nombre)}. Anote su nombre "
                "con «taller asistencia --alias A --grupo G --nombre N» y vuelva a generar."
            )
        return "\n".join(lineas)


@cache
def _registrar_letras() -> None:
    from pathlib import Path as _Path

    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    carpeta = _Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(_LETRA, str(carpeta / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(_NEGRITA, str(carpeta / "DejaVuSans-Bold.ttf")))


def _ruta_libre(carpeta: Path, base: str) -> Path:
    ruta = carpeta / f"{base}.pdf"
    n = 2
    while ruta.exists():
        ruta = carpeta / f"{base}-{n}.pdf"
        n += 1
    return ruta


def escribir_constancias(
    d: DatosInforme, carpeta_salida: str | Path, lugar: str = "", fecha: date | None = None
) -> Constancias:
    """Escribe en ``carpeta_salida/constancias-<grupo>/`` un PDF por persona que cumple
    los criterios y tiene nombre en la lista de asistencia. No reemplaza ningún archivo."""
    from taller.tablero.informe import fechas_en_texto, nombre_de_archivo
    from taller.tablero.informe_html import duracion_en_texto

    grupo = nombre_de_archivo(d.grupo)
    carpeta = Path(carpeta_salida).expanduser() / f"constancias-{grupo}"
    cumplen = d.constancias[d.constancias["cumple"].astype(bool)]
    resultado = Constancias(carpeta=carpeta, sin_nombre=d.sin_nombre)
    con_nombre = cumplen[cumplen["nombre"] != ""]
    if con_nombre.empty:
        return resultado
    carpeta.mkdir(parents=True, exist_ok=True)
    taller = d.contenido.taller if d.contenido is not None else None
    datos = {
        "institucion": taller.institucion if taller else "",
        "titulo": taller.titulo if taller else "Taller",
        "publico": taller.publico if taller else "",
        "duracion": duracion_en_texto(d.contenido),
        "fechas": fechas_en_texto(d.fechas),
        "facilita": d.facilita,
        "lugar": lugar,
        "emision": fechas_en_texto([fecha or date.today()]),
    }
    for nombre in con_nombre["nombre"]:
        limpio = sin_controles(str(nombre)).strip()
        ruta = _ruta_libre(carpeta, f"constancia-{grupo}-{nombre_de_archivo(limpio)}")
        _dibujar(ruta, limpio, datos)
        resultado.archivos.append(ruta)
    return resultado


def _dibujar(ruta: Path, nombre: str, datos: dict[str, str]) -> None:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Frame, Paragraph, Spacer

    _registrar_letras()
    ancho, alto = landscape(letter)
    lienzo = Canvas(str(ruta), pagesize=(ancho, alto), pageCompression=1)
    lienzo.setTitle(f"Constancia: {nombre}")
    lienzo.setAuthor(datos["institucion"])
    azul = HexColor("#1565c0")
    lienzo.setStrokeColor(azul)
    lienzo.setLineWidth(3)
    lienzo.rect(1.2 * cm, 1.2 * cm, ancho - 2.4 * cm, alto - 2.4 * cm)
    lienzo.setLineWidth(0.8)
    lienzo.rect(1.45 * cm, 1.45 * cm, ancho - 2.9 * cm, alto - 2.9 * cm)

    def estilo(tamano: float, negrita: bool = False, color: str = "#1a1a1a") -> ParagraphStyle:
        return ParagraphStyle(
            "c",
            fontName=_NEGRITA if negrita else _LETRA,
            fontSize=tamano,
            leading=tamano * 1.3,
            alignment=TA_CENTER,
            textColor=HexColor(color),
            spaceAfter=tamano * 0.5,
        )

    e = {k: escape(sin_controles(v)) for k, v in datos.items()}
    e["duracion"] = e["duracion"].replace(" ", "\u00a0")
    publico = e["publico"][:1].lower() + e["publico"][1:]
    lugar = f"{e['lugar']}, " if e["lugar"] else ""
    partes = [
        Spacer(1, 1.0 * cm),
        Paragraph(e["institucion"], estilo(15, True, "#1565c0")),
        Spacer(1, 0.4 * cm),
        Paragraph("otorga la presente", estilo(12)),
        Paragraph("CONSTANCIA", estilo(30, True)),
        Paragraph("a", estilo(12)),
        Spacer(1, 0.2 * cm),
        Paragraph(escape(nombre), estilo(26, True)),
        Spacer(1, 0.4 * cm),
        Paragraph(
            f"por haber participado y acreditado el taller <b>«{e['titulo']}»</b>"
            + (f", dirigido a {publico}" if publico else "")
            + (f", con una duración de {e['duracion']}" if e["duracion"] else "")
            + f", impartido el {e['fechas']}.",
            estilo(13),
        ),
        Spacer(1, 0.8 * cm),
        Paragraph(f"{lugar}a {e['emision']}.", estilo(11, False, "#444444")),
    ]
    marco = Frame(2.5 * cm, 5.2 * cm, ancho - 5 * cm, alto - 7.2 * cm, showBoundary=0)
    marco.addFromList(partes, lienzo)

    firma_y = 3.4 * cm
    for centro, rotulo, quien in (
        (ancho * 0.3, "Facilitó", datos["facilita"]),
        (ancho * 0.7, "Por la institución", ""),
    ):
        lienzo.setStrokeColor(HexColor("#1a1a1a"))
        lienzo.setLineWidth(0.8)
        lienzo.line(centro - 4.2 * cm, firma_y, centro + 4.2 * cm, firma_y)
        lienzo.setFont(_LETRA, 10)
        lienzo.drawCentredString(centro, firma_y - 0.5 * cm, sin_controles(quien) or " ")
        lienzo.setFont(_LETRA, 9)
        lienzo.setFillColor(HexColor("#555555"))
        lienzo.drawCentredString(centro, firma_y - 0.95 * cm, rotulo)
        lienzo.setFillColor(HexColor("#1a1a1a"))
    lienzo.showPage()
    lienzo.save()
