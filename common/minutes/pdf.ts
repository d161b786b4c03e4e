// The biên bản kỳ họp as an A4 PDF (pdf-lib + fontkit, Tinos embedded as subsets so every Vietnamese letter
// prints anywhere): the national header, the title, the details, attendance with its table, each agenda item
// with its documents, speeches, votes (the results record of recordModel.ts) and announcements, the audit line,
// and the signature blocks; page numbers on every page.
import type { PollRecord } from '../voting/recordModel.ts';
import { BODY_SIZE, GREY, MARGIN, nationalHeader, PdfLayout, TEXT_WIDTH } from './pdfLayout.ts';
import type { MinutesFonts, MinutesItem, MinutesModel } from './types.ts';

const SIGNATURE_HEIGHT = 130;

function poll(l: PdfLayout, model: MinutesModel, rec: PollRecord, question: string, x: number): void {
  l.room(80);
  l.text(`${model.labels.polls}: ${question}`, { font: 'bold', x, width: TEXT_WIDTH - (x - MARGIN.left) });
  for (const [label, value] of rec.fields) l.field(label, value, BODY_SIZE - 1, x);
  l.gap(3);
  l.table(rec.table, BODY_SIZE - 2, x);
  l.gap(3);
  for (const [label, value] of rec.ballots ?? []) l.field(label, value, BODY_SIZE - 1, x);
  for (const [label, value] of rec.box ?? []) l.field(label, value, BODY_SIZE - 2, x);
  for (const line of rec.wording) l.text(line, { x, width: TEXT_WIDTH - (x - MARGIN.left), indent: 20 });
  for (const v of rec.verdicts) l.field(model.labels.verdict, v, BODY_SIZE, x);
  if (rec.names) {
    l.text(`${model.labels.names}:`, { font: 'italic', x, size: BODY_SIZE - 1 });
    for (const g of rec.names) l.field(g.label, g.names.length > 0 ? g.names.join('; ') : '—', BODY_SIZE - 2, x);
  }
  l.gap(6);
}

function item(l: PdfLayout, model: MinutesModel, it: MinutesItem): void {
  const x = MARGIN.left + Math.min(it.depth, 3) * 14;
  const width = TEXT_WIDTH - (x - MARGIN.left);
  l.room(50);
  l.text(it.heading, { font: 'bold', x, width });
  const meta = [it.presenter === undefined ? '' : `${model.labels.presenter}: ${it.presenter}`, it.when].filter((s) => s !== '');
  if (meta.length > 0) l.text(meta.join('; '), { font: 'italic', x, width, size: BODY_SIZE - 1 });
  const inner = x + 12;
  const innerW = TEXT_WIDTH - (inner - MARGIN.left);
  const sub = (): void => l.room(3 * BODY_SIZE * 1.3);
  if (it.documents.length > 0) {
    sub();
    l.text(`${model.labels.documents}:`, { font: 'italic', x, width, size: BODY_SIZE - 1 });
    for (const d of it.documents) l.text(`- ${d}`, { x: inner, width: innerW, size: BODY_SIZE - 1 });
  }
  if (it.speeches.length > 0) {
    sub();
    l.text(`${model.labels.speeches}:`, { font: 'italic', x, width, size: BODY_SIZE - 1 });
    for (const s of it.speeches) l.text(`- ${s.line}`, { x: inner, width: innerW });
  }
  for (const p of it.polls) poll(l, model, p.record, p.question, x);
  for (const note of it.pollNotes) l.text(`- ${note}`, { x: inner, width: innerW });
  if (it.announcements.length > 0) {
    sub();
    l.text(`${model.labels.announcements}:`, { font: 'italic', x, width, size: BODY_SIZE - 1 });
    for (const a of it.announcements) l.text(`- ${a.line}`, { x: inner, width: innerW });
  }
  if (it.empty) l.text(model.labels.nothing, { font: 'italic', x: inner, width: innerW, size: BODY_SIZE - 1 });
  l.gap(5);
}

function signatures(l: PdfLayout, model: MinutesModel): void {
  l.room(SIGNATURE_HEIGHT);
  const half = TEXT_WIDTH / 2;
  const top = l.y;
  const block = (x: number, s: MinutesModel['signatures']['left']): void => {
    l.y = top;
    l.text(s.title, { font: 'bold', align: 'center', x, width: half });
    l.text(s.hint, { font: 'italic', size: BODY_SIZE - 1, align: 'center', x, width: half, color: GREY });
    l.gap(SIGNATURE_HEIGHT - 60);
    if (s.name !== undefined) l.text(s.name, { font: 'bold', align: 'center', x, width: half });
  };
  block(MARGIN.left, model.signatures.left);
  block(MARGIN.left + half, model.signatures.right);
}

export interface MinutesPdfOptions {
  readonly fonts: MinutesFonts;
}

/** The minutes as PDF bytes. */
export async function minutesPdf(model: MinutesModel, opts: MinutesPdfOptions): Promise<Uint8Array> {
  const l = await PdfLayout.create(opts.fonts);
  nationalHeader(l, { bodyLines: model.bodyLines, number: model.number, nation: model.nation, motto: model.motto, placeDate: model.placeDate });
  l.text(model.title, { font: 'bold', size: 15, align: 'center' });
  l.text(model.subtitle, { font: 'bold', align: 'center' });
  l.gap(10);
  for (const [label, value] of model.details) l.field(label, value);
  l.gap(8);
  l.text(model.attendanceHeading, { font: 'bold' });
  for (const s of model.attendance.summary) l.text(s, { indent: 20 });
  l.gap(4);
  l.table({
    head: model.attendance.head,
    rows: model.attendance.rows.map((r) => [String(r.no), r.name, r.position, r.statusText, r.reason]),
    widths: [0.6, 2.6, 2.6, 2, 2],
  });
  l.gap(10);
  l.text(model.proceedingsHeading, { font: 'bold' });
  l.gap(2);
  for (const it of model.items) item(l, model, it);
  l.gap(6);
  l.text(model.auditHeading, { font: 'bold' });
  l.text(model.auditLine, { indent: 20 });
  l.gap(4);
  // The closing sentence stays with the signatures: never signatures alone on the last page.
  l.room(SIGNATURE_HEIGHT + 3 * BODY_SIZE * 1.3 + 14);
  l.text(model.closing, { indent: 20, font: 'italic' });
  l.gap(14);
  signatures(l, model);
  l.footers(model.pageWord, model.footer);
  return l.save(`${model.title} - ${model.subtitle}`, model.lang, model.generatedAt);
}
