"""Dónde guarda el servicio las respuestas: SQLAlchemy, como JupyterHub.

SQLite por omisión (un archivo en el disco del servicio, modo WAL) y PostgreSQL por URL
(``postgresql+psycopg://usuario@servidor/base``) para instalaciones grandes.

Esquema versionado (tabla ``taller_meta``): se crea o se actualiza al arrancar. Los campos
de ``taller_respuestas`` son los de un registro del buzón local (esquema 1), más:

- ``n``: el número de llegada (creciente); quien lee de forma incremental pide
  «lo que llegó después de ``n``». Las escrituras se hacen de una en una (SQLite lo hace
  solo; en PostgreSQL con un candado de transacción), así que un ``n`` menor nunca se
  confirma después de uno mayor y la lectura incremental no se salta nada.
- ``recibido``: cuándo lo recibió el servicio (UTC).

``participante`` no es el nombre de usuario del hub sino un hash con clave (HMAC-SHA256
con el secreto del servicio): la base de datos no guarda nombres de usuario en claro.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from taller.buzon.esquema import a_json, validar_registro
from taller.buzon.registro import EXTENSION

#: Versión del esquema de la base de datos del servicio (no la del registro, que es ``v``).
VERSION_BASE = 1

#: Claves de un registro, en el orden del buzón local.
CLAVES = (
    "v", "uid", "participante", "alias", "grupo", "ejercicio", "elemento", "valor",
    "correcta", "intento", "modo", "puntaje", "momento",
)  # fmt: skip

_meta = sa.MetaData()

meta = sa.Table(
    "taller_meta",
    _meta,
    sa.Column("clave", sa.String(40), primary_key=True),
    sa.Column("valor", sa.String(200), nullable=False),
)

respuestas = sa.Table(
    "taller_respuestas",
    _meta,
    sa.Column("n", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
              autoincrement=True),
    sa.Column("uid", sa.String(64), nullable=False, unique=True),
    sa.Column("v", sa.SmallInteger, nullable=False),
    sa.Column("participante", sa.String(64), nullable=False),
    # Los largos son los del esquema del buzón (``taller.buzon.esquema.MAX_TEXTO``).
    sa.Column("alias", sa.String(200), nullable=False),
    sa.Column("grupo", sa.String(200), nullable=False),
    sa.Column("ejercicio", sa.String(200), nullable=False),
    sa.Column("elemento", sa.String(200), nullable=False),
    sa.Column("valor", sa.Text, nullable=False),  # JSON
    sa.Column("correcta", sa.Boolean, nullable=True),
    sa.Column("intento", sa.Integer, nullable=False),
    sa.Column("modo", sa.String(20), nullable=False),
    sa.Column("puntaje", sa.Float, nullable=True),
    sa.Column("momento", sa.String(64), nullable=False),
    sa.Column("recibido", sa.String(40), nullable=False),
    sa.Index("ix_taller_respuestas_grupo_n", "grupo", "n"),
    sa.Index("ix_taller_respuestas_participante_n", "participante", "n"),
)  # fmt: skip

#: Una clave fija para el candado de escritura en PostgreSQL (``pg_advisory_xact_lock``).
_CANDADO_PG = 0x7A11E5


class ConflictoDeUid(ValueError):
    """Un ``uid`` ya guardado llegó con otro contenido o de otra persona."""


def url_sqlite(ruta: str) -> str:
    return f"sqlite:///{ruta}"


def _motor(url: str) -> sa.Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite"):
        motor = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @sa.event.listens_for(motor, "connect")
        def _al_conectar(conexion: Any, _registro: Any) -> None:
            # WAL: quien lee no espera a quien escribe; synchronous=NORMAL en WAL no pierde
            # nada si el proceso muere (solo ante un corte de luz, lo último confirmado).
            conexion.isolation_level = None  # BEGIN lo da SQLAlchemy
            cursor = conexion.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @sa.event.listens_for(motor, "begin")
        def _al_empezar(conexion: sa.Connection) -> None:
            # Al escribir, BEGIN IMMEDIATE: toma el candado de escritura al empezar, no a la
            # mitad (dos escrituras no se bloquean entre sí); al leer, BEGIN (no espera).
            if conexion.get_execution_options().get("taller_escribir"):
                conexion.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conexion.exec_driver_sql("BEGIN")

        return motor
    return sa.create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)


def _ahora() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Almacen:
    """Las respuestas recibidas por el servicio."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.motor = _motor(url)
        self.es_postgres = self.motor.dialect.name == "postgresql"
        self._escritura = self.motor.execution_options(taller_escribir=True)
        self.preparar()

    def __repr__(self) -> str:
        return f"Almacen({self.motor.url.render_as_string(hide_password=True)!r})"

    def cerrar(self) -> None:
        self.motor.dispose()

    # --- Esquema ----------------------------------------------------------------------

    def version(self) -> int | None:
        with self.motor.connect() as con:
            if not sa.inspect(con).has_table(meta.name):
                return None
            fila = con.execute(
                sa.select(meta.c.valor).where(meta.c.clave == "version")
            ).scalar_one_or_none()
            return int(fila) if fila is not None else None

    def preparar(self) -> None:
        """Crea el esquema si no existe, o lo actualiza a ``VERSION_BASE``."""
        actual = self.version()
        if actual is not None and actual > VERSION_BASE:
            msg = (
                f"La base de datos tiene el esquema {actual}, más nuevo que el de este "
                f"servicio ({VERSION_BASE}): actualice el paquete taller."
            )
            raise RuntimeError(msg)
        with self._escritura.begin() as con:
            if self.es_postgres:
                con.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CANDADO_PG})
            _meta.create_all(con, checkfirst=True)
            # Aquí irán los pasos de una versión a la siguiente (``actual`` → ``actual+1``).
            if actual is None:
                con.execute(sa.insert(meta).values(clave="version", valor=str(VERSION_BASE)))

    # --- Escribir ---------------------------------------------------------------------

    def guardar(self, registros: Sequence[dict[str, Any]]) -> tuple[int, int]:
        """Guarda los registros (ya validados) en una transacción; devuelve
        ``(nuevos, repetidos)``. Un ``uid`` ya guardado con el mismo contenido y la misma
        persona cuenta como repetido (un reintento); con otro contenido, ``ConflictoDeUid``
        y no se guarda nada."""
        (resultado,) = self.guardar_lote([registros])
        if isinstance(resultado, ConflictoDeUid):
            raise resultado
        return resultado

    def guardar_lote(
        self, peticiones: Sequence[Sequence[dict[str, Any]]]
    ) -> list[tuple[int, int] | ConflictoDeUid]:
        """Guarda varias peticiones en **una** transacción (un solo ``COMMIT``: en
        PostgreSQL cada uno espera al disco). Cada petición se acepta o rechaza entera, como
        con ``guardar``: su resultado es ``(nuevos, repetidos)`` o el ``ConflictoDeUid``."""
        recibido = _ahora()
        lotes = [
            [
                {**r, "valor": json.dumps(r["valor"], ensure_ascii=False, sort_keys=True),
                 "recibido": recibido}
                for r in registros
            ]
            for registros in peticiones
        ]  # fmt: skip
        todos = list({f["uid"] for filas in lotes for f in filas})
        resultados: list[tuple[int, int] | ConflictoDeUid] = []
        with self._escritura.begin() as con:
            if self.es_postgres:
                con.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CANDADO_PG})
            existentes: dict[str, dict[str, Any]] = {}
            for i in range(0, len(todos), 1000):
                consulta = sa.select(respuestas).where(respuestas.c.uid.in_(todos[i : i + 1000]))
                existentes.update((f.uid, f._asdict()) for f in con.execute(consulta))
            nuevas: list[dict[str, Any]] = []
            for filas in lotes:
                resultados.append(_aceptar(filas, existentes, nuevas))
            if nuevas:
                insertar = (postgresql if self.es_postgres else sqlite).insert(respuestas)
                con.execute(insertar.on_conflict_do_nothing(index_elements=["uid"]), nuevas)
        return resultados

    # --- Leer -------------------------------------------------------------------------

    def leer(
        self,
        *,
        desde: int = 0,
        grupo: str | None = None,
        participante: str | None = None,
        limite: int = 5000,
    ) -> tuple[list[dict[str, Any]], int]:
        """Los registros con ``n > desde`` (en orden de llegada), del grupo o de la persona
        si se piden; devuelve también el último ``n`` entregado (o ``desde``)."""
        consulta = sa.select(respuestas).where(respuestas.c.n > desde)
        if grupo is not None:
            consulta = consulta.where(respuestas.c.grupo == grupo)
        if participante is not None:
            consulta = consulta.where(respuestas.c.participante == participante)
        consulta = consulta.order_by(respuestas.c.n).limit(limite)
        with self.motor.connect() as con:
            filas = con.execute(consulta).all()
        registros = [_a_registro(f) for f in filas]
        return registros, (filas[-1].n if filas else desde)

    def contar(self) -> int:
        with self.motor.connect() as con:
            return con.execute(sa.select(sa.func.count()).select_from(respuestas)).scalar_one()

    def uids(self) -> list[str]:
        with self.motor.connect() as con:
            return list(con.execute(sa.select(respuestas.c.uid)).scalars())


