// The góp ý table (common/annotations/opinionsExport.ts) parsed back: the DOCX's word/document.xml and the PDF's
// text (pdf.js) have the title, the five columns, one heading row per document and every comment; a long table
// breaks across pages with its header repeated, and a long comment continues on the next page.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { OpinionRow } from '../../../common/api/console.ts';
import { groupOpinions, opinionsDocx, opinionsPdf } from '../../../common/annotations/opinionsExport.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts', 'minutes');
const font = (name: string) => new Uint8Array(readFileSync(path.join(ROOT, 'resources', 'fonts', name)));
const FONTS = { regular: font('Tinos-Regular.ttf'), bold: font('Tinos-Bold.ttf'), italic: font('Tinos-Italic.ttf') };
const META = { title: 'Kỳ họp thứ Hai, HĐND xã Nậm Pồ khóa I, nhiệm kỳ 2026–2031', body: 'Hội đồng nhân dân xã Nậm Pồ', generatedAt: Date.parse('2026-12-05T11:30:00+07:00'), meetingId: 'ky-hop-2' };

const row = (i: number, documentId: string, documentTitle: string, page: number, quote: string, text: string, delegateName: string): OpinionRow => ({
  id: `o${i}`,
  documentId,
  documentTitle,
  page,
  quote,
  text,
  delegateId: `d${String(i).padStart(2, '0')}`,
  delegateName,
  sentAt: `2026-12-0${1 + (i % 4)}T08:00:00+07:00`,
});

const ROWS: OpinionRow[] = [
  row(1, 'du-thao-nq-ns', 'Dự thảo Nghị quyết về dự toán ngân sách xã năm 2027', 3, 'Chi sự nghiệp giáo dục 4.200 triệu đồng', 'Đề nghị tăng chi cho nhà bán trú ở các bản xa.', 'Lầu Thị Dua'),
  row(2, 'bao-cao-ktxh', 'Báo cáo tình hình kinh tế - xã hội năm 2026', 2, 'tỷ lệ hộ nghèo giảm 4,2%', 'Cần nêu rõ số hộ tái nghèo sau mưa lũ.', 'Sùng A Páo'),
  row(3, 'du-thao-nq-ns', 'Dự thảo Nghị quyết về dự toán ngân sách xã năm 2027', 1, 'Điều 1', '=HYPERLINK("x") không phải công thức', 'Vàng A Chư'),
];

async function pdfText(bytes: Uint8Array): Promise<{ pages: number; perPage: string[] }> {
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const perPage: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    perPage.push(flat(content.items.map((it) => ('str' in it ? it.str : '')).join(' ')));
  }
  const pages = pdf.numPages;
  await pdf.destroy();
  return { pages, perPage };
}
const flat = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();
const xmlText = (xml: string): string => flat(xml.replace(/<\/w:p>/g, ' ').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&'));

describe('the góp ý table', () => {
  it('groups by document in first-seen order, then by page', () => {
    const g = groupOpinions(ROWS, 'vi');
    expect(g.head).toEqual(['Tài liệu', 'Trang', 'Nội dung trích dẫn', 'Ý kiến', 'Đại biểu']);
    expect(g.rows.map((r) => r[0] === undefined || r.length === 1 ? r[0] : `${r[1]}:${r[4]}`)).toEqual([
      'Dự thảo Nghị quyết về dự toán ngân sách xã năm 2027 (2)',
      '1:Vàng A Chư',
      '3:Lầu Thị Dua',
      'Báo cáo tình hình kinh tế - xã hội năm 2026 (1)',
      '2:Sùng A Páo',
    ]);
    expect([...g.groupRows]).toEqual([0, 3]);
  });

  it('DOCX: the title, the columns, the document headings and every comment', async () => {
    const bytes = await opinionsDocx(ROWS, META);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'tong-hop-gop-y.docx'), bytes);
    const xml = strFromU8(unzipSync(bytes)['word/document.xml'] ?? new Uint8Array());
    const text = xmlText(xml);
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'TỔNG HỢP Ý KIẾN GÓP Ý', META.title, 'Tổng số ý kiến: 3', 'Tài liệu', 'Trang', 'Nội dung trích dẫn', 'Ý kiến', 'Đại biểu',
      'Dự thảo Nghị quyết về dự toán ngân sách xã năm 2027 (2)', 'Chi sự nghiệp giáo dục 4.200 triệu đồng', 'Đề nghị tăng chi cho nhà bán trú ở các bản xa.', 'Sùng A Páo', '=HYPERLINK("x") không phải công thức']) {
      expect(text, s).toContain(s);
    }
    // The header row repeats on every page; the heading rows span the five columns.
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml.match(/<w:gridSpan w:val="5"\/>/g)).toHaveLength(2);
  });

  it('PDF: the same text; a long table breaks across pages with its header on each, a long comment continues', async () => {
    const long = 'Đề nghị bổ sung giải pháp cụ thể cho từng bản, nêu rõ nguồn vốn, tiến độ và trách nhiệm của từng cơ quan. '.repeat(40);
    const many = [...ROWS, ...Array.from({ length: 60 }, (_, i) => row(10 + i, 'bao-cao-ktxh', 'Báo cáo tình hình kinh tế - xã hội năm 2026', 1 + (i % 5), `trích dẫn số ${i + 1}`, i === 30 ? long : `Ý kiến số ${i + 1}`, 'Quàng Văn Biên'))];
    const bytes = await opinionsPdf(many, META, FONTS);
    writeFileSync(path.join(ARTIFACTS, 'tong-hop-gop-y.pdf'), bytes);
    const { pages, perPage } = await pdfText(bytes);
    expect(pages).toBeGreaterThan(2);
    const all = perPage.join(' ');
    for (const s of ['TỔNG HỢP Ý KIẾN GÓP Ý', 'Tổng số ý kiến: 63', 'Chi sự nghiệp giáo dục 4.200 triệu đồng', 'Ý kiến số 60', 'Trang 1/']) expect(all, s).toContain(s);
    for (const [i, p] of perPage.entries()) expect(p, `page ${i + 1}`).toContain('Nội dung trích dẫn');
    expect(all.split('nêu rõ nguồn vốn').length - 1).toBe(40);
  });

  it('says so when there is nothing yet', async () => {
    const xml = strFromU8(unzipSync(await opinionsDocx([], { ...META, lang: 'en' }))['word/document.xml'] ?? new Uint8Array());
    expect(xmlText(xml)).toContain('No comments yet.');
    expect(xml).not.toContain('<w:tblHeader/>');
  });
});
