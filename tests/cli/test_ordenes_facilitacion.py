"""Las órdenes de quien facilita, de punta a punta: importar buzones, asistencia, informe."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from taller.buzon.registro import Buzon, Participante, Respuesta
from taller.cli.principal import main


def _respuestas(participante: Participante, buzon: Path, bien: bool) -> None:
    Buzon(buzon).registrar(
        participante,
        [
            Respuesta("m1-quien-es-servidora-publica", "", "Sí", bien, 1),
            Respuesta("m6-compromisos", "", "<b>Escuchar</b> sin juzgar", None, 1),
        ],
    )


@pytest.fixture
def buzones(tmp_path: Path) -> tuple[Path, Path]:
    """Dos computadoras con sus buzones copiados a una memoria USB."""
    a, b = tmp_path / "pc-a", tmp_path / "pc-b"
    _respuestas(Participante("a1", "Jacaranda", "G1"), a, True)
    _respuestas(Participante("b1", "Ceiba", "G1"), b, False)
    _respuestas(Participante("b2", "Nopal", "G2"), b, True)
    return a, b


def test_importar_junta_sin_duplicar(buzones, tmp_path, capsys):
    destino = tmp_path / "buzon"
    assert main(["buzon", "importar", *map(str, buzones), "--buzon", str(destino)]) == 0
    assert "6 respuestas nuevas en total" in capsys.readouterr().out
    assert len(Buzon(destino).leer().registros) == 6
    assert main(["buzon", "importar", *map(str, buzones), "--buzon", str(destino)]) == 0
    assert "0 respuestas nuevas en total" in capsys.readouterr().out
    assert len(Buzon(destino).leer().registros) == 6


def test_importar_origen_inexistente(tmp_path, capsys):
    codigo = main(["buzon", "importar", str(tmp_path / "no"), "--buzon", str(tmp_path / "b")])
    assert codigo == 1
    assert "No existe la carpeta" in capsys.readouterr().err


def test_informe_pide_grupo_si_hay_varios(buzones, tmp_path, capsys):
    _, b = buzones
    assert main(["informe", str(tmp_path / "inf"), "--buzon", str(b)]) == 1
    assert "G1, G2" in capsys.readouterr().err


def test_asistencia_e_informe(buzones, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TALLER_BUZON")  # el buzón es el de la carpeta del taller
    destino = tmp_path / "taller" / "buzon"
    main(["buzon", "importar", *map(str, buzones), "--buzon", str(destino)])
    taller = str(tmp_path / "taller")
    assert (
        main(
            [
                "asistencia",
                "--alias",
                "Ceiba",
                "--grupo",
                "g1",
                "--nombre",
                "María López",
                "--taller",
                taller,
            ]
        )
        == 0
    )
    privado = tmp_path / "taller" / "privado" / "asistencia.csv"
    assert "María López" in privado.read_text(encoding="utf-8")
    assert not any("María" in p.read_text(encoding="utf-8") for p in destino.iterdir())
    assert (
        main(
            ["asistencia", "--alias", "Nadie", "--grupo", "G1", "--nombre", "X", "--taller", taller]
        )
        == 1
    )
    salida = tmp_path / "informe"
    orden = ["informe", str(salida), "--grupo", "g1", "--taller", taller]
    assert main([*orden, "--facilita", "Mtra. <Laura> Gómez"]) == 0
    html = next(salida.glob("*.html")).read_text(encoding="utf-8")
    assert "María López" in html
    assert "Mtra. &lt;Laura&gt; Gómez" in html
    assert "&lt;b&gt;Escuchar&lt;/b&gt;" in html and "<b>Escuchar</b>" not in html
    assert "Nopal" not in html  # otro grupo
    assert next(salida.glob("*.xlsx")).stat().st_size > 0


@pytest.mark.skipif(sys.platform == "win32", reason="los permisos 1733 son de POSIX")
def test_buzon_compartido(tmp_path, capsys):
    carpeta = tmp_path / "compartido"
    assert main(["buzon", "compartir", str(carpeta)]) == 0
    assert stat.S_IMODE(os.stat(carpeta).st_mode) == 0o1733


def test_asistencia_sin_persona_ni_lista_dice_que_usar(tmp_path, capsys):
    assert main(["asistencia", "--grupo", "G1", "--taller", str(tmp_path)]) == 2
    assert (
        "Use --alias y --nombre para una persona, o --desde LISTA.csv." in capsys.readouterr().err
    )
