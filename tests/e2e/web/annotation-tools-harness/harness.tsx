// Test harness (Playwright only, never shipped): the real PdfViewer with its annotation layer and tools over the
// in-memory NoteBook of the unit tests, so the tools can be driven and photographed without a meeting. The book
// is exposed as window.__book; ?group=1 gives the delegate a tổ; __book.reauthor(id, other) turns one of my
// marks into another delegate's (to show others' shared marks with their names); ?seed=N adds N shared marks by
// another delegate spread over the pages (the 1,000-mark opening check); window.__select(id) selects a mark as
// the panel does.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Annotation } from '../../../../common/annotations/types.ts';
import { AnnotationContext } from '../../../../renderer/annotations/ui/AnnotationContext.tsx';
import type { BookSnapshot } from '../../../../renderer/annotations/bookTypes.ts';
import { setViewPrefs } from '../../../../renderer/annotations/ui/viewPrefs.ts';
import { PdfViewer } from '../../../../renderer/viewer/PdfViewer.tsx';
import { memoryBook } from '../../../unit/annotations-ui/memoryBook.ts';

const params = new URLSearchParams(location.search);
const file = params.get('file') ?? '';
const ME = 'dlg-me';
const NAMES: Record<string, string> = { [ME]: 'Hoàng Thị Mai', 'dlg-pao': 'Sùng A Páo' };
const store = new Map<string, Annotation>();
const inner = memoryBook(ME, NAMES);
const listeners = new Set<(s: BookSnapshot) => void>();
const snapshot = (): BookSnapshot => {
  const s = inner.snapshot();
  return { ...s, connection: params.get('group') === '1' ? { ...s.connection, group: 'synced' } : s.connection, annotations: [...s.annotations, ...[...store.values()].map((annotation) => ({ annotation, authorName: NAMES[annotation.authorId] ?? annotation.authorId, mine: false }))] };
};
inner.subscribe(() => listeners.forEach((l) => l(snapshot())));
const book = {
  ...inner,
  snapshot,
  subscribe(l: (s: BookSnapshot) => void): () => void {
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  },
  all: () => snapshot().annotations.map((s) => s.annotation),
  async reauthor(id: string, authorId: string) {
    const a = inner.snapshot().annotations.find((s) => s.annotation.id === id)?.annotation;
    if (a === undefined) return;
    store.set(id, { ...a, authorId, scope: 'meeting' });
    await inner.remove(id);
  },
};
declare global {
  interface Window {
    __book?: typeof book;
    __select?: (id: string) => void;
  }
}
window.__book = book;
window.__select = (id) => setViewPrefs({ selectedId: id });

const TARGET = { documentId: 'doc-demo', revision: 1, sha256: 'a'.repeat(64) };

/** N marks by Sùng A Páo on pages 1…pages: highlights, notes and drawings in turn. */
function seed(n: number, pages: number): void {
  const base = { scope: 'meeting', authorId: 'dlg-pao', createdAt: '2026-12-01T08:00:00Z', updatedAt: '2026-12-01T08:00:00Z' } as const;
  for (let i = 0; i < n; i++) {
    const target = { ...TARGET, page: (i % pages) + 1 };
    const id = `seed${i}`;
    const y = 500 - (i % 7) * 30;
    const a: Annotation =
      i % 3 === 0
        ? { ...base, id, target, kind: 'highlight', color: 'blue', anchor: { quote: { exact: 'Phiên họp', prefix: '', suffix: '' }, position: { start: 0, end: 9 } }, rects: [[60, y, 200, 20]] }
        : i % 3 === 1
          ? { ...base, id, target, kind: 'note', point: [480, y], text: `Ghi chú số ${i}` }
          : { ...base, id, target, kind: 'ink', color: 'green', width: 2, strokes: [{ points: [[300, y, 0.5], [340, y + 10, 0.6], [380, y, 0.5]] }] };
    store.set(id, a);
  }
}
seed(Number(params.get('seed') ?? 0), Number(params.get('pages') ?? 1));

async function load(name: string): Promise<Uint8Array> {
  const response = await fetch(name);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${name}`);
  return new Uint8Array(await response.arrayBuffer());
}

function Harness() {
  const [snap, setSnap] = useState(snapshot);
  useEffect(() => book.subscribe(setSnap), []);
  return (
    <AnnotationContext.Provider value={{ book, snapshot: snap }}>
      <PdfViewer
        source={() => load(file)}
        documentId={file}
        confidential={params.get('confidential') === '1'}
        annotationTarget={TARGET}
      />
    </AnnotationContext.Provider>
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