def _misma(previa: dict[str, Any], fila: dict[str, Any]) -> bool:
    return all(
        previa[c] == fila[c]
        for c in ("participante", "ejercicio", "elemento", "intento", "modo", "valor")
    )


def _aceptar(
    filas: list[dict[str, Any]], existentes: dict[str, dict[str, Any]], nuevas: list[dict[str, Any]]
) -> tuple[int, int] | ConflictoDeUid:
    """Decide una petición: las filas nuevas se agregan a ``nuevas`` (y a ``existentes``,
    para las peticiones siguientes del mismo lote), o ninguna si hay un conflicto."""
    uids = [f["uid"] for f in filas]
    if len(set(uids)) != len(uids):
        return ConflictoDeUid("la misma petición trae dos veces el mismo «uid»")
    propias = []
    for fila in filas:
        previa = existentes.get(fila["uid"])
        if previa is None:
            propias.append(fila)
        elif not _misma(previa, fila):
            return ConflictoDeUid(f"el «uid» {fila['uid']} ya se usó para otra respuesta")
    for fila in propias:
        existentes[fila["uid"]] = fila
    nuevas.extend(propias)
    return len(propias), len(filas) - len(propias)


def _a_registro(fila: Any) -> dict[str, Any]:
    registro = {c: getattr(fila, c) for c in CLAVES}
    registro["valor"] = json.loads(registro["valor"])
    registro["n"] = fila.n
    return registro


