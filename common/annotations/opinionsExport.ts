// The góp ý table (issue 10): every comment the secretariat received on the meeting's documents, as a Word
// document and a PDF "Tổng hợp ý kiến góp ý" with the columns Tài liệu, Trang, Nội dung trích dẫn, Ý kiến,
// Đại biểu, grouped by document (a bold row names each document; the rows follow by page).
import type { OpinionRow } from '../api/console.ts';
import type { Lang } from '../i18n/errors.ts';
import { minutesText } from '../i18n/minutes.ts';
import { recordsIso, recordsText } from '../i18n/records.ts';
import { bodyLinesOf } from '../minutes/build.ts';
import { nationalHeader as docxHeader, packDocument, para, table } from '../minutes/docxParts.ts';
import { nationalHeader as pdfHeader, PdfLayout } from '../minutes/pdfLayout.ts';
import type { MinutesFonts } from '../minutes/types.ts';

export interface OpinionsMeta {
  /** The meeting's title. */
  readonly title: string;
  /** The council: "Hội đồng nhân dân xã Nậm Pồ". */
  readonly body: string;
  readonly lang?: Lang;
  readonly generatedAt?: number;
  readonly meetingId?: string;
}

interface Grouped {
  readonly head: readonly string[];
  readonly rows: string[][];
  readonly groupRows: Set<number>;
  readonly widths: readonly number[];
}

/** Rows by document (in the order documents first appear), then by page and time. */
export function groupOpinions(rows: readonly OpinionRow[], lang: Lang): Grouped {
  const t = (k: Parameters<typeof minutesText>[1]) => minutesText(lang, k);
  const order: string[] = [];
  const byDoc = new Map<string, OpinionRow[]>();
  for (const r of rows) {
    const list = byDoc.get(r.documentId);
    if (list) list.push(r);
    else {
      order.push(r.documentId);
      byDoc.set(r.documentId, [r]);
    }
  }
  const out: string[][] = [];
  const groupRows = new Set<number>();
  for (const id of order) {
    const list = [...(byDoc.get(id) ?? [])].sort((a, b) => a.page - b.page || (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0));
    const title = list[0]?.documentTitle ?? id;
    groupRows.add(out.length);
    out.push([`${title} (${list.length})`]);
    for (const r of list) out.push([title, String(r.page), r.quote, r.text, r.delegateName]);
  }
  return { head: [t('colDocument'), t('colPage'), t('colQuote'), t('colOpinion'), t('colDelegate')], rows: out, groupRows, widths: [2, 0.95, 3.1, 3.35, 1.75] };
}

function texts(rows: readonly OpinionRow[], meta: OpinionsMeta) {
  const lang = meta.lang ?? 'vi';
  const at = meta.generatedAt ?? Date.now();
  return {
    lang,
    at,
    header: { bodyLines: bodyLinesOf(meta.body), nation: recordsText(lang, 'nation'), motto: recordsText(lang, 'motto') },
    title: minutesText(lang, 'opinionsTitle'),
    count: rows.length === 0 ? minutesText(lang, 'opinionsNone') : minutesText(lang, 'opinionsCount', { n: rows.length }),
    footer: `${recordsText(lang, 'generated')} ${recordsIso(at)}${meta.meetingId === undefined ? '' : ` · ${meta.meetingId}`}`,
    pageWord: recordsText(lang, 'page'),
  };
}

/** The table as .docx bytes. */
export async function opinionsDocx(rows: readonly OpinionRow[], meta: OpinionsMeta): Promise<Uint8Array> {
  const x = texts(rows, meta);
  const g = groupOpinions(rows, x.lang);
  return packDocument(
    [
      docxHeader(x.header),
      para(x.title, { bold: true, align: 'center', size: 14, before: 18, after: 0 }),
      para(meta.title, { bold: true, align: 'center', after: 6 }),
      para(x.count, { italics: true, align: 'center', after: 8 }),
      ...(rows.length > 0 ? [table(g.head, g.rows, g.widths, g.groupRows)] : []),
    ],
    { title: `${minutesText(x.lang, 'opinionsTitleCase')} - ${meta.title}`, pageWord: x.pageWord, footer: x.footer, lang: x.lang },
  );
}

/** The table as PDF bytes (Tinos: resources/fonts/Tinos-{Regular,Bold,Italic}.ttf). */
export async function opinionsPdf(rows: readonly OpinionRow[], meta: OpinionsMeta, fonts: MinutesFonts): Promise<Uint8Array> {
  const x = texts(rows, meta);
  const g = groupOpinions(rows, x.lang);
  const l = await PdfLayout.create(fonts);
  pdfHeader(l, x.header);
  l.text(x.title, { font: 'bold', size: 15, align: 'center' });
  l.text(meta.title, { font: 'bold', align: 'center' });
  l.text(x.count, { font: 'italic', align: 'center' });
  l.gap(8);
  if (rows.length > 0) l.table({ head: g.head, rows: g.rows, widths: g.widths, groupRows: g.groupRows });
  l.footers(x.pageWord, x.footer);
  return l.save(`${minutesText(x.lang, 'opinionsTitleCase')} - ${meta.title}`, x.lang, x.at);
}
