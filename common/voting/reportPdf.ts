// The biên bản kết quả biểu quyết as an A4 PDF (pdf-lib + fontkit): the national motto header beside the
// council's name, the title, per poll its fields, a table of counts with percentages and their base, the
// ballots and the electronic box for secret polls, the result in the National Assembly's wording, the verdict,
// for open polls the names per choice, then signature blocks for the Chủ tọa and the Thư ký, and page numbers.
// The font is embedded (subset) from bytes the caller passes, so every Vietnamese diacritic prints anywhere.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Lang } from '../i18n/errors.ts';
import { recordsDate, recordsIso, recordsText } from '../i18n/records.ts';
import { pollRecord, type PollRecord, type RecordTable, type ReportInput, type ReportMeeting } from './recordModel.ts';

/** Noto Sans (TTF, OTF, WOFF or WOFF2) bytes; bold is optional (regular is used for both without it). */
export interface ReportFonts {
  readonly regular: Uint8Array;
  readonly bold?: Uint8Array;
}

const A4 = { width: 595.28, height: 841.89 } as const;
const MARGIN = { left: 62, right: 48, top: 48, bottom: 56 } as const;
const WIDTH = A4.width - MARGIN.left - MARGIN.right;
const BODY = 11;
const LEADING = 1.35;
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.4, 0.4, 0.4);
const RULE_GREY = rgb(0.6, 0.6, 0.6);
const HEAD_FILL = rgb(0.92, 0.92, 0.92);
/** The signature blocks: the heading, the hint and room to sign, and the name. */
const SIGNATURE_HEIGHT = 120;

type Align = 'left' | 'center' | 'right';
interface TextStyle {
  readonly size?: number;
  readonly bold?: boolean;
  readonly align?: Align;
  readonly x?: number;
  readonly width?: number;
  readonly color?: ReturnType<typeof rgb>;
}

/** Text is NFC (names typed on some systems arrive decomposed); the font has the precomposed letters. */
const nfc = (s: string): string => s.normalize('NFC');

/** Stand-ins for characters a font may lack (Noto Sans has no arrows): the wording's "→ Thông qua". */
const FALLBACKS: Readonly<Record<string, readonly string[]>> = { '→': ['⇒', '–', '-'], '–': ['-'], '—': ['–', '-'], '≥': ['>='], '≤': ['<='] };

/** The text with every character the font cannot draw replaced by a stand-in it can (or "?"). */
export function drawable(text: string, charset: ReadonlySet<number>): string {
  let out = '';
  for (const ch of nfc(text)) {
    const cp = ch.codePointAt(0) ?? 0;
    if (charset.has(cp) || cp === 0x20 || cp === 0x0a) out += ch;
    else out += (FALLBACKS[ch] ?? []).find((f) => [...f].every((c) => charset.has(c.codePointAt(0) ?? 0))) ?? '?';
  }
  return out;
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

const widths = new WeakMap<PDFFont, Map<string, number>>();

/**
 * The width of a word at a size, cached: shaping is the slow part of pdf-lib's measuring (a line re-measured
 * per word made 2,000 names take 20 s). A line is its words plus spaces; kerning across a space is nil.
 */
function widthOf(font: PDFFont, word: string, size: number): number {
  let cache = widths.get(font);
  if (!cache) {
    cache = new Map();
    widths.set(font, cache);
  }
  let w = cache.get(word);
  if (w === undefined) {
    w = font.widthOfTextAtSize(word, 1000);
    cache.set(word, w);
  }
  return (w * size) / 1000;
}

/** A word wider than the line (a digest), cut by characters. */
function breakWord(word: string, font: PDFFont, size: number, width: number): string[] {
  const parts: string[] = [];
  let part = '';
  for (const ch of word) {
    if (part !== '' && widthOf(font, part + ch, size) > width) {
      parts.push(part);
      part = '';
    }
    part += ch;
  }
  return [...parts, part];
}

export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  const space = widthOf(font, ' ', size);
  for (const paragraph of drawable(text, charsetOf(font)).split('\n')) {
    let line = '';
    let used = 0;
    for (const whole of paragraph.split(/\s+/).filter((w) => w !== '')) {
      for (const word of widthOf(font, whole, size) > width ? breakWord(whole, font, size, width) : [whole]) {
        const w = widthOf(font, word, size);
        if (line !== '' && used + space + w > width) {
          out.push(line);
          line = word;
          used = w;
        } else {
          line = line === '' ? word : `${line} ${word}`;
          used += (used === 0 ? 0 : space) + w;
        }
      }
    }
    out.push(line);
  }
  return out;
}

