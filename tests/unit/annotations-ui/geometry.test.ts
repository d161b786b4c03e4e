// Coordinate transforms (PDF user space ↔ page pixels), selection → rects (one per line), hit-testing.
import { describe, expect, it } from 'vitest';
import type { HighlightAnnotation, InkAnnotation, NoteAnnotation } from '../../../common/annotations/types.ts';
import {
  boundsOf, hitTest, invertMatrix, mergeLines, outlineToPath, rangeRects, rectToPixels, strokePath, toPdf, toPixels,
} from '../../../renderer/annotations/ui/layer/geometry.ts';
import { buildPageText, type TextItemLike } from '../../../renderer/viewer/findText.ts';

// pdf.js viewport.transform of an A4 page (595×842) at scale 1.5, rotation 0: y flipped, origin at the top.
const VIEW = [1.5, 0, 0, -1.5, 0, 842 * 1.5];
// The same page rotated 90°.
const ROTATED = [0, 1.5, 1.5, 0, 0, 0];

const item = (str: string, x: number, y: number, width: number, hasEOL = false): TextItemLike => ({ str, transform: [12, 0, 0, 12, x, y], width, height: 12, hasEOL });

describe('transforms', () => {
  it('maps PDF points to pixels and back', () => {
    expect(toPixels(VIEW, [0, 842])).toEqual([0, 0]);
    expect(toPixels(VIEW, [100, 742])).toEqual([150, 150]);
    const back = toPdf(VIEW, [150, 150]);
    expect(back[0]).toBeCloseTo(100, 9);
    expect(back[1]).toBeCloseTo(742, 9);
  });
  it('inverts any affine matrix, including a rotated page', () => {
    for (const m of [VIEW, ROTATED]) {
      const p = toPixels(m, [123, 456]);
      const q = toPdf(m, p);
      expect(q[0]).toBeCloseTo(123, 9);
      expect(q[1]).toBeCloseTo(456, 9);
    }
    expect(invertMatrix([0, 0, 0, 0, 1, 1])).toEqual([1, 0, 0, 1, 0, 0]);
  });
  it('puts a PDF rect on screen with a positive size whatever the flip', () => {
    expect(rectToPixels(VIEW, [100, 700, 50, 12])).toEqual({ left: 150, top: (842 - 712) * 1.5, width: 75, height: 18 });
    const r = rectToPixels(ROTATED, [100, 700, 50, 12]);
    expect(r.width).toBeCloseTo(18);
    expect(r.height).toBeCloseTo(75);
  });
});

describe('rangeRects (selection → rects)', () => {
  const text = buildPageText([item('Nghị quyết về ', 72, 700, 100), item('ngân sách', 172, 700, 60, true), item('địa phương năm 2026', 72, 684, 120)]);
  it('gives one rect per line, in PDF user space', () => {
    const start = text.text.indexOf('về');
    const end = text.text.indexOf('phương') + 'phương'.length;
    const rects = rangeRects(text, start, end);
    expect(rects).toHaveLength(2);
    const [first, second] = rects;
    expect(first![1]).toBeCloseTo(700 - 12 * 0.2);
    expect(first![0] + first![2]).toBeCloseTo(232); // to the end of "ngân sách"
    expect(second![0]).toBeCloseTo(72);
    expect(second![1]).toBeLessThan(first![1]);
  });
  it('cuts inside an item proportionally', () => {
    const start = text.text.indexOf('quyết');
    const [r] = rangeRects(text, start, start + 'quyết'.length);
    expect(r![0]).toBeCloseTo(72 + (100 * 5) / 14);
    expect(r![2]).toBeCloseTo((100 * 5) / 14);
  });
  it('gives nothing for an empty or blank range', () => {
    expect(rangeRects(text, 5, 5)).toEqual([]);
    const blank = buildPageText([item('   ', 0, 0, 10)]);
    expect(rangeRects(blank, 0, 3)).toEqual([]);
  });
  it('merges boxes that share a line and keeps lines apart', () => {
    expect(mergeLines([[0, 0, 10, 10], [12, 1, 10, 10], [0, 20, 5, 10]])).toEqual([[0, 0, 22, 11], [0, 20, 5, 10]]);
  });
});

const base = { scope: 'private', authorId: 'me', target: { documentId: 'd', revision: 1, sha256: 'a'.repeat(64), page: 1 }, createdAt: '', updatedAt: '' } as const;
const hl: HighlightAnnotation = { ...base, id: 'h', kind: 'highlight', color: 'yellow', anchor: { quote: { exact: 'x', prefix: '', suffix: '' }, position: { start: 0, end: 1 } }, rects: [[100, 100, 50, 10]] };
const ink: InkAnnotation = { ...base, id: 'i', kind: 'ink', color: 'red', width: 2, strokes: [{ points: [[0, 0, 0.5], [100, 0, 0.5]] }] };
const note: NoteAnnotation = { ...base, id: 'n', kind: 'note', point: [300, 500], text: 'Ý kiến' };

describe('hitTest', () => {
  it('finds a highlight, a stroke and a note pin, the topmost first', () => {
    expect(hitTest([hl, ink, note], [120, 105], 0)?.id).toBe('h');
    expect(hitTest([hl, ink, note], [50, 0.8], 0)?.id).toBe('i');
    expect(hitTest([hl, ink, note], [50, 5], 0)).toBeUndefined();
    expect(hitTest([hl, ink, note], [50, 5], 4)?.id).toBe('i');
    expect(hitTest([hl, ink, note], [305, 495], 0)?.id).toBe('n');
    const over = { ...hl, id: 'h2' };
    expect(hitTest([hl, over], [120, 105], 0)?.id).toBe('h2');
  });
  it('bounds each kind', () => {
    expect(boundsOf(hl)).toEqual([100, 100, 50, 10]);
    expect(boundsOf(ink)).toEqual([0, 0, 100, 0]);
    expect(boundsOf(note)).toEqual([300, 482, 18, 18]);
  });
});

describe('ink outline', () => {
  it('draws a closed SVG path from a pressure stroke', () => {
    const d = strokePath({ points: [[0, 0, 0.2], [10, 5, 0.8], [20, 10, 0.5], [30, 10, 0.5]] }, 3);
    expect(d.startsWith('M')).toBe(true);
    expect(d.endsWith('Z')).toBe(true);
    expect(outlineToPath([])).toBe('');
    expect(outlineToPath([[1, 2]])).toBe('M1 2Z');
  });
});
