// The text measures under the fuzzy strategy: similarity, context agreement, and the approximate search whose
// edges must fit the reworded words (not run on to the end of bitap's window).
import { describe, expect, it } from 'vitest';
import { approximateRange, carryOffsets, contextAgreement, occurrences, similarity } from '../../../common/annotations/textMatch.ts';

const TEXT = 'Điều 1. Thông qua dự toán thu ngân sách nhà nước trên địa bàn. Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện.';
const read = (r: { start: number; end: number } | undefined): string | undefined => (r ? TEXT.slice(r.start, r.end) : undefined);

describe('textMatch', () => {
  it('measures similarity and context agreement', () => {
    expect(similarity('abc', 'abc')).toBe(1);
    expect(similarity('', '')).toBe(1);
    expect(similarity('abcd', 'abxd')).toBeCloseTo(0.75);
    const at = TEXT.indexOf('Giao');
    expect(contextAgreement({ exact: 'Giao', prefix: 'Điều 2. ', suffix: ' Ủy ban' }, TEXT, at, at + 4)).toEqual({ prefix: 1, suffix: 1 });
    expect(occurrences('a.a.a', 'a')).toEqual([0, 2, 4]);
    expect(occurrences('abc', '')).toEqual([]);
  });

  it('finds a short quote with a word changed, ending where the words end', () => {
    expect(read(approximateRange(TEXT, 'dự toán chi ngân sách', 10))).toBe('dự toán thu ngân sách');
    expect(read(approximateRange(TEXT, 'Giao Ủy ban nhân dân', 0))).toBe('Giao Ủy ban nhân dân');
    expect(approximateRange(TEXT, 'biên bản kiểm phiếu bầu cử', 0)).toBeUndefined();
  });

  it('finds a long quote by its head and tail', () => {
    expect(read(approximateRange(TEXT, 'ngân sách nhà nước trên địa bàn tỉnh. Điều 2. Giao Ủy ban', 20))).toBe('ngân sách nhà nước trên địa bàn. Điều 2. Giao Ủy ban');
  });

  it('carries offsets through a character diff', () => {
    expect(carryOffsets('ab-cd', 'ab--cd', [0, 2, 5])).toEqual([0, 2, 6]);
  });
});
