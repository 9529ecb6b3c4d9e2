"""``taller abrir``: prepara la carpeta del taller y abre JupyterLab en español en ella."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from taller.cli._errores import al
from taller.cli.preparar import preparar_carpeta


def argumentos_lab(
    carpeta: Path,
    puerto: int | None,
    navegador: bool,
    facilitacion: bool,
    extra: list[str] | None = None,
) -> list[str]:
    """La línea de órdenes de JupyterLab para la carpeta del taller."""
    copia = "facilitacion" if facilitacion else "participante"
    args = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={carpeta}",
        # LabApp (no ServerApp): con «python -m jupyterlab», la extensión fija su propia
        # dirección de inicio (/lab) y la de ServerApp se ignora.
        f"--LabApp.default_url=/lab/tree/{copia}/00-bienvenida.ipynb",
        f"--LabApp.user_settings_dir={carpeta / '.jupyter' / 'lab' / 'user-settings'}",
        f"--LabApp.workspaces_dir={carpeta / '.jupyter' / 'lab' / 'workspaces'}",
        "--ServerApp.answer_yes=True",
    ]
    if puerto is not None:
        args.append(f"--ServerApp.port={puerto}")
    if not navegador:
        args.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    extension = carpeta_extension()
    if extension is not None:
        args.append(f"--LabApp.extra_labextensions_path={extension}")
    return [*args, *(extra or [])]


def carpeta_extension() -> Path | None:
    """La carpeta con la extensión ya construida ``taller-cejum`` que trae el paquete.

    Una rueda la instala además en ``share/jupyter/labextensions``; una instalación
    editable (``pip install -e .``) no, así que se le indica a JupyterLab aquí.
    """
    carpeta = Path(__file__).resolve().parents[1] / "labextension"
    return carpeta if (carpeta / "taller-cejum" / "package.json").is_file() else None


def entorno_lab(carpeta: Path, buzon: str | None) -> dict[str, str]:
    entorno = dict(os.environ)
    entorno["TALLER_CARPETA"] = str(carpeta)
    if buzon:
        entorno["TALLER_BUZON"] = str(Path(buzon).expanduser().resolve())
    return entorno


def abrir(
    carpeta: str | Path,
    *,
    puerto: int | None = None,
    navegador: bool = True,
    facilitacion: bool = False,
    buzon: str | None = None,
) -> int:
    pista = "Puede indicar otra carpeta: taller abrir OTRA_CARPETA."
    with al("preparar la carpeta del taller", carpeta, pista):
        prep = preparar_carpeta(carpeta, buzon=buzon)
    print(prep.resumen())
    copia = "facilitación" if facilitacion else "participante"
    print(
        f"Abriendo JupyterLab en la copia de {copia}. La dirección aparece abajo "
        "(«http://localhost:…/lab?token=…»). Para cerrar: Ctrl-C.",
        flush=True,
    )
    proceso = subprocess.Popen(
        argumentos_lab(prep.carpeta, puerto, navegador, facilitacion),
        env=entorno_lab(prep.carpeta, buzon),
    )
    try:
        return proceso.wait()
    except KeyboardInterrupt:
        # Ctrl-C llega también a JupyterLab, que cierra solo (answer_yes); esperamos.
        try:
            return proceso.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proceso.send_signal(signal.SIGTERM)
            return proceso.wait()
    finally:
        print("JupyterLab se cerró. Las respuestas quedaron guardadas en el buzón.")
