"""Carga y validación del contenido de ``datos/``.

``cargar_contenido()`` lee todos los archivos, junta **todos** los problemas y, si hay
alguno, lanza un solo ``ContenidoInvalido`` con la lista; si no, devuelve ``Contenido``.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from . import modelo as m
from ._campos import Bloque
from ._carga_ejercicios import Referencias, campos_de, cargar_ejercicio
from ._lectura import Lista, Mapa, leer_csv, leer_yaml
from .errores import ContenidoInvalido, Problemas
from .recursos import carpeta_datos

__all__ = ["ContenidoInvalido", "cargar_contenido"]

COLUMNAS_FUENTES = ("id", "ley", "articulo", "fecha_consulta", "por_verificar", "nota")
COLUMNAS_VALORES = ("id", "nombre", "definicion", "conducta_adecuada", "conducta_inadecuada",
                    "fundamento", "tipo", "fuentes")
COLUMNAS_GLOSARIO = ("termino", "definicion", "fuentes")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def cargar_contenido(carpeta: str | os.PathLike[str] | None = None) -> m.Contenido:
    """Carga ``datos/`` (o ``carpeta``, o ``$TALLER_DATOS``) y lo valida por completo."""
    raiz = carpeta_datos(carpeta)
    problemas = Problemas(raiz)
    if not raiz.is_dir():
        problemas.agregar(raiz, 0, "carpeta", "no existe o no es una carpeta")
        raise ContenidoInvalido(problemas.lista)
    refs = Referencias()
    fuentes = _cargar_fuentes(raiz / "fuentes.csv", problemas)
    valores = _cargar_valores(raiz / "valores.csv", problemas, refs)
    glosario = _cargar_glosario(raiz / "glosario.csv", problemas, refs)
    taller = _cargar_taller(raiz / "taller.yaml", problemas)
    modulos = _cargar_modulos(raiz / "modulos.yaml", problemas, refs)
    ejercicios = _cargar_ejercicios(raiz / "ejercicios", problemas, refs)
    conocidos = {"fuente": fuentes, "valor": valores, "modulo": modulos}
    nombres = {"fuente": "fuentes.csv", "valor": "valores.csv", "modulo": "modulos.yaml"}
    for tipo, id_, archivo, linea, campo in refs.citas:
        if conocidos[tipo] is not None and id_ not in conocidos[tipo]:
            problemas.agregar(archivo, linea, campo,
                              f"{tipo} desconocido «{id_}»: no está en {nombres[tipo]}")
    if problemas or taller is None or None in (fuentes, valores, modulos, glosario):
        raise ContenidoInvalido(problemas.lista)
    return m.Contenido(carpeta=raiz, taller=taller, modulos=modulos, valores=valores,
                       glosario=glosario, fuentes=fuentes, ejercicios=ejercicios)


def _falta(archivo: Path, problemas: Problemas) -> bool:
    if not archivo.is_file():
        problemas.agregar(archivo, 0, "archivo", "falta este archivo")
        return True
    return False


def _celda(fila: dict[str, str], campo: str, archivo: Path, linea: int,
           problemas: Problemas, vacia: bool = False) -> str | None:
    valor = fila[campo]
    if not valor and not vacia:
        problemas.agregar(archivo, linea, campo, "la celda está vacía")
        return None
    return valor


def _lista_celda(valor: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in valor.split(";") if p.strip())


def _id_unico(id_: str | None, vistos: dict[str, int], archivo: Path, linea: int,
              campo: str, problemas: Problemas) -> bool:
    if id_ is None:
        return False
    if not _ID.match(id_):
        problemas.agregar(archivo, linea, campo, "se esperaba un id en minúsculas, números y "
                          f"guiones y se encontró «{id_}»")
        return False
    if id_ in vistos:
        problemas.agregar(archivo, linea, campo,
                          f"id «{id_}» repetido (ya usado en la línea {vistos[id_]})")
        return False
    vistos[id_] = linea
    return True


def _cargar_fuentes(archivo: Path, problemas: Problemas) -> dict[str, m.Fuente] | None:
    if _falta(archivo, problemas):
        return None
    filas = leer_csv(archivo, COLUMNAS_FUENTES, problemas)
    if filas is None:
        return None
    fuentes: dict[str, m.Fuente] = {}
    vistos: dict[str, int] = {}
    for linea, fila in filas:
        c = {k: _celda(fila, k, archivo, linea, problemas, vacia=k == "nota")
             for k in COLUMNAS_FUENTES}
        fecha = None
        if c["fecha_consulta"]:
            try:
                fecha = date.fromisoformat(c["fecha_consulta"])
            except ValueError:
                problemas.agregar(archivo, linea, "fecha_consulta", "se esperaba una fecha "
                                  f"AAAA-MM-DD y se encontró «{c['fecha_consulta']}»")
        verificar = {"si": True, "sí": True, "no": False}.get((c["por_verificar"] or "").lower())
        if c["por_verificar"] and verificar is None:
            problemas.agregar(archivo, linea, "por_verificar",
                              f"se esperaba «si» o «no» y se encontró «{c['por_verificar']}»")
        unico = _id_unico(c["id"], vistos, archivo, linea, "id", problemas)
        if unico and None not in c.values() and fecha and verificar is not None:
            fuentes[c["id"]] = m.Fuente(id=c["id"], ley=c["ley"], articulo=c["articulo"],
                                        fecha_consulta=fecha, por_verificar=verificar,
                                        nota=c["nota"] or "")
    return fuentes


def _cargar_valores(archivo: Path, problemas: Problemas,
                    refs: Referencias) -> dict[str, m.Valor] | None:
    if _falta(archivo, problemas):
        return None
    filas = leer_csv(archivo, COLUMNAS_VALORES, problemas)
    if filas is None:
        return None
    valores: dict[str, m.Valor] = {}
    vistos: dict[str, int] = {}
    for linea, fila in filas:
        c = {k: _celda(fila, k, archivo, linea, problemas) for k in COLUMNAS_VALORES}
        if c["tipo"] and c["tipo"] not in ("legal", "institucional"):
            problemas.agregar(archivo, linea, "tipo", "se esperaba «legal» o «institucional» "
                              f"y se encontró «{c['tipo']}»")
            c["tipo"] = None
        fuentes = _lista_celda(c["fuentes"] or "")
        refs.citas.extend(("fuente", f, archivo, linea, "fuentes") for f in fuentes)
        if _id_unico(c["id"], vistos, archivo, linea, "id", problemas) and None not in c.values():
            valores[c["id"]] = m.Valor(**{**c, "fuentes": fuentes})  # type: ignore[arg-type]
    return valores


def _cargar_glosario(archivo: Path, problemas: Problemas,
                     refs: Referencias) -> tuple[m.Termino, ...] | None:
    if _falta(archivo, problemas):
        return None
    filas = leer_csv(archivo, COLUMNAS_GLOSARIO, problemas)
    if filas is None:
        return None
    terminos, vistos = [], {}
    for linea, fila in filas:
        termino = _celda(fila, "termino", archivo, linea, problemas)
        definicion = _celda(fila, "definicion", archivo, linea, problemas)
        fuentes = _lista_celda(fila["fuentes"])
        refs.citas.extend(("fuente", f, archivo, linea, "fuentes") for f in fuentes)
        if termino and termino.lower() in vistos:
            problemas.agregar(archivo, linea, "termino", f"término «{termino}» repetido (ya "
                              f"definido en la línea {vistos[termino.lower()]})")
        elif termino and definicion:
            vistos[termino.lower()] = linea
            terminos.append(m.Termino(termino=termino, definicion=definicion, fuentes=fuentes))
    return tuple(terminos)


def _raiz_yaml(archivo: Path, problemas: Problemas, requeridos: tuple[str, ...],
               opcionales: tuple[str, ...] = ()) -> Bloque | None:
    if _falta(archivo, problemas):
        return None
    datos = leer_yaml(archivo, problemas)
    if datos is None and problemas:
        return None
    return Bloque.de(datos, 1, archivo, problemas, "", requeridos, opcionales)


def _cargar_taller(archivo: Path, problemas: Problemas) -> m.DatosTaller | None:
    b = _raiz_yaml(archivo, problemas, ("titulo", "institucion", "publico"), ("constancia",))
    if b is None:
        return None
    constancia = m.Constancia()
    if "constancia" in b.mapa:
        c = Bloque.de(b.mapa["constancia"], b.linea_de("constancia"), archivo, problemas,
                      "constancia", ("asistencia_minima", "evaluacion_final_minima"))
        if c is not None:
            cifras = {}
            for campo in ("asistencia_minima", "evaluacion_final_minima"):
                valor = c.mapa.get(campo)
                if isinstance(valor, bool) or not isinstance(valor, int | float) or not (
                        0 <= valor <= 1):
                    c.anotar(campo, "se esperaba una proporción entre 0 y 1 (como 0.8) y se "
                             f"encontró «{valor}»")
                else:
                    cifras[campo] = float(valor)
            constancia = m.Constancia(**cifras)
    campos = b.texto("titulo"), b.texto("institucion"), b.texto("publico")
    if None in campos:
        return None
    titulo, institucion, publico = campos
    return m.DatosTaller(titulo=titulo, institucion=institucion, publico=publico,
                         constancia=constancia)


def _cargar_modulos(archivo: Path, problemas: Problemas,
                    refs: Referencias) -> dict[str, m.Modulo] | None:
    raiz = _raiz_yaml(archivo, problemas, ("modulos",))
    if raiz is None:
        return None
    modulos: dict[str, m.Modulo] = {}
    vistos: dict[str, int] = {}
    numeros: dict[int, int] = {}
    requeridos = ("id", "numero", "titulo", "cuaderno", "duracion_min", "objetivos")
    for b in raiz.bloques("modulos", requeridos, ("fuentes", "notas_facilitacion"), minimo=1):
        id_ = b.identificador("id")
        numero = b.entero("numero", minimo=0)
        if numero is not None and numero in numeros:
            b.anotar("numero", f"número {numero} repetido (ya usado en la línea "
                     f"{numeros[numero]})")
        elif numero is not None:
            numeros[numero] = b.linea
        cuaderno = b.texto("cuaderno")
        if cuaderno and not cuaderno.endswith(".ipynb"):
            b.anotar("cuaderno", f"se esperaba un archivo .ipynb y se encontró «{cuaderno}»")
            cuaderno = None
        campos = {"id": id_, "numero": numero, "titulo": b.texto("titulo"),
                  "cuaderno": cuaderno, "duracion_min": b.entero("duracion_min", minimo=1),
                  "objetivos": b.textos("objetivos", minimo=1),
                  "fuentes": b.textos("fuentes"), "notas": _notas(b, refs)}
        refs.anotar("fuente", campos["fuentes"], b, "fuentes")
        unico = id_ is not None and _id_unico(id_, vistos, archivo, b.linea_de("id"),
                                              b.campo("id"), problemas)
        if unico and None not in campos.values() and campos["objetivos"]:
            modulos[id_] = m.Modulo(**campos)  # type: ignore[arg-type]
    return modulos


def _notas(b: Bloque, refs: Referencias) -> m.NotasFacilitacion | None:
    if "notas_facilitacion" not in b.mapa:
        return m.NotasFacilitacion()
    n = Bloque.de(b.mapa["notas_facilitacion"], b.linea_de("notas_facilitacion"), b.archivo,
                  b.problemas, b.campo("notas_facilitacion"), (),
                  ("puntos_clave", "preguntas_discusion", "videos"))
    if n is None:
        return None
    videos = []
    for v in n.bloques("videos", ("id", "titulo", "muestra", "ubicacion"), ("preguntas",)):
        campos = {"id": v.identificador("id"), "titulo": v.texto("titulo"),
                  "muestra": v.texto("muestra"), "ubicacion": v.texto("ubicacion")}
        if None not in campos.values():
            videos.append(m.Video(**campos, preguntas=v.textos("preguntas")))  # type: ignore[arg-type]
    return m.NotasFacilitacion(puntos_clave=n.textos("puntos_clave"),
                               preguntas_discusion=n.textos("preguntas_discusion"),
                               videos=tuple(videos))


def _cargar_ejercicios(carpeta: Path, problemas: Problemas,
                       refs: Referencias) -> dict[str, m.Ejercicio]:
    ejercicios: dict[str, m.Ejercicio] = {}
    lugares: dict[str, str] = {}
    archivos = sorted(carpeta.glob("*.yaml")) + sorted(carpeta.glob("*.yml"))
    if not archivos:
        problemas.agregar(carpeta, 0, "ejercicios", "no hay archivos .yaml de ejercicios")
    for archivo in archivos:
        raiz = _raiz_yaml(archivo, problemas, ("ejercicios",))
        if raiz is None:
            continue
        lista = raiz.mapa.get("ejercicios")
        if not isinstance(lista, Lista):
            raiz.anotar("ejercicios", "se esperaba una lista de ejercicios («- id: ...»)")
            continue
        for i, datos in enumerate(lista):
            tipo = datos.get("tipo") if isinstance(datos, Mapa) else None
            requeridos, opcionales = campos_de(str(tipo))
            ruta = str(datos.get("id") or f"ejercicios[{i + 1}]") if isinstance(
                datos, Mapa) else f"ejercicios[{i + 1}]"
            b = Bloque.de(datos, lista.linea_de(i), archivo, problemas, ruta, requeridos,
                          opcionales)
            if b is None:
                continue
            ejercicio = cargar_ejercicio(b, refs)
            id_ = b.mapa.get("id")
            if isinstance(id_, str) and id_ in lugares:
                b.anotar("id", f"id de ejercicio «{id_}» repetido (ya usado en {lugares[id_]})")
            elif isinstance(id_, str):
                lugares[id_] = f"{problemas.ruta(archivo)}:{b.linea_de('id')}"
                if ejercicio is not None:
                    ejercicios[id_] = ejercicio
    return ejercicios
