// Pure pieces of the console screens: the hash routes, the date field's conversion, the refusals said before
// sending, the catalogue's two languages.
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../../common/api/console.ts';
import { isConsolePath, isStrayLink } from '../../../renderer/app/routes.ts';
import { consoleEn, consoleErrorText, consoleUiText, consoleVi } from '../../../renderer/i18n/console.ts';
import { precheck } from '../../../renderer/screens/console/DocumentsSection.tsx';
import { CONSOLE_SECTIONS, formatConsoleHash, parseConsoleHash } from '../../../renderer/screens/console/sections.ts';
import { fromLocalInput, toLocalInput } from '../../../renderer/screens/console/SessionSection.tsx';

describe('console screens', () => {
  it('routes /console to the console, and its fragments are not stray invitation links', () => {
    expect(isConsolePath('/console')).toBe(true);
    expect(isConsolePath('/console/')).toBe(true);
    expect(isConsolePath('/consoles')).toBe(false);
    expect(isConsolePath('/')).toBe(false);
    expect(isStrayLink('/console', '#/d/k20261202-ab12/agenda')).toBe(false);
    expect(isStrayLink('/', '#/d/k20261202-ab12/agenda')).toBe(true);
  });

  it('parses and formats its own hash routes, every step', () => {
    for (const section of CONSOLE_SECTIONS) expect(parseConsoleHash(formatConsoleHash({ name: 'draft', draftId: 'k1-x', section }))).toEqual({ name: 'draft', draftId: 'k1-x', section });
    expect(parseConsoleHash('#/d/k1-x')).toEqual({ name: 'draft', draftId: 'k1-x', section: 'session' });
    expect(parseConsoleHash('#/d/../etc')).toEqual({ name: 'drafts' });
    expect(parseConsoleHash('')).toEqual({ name: 'drafts' });
  });

  it("keeps the council's wall clock in the date field", () => {
    expect(fromLocalInput('2026-12-05T07:30')).toBe('2026-12-05T07:30:00+07:00');
    expect(toLocalInput('2026-12-05T07:30:00+07:00')).toBe('2026-12-05T07:30');
    expect(fromLocalInput('')).toBe('');
    expect(toLocalInput('')).toBe('');
  });

  it('refuses a Word file, a file over the limit and a non-PDF before sending', () => {
    expect(precheck({ name: 'Bien ban.DOC', size: 10 })).toBe('word');
    expect(precheck({ name: 'to-trinh.docx', size: 10 })).toBe('word');
    expect(precheck({ name: 'ban-chup.pdf', size: MAX_UPLOAD_BYTES + 1 })).toBe('large');
    expect(precheck({ name: 'anh.jpg', size: 10 })).toBe('notPdf');
    expect(precheck({ name: 'Tờ trình.PDF', size: 10 })).toBeUndefined();
  });

  it('has the same keys in both languages and fills placeholders', () => {
    expect(Object.keys(consoleEn).sort()).toEqual(Object.keys(consoleVi).sort());
    expect(consoleUiText('vi', 'c.pub.done', { revision: 2 })).toBe('Đã phát hành phiên bản 2.');
    expect(consoleUiText('en', 'c.inv.copied', { name: 'Giàng Thị Mai' })).toBe("Giàng Thị Mai's link copied");
  });

  it("shows the server's error in the screen's language", () => {
    const e = { code: 'FILE_REJECTED' as const, message: '"a.pdf" có mật khẩu / "a.pdf" is password-protected', details: ['DOCUMENT_PASSWORD'] };
    expect(consoleErrorText('vi', e)).toBe('"a.pdf" có mật khẩu');
    expect(consoleErrorText('en', e)).toBe('"a.pdf" is password-protected');
    expect(consoleErrorText('vi', { code: 'NETWORK', message: '' })).not.toBe('');
  });
});