/** Top-down layout over as many pages as it takes. */
class Layout {
  readonly pages: PDFPage[] = [];
  page: PDFPage;
  y = 0;
  constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.page = this.newPage();
  }
  newPage(): PDFPage {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN.top;
    return this.page;
  }
  /** Starts a new page unless `height` points still fit. */
  room(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }
  gap(points: number): void {
    this.y -= points;
  }
  font(bold: boolean | undefined): PDFFont {
    return bold === true ? this.bold : this.regular;
  }
  /** Draws wrapped text from the current y; returns the number of lines. */
  text(text: string, style: TextStyle = {}): number {
    const size = style.size ?? BODY;
    const font = this.font(style.bold);
    const x = style.x ?? MARGIN.left;
    const width = style.width ?? WIDTH;
    const lines = wrapText(text, font, size, width);
    for (const line of lines) {
      this.room(size * LEADING);
      const w = font.widthOfTextAtSize(line, size);
      const dx = style.align === 'center' ? (width - w) / 2 : style.align === 'right' ? width - w : 0;
      this.page.drawText(line, { x: x + dx, y: this.y - size, size, font, color: style.color ?? BLACK });
      this.y -= size * LEADING;
    }
    return lines.length;
  }
  /** "Label: value", the value wrapped beside the label. */
  field(label: string, value: string, size = BODY): void {
    const head = drawable(`${label}: `, charsetOf(this.bold));
    const lw = Math.min(this.bold.widthOfTextAtSize(head, size), WIDTH * 0.45);
    const lines = wrapText(value, this.regular, size, WIDTH - lw);
    this.room(size * LEADING);
    this.page.drawText(head, { x: MARGIN.left, y: this.y - size, size, font: this.bold, color: BLACK });
    lines.forEach((line, i) => {
      if (i > 0) this.room(size * LEADING);
      this.page.drawText(line, { x: MARGIN.left + lw, y: this.y - size, size, font: this.regular, color: BLACK });
      this.y -= size * LEADING;
    });
  }
  table(table: RecordTable, size = BODY - 1): void {
    const total = table.widths.reduce((a, b) => a + b, 0);
    const widths = table.widths.map((w) => (w / total) * WIDTH);
    const pad = 4;
    const row = (cells: readonly string[], head: boolean): void => {
      const font = head ? this.bold : this.regular;
      const wrapped = cells.map((c, i) => wrapText(c, font, size, (widths[i] ?? 0) - 2 * pad));
      const height = Math.max(...wrapped.map((w) => w.length)) * size * LEADING + 2 * pad;
      this.room(height);
      let x = MARGIN.left;
      wrapped.forEach((lines, i) => {
        const w = widths[i] ?? 0;
        this.page.drawRectangle({ x, y: this.y - height, width: w, height, borderColor: RULE_GREY, borderWidth: 0.5, ...(head ? { color: HEAD_FILL } : {}) });
        lines.forEach((line, j) => this.page.drawText(line, { x: x + pad, y: this.y - pad - size * (j + 1) - (size * (LEADING - 1) * j), size, font, color: BLACK }));
        x += w;
      });
      this.y -= height;
    };
    row(table.head, true);
    for (const r of table.rows) row(r, false);
  }
}

/** "Hội đồng nhân dân huyện Nậm Pồ" → "HỘI ĐỒNG NHÂN DÂN\nHUYỆN NẬM PỒ", as the name of an issuing body is set. */
export function councilLines(body: string): string {
  const upper = nfc(body).toLocaleUpperCase('vi');
  const lead = 'HỘI ĐỒNG NHÂN DÂN ';
  return upper.startsWith(lead) ? `${lead.trim()}\n${upper.slice(lead.length)}` : upper;
}

/** "Hội đồng nhân dân huyện Nậm Pồ" → "Nậm Pồ": the place before the date, as administrative documents write it. */
export function localityOf(body: string): string | undefined {
  const m = /^hội đồng nhân dân (?:tỉnh|thành phố|thị xã|huyện|quận|xã|phường|đặc khu|thị trấn) (.+)$/iu.exec(nfc(body).trim());
  return m?.[1];
}

function header(l: Layout, lang: Lang, meeting: ReportMeeting, day: number | undefined): void {
  const leftW = WIDTH * 0.4;
  const rightX = MARGIN.left + leftW;
  const rightW = WIDTH - leftW;
  const top = l.y;
  l.text(councilLines(meeting.body), { bold: true, size: 10.5, align: 'center', width: leftW });
  const leftBottom = l.y;
  l.y = top;
  l.text(recordsText(lang, 'nation'), { bold: true, size: 10.5, align: 'center', x: rightX, width: rightW });
  l.text(recordsText(lang, 'motto'), { bold: true, size: 11.5, align: 'center', x: rightX, width: rightW });
  const mottoW = l.bold.widthOfTextAtSize(recordsText(lang, 'motto'), 11.5);
  const line = (x: number, w: number, y: number) => l.page.drawLine({ start: { x, y }, end: { x: x + w, y }, thickness: 0.6, color: BLACK });
  line(rightX + (rightW - mottoW) / 2, mottoW, l.y + 2);
  line(MARGIN.left + leftW * 0.3, leftW * 0.4, leftBottom + 2);
  l.y = Math.min(l.y, leftBottom) - 8;
  if (day !== undefined) {
    const where = localityOf(meeting.body);
    l.text(`${where === undefined ? '' : `${where}, `}${recordsDate(lang, day)}`, { size: 10.5, align: 'center', x: rightX, width: rightW, color: GREY });
  }
  l.gap(14);
}

