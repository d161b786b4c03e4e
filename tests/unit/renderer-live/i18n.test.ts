import { describe, expect, it } from 'vitest';
import { liveEn, liveVi } from '../../../renderer/i18n/live.ts';
import { catalogue, formatMessage } from '../../../renderer/i18n/format.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('live session messages', () => {
  it('exist in both languages, non-empty, with the same placeholders', () => {
    expect(Object.keys(liveEn).sort()).toEqual(Object.keys(liveVi).sort());
    for (const [key, vi] of Object.entries(liveVi)) {
      const en = liveEn[key as keyof typeof liveVi];
      expect(vi.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(vi));
    }
  });

  it('are merged into the app catalogues', () => {
    for (const key of Object.keys(liveVi)) {
      expect(catalogue('vi')).toHaveProperty(key);
      expect(catalogue('en')).toHaveProperty(key);
    }
    expect(formatMessage('vi', 'live.request.place', { place: 2, type: 'Chất vấn' })).toBe('Bạn đứng thứ 2 trong danh sách (Chất vấn)');
  });

  it("uses DOMAIN.md's words in Vietnamese", () => {
    expect(liveVi['live.speech.chat-van']).toBe('Chất vấn');
    expect(liveVi['live.speech.tranh-luan']).toBe('Tranh luận');
    expect(liveVi['live.request.open']).toBe('Đăng ký phát biểu');
    expect(liveVi['live.attendance.absent']).toBe('Vắng mặt');
    expect(liveVi['live.status.offline']).toBe('Ngoại tuyến');
  });
});
