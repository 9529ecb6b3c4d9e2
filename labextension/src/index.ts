/**
 * taller-cejum: los cuadernos del taller se preparan solos al abrirse.
 *
 * - Un cuaderno con `metadata.taller.autoejecutar = true`, abierto dentro de una carpeta
 *   del taller (una carpeta, o una de sus superiores, que contiene la marca `taller.json`
 *   que escribe `taller preparar`), ejecuta todas sus celdas en cuanto su kernel está
 *   listo y vuelve al principio. Ningún otro cuaderno se ejecuta solo.
 * - Un cuaderno con `metadata.taller.sin_codigo = true` (la copia de quien participa) lleva
 *   la clase `taller-sin-codigo`: la hoja de estilo oculta el código y los números de
 *   ejecución. Las diapositivas (jupyterlab-slideshow) no muestran código en ningún cuaderno.
 *
 * Si el kernel no arranca, no se ejecuta nada: JupyterLab muestra su aviso de siempre.
 *
 * En todos los cuadernos, los ejercicios (`.taller-ejercicio`) reciben lo que ipywidgets
 * no deja declarar desde Python: grupos de opciones que se recorren con las flechas y la
 * retroalimentación anunciada (ver `accesibilidad.ts`).
 */

import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { PathExt } from '@jupyterlab/coreutils';
import { INotebookTracker, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { Contents } from '@jupyterlab/services';

import { crearAnuncio, vigilarAccesibilidad } from './accesibilidad';

/** El archivo que marca una carpeta del taller (`taller.cuaderno` / `sesion.MARCA`). */
export const MARCA = 'taller.json';
/** La clase del panel del cuaderno que oculta código y números de ejecución. */
export const CLASE_SIN_CODIGO = 'taller-sin-codigo';
/** Mientras se ejecuta solo, y después, el panel lleva estas clases; si se decide no
 * ejecutarlo, `taller-sin-autoejecucion`. Así quien lo mira (las pruebas) sabe cuándo
 * terminó la extensión. */
export const CLASE_EJECUTANDO = 'taller-autoejecutando';
export const CLASE_EJECUTADO = 'taller-autoejecutado';
export const CLASE_NO_SE_EJECUTA = 'taller-sin-autoejecucion';

interface IMetadatosTaller {
  autoejecutar: boolean;
  sin_codigo: boolean;
}

/** Los metadatos `taller` del cuaderno; solo cuenta un `true` explícito. */
export function metadatosTaller(panel: NotebookPanel): IMetadatosTaller {
  const valor = panel.model?.getMetadata('taller') as unknown;
  const meta =
    valor && typeof valor === 'object' && !Array.isArray(valor)
      ? (valor as Record<string, unknown>)
      : {};
  return {
    autoejecutar: meta['autoejecutar'] === true,
    sin_codigo: meta['sin_codigo'] === true
  };
}

/** ¿Está el cuaderno dentro de una carpeta del taller? Busca la marca en su carpeta y en
 * cada carpeta superior (hasta la raíz del servidor) listando la carpeta, sin pedir
 * archivos que quizá no existen. */
export async function enCarpetaDelTaller(
  contenidos: Contents.IManager,
  ruta: string
): Promise<boolean> {
  let carpeta = PathExt.dirname(ruta);
  for (let i = 0; i < 64; i++) {
    try {
      const listado = await contenidos.get(carpeta, { content: true, type: 'directory' });
      const items = (listado.content ?? []) as Contents.IModel[];
      if (items.some(item => item.name === MARCA && item.type === 'file')) {
        return true;
      }
    } catch {
      // Una carpeta que no se puede leer no es la del taller; se sigue hacia arriba.
    }
    if (carpeta === '' || carpeta === '.' || carpeta === '/') {
      return false;
    }
    carpeta = PathExt.dirname(carpeta);
  }
  return false;
}

/** Espera a que el kernel del cuaderno esté conectado y libre. `false` si no hay kernel,
 * si muere o si el cuaderno se cierra antes. */
function kernelListo(panel: NotebookPanel): Promise<boolean> {
  const sesion = panel.sessionContext;
  return new Promise<boolean>(resolve => {
    const revisar = (): void => {
      if (panel.isDisposed || sesion.isDisposed) {
        terminar(false);
        return;
      }
      const kernel = sesion.session?.kernel;
      if (sesion.hasNoKernel || (kernel && kernel.status === 'dead')) {
        terminar(false);
        return;
      }
      if (
        kernel &&
        kernel.status === 'idle' &&
        kernel.connectionStatus === 'connected' &&
        sesion.kernelDisplayStatus === 'idle'
      ) {
        terminar(true);
      }
    };
    const terminar = (listo: boolean): void => {
      sesion.statusChanged.disconnect(revisar);
      sesion.connectionStatusChanged.disconnect(revisar);
      sesion.kernelChanged.disconnect(revisar);
      panel.disposed.disconnect(revisar);
      resolve(listo);
    };
    sesion.statusChanged.connect(revisar);
    sesion.connectionStatusChanged.connect(revisar);
    sesion.kernelChanged.connect(revisar);
    panel.disposed.connect(revisar);
    revisar();
  });
}

/** Lleva el cuaderno a su primera celda, sin selección y en modo de órdenes. */
function irAlPrincipio(panel: NotebookPanel): void {
  const cuaderno = panel.content;
  if (cuaderno.isDisposed || cuaderno.widgets.length === 0) {
    return;
  }
  cuaderno.mode = 'command';
  cuaderno.activeCellIndex = 0;
  cuaderno.deselectAll();
  void cuaderno.scrollToItem(0, 'start').catch(() => undefined);
  const desplazable = cuaderno.node.querySelector('.jp-WindowedPanel-outer');
  (desplazable ?? cuaderno.node).scrollTop = 0;
}

async function autoejecutar(panel: NotebookPanel): Promise<void> {
  try {
    await panel.sessionContext.ready;
  } catch {
    panel.addClass(CLASE_NO_SE_EJECUTA);
    return; // el kernel no arrancó: JupyterLab ya lo avisa
  }
  if (!(await kernelListo(panel))) {
    panel.addClass(CLASE_NO_SE_EJECUTA);
    return;
  }
  const cuaderno = panel.content;
  // Si la persona empieza a usar el cuaderno mientras se ejecuta (escribe su seudónimo,
  // se desplaza), al terminar no se le mueve la página ni se le quita el foco.
  let usado = false;
  const alUsar = (): void => {
    usado = true;
  };
  const eventos = ['pointerdown', 'keydown', 'wheel', 'touchstart'];
  eventos.forEach(e => cuaderno.node.addEventListener(e, alUsar, { capture: true }));
  panel.addClass(CLASE_EJECUTANDO);
  try {
    irAlPrincipio(panel);
    const celdas = cuaderno.widgets.filter(celda => celda.model.type !== 'raw');
    await NotebookActions.runCells(cuaderno, celdas, panel.sessionContext);
  } finally {
    eventos.forEach(e => cuaderno.node.removeEventListener(e, alUsar, { capture: true }));
    if (!panel.isDisposed) {
      if (!usado) {
        irAlPrincipio(panel);
      }
      // Los widgets se terminan de dibujar tras la última respuesta del kernel.
      await new Promise(listo => requestAnimationFrame(listo));
      if (!panel.isDisposed) {
        if (!usado) {
          irAlPrincipio(panel);
        }
        panel.removeClass(CLASE_EJECUTANDO);
        panel.addClass(CLASE_EJECUTADO);
      }
    }
  }
}

/** JupyterLab marca la lista de celdas con `role="feed"`, que solo admite hijos
 * `role="article"`, pero sus celdas no lo llevan (axe-core: aria-required-children,
 * crítico). En los cuadernos del taller cada celda recibe ese papel. */
function celdasComoArticulos(panel: NotebookPanel): MutationObserver {
  const lista = panel.content.node.querySelector('[role="feed"]') ?? panel.content.node;
  const marcar = (): void => {
    for (const celda of Array.from(lista.children)) {
      if (celda.classList.contains('jp-Cell') && !celda.hasAttribute('role')) {
        celda.setAttribute('role', 'article');
      }
    }
  };
  const observador = new MutationObserver(marcar);
  observador.observe(lista, { childList: true });
  marcar();
  return observador;
}

async function alAbrir(app: JupyterFrontEnd, panel: NotebookPanel): Promise<void> {
  await panel.context.ready;
  if (panel.isDisposed || !panel.model) {
    return;
  }
  const aplicarClase = (): void => {
    panel.toggleClass(CLASE_SIN_CODIGO, metadatosTaller(panel).sin_codigo);
  };
  aplicarClase();
  panel.model.metadataChanged.connect(aplicarClase);
  const observador = vigilarAccesibilidad(panel.content.node, crearAnuncio(panel.node));
  panel.disposed.connect(() => observador.disconnect());

  const meta = metadatosTaller(panel);
  if (meta.autoejecutar || meta.sin_codigo) {
    const celdas = celdasComoArticulos(panel);
    panel.disposed.connect(() => celdas.disconnect());
  }
  if (!meta.autoejecutar) {
    panel.addClass(CLASE_NO_SE_EJECUTA);
    return;
  }
  const contenidos = app.serviceManager.contents;
  if (!(await enCarpetaDelTaller(contenidos, panel.context.localPath))) {
    panel.addClass(CLASE_NO_SE_EJECUTA);
    return;
  }
  await autoejecutar(panel);
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'taller-cejum:autoejecutar',
  description:
    'Ejecuta al abrirse los cuadernos del taller (con permiso en sus metadatos y dentro ' +
    'de una carpeta del taller) y oculta el código en la copia de quien participa.',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker): void => {
    const atender = (panel: NotebookPanel): void => {
      alAbrir(app, panel).catch(razon => {
        console.warn('taller-cejum: no se pudo preparar el cuaderno', razon);
        if (!panel.isDisposed && !panel.hasClass(CLASE_EJECUTADO)) {
          panel.addClass(CLASE_NO_SE_EJECUTA);
        }
      });
    };
    tracker.forEach(atender);
    tracker.widgetAdded.connect((_, panel) => atender(panel));
  }
};

export default plugin;
