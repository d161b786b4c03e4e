// Loads a PDF for the viewer and destroys the loading task (and with it the document and worker) on unmount.

import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';
import { isPasswordError, openPdf, type PdfSource } from './pdfDocument.ts';
import type { PageSize } from './pageLayout.ts';

export type DocumentState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly doc: PDFDocumentProxy; readonly firstPage: PageSize }
  | { readonly status: 'failed'; readonly reason: 'password' | 'corrupt'; readonly message: string };

async function load(source: PdfSource, keep: (task: PDFDocumentLoadingTask) => void): Promise<DocumentState> {
  const task = await openPdf(source);
  keep(task);
  const doc = await task.promise;
  return { status: 'ready', doc, firstPage: await firstPageSize(doc) };
}

/** A4 in points: the estimate when page 1 itself is broken (its slot then shows the page error). */
const A4: PageSize = { width: 595, height: 842 };

async function firstPageSize(doc: PDFDocumentProxy): Promise<PageSize> {
  try {
    const { width, height } = (await doc.getPage(1)).getViewport({ scale: 1 });
    return { width, height };
  } catch {
    return A4;
  }
}

function failure(error: unknown): DocumentState {
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', reason: isPasswordError(error) ? 'password' : 'corrupt', message };
}

export function useDocument(source: Uint8Array | (() => Promise<Uint8Array>), documentId: string): DocumentState {
  const [state, setState] = useState<{ id: string; state: DocumentState }>({ id: '', state: { status: 'loading' } });
  // The document is identified by its id: a new array with the same id is the same document, so the
  // source is read through a ref and only a new id reloads.
  const sourceRef = useRef(source);
  useEffect(() => {
    sourceRef.current = source;
  });
  useEffect(() => {
    let task: PDFDocumentLoadingTask | undefined;
    let disposed = false;
    load(sourceRef.current, (t) => {
      task = t;
      if (disposed) void t.destroy();
    })
      .then((next) => !disposed && setState({ id: documentId, state: next }))
      .catch((error: unknown) => !disposed && setState({ id: documentId, state: failure(error) }));
    return () => {
      disposed = true;
      void task?.destroy();
    };
  }, [documentId]);
  return state.id === documentId ? state.state : { status: 'loading' };
}
