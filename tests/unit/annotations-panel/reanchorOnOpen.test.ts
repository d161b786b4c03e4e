// Re-anchoring on open (renderer/annotations/reanchorOnOpen.ts) on real PDF text: two revisions of a Vietnamese
// document laid out by pdf-lib with Noto Sans (the second with a paragraph inserted on page 1 and one sentence
// deleted), page texts read by pdf.js and joined as the viewer does. My marks on revision 1 are carried to
// revision 2 (moved, highlight rectangles redrawn on the new lines) or orphaned (the deleted sentence) — none
// dropped; another delegate's marks are left to them; the page texts of a revision are kept once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { makeAnchor } from '../../../common/annotations/anchor.ts';
import type { Annotation, HighlightAnnotation, NoteAnnotation } from '../../../common/annotations/types.ts';
import type { ShownAnnotation } from '../../../renderer/annotations/bookTypes.ts';
import { keepPageTexts, pageTextKey, pageTextStore, reanchorOnOpen, type PageTextStore } from '../../../renderer/annotations/reanchorOnOpen.ts';
import { toB64url } from '../../../common/pack/encoding.ts';
import { rangeRects } from '../../../renderer/annotations/ui/layer/geometry.ts';
import { buildPageText, type PageText, type TextItemLike } from '../../../renderer/viewer/findText.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FONT = new Uint8Array(readFileSync(path.join(ROOT, 'resources/fonts/NotoSans-Regular.ttf')));
const NOW = '2026-12-02T10:00:00.000Z';
const LATER = '2026-12-03T08:00:00.000Z';
const SHA1 = '1'.repeat(64);
const SHA2 = '2'.repeat(64);

const PARAGRAPHS = [
  'Hội đồng nhân dân xã Nậm Pồ khóa I, kỳ họp thứ Hai, xem xét dự toán ngân sách xã năm 2027 và kế hoạch đầu tư công trung hạn.',
  'Tổng thu ngân sách trên địa bàn xã ước đạt 12.450 triệu đồng, bằng 104 phần trăm dự toán huyện giao.',
  'Chi thường xuyên bảo đảm tiết kiệm, ưu tiên giáo dục, y tế và hỗ trợ hộ nghèo ở các bản vùng cao.',
  'Đề nghị Ủy ban nhân dân xã rà soát các công trình chậm tiến độ, nhất là đường giao thông bản Nà Hỳ.',
  'Hội đồng giao Thường trực Hội đồng nhân dân xã giám sát việc thực hiện nghị quyết này.',
];
const INSERTED = 'Bổ sung: kinh phí sửa chữa trường mầm non bản Chà Cang được bố trí từ nguồn dự phòng ngân sách xã.';

