// Problems found in a meeting folder, as stable codes with parameters, and their texts in Vietnamese and
// English. The validator (main/services/publish) emits only codes; the CLI prints `file:line: vi / en` and
// the renderer shows one language. A code never changes meaning; a new problem gets a new code.
import type { Lang } from './errors.ts';

type None = Readonly<Record<never, never>>;
/** Where a meeting.json field sits, as "agenda[1].documents[0].kind"; "" for the whole file. */
interface AtPath {
  readonly path: string;
}
interface Found {
  /** JSON.stringify of the text found, or "" at the end of the file. */
  readonly found: string;
}

/** Every problem code with its parameters (all JSON values, so a problem crosses IPC as it is). */
export interface ProblemParams {
  // the files of the folder
  readonly REQUIRED_FILE_MISSING: { readonly file: string };
  // meeting.json syntax
  readonly JSON_TRAILING_TEXT: Found;
  readonly JSON_EXPECTED_VALUE: Found;
  readonly JSON_EXPECTED_KEY: Found;
  readonly JSON_EXPECTED_COLON: Found;
  readonly JSON_EXPECTED_COMMA_OR_BRACE: Found;
  readonly JSON_EXPECTED_COMMA_OR_BRACKET: Found;
  readonly JSON_UNTERMINATED_STRING: None;
  readonly JSON_CONTROL_CHARACTER: None;
  readonly JSON_BAD_UNICODE_ESCAPE: None;
  readonly JSON_BAD_ESCAPE: { readonly escape: string };
  readonly JSON_BAD_NUMBER: Found;
  // meeting.json fields
  readonly FIELD_REQUIRED: AtPath;
  readonly FIELD_WRONG_TYPE: AtPath & { readonly expected: string };
  readonly FIELD_NOT_ALLOWED: AtPath & { readonly value: string; readonly allowed: readonly string[] };
  readonly FIELD_UNKNOWN: AtPath & { readonly keys: readonly string[] };
  readonly FIELD_EMPTY: AtPath;
  readonly LIST_EMPTY: AtPath;
  readonly NUMBER_TOO_SMALL: AtPath & { readonly minimum: number; readonly inclusive: boolean };
  readonly TIME_FORMAT: AtPath;
  readonly FIELD_FORMAT: AtPath & { readonly format: string };
  readonly QUORUM_OVER_ONE: AtPath;
  readonly FIELD_INVALID: AtPath & { readonly detail: string };
  readonly TOTAL_TOO_SMALL: { readonly total: number; readonly voting: number };
  // meeting.json prepared polls (issue 7)
  readonly POLL_ID_TWICE: AtPath & { readonly id: string; readonly firstLine: number };
  readonly POLL_ITEM_UNKNOWN: AtPath & { readonly item: string; readonly items: readonly string[] };
  readonly POLL_COUNTER_UNKNOWN: AtPath & { readonly id: string };
  readonly POLL_COUNTER_IS_OBSERVER: AtPath & { readonly id: string };
  readonly POLL_COUNTER_TWICE: AtPath & { readonly id: string };
  readonly POLL_COUNTERS_COUNT: AtPath & { readonly count: number; readonly min: number; readonly max: number; readonly mode: string; readonly secret: boolean };
  // documents
  readonly FILE_OUTSIDE_FOLDER: { readonly file: string };
  readonly FILE_LISTED_TWICE: { readonly file: string; readonly firstLine: number };
  readonly DOCUMENT_NOT_FOUND: { readonly file: string };
  readonly DOCUMENT_LINKS_OUTSIDE: { readonly file: string };
  readonly DOCUMENT_NOT_PDF: { readonly file: string };
  readonly DOCUMENT_PASSWORD: { readonly file: string };
  readonly DOCUMENT_DAMAGED: { readonly file: string; readonly detail: string };
  readonly FILE_WORD_DOCUMENT: { readonly file: string };
  readonly FILE_TOO_LARGE: { readonly file: string; readonly size: string; readonly limit: string };
  readonly CONFIDENTIAL_WITHOUT_READERS: { readonly file: string };
  readonly READERS_NOT_CONFIDENTIAL: None;
  readonly READER_UNKNOWN: { readonly id: string };
  readonly READER_IS_OBSERVER: { readonly id: string };
  // delegates.csv
  readonly CSV_UNCLOSED_QUOTE: None;
  readonly CSV_TEXT_AFTER_QUOTE: { readonly text: string };
  readonly DELEGATES_FILE_EMPTY: None;
  readonly DELEGATES_BAD_HEADER: { readonly want: string; readonly got: string };
  readonly DELEGATES_NONE: None;
  readonly DELEGATES_NO_CHAIR: None;
  readonly DELEGATE_COLUMNS: { readonly want: number; readonly got: number };
  readonly DELEGATE_BAD_ID: { readonly id: string };
  readonly DELEGATE_NO_NAME: None;
  readonly DELEGATE_BAD_ROLE: { readonly role: string; readonly roles: readonly string[] };
  readonly DELEGATE_DUPLICATE_ID: { readonly id: string; readonly firstLine: number };
}
export type ProblemCode = keyof ProblemParams;

