// The "Ghi chú" panel's model (renderer/annotations/ui/panel/panelModel.ts), the re-attach of an orphan
// (orphans/reattachModel.ts) and the export's file name and marks (exportAnnotations.ts): pure functions.
import { describe, expect, it } from 'vitest';
import { makeAnchor } from '../../../common/annotations/anchor.ts';
import type { Annotation, HighlightAnnotation, NoteAnnotation } from '../../../common/annotations/types.ts';
import type { ShownAnnotation } from '../../../renderer/annotations/bookTypes.ts';
import { reattachToPage, reattachToRange } from '../../../renderer/annotations/ui/orphans/reattachModel.ts';
import {
  authorsOf, canSendOpinion, countByPage, groupByDocument, groupByPage, marksOfDocument, matchesFilter, myOrphans, NO_FILTER, scopeCounts,
} from '../../../renderer/annotations/ui/panel/panelModel.ts';
import { buildPageText } from '../../../renderer/viewer/findText.ts';

const T = '2026-12-02T08:00:00.000Z';
const SHA = 'a'.repeat(64);
const SHA2 = 'b'.repeat(64);

function hl(id: string, authorId: string, page: number, scope: Annotation['scope'], documentId = 'doc1', extra: Partial<HighlightAnnotation> = {}): HighlightAnnotation {
  return {
    id, kind: 'highlight', scope, authorId, createdAt: T, updatedAt: T, color: 'yellow', rects: [[0, 0, 10, 10]],
    target: { documentId, revision: 1, sha256: SHA, page }, anchor: makeAnchor('dự toán ngân sách xã năm 2027', 0, 7), ...extra,
  };
}

function nt(id: string, authorId: string, page: number, text: string, extra: Partial<NoteAnnotation> = {}): NoteAnnotation {
  return { id, kind: 'note', scope: 'meeting', authorId, createdAt: T, updatedAt: T, point: [10, 10], text, target: { documentId: 'doc1', revision: 1, sha256: SHA, page }, ...extra };
}

const NAMES: Record<string, string> = { d03: 'Vàng A Chư', d07: 'Trần Minh Đức', d09: 'Mùa A Sử' };
const show = (a: Annotation): ShownAnnotation => ({ annotation: a, authorName: NAMES[a.authorId] ?? a.authorId, mine: a.authorId === 'd03' });

const list = [
  show(hl('h1', 'd03', 2, 'private')),
  show(hl('h2', 'd07', 1, 'group')),
  show(nt('n1', 'd03', 1, 'Đề nghị làm rõ')),
  show(nt('n2', 'd09', 3, 'Ý kiến tổ 2')),
  show(hl('h3', 'd03', 1, 'meeting', 'doc2')),
  show(hl('o1', 'd03', 4, 'private', 'doc1', { orphanOf: { revision: 1, sha256: SHA, since: T }, text: 'bình luận' })),
  show(hl('o2', 'd07', 4, 'private', 'doc1', { orphanOf: { revision: 1, sha256: SHA, since: T } })),
];

describe('the panel model', () => {
  it('filters by author, scope and kind', () => {
    expect(list.filter((s) => matchesFilter(NO_FILTER, s))).toHaveLength(list.length);
    expect(list.filter((s) => matchesFilter({ ...NO_FILTER, author: 'me' }, s)).map((s) => s.annotation.id)).toEqual(['h1', 'n1', 'h3', 'o1']);
    expect(list.filter((s) => matchesFilter({ ...NO_FILTER, author: 'd07' }, s)).map((s) => s.annotation.id)).toEqual(['h2', 'o2']);
    expect(list.filter((s) => matchesFilter({ ...NO_FILTER, scope: 'group' }, s)).map((s) => s.annotation.id)).toEqual(['h2']);
    expect(list.filter((s) => matchesFilter({ ...NO_FILTER, kind: 'note' }, s)).map((s) => s.annotation.id)).toEqual(['n1', 'n2']);
  });

  it('groups one document by page (orphans apart) and the meeting by document in agenda order', () => {
    const doc1 = marksOfDocument(list, 'doc1');
    expect(doc1.map((s) => s.annotation.id)).toEqual(['h1', 'h2', 'n1', 'n2']);
    expect(groupByPage(doc1).map((g) => [g.page, g.items.map((s) => s.annotation.id)])).toEqual([
      [1, ['h2', 'n1']],
      [2, ['h1']],
      [3, ['n2']],
    ]);
    expect(groupByDocument(list, ['doc2', 'doc1']).map((g) => g.documentId)).toEqual(['doc2', 'doc1']);
    expect(groupByDocument(list, []).map((g) => g.documentId)).toEqual(['doc1', 'doc2']);
  });

  it('counts per scope and per author (me first), and per page for the thumbnails', () => {
    expect(scopeCounts(list)).toEqual({ private: 3, group: 1, meeting: 3 });
    expect(authorsOf(list).map((a) => [a.id, a.count])).toEqual([
      ['d03', 4],
      ['d09', 1],
      ['d07', 2],
    ]);
    const all = countByPage(list, 'doc1', SHA, () => true);
    expect([...all.entries()].sort()).toEqual([
      [1, 2],
      [2, 1],
      [3, 1],
    ]);
    expect(countByPage(list, 'doc1', SHA2, () => true).size).toBe(0);
    expect(countByPage(list, 'doc1', SHA, (s) => s.mine).get(1)).toBe(1);
  });

  it('lists only my orphans; only my notes with words can go to the secretariat', () => {
    expect(myOrphans(list).map((s) => s.annotation.id)).toEqual(['o1']);
    expect(myOrphans(list, 'doc2')).toEqual([]);
    expect(list.filter(canSendOpinion).map((s) => s.annotation.id)).toEqual(['n1']);
  });
});

