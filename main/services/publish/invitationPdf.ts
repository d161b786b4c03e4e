// invitations.pdf: one A4 page per member with the session, the member, a big QR code, the link and what to
// do with it. Noto Sans is embedded (subset) so every Vietnamese diacritic prints on any machine.
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { INVITATION_TEXT as T, roleLabel } from '../../../common/i18n/invitation.ts';
import type { Delegate, MeetingSpec } from '../../../common/meeting/types.ts';
import { formatVietnameseDateTime } from './invitationText.ts';

const A4: readonly [number, number] = [595.28, 841.89];
const MARGIN = 56;
const WIDTH = A4[0] - 2 * MARGIN;
const QR_SIZE = 260;
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);
const RED = rgb(0.7, 0.05, 0.05);

const FONT_DIR = new URL('../../../resources/fonts/', import.meta.url);

export interface InvitationPage {
  readonly delegate: Delegate;
  readonly link: string;
  /** The member's link was revoked: the page says so and prints neither QR code nor link. */
  readonly revoked?: boolean;
}

interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

/** Draws text top-down from `y`; returns the y below it. */
class Cursor {
  y = A4[1] - MARGIN;
  constructor(
    readonly page: PDFPage,
    readonly fonts: Fonts,
  ) {}
  center(text: string, size: number, bold = false, color = BLACK): void {
    const font = bold ? this.fonts.bold : this.fonts.regular;
    for (const line of wrapWords(text, font, size, WIDTH)) {
      this.page.drawText(line, { x: MARGIN + (WIDTH - font.widthOfTextAtSize(line, size)) / 2, y: this.y - size, size, font, color });
      this.y -= size * 1.35;
    }
  }
  field(label: string, value: string, size = 12): void {
    const labelText = `${label}: `;
    const lw = this.fonts.regular.widthOfTextAtSize(labelText, size);
    this.page.drawText(labelText, { x: MARGIN, y: this.y - size, size, font: this.fonts.regular, color: GREY });
    for (const line of wrapWords(value, this.fonts.bold, size, WIDTH - lw)) {
      this.page.drawText(line, { x: MARGIN + lw, y: this.y - size, size, font: this.fonts.bold, color: BLACK });
      this.y -= size * 1.4;
    }
  }
  left(text: string, size: number, font: PDFFont, color = BLACK): void {
    this.page.drawText(text, { x: MARGIN, y: this.y - size, size, font, color });
    this.y -= size * 1.4;
  }
  gap(points: number): void {
    this.y -= points;
  }
}

export function wrapWords(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const next = current === '' ? word : `${current} ${word}`;
    if (current !== '' && font.widthOfTextAtSize(next, size) > width) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  return current === '' ? lines : [...lines, current];
}

/** A link has no spaces: break it at any character (widths summed per character; a link has no kerning to speak of). */
export function wrapChars(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of text) {
    const w = font.widthOfTextAtSize(ch, size);
    if (current !== '' && used + w > width) {
      lines.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += w;
  }
  return current === '' ? lines : [...lines, current];
}

/** The QR code as one vector path (crisp at any printer resolution), error correction M, 4-module quiet zone. */
function drawQr(page: PDFPage, link: string, x: number, top: number, size: number): void {
  const qr = QRCode.create(link, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  let d = '';
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) if (qr.modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
  }
  page.drawRectangle({ x, y: top - size, width: size, height: size, color: rgb(1, 1, 1) });
  page.drawSvgPath(d, { x, y: top, scale: cell, color: BLACK });
}

function drawPage(doc: PDFDocument, fonts: Fonts, meeting: MeetingSpec, inv: InvitationPage): void {
  const page = doc.addPage([A4[0], A4[1]]);
  const c = new Cursor(page, fonts);
  c.center(meeting.body.toLocaleUpperCase('vi'), 13, true);
  c.center(meeting.title, 15, true);
  c.gap(10);
  c.center(T.heading, 20, true, RED);
  c.gap(8);
  c.field(T.time, formatVietnameseDateTime(meeting.startsAt));
  c.field(T.place, meeting.place);
  c.gap(6);
  c.field(T.to, inv.delegate.name, 15);
  if (inv.delegate.position !== '') c.field(T.position, inv.delegate.position);
  if (inv.delegate.unit !== '') c.field(T.unit, inv.delegate.unit);
  if (inv.delegate.group !== '') c.field(T.group, inv.delegate.group);
  c.field(T.role, roleLabel(inv.delegate.role));
  c.gap(10);
  if (inv.revoked === true) {
    c.center(T.revoked, 18, true, RED);
    c.gap(6);
    for (const l of wrapWords(T.revokedHint, fonts.regular, 11, WIDTH)) c.left(l, 11, fonts.regular);
  } else {
    drawQr(page, inv.link, (A4[0] - QR_SIZE) / 2, c.y, QR_SIZE);
    c.gap(QR_SIZE + 8);
    c.left(`${T.link}:`, 10, fonts.regular, GREY);
    for (const line of wrapChars(inv.link, fonts.regular, 9, WIDTH)) c.left(line, 9, fonts.regular);
    c.gap(6);
    for (const line of T.instructions) for (const l of wrapWords(line, fonts.regular, 11, WIDTH)) c.left(l, 11, fonts.regular);
  }
  footer(page, fonts, inv.delegate.id);
}

function footer(page: PDFPage, fonts: Fonts, id: string): void {
  page.drawText(`${T.memberId}: ${id}`, { x: MARGIN, y: MARGIN - 20, size: 9, font: fonts.regular, color: GREY });
  const w = fonts.bold.widthOfTextAtSize(T.confidential, 10);
  page.drawText(T.confidential, { x: A4[0] - MARGIN - w, y: MARGIN - 20, size: 10, font: fonts.bold, color: RED });
}

export async function buildInvitationPdf(meeting: MeetingSpec, pages: readonly InvitationPage[], now: Date = new Date()): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const [regular, bold] = await Promise.all([readFile(new URL('NotoSans-Regular.ttf', FONT_DIR)), readFile(new URL('NotoSans-Bold.ttf', FONT_DIR))]);
  const fonts: Fonts = { regular: await doc.embedFont(regular, { subset: true }), bold: await doc.embedFont(bold, { subset: true }) };
  for (const inv of pages) drawPage(doc, fonts, meeting, inv);
  doc.setTitle(`${T.documentTitle} — ${meeting.title}`);
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  return doc.save();
}
