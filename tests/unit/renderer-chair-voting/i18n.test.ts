import { describe, expect, it } from 'vitest';
import { chairVotingEn, chairVotingText, chairVotingVi } from '../../../renderer/i18n/chairVoting.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('voting console texts', () => {
  it('exist in both languages, non-empty, with the same placeholders', () => {
    expect(Object.keys(chairVotingEn).sort()).toEqual(Object.keys(chairVotingVi).sort());
    for (const [key, vi] of Object.entries(chairVotingVi)) {
      const en = chairVotingEn[key as keyof typeof chairVotingVi];
      expect(vi.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(vi));
    }
  });

  it('fill placeholders with the language’s numbers', () => {
    expect(chairVotingText('vi', 'cv.progress', { cast: 1234, base: 2000 })).toBe('1.234 / 2.000 đại biểu đã biểu quyết');
    expect(chairVotingText('en', 'cv.progress', { cast: 1234, base: 2000 })).toBe('1,234 / 2,000 delegates have voted');
  });

  it('say what to do when a poll cannot open, in Vietnamese', () => {
    expect(chairVotingText('vi', 'cv.refused.NO_QUORUM', { required: '20' })).toContain('điểm danh');
    expect(chairVotingText('vi', 'cv.refused.COUNTER_KEYS_MISSING', { names: 'Vàng A Chư' })).toContain('Mời Vàng A Chư mở ứng dụng');
    expect(chairVotingVi['cv.passed']).toBe('Thông qua');
    expect(chairVotingVi['cv.failed']).toBe('Không thông qua');
  });
});
