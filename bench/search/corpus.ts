// 5,000 realistic Vietnamese pages for the search benchmark: the demo meeting's own sentences (pdf.js text of
// resources/demo-meeting), reshuffled with a seeded generator, with communes, roads and figures varied, in
// documents of 250 pages — the size of a real session's pack (12 documents, ~1,500 pages) three times over.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pdfPageTexts } from '../../main/services/search/pdfText.ts';

export const DEMO_DIR = join(import.meta.dirname, '../../resources/demo-meeting');
export const PAGES_PER_DOCUMENT = 250;
/** About what a page of an A4 report holds. */
const PAGE_CHARS = 2_400;

const COMMUNES = ['Nà Hỳ', 'Nà Bủng', 'Vàng Đán', 'Chà Cang', 'Nậm Nhừ', 'Si Pa Phìn', 'Phìn Hồ', 'Nà Khoa', 'Nậm Chua', 'Chà Tở', 'Nậm Tin', 'Pa Tần', 'Na Cô Sa', 'Nậm Khăn', 'Chà Nưa'];

function pdfs(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? pdfs(p) : p.endsWith('.pdf') ? [p] : [];
  });
}

/** A small seeded generator (mulberry32): the same corpus every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchDoc {
  readonly documentId: string;
  readonly pages: readonly { readonly page: number; readonly text: string; readonly source: 'pdf' }[];
}

export async function demoSentences(): Promise<string[]> {
  const sentences = new Set<string>();
  for (const file of pdfs(DEMO_DIR)) {
    for (const p of await pdfPageTexts(readFileSync(file))) {
      for (const s of p.text.split(/(?<=[.;:])\s+/)) if (s.trim().length > 20) sentences.add(s.trim());
    }
  }
  return [...sentences];
}

export function generateCorpus(sentences: readonly string[], pages: number, seed = 9): BenchDoc[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const vary = (s: string): string =>
    s.replace(/\b\d{2,}\b/g, () => String(Math.floor(rnd() * 900) + 10)).replace(new RegExp(COMMUNES.join('|'), 'g'), () => pick(COMMUNES));
  const docs: BenchDoc[] = [];
  for (let d = 0; d * PAGES_PER_DOCUMENT < pages; d++) {
    const out: BenchDoc['pages'][number][] = [];
    for (let p = 1; p <= PAGES_PER_DOCUMENT && d * PAGES_PER_DOCUMENT + p <= pages; p++) {
      let text = '';
      while (text.length < PAGE_CHARS) text += `${vary(pick(sentences))} `;
      out.push({ page: p, text: text.trim(), source: 'pdf' });
    }
    docs.push({ documentId: `bench-doc-${String(d + 1).padStart(2, '0')}`, pages: out });
  }
  return docs;
}

/** Typed as a delegate types: with and without diacritics, đ, phrases, prefixes letter by letter, 4 words, Telex. */
export const BENCH_QUERIES: readonly string[] = [
  'dong', 'đồng', 'dong y', 'nghi quyet', 'nghị quyết', 'ngan sach', 'ngân sách xã', '"du toan ngan sach"', 'dau tu cong',
  'kien nghi cu tri', 'nam nhu', 'Nậm Nhừ', 'duong', 'đường giao thông', 'giao duc', 'y te xa', 'thuy loi', 'hdnd', 'ubnd xa',
  'n', 'ng', 'ngh', 'nghi', 'nghi q', 'nghi qu', 'nghi quy', 'nghi quye', 'nghi quyet',
  't', 'tr', 'tru', 'truo', 'truon', 'truong', 'truong h', 'truong ho', 'truong hoc',
  'ke hoach dau tu cong trung han', 'ho tro ho ngheo', 'nghij quyeets', 'ngaan sachs', '"cu tri xa"', 'xay dung nong thon moi', 'zzzz',
];
