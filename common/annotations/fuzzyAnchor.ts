// The fuzzy strategy of re-anchoring (anchor.ts step 2), for when the old page texts are unknown or the diff
// found nothing: every exact occurrence of the quote (the old page and its neighbours first, then the rest)
// scored by how well its prefix and suffix agree and by the distance to the old place — a far hit only when it is
// the one copy that reads so; then approximate searches (bitap) near the old page: of the quote alone, and of
// prefix + quote + suffix together (a reworded short quote), with strict thresholds. With the old text known,
// only text the diff calls new is believed (a moved passage), never another copy of a boilerplate sentence.
import { docDiff, REANCHOR_LIMITS, trimTo, best, type Place, type ReanchorContext, type Scored } from './anchorState.ts';
import { approximateRange, carryOffsets, contextAgreement, occurrences, similarity } from './textMatch.ts';
import type { TextAnchor, TextQuote } from './types.ts';
import type { EqualRun } from './wordDiff.ts';

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/**
 * An approximate hit ends where the edit distance is least, which may cut a word: when the quote starts (ends)
 * inside-word-aligned, widen the hit to whole words, then drop whitespace the quote has not.
 */
function snapToWords(text: string, place: Place, exact: string): Place {
  let { start, end } = place;
  const wordAt = (i: number): boolean => WORD_CHAR.test(text.charAt(i));
  if (WORD_CHAR.test(exact.charAt(0))) while (start > 0 && wordAt(start - 1) && wordAt(start)) start--;
  if (WORD_CHAR.test(exact.charAt(exact.length - 1))) while (end < text.length && wordAt(end) && wordAt(end - 1)) end++;
  else if (text.charAt(end) === exact.charAt(exact.length - 1) && text.charAt(end - 1) !== text.charAt(end)) end++;
  if (!WORD_CHAR.test(exact.charAt(0)) && start > 0 && text.charAt(start - 1) === exact.charAt(0) && text.charAt(start) !== exact.charAt(0)) start--;
  return trimTo(text, { page: place.page, start, end }, exact);
}

/** How far `polish` moves an approximate hit's edges looking for the closest reading of the quote. */
const POLISH_CHARS = 4;

/** The edges near an approximate hit whose text is the most similar to the quote (bitap's edges are rough). */
function polish(text: string, place: Place, exact: string): Place {
  let bestPlace = place;
  let bestSim = similarity(text.slice(place.start, place.end), exact);
  for (let ds = -POLISH_CHARS; ds <= POLISH_CHARS; ds++) {
    for (let de = -POLISH_CHARS; de <= POLISH_CHARS; de++) {
      const start = place.start + ds;
      const end = place.end + de;
      if (start < 0 || end > text.length || end <= start) continue;
      const sim = similarity(text.slice(start, end), exact);
      if (sim > bestSim) {
        bestSim = sim;
        bestPlace = { page: place.page, start, end };
      }
    }
  }
  return bestPlace;
}

/** Distance penalty in [0, 0.2): other pages cost more than far places on the same page. */
function distancePenalty(page: number, at: number, oldPage: number, oldAt: number): number {
  const pages = Math.abs(page - oldPage);
  const chars = pages === 0 ? Math.abs(at - oldAt) : 4_000 * pages;
  return 0.2 * (1 - 1 / (1 + chars / 2_000));
}

/** Mean context agreement of a fuzzy hit, or undefined when either side disagrees too much. */
function fuzzyContext(quote: TextQuote, text: string, start: number, end: number): number | undefined {
  const c = contextAgreement(quote, text, start, end);
  const context = (c.prefix + c.suffix) / 2;
  return context < REANCHOR_LIMITS.fuzzyContext || Math.min(c.prefix, c.suffix) < REANCHOR_LIMITS.fuzzySide ? undefined : context;
}

/**
 * With the old text known, a fuzzy hit is only believed on text the diff calls new (a moved passage): text it
 * maps from elsewhere in the old revision is another passage that happens to read the same (boilerplate).
 */
