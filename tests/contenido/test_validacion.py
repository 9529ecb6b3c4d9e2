"""La validación del contenido: cada archivo de ``tests/datos-rotos/`` produce el problema
que anuncia (archivo, línea, campo y mensaje), y nunca un traceback.

La convención de la carpeta está en ``tests/datos-rotos/README.md``.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from ayudas import PRUEBAS
from taller import ContenidoInvalido, cargar_contenido
from taller.cli.principal import main
from taller.contenido.carga import LIMITE_MB, VARIABLE_LIMITE

AQUI = PRUEBAS
EJEMPLO = AQUI / "datos-ejemplo"
ROTOS = AQUI / "datos-rotos"
#: Subcarpeta de datos-rotos/ → archivo al que reemplaza (``None``: se agrega a ejercicios/).
DESTINOS = {
    "ejercicios": None,
    "fuentes": "fuentes.csv",
    "valores": "valores.csv",
    "glosario": "glosario.csv",
    "modulos": "modulos.yaml",
    "taller": "taller.yaml",
}
_ESPERA = re.compile(r"^(?P<archivo>[^:]+):(?P<linea>\d+): (?P<campo>.+?): (?P<mensaje>.+)$")


@dataclass(frozen=True)
class Espera:
    archivo: str
    linea: int
    campo: str
    mensaje: str  # un fragmento del mensaje

    @property
    def patron(self) -> str:
        """Para ``pytest.raises(match=...)``: la ubicación exacta y el fragmento, en una línea."""
        ubicacion = re.escape(f"{self.archivo}:{self.linea}: {self.campo}: ")
        return f"(?m)^{ubicacion}.*{re.escape(self.mensaje)}"


def _rotos() -> list[Path]:
    return sorted(p for p in ROTOS.glob("*/*") if p.suffix in (".yaml", ".csv"))


def _esperas(archivo: Path) -> list[Espera]:
    """Lo que anuncia un archivo roto: ``nombre.espera`` al lado, o sus líneas
    ``# espera: ruta:línea: campo: mensaje``."""
    lado = archivo.with_suffix(".espera")
    if lado.exists():
        lineas = lado.read_text(encoding="utf-8").splitlines()
    else:
        lineas = [
            linea.removeprefix("# espera:")
            for linea in archivo.read_text(encoding="utf-8").splitlines()
            if linea.startswith("# espera:")
        ]
    esperas = []
    for linea in lineas:
        if not linea.strip() or linea.lstrip().startswith("#"):
            continue
        partes = _ESPERA.match(linea.strip())
        assert partes, f"{archivo.name}: expectativa mal escrita: {linea!r}"
        esperas.append(
            Espera(partes["archivo"], int(partes["linea"]), partes["campo"], partes["mensaje"])
        )
    return esperas


def _entorno(archivo: Path) -> dict[str, str]:
    """Las variables de entorno que un archivo roto necesita: ``# entorno: NOMBRE=valor``
    (por ejemplo, un límite de tamaño más bajo para no guardar un archivo enorme)."""
    if archivo.with_suffix(".espera").exists():
        return {}
    variables = {}
    for linea in archivo.read_text(encoding="utf-8").splitlines():
        if linea.startswith("# entorno:"):
            nombre, _, valor = linea.removeprefix("# entorno:").strip().partition("=")
            variables[nombre] = valor
    return variables


def _colocar(roto: Path, carpeta: Path) -> None:
    """Pone un archivo roto en una copia de datos-ejemplo/, en el lugar que le toca."""
    destino = DESTINOS[roto.parent.name]
    shutil.copyfile(roto, carpeta / (destino or f"ejercicios/{roto.name}"))


@pytest.fixture
def carpeta(tmp_path: Path) -> Path:
    """Una copia de datos-ejemplo/ (válida) para estropearla."""
    return Path(shutil.copytree(EJEMPLO, tmp_path / "datos"))


