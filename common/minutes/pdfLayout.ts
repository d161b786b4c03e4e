// A top-down A4 layout over pdf-lib for administrative documents (Nghị định 30/2020/NĐ-CP: Times-like font,
// 13–14 pt, margins top/bottom 20 mm, left 30 mm, right 15 mm): wrapped text, "label: value" fields, tables
// whose rows break across pages with the header repeated, and page numbers. Shared by the minutes and the góp
// ý table. Wrapping and the character fallbacks are common/voting/reportPdf.ts's (wrapText, drawable).
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { drawable, wrapText } from '../voting/reportPdf.ts';
import type { MinutesFonts } from './types.ts';

const MM = 72 / 25.4;
export const A4 = { width: 595.28, height: 841.89 } as const;
export const MARGIN = { left: 30 * MM, right: 15 * MM, top: 20 * MM, bottom: 22 * MM } as const;
export const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
export const BODY_SIZE = 13;
const LEADING = 1.3;
export const BLACK = rgb(0, 0, 0);
export const GREY = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.45, 0.45, 0.45);
const HEAD_FILL = rgb(0.9, 0.9, 0.9);

export type FontStyle = 'regular' | 'bold' | 'italic';
export interface TextStyle {
  readonly size?: number;
  readonly font?: FontStyle;
  readonly align?: 'left' | 'center' | 'right';
  readonly x?: number;
  readonly width?: number;
  readonly color?: ReturnType<typeof rgb>;
  /** Indent of the first line (a paragraph) — the others start at x. */
  readonly indent?: number;
  readonly underline?: boolean;
}

export interface PdfTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Relative widths. */
  readonly widths: readonly number[];
  /** Rows drawn bold across the whole width (group headings), by index in rows. */
  readonly groupRows?: ReadonlySet<number>;
}

const charsets = new WeakMap<PDFFont, ReadonlySet<number>>();
function charsetOf(font: PDFFont): ReadonlySet<number> {
  let set = charsets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    charsets.set(font, set);
  }
  return set;
}

const drawableWords = (words: readonly string[], font: PDFFont): string => drawable(words.join(' '), charsetOf(font));

export class PdfLayout {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  y = 0;
  private constructor(
    readonly doc: PDFDocument,
    readonly fonts: Readonly<Record<FontStyle, PDFFont>>,
  ) {
    this.newPage();
  }

