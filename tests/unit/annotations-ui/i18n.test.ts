// The tools' texts: Vietnamese and English for every key, the same {placeholders} in both, names filled in.
import { describe, expect, it } from 'vitest';
import { annotationToolsEn, annotationToolsText, annotationToolsVi, type AnnotationToolsKey } from '../../../renderer/i18n/annotationTools.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('annotation tools catalogue', () => {
  it('has both languages with the same placeholders', () => {
    const keys = Object.keys(annotationToolsVi) as AnnotationToolsKey[];
    expect(Object.keys(annotationToolsEn).sort()).toEqual([...keys].sort());
    for (const k of keys) {
      expect(annotationToolsVi[k].length, k).toBeGreaterThan(0);
      expect(placeholders(annotationToolsEn[k]), k).toEqual(placeholders(annotationToolsVi[k]));
    }
  });
  it('fills names and counts', () => {
    expect(annotationToolsText('vi', 'ann.hideAuthor', { name: 'Sùng A Páo' })).toBe('Ẩn ghi chú của Sùng A Páo');
    expect(annotationToolsText('en', 'ann.count', { count: 1200 })).toMatch(/^1.200 annotations$/);
  });
});
