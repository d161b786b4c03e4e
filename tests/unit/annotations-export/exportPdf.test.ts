// The annotated-PDF export read back by two independent readers: pdf.js (getAnnotations: subtype, contents,
// author, quadPoints, inkLists) and poppler through its GLib bindings (tests/fixtures/annotations/
// poppler_annots.py), with Vietnamese diacritics intact; the summary page's text through pdf.js and pdftotext; and
// the annotated page rendered by poppler (pdftoppm) to see the highlight's appearance under the words (all pages
// also rendered into tests/artifacts/annotations-export for a look).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAnnotatedPdf } from '../../../common/annotations/exportPdf.ts';
import type { Annotation, HighlightAnnotation, InkAnnotation, NoteAnnotation } from '../../../common/annotations/types.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FONT = new Uint8Array(readFileSync(path.join(ROOT, 'resources/fonts/NotoSans-Regular.ttf')));
const BOLD = new Uint8Array(readFileSync(path.join(ROOT, 'resources/fonts/NotoSans-Bold.ttf')));
const POPPLER_SCRIPT = path.join(ROOT, 'tests/fixtures/annotations/poppler_annots.py');
/** Rendered pages for a look (git-ignored), as the voting report's test does. */
const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts', 'annotations-export');
const SHA = 'c'.repeat(64);
const T0 = '2026-12-01T08:30:00.000Z';
const NOW = '2026-12-02T02:05:00.000Z';
const QUOTE = 'Nghị quyết số 12/2026/NQ-HĐND';
const NOTE = 'hỏi lại Sở Tài chính về khoản 2';
const COMMENT = 'Đề nghị làm rõ căn cứ pháp lý của điều này';
const AUTHORS: Record<string, string> = { d1: 'Nguyễn Thị Hằng', d2: 'Trần Văn Đức' };
const LINE = { x: 72, y: 700, size: 14 } as const;

let dir = '';
let quoteWidth = 0;

async function sourcePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(FONT, { subset: true });
  quoteWidth = font.widthOfTextAtSize(QUOTE, LINE.size);
  const p1 = doc.addPage([595.28, 841.89]);
  p1.drawText(`${QUOTE} về dự toán ngân sách nhà nước năm 2027`, { ...LINE, font, color: rgb(0, 0, 0) });
  p1.drawText('Điều 1. Thông qua dự toán thu ngân sách nhà nước trên địa bàn tỉnh.', { x: 72, y: 660, size: 12, font });
  const p2 = doc.addPage([595.28, 841.89]);
  p2.drawText('Điều 2. Khoản 2: kinh phí thực hiện từ nguồn ngân sách tỉnh.', { x: 72, y: 700, size: 12, font });
  return doc.save();
}

const base = { scope: 'group', createdAt: T0, updatedAt: T0 } as const;
const target = (page: number) => ({ documentId: 'doc-ns-2027', revision: 2, sha256: SHA, page });

function annotations(): Annotation[] {
  const highlight: HighlightAnnotation = {
    ...base, id: 'hl-1', kind: 'highlight', authorId: 'd1', target: target(1), color: 'yellow', text: COMMENT,
    anchor: { quote: { exact: QUOTE, prefix: '', suffix: ' về dự toán ngân sách nhà nước n' }, position: { start: 0, end: QUOTE.length } },
    rects: [[LINE.x, LINE.y - 4, quoteWidth, LINE.size + 4]],
  };
  const plain: HighlightAnnotation = {
    ...highlight, id: 'hl-2', authorId: 'd2', color: 'green', text: undefined,
    anchor: { quote: { exact: 'Thông qua dự toán', prefix: 'Điều 1. ', suffix: '' }, position: { start: 8, end: 25 } },
    rects: [[118, 656, 110, 16]],
  };
  const ink: InkAnnotation = {
    ...base, id: 'ink-1', kind: 'ink', authorId: 'd1', target: target(1), color: 'red', width: 2,
    strokes: [{ points: [[80, 600, 0.5], [150, 620, 0.5], [220, 600, 0.5]] }, { points: [[300, 610, 0.5]] }],
  };
  const note: NoteAnnotation = { ...base, id: 'note-1', kind: 'note', authorId: 'd2', target: target(2), point: [400, 620], text: NOTE };
  const orphan: NoteAnnotation = {
    ...note, id: 'note-old', authorId: 'd1', text: 'Ý kiến về bản dự thảo trước', orphanOf: { revision: 1, sha256: 'd'.repeat(64), since: T0 },
  };
  return [highlight, plain, ink, note, orphan];
}

let exported: Uint8Array = new Uint8Array();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'annotations-export-'));
  exported = await exportAnnotatedPdf({
    pdf: await sourcePdf(), annotations: annotations(), authorName: (id) => AUTHORS[id] ?? id,
    documentTitle: 'Dự thảo Nghị quyết về dự toán ngân sách nhà nước năm 2027', fontBytes: FONT, boldFontBytes: BOLD, lang: 'vi', now: NOW,
  });
  writeFileSync(path.join(dir, 'annotated.pdf'), exported);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PdfJsAnnot {
  subtype: string;
  contentsObj?: { str: string };
  titleObj?: { str: string };
  quadPoints?: ArrayLike<number>;
  inkLists?: Array<ArrayLike<number>>;
  color?: ArrayLike<number>;
  hasAppearance?: boolean;
  annotationType: number;
}

