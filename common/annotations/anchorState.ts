// Shared state of re-anchoring one document (anchor.ts, fuzzyAnchor.ts): the acceptance thresholds, the old and
// new page texts joined into documents, the word diffs computed once per page pair and once for the whole
// document, and the candidate places the strategies score.
import { wordDiff, type WordDiff } from './wordDiff.ts';

/** Acceptance thresholds (named, STYLE.md rule 11), tuned on the corpus test (tests/unit/annotations-anchor). */
export const REANCHOR_LIMITS = {
  /** A mapped or found text that is not the old quote must be at least this similar to it… */
  quoteSimilarity: 0.6,
  /** …and the better of its prefix / suffix at least this similar to the old ones. */
  contextSimilarity: 0.5,
  /** A less similar (reworded) quote is still believed when both prefix and suffix agree this well. */
  rewordedContext: 0.8,
  rewordedSimilarity: 0.3,
  /** A fuzzy hit (no diff) needs prefix and suffix together at least this similar, and each side at least fuzzySide. */
  fuzzyContext: 0.6,
  fuzzySide: 0.4,
  /** A fuzzy hit far from the old place (another page than the old one or its neighbours) needs this context. */
  fuzzyFarContext: 0.95,
  /** Approximate (not exact) fuzzy hits need a quote at least this long and this similar. */
  approximateMinChars: 8,
  approximateSimilarity: 0.8,
  /** Prefix + quote + suffix searched together needs this much context and this similarity overall. */
  contextInPatternChars: 24,
  contextInPatternSimilarity: 0.85,
  /** Ink and notes without an anchor keep their page when its text is at least this similar. */
  pageSimilarity: 0.6,
} as const;

/** Joins page texts into one document text; a NUL never occurs in a page text and is one token of its own. */
const PAGE_SEPARATOR = '\u0000';

export interface Doc {
  readonly pages: readonly string[];
  readonly text: string;
  /** Start offset of each page in `text`. */
  readonly starts: readonly number[];
}

function makeDoc(pages: readonly string[]): Doc {
  const nfc = pages.map((p) => p.normalize('NFC'));
  const starts: number[] = [];
  let at = 0;
  for (const p of nfc) {
    starts.push(at);
    at += p.length + PAGE_SEPARATOR.length;
  }
  return { pages: nfc, text: nfc.join(PAGE_SEPARATOR), starts };
}

/** The 0-based page holding document offset `at` (the separator after a page belongs to it). */
export function pageOf(doc: Doc, at: number): number {
  let lo = 0;
  let hi = doc.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((doc.starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** What the diffs and documents of one old → new pair cost once (reanchorAll shares it across annotations). */
export interface ReanchorContext {
  readonly old?: Doc;
  readonly next: Doc;
  readonly pageDiffs: Map<number, WordDiff>;
  docDiff?: WordDiff;
}

/** Builds the shared state for one document's old → new pair. */
export function reanchorContext(oldPages: readonly string[] | undefined, newPages: readonly string[]): ReanchorContext {
  return { old: oldPages ? makeDoc(oldPages) : undefined, next: makeDoc(newPages), pageDiffs: new Map() };
}

export function pageDiff(ctx: ReanchorContext, old: Doc, index: number): WordDiff | undefined {
  const newPage = ctx.next.pages[index];
  const oldPage = old.pages[index];
  if (newPage === undefined || oldPage === undefined) return undefined;
  let d = ctx.pageDiffs.get(index);
  if (!d) {
    d = wordDiff(oldPage, newPage);
    ctx.pageDiffs.set(index, d);
  }
  return d;
}

export function docDiff(ctx: ReanchorContext, old: Doc): WordDiff {
  ctx.docDiff ??= wordDiff(old.text, ctx.next.text);
  return ctx.docDiff;
}

/** A place in the new revision: 0-based page and a range of its text. */
export interface Place {
  readonly page: number;
  readonly start: number;
  readonly end: number;
}

export interface Scored extends Place {
  readonly score: number;
}

const WHITESPACE = /\s/u;

/** Drops whitespace the mapping brought in at either edge when the quote has none there. */
export function trimTo(text: string, place: Place, exact: string): Place {
  let { start, end } = place;
  if (!WHITESPACE.test(exact.charAt(0))) while (start < end && WHITESPACE.test(text.charAt(start))) start++;
  if (!WHITESPACE.test(exact.charAt(exact.length - 1))) while (end > start && WHITESPACE.test(text.charAt(end - 1))) end--;
  return { page: place.page, start, end };
}

/** The best-scored candidate. */
export function best<T extends Scored>(candidates: readonly T[]): T | undefined {
  return candidates.reduce<T | undefined>((a, b) => (!a || b.score > a.score ? b : a), undefined);
}
