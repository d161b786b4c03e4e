// The OCR plumbing that needs no recognition run: the model is the local npm package, word boxes map into the
// page text exactly, and the demo meeting's scanned decision is a page with no text layer (so it gets OCRed).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutOf, OCR_DPI, pngSize, renderPage, vietnameseModelPath } from '../../../main/services/publish/ocr.ts';
import { buildDocumentText, extractPages } from '../../../main/services/publish/pageText.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCAN = path.join(ROOT, 'resources/demo-meeting/to-trinh/quyet-dinh-duong-nam-nhu-ban-chup.pdf');

const word = (text: string, x0: number, y0: number, x1: number, y1: number) => ({ text, confidence: 90, bbox: { x0, y0, x1, y1 } });

describe('OCR plumbing', () => {
  it('loads the Vietnamese model from node_modules, not from a network', () => {
    const dir = vietnameseModelPath();
    expect(dir).toBe(path.join(ROOT, 'node_modules/@tesseract.js-data/vie/4.0.0_best_int'));
    expect(readFileSync(path.join(dir, 'vie.traineddata.gz')).length).toBeGreaterThan(1_000_000);
  });

  it('lays words out as lines and paragraphs, each box pointing at its word', () => {
    const blocks = [
      { paragraphs: [{ lines: [{ words: [word('QUYẾT', 100, 50, 200, 70), word('ĐỊNH', 210, 50, 290, 70)] }] }, { lines: [{ words: [word('Điều', 20, 100, 60, 115), word('1.', 62, 100, 80, 115)] }, { words: [word('Nậm', 20, 120, 60, 135), word('Nhừ', 64, 120, 100, 135)] }] }] },
    ];
    const r = layoutOf(blocks, 400, 500);
    expect(r.text).toBe('QUYẾT ĐỊNH\n\nĐiều 1.\nNậm Nhừ');
    expect(r.boxes.map((b) => r.text.slice(b.start, b.end))).toEqual(['QUYẾT', 'ĐỊNH', 'Điều', '1.', 'Nậm', 'Nhừ']);
    expect(r.boxes[0]).toEqual({ start: 0, end: 5, x: 0.25, y: 0.1, w: 0.25, h: 0.04 });
    expect(r.confidence).toBe(90);
    expect(layoutOf([], 10, 10)).toEqual({ text: '', boxes: [], confidence: 0 });
  });

  it('without OCR a scanned page stays unreadable (source none) and is reported as such', async () => {
    const bytes = new Uint8Array(readFileSync(SCAN));
    const out = await buildDocumentText('scan', SCAN, 'f'.repeat(64), bytes);
    expect(out.text).toEqual({ version: 1, documentId: 'scan', pages: [{ page: 1, text: '', source: 'none' }] });
    expect(out).toMatchObject({ ocred: [], converted: [], unreadable: [1] });
  });

  it("the demo meeting's scanned decision has no text layer and renders to a page-sized PNG", async () => {
    expect(readFileSync(SCAN).length).toBeLessThan(300 * 1024);
    expect(await extractPages(new Uint8Array(readFileSync(SCAN)))).toEqual([{ page: 1, kind: 'needs-ocr', reason: 'no-text', text: '' }]);
    const { width, height } = pngSize(await renderPage(SCAN, 1));
    // A4 at OCR_DPI: 8.27 × 11.69 inches.
    expect(Math.round(width / OCR_DPI * 100) / 100).toBeCloseTo(8.27, 1);
    expect(Math.round(height / OCR_DPI * 100) / 100).toBeCloseTo(11.69, 1);
  });
});
