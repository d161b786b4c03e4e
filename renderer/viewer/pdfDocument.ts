// Opening documents with pdf.js: one place for the safety and asset options.
// pdf.js itself (~400 KB of script) is imported on first use, never with the app's first screen: the
// invitation and the agenda do not need it (issue 14). Its chunk is in the offline copy like every other.

import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentLoadingTask, PDFWorker } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { PDFJS_ASSET_DIR } from './pdfAssetPaths.ts';

export type PdfSource = Uint8Array | (() => Promise<Uint8Array>);

type PdfJs = typeof PdfJsModule;

let pdfjsLoading: Promise<PdfJs> | undefined;

/** The pdf.js module, loaded once, with its worker script set. */
function pdfjs(): Promise<PdfJs> {
  pdfjsLoading ??= import('pdfjs-dist').then((m) => {
    m.GlobalWorkerOptions.workerSrc = workerUrl;
    return m;
  });
  return pdfjsLoading;
}

let sharedWorker: PDFWorker | undefined;

/**
 * One pdf.js worker for every document: booting it (loading and compiling ~1 MB of script) is the largest
 * part of opening a first page, so the app starts it early (prewarmPdfWorker) and keeps it. A worker passed
 * to getDocument survives the loading task's destroy().
 */
async function pdfWorker(): Promise<PDFWorker> {
  const { PDFWorker } = await pdfjs();
  sharedWorker ??= new PDFWorker({});
  return sharedWorker;
}

/** Starts the pdf.js worker ahead of the first document (called after the first screen); resolves when ready. */
export async function prewarmPdfWorker(): Promise<void> {
  await (await pdfWorker()).promise;
}

/** Absolute URL of a pdf.js asset folder copied by the `pdfjsAssets()` vite plugin. */
export function assetUrl(folder: string): string {
  return new URL(`${import.meta.env.BASE_URL}${PDFJS_ASSET_DIR}/${folder}/`, document.baseURI).href;
}

async function readSource(source: PdfSource): Promise<Uint8Array> {
  // pdf.js transfers the buffer to its worker; copy a caller's array so it stays usable (and StrictMode re-mounts work).
  return typeof source === 'function' ? source() : source.slice();
}

/** Starts loading; the returned loading task must be destroyed by the caller. */
export async function openPdf(source: PdfSource): Promise<PDFDocumentLoadingTask> {
  const [{ getDocument }, worker, data] = await Promise.all([pdfjs(), pdfWorker(), readSource(source)]);
  return getDocument({
    data,
    worker,
    // Never let a PDF's fonts become eval'd code (CVE-2024-4367 family).
    isEvalSupported: false,
    enableXfa: false,
    cMapUrl: assetUrl('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: assetUrl('standard_fonts'),
    wasmUrl: assetUrl('wasm'),
    iccUrl: assetUrl('iccs'),
  });
}

export function isPasswordError(error: unknown): boolean {
  return error instanceof Error && error.name === 'PasswordException';
}

export function isCancelError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'RenderingCancelledException' || error.name === 'AbortException');
}