function pollSection(l: Layout, lang: Lang, rec: PollRecord, heading: string | undefined): void {
  if (heading !== undefined) {
    l.room(60);
    l.text(heading, { bold: true, size: BODY + 1 });
    l.gap(2);
  }
  for (const [label, value] of rec.fields) l.field(label, value);
  l.gap(6);
  l.room(40);
  l.text(`${recordsText(lang, 'resultHeading')}:`, { bold: true });
  l.table(rec.table);
  l.gap(6);
  if (rec.ballots) for (const [label, value] of rec.ballots) l.field(label, value);
  if (rec.box) {
    l.gap(2);
    l.text(`${recordsText(lang, 'boxHeading')}:`, { bold: true });
    for (const [label, value] of rec.box) l.field(label, value, BODY - 1);
  }
  l.gap(4);
  l.text(`${recordsText(lang, 'announced')}:`, { bold: true });
  for (const line of rec.wording) l.text(line);
  l.gap(4);
  for (const v of rec.verdicts) l.field(recordsText(lang, 'verdict'), v, BODY + 1);
  if (rec.names) {
    l.gap(6);
    l.text(`${recordsText(lang, 'namesHeading')}:`, { bold: true });
    for (const group of rec.names) l.field(group.label, group.names.length > 0 ? group.names.join('; ') : recordsText(lang, 'none'), BODY - 1);
  }
  l.gap(12);
}

function signatures(l: Layout, lang: Lang, meeting: ReportMeeting): void {
  l.room(SIGNATURE_HEIGHT);
  const half = WIDTH / 2;
  const top = l.y;
  const named = (role: string) => meeting.delegates.find((d) => d.role === role)?.name;
  const block = (x: number, title: string, name: string | undefined): void => {
    l.y = top;
    l.text(title, { bold: true, align: 'center', x, width: half });
    l.text(recordsText(lang, 'signHint'), { size: BODY - 1, align: 'center', x, width: half, color: GREY });
    l.gap(SIGNATURE_HEIGHT - 60);
    if (name !== undefined) l.text(name, { bold: true, align: 'center', x, width: half });
  };
  block(MARGIN.left, recordsText(lang, 'secretary'), named('secretary'));
  block(MARGIN.left + half, recordsText(lang, 'chair'), named('chair'));
}

function footers(l: Layout, lang: Lang, meeting: ReportMeeting, generatedAt: number): void {
  const size = 8.5;
  const total = l.pages.length;
  const note = `${recordsText(lang, 'generated')} ${recordsIso(generatedAt)}${meeting.meetingId === undefined ? '' : ` · ${meeting.meetingId}`}`;
  l.pages.forEach((page, i) => {
    const num = `${recordsText(lang, 'page')} ${i + 1}/${total}`;
    page.drawText(drawable(note, charsetOf(l.regular)), { x: MARGIN.left, y: MARGIN.bottom - 24, size, font: l.regular, color: GREY });
    page.drawText(num, { x: A4.width - MARGIN.right - l.regular.widthOfTextAtSize(num, size), y: MARGIN.bottom - 24, size, font: l.regular, color: GREY });
  });
}

/** The biên bản as PDF bytes: one poll's, or the session's with a section per announced poll. */
export async function resultsPdf(input: ReportInput, fonts: ReportFonts): Promise<Uint8Array> {
  const lang = input.lang ?? 'vi';
  const generatedAt = input.generatedAt ?? Date.now();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const bold = fonts.bold ? await doc.embedFont(fonts.bold, { subset: true }) : regular;
  const l = new Layout(doc, regular, bold);
  const { meeting, entries } = input;
  const lastDay = entries.reduce<number | undefined>((d, e) => e.poll.announcedAt ?? d, undefined);
  header(l, lang, meeting, lastDay);
  const title = recordsText(lang, input.scope === 'poll' ? 'titlePoll' : 'titleSession');
  l.text(title, { bold: true, size: 15, align: 'center' });
  l.text(meeting.title, { bold: true, size: 12, align: 'center' });
  l.text(`${recordsText(lang, 'place')}: ${meeting.place}`, { size: 10.5, align: 'center', color: GREY });
  l.gap(12);
  if (entries.length === 0) l.text(recordsText(lang, 'none'));
  entries.forEach((entry, i) => {
    const rec = pollRecord(entry, meeting, lang);
    pollSection(l, lang, rec, input.scope === 'session' ? `${i + 1}. ${entry.poll.definition.question}` : undefined);
  });
  signatures(l, lang, meeting);
  footers(l, lang, meeting, generatedAt);
  doc.setTitle(nfc(`${title} - ${meeting.title}`));
  doc.setLanguage(lang === 'vi' ? 'vi-VN' : 'en');
  doc.setCreationDate(new Date(generatedAt));
  doc.setModificationDate(new Date(generatedAt));
  doc.setProducer('Paperless Council');
  return doc.save();
}
