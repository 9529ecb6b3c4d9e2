"""La orden ``taller``: abrir y preparar la carpeta del taller, validar el contenido y las
órdenes de quien facilita (informe, buzón, asistencia)."""

from taller.cli.principal import main

__all__ = ["main"]