describe('re-attaching an orphan by hand', () => {
  const items = [
    { str: 'Điều 3. Đại biểu đăng ký phát biểu', hasEOL: true, transform: [12, 0, 0, 12, 72, 700], width: 220, height: 12 },
    { str: 'trước khi thảo luận ở tổ.', hasEOL: false, transform: [12, 0, 0, 12, 72, 682], width: 160, height: 12 },
  ];
  const page = buildPageText(items);
  const target = { documentId: 'doc1', revision: 2, sha256: SHA2, page: 1 };
  const orphan = hl('o1', 'd03', 4, 'private', 'doc1', { orphanOf: { revision: 1, sha256: SHA, since: T } });

  it('puts a highlight on the selected words: new anchor, target and rectangles, orphanOf cleared', () => {
    const start = page.text.indexOf('đăng ký');
    const next = reattachToRange(orphan, target, page, start, start + 'đăng ký phát biểu'.length, T);
    expect(next?.kind).toBe('highlight');
    expect(next?.orphanOf).toBeUndefined();
    expect(next?.target).toEqual(target);
    expect(next?.anchor?.quote.exact).toBe('đăng ký phát biểu');
    expect((next as HighlightAnnotation).rects.length).toBeGreaterThan(0);
    expect((next as HighlightAnnotation).rects[0]?.[1]).toBeCloseTo(700, -1);
  });

  it('pins a note beside the words, or keeps it on a page without text; a highlight needs text', () => {
    const note = nt('n9', 'd03', 2, 'giữ lại', { orphanOf: { revision: 1, sha256: SHA, since: T }, anchor: makeAnchor('cũ', 0, 2) });
    const start = page.text.indexOf('thảo luận');
    const pinned = reattachToRange(note, target, page, start, start + 9, T) as NoteAnnotation;
    expect(pinned.point[1]).toBeGreaterThan(682);
    expect(pinned.anchor?.quote.exact).toBe('thảo luận');
    const onPage = reattachToPage(note, { ...target, page: 2 }, T);
    expect(onPage).toMatchObject({ kind: 'note', text: 'giữ lại', target: { page: 2, sha256: SHA2 } });
    expect(onPage?.orphanOf).toBeUndefined();
    expect(onPage?.anchor).toBeUndefined();
    expect(reattachToPage(orphan, target, T)).toBeUndefined();
    expect(reattachToRange(orphan, target, page, 5, 5, T)).toBeUndefined();
  });
});

describe('the annotated export', () => {
  it('writes only that document’s marks, under an ASCII file name', async () => {
    const { exportableMarks, exportFileName } = await import('../../../renderer/annotations/ui/exportAnnotations.ts');
    expect(exportableMarks(list, 'doc2').map((a) => a.id)).toEqual(['h3']);
    expect(exportFileName('Tờ trình về dự toán ngân sách địa phương năm 2027')).toBe('to-trinh-ve-du-toan-ngan-sach-dia-phuong-nam-2027-ghi-chu.pdf');
    expect(exportFileName('***')).toBe('tai-lieu-ghi-chu.pdf');
  });
});