async function openPdf(bytes: Uint8Array) {
  return getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
}

const flat = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();

describe('exportAnnotatedPdf', () => {
  it('writes highlights, ink and notes that pdf.js reads back with their Vietnamese text', async () => {
    const pdf = await openPdf(exported);
    expect(pdf.numPages).toBe(3);
    const p1 = (await (await pdf.getPage(1)).getAnnotations()) as PdfJsAnnot[];
    const p2 = (await (await pdf.getPage(2)).getAnnotations()) as PdfJsAnnot[];
    await pdf.destroy();
    const hl = p1.filter((a) => a.subtype === 'Highlight');
    expect(hl.map((a) => [a.contentsObj?.str, a.titleObj?.str])).toEqual([
      [COMMENT, 'Nguyễn Thị Hằng'],
      ['Thông qua dự toán', 'Trần Văn Đức'],
    ]);
    expect(hl.every((a) => a.hasAppearance)).toBe(true);
    const quads = Array.from(hl[0]?.quadPoints ?? []);
    expect(quads).toHaveLength(8);
    const [ulx, uly, urx, , , lly] = quads;
    expect(ulx).toBeCloseTo(LINE.x, 1);
    expect(urx).toBeCloseTo(LINE.x + quoteWidth, 1);
    expect(uly).toBeCloseTo(LINE.y + LINE.size, 1);
    expect(lly).toBeCloseTo(LINE.y - 4, 1);
    const ink = p1.find((a) => a.subtype === 'Ink');
    expect(ink?.titleObj?.str).toBe('Nguyễn Thị Hằng');
    expect(ink?.inkLists?.map((l) => Array.from(l))).toEqual([[80, 600, 150, 620, 220, 600], [300, 610]]);
    expect(Array.from(ink?.color ?? [])).toEqual([217, 26, 26]);
    expect(p2.map((a) => [a.subtype, a.contentsObj?.str, a.titleObj?.str])).toEqual([['Text', NOTE, 'Trần Văn Đức']]);
  });

  it('writes annotations poppler reads with the same texts, authors and quadrilaterals', () => {
    const out = JSON.parse(execFileSync('/usr/bin/python3', [POPPLER_SCRIPT, path.join(dir, 'annotated.pdf')]).toString('utf8')) as {
      pages: Array<Array<{ type: string; contents: string | null; label?: string | null; name?: string; area: number[]; quads?: number; color?: number[] }>>;
    };
    const [p1 = [], p2 = [], p3 = []] = out.pages;
    // poppler-glib 22.12 has no AnnotInk class, so an ink annotation comes back as a plain Annot (no label).
    expect(p1.map((a) => [a.type, a.contents, a.type === 'ink' ? undefined : a.label])).toEqual([
      ['highlight', COMMENT, 'Nguyễn Thị Hằng'],
      ['highlight', 'Thông qua dự toán', 'Trần Văn Đức'],
      ['ink', null, undefined],
    ]);
    expect(p1.map((a) => a.name)).toEqual(['hl-1', 'hl-2', 'ink-1']);
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = p1[0]?.area ?? [];
    expect([x1, y1, x2, y2].map((v) => Math.round(v))).toEqual([LINE.x, LINE.y - 4, LINE.x + quoteWidth, LINE.y + LINE.size].map((v) => Math.round(v)));
    expect(p1[0]?.color?.map((c) => Math.round(c * 100) / 100)).toEqual([1, 0.86, 0.2]);
    expect(p2.map((a) => [a.type, a.contents, a.label])).toEqual([['text', NOTE, 'Trần Văn Đức']]);
    expect(p3).toEqual([]);
  });

  it('appends a summary page in Vietnamese: title, authors, pages, quotes, comments and the orphan', async () => {
    const pdf = await openPdf(exported);
    const content = await (await pdf.getPage(3)).getTextContent();
    await pdf.destroy();
    const viaPdfJs = flat(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
    const viaPoppler = flat(execFileSync('pdftotext', ['-f', '3', '-l', '3', path.join(dir, 'annotated.pdf'), '-']).toString('utf8'));
    for (const text of [viaPdfJs, viaPoppler]) {
      for (const want of [
        'Ghi chú và đánh dấu trên tài liệu',
        'Dự thảo Nghị quyết về dự toán ngân sách nhà nước năm 2027',
        'Xuất lúc 09:05 ngày 02 tháng 12 năm 2026',
        'Ghi chú của Nguyễn Thị Hằng',
        'Ghi chú của Trần Văn Đức',
        `Trang 1 · Đánh dấu “${QUOTE}” ${COMMENT}`,
        'Trang 1 · Nét vẽ',
        `Trang 2 · Ghi chú ${NOTE}`,
        'Ghi chú cần gắn lại',
        'Ghi chú cần gắn lại Đặt trên bản trước của tài liệu; không vẽ trên các trang này. Trang 2 · Ghi chú · Nguyễn Thị Hằng Ý kiến về bản dự thảo trước',
        'Trang tóm tắt 1/1',
      ]) {
        expect(text).toContain(want);
      }
      expect(text.indexOf('Ghi chú của Nguyễn Thị Hằng')).toBeLessThan(text.indexOf('Ghi chú của Trần Văn Đức'));
    }
  });

  it('draws the highlight and ink appearances (poppler rendering)', () => {
    const prefix = path.join(dir, 'page');
    execFileSync('pdftoppm', ['-png', '-r', '72', '-f', '1', '-l', '1', '-singlefile', path.join(dir, 'annotated.pdf'), prefix]);
    const png = PNG.sync.read(readFileSync(`${prefix}.png`));
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'annotated.pdf'), exported);
    execFileSync('pdftoppm', ['-png', '-r', '60', path.join(ARTIFACTS, 'annotated.pdf'), path.join(ARTIFACTS, 'page')]);
    const pixel = (x: number, yPdf: number): [number, number, number] => {
      const y = Math.round(png.height - yPdf);
      const i = (y * png.width + Math.round(x)) * 4;
      return [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
    };
    // A spot inside the highlight between letters: yellow (high red and green, low blue); outside it: white.
    const spots = [0.2, 0.4, 0.6, 0.8].map((f) => pixel(LINE.x + quoteWidth * f, LINE.y - 2.5));
    expect(spots.some(([r, g, b]) => r > 200 && g > 180 && b < 120)).toBe(true);
    expect(pixel(LINE.x + quoteWidth + 200, LINE.y - 2.5)).toEqual([255, 255, 255]);
    // The ink stroke's corner (150, 620) is drawn red by its appearance stream.
    const around = [-2, -1, 0, 1, 2].flatMap((dx) => [-2, -1, 0, 1, 2].map((dy) => pixel(150 + dx, 620 + dy)));
    expect(around.some(([r, g, b]) => r > 150 && g + b < 200)).toBe(true);
  });

  it('writes the English summary when asked, and no annotations at all when none are passed', async () => {
    const bytes = await exportAnnotatedPdf({
      pdf: await sourcePdf(), annotations: [], authorName: (id) => id, documentTitle: 'Tờ trình', fontBytes: FONT, lang: 'en', now: NOW,
    });
    const pdf = await openPdf(bytes);
    expect(pdf.numPages).toBe(3);
    expect(await (await pdf.getPage(1)).getAnnotations()).toEqual([]);
    const content = await (await pdf.getPage(3)).getTextContent();
    await pdf.destroy();
    const text = flat(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
    expect(text).toContain('Notes and highlights on the document Tờ trình Exported at 09:05, 2 December 2026 No notes.');
  });

  it('paginates a long summary, keeps odd texts intact, and lists marks of another revision as orphans', async () => {
    const odd = `Dòng một\nDòng hai 😀 ${'Nghịquyết'.repeat(40)} ${'ừ '.repeat(1_500)}`.slice(0, 4_000);
    const many: NoteAnnotation[] = Array.from({ length: 40 }, (_, i) => ({
      ...base, id: `n${i}`, kind: 'note', authorId: i % 2 === 0 ? 'd1' : 'd2', target: target(1 + (i % 2)), point: [72 + i * 5, 800 - i * 10],
      text: i === 0 ? odd : `Ý kiến số ${i + 1}: đề nghị bổ sung căn cứ pháp lý`,
    }));
    const stale: NoteAnnotation = { ...base, id: 'stale', kind: 'note', authorId: 'd2', target: { ...target(1), revision: 1, sha256: 'e'.repeat(64) }, point: [72, 72], text: 'Ghi chú bản cũ' };
    const bytes = await exportAnnotatedPdf({
      pdf: await sourcePdf(), annotations: [...many, stale], authorName: (id) => AUTHORS[id] ?? id, documentTitle: 'Tờ trình',
      fontBytes: FONT, lang: 'vi', now: NOW, placedOn: { revision: 2, sha256: SHA },
    });
    const pdf = await openPdf(bytes);
    expect(pdf.numPages).toBeGreaterThan(3);
    const p1 = (await (await pdf.getPage(1)).getAnnotations()) as PdfJsAnnot[];
    expect(p1.map((a) => a.contentsObj?.str)).toContain(odd.normalize('NFC'));
    expect(p1.map((a) => a.contentsObj?.str)).not.toContain('Ghi chú bản cũ');
    const summary: string[] = [];
    for (let i = 3; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      summary.push(flat(content.items.map((it) => ('str' in it ? it.str : '')).join(' ')));
    }
    await pdf.destroy();
    const all = summary.join(' ');
    const summaryPages = pdf.numPages - 2;
    summary.forEach((text, i) => expect(text).toContain(`Trang tóm tắt ${i + 1}/${summaryPages}`));
    for (let i = 2; i <= 40; i++) expect(all).toContain(`Ý kiến số ${i}: đề nghị bổ sung căn cứ pháp lý`);
    expect(all).toContain('Dòng một Dòng hai');
    expect(all).toContain('Trang 1 · Ghi chú · Trần Văn Đức Ghi chú bản cũ');
  });
});
