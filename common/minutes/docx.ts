// The biên bản kỳ họp as a Word document the clerk edits (docx library): the same content as the PDF, with the
// attendance and each vote's counts as tables, so the clerk only fills in the number and adds what was said.
import type { FileChild } from 'docx';
import type { PollRecord } from '../voting/recordModel.ts';
import { field, nationalHeader, packDocument, para, signatureBlocks, table } from './docxParts.ts';
import type { MinutesItem, MinutesModel } from './types.ts';

function pollParts(model: MinutesModel, question: string, rec: PollRecord, leftMm: number): FileChild[] {
  const out: FileChild[] = [para(`${model.labels.polls}: ${question}`, { bold: true, leftMm, before: 4 })];
  for (const [label, value] of rec.fields) out.push(field(label, value, { leftMm, size: 12, after: 0 }));
  out.push(table(rec.table.head, rec.table.rows, rec.table.widths));
  for (const [label, value] of rec.ballots ?? []) out.push(field(label, value, { leftMm, size: 12, after: 0 }));
  for (const [label, value] of rec.box ?? []) out.push(field(label, value, { leftMm, size: 11, after: 0 }));
  for (const line of rec.wording) out.push(para(line, { leftMm, indentMm: 10, before: 3 }));
  for (const v of rec.verdicts) out.push(field(model.labels.verdict, v, { leftMm }));
  if (rec.names) {
    out.push(para(`${model.labels.names}:`, { italics: true, leftMm, size: 12, after: 0 }));
    for (const g of rec.names) out.push(field(g.label, g.names.length > 0 ? g.names.join('; ') : '—', { leftMm, size: 12, after: 0 }));
  }
  return out;
}

function itemParts(model: MinutesModel, it: MinutesItem): FileChild[] {
  const leftMm = Math.min(it.depth, 3) * 5;
  const inner = leftMm + 5;
  const out: FileChild[] = [para(it.heading, { bold: true, leftMm, before: 6 })];
  const meta = [it.presenter === undefined ? '' : `${model.labels.presenter}: ${it.presenter}`, it.when].filter((s) => s !== '');
  if (meta.length > 0) out.push(para(meta.join('; '), { italics: true, leftMm, size: 12 }));
  if (it.documents.length > 0) {
    out.push(para(`${model.labels.documents}:`, { italics: true, leftMm, size: 12, after: 0 }));
    for (const d of it.documents) out.push(para(`- ${d}`, { leftMm: inner, size: 12, after: 0 }));
  }
  if (it.speeches.length > 0) {
    out.push(para(`${model.labels.speeches}:`, { italics: true, leftMm, size: 12, after: 0 }));
    for (const s of it.speeches) {
      out.push(para(`- ${s.line}`, { leftMm: inner, after: 0 }));
      out.push(para(model.labels.speechSummary, { leftMm: inner + 3, italics: true, size: 12, after: 2 }));
    }
  }
  for (const p of it.polls) out.push(...pollParts(model, p.question, p.record, leftMm));
  for (const note of it.pollNotes) out.push(para(`- ${note}`, { leftMm: inner, after: 0 }));
  if (it.announcements.length > 0) {
    out.push(para(`${model.labels.announcements}:`, { italics: true, leftMm, size: 12, after: 0 }));
    for (const a of it.announcements) out.push(para(`- ${a.line}`, { leftMm: inner, after: 0 }));
  }
  if (it.empty) out.push(para(model.labels.nothing, { italics: true, leftMm: inner, size: 12 }));
  return out;
}

export interface MinutesDocxOptions {
  /** Reserved: the document font is Times New Roman (Nghị định 30/2020). */
  readonly font?: string;
}

/** The minutes as .docx bytes. */
export async function minutesDocx(model: MinutesModel, _opts: MinutesDocxOptions = {}): Promise<Uint8Array> {
  const a = model.attendance;
  const children: FileChild[] = [
    nationalHeader({ bodyLines: model.bodyLines, number: model.number, nation: model.nation, motto: model.motto, placeDate: model.placeDate }),
    para(model.title, { bold: true, align: 'center', size: 14, before: 18, after: 0 }),
    para(model.subtitle, { bold: true, align: 'center', after: 12 }),
    ...model.details.map(([label, value]) => field(label, value, { indentMm: 10 })),
    para(model.attendanceHeading, { bold: true, before: 8 }),
    ...a.summary.map((s) => para(s, { indentMm: 10 })),
    table(
      a.head,
      a.rows.map((r) => [String(r.no), r.name, r.position, r.statusText, r.reason]),
      [0.6, 2.6, 2.6, 2, 2],
    ),
    para(model.proceedingsHeading, { bold: true, before: 10 }),
    ...model.items.flatMap((it) => itemParts(model, it)),
    para(model.auditHeading, { bold: true, before: 10 }),
    para(model.auditLine, { indentMm: 10 }),
    para(model.closing, { indentMm: 10, italics: true, after: 12 }),
    signatureBlocks(model.signatures.left, model.signatures.right),
  ];
  return packDocument(children, { title: `${model.title} - ${model.subtitle}`, pageWord: model.pageWord, footer: model.footer, lang: model.lang });
}
