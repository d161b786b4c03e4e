// Harness: the app's PdfViewer for ?file=, with (?marks=N, ?layer=1) or without the annotation layer, over a
// book that holds N generated marks in memory (the bench measures drawing them, not syncing them). Sets
// window.__openDone to performance.now() - start once page 1 and its marks are drawn.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Annotation } from '../../../common/annotations/types.ts';
import type { BookSnapshot, NoteBook, ShownAnnotation } from '../../../renderer/annotations/bookTypes.ts';
import { AnnotationContext } from '../../../renderer/annotations/ui/AnnotationContext.tsx';
import { PdfViewer } from '../../../renderer/viewer/PdfViewer.tsx';
import { prewarmPdfWorker } from '../../../renderer/viewer/pdfDocument.ts';

declare global {
  interface Window {
    __openDone?: number;
    __marksOnPage1?: number;
    __open?: () => void;
  }
}

const params = new URLSearchParams(location.search);
const file = params.get('file') ?? '';
const marks = Number(params.get('marks') ?? '0');
const pages = Number(params.get('pages') ?? '300');
const layer = params.get('layer') === '1';
const T = '2026-12-02T08:00:00.000Z';
let openedAt = 0;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** N marks spread over the pages: highlights (2 lines), pen strokes and notes, half of them mine. */
function generate(n: number, sha256: string): ShownAnnotation[] {
  const out: ShownAnnotation[] = [];
  for (let i = 0; i < n; i++) {
    const page = (i % pages) + 1;
    const y = 700 - ((Math.floor(i / pages) * 53) % 560);
    const base = { id: `a${String(i).padStart(5, '0')}`, scope: 'meeting' as const, authorId: i % 2 === 0 ? 'd03' : 'd07', createdAt: T, updatedAt: T, target: { documentId: 'doc', revision: 1, sha256, page } };
    const anchor = { quote: { exact: 'ngân sách địa phương', prefix: '', suffix: '' }, position: { start: 0, end: 20 } };
    let a: Annotation;
    if (i % 3 === 0) a = { ...base, kind: 'highlight', color: 'yellow', anchor, rects: [[72, y, 300, 14], [72, y - 16, 180, 14]] };
    else if (i % 3 === 1) a = { ...base, kind: 'ink', color: 'red', width: 2, strokes: [{ points: Array.from({ length: 40 }, (_, k) => [80 + k * 6, y + Math.sin(k / 3) * 12, 0.5] as const) }] };
    else a = { ...base, kind: 'note', point: [450, y], text: `Ghi chú số ${i}: đề nghị làm rõ số liệu` };
    out.push({ annotation: a, authorName: i % 2 === 0 ? 'Vàng A Chư' : 'Trần Minh Đức', mine: i % 2 === 0 });
  }
  return out;
}

function staticBook(snapshot: BookSnapshot): NoteBook {
  return {
    meetingId: 'bench', delegateId: 'd03', snapshot: () => snapshot, subscribe: () => () => undefined,
    put: () => Promise.resolve(), remove: () => Promise.resolve(), sendOpinion: () => Promise.resolve(),
    opinions: () => Promise.resolve([]), noteOpened: () => Promise.resolve(), close: () => undefined,
  };
}

function waitDrawn(start: number, expected: number): void {
  const tick = () => {
    const pageEl = document.querySelector<HTMLElement>('.pv-page[data-page="1"]');
    const drawnMarks = pageEl?.querySelectorAll('[data-annotation]').length ?? 0;
    if (pageEl?.dataset['state'] === 'drawn' && drawnMarks >= expected) {
      window.__marksOnPage1 = drawnMarks;
      window.__openDone = performance.now() - start;
      return;
    }
    requestAnimationFrame(tick);
  };
  tick();
}

function Harness({ bytes, sha256 }: { readonly bytes: Uint8Array; readonly sha256: string }) {
  const [value] = useState(() => {
    const annotations = generate(marks, sha256);
    const snapshot: BookSnapshot = { annotations, connection: { meeting: 'synced' }, rejected: 0, pending: 0 };
    return { book: staticBook(snapshot), snapshot };
  });
  useEffect(() => {
    const expected = value.snapshot.annotations.filter((s) => s.annotation.target.page === 1).length;
    waitDrawn(openedAt, layer ? expected : 0);
  }, [value]);
  return (
    <AnnotationContext.Provider value={value}>
      <PdfViewer source={bytes} documentId="doc" confidential={false} {...(layer ? { annotationTarget: { documentId: 'doc', revision: 1, sha256 } } : {})} />
    </AnnotationContext.Provider>
  );
}

async function main(): Promise<void> {
  await prewarmPdfWorker();
  const res = await fetch(file);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const sha256 = await sha256Hex(bytes);
  const root = createRoot(document.getElementById('root') as HTMLElement);
  // "The app is already running": the worker is warm and the bytes are decrypted; open is timed from mounting.
  window.__open = () => {
    openedAt = performance.now();
    root.render(
      <StrictMode>
        <Harness bytes={bytes} sha256={sha256} />
      </StrictMode>,
    );
  };
}

void main();
