// The search analyzer: a page's text as syllable tokens (Vietnamese is written in syllables; no word
// segmentation), each with its folded form (common/text/fold.ts: no marks, đ → d, lower case) for matching,
// its own lower-case form for "exact diacritics first", and where it is in the page text for highlighting.
import { foldVietnamese } from '../text/fold.ts';

export interface Token {
  /** Folded: "đồng" → "dong". What the index keys on. */
  readonly folded: string;
  /** Lower case NFC with its marks: "đồng". */
  readonly form: string;
  /** UTF-16 offsets in the page text. */
  readonly start: number;
  readonly end: number;
}

/**
 * A token is a letter or digit followed by letters, digits and combining marks (decomposed NFD text): one
 * syllable, number or abbreviation. Classified per UTF-16 unit through a lazily filled table, because a
 * Unicode-property regular expression over millions of tokens is the slow part of building an index.
 */
const START = 3;
const PART = 2;
const NONE = 1;
const kinds = new Uint8Array(65_536);

function kindOf(code: number): number {
  let k = kinds[code]!;
  if (k === 0) {
    const ch = String.fromCharCode(code);
    k = /[\p{L}\p{N}]/u.test(ch) ? START : /\p{M}/u.test(ch) ? PART : NONE;
    kinds[code] = k;
  }
  return k;
}

/** A page has a few hundred distinct syllables; folding each once keeps tokenising cheap (bounded). */
const FOLD_CACHE_LIMIT = 50_000;
const foldCache = new Map<string, { readonly folded: string; readonly form: string }>();

export function analyzeWord(word: string): { readonly folded: string; readonly form: string } {
  let hit = foldCache.get(word);
  if (hit === undefined) {
    hit = { folded: foldVietnamese(word), form: word.normalize('NFC').toLowerCase() };
    if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
    foldCache.set(word, hit);
  }
  return hit;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (kindOf(text.charCodeAt(i)) !== START) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n && kindOf(text.charCodeAt(i)) >= PART) i++;
    const { folded, form } = analyzeWord(text.slice(start, i));
    if (folded.length > 0) out.push({ folded, form, start, end: i });
  }
  return out;
}

/** True when the typed word carries Vietnamese marks (or đ): then its exact form ranks first. */
export const hasMarks = (word: string): boolean => analyzeWord(word).folded !== analyzeWord(word).form;