/** A code with its parameters, correlated: `{ code: 'READER_UNKNOWN', params: { id } }`. */
export type ProblemBody<C extends ProblemCode = ProblemCode> = C extends ProblemCode ? { readonly code: C; readonly params: ProblemParams[C] } : never;

/** A problem in a meeting folder: `file:line` and what is wrong there. */
export type Problem = {
  /** Path relative to the meeting folder, e.g. "meeting.json". */
  readonly file: string;
  /** 1-based line; absent when the problem is about the whole file (e.g. it does not exist). */
  readonly line?: number;
} & ProblemBody;

export function problem<C extends ProblemCode>(file: string, line: number | undefined, code: C, params: ProblemParams[C]): Problem {
  // ProblemBody<C> for a generic C is the same union member; TypeScript cannot correlate the two.
  const body = { code, params } as unknown as ProblemBody;
  return line === undefined ? { file, ...body } : { file, line, ...body };
}

type Text<P> = (p: P) => string;
interface Texts<P> {
  readonly vi: Text<P>;
  readonly en: Text<P>;
}

const found = (lang: Lang, f: string): string => (f !== '' ? f : lang === 'vi' ? 'hết tệp' : 'end of file');
const json = (vi: string, en: string): Texts<Found> => ({
  vi: (p) => `JSON không hợp lệ: ${vi}, gặp ${found('vi', p.found)}`,
  en: (p) => `invalid JSON: ${en}, found ${found('en', p.found)}`,
});
const jsonPlain = (vi: string, en: string): Texts<None> => ({ vi: () => `JSON không hợp lệ: ${vi}`, en: () => `invalid JSON: ${en}` });
const fixed = (vi: string, en: string): Texts<unknown> => ({ vi: () => vi, en: () => en });

const TYPE_NAMES_VI: Readonly<Record<string, string>> = {
  string: 'chuỗi văn bản',
  number: 'số',
  boolean: 'true/false',
  array: 'danh sách [...]',
  object: 'đối tượng {...}',
};

