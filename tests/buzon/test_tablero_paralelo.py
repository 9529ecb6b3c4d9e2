"""Con muchos archivos, otro proceso lee parte del buzón: la tabla es la misma.

El umbral (``MINIMO_DE_ARCHIVOS``) y el tamaño de los lotes se bajan para que un buzón
pequeño ya use el otro proceso, que es real (``python -m taller.buzon._paralelo``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from taller.buzon import _paralelo, _tabla
from taller.buzon.registro import Buzon, Participante, Respuesta
from taller.tablero import cifras as t


def _buzon(carpeta: Path) -> Buzon:
    """Ocho personas; las últimas (las que lee el otro proceso) traen un grupo, un
    ejercicio y un momento que las primeras no tienen, y una trae líneas con problemas."""
    buzon = Buzon(carpeta)
    for n in range(8):
        persona = Participante(f"p{n:04d}", f"Alias {n}", "G-final" if n >= 6 else "G1")
        respuestas = [
            Respuesta("m1-quien", "", "La jueza" if n % 2 else "Una vecina", n % 2 == 1, 1),
            Respuesta("m2-valores", str(n % 3), ["Legalidad", n], None, 1, "", 2.5),
        ]
        if n == 7:
            respuestas.append(Respuesta("m9-solo-al-final", "", {"libre": 2**70}, True, 1))
        buzon.registrar(persona, respuestas)
    with buzon.archivo_de("p0006").open("ab") as archivo:
        archivo.write(b"{no es json\n")
        archivo.write(b'{"v": 1, "uid": "cortada"')  # una escritura a medias
    return buzon


@pytest.fixture
def en_paralelo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_paralelo, "MINIMO_DE_ARCHIVOS", 2)
    monkeypatch.setattr(_paralelo, "nucleos", lambda: 2)
    monkeypatch.setattr(_tabla, "_ARCHIVOS_POR_LOTE", 2)


def _igual_a_leer(lector: t.LecturaIncremental) -> None:
    lectura = lector.buzon.leer()
    pd.testing.assert_frame_equal(lector.tabla, t.tabla_registros(lectura), check_exact=True)
    assert lector.problemas == lectura.problemas


def test_otro_proceso_lee_parte_y_la_tabla_es_la_misma(tmp_path: Path, en_paralelo: None) -> None:
    buzon = _buzon(tmp_path / "buzon")
    lector = t.LecturaIncremental(buzon)
    tabla = lector.actualizar()
    assert lector.en_otro_proceso == 4  # 4 lotes de 2: el otro lee el último y el penúltimo
    assert lector.analizados == len(tabla) == len(buzon.leer().registros)
    _igual_a_leer(lector)
    assert "G-final" in set(tabla["grupo"]) and "m9-solo-al-final" in set(tabla["ejercicio"])
    assert {p.linea for p in lector.problemas if p.archivo == "p0006.jsonl"} == {3, 4}
    # Lo que leyó el otro proceso se sigue actualizando por partes, aquí.
    buzon.registrar(Participante("p0007", "Alias 7", "G-final"),
                    [Respuesta("m1-quien", "", "La jueza", True, 2)])  # fmt: skip
    lector.actualizar()
    assert lector.analizados == 1 and lector.en_otro_proceso == 0
    _igual_a_leer(lector)


def test_si_el_otro_proceso_no_arranca_se_lee_todo_aqui(
    tmp_path: Path, en_paralelo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    buzon = _buzon(tmp_path / "buzon")
    monkeypatch.setattr(_paralelo.sys, "executable", str(tmp_path / "no-existe"))
    lector = t.LecturaIncremental(buzon)
    lector.actualizar()
    assert lector.en_otro_proceso == 0
    _igual_a_leer(lector)


@pytest.mark.skipif(sys.platform == "win32", reason="/bin/false es de POSIX")
def test_si_el_otro_proceso_falla_se_lee_todo_aqui(
    tmp_path: Path, en_paralelo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    buzon = _buzon(tmp_path / "buzon")
    temporal = Path(_paralelo.tempfile.gettempdir())
    antes = set(temporal.glob("taller-*.pickle"))
    monkeypatch.setattr(_paralelo.sys, "executable", "/bin/false")  # termina con código 1
    lector = t.LecturaIncremental(buzon)
    lector.actualizar()
    assert lector.en_otro_proceso == 0
    _igual_a_leer(lector)
    assert set(temporal.glob("taller-*.pickle")) == antes  # el trabajo no queda en disco


def test_pocos_archivos_no_usan_otro_proceso(tmp_path: Path) -> None:
    lector = t.LecturaIncremental(_buzon(tmp_path / "buzon"))
    lector.actualizar()
    assert lector.en_otro_proceso == 0
    _igual_a_leer(lector)


def test_con_la_ruta_del_buzon_relativa(
    tmp_path: Path, en_paralelo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """El otro proceso trabaja en otra carpeta: recibe las rutas ya absolutas."""
    monkeypatch.chdir(tmp_path)
    _buzon(Path("buzon"))
    lector = t.LecturaIncremental("buzon")
    lector.actualizar()
    assert lector.en_otro_proceso == 4
    _igual_a_leer(lector)
