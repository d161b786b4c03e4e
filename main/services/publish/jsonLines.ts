// A strict JSON parser (RFC 8259) that also records the line of every value, keyed by its path, so that a
// problem in meeting.json can be reported as "meeting.json:17: ..." where the clerk has to look.
import { problemText, type ProblemBody } from '../../../common/i18n/problems.ts';

export type JsonPath = readonly (string | number)[];

export interface LocatedJson {
  readonly value: unknown;
  /** Line (1-based) of each value, keyed by pathKey(path). */
  readonly lines: ReadonlyMap<string, number>;
}

type JsonProblem = Extract<ProblemBody, { readonly code: `JSON_${string}` }>;

export class JsonSyntaxError extends Error {
  readonly line: number;
  /** What is wrong, as a problem code (common/i18n/problems.ts). */
  readonly problem: JsonProblem;
  constructor(problem: JsonProblem, line: number) {
    super(problemText('en', problem));
    this.name = 'JsonSyntaxError';
    this.line = line;
    this.problem = problem;
  }
}

export const pathKey = (path: JsonPath): string => path.map(String).join('\u0000');

/** The line of the value at `path`, or of its nearest recorded ancestor (line 1 for the root). */
export function lineOf(located: LocatedJson, path: JsonPath): number {
  for (let n = path.length; n >= 0; n--) {
    const line = located.lines.get(pathKey(path.slice(0, n)));
    if (line !== undefined) return line;
  }
  return 1;
}

interface State {
  readonly text: string;
  pos: number;
  line: number;
  readonly lines: Map<string, number>;
}

export function parseJsonWithLines(input: string): LocatedJson {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const s: State = { text, pos: 0, line: 1, lines: new Map() };
  const value = parseValue(s, []);
  skipSpace(s);
  if (s.pos < s.text.length) fail(s, { code: 'JSON_TRAILING_TEXT', params: { found: preview(s) } });
  return { value, lines: s.lines };
}

function fail(s: State, problem: JsonProblem): never {
  throw new JsonSyntaxError(problem, s.line);
}

function preview(s: State): string {
  const c = s.text.slice(s.pos, s.pos + 12).split('\n')[0] ?? '';
  return c === '' ? '' : JSON.stringify(c);
}

function skipSpace(s: State): void {
  for (;;) {
    const c = s.text[s.pos];
    if (c === '\n') s.line++;
    else if (c !== ' ' && c !== '\t' && c !== '\r') return;
    s.pos++;
  }
}

function parseValue(s: State, path: JsonPath): unknown {
  skipSpace(s);
  s.lines.set(pathKey(path), s.line);
  const c = s.text[s.pos];
  if (c === '{') return parseObject(s, path);
  if (c === '[') return parseArray(s, path);
  if (c === '"') return parseString(s);
  if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber(s);
  for (const [word, value] of LITERALS) {
    if (s.text.startsWith(word, s.pos)) {
      s.pos += word.length;
      return value;
    }
  }
  return fail(s, { code: 'JSON_EXPECTED_VALUE', params: { found: preview(s) } });
}

const LITERALS: readonly (readonly [string, unknown])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

function expectColon(s: State): void {
  skipSpace(s);
  if (s.text[s.pos] !== ':') fail(s, { code: 'JSON_EXPECTED_COLON', params: { found: preview(s) } });
  s.pos++;
}

function parseObject(s: State, path: JsonPath): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  s.pos++;
  skipSpace(s);
  if (s.text[s.pos] === '}') {
    s.pos++;
    return out;
  }
  for (;;) {
    skipSpace(s);
    if (s.text[s.pos] !== '"') fail(s, { code: 'JSON_EXPECTED_KEY', params: { found: preview(s) } });
    const key = parseString(s);
    expectColon(s);
    Object.defineProperty(out, key, { value: parseValue(s, [...path, key]), enumerable: true, writable: true, configurable: true });
    skipSpace(s);
    const c = s.text[s.pos];
    s.pos++;
    if (c === '}') return out;
    if (c !== ',') {
      s.pos--;
      fail(s, { code: 'JSON_EXPECTED_COMMA_OR_BRACE', params: { found: preview(s) } });
    }
  }
}

function parseArray(s: State, path: JsonPath): unknown[] {
  const out: unknown[] = [];
  s.pos++;
  skipSpace(s);
  if (s.text[s.pos] === ']') {
    s.pos++;
    return out;
  }
  for (;;) {
    out.push(parseValue(s, [...path, out.length]));
    skipSpace(s);
    const c = s.text[s.pos];
    s.pos++;
    if (c === ']') return out;
    if (c !== ',') {
      s.pos--;
      fail(s, { code: 'JSON_EXPECTED_COMMA_OR_BRACKET', params: { found: preview(s) } });
    }
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function parseString(s: State): string {
  s.pos++;
  let out = '';
  for (;;) {
    const c = s.text[s.pos];
    if (c === undefined || c === '\n') fail(s, { code: 'JSON_UNTERMINATED_STRING', params: {} });
    s.pos++;
    if (c === '"') return out;
    if (c === '\\') out += parseEscape(s);
    else if (c < ' ') fail(s, { code: 'JSON_CONTROL_CHARACTER', params: {} });
    else out += c;
  }
}

function parseEscape(s: State): string {
  const e = s.text[s.pos];
  s.pos++;
  if (e === 'u') {
    const hex = s.text.slice(s.pos, s.pos + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(s, { code: 'JSON_BAD_UNICODE_ESCAPE', params: {} });
    s.pos += 4;
    return String.fromCharCode(parseInt(hex, 16));
  }
  const mapped = e === undefined ? undefined : ESCAPES[e];
  if (mapped === undefined) fail(s, { code: 'JSON_BAD_ESCAPE', params: { escape: e ?? '' } });
  return mapped;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function parseNumber(s: State): number {
  NUMBER.lastIndex = s.pos;
  const m = NUMBER.exec(s.text);
  if (!m) fail(s, { code: 'JSON_BAD_NUMBER', params: { found: preview(s) } });
  s.pos += m[0].length;
  return Number(m[0]);
}
