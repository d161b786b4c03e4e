// makeAnchor and the edge cases of re-anchoring: empty pages, duplicate quotes, NFC/NFD text, ink and notes,
// orphans that stay orphans (and keep their first `since`) or find their text again.
import { describe, expect, it } from 'vitest';
import { makeAnchor, reanchor, reanchorAll, reanchorDocument, reattach } from '../../../common/annotations/anchor.ts';
import { ANNOTATION_LIMITS, annotationSchema, type Annotation, type HighlightAnnotation, type InkAnnotation, type NoteAnnotation } from '../../../common/annotations/types.ts';

const OLD = { documentId: 'doc1', revision: 1, sha256: 'a'.repeat(64) };
const NEW = { documentId: 'doc1', revision: 2, sha256: 'b'.repeat(64) };
const T0 = '2026-12-01T08:00:00.000Z';
const NOW = '2026-12-02T09:00:00.000Z';

function highlight(pageText: string, quote: string, page = 1, nth = 0): HighlightAnnotation {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = pageText.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`no ${quote}`);
  return {
    id: 'h1', kind: 'highlight', scope: 'private', authorId: 'd1', target: { ...OLD, page }, createdAt: T0, updatedAt: T0,
    color: 'yellow', anchor: makeAnchor(pageText, at, at + quote.length), rects: [[72, 700, 100, 12]],
  };
}

function placedText(a: Annotation, pages: readonly string[]): string | undefined {
  const p = a.anchor?.position;
  return p ? pages[a.target.page - 1]?.normalize('NFC').slice(p.start, p.end) : undefined;
}

const P1 = 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Hội đồng nhân dân tỉnh ban hành Nghị quyết số 12/2026/NQ-HĐND về dự toán ngân sách nhà nước năm 2027.';
const P2 = 'Điều 1. Thông qua dự toán thu ngân sách nhà nước trên địa bàn. Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện nghị quyết này.';

describe('makeAnchor', () => {
  it('keeps the exact text and 32 characters of context either side', () => {
    const at = P1.indexOf('Nghị quyết số');
    const a = makeAnchor(P1, at, at + 'Nghị quyết số 12/2026/NQ-HĐND'.length);
    expect(a.quote.exact).toBe('Nghị quyết số 12/2026/NQ-HĐND');
    expect(a.quote.prefix).toBe(P1.slice(at - ANNOTATION_LIMITS.contextChars, at));
    expect(a.quote.prefix).toHaveLength(32);
    expect(a.quote.suffix).toBe(P1.slice(a.position.end, a.position.end + 32));
    expect(a.position).toEqual({ start: at, end: at + a.quote.exact.length });
  });

  it('clamps to the page, orders a reversed range and bounds the quote', () => {
    expect(makeAnchor('abc', 2, 99)).toEqual({ quote: { exact: 'c', prefix: 'ab', suffix: '' }, position: { start: 2, end: 3 } });
    expect(makeAnchor('abc', 3, 1).quote.exact).toBe('bc');
    expect(makeAnchor('', 0, 5)).toEqual({ quote: { exact: '', prefix: '', suffix: '' }, position: { start: 0, end: 0 } });
    const long = 'ừ'.repeat(5_000);
    expect(makeAnchor(long, 0, 5_000).quote.exact).toHaveLength(ANNOTATION_LIMITS.quoteChars);
  });

  it('never splits a surrogate pair', () => {
    const a = makeAnchor('a😀b', 2, 4);
    expect(a.quote.exact).toBe('😀b');
  });

  it('expresses an anchor taken on NFD text in NFC offsets and quote', () => {
    const nfd = P1.normalize('NFD');
    const quote = 'Hội đồng nhân dân'.normalize('NFD');
    const at = nfd.indexOf(quote);
    const a = makeAnchor(nfd, at, at + quote.length);
    expect(a.quote.exact).toBe('Hội đồng nhân dân');
    expect(P1.slice(a.position.start, a.position.end)).toBe('Hội đồng nhân dân');
    expect(a.quote.prefix).toBe(a.quote.prefix.normalize('NFC'));
  });
});