const TEXTS: { readonly [C in ProblemCode]: Texts<ProblemParams[C]> } = {
  REQUIRED_FILE_MISSING: {
    vi: (p) => `không tìm thấy tệp ${p.file} trong thư mục kỳ họp`,
    en: (p) => `${p.file} not found in the meeting folder`,
  },
  JSON_TRAILING_TEXT: json('thừa ký tự sau khi kết thúc JSON', 'unexpected text after the end'),
  JSON_EXPECTED_VALUE: json('cần một giá trị JSON', 'expected a value'),
  JSON_EXPECTED_KEY: json('cần tên trường trong ngoặc kép', 'expected a "quoted" property name'),
  JSON_EXPECTED_COLON: json('thiếu dấu hai chấm', 'expected ":"'),
  JSON_EXPECTED_COMMA_OR_BRACE: json('thiếu dấu phẩy hoặc "}"', 'expected "," or "}"'),
  JSON_EXPECTED_COMMA_OR_BRACKET: json('thiếu dấu phẩy hoặc "]"', 'expected "," or "]"'),
  JSON_UNTERMINATED_STRING: jsonPlain('chuỗi chưa đóng ngoặc kép', 'unterminated string'),
  JSON_CONTROL_CHARACTER: jsonPlain('ký tự điều khiển trong chuỗi', 'control character in a string'),
  JSON_BAD_UNICODE_ESCAPE: jsonPlain('mã \\u không hợp lệ', 'bad \\u escape'),
  JSON_BAD_ESCAPE: { vi: (p) => `JSON không hợp lệ: ký tự thoát không hợp lệ \\${p.escape}`, en: (p) => `invalid JSON: bad escape \\${p.escape}` },
  JSON_BAD_NUMBER: json('số không hợp lệ', 'bad number'),
  FIELD_REQUIRED: fixed('thiếu trường bắt buộc', 'required field is missing'),
  FIELD_WRONG_TYPE: {
    vi: (p) => `sai kiểu dữ liệu, cần ${TYPE_NAMES_VI[p.expected] ?? p.expected}`,
    en: (p) => `wrong type, expected ${p.expected}`,
  },
  FIELD_NOT_ALLOWED: {
    vi: (p) => `giá trị ${p.value} không hợp lệ, chỉ được dùng: ${p.allowed.join(', ')}`,
    en: (p) => `invalid value, allowed: ${p.allowed.join(', ')}`,
  },
  FIELD_UNKNOWN: { vi: (p) => `trường không được hỗ trợ (viết sai?): ${p.keys.join(', ')}`, en: (p) => `unknown field (typo?): ${p.keys.join(', ')}` },
  FIELD_EMPTY: fixed('không được để trống', 'must not be empty'),
  LIST_EMPTY: fixed('cần ít nhất một mục', 'needs at least one entry'),
  NUMBER_TOO_SMALL: {
    vi: (p) => `phải lớn hơn ${p.inclusive ? 'hoặc bằng ' : ''}${p.minimum}`,
    en: (p) => `must be ${p.inclusive ? '>=' : '>'} ${p.minimum}`,
  },
  TIME_FORMAT: fixed('thời gian phải theo dạng 2026-12-05T07:30:00+07:00', 'time must look like 2026-12-05T07:30:00+07:00'),
  FIELD_FORMAT: { vi: (p) => `sai định dạng (${p.format})`, en: (p) => `invalid format (${p.format})` },
  QUORUM_OVER_ONE: fixed('tử số không được lớn hơn mẫu số', 'the numerator must not exceed the denominator'),
  FIELD_INVALID: { vi: (p) => `giá trị không hợp lệ: ${p.detail}`, en: (p) => `invalid value: ${p.detail}` },
  TOTAL_TOO_SMALL: {
    vi: (p) => `totalDelegates = ${p.total} nhỏ hơn số đại biểu có quyền biểu quyết trong delegates.csv (${p.voting}, gồm chủ tọa)`,
    en: (p) => `totalDelegates is smaller than the ${p.voting} voting members (chair + delegates) in delegates.csv`,
  },
  POLL_ID_TWICE: {
    vi: (p) => `mã biểu quyết "${p.id}" đã dùng ở dòng ${p.firstLine}; mỗi biểu quyết cần một mã riêng`,
    en: (p) => `poll id "${p.id}" is already used on line ${p.firstLine}; each poll needs its own id`,
  },
  POLL_ITEM_UNKNOWN: {
    vi: (p) => `không có mục chương trình "${p.item}" (các mục: ${p.items.join(', ')})`,
    en: (p) => `no agenda item "${p.item}" (items: ${p.items.join(', ')})`,
  },
  POLL_COUNTER_UNKNOWN: {
    vi: (p) => `thành viên Ban kiểm phiếu "${p.id}" không có trong delegates.csv`,
    en: (p) => `counter "${p.id}" is not in delegates.csv`,
  },
  POLL_COUNTER_IS_OBSERVER: {
    vi: (p) => `"${p.id}" là màn hình hội trường/quan sát viên, không thể ở Ban kiểm phiếu`,
    en: (p) => `"${p.id}" is an observer (hall screen) and cannot be a counter`,
  },
  POLL_COUNTER_TWICE: {
    vi: (p) => `"${p.id}" có tên hai lần trong Ban kiểm phiếu`,
    en: (p) => `"${p.id}" is listed twice among the counters`,
  },
  POLL_COUNTERS_COUNT: {
    vi: (p) =>
      p.min === 0
        ? `Ban kiểm phiếu ("counters") có tối đa ${p.max} người, đang có ${p.count}`
        : `${p.mode === 'paper' ? 'kiểm phiếu giấy' : 'bỏ phiếu kín'} cần Ban kiểm phiếu từ ${p.min} đến ${p.max} người ("counters"), đang có ${p.count}`,
    en: (p) =>
      p.min === 0
        ? `at most ${p.max} counters ("counters"), found ${p.count}`
        : `a ${p.mode === 'paper' ? 'paper' : 'secret'} poll needs ${p.min} to ${p.max} counters ("counters"), found ${p.count}`,
  },
  FILE_OUTSIDE_FOLDER: {
    vi: (p) => `tệp "${p.file}" nằm ngoài thư mục kỳ họp, hãy dùng đường dẫn tương đối trong thư mục`,
    en: () => 'the file is outside the meeting folder; use a relative path inside it',
  },
  FILE_LISTED_TWICE: {
    vi: (p) => `tệp "${p.file}" đã được liệt kê ở dòng ${p.firstLine}`,
    en: (p) => `the same file is already listed on line ${p.firstLine}`,
  },
  DOCUMENT_NOT_FOUND: { vi: (p) => `không tìm thấy tệp "${p.file}" trong thư mục kỳ họp`, en: (p) => `file not found: ${p.file}` },
  DOCUMENT_LINKS_OUTSIDE: {
    vi: (p) => `tệp "${p.file}" là liên kết trỏ ra ngoài thư mục kỳ họp`,
    en: (p) => `"${p.file}" links outside the meeting folder`,
  },
  DOCUMENT_NOT_PDF: {
    vi: (p) => `"${p.file}" không phải tệp PDF (thiếu phần đầu %PDF-); hãy xuất tài liệu ra PDF`,
    en: (p) => `"${p.file}" is not a PDF (no %PDF- header); export it as PDF`,
  },
  DOCUMENT_PASSWORD: {
    vi: (p) => `"${p.file}" có mật khẩu; hãy gỡ mật khẩu rồi lưu lại (tài liệu vẫn được mã hóa khi phát hành)`,
    en: (p) => `"${p.file}" is password-protected; remove the password (the pack is encrypted anyway)`,
  },
  DOCUMENT_DAMAGED: {
    vi: (p) => `"${p.file}" bị hỏng, không mở được; hãy xuất lại tệp PDF`,
    en: (p) => `"${p.file}" is damaged and cannot be opened; export it again${p.detail ? ` (${p.detail})` : ''}`,
  },
  FILE_WORD_DOCUMENT: {
    vi: (p) => `"${p.file}" là tệp Word (.doc/.docx), không phải PDF: hãy mở tệp trong Word và lưu thành PDF`,
    en: (p) => `"${p.file}" is a Word file (.doc/.docx), not a PDF: open it in Word and save it as PDF`,
  },
  FILE_TOO_LARGE: {
    vi: (p) => `"${p.file}" quá lớn (${p.size}), giới hạn là ${p.limit}`,
    en: (p) => `"${p.file}" is too large (${p.size}); the limit is ${p.limit}`,
  },
  CONFIDENTIAL_WITHOUT_READERS: {
    vi: (p) => `tài liệu mật "${p.file}" phải có danh sách người đọc ("readers")`,
    en: () => 'confidential document needs "readers"',
  },
  READERS_NOT_CONFIDENTIAL: fixed(
    '"readers" chỉ dùng cho tài liệu mật; thêm "confidential": true hoặc bỏ "readers"',
    '"readers" is only for confidential documents: add "confidential": true or remove "readers"',
  ),
  READER_UNKNOWN: { vi: (p) => `người đọc "${p.id}" không có trong delegates.csv`, en: (p) => `reader "${p.id}" is not in delegates.csv` },
  READER_IS_OBSERVER: {
    vi: (p) => `"${p.id}" là màn hình hội trường/quan sát viên, không được đọc tài liệu mật`,
    en: (p) => `"${p.id}" is an observer (hall screen) and may not read confidential documents`,
  },
  CSV_UNCLOSED_QUOTE: fixed('dấu ngoặc kép chưa đóng', 'unclosed quote'),
  CSV_TEXT_AFTER_QUOTE: { vi: (p) => `có ký tự sau dấu ngoặc kép đóng: ${p.text}`, en: (p) => `text after a closing quote: ${p.text}` },
  DELEGATES_FILE_EMPTY: fixed('tệp trống', 'the file is empty'),
  DELEGATES_BAD_HEADER: { vi: (p) => `dòng tiêu đề phải là "${p.want}", đang là "${p.got}"`, en: (p) => `the header must be "${p.want}"` },
  DELEGATES_NONE: fixed('chưa có đại biểu nào', 'no members listed'),
  DELEGATES_NO_CHAIR: fixed('chưa có chủ tọa (role "chair")', 'no chair (role "chair")'),
  DELEGATE_COLUMNS: {
    vi: (p) => `cần ${p.want} cột, có ${p.got} (dấu phẩy trong tên phải đặt trong ngoặc kép)`,
    en: (p) => `expected ${p.want} columns, found ${p.got}`,
  },
  DELEGATE_BAD_ID: {
    vi: (p) => `mã "${p.id}" không hợp lệ: chỉ chữ không dấu, số, "-" và "_", tối đa 40 ký tự`,
    en: () => 'invalid id: use A-Z, a-z, 0-9, "-", "_" (max 40)',
  },
  DELEGATE_NO_NAME: fixed('thiếu họ tên', 'the name is empty'),
  DELEGATE_BAD_ROLE: {
    vi: (p) => `vai trò "${p.role}" không hợp lệ, chỉ được dùng: ${p.roles.join(', ')}`,
    en: (p) => `invalid role, use one of: ${p.roles.join(', ')}`,
  },
  DELEGATE_DUPLICATE_ID: {
    vi: (p) => `mã đại biểu "${p.id}" bị trùng với dòng ${p.firstLine}`,
    en: (p) => `duplicate id "${p.id}" (first on line ${p.firstLine})`,
  },
};

