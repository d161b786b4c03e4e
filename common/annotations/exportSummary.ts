// The summary pages of the annotated-PDF export: the document title, then per author ("Ghi chú của …") every
// highlight, drawing and note with its page, the quoted text and the comment, in page order; orphans (placed on an
// earlier revision) in a section of their own. Drawn with the embedded Noto Sans so every diacritic prints.
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { exportedAtLine, type annotationExportText } from '../i18n/annotationExport.ts';
import { assertNever } from '../result.ts';
import type { Annotation } from './types.ts';

const A4 = { width: 595.28, height: 841.89 } as const;
const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const LEADING = 1.4;
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.38, 0.38, 0.38);
/** A quote longer than this is cut on the summary (the whole text is in the annotation itself). */
const SUMMARY_QUOTE_CHARS = 600;

export interface SummaryInput {
  readonly strings: ReturnType<typeof annotationExportText>;
  readonly lang: 'vi' | 'en';
  readonly title: string;
  readonly now: string;
  readonly annotations: readonly Annotation[];
  readonly authorName: (authorId: string) => string;
  /** Ids of the annotations drawn on the pages; the others are listed as orphans. */
  readonly drawn: ReadonlySet<string>;
}

interface Style {
  readonly size: number;
  readonly bold?: boolean;
  readonly color?: ReturnType<typeof rgb>;
  readonly indent?: number;
}

/** The longest head of `word` (at least one character) that fits `width`: a binary search, as measuring is slow. */
function fittingHead(font: PDFFont, word: string, size: number, width: number): number {
  let lo = 1;
  let hi = word.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (font.widthOfTextAtSize(word.slice(0, mid), size) <= width) lo = mid;
    else hi = mid - 1;
  }
  // Never split a surrogate pair.
  const c = word.charCodeAt(lo);
  return lo > 1 && c >= 0xdc00 && c <= 0xdfff ? lo - 1 : lo;
}

/**
 * Splits a paragraph into lines that fit `width`, breaking words longer than a line. Words are measured once each
 * and summed with the space's width (fontkit's layout is too slow to measure every growing line).
 */
export function wrapText(font: PDFFont, value: string, size: number, width: number): string[] {
  const space = font.widthOfTextAtSize(' ', size);
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  const push = (): void => {
    if (line !== '') lines.push(line);
    line = '';
    lineWidth = 0;
  };
  for (const word of value.split(/\s+/u).filter((w) => w !== '')) {
    let rest = word;
    let w = font.widthOfTextAtSize(rest, size);
    if (line !== '' && lineWidth + space + w <= width) {
      line = `${line} ${rest}`;
      lineWidth += space + w;
      continue;
    }
    push();
    while (w > width) {
      const n = fittingHead(font, rest, size, width);
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
      w = font.widthOfTextAtSize(rest, size);
    }
    line = rest;
    lineWidth = w;
  }
  push();
  return lines;
}

class Writer {
  readonly pages: PDFPage[] = [];
  private page: PDFPage | undefined;
  private y = 0;

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {}

  private newPage(): PDFPage {
    const page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(page);
    this.page = page;
    this.y = A4.height - MARGIN;
    return page;
  }

