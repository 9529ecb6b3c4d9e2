"""Carga y validación de los ejercicios (``datos/ejercicios/*.yaml``), tipo por tipo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from taller.contenido import modelo as m
from taller.contenido._campos import Bloque, elegir, pista, uno_de
from taller.contenido._lectura import Lista
from taller.contenido._ramificado import caso_ramificado as _caso_ramificado

# Los campos de cada bloque salen del modelo (``m.campos``): no se escriben aquí otra vez.
COMUNES, COMUNES_OPCIONALES = m.campos(m.Ejercicio)
#: Campos propios de cada tipo de ejercicio: (obligatorios, opcionales).
_CAMPOS = {tipo: m.campos(clase, excepto=m.nombres(m.Ejercicio)) for tipo, clase in m.TIPOS.items()}
_OPCION = m.nombres(m.Opcion)
_PREGUNTA, _PREGUNTA_OPCIONALES = m.campos(m.Pregunta)
T = TypeVar("T")


class Referencias:
    """Ids citados (fuentes, valores, módulos) para verificarlos al final de la carga."""

    def __init__(self) -> None:
        self.citas: list[tuple[str, str, Path, int, str]] = []  # (tipo, id, archivo, línea, campo)
        #: Ids declarados en cada archivo, aunque su fila o bloque tenga otros problemas:
        #: así una fuente con la fecha mal no hace aparecer «fuente desconocida» en cada cita.
        self.declarados: dict[str, set[str]] = {"fuente": set(), "valor": set(), "modulo": set()}
        #: Tipos cuyo archivo no se pudo leer entero: sus citas no se pueden verificar.
        self.incompletos: set[str] = set()

    def anotar(self, tipo: str, ids: tuple[str, ...], bloque: Bloque, campo: str) -> None:
        crudo = bloque.mapa.get(campo)
        for id_ in ids:
            linea = bloque.linea_de(campo)
            if isinstance(crudo, Lista):
                linea = next(
                    (crudo.linea_de(i) for i, x in enumerate(crudo) if str(x).strip() == id_), linea
                )
            self.citas.append((tipo, id_, bloque.archivo, linea, bloque.campo(campo)))


def cargar_ejercicio(bloque: Bloque, refs: Referencias) -> m.Ejercicio | None:
    texto_tipo = bloque.texto("tipo")
    tipo = None if texto_tipo is None else elegir(texto_tipo, tuple(m.TIPOS))
    if texto_tipo is not None and tipo is None:
        bloque.anotar(
            "tipo",
            f"tipo desconocido «{texto_tipo}»{pista(texto_tipo, m.TIPOS)}; se esperaba "
            f"uno de: {', '.join(m.TIPOS)}",
        )
    modulo, valores = bloque.texto("modulo"), bloque.textos("valores")
    comunes = {
        "id": bloque.identificador("id"),
        "tipo": tipo,
        "modulo": modulo,
        "titulo": bloque.texto("titulo"),
        "fuentes": _fuentes(bloque, refs, minimo=1),
        "instrucciones": bloque.texto("instrucciones") if "instrucciones" in bloque.mapa else "",
        "valores": valores,
        "archivo": bloque.archivo,
        "linea": bloque.linea,
    }
    if modulo:
        refs.anotar("modulo", (modulo,), bloque, "modulo")
    refs.anotar("valor", valores, bloque, "valores")
    if tipo is None:
        return None
    propios = _LECTORES[tipo](bloque, refs)
    if propios is None:
        return None
    campos = {**comunes, **propios}
    if any(v is None for v in campos.values()):
        return None
    return m.TIPOS[tipo](**campos)


def campos_de(tipo: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Campos (obligatorios, opcionales) de un ejercicio de ese tipo. Si el tipo no se
    conoce, se admite cualquier campo de cualquier tipo (el problema es el tipo)."""
    if tipo not in _CAMPOS:
        todos = {c: None for r, o in _CAMPOS.values() for c in (*r, *o)}
        return COMUNES, (*COMUNES_OPCIONALES, *todos)
    requeridos, opcionales = _CAMPOS[tipo]
    return (*COMUNES, *requeridos), (*COMUNES_OPCIONALES, *opcionales)


def _fuentes(bloque: Bloque, refs: Referencias, minimo: int = 0) -> tuple[str, ...]:
    fuentes = bloque.textos("fuentes", minimo=minimo)
    refs.anotar("fuente", fuentes, bloque, "fuentes")
    return fuentes


