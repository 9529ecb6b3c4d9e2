/**
 * Accesibilidad de los ejercicios del taller (`.taller-ejercicio`), en el navegador.
 *
 * Lo que ipywidgets no permite declarar desde Python:
 *
 * - Grupos de opciones: los `RadioButtons` de ipywidgets 8 dibujan `<input type="radio">`
 *   sin `name`, así que cada botón es un grupo suelto: Tab se detiene en cada opción y las
 *   flechas no se mueven entre ellas. Aquí cada grupo recibe un `name` propio, la caja
 *   `role="radiogroup"` y, como nombre accesible, su descripción («Elija una:»).
 * - Retroalimentación anunciada: cada cuaderno tiene una región `aria-live="polite"`
 *   (invisible, fuera de las celdas) que existe desde que se abre; cuando, tras una acción
 *   de la persona (clic o tecla dentro de un ejercicio), aparece o cambia la
 *   retroalimentación de ese ejercicio (`.taller-retro`), su texto se copia ahí y el lector
 *   de pantalla lo lee. (La retroalimentación se crea al responder, así que no puede ser
 *   ella misma la región: una región nueva no se anuncia.)
 */

const RAIZ = '.taller-ejercicio';
const CLASE_ANUNCIO = 'taller-anuncio';
/** Tras un clic o una tecla, cuánto tiempo (ms) un cambio de retroalimentación es
 * respuesta a esa acción (y se anuncia). Los cambios al dibujar o restaurar no se anuncian. */
const VENTANA_RESPUESTA_MS = 15000;

let contador = 0;

function nuevoId(prefijo: string): string {
  contador += 1;
  return `${prefijo}-${Date.now().toString(36)}-${contador}`;
}

/** Las raíces de ejercicio más externas dentro de `nodo` (o `nodo` mismo). */
function raices(nodo: Element): Element[] {
  const todas = [
    ...(nodo.matches(RAIZ) ? [nodo] : []),
    ...Array.from(nodo.querySelectorAll(RAIZ))
  ];
  return todas.filter(el => !el.parentElement?.closest(RAIZ));
}

/** Un grupo de botones de opción: `name` común, `role="radiogroup"` y su nombre. */
function arreglarGrupo(radio: HTMLElement): void {
  const caja = radio.querySelector<HTMLElement>(':scope > .widget-radio-box');
  if (!caja) {
    return;
  }
  if (!caja.dataset.tallerGrupo) {
    caja.dataset.tallerGrupo = nuevoId('taller-grupo');
  }
  const nombre = caja.dataset.tallerGrupo;
  if (caja.getAttribute('role') !== 'radiogroup') {
    caja.setAttribute('role', 'radiogroup');
  }
  const descripcion = radio.querySelector<HTMLElement>(':scope > .widget-label');
  if (descripcion && descripcion.textContent?.trim()) {
    if (!descripcion.id) {
      descripcion.id = nuevoId('taller-descripcion');
    }
    if (caja.getAttribute('aria-labelledby') !== descripcion.id) {
      caja.setAttribute('aria-labelledby', descripcion.id);
    }
  }
  caja.querySelectorAll<HTMLInputElement>('input[type="radio"]').forEach(input => {
    if (input.name !== nombre) {
      input.name = nombre;
    }
  });
}

interface IEstadoRaiz {
  ultimaAccion: number;
  ultimoTexto: string;
}

const estados = new WeakMap<Element, IEstadoRaiz>();

function textoDeRetro(raiz: Element): string {
  return Array.from(raiz.querySelectorAll<HTMLElement>('.taller-retro'))
    .filter(el => el.getClientRects().length > 0)
    .map(el => (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ');
}

function prepararRaiz(raiz: Element): IEstadoRaiz {
  let estado = estados.get(raiz);
  if (estado) {
    return estado;
  }
  estado = { ultimaAccion: 0, ultimoTexto: textoDeRetro(raiz) };
  estados.set(raiz, estado);
  const marcar = (): void => {
    const actual = estados.get(raiz);
    if (actual) {
      actual.ultimaAccion = Date.now();
    }
  };
  raiz.addEventListener('click', marcar, true);
  raiz.addEventListener('keydown', marcar, true);
  return estado;
}

/** La región que anuncia, una por cuaderno (dentro de `contenedor`, fuera de las celdas). */
export function crearAnuncio(contenedor: HTMLElement): HTMLElement {
  const anuncio = document.createElement('div');
  anuncio.className = CLASE_ANUNCIO;
  anuncio.setAttribute('role', 'status');
  anuncio.setAttribute('aria-live', 'polite');
  anuncio.setAttribute('aria-atomic', 'true');
  contenedor.appendChild(anuncio);
  return anuncio;
}

/** Si la retroalimentación de `raiz` cambió poco después de una acción, se anuncia. */
function anunciarSiCambio(raiz: Element, anuncio: HTMLElement): void {
  const estado = prepararRaiz(raiz);
  const texto = textoDeRetro(raiz);
  if (texto === estado.ultimoTexto) {
    return;
  }
  estado.ultimoTexto = texto;
  if (texto && Date.now() - estado.ultimaAccion < VENTANA_RESPUESTA_MS) {
    // Vaciar y volver a escribir: el mismo texto dos veces también se anuncia.
    anuncio.textContent = '';
    setTimeout(() => {
      anuncio.textContent = texto;
    }, 60);
  }
}

/** La raíz de ejercicio más externa que contiene a `el`. */
function raizExterna(el: Element): Element {
  let raiz = el;
  let arriba = raiz.parentElement?.closest(RAIZ);
  while (arriba) {
    raiz = arriba;
    arriba = raiz.parentElement?.closest(RAIZ);
  }
  return raiz;
}

function revisar(nodo: Element, anuncio: HTMLElement): void {
  for (const raiz of raices(nodo)) {
    raiz.querySelectorAll<HTMLElement>('.widget-radio').forEach(arreglarGrupo);
    anunciarSiCambio(raiz, anuncio);
  }
}

/** Vigila `nodo` (el cuaderno) y arregla cada ejercicio que aparezca o cambie; anuncia en
 * `anuncio`. */
export function vigilarAccesibilidad(
  nodo: HTMLElement,
  anuncio: HTMLElement
): MutationObserver {
  let pendientes = new Set<Element>();
  let programado = false;
  const procesar = (): void => {
    programado = false;
    const lote = pendientes;
    pendientes = new Set<Element>();
    for (const el of lote) {
      if (el.isConnected) {
        revisar(el, anuncio);
      }
    }
  };
  const observador = new MutationObserver(mutaciones => {
    for (const mutacion of mutaciones) {
      const objetivo =
        mutacion.target instanceof Element ? mutacion.target : mutacion.target.parentElement;
      if (!objetivo) {
        continue;
      }
      const raiz = objetivo.closest(RAIZ);
      if (raiz) {
        pendientes.add(raizExterna(raiz));
      } else {
        mutacion.addedNodes.forEach(n => {
          if (n instanceof Element && (n.matches(RAIZ) || n.querySelector(RAIZ))) {
            pendientes.add(n);
          }
        });
      }
    }
    if (pendientes.size && !programado) {
      programado = true;
      setTimeout(procesar, 30);
    }
  });
  observador.observe(nodo, { childList: true, subtree: true, characterData: true });
  revisar(nodo, anuncio);
  return observador;
}
