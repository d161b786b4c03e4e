// Re-anchoring benchmark (issue 8): a 100-page Vietnamese document (~30,000 words) with 2,000 highlights, carried
// to an edited revision (a sentence inserted on every page; the whole document re-paginated) by reanchorAll with
// the old page texts (word diff), without them (fuzzy search only), and by the quote-only baseline, in the same
// run; and the annotated-PDF export of 300 marks on a 20-page PDF. Figures only; nothing here passes or fails
// on a time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { exportAnnotatedPdf } from '../../common/annotations/exportPdf.ts';
import { makeAnchor, reanchorAll } from '../../common/annotations/anchor.ts';
import type { Annotation, HighlightAnnotation } from '../../common/annotations/types.ts';
import { baselinePlace } from '../../tests/unit/annotations-anchor/baseline.ts';
import { int, makeCorpus, mulberry32, pageText, wordStarts } from '../../tests/unit/annotations-anchor/corpus.ts';
import { applyEdit, type EditClass } from '../../tests/unit/annotations-anchor/edits.ts';
import type { BenchRow } from '../table.ts';

const PAGES = 100;
const PER_PAGE = 20;
const GROUP = 'annotations';

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

const ROOT = path.resolve(import.meta.dirname, '../..');

async function exportRow(): Promise<BenchRow> {
  const font = new Uint8Array(readFileSync(path.join(ROOT, 'resources/fonts/NotoSans-Regular.ttf')));
  const doc = await PDFDocument.create();
  for (let i = 0; i < 20; i++) doc.addPage([595.28, 841.89]);
  const pdf = await doc.save();
  const target = (page: number) => ({ documentId: 'doc', revision: 1, sha256: 'a'.repeat(64), page });
  const marks: Annotation[] = Array.from({ length: 300 }, (_, i): Annotation => {
    const base = { id: `m${i}`, scope: 'private', authorId: `d${i % 3}`, createdAt: '', updatedAt: '', target: target(1 + (i % 20)) } as const;
    if (i % 3 === 0) return { ...base, kind: 'note', point: [72, 700], text: `Ý kiến số ${i}: đề nghị làm rõ căn cứ pháp lý của khoản này` };
    if (i % 3 === 1) return { ...base, kind: 'ink', color: 'red', width: 2, strokes: [{ points: Array.from({ length: 50 }, (_, k) => [72 + k * 4, 600 + (k % 7), 0.5] as const) }] };
    return {
      ...base, kind: 'highlight', color: 'yellow', rects: [[72, 700, 200, 14], [72, 684, 120, 14]], text: 'Cần thảo luận thêm',
      anchor: { quote: { exact: 'Nghị quyết số 12/2026/NQ-HĐND về dự toán ngân sách', prefix: '', suffix: '' }, position: { start: 0, end: 49 } },
    };
  });
  const t0 = performance.now();
  const out = await exportAnnotatedPdf({ pdf, annotations: marks, authorName: (id) => `Đại biểu ${id}`, documentTitle: 'Dự thảo', fontBytes: font, lang: 'vi', now: new Date().toISOString() });
  const ms = performance.now() - t0;
  return { group: GROUP, name: 'exportAnnotatedPdf 300 marks, 20 pages', value: ms, unit: 'ms', note: `${Math.round(out.length / 1024)} KiB out` };
}

export async function runAnchorBench(): Promise<BenchRow[]> {
  const corpus = makeCorpus(7, 1, PAGES, 300);
  const pages = corpus.docs[0] ?? [];
  const rand = mulberry32(3);
  const anns: HighlightAnnotation[] = [];
  pages.forEach((page, p) => {
    const text = pageText(page);
    const starts = wordStarts(page);
    for (let k = 0; k < PER_PAGE; k++) {
      const len = int(rand, 1, 12);
      const s = int(rand, 0, page.length - len);
      const last = page[s + len - 1];
      anns.push({
        id: `h${p}-${k}`, kind: 'highlight', scope: 'private', authorId: 'd1', createdAt: '', updatedAt: '', color: 'yellow', rects: [[0, 0, 1, 1]],
        target: { documentId: 'doc', revision: 1, sha256: 'a'.repeat(64), page: p + 1 },
        anchor: makeAnchor(text, starts[s] as number, (starts[s + len - 1] as number) + (last?.text.length ?? 0)),
      });
    }
  });
  const oldTexts = pages.map(pageText);
  const target = { documentId: 'doc', revision: 2, sha256: 'b'.repeat(64) };
  const rows: BenchRow[] = [];
  for (const kind of ['sentenceInserted', 'reflow'] as const satisfies readonly EditClass[]) {
    const edited = applyEdit(kind, rand, pages, [], { nextId: corpus.nextId });
    const newTexts = edited.map(pageText);
    const ours = timed(() => reanchorAll(anns, oldTexts, newTexts, target, 'now'));
    const fuzzy = timed(() => reanchorAll(anns, undefined, newTexts, target, 'now'));
    const base = timed(() => anns.map((a) => baselinePlace(a.anchor, a.target.page, newTexts)));
    const orphans = ours.value.filter((o) => o.status === 'orphan').length;
    rows.push({
      group: GROUP,
      name: `reanchorAll ${anns.length} highlights, ${PAGES} pages, ${kind}`,
      value: ours.ms,
      unit: 'ms',
      baseline: `quote-only ${Math.round(base.ms)} ms`,
      note: `${(ours.ms / anns.length).toFixed(2)} ms each; ${orphans} orphans; fuzzy only ${Math.round(fuzzy.ms)} ms`,
    });
  }
  rows.push(await exportRow());
  return rows;
}
