"""La caché del contenido en la carpeta del taller: se usa solo si los datos, el código y
las versiones son los mismos; dañada, ajena o imposible de escribir, se valida como
siempre, y los errores del contenido se reportan igual que sin caché."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from taller.carpeta import carpeta_taller
from taller.contenido import cache
from taller.contenido import carga as c
from taller.contenido.errores import ContenidoInvalido
from taller.contenido.recursos import carpeta_datos


@pytest.fixture
def datos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Una copia de datos/ que se puede editar, y una carpeta de taller vacía."""
    copia = tmp_path / "datos"
    shutil.copytree(carpeta_datos(), copia)
    (tmp_path / "taller").mkdir()
    monkeypatch.setenv("TALLER_DATOS", str(copia))
    monkeypatch.setenv("TALLER_CARPETA", str(tmp_path / "taller"))
    cache._contenido.cache_clear()
    yield copia
    cache._contenido.cache_clear()


@pytest.fixture
def validaciones(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Cuenta las veces que se valida desde los archivos (la caché no se usó)."""
    llamadas: list[str | None] = []
    original = c.cargar_contenido

    def contar(carpeta: str | None = None):
        llamadas.append(carpeta)
        return original(carpeta)

    monkeypatch.setattr(c, "cargar_contenido", contar)
    return llamadas


def _de_nuevo():
    """Otro kernel: sin el contenido de este proceso, solo con lo que haya en disco."""
    cache._contenido.cache_clear()
    return cache.contenido_actual()


def _archivo_cache() -> Path:
    return carpeta_taller() / cache.CACHE_CONTENIDO


def test_el_segundo_kernel_no_valida_de_nuevo(datos: Path, validaciones: list) -> None:
    primero = cache.contenido_actual()
    assert len(validaciones) == 1 and _archivo_cache().is_file()
    segundo = _de_nuevo()
    assert len(validaciones) == 1
    assert segundo == primero and segundo == c.cargar_contenido(str(datos))
    assert not [p for p in _archivo_cache().parent.iterdir() if p.suffix == ".tmp"]


def test_editar_un_archivo_de_datos_invalida_la_cache(datos: Path, validaciones: list) -> None:
    titulo = cache.contenido_actual().taller.titulo
    archivo = datos / "taller.yaml"
    # Mismo tamaño y misma fecha de modificación: solo cambian los bytes.
    estado = archivo.stat()
    texto = archivo.read_text(encoding="utf-8")
    nuevo = titulo.replace(titulo[:4], titulo[:4][::-1], 1)
    assert nuevo != titulo and len(nuevo.encode()) == len(titulo.encode())
    archivo.write_text(texto.replace(titulo, nuevo, 1), encoding="utf-8")
    os.utime(archivo, ns=(estado.st_atime_ns, estado.st_mtime_ns))
    assert _de_nuevo().taller.titulo == nuevo
    assert len(validaciones) == 2
    assert _de_nuevo().taller.titulo == nuevo and len(validaciones) == 2  # ya guardado


def test_un_archivo_nuevo_de_ejercicios_invalida_la_cache(datos: Path, validaciones: list) -> None:
    antes = cache.contenido_actual()
    origen = next((datos / "ejercicios").glob("*.yaml"))
    texto = origen.read_text(encoding="utf-8").replace("id: m", "id: copia-m")
    (datos / "ejercicios" / "zz-copia.yaml").write_text(texto, encoding="utf-8")
    despues = _de_nuevo()
    assert len(validaciones) == 2
    assert len(despues.ejercicios) > len(antes.ejercicios)


def test_cambiar_el_codigo_del_paquete_invalida_la_clave(
    datos: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paquete = tmp_path / "paquete"
    shutil.copytree(
        Path(cache.__file__).parent,
        paquete,
        ignore=shutil.ignore_patterns("__pycache__", "ejercicios"),
    )
    monkeypatch.setattr(cache, "__file__", str(paquete / "cache.py"))
    clave = cache._clave_contenido(None)
    assert clave is not None and clave == cache._clave_contenido(None)
    modelo = paquete / "modelo.py"
    modelo.write_text(modelo.read_text(encoding="utf-8") + "\n# otro campo\n", encoding="utf-8")
    assert cache._clave_contenido(None) != clave


@pytest.mark.parametrize("danado", [b"", b"basura\n", None])
def test_una_cache_danada_se_ignora_y_se_rehace(
    datos: Path, validaciones: list, danado: bytes | None
) -> None:
    esperado = cache.contenido_actual()
    archivo = _archivo_cache()
    completo = archivo.read_bytes()
    # Vacía, ajena, o con la clave correcta y el pickle cortado a la mitad.
    archivo.write_bytes(completo[: len(completo) // 2] if danado is None else danado)
    assert _de_nuevo() == esperado
    assert len(validaciones) == 2
    assert archivo.read_bytes() == completo  # se volvió a escribir, entera
    assert _de_nuevo() == esperado and len(validaciones) == 2


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="cambiar el dueño de un archivo requiere root",
)
def test_una_cache_de_otra_cuenta_no_se_carga(datos: Path, validaciones: list) -> None:
    cache.contenido_actual()
    os.chown(_archivo_cache(), 12345, -1)
    _de_nuevo()
    assert len(validaciones) == 2


def test_sin_carpeta_del_taller_o_sin_permiso_funciona_sin_cache(
    datos: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, validaciones: list
) -> None:
    monkeypatch.setenv("TALLER_CARPETA", str(tmp_path / "no-existe"))
    esperado = cache.contenido_actual()
    assert not (tmp_path / "no-existe").exists()  # la caché no crea la carpeta del taller
    # .cache es un archivo: no se puede crear la carpeta de la caché.
    monkeypatch.setenv("TALLER_CARPETA", str(tmp_path / "taller"))
    (tmp_path / "taller" / ".cache").write_text("no soy una carpeta", encoding="utf-8")
    assert _de_nuevo() == esperado
    assert _de_nuevo() == esperado
    assert len(validaciones) == 3


def test_el_contenido_con_errores_se_reporta_igual_y_no_se_guarda(
    datos: Path, validaciones: list
) -> None:
    cache.contenido_actual()
    (datos / "valores.csv").write_text("id,nombre\nx,y\n", encoding="utf-8")
    with pytest.raises(ContenidoInvalido) as sin_cache:
        c.cargar_contenido(str(datos))
    for _ in range(2):
        with pytest.raises(ContenidoInvalido) as con_cache:
            _de_nuevo()
        assert str(con_cache.value) == str(sin_cache.value)
        assert con_cache.value.problemas == sin_cache.value.problemas


def test_dos_kernels_que_escriben_a_la_vez_no_dejan_una_cache_a_medias(datos: Path) -> None:
    contenido = cache.contenido_actual()
    clave = cache._clave_contenido(str(datos))
    assert clave is not None
    fallas: list[object] = []

    def escribir() -> None:
        for _ in range(15):
            cache._guardar_cache(clave, contenido)

    def leer() -> None:
        for _ in range(40):
            if cache._leer_cache(clave) != contenido:
                fallas.append("lectura")

    hilos = [threading.Thread(target=f) for f in (escribir, escribir, leer, leer)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert not fallas
    assert sorted(p.name for p in _archivo_cache().parent.iterdir()) == ["contenido.pickle"]
