// Harness: mounts PdfViewer for the PDF named by ?file= (and ?confidential=1, ?lang=en), with render statistics.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { PdfViewer } from '../../renderer/viewer/PdfViewer.tsx';
import { VIEWER_LABELS_EN, VIEWER_LABELS_VI } from '../../renderer/viewer/labels.ts';
import type { ViewerRenderEvent } from '../../renderer/viewer/renderEvents.ts';
import { prewarmPdfWorker } from '../../renderer/viewer/pdfDocument.ts';
import type { ViewerStats } from './harnessTypes.ts';

const params = new URLSearchParams(location.search);
const file = params.get('file') ?? '';
const stats: ViewerStats = {
  rendered: new Set(), renders: 0, cacheHits: 0, cancelled: 0, failedPages: [],
  opened: false, openError: undefined, firstPageAt: undefined, startedAt: performance.now(),
};
window.__viewerStats = stats;

function record(event: ViewerRenderEvent): void {
  if (event.type === 'document-opened') stats.opened = true;
  else if (event.type === 'document-failed') stats.openError = event.message;
  else if (event.kind !== 'page') return;
  else if (event.type === 'render-start') stats.renders += 1;
  else if (event.type === 'render-done') {
    stats.rendered.add(event.page);
    if (event.page === 1) stats.firstPageAt ??= performance.now();
  } else if (event.type === 'cache-hit') stats.cacheHits += 1;
  else if (event.type === 'render-cancelled') stats.cancelled += 1;
  else if (event.type === 'render-failed') stats.failedPages.push(event.page);
}

async function load(name: string): Promise<Uint8Array> {
  const response = await fetch(name);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${name}`);
  return new Uint8Array(await response.arrayBuffer());
}

function setInput(input: HTMLInputElement, value: string): void {
  // React tracks the value property; go through the native setter so onChange fires.
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

window.__bench = {
  goTo(page) {
    const input = document.querySelector<HTMLInputElement>('.pv-page-input');
    if (input === null) return;
    setInput(input, String(page));
    input.form?.requestSubmit();
  },
  next() {
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageDown', bubbles: true }));
  },
  isDrawn(page) {
    return document.querySelector<HTMLElement>(`.pv-page[data-page="${page}"]`)?.dataset['state'] === 'drawn';
  },
  currentPage() {
    return Number(document.querySelector<HTMLInputElement>('.pv-page-input')?.value ?? 0);
  },
};

function Harness() {
  const [name, setName] = useState(params.get('defer') === '1' ? '' : file);
  useEffect(() => {
    // As the app does at start-up (renderer/main.tsx), so a "running app" has its PDF worker ready.
    const openFile = (next: string) => {
      stats.startedAt = performance.now();
      setName(next);
    };
    if (params.get('defer') === '1') void prewarmPdfWorker().then(() => (window.__openFile = openFile));
    else window.__openFile = openFile;
  }, []);
  if (name === '') return null;
  return (
    <PdfViewer
      source={() => load(name)}
      documentId={name}
      confidential={params.get('confidential') === '1'}
      labels={params.get('lang') === 'en' ? VIEWER_LABELS_EN : VIEWER_LABELS_VI}
      onRenderEvent={record}
    />
  );
}

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <Harness />
    </StrictMode>,
  );
}
