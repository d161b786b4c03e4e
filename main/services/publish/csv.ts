// A small RFC 4180 reader and writer: quoted fields, "" inside quotes, commas and line breaks inside quotes,
// CRLF or LF line ends, an optional UTF-8 BOM. Rows keep the (1-based) line where they start, for messages.
import type { ProblemBody } from '../../../common/i18n/problems.ts';

export interface CsvRow {
  /** Line of the file where the row starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

export type CsvProblem = { readonly line: number } & ProblemBody<'CSV_UNCLOSED_QUOTE' | 'CSV_TEXT_AFTER_QUOTE'>;

export interface CsvParseResult {
  readonly rows: readonly CsvRow[];
  readonly problems: readonly CsvProblem[];
}

const BOM = '\uFEFF';

interface Cursor {
  readonly text: string;
  pos: number;
  line: number;
}

/** Parses CSV text. Blank lines are skipped; problems (an unclosed quote, text after a closing quote) are collected. */
export function parseCsv(input: string): CsvParseResult {
  const cur: Cursor = { text: input.startsWith(BOM) ? input.slice(1) : input, pos: 0, line: 1 };
  const rows: CsvRow[] = [];
  const problems: CsvProblem[] = [];
  while (cur.pos < cur.text.length) {
    const line = cur.line;
    const fields = readRow(cur, problems);
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) rows.push({ line, fields });
  }
  return { rows, problems };
}

function readRow(cur: Cursor, problems: CsvProblem[]): string[] {
  const fields: string[] = [];
  for (;;) {
    fields.push(cur.text[cur.pos] === '"' ? readQuoted(cur, problems) : readBare(cur));
    const c = cur.text[cur.pos];
    if (c === ',') {
      cur.pos++;
      continue;
    }
    skipLineEnd(cur);
    return fields;
  }
}

function readBare(cur: Cursor): string {
  const start = cur.pos;
  while (cur.pos < cur.text.length && !isFieldEnd(cur.text[cur.pos])) cur.pos++;
  return cur.text.slice(start, cur.pos);
}

function isFieldEnd(c: string | undefined): boolean {
  return c === ',' || c === '\n' || c === '\r' || c === undefined;
}

function readQuoted(cur: Cursor, problems: CsvProblem[]): string {
  const startLine = cur.line;
  cur.pos++; // opening quote
  let value = '';
  for (;;) {
    const c = cur.text[cur.pos];
    if (c === undefined) {
      problems.push({ line: startLine, code: 'CSV_UNCLOSED_QUOTE', params: {} });
      return value;
    }
    cur.pos++;
    if (c === '"') {
      if (cur.text[cur.pos] !== '"') break;
      value += '"';
      cur.pos++;
    } else {
      if (c === '\n') cur.line++;
      value += c;
    }
  }
  const rest = readBare(cur);
  if (rest !== '') problems.push({ line: cur.line, code: 'CSV_TEXT_AFTER_QUOTE', params: { text: rest } });
  return value + rest;
}

function skipLineEnd(cur: Cursor): void {
  if (cur.text[cur.pos] === '\r') cur.pos++;
  if (cur.text[cur.pos] === '\n') cur.pos++;
  cur.line++;
}

/** Quotes a field when it holds a comma, a quote, a line break or leading/trailing spaces. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Formats rows as CSV with CRLF line ends (RFC 4180), ending with a line break. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
