// Harness: pdf.js's own PDFViewer (+ EventBus, PDFLinkService) on the same file, for comparison.
import 'pdfjs-dist/web/pdf_viewer.css';
import * as pdfjsLib from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { ViewerStats } from './harnessTypes.ts';

const stats: ViewerStats = {
  rendered: new Set(), renders: 0, cacheHits: 0, cancelled: 0, failedPages: [],
  opened: false, openError: undefined, firstPageAt: undefined, startedAt: performance.now(),
};
window.__viewerStats = stats;

const asset = (folder: string) => new URL(`pdfjs/${folder}/`, document.baseURI).href;
const FINISHED = 3; // pdf.js RenderingStates.FINISHED

async function main(): Promise<void> {
  // pdf_viewer.mjs reads the library from globalThis.pdfjsLib.
  (globalThis as unknown as { pdfjsLib: typeof pdfjsLib }).pdfjsLib = pdfjsLib;
  const { EventBus, PDFLinkService, PDFViewer } = await import('pdfjs-dist/web/pdf_viewer.mjs');
  pdfjsLib.GlobalWorkerOptions.workerSrc = workerUrl;
  const container = document.getElementById('viewerContainer') as HTMLDivElement;
  const eventBus = new EventBus();
  const linkService = new PDFLinkService({ eventBus });
  const viewer = new PDFViewer({ container, eventBus, linkService });
  linkService.setViewer(viewer);
  eventBus.on('pagesinit', () => (viewer.currentScaleValue = 'page-width'));
  eventBus.on('pagerendered', ({ pageNumber }: { pageNumber: number }) => {
    stats.renders += 1;
    stats.rendered.add(pageNumber);
    if (pageNumber === 1) stats.firstPageAt ??= performance.now();
  });
  window.__bench = {
    goTo: (page) => (viewer.currentPageNumber = page),
    next: () => viewer.nextPage(),
    isDrawn: (page) => (viewer.getPageView(page - 1) as { renderingState?: number } | undefined)?.renderingState === FINISHED,
    currentPage: () => viewer.currentPageNumber,
  };
  const open = async (file: string): Promise<void> => {
    const data = new Uint8Array(await (await fetch(file)).arrayBuffer());
    const doc = await pdfjsLib.getDocument({
      data, isEvalSupported: false, cMapUrl: asset('cmaps'), cMapPacked: true,
      standardFontDataUrl: asset('standard_fonts'), wasmUrl: asset('wasm'), iccUrl: asset('iccs'),
    }).promise;
    stats.opened = true;
    viewer.setDocument(doc);
    linkService.setDocument(doc, null);
  };
  const params = new URLSearchParams(location.search);
  window.__openFile = (file) => {
    stats.startedAt = performance.now();
    open(file).catch(fail);
  };
  if (params.get('defer') !== '1') await open(params.get('file') ?? '');
}

function fail(error: unknown): void {
  stats.openError = error instanceof Error ? error.message : String(error);
}

main().catch(fail);
