"""El motor (polars + msgspec) y el validador del esquema línea por línea deciden igual:
lo que el motor acepta, el esquema lo acepta con los mismos valores, y lo que no, se
reporta con su línea."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from taller.buzon import Buzon, LecturaIncremental, tabla_registros
from taller.buzon.esquema import INTENTO_MAXIMO, MAX_TEXTO, validar_linea

BASE: dict[str, Any] = {
    "v": 1, "uid": "u", "participante": "p1", "alias": "Ana", "grupo": "G1",
    "ejercicio": "m1-ej", "elemento": "", "valor": "La jueza", "correcta": True,
    "intento": 1, "modo": "", "puntaje": None, "momento": "2026-11-30T10:00:00.000+00:00",
}  # fmt: skip

#: Valores raros por campo: tipos ajenos, bordes de los límites, nombres anteriores...
RAROS: dict[str, list[Any]] = {
    "v": [True, 1.0, 2, "1", None],
    "uid": ["", "x" * 64, "x" * 65, 7, None],
    "participante": ["p2", "", 1],
    "alias": ["", "á" * MAX_TEXTO, "á" * (MAX_TEXTO + 1), 7, ["Ana"], None, "7", "true"],
    "grupo": [7.5, {"a": 1}, "G" * MAX_TEXTO],
    "ejercicio": [False, "x" * (MAX_TEXTO + 1)],
    "elemento": ["0", 0, "[1]", None],
    "valor": [1, "1", None, True, [1, "a"], {"k": [1]}, 2**63 - 1, 2**63, -(2**63), 1.5,
              json.loads("[" * 16 + "]" * 16), json.loads("[" * 17 + "]" * 17)],
    "correcta": [0, 1, "true", None, False],
    "intento": [0, 1, INTENTO_MAXIMO, INTENTO_MAXIMO + 1, 1.0, "2", True, -1],
    "modo": ["diagnostico", "final", "diagnostica", "pre", "post", "inicial", "x", 3],
    "puntaje": [0, 1e9, 1e9 + 1, -1e9, 0.5, "1", True, 10**20],
    "momento": ["2026-11-30T10:00:00Z", "2026-11-30T10:00:00.5-06:00",
                "2026-11-30T10:00:00", "2026-02-30T10:00:00+00:00", "ayer", 5,
                "2026-11-30 10:00:00+00:00", "2026-11-30T10:00:00+24:00",
                "2026-11-30T10:00:00.1234567+00:00"],
}  # fmt: skip


def _lineas(semilla: int) -> list[bytes]:
    azar = random.Random(semilla)
    lineas = []
    for i in range(300):
        registro = dict(BASE, uid=f"u{i}")
        for campo in azar.sample(sorted(RAROS), k=azar.choice([0, 1, 1, 2])):
            registro[campo] = azar.choice(RAROS[campo])
        if azar.random() < 0.05:
            del registro[azar.choice(sorted(BASE))]
        if azar.random() < 0.05:
            registro["extra"] = "campo nuevo"
        lineas.append(json.dumps(registro, ensure_ascii=azar.random() < 0.5).encode())
    lineas += [b"[1]", b"{", b'{"v":1,}', b"NaN", b"\xff"]
    azar.shuffle(lineas)
    return lineas


@pytest.mark.parametrize("semilla", range(6))
def test_el_motor_y_el_esquema_deciden_igual(tmp_path: Path, semilla: int) -> None:
    lineas = _lineas(semilla)
    # Repartidas en varios archivos, junto a archivos limpios, para que el motor las vea
    # en lote con otras.
    carpeta = tmp_path / "buzon"
    carpeta.mkdir()
    esperados = {}
    for n in range(6):
        propias = lineas[n::6]
        id_ = f"p{n}"
        texto = b"\n".join(x.replace(b'"p1"', f'"{id_}"'.encode()) for x in propias) + b"\n"
        (carpeta / f"{id_}.jsonl").write_bytes(texto)
        limpio = b"".join(
            json.dumps(dict(BASE, uid=f"l{n}-{k}", participante=f"q{n}")).encode() + b"\n"
            for k in range(20)
        )
        (carpeta / f"q{n}.jsonl").write_bytes(limpio)
        for numero, linea in enumerate(texto.split(b"\n")[:-1], start=1):
            resultado = validar_linea(linea, id_)
            esperados[(f"{id_}.jsonl", numero)] = resultado
    lectura = Buzon(carpeta).leer()
    lector = LecturaIncremental(carpeta)
    tabla = lector.actualizar()
    pd.testing.assert_frame_equal(tabla, tabla_registros(lectura), check_exact=True)
    assert lector.problemas == lectura.problemas
    aceptados = {r.uid for r in esperados.values() if not isinstance(r, str)} | {
        f"l{n}-{k}" for n in range(6) for k in range(20)
    }
    assert set(tabla["uid"]) == aceptados
    rechazados = {clave for clave, r in esperados.items() if isinstance(r, str)}
    reportados = {(p.archivo, p.linea) for p in lector.problemas if p.linea}
    assert reportados <= rechazados
    assert len(rechazados) > 20  # la prueba sí ejercita el rechazo
    por_uid = {r["uid"]: r for r in lectura.registros}
    validos = [r for r in esperados.values() if not isinstance(r, str)]
    for r in validos:
        if [v.uid for v in validos].count(r.uid) == 1:  # un uid repetido: queda el primero
            assert por_uid[r.uid]["valor"] == r.valor
            assert por_uid[r.uid]["modo"] == r.modo