def _problemas(carpeta: Path) -> list[str]:
    with pytest.raises(ContenidoInvalido) as error:
        cargar_contenido(carpeta)
    return [str(p) for p in error.value.problemas]


# --- Un archivo roto, un problema anunciado --------------------------------------------


@pytest.mark.parametrize("roto", _rotos(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_archivo_roto_reporta_su_problema(
    roto: Path, carpeta: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    esperas = _esperas(roto)
    assert esperas, f"{roto.name} no anuncia qué problema espera"
    for nombre, valor in _entorno(roto).items():
        monkeypatch.setenv(nombre, valor)
    _colocar(roto, carpeta)
    with pytest.raises(ContenidoInvalido, match=esperas[0].patron) as error:
        cargar_contenido(carpeta)
    texto = str(error.value)
    for espera in esperas[1:]:
        assert re.search(espera.patron, texto), f"falta «{espera}» en:\n{texto}"
    assert "error interno" not in texto


def test_hay_suficientes_archivos_rotos_y_con_nombre_de_su_falla() -> None:
    rotos = _rotos()
    assert len(rotos) >= 30
    for roto in rotos:
        assert roto.parent.name in DESTINOS, roto
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", roto.stem), roto.name


# --- Todo junto, y casos que no caben en un archivo --------------------------------------


def test_junta_todos_los_problemas_antes_de_fallar(carpeta: Path) -> None:
    juntos = [
        # Los que piden otro entorno (un límite de tamaño menor) se prueban solos.
        *sorted(p for p in (ROTOS / "ejercicios").glob("*.yaml") if not _entorno(p)),
        ROTOS / "fuentes" / "fecha-invalida.csv",
        ROTOS / "valores" / "tipo-de-valor-invalido.csv",
        ROTOS / "modulos" / "cuaderno-no-ipynb.yaml",
        ROTOS / "taller" / "proporcion-fuera-de-rango.yaml",
    ]
    for roto in juntos:
        _colocar(roto, carpeta)
    with pytest.raises(ContenidoInvalido) as error:
        cargar_contenido(carpeta)
    problemas = error.value.problemas
    texto = str(error.value)
    for roto in juntos:
        for espera in _esperas(roto):
            assert re.search(espera.patron, texto), f"falta «{espera}» ({roto.name})"
    assert problemas == sorted(problemas, key=lambda p: (p.archivo, p.linea, p.campo, p.mensaje))
    assert len(problemas) == len(set(problemas))
    assert texto.startswith(f"El contenido tiene {len(problemas)} problemas:")


def test_falta_un_archivo(carpeta: Path) -> None:
    (carpeta / "valores.csv").unlink()
    with pytest.raises(
        ContenidoInvalido, match=r"valores\.csv:0: archivo: se esperaba este archivo y no existe"
    ):
        cargar_contenido(carpeta)


def test_falta_la_carpeta_de_ejercicios(carpeta: Path) -> None:
    shutil.rmtree(carpeta / "ejercicios")
    with pytest.raises(ContenidoInvalido, match=r"ejercicios:0: ejercicios: .*no existe"):
        cargar_contenido(carpeta)


def test_carpeta_inexistente(tmp_path: Path) -> None:
    with pytest.raises(ContenidoInvalido, match="carpeta: se esperaba una carpeta"):
        cargar_contenido(tmp_path / "no-existe")


def test_archivo_con_bom_utf8_se_carga(carpeta: Path) -> None:
    """Un BOM de UTF-8 (lo pone el Bloc de notas de Windows) no es un error."""
    for nombre in ("fuentes.csv", "taller.yaml", "ejercicios/m1-ejemplo.yaml"):
        archivo = carpeta / nombre
        archivo.write_bytes(b"\xef\xbb\xbf" + archivo.read_bytes())
    contenido = cargar_contenido(carpeta)
    assert "cpeum-1" in contenido.fuentes
    assert contenido.taller.titulo == "Taller de ejemplo"
    assert contenido.ejercicios["m1-opcion"].linea == 2


def test_fuente_con_fecha_mal_no_vuelve_desconocidas_sus_citas(carpeta: Path) -> None:
    _colocar(ROTOS / "fuentes" / "fecha-invalida.csv", carpeta)
    problemas = _problemas(carpeta)
    assert not [p for p in problemas if "fuente desconocida" in p], problemas


def test_tipo_desconocido_no_marca_sus_campos_como_desconocidos(carpeta: Path) -> None:
    _colocar(ROTOS / "ejercicios" / "tipo-de-ejercicio-desconocido.yaml", carpeta)
    problemas = _problemas(carpeta)
    assert not [p for p in problemas if "campo desconocido" in p], problemas


def test_validar_imprime_ruta_linea_campo_mensaje(carpeta: Path, capsys) -> None:
    for roto in sorted((ROTOS / "ejercicios").glob("opcion-*.yaml")):
        _colocar(roto, carpeta)
    assert main(["validar", "--datos", str(carpeta)]) == 1
    salida = capsys.readouterr()
    lineas = salida.out.splitlines()
    assert lineas
    for linea in lineas:
        assert re.match(rf"{re.escape(carpeta.as_posix())}/[^:]+:\d+: [^:]+: \S", linea), linea
    assert f"{carpeta.as_posix()}/ejercicios/opcion-unica-sin-correcta.yaml:" in salida.out
    assert "Traceback" not in salida.out + salida.err


# --- Ninguna entrada rara produce un traceback --------------------------------------------

_RAROS = [
    None,
    0,
    7,
    -1,
    1.5,
    True,
    "",
    " ",
    "x",
    "m1",
    [],
    [None],
    [1, 2],
    {},
    {"id": None},
    {"a": {"b": None}},
    [[[]]],
    "cpeum-1",
    ["cpeum-1"],
    [{"texto": None}],
]


def _estropear(nodo: object, azar: random.Random) -> object:
    """Cambia un nodo al azar del árbol YAML por un valor raro."""
    if isinstance(nodo, dict) and nodo and azar.random() < 0.85:
        clave = azar.choice(list(nodo))
        return {**nodo, clave: _estropear(nodo[clave], azar)}
    if isinstance(nodo, list) and nodo and azar.random() < 0.85:
        i = azar.randrange(len(nodo))
        return [*nodo[:i], _estropear(nodo[i], azar), *nodo[i + 1 :]]
    return azar.choice(_RAROS)


@pytest.mark.parametrize("nombre", ["ejercicios/m1-ejemplo.yaml", "modulos.yaml", "taller.yaml"])
def test_estructuras_al_azar_solo_dan_contenido_invalido(nombre: str, carpeta: Path) -> None:
    archivo = carpeta / nombre
    original = yaml.safe_load(archivo.read_text(encoding="utf-8"))
    azar = random.Random(f"taller-{nombre}")  # siempre los mismos casos
    for _ in range(60):
        archivo.write_text(
            yaml.safe_dump(_estropear(original, azar), allow_unicode=True), encoding="utf-8"
        )
        try:
            cargar_contenido(carpeta)
        except ContenidoInvalido as error:
            assert error.problemas
            assert "error interno" not in str(error), str(error)
            assert all(p.campo and p.mensaje for p in error.problemas)


# --- Un archivo de datos enorme se rechaza sin leerlo (issue 15, caso 14) ------------------


def _ejercicios_hasta(archivo: Path, tamano: int) -> int:
    """Escribe en ``archivo`` ejercicios válidos hasta pasar de ``tamano`` bytes."""
    plantilla = (
        "  - id: m1-grande-{i}\n    tipo: reflexion\n    modulo: m1\n"
        "    titulo: Reflexión {i}\n    fuentes: [cpeum-1]\n    consigna: ¿Qué haría distinto?\n"
    )
    partes, largo, i = ["ejercicios:\n"], 12, 0
    while largo <= tamano:
        i += 1
        parte = plantilla.format(i=i)
        partes.append(parte)
        largo += len(parte.encode("utf-8"))
    archivo.write_text("".join(partes), encoding="utf-8")
    return i


def test_un_archivo_de_datos_enorme_se_rechaza_con_su_ubicacion_y_el_limite(
    carpeta: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(VARIABLE_LIMITE, raising=False)
    grande = carpeta / "ejercicios" / "m1-enorme.yaml"
    _ejercicios_hasta(grande, LIMITE_MB * 1024 * 1024)
    problemas = _problemas(carpeta)
    assert len(problemas) == 1, problemas
    (problema,) = problemas
    assert problema.startswith(
        f"ejercicios/m1-enorme.yaml:1: tamaño: el archivo pesa {LIMITE_MB}.0 MB "
    )
    assert f"el límite para un archivo de datos es {LIMITE_MB}.0 MB" in problema
    assert f"{VARIABLE_LIMITE}={LIMITE_MB + 1}" in problema


def test_validar_de_un_archivo_enorme_es_un_mensaje_y_no_un_traceback(tmp_path: Path) -> None:
    """El caso medido: ~20 MB, unos 70 000 ejercicios (tardaba 11.5 s y 659 MB)."""
    datos = Path(shutil.copytree(EJEMPLO, tmp_path / "datos"))
    cuantos = _ejercicios_hasta(datos / "ejercicios" / "m9-enorme.yaml", 20 * 1024 * 1024)
    assert cuantos > 60_000
    entorno = {k: v for k, v in os.environ.items() if k != VARIABLE_LIMITE}
    resultado = subprocess.run(
        [sys.executable, "-c", "from taller.cli import main; raise SystemExit(main())",
         "validar", "--datos", str(datos)],
        capture_output=True, text=True, env=entorno, timeout=120,
    )  # fmt: skip
    assert resultado.returncode == 1, resultado
    assert "Traceback" not in resultado.stderr
    assert re.fullmatch(
        rf"{re.escape(datos.as_posix())}/ejercicios/m9-enorme\.yaml:1: tamaño: el archivo pesa "
        rf"20 MB y el límite .* {VARIABLE_LIMITE}=21\)\n",
        resultado.stdout,
    ), resultado.stdout


def test_con_el_limite_subido_el_archivo_grande_se_carga(
    carpeta: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    grande = carpeta / "ejercicios" / "m1-grande.yaml"
    cuantos = _ejercicios_hasta(grande, 3 * 1024 * 1024 // 2)
    monkeypatch.setenv(VARIABLE_LIMITE, "1")
    with pytest.raises(ContenidoInvalido, match=r"tamaño: el archivo pesa 1\.5 MB"):
        cargar_contenido(carpeta)
    monkeypatch.setenv(VARIABLE_LIMITE, "1,6")  # también con coma decimal
    contenido = cargar_contenido(carpeta)
    assert f"m1-grande-{cuantos}" in contenido.ejercicios


@pytest.mark.parametrize("valor", ["mucho", "0", "-3", "nan", "inf"])
def test_un_limite_que_no_es_un_numero_se_dice(
    valor: str, carpeta: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(VARIABLE_LIMITE, valor)
    with pytest.raises(
        ContenidoInvalido,
        match=rf"taller\.yaml:1: tamaño: la variable de entorno {VARIABLE_LIMITE} vale «{valor}»",
    ):
        cargar_contenido(carpeta)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="sin tuberías con nombre (Windows)")
def test_una_tuberia_en_lugar_de_un_archivo_no_se_queda_esperando(carpeta: Path) -> None:
    os.mkfifo(carpeta / "ejercicios" / "m1-tuberia.yaml")
    with pytest.raises(
        ContenidoInvalido,
        match=r"ejercicios/m1-tuberia\.yaml:0: archivo: se esperaba este archivo y no es un "
        r"archivo normal",
    ):
        cargar_contenido(carpeta)
