"""``@inmutable`` se comporta como ``@dataclass(frozen=True, kw_only=True)``, sin compilar
métodos al importar ``taller.modelo`` (cada cuaderno es un kernel nuevo que lo importa)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys

import pytest

from taller import modelo as m


def _reflexion(**cambios: object) -> m.Reflexion:
    datos: dict[str, object] = {"id": "r", "tipo": "reflexion", "modulo": "m1", "titulo": "T",
                                "fuentes": ("f",), "consigna": "Escriba."}
    return m.Reflexion(**{**datos, **cambios})  # type: ignore[arg-type]


def test_solo_con_nombre_y_con_valores_por_omision() -> None:
    r = _reflexion()
    assert (r.instrucciones, r.valores, r.max_caracteres, r.archivo, r.linea) == (
        "", (), 2000, None, 0)
    assert m.Modulo(id="m", numero=1, titulo="T", cuaderno="c.ipynb", duracion_min=5,
                    objetivos=()).notas == m.NotasFacilitacion()
    with pytest.raises(TypeError, match="correcta"):
        m.Opcion(texto="a")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="otro"):
        m.Opcion(texto="a", correcta=True, retroalimentacion="r", otro=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        m.Opcion("a", True, "r")  # type: ignore[misc]


def test_inmutable() -> None:
    r = _reflexion()
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.titulo = "Otro"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del r.titulo  # type: ignore[misc]


def test_igualdad_hash_y_repr_como_dataclass() -> None:
    r = _reflexion()
    # archivo y linea no cuentan para comparar ni aparecen en el repr (compare/repr=False)
    otra = _reflexion(linea=7)
    assert r == otra and hash(r) == hash(otra)
    assert r != _reflexion(titulo="Otro")
    assert m.Opcion(texto="a", correcta=True, retroalimentacion="r") != ("a", True, "r")
    assert repr(m.Categoria(id="c", nombre="N")) == "Categoria(id='c', nombre='N')"
    assert "linea" not in repr(r) and "consigna='Escriba.'" in repr(r)
    with pytest.raises(TypeError):  # tiene un dict: como en una dataclass, no es hashable
        hash(m.Contenido(carpeta=None, taller=None, modulos={}, valores={},  # type: ignore[arg-type]
                         glosario=(), fuentes={}, ejercicios={}))


def test_herramientas_de_dataclasses_pickle_y_copia() -> None:
    r = _reflexion()
    assert dataclasses.is_dataclass(r)
    assert [c.name for c in dataclasses.fields(r)][:3] == ["id", "tipo", "modulo"]
    assert dataclasses.replace(r, minimo_caracteres=20).minimo_caracteres == 20
    assert dataclasses.asdict(m.Categoria(id="c", nombre="N")) == {"id": "c", "nombre": "N"}
    for copia in (pickle.loads(pickle.dumps(r)), copy.copy(r), copy.deepcopy(r)):
        assert copia == r and copia.linea == r.linea


def test_importar_el_modelo_no_compila_metodos() -> None:
    codigo = ("import dataclasses, sys\n"
              "llamadas = []\n"
              "original = dataclasses._create_fn\n"
              "dataclasses._create_fn = (\n"
              "    lambda *a, **k: llamadas.append(a[0]) or original(*a, **k))\n"
              "import taller.modelo\n"
              "print(len(llamadas))\n")
    salida = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True,
                            check=True)
    assert salida.stdout.strip() == "0"
