// Small text measures for re-anchoring: similarity of two strings (1 − Levenshtein / longer length), how well
// the context around a place agrees with a stored quote's prefix and suffix, every occurrence of a string, and
// an approximate search (diff-match-patch's bitap `match_main`, which takes at most 32 characters a pattern).
import DiffMatchPatch from 'diff-match-patch';
import type { TextQuote } from './types.ts';

/** diff-match-patch bitap: how bad a match may be (0 perfect … 1 anything) and how far from the hint it may be. */
export const FUZZY_MATCH_THRESHOLD = 0.25;
export const FUZZY_MATCH_DISTANCE = 2_000;
/** The bitap pattern limit of diff-match-patch (bits of a JS integer). */
const BITAP_MAX = 32;

const dmp = new DiffMatchPatch();
dmp.Diff_Timeout = 0.2;

/** 1 for equal strings, 0 for nothing in common: 1 − Levenshtein distance / the longer length. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - dmp.diff_levenshtein(dmp.diff_main(a, b, false)) / longer;
}

/** Similarity of the prefixes (compared from their ends) and of the suffixes around [start, end) of `text`. */
export function contextAgreement(quote: TextQuote, text: string, start: number, end: number): { prefix: number; suffix: number } {
  const p = quote.prefix;
  const s = quote.suffix;
  const newPrefix = text.slice(Math.max(0, start - p.length), start);
  const newSuffix = text.slice(end, end + s.length);
  return { prefix: similarity(p, newPrefix), suffix: similarity(s, newSuffix) };
}

/** Every start of `needle` in `text` (overlapping allowed). */
export function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  if (needle.length === 0) return out;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) out.push(at);
  return out;
}

function bitap(text: string, pattern: string, loc: number): number {
  dmp.Match_Threshold = FUZZY_MATCH_THRESHOLD;
  dmp.Match_Distance = FUZZY_MATCH_DISTANCE;
  return dmp.match_main(text, pattern, Math.max(0, Math.min(text.length, Math.round(loc))));
}

/**
 * The range of `text` that best matches `pattern` near `loc`, or undefined. Long patterns are found by their
 * first and last 32 characters (the bitap limit) and the stretch between them is checked as a whole.
 */
export function approximateRange(text: string, pattern: string, loc: number): { start: number; end: number } | undefined {
  if (pattern.length === 0 || text.length === 0) return undefined;
  if (pattern.length <= BITAP_MAX) {
    const at = bitap(text, pattern, loc);
    return at < 0 ? undefined : refine(text, pattern, at);
  }
  const head = pattern.slice(0, BITAP_MAX);
  const tail = pattern.slice(-BITAP_MAX);
  const start = bitap(text, head, loc);
  if (start < 0) return undefined;
  const tailAt = bitap(text, tail, start + pattern.length - BITAP_MAX);
  if (tailAt < 0 || tailAt + BITAP_MAX <= start) return undefined;
  return { start, end: refine(text, tail, tailAt).end };
}

/** How far (a share of the pattern's length, plus a few characters) `refine` looks for the best end. */
const REFINE_SLACK = { share: 0.3, chars: 2 } as const;

/** Bitap gives the start; the end is where the pattern's reading is closest (insertions and deletions move it). */
function refine(text: string, pattern: string, at: number): { start: number; end: number } {
  const slack = Math.ceil(pattern.length * REFINE_SLACK.share) + REFINE_SLACK.chars;
  let bestEnd = Math.min(text.length, at + pattern.length);
  let bestCost = Infinity;
  for (let d = 0; d <= slack; d++) {
    for (const end of d === 0 ? [at + pattern.length] : [at + pattern.length - d, at + pattern.length + d]) {
      if (end <= at || end > text.length) continue;
      const cost = dmp.diff_levenshtein(dmp.diff_main(pattern, text.slice(at, end), false));
      if (cost < bestCost) {
        bestCost = cost;
        bestEnd = end;
      }
    }
  }
  return { start: at, end: bestEnd };
}

/** Where offsets of `a` land in `b` (diff-match-patch's xIndex over a character diff of the two). */
export function carryOffsets(a: string, b: string, offsets: readonly number[]): number[] {
  const diffs = dmp.diff_main(a, b, false);
  return offsets.map((o) => dmp.diff_xIndex(diffs, o));
}
