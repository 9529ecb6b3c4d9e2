"""El buzón: escribir, releer, importar, identidad y asistencia."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from taller.buzon import registro
from taller.buzon.identidad import (
    agregar_a_asistencia,
    cargar_participante,
    guardar_participante,
    leer_asistencia,
    nuevo_participante,
)
from taller.buzon.registro import (
    ESQUEMA,
    Buzon,
    Participante,
    RegistroDeParticipante,
    Respuesta,
    importar_buzon,
    preparar_buzon_compartido,
)

ANA = Participante("a1b2c3", "Ana", "G1")
LUIS = Participante("d4e5f6", "Luis", "G1")


def _respuestas(n: int, ejercicio: str = "m1-ej", intento: int = 1) -> list[Respuesta]:
    return [Respuesta(ejercicio, str(i), f"opción {i}", i % 2 == 0, intento) for i in range(n)]


def test_registrar_escribe_una_linea_por_respuesta_con_el_esquema(tmp_path: Path) -> None:
    buzon = Buzon(tmp_path / "buzon")
    buzon.registrar(ANA, [Respuesta("m1-ej", "", ["a", "b"], None, 2, "final", 0.5)])
    lineas = (tmp_path / "buzon" / "a1b2c3.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lineas) == 1
    registro_ = json.loads(lineas[0])
    assert set(registro_) == {
        "v", "uid", "participante", "alias", "grupo", "ejercicio", "elemento", "valor",
        "correcta", "intento", "modo", "puntaje", "momento",
    }  # fmt: skip
    assert registro_["v"] == ESQUEMA
    assert len(registro_["uid"]) == 32
    assert registro_["valor"] == ["a", "b"]
    assert registro_["momento"].endswith("+00:00")
    assert buzon.del_participante("a1b2c3") == [registro_]


def test_el_texto_con_acentos_y_saltos_de_linea_se_conserva(tmp_path: Path) -> None:
    buzon = Buzon(tmp_path)
    texto = "Me comprometo a\natender con respeto.\n¿Cómo? «Así»"
    buzon.registrar(ANA, [Respuesta("m9-reflexion", "", texto, None, 1)])
    assert buzon.del_participante(ANA.id)[0]["valor"] == texto


@pytest.mark.skipif(os.name != "posix", reason="permisos POSIX")
def test_los_archivos_se_crean_solo_para_su_duena(tmp_path: Path) -> None:
    os.umask(0o022)
    buzon = Buzon(tmp_path)
    buzon.registrar(ANA, _respuestas(1))
    assert stat.S_IMODE(os.stat(buzon.archivo_de(ANA.id)).st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="permisos POSIX")
def test_preparar_buzon_compartido_pone_1733(tmp_path: Path) -> None:
    carpeta = preparar_buzon_compartido(tmp_path / "compartido")
    modo = os.stat(carpeta).st_mode
    assert stat.S_IMODE(modo) == 0o1733
    assert modo & stat.S_ISVTX


def test_del_participante_no_abre_otros_archivos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buzon = Buzon(tmp_path)
    buzon.registrar(ANA, _respuestas(3))
    buzon.registrar(LUIS, _respuestas(2))
    abiertos: list[str] = []
    abrir = os.open

    def espiar(ruta: str | os.PathLike[str], *args: int, **kwargs: int) -> int:
        abiertos.append(os.fspath(ruta))
        return abrir(ruta, *args, **kwargs)

    def prohibido(*_: object) -> None:
        raise AssertionError("del_participante no debe listar la carpeta")

    monkeypatch.setattr(registro.os, "open", espiar)
    monkeypatch.setattr(registro.os, "scandir", prohibido)
    monkeypatch.setattr(registro.os, "listdir", prohibido)
    assert len(buzon.del_participante(LUIS.id)) == 2
    assert abiertos == [str(buzon.archivo_de(LUIS.id))]


def _como_nobody(carpeta: Path, ajeno: Path) -> list[str]:
    """Lo que ve una cuenta sin privilegios: se corre en un hijo (fork) que deja de ser root."""
    import pwd

    cuenta = pwd.getpwnam("nobody")
    lectura, escritura = os.pipe()
    pid = os.fork()
    if pid == 0:  # hijo
        resultados = []
        try:
            os.close(lectura)
            os.setgroups([])
            os.setgid(cuenta.pw_gid)
            os.setuid(cuenta.pw_uid)
            try:
                os.listdir(carpeta)
                resultados.append("listdir-permitido")
            except PermissionError:
                resultados.append("listdir-negado")
            try:
                ajeno.read_bytes()
                resultados.append("lectura-permitida")
            except PermissionError:
                resultados.append("lectura-negada")
            propio = Participante("nadie", "N", "G1")
            Buzon(carpeta).registrar(propio, [Respuesta("e", "", 1, True, 1)])
            resultados.append(str(len(Buzon(carpeta).del_participante("nadie"))))
        except BaseException as error:  # se informa al padre, que es quien falla
            resultados.append(f"error:{error!r}")
        finally:
            os.write(escritura, " ".join(resultados).encode())
            os._exit(0)
    os.close(escritura)
    with os.fdopen(lectura, "rb") as tubo:
        salida = tubo.read().decode()
    os.waitpid(pid, 0)
    return salida.split(" ")


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0,
    reason="hace falta ser root para que un proceso hijo se vuelva «nobody»",
)
def test_en_un_buzon_compartido_nadie_lista_ni_lee_lo_ajeno() -> None:
    import pwd
    import shutil
    import tempfile

    try:
        pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no existe la cuenta «nobody»")
    # tmp_path cuelga de una carpeta 700 de root: se usa una carpeta propia, atravesable.
    base = Path(tempfile.mkdtemp(prefix="taller-buzon-"))
    try:
        os.chmod(base, 0o755)
        carpeta = preparar_buzon_compartido(base / "buzon")
        buzon = Buzon(carpeta)
        buzon.registrar(ANA, _respuestas(1))
        assert _como_nobody(carpeta, buzon.archivo_de(ANA.id)) == [
            "listdir-negado", "lectura-negada", "1",
        ]  # fmt: skip
        propio = os.stat(buzon.archivo_de("nadie"))
        assert stat.S_IMODE(propio.st_mode) == 0o600
        assert propio.st_uid == pwd.getpwnam("nobody").pw_uid
        # Quien facilita (root) sigue leyendo todo.
        assert {r["participante"] for r in buzon.leer().registros} == {ANA.id, "nadie"}
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_anteriores_devuelve_el_ultimo_intento(tmp_path: Path) -> None:
    ana = RegistroDeParticipante(Buzon(tmp_path), ANA)
    assert ana.anteriores("m1-ej") == []
    assert ana.intentos("m1-ej") == 0
    ana.registrar(_respuestas(3, intento=1))
    ana.registrar(_respuestas(2, intento=2))
    ana.registrar([Respuesta("m1-ej", "", "x", True, 5, modo="final")])
    ana.registrar(_respuestas(4, ejercicio="otro", intento=7))
    ultimos = ana.anteriores("m1-ej")
    assert [r["elemento"] for r in ultimos] == ["0", "1"]
    assert {r["intento"] for r in ultimos} == {2}
    assert ana.intentos("m1-ej") == 2
    assert ana.intentos("m1-ej", "final") == 5
    assert ana.anteriores("m1-ej", "final")[0]["valor"] == "x"


def test_un_id_con_ruta_se_rechaza(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Identificador de participante no válido"):
        Buzon(tmp_path).registrar(Participante("../fuera", "A", "G"), _respuestas(1))


def test_un_valor_que_no_es_json_da_un_error_claro(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="No se puede guardar un valor de tipo object"):
        Buzon(tmp_path).registrar(ANA, [Respuesta("e", "", object(), None, 1)])
    conjunto = Respuesta("e", "", {"b", "a"}, None, 1)
    Buzon(tmp_path).registrar(ANA, [conjunto])
    assert Buzon(tmp_path).del_participante(ANA.id)[0]["valor"] == ["a", "b"]


def test_leer_un_buzon_que_no_existe_no_falla(tmp_path: Path) -> None:
    lectura = Buzon(tmp_path / "no-existe").leer()
    assert lectura.registros == [] and lectura.problemas == []


def test_un_registro_en_el_archivo_de_otra_persona_se_reporta(tmp_path: Path) -> None:
    buzon = Buzon(tmp_path)
    buzon.registrar(ANA, _respuestas(1))
    ajeno = buzon.del_participante(ANA.id)[0] | {"uid": "otro"}
    with buzon.archivo_de(LUIS.id).open("w", encoding="utf-8") as archivo:
        archivo.write(json.dumps(ajeno) + "\n")
    lectura = buzon.leer()
    assert len(lectura.registros) == 1
    assert "está en el archivo de «d4e5f6»" in str(lectura.problemas[0])


def test_importar_junta_sin_repetir(tmp_path: Path) -> None:
    salon, laptop, central = (Buzon(tmp_path / n) for n in ("salon", "laptop", "central"))
    salon.registrar(ANA, _respuestas(3))
    laptop.registrar(LUIS, _respuestas(2))
    laptop.registrar(ANA, _respuestas(1, ejercicio="m2-ej"))
    primero = importar_buzon(salon.carpeta, central.carpeta)
    assert (primero.leidos, primero.nuevos, primero.repetidos) == (3, 3, 0)
    segundo = importar_buzon(laptop.carpeta, central.carpeta)
    assert segundo.nuevos == 3
    otra_vez = importar_buzon(salon.carpeta, central.carpeta)
    assert (otra_vez.nuevos, otra_vez.repetidos) == (0, 3)
    assert "3 ya estaban en el buzón" in str(otra_vez)
    lectura = central.leer()
    assert len(lectura.registros) == 6 and not lectura.problemas
    assert len(central.del_participante(ANA.id)) == 4
    uids = {r["uid"] for r in salon.leer().registros + laptop.leer().registros}
    assert {r["uid"] for r in lectura.registros} == uids


def test_importar_de_una_carpeta_inexistente(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="No existe la carpeta del buzón a importar"):
        importar_buzon(tmp_path / "nada", tmp_path / "destino")


def test_buzon_por_defecto_respeta_la_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taller.carpeta import carpeta_buzon as buzon_por_defecto

    monkeypatch.delenv("TALLER_BUZON", raising=False)
    assert buzon_por_defecto(tmp_path) == tmp_path / "buzon"
    monkeypatch.setenv("TALLER_BUZON", str(tmp_path / "compartido"))
    assert buzon_por_defecto(tmp_path) == tmp_path / "compartido"
    monkeypatch.setenv("TALLER_BUZON", "  ")
    assert buzon_por_defecto(tmp_path) == tmp_path / "buzon"


# --- Identidad y asistencia ----------------------------------------------------------------


def test_nuevo_participante_limpia_y_da_un_id_aleatorio() -> None:
    uno = nuevo_participante("  Ana   María ", " cejum-1 ")
    otro = nuevo_participante("Ana María", "CEJUM-1")
    assert (uno.alias, uno.grupo) == ("Ana María", "CEJUM-1")
    assert uno.id != otro.id and len(uno.id) == 16


@pytest.mark.parametrize(
    ("alias", "grupo", "mensaje"),
    [
        ("", "G1", "Escriba un seudónimo"),
        ("   ", "G1", "Escriba un seudónimo"),
        ("x" * 41, "G1", "seudónimo es demasiado largo: 41 caracteres"),
        ("Ana", "", "Escriba un código de grupo"),
        ("Ana", "G" * 31, "código de grupo es demasiado largo"),
        ("Ana", "a/b", "no puede llevar «/»"),
        ("Ana\x00", "G1", "caracteres de control"),
        (None, "G1", "debe ser texto"),
    ],
    ids=["vacio", "espacios", "alias-largo", "sin-grupo", "grupo-largo", "barra", "control",
         "no-texto"],
)  # fmt: skip
def test_nuevo_participante_rechaza_con_mensaje_claro(alias, grupo, mensaje) -> None:
    with pytest.raises(ValueError, match=mensaje):
        nuevo_participante(alias, grupo)


def test_guardar_y_cargar_participante(tmp_path: Path) -> None:
    ruta = tmp_path / "yo" / "participante.json"
    assert cargar_participante(ruta) is None
    persona = nuevo_participante("Ana", "G1")
    guardar_participante(ruta, persona)
    assert cargar_participante(ruta) == persona
    assert [p.name for p in ruta.parent.iterdir()] == ["participante.json"]


@pytest.mark.parametrize(
    "contenido",
    [b"{no es json", b"\xff\xfe\x00", b"[]", b'{"id": "../x", "alias": "A", "grupo": "G"}',
     b'{"id": "abc"}', b'{"id": "abc", "alias": "", "grupo": "G"}'],
    ids=["json-roto", "binario", "lista", "id-con-ruta", "faltan-campos", "alias-vacio"],
)  # fmt: skip
def test_un_archivo_de_identidad_danado_da_none(tmp_path: Path, contenido: bytes) -> None:
    ruta = tmp_path / "participante.json"
    ruta.write_bytes(contenido)
    assert cargar_participante(ruta) is None


def test_la_asistencia_vive_aparte_y_se_puede_corregir(tmp_path: Path) -> None:
    carpeta = tmp_path / "facilitacion"
    assert leer_asistencia(carpeta) == {}
    agregar_a_asistencia(carpeta, "a1b2c3", "Ana Pérez Núñez")
    agregar_a_asistencia(carpeta, "d4e5f6", "Luis, «el de recepción»")
    agregar_a_asistencia(carpeta, "a1b2c3", "Ana Pérez Núñez de León")
    assert leer_asistencia(carpeta) == {
        "a1b2c3": "Ana Pérez Núñez de León",
        "d4e5f6": "Luis, «el de recepción»",
    }
    assert (carpeta / "asistencia.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(carpeta / "asistencia.csv").st_mode) == 0o600
    with pytest.raises(ValueError, match="Escriba un nombre"):
        agregar_a_asistencia(carpeta, "a1b2c3", "  ")


@pytest.mark.parametrize(
    ("campo", "valor", "mensaje"),
    [
        ("grupo", ["G1"], "«grupo» no es texto"),
        ("alias", 7, "«alias» no es texto"),
        ("intento", 0, "«intento» vale 0"),
        ("intento", 2**40, "«intento» vale"),
        ("correcta", "sí", "«correcta» no es true"),
        ("puntaje", "alto", "«puntaje» no es un número"),
    ],
)
def test_registro_con_tipos_ajenos_se_reporta_y_no_rompe_el_tablero(
    tmp_path: Path, campo: str, valor: object, mensaje: str
) -> None:
    from taller.tablero import cifras as tablero

    buzon = Buzon(tmp_path)
    persona = Participante("p1", "Ana", "G1")
    buzon.registrar(persona, _respuestas(2))
    linea = json.loads(buzon.archivo_de("p1").read_text(encoding="utf-8").splitlines()[0])
    linea.update({campo: valor, "uid": "ajeno"})
    with buzon.archivo_de("p1").open("a", encoding="utf-8") as archivo:
        archivo.write(json.dumps(linea) + "\n")
    lectura = buzon.leer()
    assert len(lectura.registros) == 2
    assert [p.linea for p in lectura.problemas] == [3]
    assert mensaje in lectura.problemas[0].mensaje
    assert len(tablero.tabla_registros(lectura)) == 2
