"""``python -m taller.servicio``: arranca el servicio (lo hace JupyterHub)."""

import sys

from .app import main

sys.exit(main())