  static async create(fonts: MinutesFonts): Promise<PdfLayout> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const embed = (bytes: Uint8Array) => doc.embedFont(bytes, { subset: true });
    return new PdfLayout(doc, { regular: await embed(fonts.regular), bold: await embed(fonts.bold), italic: await embed(fonts.italic) });
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN.top;
  }
  /** A new page unless `height` points still fit. */
  room(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }
  gap(points: number): void {
    this.y -= points;
  }
  /** Wrapped text from the current y; returns the y of the last baseline. */
  text(text: string, style: TextStyle = {}): number {
    const size = style.size ?? BODY_SIZE;
    const font = this.fonts[style.font ?? 'regular'];
    const x = style.x ?? MARGIN.left;
    const width = style.width ?? TEXT_WIDTH;
    const indent = style.indent ?? 0;
    const lines = indent > 0 ? this.indented(text, font, size, width, indent) : wrapText(text, font, size, width);
    let baseline = this.y;
    lines.forEach((line, i) => {
      this.room(size * LEADING);
      const lx = x + (i === 0 ? indent : 0);
      const lw = i === 0 ? width - indent : width;
      const w = font.widthOfTextAtSize(line, size);
      const dx = style.align === 'center' ? (lw - w) / 2 : style.align === 'right' ? lw - w : 0;
      baseline = this.y - size;
      this.page.drawText(line, { x: lx + dx, y: baseline, size, font, color: style.color ?? BLACK });
      if (style.underline === true) this.page.drawLine({ start: { x: lx + dx, y: baseline - 2 }, end: { x: lx + dx + w, y: baseline - 2 }, thickness: 0.6, color: BLACK });
      this.y -= size * LEADING;
    });
    return baseline;
  }

  /** The first line narrower by the indent, the others full width (one paragraph, no newlines inside). */
  private indented(text: string, font: PDFFont, size: number, width: number, indent: number): string[] {
    const words = text.normalize('NFC').split(/\s+/).filter((w) => w !== '');
    const head = wrapText(words.join(' '), font, size, width - indent)[0] ?? '';
    const taken = head.split(' ').filter((w) => w !== '').length;
    // A word longer than the first line was cut by characters: wrap the whole text at full width instead.
    if (taken === 0 || head !== drawableWords(words.slice(0, taken), font)) return wrapText(text, font, size, width);
    const rest = words.slice(taken).join(' ');
    return rest === '' ? [head] : [head, ...wrapText(rest, font, size, width)];
  }

  /** "Label: value" as one paragraph, the label bold. */
  field(label: string, value: string, size = BODY_SIZE, x = MARGIN.left): void {
    const bold = this.fonts.bold;
    const head = drawable(`${label}: `, charsetOf(bold));
    const lw = Math.min(bold.widthOfTextAtSize(head, size), TEXT_WIDTH * 0.45);
    const width = TEXT_WIDTH - (x - MARGIN.left);
    const lines = wrapText(value, this.fonts.regular, size, width - lw);
    lines.forEach((line, i) => {
      this.room(size * LEADING);
      if (i === 0) this.page.drawText(head, { x, y: this.y - size, size, font: bold, color: BLACK });
      this.page.drawText(line, { x: x + lw, y: this.y - size, size, font: this.fonts.regular, color: BLACK });
      this.y -= size * LEADING;
    });
  }

  /** A ruled table; a row taller than the room left continues on the next page, under the repeated header. */
  table(table: PdfTable, size = BODY_SIZE - 2, left = MARGIN.left): void {
    const full = TEXT_WIDTH - (left - MARGIN.left);
    const total = table.widths.reduce((a, b) => a + b, 0);
    const widths = table.widths.map((w) => (w / total) * full);
    const pad = 3;
    const lineH = size * LEADING;
    const wrapCells = (cells: readonly string[], font: PDFFont, spanAll: boolean): string[][] =>
      spanAll ? [wrapText(cells.join(' '), font, size, full - 2 * pad)] : widths.map((w, i) => wrapText(cells[i] ?? '', font, size, w - 2 * pad));
    const drawSegment = (lines: readonly (readonly string[])[], font: PDFFont, fill: boolean, spanAll: boolean, count: number): void => {
      const height = count * lineH + 2 * pad;
      let x = left;
      const cols = spanAll ? [full] : widths;
      cols.forEach((w, i) => {
        this.page.drawRectangle({ x, y: this.y - height, width: w, height, borderColor: RULE, borderWidth: 0.5, ...(fill ? { color: HEAD_FILL } : {}) });
        (lines[i] ?? []).forEach((line, j) => this.page.drawText(line, { x: x + pad, y: this.y - pad - size - j * lineH, size, font, color: BLACK }));
        x += w;
      });
      this.y -= height;
    };
    const header = (): void => {
      const lines = wrapCells(table.head, this.fonts.bold, false);
      const count = Math.max(1, ...lines.map((l) => l.length));
      this.room(count * lineH + 2 * pad + lineH + 2 * pad);
      drawSegment(lines, this.fonts.bold, true, false, count);
    };
    header();
    table.rows.forEach((cells, index) => {
      const group = table.groupRows?.has(index) === true;
      const font = group ? this.fonts.bold : this.fonts.regular;
      let lines = wrapCells(cells, font, group);
      // A group heading keeps at least one row of its group with it.
      if (group) this.room(3 * lineH + 4 * pad);
      while (lines.some((l) => l.length > 0)) {
        const fit = Math.floor((this.y - MARGIN.bottom - 2 * pad) / lineH);
        if (fit < 1) {
          this.newPage();
          header();
          continue;
        }
        const count = Math.min(fit, Math.max(1, ...lines.map((l) => l.length)));
        drawSegment(lines.map((l) => l.slice(0, count)), font, group, group, count);
        lines = lines.map((l) => l.slice(count));
        if (lines.some((l) => l.length > 0)) {
          this.newPage();
          header();
        }
      }
    });
  }

  /** "Trang 1/3" at the bottom right of every page, and a note at the bottom left. */
  footers(pageWord: string, note: string): void {
    const size = 9;
    const font = this.fonts.regular;
    const total = this.pages.length;
    const y = MARGIN.bottom / 2;
    this.pages.forEach((page, i) => {
      const num = `${pageWord} ${i + 1}/${total}`;
      page.drawText(num, { x: A4.width - MARGIN.right - font.widthOfTextAtSize(num, size), y, size, font, color: GREY });
      const text = wrapText(note, font, size - 1, TEXT_WIDTH - 80)[0] ?? '';
      page.drawText(text, { x: MARGIN.left, y, size: size - 1, font, color: GREY });
    });
  }

  async save(title: string, lang: 'vi' | 'en', at: number): Promise<Uint8Array> {
    this.doc.setTitle(title.normalize('NFC'));
    this.doc.setLanguage(lang === 'vi' ? 'vi-VN' : 'en');
    this.doc.setCreationDate(new Date(at));
    this.doc.setModificationDate(new Date(at));
    this.doc.setProducer('Paperless Council');
    return this.doc.save();
  }
}

/** The national header: the body (left, bold, a short rule under it, then `number`), the motto (right). */
export function nationalHeader(l: PdfLayout, parts: { readonly bodyLines: string; readonly number?: string; readonly nation: string; readonly motto: string; readonly placeDate?: string }): void {
  const leftW = TEXT_WIDTH * 0.4;
  const rightX = MARGIN.left + leftW;
  const rightW = TEXT_WIDTH - leftW;
  const top = l.y;
  l.text(parts.bodyLines, { font: 'bold', size: 12, align: 'center', width: leftW });
  const ruleW = leftW * 0.35;
  l.page.drawLine({ start: { x: MARGIN.left + (leftW - ruleW) / 2, y: l.y }, end: { x: MARGIN.left + (leftW + ruleW) / 2, y: l.y }, thickness: 0.6, color: BLACK });
  l.gap(6);
  if (parts.number !== undefined) l.text(parts.number, { size: 12, align: 'center', width: leftW });
  const leftBottom = l.y;
  l.y = top;
  l.text(parts.nation, { font: 'bold', size: 12, align: 'center', x: rightX, width: rightW });
  l.text(parts.motto, { font: 'bold', size: 13, align: 'center', x: rightX, width: rightW, underline: true });
  l.gap(4);
  if (parts.placeDate !== undefined) l.text(parts.placeDate, { font: 'italic', size: 13, align: 'center', x: rightX, width: rightW });
  l.y = Math.min(l.y, leftBottom) - 14;
}
