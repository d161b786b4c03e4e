// The CLI's words: every line of the catalogue in both languages, one word for a revision ("bản phát hành",
// as the renderer says it), and the docs table built from the catalogue.
import { describe, expect, it } from 'vitest';
import { CLI_TEXT_KEYS, cliCell, cliLine, type CliTextKey, type CliTextParams } from '../../../common/i18n/cliText.ts';
import { renderTable } from '../../../cli/commands/docs.ts';
import type { DocRow } from '../../../main/services/vault/documents.ts';

/** Parameters that fill every template of the catalogue. */
const ANY = { name: 'x', command: 'c', detail: 'd', usage: 'u', dir: '/d', meetingId: 'm1', revision: 3, url: 'http://h', id: 'd01', count: 2, file: '/f', host: 'h', signal: 'SIGINT', changed: 1, unchanged: 2, uploaded: 3, mib: '0.1', skipped: 4, downloaded: '1 kB', reused: '0 B', port: 8080, meetings: 1, entries: 5 };
const line = (key: CliTextKey): string => cliLine(key, ANY as unknown as CliTextParams[typeof key]);

const row: DocRow = {
  id: 'to-trinh-12',
  meetingId: 'ky-hop-8',
  meetingTitle: 'Kỳ họp thứ Tám',
  title: 'Tờ trình số 12',
  kind: 'to-trinh',
  agendaItemId: 'muc-2',
  agendaTitle: 'Ngân sách',
  pages: 4,
  bytes: 2048,
  sha256: 'a'.repeat(64),
  confidential: true,
  revision: 2,
  packRevision: 3,
};

describe('CLI wording', () => {
  it('has a Vietnamese and an English half for every line, and says "bản phát hành", never "phiên bản"', () => {
    for (const key of CLI_TEXT_KEYS) {
      const [vi, en] = line(key).split(' / ');
      expect(vi?.trim(), key).not.toBe('');
      expect(en?.trim(), key).not.toBe('');
      expect(line(key), key).not.toMatch(/phiên bản/i);
    }
    expect(cliLine('REVISION', { revision: 2 })).toBe('bản phát hành 2 / revision 2');
    expect(cliLine('PUBLISHED', { meetingId: 'm1', revision: 2 })).toBe('Đã phát hành kỳ họp m1, bản phát hành 2 / Published meeting m1, revision 2');
    expect(cliCell('COL_REVISION', {})).toBe('Bản phát hành/Rev');
  });

  it('heads the docs table with the revision the vault holds and names each column in both languages', () => {
    const [head, columns, first] = renderTable([row]).split('\n');
    expect(head).toBe('Kỳ họp thứ Tám (ky-hop-8) — bản phát hành 3 / revision 3');
    expect(columns?.split(/\s{2,}/)).toEqual(['ID', 'Loại/Kind', 'Trang/Pages', 'Cỡ/Size', 'Bản phát hành/Rev', 'Tên/Title']);
    expect(first?.split(/\s{2,}/)).toEqual(['to-trinh-12', 'to-trinh', '4', '2.0 kB', '2', '🔒 MẬT Tờ trình số 12']);
  });
});
