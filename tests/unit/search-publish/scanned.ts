// Test documents for search publishing, made at test time (STYLE.md rule 15): a Vietnamese text PDF (Noto Sans,
// real text layer) and a "scan" of it — its page rendered by pdftoppm to a grey JPEG and wrapped, image only, in a
// new PDF with pdf-lib, so the scan has no text layer at all. Legacy-font samples encode known text with the tables.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, PDFName, StandardFonts, rgb } from 'pdf-lib';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const A4: [number, number] = [595.28, 841.89];
const FIXED_DATE = new Date('2026-11-20T08:00:00+07:00');

/** One A4 page per entry of `pages`, each a list of lines, in Noto Sans (every Vietnamese letter). */
export async function makeTextPdf(pages: readonly (readonly string[])[], size = 13): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(path.join(ROOT, 'resources/fonts/NotoSans-Regular.ttf')), { subset: true });
  for (const lines of pages) {
    const page = doc.addPage(A4);
    let y = A4[1] - 70;
    for (const line of lines) {
      page.drawText(line, { x: 60, y, size, font, color: rgb(0, 0, 0) });
      y -= size * 1.7;
    }
  }
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  return doc.save();
}

/** A PDF whose every page is only a picture of the given PDF's page (what a scanner makes). */
export async function makeScannedPdf(source: Uint8Array, dpi = 150, quality = 70): Promise<Uint8Array> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'council-scan-'));
  try {
    const input = path.join(dir, 'in.pdf');
    writeFileSync(input, source);
    const src = await PDFDocument.load(source);
    const out = await PDFDocument.create();
    for (let i = 1; i <= src.getPageCount(); i++) {
      const prefix = path.join(dir, `p${i}`);
      execFileSync('pdftoppm', ['-f', String(i), '-l', String(i), '-r', String(dpi), '-gray', '-jpeg', '-jpegopt', `quality=${quality}`, '-singlefile', input, prefix]);
      const jpg = await out.embedJpg(readFileSync(`${prefix}.jpg`));
      const { width, height } = src.getPage(i - 1).getSize();
      out.addPage([width, height]).drawImage(jpg, { x: 0, y: 0, width, height });
    }
    out.setCreationDate(FIXED_DATE);
    out.setModificationDate(FIXED_DATE);
    return await out.save();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A PDF whose text layer reads as a legacy-font file does: the given lines already encoded (encodeTcvn3 /
 * encodeVni), drawn in a standard font with WinAnsi encoding and renamed to the legacy font's name (BaseFont),
 * so pdf.js reports the Latin-1 characters a .VnTime or VNI-Times file yields, under that font's name.
 */
export async function makeLegacyPdf(encodedLines: readonly string[], fontName: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage(A4);
  let y = A4[1] - 70;
  for (const line of encodedLines) {
    page.drawText(line, { x: 60, y, size: 12, font });
    y -= 20;
  }
  await doc.flush(); // embeds the font, so its dictionary exists
  const dict = doc.context.lookup(font.ref, PDFDict);
  dict.set(PDFName.of('BaseFont'), PDFName.of(fontName));
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  return doc.save();
}
