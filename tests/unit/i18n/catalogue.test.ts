// The one catalogue of problem and error texts (common/i18n): every code has Vietnamese and English, and
// every problem the meeting-folder validator emits, over bad folders that between them hit every check,
// has a code in the catalogue (none falls back to a raw `[CODE]`).
import { copyFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../common/errors.ts';
import { errorText } from '../../../common/i18n/errors.ts';
import { bilingualMessage, MESSAGE_KEYS, messageText, type MessageKey, type MessageParams } from '../../../common/i18n/messages.ts';
import {
  bilingualProblemText,
  formatProblem,
  formatProblemBilingual,
  PROBLEM_CODES,
  problemText,
  type Problem,
  type ProblemBody,
  type ProblemCode,
  type ProblemParams,
} from '../../../common/i18n/problems.ts';
import { describeError } from '../../../cli/output.ts';
import { MeetingInvalidError } from '../../../main/services/publish/problems.ts';
import { validateMeetingFolder } from '../../../main/services/publish/validate.ts';
import { formatProblem as rendererProblem } from '../../../renderer/i18n/format.ts';
import { DELEGATES_CSV, makeMeeting, makePdf, MEETING, tempDir, type TempMeeting } from '../publish/fixtures.ts';
import { BAD_POLLS, POLL_PROBLEM_SAMPLES } from '../publish/votingFixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LOCKED_PDF = path.join(ROOT, 'tests', 'fixtures', 'pdfs', 'password-protected.pdf');

/** One set of parameters per code; the type makes a missing code a compile error. */
const PROBLEM_SAMPLES: { readonly [C in ProblemCode]: ProblemParams[C] } = {
  ...POLL_PROBLEM_SAMPLES,
  REQUIRED_FILE_MISSING: { file: 'meeting.json' },
  JSON_TRAILING_TEXT: { found: '"x"' },
  JSON_EXPECTED_VALUE: { found: '' },
  JSON_EXPECTED_KEY: { found: '"a"' },
  JSON_EXPECTED_COLON: { found: '"1"' },
  JSON_EXPECTED_COMMA_OR_BRACE: { found: '"\\"b\\""' },
  JSON_EXPECTED_COMMA_OR_BRACKET: { found: '"2"' },
  JSON_UNTERMINATED_STRING: {},
  JSON_CONTROL_CHARACTER: {},
  JSON_BAD_UNICODE_ESCAPE: {},
  JSON_BAD_ESCAPE: { escape: 'q' },
  JSON_BAD_NUMBER: { found: '"-x"' },
  FIELD_REQUIRED: { path: 'title' },
  FIELD_WRONG_TYPE: { path: 'totalDelegates', expected: 'number' },
  FIELD_NOT_ALLOWED: { path: 'agenda[0].documents[0].kind', value: '"x"', allowed: ['to-trinh', 'bao-cao'] },
  FIELD_UNKNOWN: { path: '', keys: ['extra'] },
  FIELD_EMPTY: { path: 'title' },
  LIST_EMPTY: { path: 'agenda' },
  NUMBER_TOO_SMALL: { path: 'agenda[0].minutes', minimum: 0, inclusive: false },
  TIME_FORMAT: { path: 'startsAt' },
  FIELD_FORMAT: { path: 'x', format: 'email' },
  QUORUM_OVER_ONE: { path: 'quorum.numerator' },
  FIELD_INVALID: { path: 'x', detail: 'bad' },
  TOTAL_TOO_SMALL: { total: 1, voting: 2 },
  FILE_OUTSIDE_FOLDER: { file: '../x.pdf' },
  FILE_LISTED_TWICE: { file: 'a.pdf', firstLine: 3 },
  DOCUMENT_NOT_FOUND: { file: 'a.pdf' },
  DOCUMENT_LINKS_OUTSIDE: { file: 'a.pdf' },
  DOCUMENT_NOT_PDF: { file: 'a.pdf' },
  DOCUMENT_PASSWORD: { file: 'a.pdf' },
  DOCUMENT_DAMAGED: { file: 'a.pdf', detail: '' },
  FILE_WORD_DOCUMENT: { file: 'to-trinh.docx' },
  FILE_TOO_LARGE: { file: 'scan.pdf', size: '312 MB', limit: '300 MB' },
  CONFIDENTIAL_WITHOUT_READERS: { file: 'a.pdf' },
  READERS_NOT_CONFIDENTIAL: {},
  READER_UNKNOWN: { id: 'nobody' },
  READER_IS_OBSERVER: { id: 'hall' },
  CSV_UNCLOSED_QUOTE: {},
  CSV_TEXT_AFTER_QUOTE: { text: 'x' },
  DELEGATES_FILE_EMPTY: {},
  DELEGATES_BAD_HEADER: { want: 'id,name,position,unit,group,role', got: 'id,name' },
  DELEGATES_NONE: {},
  DELEGATES_NO_CHAIR: {},
  DELEGATE_COLUMNS: { want: 6, got: 5 },
  DELEGATE_BAD_ID: { id: 'đ1' },
  DELEGATE_NO_NAME: {},
  DELEGATE_BAD_ROLE: { role: 'member', roles: ['delegate', 'chair'] },
  DELEGATE_DUPLICATE_ID: { id: 'd01', firstLine: 2 },
};

const MESSAGE_SAMPLES: { readonly [K in MessageKey]: MessageParams[K] } = {
  MEETING_PROBLEMS: { folder: '/m', count: 2 },
  FILE_CHANGED_WHILE_PUBLISHING: { file: 'a.pdf' },
  SERVER_URL_INVALID: { url: 'x' },
  SERVER_URL_FORM: { url: 'ftp://x' },
  SERVER_UNREACHABLE: { origin: 'http://127.0.0.1:1', cause: 'ECONNREFUSED' },
  SERVER_ANSWERED: { status: 502, text: '' },
  PUBLISHER_STATE_DAMAGED: { file: '.council/publisher.json' },
  CANCELLED: {},
  WRONG_PASSPHRASE: {},
  PASSPHRASE_NEEDED: {},
};

const sample = (code: ProblemCode): ProblemBody => ({ code, params: PROBLEM_SAMPLES[code] }) as ProblemBody;

describe('the catalogue', () => {
  it('has a Vietnamese and an English text for every problem code', () => {
    expect(Object.keys(PROBLEM_SAMPLES).sort()).toEqual([...PROBLEM_CODES].sort());
    for (const code of PROBLEM_CODES) {
      const vi = problemText('vi', sample(code));
      const en = problemText('en', sample(code));
      expect(vi.trim(), code).not.toBe('');
      expect(en.trim(), code).not.toBe('');
      expect(vi, code).not.toBe(en);
      expect(`${vi} ${en}`, code).not.toMatch(/undefined|\[object|\[[A-Z_]+\]/);
    }
  });

  it('has a Vietnamese and an English text for every error code and error message', () => {
    for (const code of ERROR_CODES) expect(errorText('vi', code), code).not.toBe(errorText('en', code));
    expect(Object.keys(MESSAGE_SAMPLES).sort()).toEqual([...MESSAGE_KEYS].sort());
    for (const key of MESSAGE_KEYS) {
      const params = MESSAGE_SAMPLES[key];
      expect(messageText('vi', key, params), key).not.toBe(messageText('en', key, params));
      expect(bilingualMessage(key, params), key).toContain(' / ');
    }
  });

  it('prints `file:line: vi / en` for the CLI and one language for a screen, the path once', () => {
    const p: Problem = { file: 'meeting.json', line: 9, code: 'FIELD_NOT_ALLOWED', params: PROBLEM_SAMPLES.FIELD_NOT_ALLOWED };
    expect(formatProblemBilingual(p)).toBe(
      'meeting.json:9: agenda[0].documents[0].kind: giá trị "x" không hợp lệ, chỉ được dùng: to-trinh, bao-cao / invalid value, allowed: to-trinh, bao-cao',
    );
    expect(formatProblem('en', p)).toBe('meeting.json:9: agenda[0].documents[0].kind: invalid value, allowed: to-trinh, bao-cao');
    expect(formatProblem('vi', { file: 'delegates.csv', code: 'REQUIRED_FILE_MISSING', params: { file: 'delegates.csv' } })).toBe(
      'delegates.csv: không tìm thấy tệp delegates.csv trong thư mục kỳ họp',
    );
    expect(bilingualProblemText({ code: 'FIELD_UNKNOWN', params: { path: '', keys: ['x'] } })).toBe('(gốc / root): trường không được hỗ trợ (viết sai?): x / unknown field (typo?): x');
  });

  it('shows a code it does not know (from a newer version) as [CODE] instead of failing', () => {
    const future = { code: 'SOMETHING_NEW', params: {} } as unknown as ProblemBody;
    expect(problemText('vi', future)).toBe('[SOMETHING_NEW]');
    expect(rendererProblem('en', { file: 'meeting.json', line: 1, ...future })).toBe('meeting.json:1: [SOMETHING_NEW]');
  });
});

// ---- every check of the validator, over bad folders ----

let meeting: TempMeeting | undefined;
afterEach(async () => {
  await meeting?.cleanup();
  meeting = undefined;
});

async function problemsOf(dir: string): Promise<readonly Problem[]> {
  try {
    await validateMeetingFolder(dir);
  } catch (e) {
    if (e instanceof MeetingInvalidError) return e.problems;
    throw e;
  }
  throw new Error('expected MEETING_INVALID');
}

/** meeting.json texts: each JSON syntax error, and an empty agenda. */
const MEETING_TEXTS: readonly string[] = [
  '{} x',
  '{"a": }',
  '{a: 1}',
  '{"a" 1}',
  '{"a": 1 "b": 2}',
  '[1 2]',
  '{"a": "x',
  '{"a": "\t"}',
  '{"a": "\\uZZZZ"}',
  '{"a": "\\q"}',
  '{"a": -x}',
  '{"agenda": []}',
];

const SCHEMA_AND_FILES = {
  title: '',
  startsAt: '5/12/2026',
  totalDelegates: 1,
  place: 42,
  quorum: { numerator: 3, denominator: 2 },
  extra: true,
  agenda: [
    {
      title: 'Mục 1',
      minutes: 0,
      documents: [
        { file: 'missing.pdf', title: 'A', kind: 'nghi-quyet' },
        { file: '../outside.pdf', title: 'B', kind: 'bao-cao' },
        { file: 'notpdf.pdf', title: 'C', kind: 'bao-cao' },
        { file: 'locked.pdf', title: 'D', kind: 'bao-cao' },
        { file: 'broken.pdf', title: 'E', kind: 'bao-cao' },
        { file: 'ok.pdf', title: 'F', kind: 'bao-cao', readers: ['d02'] },
        { file: './ok.pdf', title: 'G', kind: 'bao-cao' },
        { file: 'link.pdf', title: 'H', kind: 'bao-cao' },
        { file: 'secret.pdf', title: 'I', kind: 'to-trinh', confidential: true },
        { file: 'secret2.pdf', title: 'J', kind: 'to-trinh', confidential: true, readers: ['nobody', 'hall'] },
      ],
    },
    { presenter: 'X' },
  ],
};

const BAD_DELEGATES = [
  'id,name,position,unit,group,role',
  'd01,Lò Văn Thắng,,,Tổ 1,chair',
  'd02,Giàng Thị Mai,,,Tổ 1,delegate',
  'd01,Trùng,,,Tổ 1,delegate',
  'đ03,Vàng A Chư,,,Tổ 1,delegate',
  'd04,Lường Thị Hoa,,,Tổ 1,member',
  'd05,Sùng A Páo,,Tổ 2,delegate',
  'd06,,,,Tổ 2,delegate',
  'hall,Màn hình hội trường,,,,observer',
].join('\n');

async function emittedCodes(): Promise<Problem[]> {
  const all: Problem[] = [];
  const empty = await tempDir();
  try {
    all.push(...(await problemsOf(empty.dir)));
  } finally {
    await empty.cleanup();
  }
  meeting = await makeMeeting();
  for (const text of MEETING_TEXTS) {
    await meeting.write('meeting.json', text);
    all.push(...(await problemsOf(meeting.dir)));
  }
  for (const csv of ['', 'id,name,role\nd01,A,,,,delegate\n', 'id,name,position,unit,group,role\n', 'id,name,position,unit,group,role\nd01,"A"x,,,,chair\n', 'id,name,position,unit,group,role\nd01,"A,,,,chair\n']) {
    await meeting.write('delegates.csv', csv);
    all.push(...(await problemsOf(meeting.dir)));
  }
  await meeting.write('meeting.json', JSON.stringify(SCHEMA_AND_FILES, null, 2));
  await meeting.write('delegates.csv', BAD_DELEGATES);
  await meeting.write('notpdf.pdf', 'Đây là tệp Word, không phải PDF');
  await copyFile(LOCKED_PDF, path.join(meeting.dir, 'locked.pdf'));
  await meeting.write('broken.pdf', '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  for (const f of ['ok.pdf', 'secret.pdf', 'secret2.pdf']) await meeting.write(f, await makePdf(1, f));
  const outside = await tempDir();
  try {
    await writeFile(path.join(outside.dir, 'x.pdf'), await makePdf(1, 'outside'));
    await symlink(path.join(outside.dir, 'x.pdf'), path.join(meeting.dir, 'link.pdf'));
    all.push(...(await problemsOf(meeting.dir)));
    // The schema passes here, so the checks that need a valid meeting.json run too.
    await meeting.write('meeting.json', JSON.stringify({ ...MEETING, totalDelegates: 1 }, null, 2));
    await meeting.write('delegates.csv', BAD_DELEGATES.split('\n').slice(0, 3).join('\n'));
    all.push(...(await problemsOf(meeting.dir)));
    await meeting.write('meeting.json', JSON.stringify({ ...MEETING, polls: BAD_POLLS }, null, 2));
    await meeting.write('delegates.csv', DELEGATES_CSV);
    all.push(...(await problemsOf(meeting.dir)));
  } finally {
    await outside.cleanup();
  }
  return all;
}

describe('the CLI', () => {
  it('prints `council: [CODE] vi / en: detail` and one `file:line: vi / en` line per problem', () => {
    const e = new MeetingInvalidError('/m', [
      { file: 'meeting.json', line: 4, code: 'READERS_NOT_CONFIDENTIAL', params: {} },
      { file: 'delegates.csv', line: 2, code: 'DELEGATE_NO_NAME', params: {} },
    ]);
    expect(describeError(e).split('\n')).toEqual([
      'council: [MEETING_INVALID] Hồ sơ kỳ họp có lỗi, chưa tải lên gì / The meeting folder has errors; nothing was uploaded: /m: 2 lỗi cần sửa / 2 problems to fix',
      '  - delegates.csv:2: thiếu họ tên / the name is empty',
      '  - meeting.json:4: "readers" chỉ dùng cho tài liệu mật; thêm "confidential": true hoặc bỏ "readers" / "readers" is only for confidential documents: add "confidential": true or remove "readers"',
    ]);
    expect(e.problems.map((p) => p.code)).toEqual(['DELEGATE_NO_NAME', 'READERS_NOT_CONFIDENTIAL']);
  });
});

describe('the validator over bad folders', () => {
  it('emits only codes of the catalogue, and reaches every code but two defensive fallbacks and the console upload checks', async () => {
    const problems = await emittedCodes();
    for (const p of problems) {
      expect(PROBLEM_CODES, JSON.stringify(p)).toContain(p.code);
      for (const text of [formatProblem('vi', p), formatProblem('en', p), formatProblemBilingual(p)]) expect(text).not.toMatch(/\[[A-Z_]+\]|undefined/);
    }
    const unreached = PROBLEM_CODES.filter((c) => !problems.some((p) => p.code === c));
    // FIELD_FORMAT (a format other than the date-time) and FIELD_INVALID (any other zod issue) are there for
    // schema changes; no field of today's meeting.json can produce them. FILE_WORD_DOCUMENT and FILE_TOO_LARGE come
    // from the console's upload check (main/services/console, tested in tests/unit/console), not from the folder validator.
    expect(unreached.sort()).toEqual(['FIELD_FORMAT', 'FIELD_INVALID', 'FILE_TOO_LARGE', 'FILE_WORD_DOCUMENT']);
  });
});
