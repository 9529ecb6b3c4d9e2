"""El único tipo de error del contenido: lleva todos los problemas encontrados."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problema:
    """Un problema del contenido, ubicado: archivo, línea (o fila), campo y mensaje."""

    archivo: str
    linea: int
    campo: str
    mensaje: str

    def __str__(self) -> str:
        return f"{self.archivo}:{self.linea}: {self.campo}: {self.mensaje}"


class ContenidoInvalido(ValueError):
    """El contenido de ``datos/`` tiene problemas; ``problemas`` los lista todos."""

    def __init__(self, problemas: list[Problema]) -> None:
        self.problemas = sorted(set(problemas))  # sin repetidos, por archivo y línea
        n = len(self.problemas)
        cabecera = f"El contenido tiene {n} problema{'s' if n != 1 else ''}:"
        super().__init__("\n".join([cabecera, *map(str, self.problemas)]))


class Problemas:
    """Acumula problemas mientras se carga, para reportarlos todos juntos."""

    def __init__(self, raiz: Path) -> None:
        self.raiz = raiz
        self.lista: list[Problema] = []

    def ruta(self, archivo: Path) -> str:
        try:
            return archivo.relative_to(self.raiz).as_posix()
        except ValueError:
            return archivo.as_posix()

    def agregar(self, archivo: Path, linea: int, campo: str, mensaje: str) -> None:
        self.lista.append(Problema(self.ruta(archivo), linea, campo, mensaje))

    def __bool__(self) -> bool:
        return bool(self.lista)
