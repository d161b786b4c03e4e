import { describe, expect, it } from 'vitest';
import { findFolded, foldChar, foldVietnamese, foldWithMap } from '../../../common/text/fold.ts';

describe('foldVietnamese', () => {
  it('drops tones and vowel marks, lowers case, maps đ to d', () => {
    expect(foldVietnamese('Nghị quyết về ngân sách địa phương')).toBe('nghi quyet ve ngan sach dia phuong');
    expect(foldVietnamese('ĐÀ NẴNG')).toBe('da nang');
    expect(foldVietnamese('Ưu tiên ơ ư ă â ê ô')).toBe('uu tien o u a a e o');
  });
  it('treats precomposed (NFC) and decomposed (NFD) input alike', () => {
    expect(foldVietnamese('Việt'.normalize('NFD'))).toBe(foldVietnamese('Việt'.normalize('NFC')));
  });
  it('folds one character at a time too', () => {
    expect(foldChar('Ở')).toBe('o');
    expect(foldChar('đ')).toBe('d');
  });
});

describe('foldWithMap / findFolded', () => {
  it('maps folded positions back to the source', () => {
    const source = 'e\u0301 x'; // "é" decomposed takes two code units but folds to one
    const { text, toSource } = foldWithMap(source);
    expect(text).toBe('e x');
    expect(toSource).toEqual([0, 2, 3, 4]);
  });
  it('finds a query with or without diacritics and returns source ranges', () => {
    const source = 'Ngân sách địa phương; NGAN SACH trung ương';
    const ranges = findFolded(source, 'ngan sach');
    expect(ranges.map((r) => source.slice(r.start, r.end))).toEqual(['Ngân sách', 'NGAN SACH']);
    expect(findFolded(source, 'địa').map((r) => source.slice(r.start, r.end))).toEqual(['địa']);
    expect(findFolded(source, 'dia phuong')).toHaveLength(1);
  });
  it('finds nothing for an empty or blank query', () => {
    expect(findFolded('abc', '')).toEqual([]);
    expect(findFolded('abc', '   ')).toEqual([]);
  });
});
