// A typed query as units: a quoted phrase or a run of syllables written together ("NQ-HĐND") must match
// consecutive tokens; separate words must all be on the page (AND). The last word is a prefix while typing.
import { tokenize, type Token } from './analyzer.ts';
import type { TextSpan } from './types.ts';

export interface QueryWord {
  readonly folded: string;
  readonly form: string;
  /** Written with marks (or đ): its exact form ranks first. */
  readonly marked: boolean;
  readonly prefix: boolean;
}

export interface QueryUnit {
  readonly words: readonly QueryWord[];
}

export interface ParsedQuery {
  readonly units: readonly QueryUnit[];
}

/**
 * A lone word shorter than this matches whole words only (one letter would match half the dictionary); after
 * another word ("ngân s") one letter is a prefix, the other word keeps the pages few.
 */
export const MIN_PREFIX = 2;

export const prefixAllowed = (lastWordLength: number, words: number): boolean => lastWordLength >= MIN_PREFIX || words > 1;

function wordsOf(text: string): QueryWord[] {
  return tokenize(text).map((t) => ({ folded: t.folded, form: t.form, marked: t.folded !== t.form, prefix: false }));
}

export function parseQuery(query: string, prefix = true): ParsedQuery {
  const units: QueryWord[][] = [];
  const re = /"([^"]*)("?)|([^\s"]+)/g;
  let lastOpen = false;
  for (const m of query.matchAll(re)) {
    const words = wordsOf(m[1] ?? m[3] ?? '');
    if (words.length > 0) units.push(words);
    lastOpen = m[1] !== undefined ? m[2] === '' : true;
  }
  const typingLast = prefix && lastOpen && !/\s$/.test(query);
  const last = units.at(-1);
  const lastWord = last?.at(-1);
  if (last && lastWord && typingLast && prefixAllowed(lastWord.folded.length, units.flat().length)) last[last.length - 1] = { ...lastWord, prefix: true };
  return { units: units.map((words) => ({ words })) };
}

export const isEmptyQuery = (q: ParsedQuery): boolean => q.units.length === 0;

export function wordMatches(word: QueryWord, token: Pick<Token, 'folded'>): boolean {
  return word.prefix ? token.folded.startsWith(word.folded) : token.folded === word.folded;
}

export function wordExact(word: QueryWord, form: string): boolean {
  return word.prefix ? form.startsWith(word.form) : form === word.form;
}

/** Where the unit matches in a token list: the index of its first token, for each occurrence. */
export function unitOccurrences(unit: QueryUnit, tokens: readonly Token[]): number[] {
  const out: number[] = [];
  const n = unit.words.length;
  for (let i = 0; i + n <= tokens.length; i++) {
    let all = true;
    for (let k = 0; k < n && all; k++) all = wordMatches(unit.words[k]!, tokens[i + k]!);
    if (all) out.push(i);
  }
  return out;
}

/**
 * Every hit of the query in one page text (spans in that text, sorted): what the results' snippets and the
 * viewer's highlights show. A page shows hits only when every unit is on it (the index's rule too).
 */
export function querySpans(text: string, query: ParsedQuery, tokens: readonly Token[] = tokenize(text)): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const unit of query.units) {
    const found = unitOccurrences(unit, tokens);
    if (found.length === 0) return [];
    for (const i of found) spans.push({ start: tokens[i]!.start, end: tokens[i + unit.words.length - 1]!.end });
  }
  return mergeSpans(spans);
}

function mergeSpans(spans: TextSpan[]): TextSpan[] {
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextSpan[] = [];
  for (const s of spans) {
    const prev = out.at(-1);
    if (prev && s.start <= prev.end) out[out.length - 1] = { start: prev.start, end: Math.max(prev.end, s.end) };
    else out.push(s);
  }
  return out;
}