function wrap(font: PDFFont, text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    const next = line === '' ? w : `${line} ${w}`;
    if (font.widthOfTextAtSize(next, 12) > 420 && line !== '') {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Two pages: the paragraphs split between them. */
async function layout(pages: readonly (readonly string[])[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(FONT, { subset: true });
  for (const paragraphs of pages) {
    const page = doc.addPage([595.28, 841.89]);
    let y = 780;
    for (const p of paragraphs) {
      for (const line of wrap(font, p)) {
        page.drawText(line, { x: 72, y, size: 12, font });
        y -= 18;
      }
      y -= 12;
    }
  }
  return doc.save();
}

async function pageTexts(bytes: Uint8Array): Promise<PageText[]> {
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const out: PageText[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    out.push(buildPageText(content.items.filter((it): it is typeof it & TextItemLike => 'str' in it)));
  }
  await pdf.destroy();
  return out;
}

function highlight(id: string, authorId: string, page: PageText, pageNo: number, phrase: string): HighlightAnnotation {
  const start = page.text.indexOf(phrase);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = start + phrase.length;
  return {
    id, kind: 'highlight', scope: 'private', authorId, createdAt: NOW, updatedAt: NOW, color: 'yellow',
    target: { documentId: 'du-toan', revision: 1, sha256: SHA1, page: pageNo },
    anchor: makeAnchor(page.text, start, end), rects: rangeRects(page, start, end),
  };
}

function note(id: string, page: PageText, pageNo: number, phrase: string, text: string): NoteAnnotation {
  const start = page.text.indexOf(phrase);
  return {
    id, kind: 'note', scope: 'group', authorId: 'd03', createdAt: NOW, updatedAt: NOW, point: [72, 700], text,
    target: { documentId: 'du-toan', revision: 1, sha256: SHA1, page: pageNo }, anchor: makeAnchor(page.text, start, start + phrase.length),
  };
}

const shown = (a: Annotation): ShownAnnotation => ({ annotation: a, authorName: a.authorId, mine: a.authorId === 'd03' });

function memoryStore(): PageTextStore & { puts: number } {
  const m = new Map<string, readonly string[]>();
  const s = {
    puts: 0,
    get: (sha: string) => Promise.resolve(m.get(sha)),
    put: (sha: string, pages: readonly string[]) => {
      s.puts += 1;
      m.set(sha, pages);
      return Promise.resolve();
    },
  };
  return s;
}

describe('reanchorOnOpen with a republished revision', () => {
  it('moves my marks, orphans the one whose sentence was deleted, leaves others alone, drops none', async () => {
    const rev1 = await pageTexts(await layout([PARAGRAPHS.slice(0, 3), PARAGRAPHS.slice(3)]));
    // Revision 2: a paragraph inserted at the top, the sentence about chi thường xuyên deleted.
    const rev2 = await pageTexts(await layout([[INSERTED, PARAGRAPHS[0] ?? '', PARAGRAPHS[1] ?? ''], PARAGRAPHS.slice(3)]));
    const [p1, p2] = rev1;
    if (p1 === undefined || p2 === undefined) throw new Error('two pages expected');
    const budgetBefore = highlight('h-budget', 'd03', p1, 1, 'dự toán ngân sách xã năm 2027');
    const roadBefore = highlight('h-road', 'd03', p2, 2, 'đường giao thông bản Nà Hỳ');
    const mine: Annotation[] = [
      budgetBefore,
      highlight('h-deleted', 'd03', p1, 1, 'ưu tiên giáo dục, y tế và hỗ trợ hộ nghèo'),
      roadBefore,
      note('n-revenue', p1, 1, '12.450 triệu đồng', 'Số liệu này khớp báo cáo quý III chưa?'),
    ];
    const theirs = highlight('h-other', 'd07', p1, 1, 'kế hoạch đầu tư công trung hạn');
    const store = memoryStore();
    await store.put(SHA1, rev1.map((p) => p.text));
    const put: Annotation[] = [];
    let reads = 0;
    const report = await reanchorOnOpen({
      annotations: [...mine, theirs].map(shown),
      current: { documentId: 'du-toan', revision: 2, sha256: SHA2 },
      newPages: () => {
        reads += 1;
        return Promise.resolve(rev2);
      },
      texts: store,
      put: (a) => {
        put.push(a);
        return Promise.resolve();
      },
      now: LATER,
    });
    expect(reads).toBe(1);
    expect(report).toEqual({ moved: 3, orphaned: 1, orphans: 1 });
    // Every one of mine was put back; none of theirs; none dropped.
    expect(put.map((a) => a.id).sort()).toEqual(mine.map((a) => a.id).sort());
    const byId = new Map(put.map((a) => [a.id, a]));
    const deleted = byId.get('h-deleted');
    expect(deleted?.orphanOf).toEqual({ revision: 1, sha256: SHA1, since: LATER });
    expect(deleted?.target.sha256).toBe(SHA1);
    for (const id of ['h-budget', 'h-road', 'n-revenue']) {
      const a = byId.get(id);
      const before = mine.find((m) => m.id === id);
      expect(a?.orphanOf).toBeUndefined();
      expect(a?.target).toMatchObject({ revision: 2, sha256: SHA2 });
      const text = rev2[(a?.target.page ?? 1) - 1]?.text ?? '';
      expect(text.slice(a?.anchor?.position.start, a?.anchor?.position.end)).toBe(before?.anchor?.quote.exact);
    }
    // The inserted paragraph pushed the budget line down: its rectangles were redrawn lower on the page.
    const budget = byId.get('h-budget') as HighlightAnnotation;
    const oldY = budgetBefore.rects[0]?.[1] ?? 0;
    expect(budget.rects[0]?.[1]).toBeLessThan(oldY - 10);
    // Page 2 did not change: the road highlight is where it was.
    expect((byId.get('h-road') as HighlightAnnotation).rects).toEqual(roadBefore.rects);
  });

  it('without the old page texts still moves highlights by their quote, and a second opening does nothing', async () => {
    const rev1 = await pageTexts(await layout([PARAGRAPHS.slice(0, 3)]));
    const rev2 = await pageTexts(await layout([[INSERTED, ...PARAGRAPHS.slice(0, 3)]]));
    const [p1] = rev1;
    if (p1 === undefined) throw new Error('a page expected');
    const a = highlight('h1', 'd03', p1, 1, 'bằng 104 phần trăm dự toán');
    const put: Annotation[] = [];
    const input = {
      current: { documentId: 'du-toan', revision: 2, sha256: SHA2 },
      newPages: () => Promise.resolve(rev2),
      texts: memoryStore(),
      put: (x: Annotation) => {
        put.push(x);
        return Promise.resolve();
      },
      now: LATER,
    };
    expect(await reanchorOnOpen({ ...input, annotations: [shown(a)] })).toMatchObject({ moved: 1, orphaned: 0 });
    const moved = put[0];
    if (moved === undefined) throw new Error('moved expected');
    expect(await reanchorOnOpen({ ...input, annotations: [shown(moved)] })).toEqual({ moved: 0, orphaned: 0, orphans: 0 });
    expect(put).toHaveLength(1);
  });

  it('an orphan whose text is back in a later revision is carried to it, its orphanOf cleared', async () => {
    const rev1 = await pageTexts(await layout([PARAGRAPHS.slice(0, 3)]));
    const rev3 = await pageTexts(await layout([[INSERTED, ...PARAGRAPHS.slice(0, 3)]]));
    const [p1] = rev1;
    if (p1 === undefined) throw new Error('a page expected');
    const orphan = { ...highlight('h1', 'd03', p1, 1, 'ưu tiên giáo dục'), orphanOf: { revision: 1, sha256: SHA1, since: NOW } };
    const store = memoryStore();
    await store.put(SHA1, rev1.map((p) => p.text));
    const put: Annotation[] = [];
    const report = await reanchorOnOpen({
      annotations: [shown(orphan)],
      current: { documentId: 'du-toan', revision: 3, sha256: '3'.repeat(64) },
      newPages: () => Promise.resolve(rev3),
      texts: store,
      put: (a) => {
        put.push(a);
        return Promise.resolve();
      },
      now: LATER,
    });
    expect(report).toEqual({ moved: 1, orphaned: 0, orphans: 0 });
    expect(put[0]?.orphanOf).toBeUndefined();
    expect(put[0]?.target.revision).toBe(3);
  });

  it('keeps a revision’s page texts once I have a mark on it, in device records as JSON', async () => {
    const rev1 = await pageTexts(await layout([PARAGRAPHS.slice(0, 2)]));
    const [p1] = rev1;
    if (p1 === undefined) throw new Error('a page expected');
    const store = memoryStore();
    const target = { documentId: 'du-toan', revision: 1, sha256: SHA1 };
    const theirs = shown(highlight('h-other', 'd07', p1, 1, 'kế hoạch đầu tư công'));
    expect(await keepPageTexts([theirs], target, store, () => Promise.resolve(rev1))).toBe(false);
    const mine = shown(highlight('h1', 'd03', p1, 1, 'kế hoạch đầu tư công'));
    expect(await keepPageTexts([theirs, mine], target, store, () => Promise.resolve(rev1))).toBe(true);
    expect(await keepPageTexts([theirs, mine], target, store, () => Promise.resolve(rev1))).toBe(false);
    expect(store.puts).toBe(1);
    expect(await store.get(SHA1)).toEqual([p1.text]);

    const records = new Map<string, string>();
    const platformRecords = {
      get: (_m: string, kind: string, key: string) => Promise.resolve({ ok: true as const, value: records.get(`${kind}/${key}`) }),
      put: (_m: string, kind: string, key: string, value: string) => {
        records.set(`${kind}/${key}`, value);
        return Promise.resolve({ ok: true as const, value: null });
      },
      list: () => Promise.resolve({ ok: true as const, value: [] }),
    };
    // Sealed under a key derived from my private notes key: the record holds none of the page's words.
    const keys = { meetingId: 'm1', delegateId: 'd02', privateKey: toB64url(new Uint8Array(32).fill(7)) };
    const kept = pageTextStore(platformRecords, 'm1', () => pageTextKey(keys));
    await kept.put(SHA1, [p1.text]);
    const stored = records.get(`notes-text/${SHA1}`) ?? '';
    expect(stored.startsWith('v1.')).toBe(true);
    for (const word of p1.text.split(/\s+/).filter((w) => w.length > 3).slice(0, 20)) expect(stored).not.toContain(word);
    expect(await kept.get(SHA1)).toEqual([p1.text]);
    // Another seat's key (or a key the lease took away) opens nothing; an old clear value is ignored.
    const other = pageTextStore(platformRecords, 'm1', () => pageTextKey({ ...keys, delegateId: 'd07' }));
    expect(await other.get(SHA1)).toBeUndefined();
    records.set(`notes-text/${SHA1}`, JSON.stringify([p1.text]));
    expect(await kept.get(SHA1)).toBeUndefined();
  });
});
