"""El servicio del taller para JupyterHub: recibe y sirve las respuestas de un grupo.

- ``taller.servicio.app``: la aplicación Tornado (``python -m taller.servicio``).
- ``taller.servicio.almacen``: la base de datos (SQLAlchemy: SQLite o PostgreSQL).
- ``taller.servicio.validacion``: qué acepta el servicio.
- ``taller.servicio.configuracion``: el fragmento de ``jupyterhub_config.py``.
- ``taller.servicio.tljh``: el plugin para The Littlest JupyterHub.

Capas: este subpaquete puede usar ``taller.buzon``, ``taller.contenido`` y
``taller.evaluar``; nunca ``taller.cuaderno`` ni ``taller.tablero``.
"""

#: Nombre del servicio en el hub (su URL es ``/services/<NOMBRE>/``).
NOMBRE = "taller"
#: Alcance propio que permite leer las respuestas de los grupos (quien facilita).
ALCANCE_LEER = "custom:taller:leer"
