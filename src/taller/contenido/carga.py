"""Carga y validación del contenido de ``datos/``.

``cargar_contenido()`` lee todos los archivos, junta **todos** los problemas y, si hay
alguno, lanza un solo ``ContenidoInvalido`` con la lista; si no, devuelve ``Contenido``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from taller.contenido import modelo as m
from taller.contenido._campos import Bloque, completos, describir, elegir, pista, uno_de
from taller.contenido._ejercicios import Referencias, campos_de, cargar_ejercicio
from taller.contenido._lectura import (
    ILEGIBLE,
    LIMITE_MB,
    VARIABLE_LIMITE,
    Lista,
    Mapa,
    leer_csv,
    leer_yaml,
)
from taller.contenido.errores import ContenidoInvalido, Problema, Problemas
from taller.contenido.recursos import carpeta_datos

# El límite de tamaño de un archivo de datos y la variable de entorno que lo cambia.
__all__ = ["LIMITE_MB", "VARIABLE_LIMITE", "ContenidoInvalido", "cargar_contenido"]

# Las columnas de cada CSV son los campos de su clase del modelo; una columna de un campo
# con valor por defecto puede quedar vacía.
COLUMNAS_FUENTES = m.nombres(m.Fuente)
COLUMNAS_VALORES = m.nombres(m.Valor)
COLUMNAS_GLOSARIO = m.nombres(m.Termino)
T = TypeVar("T")
_FECHA = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOMBRES = {
    "fuente": ("fuente desconocida", "fuentes.csv"),
    "valor": ("valor desconocido", "valores.csv"),
    "modulo": ("módulo desconocido", "modulos.yaml"),
}


def cargar_contenido(carpeta: str | os.PathLike[str] | None = None) -> m.Contenido:
    """Carga ``datos/`` (o ``carpeta``, o ``$TALLER_DATOS``) y lo valida por completo."""
    try:
        raiz = carpeta_datos(carpeta)
    except FileNotFoundError as exc:
        raise ContenidoInvalido([Problema("datos", 0, "carpeta", str(exc))]) from None
    problemas = Problemas(raiz)
    if not raiz.is_dir():
        problemas.agregar(
            raiz,
            0,
            "carpeta",
            "se esperaba una carpeta de contenido y no existe o no es una carpeta",
        )
        raise ContenidoInvalido(problemas.lista)
    refs = Referencias()
    fuentes = _protegido(_cargar_fuentes, raiz / "fuentes.csv", problemas, refs)
    valores = _protegido(_cargar_valores, raiz / "valores.csv", problemas, refs)
    glosario = _protegido(_cargar_glosario, raiz / "glosario.csv", problemas, refs)
    taller = _protegido(_cargar_taller, raiz / "taller.yaml", problemas, refs)
    modulos = _protegido(_cargar_modulos, raiz / "modulos.yaml", problemas, refs)
    ejercicios = _cargar_ejercicios(raiz / "ejercicios", problemas, refs)
    cargados = {"fuente": fuentes, "valor": valores, "modulo": modulos}
    for tipo, id_, archivo, linea, campo in refs.citas:
        conocidos = refs.declarados[tipo]
        if cargados[tipo] is not None and tipo not in refs.incompletos and id_ not in conocidos:
            que, donde = _NOMBRES[tipo]
            problemas.agregar(
                archivo,
                linea,
                campo,
                f"{que} «{id_}»: se esperaba un id de {donde}{pista(id_, conocidos)}",
            )
    if (
        problemas
        or taller is None
        or fuentes is None
        or valores is None
        or modulos is None
        or glosario is None
    ):
        if not problemas:  # no debería pasar: nunca se falla sin decir por qué
            problemas.agregar(
                raiz,
                0,
                "contenido",
                "no se pudo cargar y no se encontró el motivo; avise a quien mantiene el paquete",
            )
        raise ContenidoInvalido(problemas.lista)
    return m.Contenido(
        carpeta=raiz,
        taller=taller,
        modulos=modulos,
        valores=valores,
        glosario=glosario,
        fuentes=fuentes,
        ejercicios=ejercicios,
    )


def _protegido(
    cargar: Callable[..., T], archivo: Path, problemas: Problemas, refs: Referencias
) -> T | None:
    """Carga un archivo; un error inesperado del cargador se vuelve un problema de ese
    archivo (la persona ve qué archivo revisar, nunca un traceback)."""
    try:
        return cargar(archivo, problemas, refs)
    except Exception as exc:  # red de seguridad: se reporta
        problemas.agregar(
            archivo,
            0,
            "archivo",
            "no se pudo validar este archivo por un error "
            f"interno ({type(exc).__name__}: {exc}); avise a quien mantiene el "
            "paquete",
        )
        return None


def _falta(archivo: Path, problemas: Problemas) -> bool:
    if not archivo.is_file():
        if archivo.is_dir():
            que = "es una carpeta"
        elif archivo.is_symlink() or archivo.exists():
            que = "no es un archivo normal (¿una tubería, un dispositivo o un enlace roto?)"
        else:
            que = "no existe"
        problemas.agregar(archivo, 0, "archivo", f"se esperaba este archivo y {que}")
        return True
    return False


def _celda(
    fila: dict[str, str],
    campo: str,
    archivo: Path,
    linea: int,
    problemas: Problemas,
    vacia: bool = False,
) -> str | None:
    valor = fila[campo]
    if not valor and not vacia:
        problemas.agregar(archivo, linea, campo, "se esperaba un texto y la celda está vacía")
        return None
    return valor


def _lista_celda(valor: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in valor.split(";") if p.strip())


def _id_unico(
    id_: str | None,
    vistos: dict[str, int],
    archivo: Path,
    linea: int,
    campo: str,
    problemas: Problemas,
) -> bool:
    if id_ is None:
        return False
    if not m.PATRON_ID.match(id_):
        problemas.agregar(
            archivo,
            linea,
            campo,
            f"se esperaba un id en minúsculas, números y guiones y se encontró «{id_}»",
        )
        return False
    if id_ in vistos:
        problemas.agregar(
            archivo, linea, campo, f"id «{id_}» repetido (ya usado en la línea {vistos[id_]})"
        )
        return False
    vistos[id_] = linea
    return True


def _filas(
    archivo: Path,
    columnas: tuple[str, ...],
    problemas: Problemas,
    refs: Referencias,
    tipo: str,
    minimo: int = 1,
) -> list[tuple[int, dict[str, str]]] | None:
    """Las filas de un CSV; si alguna no se pudo leer, sus ids no se conocen y las citas de
    ese ``tipo`` no se verifican (evita cientos de «desconocida» por una sola coma)."""
    if _falta(archivo, problemas):
        return None
    antes = len(problemas.lista)
    filas = leer_csv(archivo, columnas, problemas)
    if len(problemas.lista) > antes:
        refs.incompletos.add(tipo)
    elif filas is not None and len(filas) < minimo:
        problemas.agregar(
            archivo,
            2,
            "CSV",
            f"se esperaba al menos {minimo} fila de datos debajo de la cabecera y no hay ninguna",
        )
    return filas


def _por_id(
    archivo: Path,
    clase: type[Any],
    problemas: Problemas,
    refs: Referencias,
    tipo: str,
    convertir: Callable[[dict[str, str | None], int], T | None],
) -> dict[str, T] | None:
    """Los objetos de un CSV cuyas columnas son los campos de ``clase``, por ``id``.

    ``convertir(celdas, línea)`` arma cada objeto (``None`` si algo falta; una celda
    obligatoria vacía ya viene como ``None`` y anotada); una fila cuyo id no es válido o se
    repite se anota y no entra."""
    columnas, vacias = m.nombres(clase), m.campos(clase)[1]
    filas = _filas(archivo, columnas, problemas, refs, tipo)
    if filas is None:
        return None
    refs.declarados[tipo].update(f["id"] for _, f in filas)
    vistos: dict[str, int] = {}
    objetos: dict[str, T] = {}
    for linea, fila in filas:
        c = {k: _celda(fila, k, archivo, linea, problemas, vacia=k in vacias) for k in columnas}
        id_ = c["id"]
        objeto = convertir(c, linea)
        if _id_unico(id_, vistos, archivo, linea, "id", problemas) and id_ and objeto:
            objetos[id_] = objeto
    return objetos


_SI_NO = {"si": True, "sí": True, "no": False}


def _fecha(texto: str) -> date | None:
    """La fecha de un texto AAAA-MM-DD; si no es una fecha así, ``None``."""
    if not _FECHA.match(texto):
        return None
    try:
        return date.fromisoformat(texto)
    except ValueError:  # como 2026-02-30
        return None


def _cargar_fuentes(
    archivo: Path, problemas: Problemas, refs: Referencias
) -> dict[str, m.Fuente] | None:
    def fuente(c: dict[str, str | None], linea: int) -> m.Fuente | None:
        texto_fecha, texto_verificar = c.pop("fecha_consulta"), c.pop("por_verificar")
        fecha = _fecha(texto_fecha) if texto_fecha else None
        if texto_fecha and fecha is None:
            problemas.agregar(
                archivo,
                linea,
                "fecha_consulta",
                f"se esperaba una fecha AAAA-MM-DD y se encontró «{texto_fecha}»",
            )
        verificar = _SI_NO.get((texto_verificar or "").lower())
        if texto_verificar and verificar is None:
            problemas.agregar(
                archivo,
                linea,
                "por_verificar",
                f"se esperaba «si» o «no» y se encontró «{texto_verificar}»",
            )
        d = completos(c)
        if d is None or fecha is None or verificar is None:
            return None
        return m.Fuente(**d, fecha_consulta=fecha, por_verificar=verificar)

    return _por_id(archivo, m.Fuente, problemas, refs, "fuente", fuente)


def _cargar_valores(
    archivo: Path, problemas: Problemas, refs: Referencias
) -> dict[str, m.Valor] | None:
    def valor(c: dict[str, str | None], linea: int) -> m.Valor | None:
        texto_tipo = c.pop("tipo")
        tipo = None if texto_tipo is None else elegir(texto_tipo, m.TIPOS_DE_VALOR)
        if texto_tipo is not None and tipo is None:
            problemas.agregar(
                archivo,
                linea,
                "tipo",
                f"se esperaba {uno_de(m.TIPOS_DE_VALOR)} y se encontró «{texto_tipo}»",
            )
        fuentes = _lista_celda(c.pop("fuentes") or "")
        refs.citas.extend(("fuente", f, archivo, linea, "fuentes") for f in fuentes)
        d = completos(c)
        return None if d is None or tipo is None else m.Valor(**d, tipo=tipo, fuentes=fuentes)

    return _por_id(archivo, m.Valor, problemas, refs, "valor", valor)


def _cargar_glosario(
    archivo: Path, problemas: Problemas, refs: Referencias
) -> tuple[m.Termino, ...] | None:
    filas = _filas(archivo, COLUMNAS_GLOSARIO, problemas, refs, "termino", minimo=0)
    if filas is None:
        return None
    terminos: list[m.Termino] = []
    vistos: dict[str, int] = {}
    for linea, fila in filas:
        termino = _celda(fila, "termino", archivo, linea, problemas)
        definicion = _celda(fila, "definicion", archivo, linea, problemas)
        fuentes = _lista_celda(fila["fuentes"])
        refs.citas.extend(("fuente", f, archivo, linea, "fuentes") for f in fuentes)
        if termino and termino.lower() in vistos:
            problemas.agregar(
                archivo,
                linea,
                "termino",
                f"término «{termino}» repetido (ya definido en la línea {vistos[termino.lower()]})",
            )
        elif termino and definicion:
            vistos[termino.lower()] = linea
            terminos.append(m.Termino(termino=termino, definicion=definicion, fuentes=fuentes))
    return tuple(terminos)


def _raiz_yaml(
    archivo: Path,
    problemas: Problemas,
    requeridos: tuple[str, ...],
    opcionales: tuple[str, ...] = (),
) -> Bloque | None:
    if _falta(archivo, problemas):
        return None
    datos = leer_yaml(archivo, problemas)
    if datos is ILEGIBLE:
        return None
    esperado = f"se esperaba un bloque que empiece con «{requeridos[0]}:»"
    if datos is None:
        problemas.agregar(archivo, 1, requeridos[0], f"{esperado} y el archivo está vacío")
        return None
    if not isinstance(datos, Mapa):
        linea = datos.linea if isinstance(datos, Lista) else 1
        pista = (
            " (¿faltan la línea «ejercicios:» y la sangría?)"
            if isinstance(datos, Lista) and requeridos == ("ejercicios",)
            else ""
        )
        problemas.agregar(
            archivo, linea, requeridos[0], f"{esperado} y se encontró {describir(datos)}{pista}"
        )
        return None
    return Bloque(datos, archivo, problemas, "", requeridos, opcionales)


def _cargar_taller(archivo: Path, problemas: Problemas, refs: Referencias) -> m.DatosTaller | None:
    b = _raiz_yaml(archivo, problemas, *m.campos(m.DatosTaller))
    if b is None:
        return None
    constancia = m.Constancia()
    if "constancia" in b.mapa:
        # En el archivo, si hay bloque «constancia», lleva las dos proporciones.
        proporciones = m.nombres(m.Constancia)
        c = Bloque.de(
            b.mapa["constancia"],
            b.linea_de("constancia"),
            archivo,
            problemas,
            "constancia",
            proporciones,
        )
        if c is not None:
            cifras = {}
            for campo in proporciones:
                valor = c.mapa.get(campo)
                if (
                    isinstance(valor, bool)
                    or not isinstance(valor, int | float)
                    or not (0 <= valor <= 1)
                ):
                    c.anotar(
                        campo,
                        "se esperaba una proporción entre 0 y 1 (como 0.8) y se "
                        f"encontró {describir(valor)}",
                    )
                else:
                    cifras[campo] = float(valor)
            constancia = m.Constancia(**cifras)
    textos = completos({campo: b.texto(campo) for campo in b.requeridos})
    if textos is None:
        return None
    return m.DatosTaller(**textos, constancia=constancia)


def _cargar_modulos(
    archivo: Path, problemas: Problemas, refs: Referencias
) -> dict[str, m.Modulo] | None:
    raiz = _raiz_yaml(archivo, problemas, ("modulos",))
    if raiz is None:
        return None
    lista = raiz.mapa.get("modulos")
    if not isinstance(lista, list) or not all(isinstance(x, Mapa) for x in lista):
        refs.incompletos.add("modulo")
    modulos: dict[str, m.Modulo] = {}
    vistos: dict[str, int] = {}
    numeros: dict[int, int] = {}
    for b in raiz.bloques("modulos", *m.campos(m.Modulo), minimo=1):
        id_ = b.identificador("id")
        if id_:
            refs.declarados["modulo"].add(id_)
        numero = b.entero("numero", minimo=0)
        if numero is not None and numero in numeros:
            b.anotar(
                "numero",
                f"número {numero} repetido (ya usado en la línea "
                f"{numeros[numero]}); se esperaba un número distinto por módulo",
            )
        elif numero is not None:
            numeros[numero] = b.linea_de("numero")
        cuaderno = b.texto("cuaderno")
        if cuaderno and not cuaderno.endswith(".ipynb"):
            b.anotar(
                "cuaderno",
                f"se esperaba un cuaderno terminado en .ipynb y se encontró «{cuaderno}»",
            )
            cuaderno = None
        titulo, duracion = b.texto("titulo"), b.entero("duracion_min", minimo=1)
        objetivos, fuentes = b.textos("objetivos", minimo=1), b.textos("fuentes")
        notas = _notas(b, refs)
        refs.anotar("fuente", fuentes, b, "fuentes")
        unico = id_ is not None and _id_unico(
            id_, vistos, archivo, b.linea_de("id"), b.campo("id"), problemas
        )
        if (
            unico
            and id_ is not None
            and numero is not None
            and titulo is not None
            and cuaderno is not None
            and duracion is not None
            and objetivos
            and notas is not None
        ):
            modulos[id_] = m.Modulo(
                id=id_,
                numero=numero,
                titulo=titulo,
                cuaderno=cuaderno,
                duracion_min=duracion,
                objetivos=objetivos,
                fuentes=fuentes,
                notas=notas,
            )
    return modulos


def _notas(b: Bloque, refs: Referencias) -> m.NotasFacilitacion | None:
    if "notas_facilitacion" not in b.mapa:
        return m.NotasFacilitacion()
    n = Bloque.de(
        b.mapa["notas_facilitacion"],
        b.linea_de("notas_facilitacion"),
        b.archivo,
        b.problemas,
        b.campo("notas_facilitacion"),
        *m.campos(m.NotasFacilitacion),
    )
    if n is None:
        return None
    videos = []
    for v in n.bloques("videos", *m.campos(m.Video)):
        textos = completos(
            {"id": v.identificador("id"), **{c: v.texto(c) for c in v.requeridos if c != "id"}}
        )
        if textos is not None:
            videos.append(m.Video(**textos, preguntas=v.textos("preguntas")))
    return m.NotasFacilitacion(
        puntos_clave=n.textos("puntos_clave"),
        preguntas_discusion=n.textos("preguntas_discusion"),
        videos=tuple(videos),
    )


def _cargar_ejercicios(
    carpeta: Path, problemas: Problemas, refs: Referencias
) -> dict[str, m.Ejercicio]:
    ejercicios: dict[str, m.Ejercicio] = {}
    lugares: dict[str, str] = {}
    archivos = sorted(carpeta.glob("*.yaml")) + sorted(carpeta.glob("*.yml"))
    if not archivos:
        que = "no hay archivos .yaml" if carpeta.is_dir() else "no existe la carpeta"
        problemas.agregar(
            carpeta, 0, "ejercicios", f"se esperaban archivos .yaml de ejercicios y {que}"
        )
    for archivo in archivos:
        try:
            _cargar_archivo_ejercicios(archivo, problemas, refs, ejercicios, lugares)
        except Exception as exc:  # red de seguridad: se reporta
            problemas.agregar(
                archivo,
                0,
                "archivo",
                "no se pudo validar este archivo por un "
                f"error interno ({type(exc).__name__}: {exc}); avise a quien "
                "mantiene el paquete",
            )
    return ejercicios


def _cargar_archivo_ejercicios(
    archivo: Path,
    problemas: Problemas,
    refs: Referencias,
    ejercicios: dict[str, m.Ejercicio],
    lugares: dict[str, str],
) -> None:
    raiz = _raiz_yaml(archivo, problemas, ("ejercicios",))
    if raiz is None:
        return
    lista = raiz.mapa.get("ejercicios")
    if not isinstance(lista, Lista) or not lista:
        encontrado = (
            "el campo falta"
            if "ejercicios" not in raiz.mapa
            else (f"se encontró {describir(lista)}")
        )
        raiz.anotar(
            "ejercicios",
            f"se esperaba una lista de al menos un ejercicio («- id: ...») y {encontrado}",
        )
        return
    for i, datos in enumerate(lista):
        tipo = datos.get("tipo") if isinstance(datos, Mapa) else None
        requeridos, opcionales = campos_de(str(tipo))
        id_crudo = datos.get("id") if isinstance(datos, Mapa) else None
        ruta = (
            str(id_crudo).strip()
            if isinstance(id_crudo, str | int)
            and not isinstance(id_crudo, bool)
            and str(id_crudo).strip()
            else f"ejercicios[{i + 1}]"
        )
        b = Bloque.de(datos, lista.linea_de(i), archivo, problemas, ruta, requeridos, opcionales)
        if b is None:
            continue
        antes = len(problemas.lista)
        ejercicio = cargar_ejercicio(b, refs)
        id_ = ejercicio.id if ejercicio is not None else b.identificador("id")
        if id_ and id_ in lugares:
            b.anotar(
                "id",
                f"id de ejercicio «{id_}» repetido (ya usado en {lugares[id_]}); "
                "se esperaba un id único en todo ejercicios/",
            )
        elif id_:
            lugares[id_] = f"{problemas.ruta(archivo)}:{b.linea_de('id')}"
            if ejercicio is not None:
                ejercicios[id_] = ejercicio
        if ejercicio is None and len(problemas.lista) == antes:
            b.anotar(
                "id",
                "no se pudo cargar este ejercicio y no se encontró el motivo; "
                "avise a quien mantiene el paquete",
            )