describe('reanchor', () => {
  it('is unchanged on the same text, moved (diff) after an insertion, and the result passes the schema', () => {
    const h = highlight(P1, 'Nghị quyết số 12/2026/NQ-HĐND');
    const same = reanchor(h, [P1, P2], [P1, P2], NEW, NOW);
    expect(same.status).toBe('unchanged');
    expect(same.annotation.target).toEqual({ ...NEW, page: 1 });
    const edited = P1.replace('Căn cứ', 'Căn cứ Hiến pháp năm 2013; Căn cứ');
    const moved = reanchor(h, [P1, P2], [edited, P2], NEW, NOW);
    expect(moved).toMatchObject({ status: 'moved', method: 'diff', fromPage: 1 });
    expect(placedText(moved.annotation, [edited])).toBe('Nghị quyết số 12/2026/NQ-HĐND');
    expect(moved.annotation.updatedAt).toBe(NOW);
    expect((moved.annotation as HighlightAnnotation).rects).toEqual(h.rects);
    expect(annotationSchema.safeParse(moved.annotation).success).toBe(true);
  });

  it('returns the same annotation untouched for the revision it is already on', () => {
    const h = highlight(P1, 'dự toán');
    expect(reanchor(h, [P1], [P1], OLD, NOW)).toEqual({ status: 'unchanged', annotation: h });
  });

  it('orphans onto an empty page, keeping the old target and anchor', () => {
    const h = highlight(P1, 'dự toán ngân sách');
    for (const oldPages of [[P1], undefined]) {
      const out = reanchor(h, oldPages, [''], NEW, NOW);
      expect(out.status).toBe('orphan');
      expect(out.annotation.target).toEqual(h.target);
      expect(out.annotation.anchor).toEqual(h.anchor);
      expect(out.annotation.orphanOf).toEqual({ revision: 1, sha256: OLD.sha256, since: NOW });
    }
  });

  it('keeps the first orphan date, and clears it when the text is found again', () => {
    const h: HighlightAnnotation = { ...highlight(P1, 'dự toán ngân sách'), orphanOf: { revision: 1, sha256: OLD.sha256, since: T0 } };
    expect(reanchor(h, [P1], [P2], NEW, NOW).annotation.orphanOf?.since).toBe(T0);
    const back = reanchor(h, [P1], [P1], NEW, NOW);
    expect(back.status).toBe('unchanged');
    expect(back.annotation.orphanOf).toBeUndefined();
  });

  it('picks, among duplicate quotes, the one nearest the old position (old text unknown)', () => {
    const sentence = 'Giao Ủy ban nhân dân tỉnh tổ chức thực hiện nghị quyết này và báo cáo kết quả tại kỳ họp. ';
    const page = sentence.repeat(3);
    const h = highlight(page, 'tổ chức thực hiện', 1, 1);
    const edited = `Bổ sung: ${page}`;
    const out = reanchor(h, undefined, [edited], NEW, NOW);
    expect(out.status).toBe('moved');
    const pos = out.annotation.anchor?.position;
    expect(pos?.start).toBe((h.anchor.position.start) + 'Bổ sung: '.length);
    const withDiff = reanchor(h, [page], [edited], NEW, NOW);
    expect(withDiff.annotation.anchor?.position).toEqual(pos);
  });

  it('follows NFD page texts of the new revision in NFC offsets', () => {
    const h = highlight(P1, 'Hội đồng nhân dân tỉnh');
    const nfd = `Mở đầu. ${P1}`.normalize('NFD');
    for (const oldPages of [[P1], undefined]) {
      const out = reanchor(h, oldPages, [nfd], NEW, NOW);
      expect(out.status).toBe('moved');
      expect(out.annotation.anchor?.quote.exact).toBe('Hội đồng nhân dân tỉnh');
      expect(placedText(out.annotation, [nfd])).toBe('Hội đồng nhân dân tỉnh');
    }
  });

  it('follows text that flowed onto the next page', () => {
    const h = highlight(P1, 'dự toán ngân sách nhà nước năm 2027');
    const newPages = [`Lời nói đầu rất dài. ${P1.slice(0, 60)}`, `${P1.slice(60)} ${P2}`];
    const out = reanchor(h, [P1, P2], newPages, NEW, NOW);
    expect(out).toMatchObject({ status: 'moved', method: 'diff', fromPage: 1 });
    expect(out.annotation.target.page).toBe(2);
    expect(placedText(out.annotation, newPages)).toBe('dự toán ngân sách nhà nước năm 2027');
  });

  it('orphans a highlight whose passage was deleted even though the quote exists elsewhere', () => {
    const h = highlight(P2, 'Ủy ban nhân dân tỉnh', 1);
    const newPages = [P2.replace('Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện nghị quyết này.', ''), 'Phụ lục: Ủy ban nhân dân tỉnh'];
    expect(reanchor(h, [P2], newPages, NEW, NOW).status).toBe('orphan');
  });

  it('keeps ink without an anchor on its page while the page reads the same, else orphans it', () => {
    const ink: InkAnnotation = {
      id: 'i1', kind: 'ink', scope: 'group', authorId: 'd1', target: { ...OLD, page: 2 }, createdAt: T0, updatedAt: T0,
      color: 'red', width: 2, strokes: [{ points: [[10, 10, 0.5], [20, 20, 0.5]] }],
    };
    const kept = reanchor(ink, [P1, P2], [P1, `${P2} Điều 3.`], NEW, NOW);
    expect(kept.status).toBe('unchanged');
    expect(kept.annotation.target).toEqual({ ...NEW, page: 2 });
    expect(reanchor(ink, [P1, P2], [P1], NEW, NOW).status).toBe('orphan');
    expect(reanchor(ink, [P1, P2], [P1, 'Hoàn toàn khác: danh sách đại biểu dự họp.'], NEW, NOW).status).toBe('orphan');
    expect(reanchor(ink, undefined, [P1, P2], NEW, NOW).status).toBe('orphan');
  });

  it('moves a note with an anchor to the page its text went to', () => {
    const at = P2.indexOf('Điều 2');
    const note: NoteAnnotation = {
      id: 'n1', kind: 'note', scope: 'meeting', authorId: 'd1', target: { ...OLD, page: 2 }, createdAt: T0, updatedAt: T0,
      point: [300, 500], text: 'hỏi lại Sở Tài chính về khoản 2', anchor: makeAnchor(P2, at, at + 'Điều 2'.length),
    };
    const out = reanchorAll([note], [P1, P2], [`${P1} ${P2}`], NEW, NOW)[0];
    expect(out?.status).toBe('moved');
    expect(out?.annotation.target.page).toBe(1);
    expect((out?.annotation as NoteAnnotation).point).toEqual([300, 500]);
  });

  it('re-anchors a document whose annotations sit on different revisions, each against its own old text', () => {
    const rev1 = P1;
    const rev2 = P1.replace('Căn cứ', 'Căn cứ Hiến pháp; Căn cứ');
    const rev3 = `Mở đầu. ${rev2}`;
    const onRev1 = highlight(rev1, 'dự toán ngân sách');
    const onRev2: HighlightAnnotation = { ...highlight(rev2, 'Hội đồng nhân dân tỉnh'), id: 'h2', target: { ...NEW, page: 1 } };
    const other: HighlightAnnotation = { ...onRev1, id: 'h3', target: { ...onRev1.target, documentId: 'doc2' } };
    const onRev3: HighlightAnnotation = { ...highlight(rev3, 'Mở đầu'), id: 'h4', target: { documentId: 'doc1', revision: 3, sha256: 'f'.repeat(64), page: 1 } };
    const asked: number[] = [];
    const out = reanchorDocument(
      [onRev1, onRev2, other, onRev3],
      (p) => {
        asked.push(p.revision);
        return p.revision === 1 ? [rev1] : p.revision === 2 ? [rev2] : undefined;
      },
      [rev3],
      { documentId: 'doc1', revision: 3, sha256: 'f'.repeat(64) },
      NOW,
    );
    expect(out.map((o) => o.status)).toEqual(['moved', 'moved', 'unchanged', 'unchanged']);
    expect([0, 1, 3].map((i) => placedText(out[i]?.annotation as Annotation, [rev3]))).toEqual(['dự toán ngân sách', 'Hội đồng nhân dân tỉnh', 'Mở đầu']);
    expect(out[2]?.annotation).toBe(other);
    expect(out[3]?.annotation).toBe(onRev3);
    expect(asked.sort()).toEqual([1, 2]);
  });

  it('re-attaches an orphan by hand to a new range, clearing orphanOf', () => {
    const h = highlight(P1, 'dự toán ngân sách');
    const lost = reanchor(h, [P1], [P2], NEW, NOW).annotation;
    expect(lost.orphanOf).toBeDefined();
    const at = P2.indexOf('dự toán thu ngân sách');
    const back = reattach(lost, { ...NEW, page: 1 }, P2, at, at + 'dự toán thu ngân sách'.length, NOW);
    expect(back.orphanOf).toBeUndefined();
    expect(back.target).toEqual({ ...NEW, page: 1 });
    expect(back.anchor?.quote.exact).toBe('dự toán thu ngân sách');
    expect(annotationSchema.safeParse(back).success).toBe(true);
  });

  it('reads a stored quote that arrived decomposed (NFD) as its NFC text', () => {
    const h = highlight(P1, 'Hội đồng nhân dân tỉnh');
    const nfd: HighlightAnnotation = {
      ...h,
      anchor: { ...h.anchor, quote: { exact: h.anchor.quote.exact.normalize('NFD'), prefix: h.anchor.quote.prefix.normalize('NFD'), suffix: h.anchor.quote.suffix.normalize('NFD') } },
    };
    for (const oldPages of [[P1], undefined]) {
      const out = reanchor(nfd, oldPages, [`Mở đầu. ${P1}`], NEW, NOW);
      expect(out.status).toBe('moved');
      expect(out.annotation.anchor?.quote.exact).toBe('Hội đồng nhân dân tỉnh');
    }
  });
});
