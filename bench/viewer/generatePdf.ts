// Generates the test/benchmark document: N pages, each with a big distinct label, coloured shapes and text,
// some of it Vietnamese (embedded Noto Sans, so no machine font is needed).

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

const FONT = fileURLToPath(new URL('../../resources/fonts/NotoSans-Regular.ttf', import.meta.url));
const BOLD = fileURLToPath(new URL('../../resources/fonts/NotoSans-Bold.ttf', import.meta.url));

/** A phrase with diacritics (and đ) placed on every page divisible by PHRASE_EVERY. */
export const PHRASE = 'Nghị quyết về ngân sách địa phương';
export const PHRASE_EVERY = 50;

export function phrasePages(pageCount: number): number[] {
  return Array.from({ length: Math.floor(pageCount / PHRASE_EVERY) }, (_, i) => (i + 1) * PHRASE_EVERY);
}

function hue(i: number, pageCount: number) {
  const t = i / Math.max(1, pageCount);
  return rgb(0.2 + 0.7 * t, 0.8 - 0.6 * t, 0.3 + 0.5 * Math.abs(Math.sin(i)));
}

function drawPage(page: PDFPage, n: number, pageCount: number, font: PDFFont, bold: PDFFont): void {
  const { width, height } = page.getSize();
  page.drawRectangle({ x: 40, y: height - 260, width: width - 80, height: 180, color: hue(n, pageCount) });
  page.drawCircle({ x: width / 2, y: height / 2 - 60, size: 90, color: rgb(0.1, 0.3, 0.8), opacity: 0.8 });
  page.drawRectangle({ x: 60, y: 80, width: 120, height: 120, color: rgb(0.9, 0.2, 0.2) });
  page.drawText(`Trang ${n}/${pageCount}`, { x: 60, y: height - 200, size: 56, font: bold, color: rgb(0, 0, 0) });
  page.drawText(`Phiên họp thường kỳ — tài liệu số ${n}`, { x: 60, y: height - 320, size: 18, font });
  if (n % PHRASE_EVERY === 0) page.drawText(PHRASE, { x: 60, y: height - 360, size: 18, font });
}

export async function generateTestPdf(pageCount = 300): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await readFile(FONT), { subset: true });
  const bold = await doc.embedFont(await readFile(BOLD), { subset: true });
  doc.setTitle(`Tài liệu thử ${pageCount} trang`);
  for (let n = 1; n <= pageCount; n++) drawPage(doc.addPage([595, 842]), n, pageCount, font, bold);
  return doc.save();
}