def _opciones(bloque: Bloque, seleccion: str | None) -> tuple[m.Opcion, ...] | None:
    opciones, correctas, dudosa = [], [], False
    for b in bloque.bloques("opciones", _OPCION, minimo=2):
        texto, correcta, retro = (
            b.texto("texto"),
            b.booleano("correcta"),
            b.texto("retroalimentacion"),
        )
        dudosa = dudosa or correcta is None
        if correcta:
            correctas.append(f"«{texto}»" if texto else f"la de la línea {b.linea}")
        if texto is not None and correcta is not None and retro is not None:
            opciones.append(m.Opcion(texto=texto, correcta=correcta, retroalimentacion=retro))
    if not isinstance(bloque.mapa.get("opciones"), list):
        return None
    textos = [o.texto for o in opciones]
    for repetido in sorted({t for t in textos if textos.count(t) > 1}):
        bloque.anotar(
            "opciones", f"la opción «{repetido}» está repetida (se esperaban textos distintos)"
        )
    n = len(correctas)
    cuales = f": {', '.join(correctas)}" if correctas else ""
    if dudosa:  # una «correcta» sin sí/no ya se reportó; contarlas confundiría
        pass
    elif seleccion == "unica" and n != 1:
        bloque.anotar(
            "opciones",
            "una pregunta de selección única necesita exactamente una "
            f"opción con «correcta: true» y tiene {n}{cuales}",
        )
    elif seleccion == "multiple" and n == 0:
        bloque.anotar(
            "opciones",
            "una pregunta de selección múltiple necesita al menos una "
            "opción con «correcta: true» y no tiene ninguna",
        )
    return tuple(opciones)


def _pregunta(
    bloque: Bloque,
    refs: Referencias,
    id_: str,
    anidada: bool,
    seleccion_fija: m.Seleccion | None = None,
    heredadas: tuple[str, ...] = (),
) -> m.Pregunta | None:
    """Una pregunta; ``anidada`` si va dentro de un caso o de la evaluación (entonces cita
    sus propias fuentes). Si no, sus fuentes (``heredadas``) y su módulo son los del
    ejercicio, ya leídos."""
    seleccion: m.Seleccion | None = seleccion_fija or "unica"
    if "seleccion" in bloque.mapa:
        valor = bloque.texto("seleccion")
        seleccion = None if valor is None else elegir(valor, m.SELECCIONES)
        if valor is not None and seleccion is None:
            bloque.anotar(
                "seleccion", f"se esperaba {uno_de(m.SELECCIONES)} y se encontró «{valor}»"
            )
    texto = bloque.texto("pregunta")
    opciones = _opciones(bloque, seleccion)
    fuentes = heredadas
    modulo: str | None = ""
    if anidada:
        fuentes = _fuentes(bloque, refs, minimo=1)
        if "modulo" in bloque.mapa or "modulo" in bloque.requeridos:
            modulo = bloque.texto("modulo")
        if modulo:
            refs.anotar("modulo", (modulo,), bloque, "modulo")
    if texto is None or opciones is None or modulo is None or not fuentes or seleccion is None:
        return None
    return m.Pregunta(
        id=id_,
        pregunta=texto,
        seleccion=seleccion,
        opciones=opciones,
        fuentes=fuentes,
        modulo=modulo,
    )


def _ids_unicos(bloque: Bloque, campo: str, ids: list[tuple[str, int]]) -> None:
    vistos: dict[str, int] = {}
    for id_, linea in ids:
        if id_ in vistos:
            bloque.problemas.agregar(
                bloque.archivo,
                linea,
                f"{bloque.campo(campo)}.id",
                f"id «{id_}» repetido (ya usado en la línea {vistos[id_]})",
            )
        else:
            vistos[id_] = linea