  /** Room for `height` points, else a new page. */
  need(height: number): void {
    if (!this.page || this.y - height < MARGIN) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  paragraph(value: string, style: Style): void {
    const indent = style.indent ?? 0;
    for (const part of value.normalize('NFC').split(/\r?\n/u)) {
      const font = style.bold ? this.bold : this.font;
      const lines = wrapText(font, part, style.size, WIDTH - indent);
      for (const line of lines.length > 0 ? lines : ['']) {
        this.need(style.size * LEADING);
        this.y -= style.size * LEADING;
        this.page?.drawText(line, { x: MARGIN + indent, y: this.y + style.size * 0.25, size: style.size, font, color: style.color ?? BLACK });
      }
    }
  }

  footer(label: (n: number, of: number) => string): void {
    this.pages.forEach((page, i) => {
      const s = label(i + 1, this.pages.length);
      const size = 8;
      page.drawText(s, { x: A4.width - MARGIN - this.font.widthOfTextAtSize(s, size), y: MARGIN / 2, size, font: this.font, color: GREY });
    });
  }
}

/** Top of the mark on its page (for the order within a page): higher first. */
function topOf(a: Annotation): number {
  switch (a.kind) {
    case 'highlight':
      return Math.max(...a.rects.map(([, y, , h]) => y + h));
    case 'ink':
      return Math.max(...a.strokes.flatMap((s) => s.points.map(([, y]) => y)));
    case 'note':
      return a.point[1];
    default:
      return assertNever(a);
  }
}

function byPlace(a: Annotation, b: Annotation): number {
  return a.target.page - b.target.page || (a.anchor && b.anchor ? a.anchor.position.start - b.anchor.position.start : topOf(b) - topOf(a));
}

function cut(value: string): string {
  return value.length > SUMMARY_QUOTE_CHARS ? `${value.slice(0, SUMMARY_QUOTE_CHARS)}…` : value;
}

function entry(w: Writer, s: SummaryInput['strings'], a: Annotation, author?: string): void {
  w.need(40);
  w.paragraph([s.page(a.target.page), s.kind[a.kind], ...(author === undefined ? [] : [author])].join(' · '), { size: 9.5, color: GREY });
  if (a.anchor && a.anchor.quote.exact.trim() !== '') w.paragraph(`“${cut(a.anchor.quote.exact)}”`, { size: 10.5, color: GREY, indent: 12 });
  const comment = a.kind === 'ink' ? undefined : a.text;
  if (comment && comment.trim() !== '') w.paragraph(comment, { size: 10.5, indent: 12 });
  w.gap(6);
}

interface SectionOptions {
  /** Names each entry's author (the orphans' section gathers every author's). */
  readonly author?: (a: Annotation) => string;
  /** A line under the heading. */
  readonly note?: string;
}

function section(w: Writer, s: SummaryInput['strings'], heading: string, items: readonly Annotation[], options: SectionOptions = {}): void {
  const { author, note } = options;
  w.need(60);
  w.gap(6);
  w.paragraph(heading, { size: 12.5, bold: true });
  if (note !== undefined) w.paragraph(note, { size: 9, color: GREY });
  w.gap(4);
  for (const a of [...items].sort(byPlace)) entry(w, s, a, author?.(a));
}

/** Appends the summary pages to `doc`; headings in `bold` (the regular font when there is no bold). */
export function drawSummary(doc: PDFDocument, fonts: { readonly regular: PDFFont; readonly bold: PDFFont }, input: SummaryInput): void {
  const s = input.strings;
  const w = new Writer(doc, fonts.regular, fonts.bold);
  w.paragraph(s.heading, { size: 16, bold: true });
  w.paragraph(input.title, { size: 13 });
  w.paragraph(exportedAtLine(input.lang, input.now), { size: 9, color: GREY });
  w.gap(8);
  const placed = input.annotations.filter((a) => input.drawn.has(a.id));
  const orphans = input.annotations.filter((a) => !input.drawn.has(a.id));
  if (input.annotations.length === 0) w.paragraph(s.none, { size: 10.5 });
  const byAuthor = new Map<string, Annotation[]>();
  for (const a of placed) byAuthor.set(a.authorId, [...(byAuthor.get(a.authorId) ?? []), a]);
  const authors = [...byAuthor.keys()].sort((x, y) => input.authorName(x).localeCompare(input.authorName(y), 'vi'));
  for (const id of authors) section(w, s, s.notesOf(input.authorName(id)), byAuthor.get(id) ?? []);
  if (orphans.length > 0) {
    // Orphans of every author together, each entry naming its author.
    section(w, s, s.orphaned, orphans, { author: (a) => input.authorName(a.authorId), note: s.orphanedNote });
  }
  w.footer(s.summaryPage);
}
