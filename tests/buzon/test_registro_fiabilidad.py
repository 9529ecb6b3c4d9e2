"""Fiabilidad del buzón con procesos y archivos reales: concurrencia, cortes, basura."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from taller.buzon import registro
from taller.buzon.registro import Buzon, Participante, Respuesta

PROCESOS = 50
RESPUESTAS_POR_PROCESO = 200
PARTICIPANTES = 25  # dos procesos por archivo: el candado se pone a prueba


def _escribir(carpeta: str, proceso: int) -> None:
    persona = Participante(f"p{proceso % PARTICIPANTES:02d}", f"Alias {proceso}", "G1")
    buzon = Buzon(carpeta)
    for i in range(RESPUESTAS_POR_PROCESO):
        valor = {"proceso": proceso, "i": i, "texto": "ñ" * (i % 50)}
        buzon.registrar(persona, [Respuesta("m1-ej", f"{proceso}-{i}", valor, True, 1)])


def test_50_procesos_a_la_vez_no_pierden_ni_duplican(tmp_path: Path) -> None:
    contexto = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    procesos = [
        contexto.Process(target=_escribir, args=(str(tmp_path), n)) for n in range(PROCESOS)
    ]
    for proceso in procesos:
        proceso.start()
    for proceso in procesos:
        proceso.join(timeout=120)
        assert proceso.exitcode == 0
    lectura = Buzon(tmp_path).leer()
    assert lectura.problemas == []
    esperados = {f"{p}-{i}" for p in range(PROCESOS) for i in range(RESPUESTAS_POR_PROCESO)}
    elementos = [r["elemento"] for r in lectura.registros]
    assert len(elementos) == PROCESOS * RESPUESTAS_POR_PROCESO
    assert set(elementos) == esperados
    assert len(list(tmp_path.iterdir())) == PARTICIPANTES
    # Cada línea de cada archivo es JSON completo: nada se intercaló.
    for archivo in tmp_path.iterdir():
        for linea in archivo.read_bytes().splitlines():
            json.loads(linea)


_ESCRITOR = """
import sys
from taller.buzon.registro import Buzon, Participante, Respuesta
buzon = Buzon(sys.argv[1])
persona = Participante("victima", "V", "G1")
i = 0
while True:
    buzon.registrar(persona, [Respuesta("m1-ej", str(i), "x" * 3000, True, 1)])
    print(i, flush=True)  # confirmado: registrar() ya regresó
    i += 1
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL es de POSIX")
def test_un_escritor_matado_a_la_mitad_no_pierde_lo_anterior(tmp_path: Path) -> None:
    src = Path(registro.__file__).resolve().parents[2]
    hijo = subprocess.Popen(
        [sys.executable, "-c", _ESCRITOR, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    assert hijo.stdout is not None
    confirmados = []
    limite = time.monotonic() + 30
    while len(confirmados) < 300 and time.monotonic() < limite:
        confirmados.append(int(hijo.stdout.readline()))
    os.kill(hijo.pid, signal.SIGKILL)
    hijo.wait(timeout=10)
    hijo.stdout.close()
    assert len(confirmados) >= 300

    buzon = Buzon(tmp_path)
    archivo = buzon.archivo_de("victima")
    # Además, una línea cortada a propósito, como la dejaría un corte de luz.
    with archivo.open("ab") as salida:
        salida.write(b'{"v": 1, "uid": "cortado", "participante": "victima", "ejer')
    lectura = buzon.leer()
    leidos = {int(r["elemento"]) for r in lectura.registros}
    assert set(confirmados) <= leidos
    cortes = [p for p in lectura.problemas if "línea incompleta" in p.mensaje]
    assert len(cortes) == 1 and cortes[0].archivo == "victima.jsonl"
    assert str(cortes[0]).startswith(f"victima.jsonl:{len(leidos) + 1}:")

    # La siguiente escritura no se pega a la línea cortada: queda aislada y se reporta.
    buzon.registrar(Participante("victima", "V", "G1"), [Respuesta("m1-ej", "nuevo", 1, True, 2)])
    despues = buzon.leer()
    assert "nuevo" in {r["elemento"] for r in despues.registros}
    assert len(despues.registros) == len(lectura.registros) + 1
    assert [p.mensaje for p in despues.problemas] == ["no es JSON válido; se omite"]


def _registro_valido(participante: str, elemento: str) -> str:
    return json.dumps(
        {
            "v": 1,
            "uid": f"uid-{participante}-{elemento}",
            "participante": participante,
            "alias": "A",
            "grupo": "G1",
            "ejercicio": "m1-ej",
            "elemento": elemento,
            "valor": "a",
            "correcta": True,
            "intento": 1,
            "modo": "",
            "puntaje": None,
            "momento": "2026-11-29T10:00:00.000+00:00",
        }
    )


def test_archivos_danados_se_reportan_y_lo_valido_se_conserva(tmp_path: Path) -> None:
    bien = _registro_valido
    (tmp_path / "binario.jsonl").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "version.jsonl").write_text(
        bien("version", "1") + "\n"
        + bien("version", "2").replace('"v": 1', '"v": 2') + "\n"
        + bien("version", "3") + "\n",
        encoding="utf-8",
    )  # fmt: skip
    (tmp_path / "roto.jsonl").write_text(
        bien("roto", "1") + "\n{esto no es json\n\n[1, 2]\n" + bien("roto", "2") + "\n"
        + '{"v": 1, "uid": 5}\n',
        encoding="utf-8",
    )  # fmt: skip
    (tmp_path / "notas.txt").write_text("apuntes de la facilitadora", encoding="utf-8")
    (tmp_path / "con espacio.jsonl").write_text(bien("x", "1") + "\n", encoding="utf-8")
    (tmp_path / "subcarpeta").mkdir()
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / "bueno.jsonl").write_text(bien("bueno", "1") + "\n", encoding="utf-8")

    lectura = Buzon(tmp_path).leer()
    assert sorted((r["participante"], r["elemento"]) for r in lectura.registros) == [
        ("bueno", "1"), ("roto", "1"), ("roto", "2"), ("version", "1"), ("version", "3"),
    ]  # fmt: skip
    problemas = {(p.archivo, p.linea): p.mensaje for p in lectura.problemas}
    assert problemas[("version.jsonl", 2)].startswith("versión de esquema 2 no reconocida")
    assert problemas[("roto.jsonl", 2)] == "no es JSON válido; se omite"
    assert problemas[("roto.jsonl", 4)] == "la línea no es un objeto JSON; se omite"
    assert problemas[("roto.jsonl", 6)].startswith("faltan campos: «alias»")
    assert problemas[("notas.txt", 0)].startswith("no es un archivo de respuestas")
    assert problemas[("con espacio.jsonl", 0)].startswith("no es un archivo de respuestas")
    assert problemas[("subcarpeta", 0)].startswith("no es un archivo de respuestas")
    binario = [p for p in lectura.problemas if p.archivo == "binario.jsonl"]
    assert binario and len(binario) <= 21  # acotado: un archivo basura no inunda el tablero
    assert all(":" in str(p) for p in lectura.problemas)
