// Draws one page into a host element: from the LRU cache when possible, else a cancellable pdf.js render task.

import { useEffect, useState, type RefObject } from 'react';
import type { RenderTask } from 'pdfjs-dist';
import type { DocumentStore } from './documentStore.ts';
import { isCancelError } from './pdfDocument.ts';
import type { RenderKind, RenderListener } from './renderEvents.ts';
import { outputScale } from './zoom.ts';

export type CanvasState = { readonly status: 'idle' | 'drawing' | 'drawn' } | { readonly status: 'failed'; readonly message: string };

export interface CanvasRenderOptions {
  readonly store: DocumentStore;
  readonly pageNumber: number;
  /** pdf.js viewport scale (CSS pixels per PDF point). */
  readonly scale: number;
  readonly kind: RenderKind;
  readonly enabled: boolean;
  readonly onEvent?: RenderListener | undefined;
}

function cacheFor(store: DocumentStore, kind: RenderKind) {
  return kind === 'page' ? store.pageCanvases : store.thumbCanvases;
}

function show(host: HTMLElement, canvas: HTMLCanvasElement): void {
  if (canvas.parentElement !== host) host.replaceChildren(canvas);
}

export function useCanvasRender(host: RefObject<HTMLElement | null>, options: CanvasRenderOptions): CanvasState {
  const { store, pageNumber, scale, kind, enabled, onEvent } = options;
  const key = `${pageNumber}@${scale.toFixed(4)}`;
  const [state, setState] = useState<{ key: string; state: CanvasState }>({ key: '', state: { status: 'idle' } });

  useEffect(() => {
    const target = host.current;
    if (!enabled || target === null) return;
    const job: Job = { cancelled: false, task: undefined };
    obtainCanvas(store, pageNumber, scale, kind, key, job, onEvent)
      .then((canvas) => {
        if (job.cancelled) return;
        show(target, canvas);
        setState({ key, state: { status: 'drawn' } });
      })
      .catch((error: unknown) => {
        if (job.cancelled || isCancelError(error)) {
          onEvent?.({ type: 'render-cancelled', kind, page: pageNumber });
          return;
        }
        const message = error instanceof Error ? error.message : String(error);
        setState({ key, state: { status: 'failed', message } });
        onEvent?.({ type: 'render-failed', kind, page: pageNumber, message });
      });
    return () => {
      job.cancelled = true;
      job.task?.cancel();
      // Free the page's parsed operator list and fonts once it leaves the window (pdf.js's viewer does the same).
      if (kind === 'page') store.releasePage(pageNumber);
    };
  }, [host, store, pageNumber, scale, kind, key, enabled, onEvent]);

  if (state.key === key) return state.state;
  return { status: enabled ? 'drawing' : 'idle' };
}

async function obtainCanvas(
  store: DocumentStore,
  pageNumber: number,
  scale: number,
  kind: RenderKind,
  key: string,
  job: Job,
  onEvent: RenderListener | undefined,
): Promise<HTMLCanvasElement> {
  const cache = cacheFor(store, kind);
  const cached = cache.get(key);
  if (cached !== undefined) {
    onEvent?.({ type: 'cache-hit', kind, page: pageNumber });
    return cached;
  }
  const canvas = await drawPage(store, pageNumber, scale, kind, job, onEvent);
  if (!job.cancelled) {
    cache.set(key, canvas);
    onEvent?.({ type: 'render-done', kind, page: pageNumber });
  }
  return canvas;
}

interface Job {
  cancelled: boolean;
  task: RenderTask | undefined;
}

async function drawPage(
  store: DocumentStore,
  pageNumber: number,
  scale: number,
  kind: RenderKind,
  job: Job,
  onEvent: RenderListener | undefined,
): Promise<HTMLCanvasElement> {
  const page = await store.page(pageNumber);
  if (job.cancelled) throw new DOMException('cancelled', 'AbortError');
  const viewport = page.getViewport({ scale });
  const ratio = outputScale(viewport.width, viewport.height, window.devicePixelRatio);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.floor(viewport.width * ratio));
  canvas.height = Math.max(1, Math.floor(viewport.height * ratio));
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  canvas.draggable = false;
  canvas.setAttribute('aria-hidden', 'true');
  onEvent?.({ type: 'render-start', kind, page: pageNumber });
  job.task = page.render({ canvas, viewport, ...(ratio !== 1 ? { transform: [ratio, 0, 0, ratio, 0, 0] } : {}) });
  await job.task.promise;
  return canvas;
}
