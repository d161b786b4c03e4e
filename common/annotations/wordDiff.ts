// A word-level diff of two texts that maps character offsets of the old text into the new one. diff-match-patch
// compares characters; its "line mode" trick (each distinct line becomes one character, diff, then expand) is used
// here on words: every distinct token (a run of letters/digits/marks, a run of spaces, one punctuation sign)
// becomes one UTF-16 unit, so the diff aligns whole words, is fast on long documents, and never matches half a
// syllable ("quyết" against "quyền"). Pure: no node:*, no DOM.
import DiffMatchPatch from 'diff-match-patch';

/** Seconds diff-match-patch may spend before it settles for a coarser diff (named bound, STYLE.md rule 11). */
export const WORD_DIFF_TIMEOUT_S = 2;
/** Distinct tokens one diff can encode (one UTF-16 unit each, skipping 0 and the surrogate range). */
const MAX_DISTINCT_TOKENS = 0xffff - 0x800 - 1;

const TOKEN = /[\p{L}\p{N}\p{M}]+|\s+|[^\p{L}\p{N}\p{M}\s]/gu;

/** A run that is the same in both texts: old [oldStart, oldStart+length) equals new [newStart, newStart+length). */
export interface EqualRun {
  readonly oldStart: number;
  readonly newStart: number;
  readonly length: number;
}

export interface WordDiff {
  /** The equal runs in order (both offsets increase). */
  readonly runs: readonly EqualRun[];
  readonly oldLength: number;
  readonly newLength: number;
  /** Start offset of every token of each text, when the diff was by words (not by characters). */
  readonly oldTokens?: readonly number[];
  readonly newTokens?: readonly number[];
}

/** Token start offsets of a text (the end is implied by the next start or the text length). */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function codeFor(n: number): string {
  // Skip NUL and the surrogate range so every token is one well-formed UTF-16 unit.
  const c = n + 1;
  return String.fromCharCode(c < 0xd800 ? c : c + 0x800);
}

interface Encoded {
  readonly chars1: string;
  readonly chars2: string;
  readonly tokens1: readonly string[];
  readonly tokens2: readonly string[];
}

function encode(a: string, b: string): Encoded | undefined {
  const ids = new Map<string, string>();
  const enc = (tokens: readonly string[]): string | undefined => {
    let out = '';
    for (const t of tokens) {
      let c = ids.get(t);
      if (c === undefined) {
        if (ids.size >= MAX_DISTINCT_TOKENS) return undefined;
        c = codeFor(ids.size);
        ids.set(t, c);
      }
      out += c;
    }
    return out;
  };
  const tokens1 = tokenize(a);
  const tokens2 = tokenize(b);
  const chars1 = enc(tokens1);
  const chars2 = enc(tokens2);
  return chars1 === undefined || chars2 === undefined ? undefined : { chars1, chars2, tokens1, tokens2 };
}

function pushRun(runs: EqualRun[], oldStart: number, newStart: number, length: number): void {
  if (length <= 0) return;
  const last = runs[runs.length - 1];
  if (last && last.oldStart + last.length === oldStart && last.newStart + last.length === newStart) {
    runs[runs.length - 1] = { oldStart: last.oldStart, newStart: last.newStart, length: last.length + length };
  } else runs.push({ oldStart, newStart, length });
}

function charDiffRuns(dmp: DiffMatchPatch, a: string, b: string): EqualRun[] {
  const runs: EqualRun[] = [];
  let o = 0;
  let n = 0;
  for (const [op, text] of dmp.diff_main(a, b, false)) {
    if (op === 0) pushRun(runs, o, n, text.length);
    if (op <= 0) o += text.length;
    if (op >= 0) n += text.length;
  }
  return runs;
}