export const PROBLEM_CODES = Object.keys(TEXTS) as readonly ProblemCode[];

export function isProblemCode(x: unknown): x is ProblemCode {
  return typeof x === 'string' && Object.hasOwn(TEXTS, x);
}

/** The JSON path a meeting.json problem is about, shown before the text in both languages. */
function subject(body: ProblemBody, lang: Lang | 'both'): string | undefined {
  const params: unknown = body.params;
  if (typeof params !== 'object' || params === null || !('path' in params) || typeof params.path !== 'string') return undefined;
  if (params.path !== '') return params.path;
  return lang === 'both' ? '(gốc / root)' : lang === 'vi' ? '(gốc)' : '(root)';
}

/**
 * The text of one problem (without file and line). A code this build does not know — a problem from a newer
 * version, say — comes out as `[CODE]` rather than failing.
 */
export function problemText(lang: Lang, body: ProblemBody): string {
  if (!isProblemCode(body.code)) return `[${String(body.code)}]`;
  const text = (TEXTS[body.code] as Texts<ProblemBody['params']>)[lang](body.params);
  const at = subject(body, lang);
  return at === undefined ? text : `${at}: ${text}`;
}

/** "vi / en", with a meeting.json path shown once in front. */
export function bilingualProblemText(body: ProblemBody): string {
  if (!isProblemCode(body.code)) return `[${String(body.code)}]`;
  const texts = TEXTS[body.code] as Texts<ProblemBody['params']>;
  const both = `${texts.vi(body.params)} / ${texts.en(body.params)}`;
  const at = subject(body, 'both');
  return at === undefined ? both : `${at}: ${both}`;
}

function where(p: Problem): string {
  return p.line === undefined ? p.file : `${p.file}:${p.line}`;
}

/** `file:line: text` in one language, for a screen. */
export function formatProblem(lang: Lang, p: Problem): string {
  return `${where(p)}: ${problemText(lang, p)}`;
}

/** `file:line: vi / en`, as the CLI prints it, so a clerk can go straight to it. */
export function formatProblemBilingual(p: Problem): string {
  return `${where(p)}: ${bilingualProblemText(p)}`;
}
