"""Lo que comparten las pruebas: rutas de los datos de prueba, un taller y un buzón de
ejemplo para el tablero, y un registro falso para los ejercicios (sin pruebas propias).

``pyproject.toml`` pone ``tests/`` en ``sys.path`` (``pythonpath``), así que cada prueba
hace ``from ayudas import ...`` sin importar otro módulo de pruebas.
"""

from pathlib import Path

PRUEBAS = Path(__file__).resolve().parents[1]
RAIZ = PRUEBAS.parent
DATOS_EJEMPLO = PRUEBAS / "datos-ejemplo"
DATOS_ROTOS = PRUEBAS / "datos-rotos"
DATOS_REALES = RAIZ / "datos"
