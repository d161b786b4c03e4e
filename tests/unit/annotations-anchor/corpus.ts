// A deterministic corpus of Vietnamese administrative text (seeded PRNG over a phrase list), highlights placed on
// it, and the edit classes of the re-anchoring goals, each with the ground truth known from generating it: every
// word carries an id that survives the edit (a reworded word keeps the id of the word it replaced).
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PHRASES = [
  'Hội đồng nhân dân', 'Ủy ban nhân dân', 'tỉnh', 'thành phố', 'huyện', 'xã', 'phường', 'nghị quyết', 'quyết định',
  'thông qua', 'phê duyệt', 'chủ trương', 'đầu tư', 'dự án', 'công trình', 'giao thông', 'nông thôn mới', 'ngân sách',
  'nhà nước', 'dự toán', 'thu', 'chi', 'năm', 'giai đoạn', 'kế hoạch', 'phát triển', 'kinh tế', 'xã hội', 'quốc phòng',
  'an ninh', 'bảo đảm', 'thực hiện', 'triển khai', 'kiểm tra', 'giám sát', 'báo cáo', 'kết quả', 'đánh giá', 'tình hình',
  'đại biểu', 'kỳ họp', 'thường trực', 'ban', 'pháp chế', 'văn hóa', 'y tế', 'giáo dục', 'đào tạo', 'tài chính',
  'Sở', 'kế toán', 'tài sản công', 'đất đai', 'môi trường', 'tài nguyên', 'quy hoạch', 'sử dụng', 'điều chỉnh',
  'bổ sung', 'sửa đổi', 'khoản', 'điều', 'chương', 'mục', 'theo', 'quy định', 'của', 'pháp luật', 'về', 'và', 'các',
  'những', 'cơ quan', 'đơn vị', 'tổ chức', 'cá nhân', 'liên quan', 'có', 'trách nhiệm', 'phối hợp', 'hướng dẫn',
  'trình', 'xem xét', 'cho ý kiến', 'biểu quyết', 'tán thành', 'nhiệm vụ', 'giải pháp', 'trọng tâm', 'hiệu quả',
  'nâng cao', 'chất lượng', 'cải cách', 'hành chính', 'chuyển đổi số', 'thủ tục', 'người dân', 'doanh nghiệp',
  'hỗ trợ', 'chính sách', 'an sinh', 'vốn', 'nguồn', 'trung ương', 'địa phương', 'tăng', 'giảm', 'tỷ lệ', 'phần trăm',
  'số 12/2026/NQ-HĐND', 'ngày 15 tháng 3', 'trong', 'đến', 'từ', 'để', 'được', 'đã', 'sẽ', 'đang', 'chưa', 'cần',
  'khắc phục', 'hạn chế', 'tồn tại', 'nguyên nhân', 'khách quan', 'chủ quan', 'đề nghị', 'kiến nghị', 'cử tri',
  'tiếp thu', 'giải trình', 'thống nhất', 'ban hành', 'hiệu lực', 'kể từ', 'ký', 'thi hành', 'đường tỉnh', 'cầu',
  'trường học', 'bệnh viện', 'trạm y tế', 'thủy lợi', 'đê điều', 'phòng chống', 'thiên tai', 'biến đổi khí hậu',
];

/** Boilerplate that real resolutions repeat word for word (duplicate quotes on a page and across pages). */
const STOCK = [
  'Giao Ủy ban nhân dân tỉnh tổ chức thực hiện nghị quyết này.',
  'Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân và các đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện nghị quyết.',
  'Nghị quyết số 12/2026/NQ-HĐND có hiệu lực kể từ ngày ký.',
  'Các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành.',
  'Đề nghị Sở Tài chính phối hợp với các sở, ngành hướng dẫn thực hiện.',
];
/** Share of sentences taken from STOCK by default. */
export const STOCK_SHARE = 0.15;

/** One word (a syllable with any punctuation attached) and its identity across edits. */
export interface Word {
  readonly id: number;
  readonly text: string;
}

export type Page = readonly Word[];

export interface Corpus {
  readonly docs: ReadonlyArray<readonly Page[]>;
  nextId: number;
  readonly stockShare: number;
}

export function pageText(page: Page): string {
  return page.map((w) => w.text).join(' ');
}

/** Offset of each word in the page text. */
export function wordStarts(page: Page): number[] {
  const out: number[] = [];
  let at = 0;
  for (const w of page) {
    out.push(at);
    at += w.text.length + 1;
  }
  return out;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

export function int(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** A sentence of words (syllables), capitalised, ending with a full stop or a semicolon. */
export function sentence(rand: () => number, corpus: { nextId: number; readonly stockShare?: number }): Word[] {
  if (rand() < (corpus.stockShare ?? STOCK_SHARE)) return pick(rand, STOCK).split(' ').map((text) => ({ id: corpus.nextId++, text }));
  const syllables: string[] = [];
  const target = int(rand, 8, 22);
  while (syllables.length < target) syllables.push(...pick(rand, PHRASES).split(' '));
  const first = syllables[0] as string;
  syllables[0] = first.charAt(0).toUpperCase() + first.slice(1);
  const last = syllables.length - 1;
  syllables[last] = `${syllables[last] as string}${rand() < 0.8 ? '.' : ';'}`;
  if (syllables.length > 10 && rand() < 0.4) syllables[5] = `${syllables[5] as string},`;
  return syllables.map((text) => ({ id: corpus.nextId++, text }));
}

export function makeCorpus(seed: number, docs: number, pagesPerDoc: number, wordsPerPage: number, stockShare = STOCK_SHARE): Corpus {
  const rand = mulberry32(seed);
  const corpus: Corpus = { docs: [], nextId: 1, stockShare };
  const out: Page[][] = [];
  for (let d = 0; d < docs; d++) {
    const pages: Page[] = [];
    for (let p = 0; p < pagesPerDoc; p++) {
      const words: Word[] = [];
      while (words.length < wordsPerPage) words.push(...sentence(rand, corpus));
      pages.push(words);
    }
    out.push(pages);
  }
  return { docs: out, nextId: corpus.nextId, stockShare };
}

export function randomSyllable(rand: () => number, not: string): string {
  for (;;) {
    const s = pick(rand, PHRASES).split(' ');
    const w = pick(rand, s);
    if (w !== not) return w;
  }
}

export { PHRASES };
