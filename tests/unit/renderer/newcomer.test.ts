// The pure parts of issue 14's newcomer fixes: members named by their role's own word and counted as voting
// members, error screens that say what to do (a mistyped invitation reads as a wrong link, not a forgery),
// stray links recognised, and the CLI's bilingual lines.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../common/errors.ts';
import { CLI_TEXT_KEYS, cliLine, cliLines } from '../../../common/i18n/cliText.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { isStrayLink, parseRoute } from '../../../renderer/app/routes.ts';
import { errorAdvice, type ErrorPlace } from '../../../renderer/components/errorAdvice.ts';
import { formatMessage } from '../../../renderer/i18n/format.ts';
import { compositionLine, joinParts, memberLine, votingMembers } from '../../../renderer/i18n/members.ts';
import { vi } from '../../../renderer/i18n/vi.ts';

const tVi = (key: Parameters<typeof formatMessage>[1], params?: Readonly<Record<string, string | number>>) => formatMessage('vi', key, params);
const tEn = (key: Parameters<typeof formatMessage>[1], params?: Readonly<Record<string, string | number>>) => formatMessage('en', key, params);

const member = (id: string, role: Delegate['role'], name: string, group = ''): Delegate => ({ id, role, name, group, position: '', unit: '' });
const COUNCIL: Delegate[] = [
  member('d01', 'chair', 'Lò Văn Thắng', 'Tổ 1'),
  ...Array.from({ length: 29 }, (_, i) => member(`d${i + 2}`, 'delegate', `Đại biểu ${i + 2}`, 'Tổ 2')),
  member('tk01', 'secretary', 'Nguyễn Thị Lan'),
  member('hall', 'observer', 'Màn hình hội trường'),
];

describe('members', () => {
  it('names each role by its own word, the group only when there is one', () => {
    expect(memberLine(tVi, 'delegate', 'Sùng A Páo', 'Tổ 1')).toBe('Đại biểu Sùng A Páo, Tổ 1');
    expect(memberLine(tVi, 'chair', 'Lò Văn Thắng', 'Tổ 1')).toBe('Chủ tọa Lò Văn Thắng, Tổ 1');
    expect(memberLine(tVi, 'secretary', 'Nguyễn Thị Lan', '')).toBe('Thư ký Nguyễn Thị Lan');
    expect(memberLine(tVi, 'observer', 'Màn hình hội trường')).toBe('Màn hình hội trường');
    expect(memberLine(tVi, 'observer', 'Phòng họp số 2')).toBe('Màn hình hội trường (Phòng họp số 2)');
    expect(memberLine(tEn, 'secretary', 'Nguyễn Thị Lan', '  ')).toBe('Secretary Nguyễn Thị Lan');
    expect(Object.values(vi)).not.toContain('Khách mời');
  });
  it('leaves empty parts out instead of dangling separators', () => {
    expect(joinParts(['Chuyên viên', '', undefined, ' Văn phòng '], ' · ')).toBe('Chuyên viên · Văn phòng');
    expect(joinParts(['', ''], ', ')).toBe('');
  });
  it('counts the voting members (chair and delegates), the secretary and the hall screen apart', () => {
    expect(votingMembers(COUNCIL)).toBe(30);
    expect(compositionLine(tVi, COUNCIL)).toBe('30 đại biểu · 1 thư ký · 1 màn hình hội trường');
    expect(compositionLine(tVi, COUNCIL.slice(0, 30))).toBe('30 đại biểu');
  });
});

describe('error screens', () => {
  it('reads a mistyped invitation as a wrong link, with the way to enter it again', () => {
    for (const code of ['LINK_INVALID', 'PACK_WRONG_PUBLISHER', 'PACK_BAD_SIGNATURE', 'UNAUTHORIZED'] as const) {
      const advice = errorAdvice('invite', code);
      expect(tVi(advice.title)).toBe('Liên kết không đúng — kiểm tra lại hoặc quét lại mã QR');
      expect(advice.actions[0]).toBe('join');
    }
  });
  it('gives every code, everywhere, words and a way on (or a retry), never the bare code', () => {
    const places: ErrorPlace[] = ['invite', 'meeting', 'doc', 'download', 'live', 'hall'];
    for (const place of places) {
      for (const code of ERROR_CODES) {
        const advice = errorAdvice(place, code);
        expect(tVi(advice.title)).not.toMatch(/[A-Z]{3,}_/);
        expect(tEn(advice.body).length).toBeGreaterThan(10);
        expect(advice.actions.some((a) => a !== 'retry')).toBe(true);
      }
    }
  });
  it('sends an unknown meeting back to the list, and someone who is not the chair back to the meeting', () => {
    expect(errorAdvice('meeting', 'VAULT_NOT_FOUND').actions).toEqual(['join', 'meetings']);
    expect(tVi(errorAdvice('live', 'NOT_CHAIR').title)).toBe('Chỉ chủ tọa điều hành phiên họp');
    expect(errorAdvice('live', 'NOT_CHAIR').actions).toEqual(['meeting']);
    expect(errorAdvice('invite', 'NETWORK').actions).toEqual(['retry', 'meetings']);
  });
});

describe('stray links', () => {
  it('treats /join without a whole invitation, and fragments that name no screen, as a wrong link', () => {
    expect(isStrayLink('/join', '')).toBe(true);
    expect(isStrayLink('/join', '#garbage')).toBe(true);
    expect(isStrayLink('/', '#rubbish')).toBe(true);
    expect(isStrayLink('/', '#/m/../../etc')).toBe(true);
    expect(isStrayLink('/join', '#v1.abc')).toBe(false);
    for (const hash of ['', '#', '#/', '#/join', '#/m/abc', '#/m/abc/doc/x']) expect(isStrayLink('/', hash)).toBe(false);
    expect(parseRoute('#rubbish')).toEqual({ name: 'home' });
  });
});

describe('CLI lines', () => {
  it('has both languages for every line', () => {
    expect(CLI_TEXT_KEYS.length).toBeGreaterThan(10);
    expect(cliLine('DEMO_SERVER', { url: 'http://127.0.0.1:8080' })).toBe('Máy chủ: http://127.0.0.1:8080 / Server: http://127.0.0.1:8080');
    expect(cliLines('DEMO_ADMIN_TOKEN', { file: '/x/admin-token' }).split('\n')).toHaveLength(2);
    expect(cliLines('DEMO_PHONES', {})).toContain('--host 0.0.0.0 --self-signed');
    expect(cliLine('BAD_ARGUMENTS', { command: 'demo', detail: "Unknown option '--x'", usage: 'council demo' })).toBe(
      "council demo: tham số sai / bad arguments: Unknown option '--x'. Usage: council demo",
    );
  });
});