def borrar_todo(url: str, tablas: Iterable[str] = ("taller_respuestas", "taller_meta")) -> None:
    """Borra las tablas del servicio (para pruebas y para empezar de cero)."""
    motor = _motor(url)
    try:
        with motor.begin() as con:
            for tabla in tablas:
                con.execute(sa.text(f"DROP TABLE IF EXISTS {tabla}"))
    finally:
        motor.dispose()


def exportar_a_buzon(url: str, carpeta: str | Path, grupo: str | None = None) -> int:
    """Copia las respuestas de la base del servicio (de un grupo, o todas) a un buzón local
    (una carpeta con un archivo por participante), el que leen ``taller informe`` y el
    tablero. Repetirlo no duplica nada (importa por ``uid``). Devuelve cuántas agregó."""
    from taller.buzon.registro import importar_buzon

    almacen = Almacen(url)
    try:
        registros, _ = almacen.leer(grupo=grupo, limite=2**62)
    finally:
        almacen.cerrar()
    por_persona: dict[str, list[dict[str, Any]]] = {}
    for registro in registros:
        registro.pop("n", None)
        por_persona.setdefault(registro["participante"], []).append(registro)
    with tempfile.TemporaryDirectory() as temporal:
        for participante, lista in por_persona.items():
            lineas = []
            for registro in lista:
                validado = validar_registro(registro, participante)
                if isinstance(validado, str):  # no debería pasar: se validó al recibirlo
                    raise ValueError(f"Respuesta {registro['uid']} no válida: {validado}")
                lineas.append(a_json(validado))
            (Path(temporal) / f"{participante}{EXTENSION}").write_bytes(b"".join(lineas))
        return importar_buzon(temporal, carpeta).nuevos
