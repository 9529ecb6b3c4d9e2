"""El marco HTML del tablero y del informe: su estilo y el contenedor (sin pandas, para
que el tablero vacío se pinte sin cargarlo)."""

from __future__ import annotations

ESTILO = """<style>
.taller-tablero { font-family: sans-serif; }
.taller-tablero table { border-collapse: collapse; margin: 0.4em 0; }
.taller-tablero th, .taller-tablero td { border: 1px solid #ccc; padding: 0.25em 0.6em;
  text-align: left; vertical-align: top; }
.taller-tablero th { background: #f0f0f0; }
.taller-tablero .aviso { color: #8a4b00; }
.taller-tablero blockquote { border-left: 4px solid #1565c0; margin: 0.5em 0;
  padding: 0.2em 0.8em; white-space: pre-wrap; }
</style>"""


def envolver(cuerpo: str, grande: bool = False) -> str:
    """El contenedor con estilo; ``grande`` agranda la letra para proyectar."""
    tamano = "150%" if grande else "100%"
    return f'{ESTILO}<div class="taller-tablero" style="font-size:{tamano}">{cuerpo}</div>'