function isNewText(ctx: ReanchorContext, place: Place): boolean {
  if (!ctx.old) return true;
  const runs = docDiff(ctx, ctx.old).runs;
  const base = ctx.next.starts[place.page] as number;
  const start = base + place.start;
  const end = base + place.end;
  // Runs increase in newStart: skip, by bisection, those that end before the hit.
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = runs[mid] as EqualRun;
    if (r.newStart + r.length <= start) lo = mid + 1;
    else hi = mid;
  }
  let covered = 0;
  for (let i = lo; i < runs.length; i++) {
    const r = runs[i] as EqualRun;
    if (r.newStart >= end) break;
    covered += Math.max(0, Math.min(end, r.newStart + r.length) - Math.max(start, r.newStart));
  }
  return covered < (end - start) / 2;
}

/** Exact fuzzy hits judged in full (the Levenshtein context check): the best by a cheap score, and the nearest. */
const FUZZY_CANDIDATES = { byContext: 8, byDistance: 4 } as const;

/** Characters the context shares at once with the old: the prefix's tail and the suffix's head. */
function cheapContext(quote: TextQuote, text: string, start: number, end: number): number {
  let n = 0;
  const p = quote.prefix;
  while (n < p.length && start - 1 - n >= 0 && text.charCodeAt(start - 1 - n) === p.charCodeAt(p.length - 1 - n)) n++;
  let m = 0;
  const s = quote.suffix;
  while (m < s.length && end + m < text.length && text.charCodeAt(end + m) === s.charCodeAt(m)) m++;
  return n + m;
}

/** Every exact occurrence of the quote in the new revision, the likeliest first, at most FUZZY_CANDIDATES. */
function exactCandidates(ctx: ReanchorContext, anchor: TextAnchor, oldIndex: number, pages: readonly number[]): Place[] {
  const { quote, position } = anchor;
  const all: Array<Place & { cheap: number; distance: number }> = [];
  for (const page of pages) {
    const text = ctx.next.pages[page];
    if (text === undefined) continue;
    for (const at of occurrences(text, quote.exact)) {
      const end = at + quote.exact.length;
      all.push({ page, start: at, end, cheap: cheapContext(quote, text, at, end), distance: distancePenalty(page, at, oldIndex, position.start) });
    }
  }
  if (all.length <= FUZZY_CANDIDATES.byContext + FUZZY_CANDIDATES.byDistance) return all;
  const byContext = [...all].sort((a, b) => b.cheap - a.cheap || a.distance - b.distance).slice(0, FUZZY_CANDIDATES.byContext);
  const byDistance = [...all].sort((a, b) => a.distance - b.distance).slice(0, FUZZY_CANDIDATES.byDistance);
  return [...new Set([...byContext, ...byDistance])];
}

/** The fuzzy place of an anchor in the new revision, or undefined. */
export function viaFuzzy(ctx: ReanchorContext, anchor: TextAnchor, oldIndex: number): Scored | undefined {
  // The old page and its neighbours first (where nearly every mark is found): searching a long document for
  // every mark would cost a scan of all its pages each.
  const near = nearPages(oldIndex);
  const close = exactHits(ctx, anchor, oldIndex, near);
  const closest = best(close.filter((h) => !h.far));
  if (closest) return closest;
  const all = [...close, ...exactHits(ctx, anchor, oldIndex, ctx.next.pages.map((_, i) => i).filter((i) => !near.includes(i)))];
  const exact = best(all);
  if (exact) return unambiguous(exact, all) ? exact : undefined;
  return best([...near.flatMap((page) => [approximateQuote(ctx, anchor, oldIndex, page), approximateInContext(ctx, anchor, oldIndex, page)])].filter((x) => x !== undefined));
}

/** The exact occurrences on `pages` whose context agrees, scored. */
function exactHits(ctx: ReanchorContext, anchor: TextAnchor, oldIndex: number, pages: readonly number[]): Hit[] {
  const { quote, position } = anchor;
  const hits: Hit[] = [];
  for (const place of exactCandidates(ctx, anchor, oldIndex, pages)) {
    const text = ctx.next.pages[place.page] as string;
    const context = fuzzyContext(quote, text, place.start, place.end);
    if (context === undefined || !isNewText(ctx, place)) continue;
    const far = Math.abs(place.page - oldIndex) > 1 || (place.page === oldIndex && Math.abs(place.start - position.start) > FUZZY_NEAR_CHARS);
    const score = context - distancePenalty(place.page, place.start, oldIndex, position.start);
    hits.push({ page: place.page, start: place.start, end: place.end, score, context, far });
  }
  return hits;
}