def _opcion_multiple(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    # Vuelve a leer las fuentes del ejercicio; sus problemas ya anotados no se repiten.
    pregunta = _pregunta(b, refs, "", anidada=False, heredadas=b.textos("fuentes"))
    return None if pregunta is None else {"pregunta": pregunta}


def _preguntas(
    b: Bloque,
    refs: Referencias,
    campo: str,
    requeridos: tuple[str, ...],
    opcionales: tuple[str, ...],
    seleccion_fija: m.Seleccion | None,
) -> tuple[m.Pregunta, ...] | None:
    preguntas, ids = [], []
    for p in b.bloques(campo, requeridos, opcionales, minimo=1):
        id_ = p.identificador("id")
        pregunta = _pregunta(p, refs, id_ or "", anidada=True, seleccion_fija=seleccion_fija)
        if id_:
            ids.append((id_, p.linea))
        if pregunta is not None and id_:
            preguntas.append(pregunta)
    _ids_unicos(b, campo, ids)
    return tuple(preguntas) if campo in b.mapa else None


def _caso(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    # Las preguntas de un caso son del módulo del caso: no llevan «modulo».
    opcionales = tuple(c for c in _PREGUNTA_OPCIONALES if c != "modulo")
    preguntas = _preguntas(b, refs, "preguntas", _PREGUNTA, opcionales, None)
    narrativa = b.texto("narrativa")
    if preguntas is None or narrativa is None:
        return None
    return {"narrativa": narrativa, "preguntas": preguntas, "derechos": b.textos("derechos")}


def _evaluacion(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    # El banco mezcla módulos (cada pregunta dice el suyo) y es siempre de selección única.
    banco = _preguntas(b, refs, "banco", (*_PREGUNTA, "modulo"), (), "unica")
    return None if banco is None else {"banco": banco}


def _elementos(
    b: Bloque, refs: Referencias, clave: str, validas: set[str], que: str
) -> tuple[m.Elemento, ...] | None:
    elementos = []
    # En el archivo, la «respuesta» de un elemento se llama como la pide el tipo (``clave``).
    requeridos, opcionales = m.campos(m.Elemento)
    requeridos = tuple(clave if c == "respuesta" else c for c in requeridos)
    for e in b.bloques("elementos", requeridos, opcionales, minimo=2):
        respuesta = e.texto(clave)
        if respuesta is not None and validas and respuesta not in validas:
            e.anotar(
                clave,
                f"«{respuesta}» no está entre {que}{pista(respuesta, validas)}; se "
                f"esperaba una de: {', '.join(sorted(validas))}",
            )
            respuesta = None
        valores = e.textos("valores")
        refs.anotar("valor", valores, e, "valores")
        texto, explicacion = e.texto("texto"), e.texto("explicacion")
        fuentes = _fuentes(e, refs)
        if texto is not None and respuesta is not None and explicacion is not None:
            elementos.append(
                m.Elemento(
                    texto=texto,
                    respuesta=respuesta,
                    explicacion=explicacion,
                    fuentes=fuentes,
                    valores=valores,
                )
            )
    return tuple(elementos) if "elementos" in b.mapa else None


def _emparejar(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    opciones = b.textos("opciones", minimo=2)
    repetidas = {o for o in opciones if opciones.count(o) > 1}
    for o in sorted(repetidas):
        b.anotar("opciones", f"la opción «{o}» está repetida")
    elementos = _elementos(b, refs, "respuesta", set(opciones), "las opciones del ejercicio")
    if not opciones or elementos is None:
        return None
    return {"opciones": opciones, "elementos": elementos}


def _con_id(
    b: Bloque, campo: str, clase: type[Any], crear: Callable[[str, str], T], minimo: int
) -> list[T]:
    """Una lista de bloques ``{id, texto}`` (categorías, preguntas de encuesta): ``clase``
    dice los nombres de los dos campos; los ids no se repiten."""
    _, nombre_texto = m.nombres(clase)
    hechos, ids = [], []
    for c in b.bloques(campo, m.nombres(clase), minimo=minimo):
        id_, texto = c.identificador("id"), c.texto(nombre_texto)
        if id_:
            ids.append((id_, c.linea))
        if id_ and texto:
            hechos.append(crear(id_, texto))
    _ids_unicos(b, campo, ids)
    return hechos


def _clasificar(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    categorias = _con_id(
        b, "categorias", m.Categoria, lambda i, t: m.Categoria(id=i, nombre=t), minimo=2
    )
    elementos = _elementos(
        b, refs, "categoria", {c.id for c in categorias}, "las categorías del ejercicio"
    )
    if not categorias or elementos is None:
        return None
    return {"categorias": tuple(categorias), "elementos": elementos}


def _reflexion(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    consigna = b.texto("consigna")
    maximo = b.entero("max_caracteres", minimo=1) if "max_caracteres" in b.mapa else 2000
    minimo = b.entero("minimo_caracteres", minimo=0) if "minimo_caracteres" in b.mapa else 0
    if maximo is not None and minimo is not None and minimo > maximo:
        b.anotar(
            "minimo_caracteres",
            f"se esperaba un mínimo no mayor que max_caracteres ({maximo}) y se encontró {minimo}",
        )
        return None
    if consigna is None or maximo is None or minimo is None:
        return None
    return {"consigna": consigna, "max_caracteres": maximo, "minimo_caracteres": minimo}


def _encuesta(b: Bloque, refs: Referencias) -> dict[str, Any] | None:
    escala = b.textos("escala")
    if isinstance(b.mapa.get("escala"), list) and len(escala) < 3:
        b.anotar("escala", f"una escala Likert necesita al menos 3 puntos y tiene {len(escala)}")
        escala = ()
    preguntas = _con_id(
        b, "preguntas", m.ItemEncuesta, lambda i, t: m.ItemEncuesta(id=i, texto=t), minimo=1
    )
    if not escala or not preguntas:
        return None
    return {"escala": escala, "preguntas": tuple(preguntas)}


_LECTORES: dict[m.TipoEjercicio, Callable[[Bloque, Referencias], dict[str, Any] | None]] = {
    "opcion_multiple": _opcion_multiple,
    "emparejar": _emparejar,
    "clasificar": _clasificar,
    "caso": _caso,
    "caso_ramificado": _caso_ramificado,
    "reflexion": _reflexion,
    "encuesta": _encuesta,
    "evaluacion": _evaluacion,
}
