// Re-anchoring on real PDF text: two revisions of a Vietnamese document laid out by pdf-lib with Noto Sans (the
// second with a sentence inserted on page 1, so every later line and page break moves), page texts extracted by
// pdf.js and joined as the viewer does (renderer/viewer/findText.ts buildPageText), highlights placed on the first
// revision and carried to the second.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { makeAnchor, reanchorAll } from '../../../common/annotations/anchor.ts';
import type { HighlightAnnotation } from '../../../common/annotations/types.ts';
import { buildPageText, type TextItemLike } from '../../../renderer/viewer/findText.ts';
import { int, mulberry32, sentence } from './corpus.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FONT = new Uint8Array(readFileSync(path.join(ROOT, 'resources/fonts/NotoSans-Regular.ttf')));
const SIZE = 11;
const WIDTH = 450;
const TOP = 780;
const BOTTOM = 60;
const LEAD = 15;
const NOW = '2026-12-02T10:00:00.000Z';

function wrap(font: PDFFont, words: readonly string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line === '' ? w : `${line} ${w}`;
    if (font.widthOfTextAtSize(next, SIZE) > WIDTH && line !== '') {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}

async function layout(words: readonly string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(FONT, { subset: true });
  let page = doc.addPage([595.28, 841.89]);
  let y = TOP;
  for (const line of wrap(font, words)) {
    if (y < BOTTOM) {
      page = doc.addPage([595.28, 841.89]);
      y = TOP;
    }
    page.drawText(line, { x: 72, y, size: SIZE, font });
    y -= LEAD;
  }
  return doc.save();
}

async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const out: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    const items = content.items.filter((it): it is typeof it & TextItemLike => 'str' in it);
    out.push(buildPageText(items).text);
  }
  await pdf.destroy();
  return out;
}

describe('re-anchoring across two PDF revisions read by pdf.js', () => {
  it('carries every highlight over the inserted sentences and the moved page breaks', async () => {
    const rand = mulberry32(42);
    const ids = { nextId: 1, stockShare: 0 };
    const sentences = Array.from({ length: 110 }, () => sentence(rand, ids).map((w) => w.text));
    const inserted = Array.from({ length: 4 }, () => sentence(rand, ids).map((w) => w.text)).flat();
    const rev1 = sentences.flat();
    const rev2 = [...sentences.slice(0, 5), inserted, ...sentences.slice(5)].flat();
    const oldPages = await pageTexts(await layout(rev1));
    const newPages = await pageTexts(await layout(rev2));
    expect(oldPages.length).toBeGreaterThanOrEqual(3);
    const anns: HighlightAnnotation[] = [];
    oldPages.forEach((text, p) => {
      const starts = [...text.matchAll(/\S+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
      for (let k = 0; k < 40; k++) {
        const len = int(rand, 1, 8);
        const first = int(rand, 0, starts.length - len);
        const a = starts[first];
        const b = starts[first + len - 1];
        if (!a || !b) continue;
        anns.push({
          id: `h${p}-${k}`, kind: 'highlight', scope: 'private', authorId: 'd1', createdAt: NOW, updatedAt: NOW, color: 'blue', rects: [[0, 0, 1, 1]],
          target: { documentId: 'doc', revision: 1, sha256: 'a'.repeat(64), page: p + 1 }, anchor: makeAnchor(text, a.start, b.end),
        });
      }
    });
    const out = reanchorAll(anns, oldPages, newPages, { documentId: 'doc', revision: 2, sha256: 'b'.repeat(64) }, NOW);
    expect(out).toHaveLength(anns.length);
    let placed = 0;
    let movedPage = 0;
    let clipped = 0;
    out.forEach((o, i) => {
      if (o.status === 'orphan') return;
      placed++;
      const before = anns[i] as HighlightAnnotation;
      const anchor = o.annotation.anchor;
      const page = newPages[o.annotation.target.page - 1] ?? '';
      const exact = before.anchor.quote.exact;
      expect(page.slice(anchor?.position.start, anchor?.position.end)).toBe(anchor?.quote.exact);
      if (o.annotation.target.page !== before.target.page) movedPage++;
      if (anchor?.quote.exact === exact) return;
      // A highlight a new page break cuts in two keeps the larger part, at the edge of its page.
      clipped++;
      const part = anchor?.quote.exact ?? '';
      const atEdge = anchor?.position.start === 0 || anchor?.position.end === page.trimEnd().length;
      expect(atEdge && (exact.startsWith(part) || exact.endsWith(part)) && part.length * 2 >= exact.trim().length).toBe(true);
    });
    expect(placed / anns.length).toBeGreaterThanOrEqual(0.95);
    // The inserted sentences push text over every later page break.
    expect(movedPage).toBeGreaterThan(0);
    expect(clipped).toBeLessThanOrEqual(3);
  });
});