/** How far on the same page a fuzzy hit may be from the old place and still count as near it. */
const FUZZY_NEAR_CHARS = 1_000;
/** Hits whose context agrees within this much of the best one's are equally likely (boilerplate copies). */
const FUZZY_TIE = 0.05;

type Hit = Scored & { readonly context: number; readonly far: boolean };

/**
 * Without the old text a deleted boilerplate sentence reads the same as its copies elsewhere. The best hit is
 * believed when it is near the old place; a far one only when nothing else comes close and its context is whole.
 */
function unambiguous(top: Hit, all: readonly Hit[]): boolean {
  if (!top.far) return true;
  const rivals = all.filter((h) => h !== top && h.context >= top.context - FUZZY_TIE);
  return rivals.length === 0 && top.context >= REANCHOR_LIMITS.fuzzyFarContext;
}

/** The old page first, then its neighbours (text that flowed over a page break). */
function nearPages(oldIndex: number): number[] {
  return [oldIndex, oldIndex - 1, oldIndex + 1];
}

/** Where on `page` the search starts: the old position on the old page, the near edge on a neighbour. */
function hintOn(text: string, page: number, oldIndex: number, oldStart: number): number {
  return page === oldIndex ? oldStart : page < oldIndex ? text.length : 0;
}

/** The quote alone, approximately, near the old place (a long quote with a word or two changed). */
function approximateQuote(ctx: ReanchorContext, anchor: TextAnchor, oldIndex: number, page: number): Scored | undefined {
  const { quote, position } = anchor;
  const text = ctx.next.pages[page];
  if (text === undefined || quote.exact.length < REANCHOR_LIMITS.approximateMinChars) return undefined;
  const raw = approximateRange(text, quote.exact, hintOn(text, page, oldIndex, position.start));
  if (!raw) return undefined;
  const hit = snapToWords(text, polish(text, { page, ...raw }, quote.exact), quote.exact);
  if (similarity(text.slice(hit.start, hit.end), quote.exact) < REANCHOR_LIMITS.approximateSimilarity) return undefined;
  const context = fuzzyContext(quote, text, hit.start, hit.end);
  if (context === undefined || !isNewText(ctx, hit)) return undefined;
  return { ...hit, score: context - distancePenalty(page, hit.start, oldIndex, position.start) };
}

/**
 * Prefix + quote + suffix together, approximately, near the old place; the quote is the stretch between where the
 * prefix ends and the suffix begins. Finds short quotes whose words were changed, when the context still reads
 * nearly the same.
 */
function approximateInContext(ctx: ReanchorContext, anchor: TextAnchor, oldIndex: number, page: number): Scored | undefined {
  const { quote, position } = anchor;
  const text = ctx.next.pages[page];
  const pattern = quote.prefix + quote.exact + quote.suffix;
  if (text === undefined || quote.prefix.length + quote.suffix.length < REANCHOR_LIMITS.contextInPatternChars) return undefined;
  const raw = approximateRange(text, pattern, hintOn(text, page, oldIndex, position.start - quote.prefix.length));
  if (!raw) return undefined;
  const found = text.slice(raw.start, raw.end);
  if (similarity(found, pattern) < REANCHOR_LIMITS.contextInPatternSimilarity) return undefined;
  const [s = 0, e = 0] = carryOffsets(pattern, found, [quote.prefix.length, quote.prefix.length + quote.exact.length]);
  const hit = snapToWords(text, { page, start: raw.start + s, end: raw.start + e }, quote.exact);
  if (hit.end <= hit.start || similarity(text.slice(hit.start, hit.end), quote.exact) < REANCHOR_LIMITS.rewordedSimilarity) return undefined;
  const c = contextAgreement(quote, text, hit.start, hit.end);
  if (Math.min(c.prefix, c.suffix) < REANCHOR_LIMITS.rewordedContext || !isNewText(ctx, hit)) return undefined;
  // Below an exact or approximate hit of the quote itself: the quote here reads other words.
  return { ...hit, score: (c.prefix + c.suffix) / 2 - 0.5 - distancePenalty(page, hit.start, oldIndex, position.start) };
}