/** The word diff of `oldText` → `newText` as equal runs in character offsets. */
export function wordDiff(oldText: string, newText: string): WordDiff {
  const dmp = new DiffMatchPatch();
  dmp.Diff_Timeout = WORD_DIFF_TIMEOUT_S;
  const encoded = encode(oldText, newText);
  if (!encoded) return { runs: charDiffRuns(dmp, oldText, newText), oldLength: oldText.length, newLength: newText.length };
  const runs: EqualRun[] = [];
  let ti = 0;
  let tj = 0;
  let o = 0;
  let n = 0;
  for (const [op, chars] of dmp.diff_main(encoded.chars1, encoded.chars2, false)) {
    for (let k = 0; k < chars.length; k++) {
      if (op === 0) {
        const len = (encoded.tokens1[ti] ?? '').length;
        pushRun(runs, o, n, len);
        o += len;
        n += len;
        ti++;
        tj++;
      } else if (op < 0) o += (encoded.tokens1[ti++] ?? '').length;
      else n += (encoded.tokens2[tj++] ?? '').length;
    }
  }
  return { runs, oldLength: oldText.length, newLength: newText.length, oldTokens: starts(encoded.tokens1), newTokens: starts(encoded.tokens2) };
}

function starts(tokens: readonly string[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const t of tokens) {
    out.push(at);
    at += t.length;
  }
  return out;
}

/** Index of the first value ≥ x in an increasing list. */
function lowerBound(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The changed stretch between two equal runs (or a text edge), in both texts. */
interface Change {
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
}

function changeAfter(diff: WordDiff, i: number): Change {
  const run = diff.runs[i];
  const next = diff.runs[i + 1];
  return {
    oldStart: run ? run.oldStart + run.length : 0,
    oldEnd: next ? next.oldStart : diff.oldLength,
    newStart: run ? run.newStart + run.length : 0,
    newEnd: next ? next.newStart : diff.newLength,
  };
}

/** Index of the last run whose oldStart ≤ at, or -1. */
function runBefore(runs: readonly EqualRun[], at: number): number {
  let lo = 0;
  let hi = runs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((runs[mid] as EqualRun).oldStart <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Where the start of an old range lands. Inside an equal run it maps exactly. Inside changed text it keeps as many
 * tokens before the next equal run as the old range had there, so a highlight whose first word was reworded
 * starts on the new word — and not on a sentence inserted before it.
 */
export function mapStart(diff: WordDiff, at: number): { readonly at: number; readonly exact: boolean } {
  const i = runBefore(diff.runs, at);
  const run = diff.runs[i];
  if (run && at < run.oldStart + run.length) return { at: run.newStart + (at - run.oldStart), exact: true };
  const c = changeAfter(diff, i);
  if (!diff.oldTokens || !diff.newTokens) return { at: c.newStart, exact: false };
  const k = Math.max(1, lowerBound(diff.oldTokens, c.oldEnd) - lowerBound(diff.oldTokens, at));
  const first = lowerBound(diff.newTokens, c.newStart);
  const inNew = lowerBound(diff.newTokens, c.newEnd) - first;
  return { at: inNew > k ? (diff.newTokens[first + inNew - k] as number) : c.newStart, exact: false };
}

/** Where the end (exclusive) of an old range lands: symmetric to mapStart (tokens after the previous equal run). */
export function mapEnd(diff: WordDiff, at: number): { readonly at: number; readonly exact: boolean } {
  const i = runBefore(diff.runs, at - 1);
  const run = diff.runs[i];
  if (run && at > run.oldStart && at <= run.oldStart + run.length) return { at: run.newStart + (at - run.oldStart), exact: true };
  const c = changeAfter(diff, i);
  if (!diff.oldTokens || !diff.newTokens) return { at: c.newEnd, exact: false };
  const k = Math.max(1, lowerBound(diff.oldTokens, at) - lowerBound(diff.oldTokens, c.oldStart));
  const first = lowerBound(diff.newTokens, c.newStart);
  const inNew = lowerBound(diff.newTokens, c.newEnd) - first;
  return { at: inNew > k ? (diff.newTokens[first + k] as number) : c.newEnd, exact: false };
}
