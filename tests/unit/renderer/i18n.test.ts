import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../common/errors.ts';
import { DOCUMENT_KINDS, ROLES } from '../../../common/meeting/types.ts';
import { en } from '../../../renderer/i18n/en.ts';
import { formatBytes, formatDateTime, formatDuration, formatError, formatMessage, formatNumber } from '../../../renderer/i18n/format.ts';
import { vi } from '../../../renderer/i18n/vi.ts';
import { MEETING_STATES } from '../../../renderer/platform/Platform.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('have the same keys in Vietnamese and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [key, text] of [...Object.entries(vi), ...Object.entries(en)]) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
  });

  it('name every document kind, role and meeting state', () => {
    for (const k of DOCUMENT_KINDS) expect(vi).toHaveProperty(`doc.kind.${k}`);
    for (const r of ROLES) expect(vi).toHaveProperty(`role.${r}`);
    for (const s of MEETING_STATES) expect(vi).toHaveProperty(`state.${s}`);
  });

  it('translate every error code', () => {
    for (const code of ERROR_CODES) {
      expect(formatError('vi', { code, message: 'x' })).toMatch(new RegExp(`\\(${code}\\)$`));
      expect(formatError('en', { code, message: 'x' })).not.toBe(formatError('vi', { code, message: 'x' }));
    }
  });
});

describe('formatting', () => {
  it('writes Vietnamese dates as "thứ Bảy, 05/12/2026 07:30" in the council’s time zone', () => {
    expect(formatDateTime('vi', '2026-12-05T07:30:00+07:00')).toBe('thứ Bảy, 05/12/2026 07:30');
    expect(formatDateTime('vi', '2026-12-06T00:30:00Z')).toBe('Chủ nhật, 06/12/2026 07:30');
    expect(formatDateTime('en', '2026-12-05T07:30:00+07:00')).toBe('Saturday, 05/12/2026 07:30');
    expect(formatDateTime('vi', 'not a date')).toBe('not a date');
  });

  it('formats numbers, sizes and durations per language', () => {
    expect(formatNumber('vi', 1234567)).toBe('1.234.567');
    expect(formatNumber('en', 1234567)).toBe('1,234,567');
    expect(formatBytes('vi', 1536)).toBe('1,5 KB');
    expect(formatBytes('en', 5 * 1024 * 1024)).toBe('5 MB');
    expect(formatBytes('en', 2.5 * 1024 * 1024)).toBe('2.5 MB');
    expect(formatDuration('vi', 42)).toBe('42 giây');
    expect(formatDuration('en', 3 * 3600 + 600)).toBe('3 h 10 min');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('vi', 'preview.delegateLine', { name: 'Nguyễn Văn A', group: 'Tổ 2' })).toBe('Đại biểu Nguyễn Văn A, Tổ 2');
    expect(formatMessage('vi', 'update.changed', { title: 'Tờ trình số 12' })).toBe('Tờ trình số 12 đã được cập nhật');
    expect(formatMessage('en', 'doc.pages')).toBe('{pages} pages');
  });
});
