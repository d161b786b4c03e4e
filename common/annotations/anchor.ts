// Re-anchoring across revisions (issue 8): when a document gets a new revision, every mark placed on the old one
// is carried over — or, when its text is gone, kept as an orphan for the delegate to re-attach by hand. Never
// dropped, never moved silently onto other words (READING.md: a quote-only fuzzy search, as Hypothesis does,
// places most marks wrongly on lightly edited drafts).
//
// Strategy, best first:
//  1. diff: the old revision's page texts are known (kept on the device). A word-level diff of the old page
//     against the same new page, then of the whole old document against the whole new one (page texts joined,
//     so text that flowed onto another page is followed), maps the start and the end; the result is accepted when
//     it reads the old quote, or nearly so, and its context (prefix / suffix) agrees.
//  2. fuzzy: every occurrence of the quote in the new revision, scored by how well the prefix and suffix agree
//     and by the distance to the old place; then an approximate search (bitap) of the quote alone near the old
//     place, with a strict threshold and the context required to agree.
//  3. orphan: the old target and anchor are kept, `orphanOf` says since when.
// Rectangles are not recomputed here: the viewer redraws them from the new anchor.
import { makeAnchor, quoteAt } from './selectors.ts';
import {
  best,
  docDiff,
  pageDiff,
  pageOf,
  REANCHOR_LIMITS,
  reanchorContext,
  trimTo,
  type Doc,
  type Place,
  type ReanchorContext,
  type Scored,
} from './anchorState.ts';
import { viaFuzzy } from './fuzzyAnchor.ts';
import { contextAgreement, occurrences, similarity } from './textMatch.ts';
import type { Annotation, PlacedOn, ReanchorOutcome, TextAnchor, TextQuote } from './types.ts';
import { mapEnd, mapStart, wordDiff, type WordDiff } from './wordDiff.ts';

export { REANCHOR_LIMITS, reanchorContext, type ReanchorContext } from './anchorState.ts';
export { makeAnchor } from './selectors.ts';

/** The revision an annotation is carried to: PlacedOn without the page (re-anchoring finds the page). */
export type NewTarget = Omit<PlacedOn, 'page'>;

/** Judges a candidate place against the old quote: a score when acceptable, else undefined. */
function judge(ctx: ReanchorContext, quote: TextQuote, place: Place): Scored | undefined {
  const text = ctx.next.pages[place.page];
  if (text === undefined) return undefined;
  const p = trimTo(text, place, quote.exact);
  if (p.end <= p.start) return undefined;
  const found = text.slice(p.start, p.end);
  const q = found === quote.exact ? 1 : similarity(found, quote.exact);
  const c = contextAgreement(quote, text, p.start, p.end);
  const context = Math.max(c.prefix, c.suffix);
  if (context < REANCHOR_LIMITS.contextSimilarity) return undefined;
  // A reworded quote is believed when it reads much the same, or when the diff put it exactly between the old
  // prefix and suffix (both agree): the same place, other words.
  const between = Math.min(c.prefix, c.suffix) >= REANCHOR_LIMITS.rewordedContext;
  if (q < REANCHOR_LIMITS.quoteSimilarity && !(between && q >= REANCHOR_LIMITS.rewordedSimilarity)) return undefined;
  return { ...p, score: q * 2 + (c.prefix + c.suffix) / 2 };
}

/** Maps [start, end) of the old text through a diff; undefined when the text was deleted. */
function mapRange(diff: WordDiff, start: number, end: number): { start: number; end: number } | undefined {
  const s = mapStart(diff, start).at;
  const e = mapEnd(diff, end).at;
  return e > s ? { start: s, end: e } : undefined;
}

/** A document range clipped to the page that holds most of it. */
function docRangeToPlace(doc: Doc, start: number, end: number): Place {
  const first = pageOf(doc, start);
  const last = pageOf(doc, Math.max(start, end - 1));
  let best: Place | undefined;
  for (let page = first; page <= last; page++) {
    const pageStart = doc.starts[page] as number;
    const pageLen = (doc.pages[page] as string).length;
    const s = Math.max(start, pageStart) - pageStart;
    const e = Math.min(end, pageStart + pageLen) - pageStart;
    if (e > s && (!best || e - s > best.end - best.start)) best = { page, start: s, end: e };
  }
  return best ?? { page: first, start: 0, end: 0 };
}

/** Where the old anchor really is in the old page (its position, or the occurrence of its quote nearest it). */
function oldRange(oldPage: string, anchor: TextAnchor): { start: number; end: number } | undefined {
  const { start, end } = anchor.position;
  const exact = anchor.quote.exact;
  if (oldPage.slice(start, end) === exact) return { start, end };
  const hits = occurrences(oldPage, exact);
  if (hits.length === 0) return undefined;
  const at = hits.reduce((a, b) => (Math.abs(b - start) < Math.abs(a - start) ? b : a));
  return { start: at, end: at + exact.length };
}

function viaDiff(ctx: ReanchorContext, old: Doc, anchor: TextAnchor, oldIndex: number): Scored | undefined {
  const oldPage = old.pages[oldIndex];
  if (oldPage === undefined) return undefined;
  const range = oldRange(oldPage, anchor);
  if (!range) return undefined;
  const candidates: Scored[] = [];
  const pd = pageDiff(ctx, old, oldIndex);
  const onPage = pd ? mapRange(pd, range.start, range.end) : undefined;
  const samePage = onPage ? judge(ctx, anchor.quote, { page: oldIndex, ...onPage }) : undefined;
  if (samePage && ctx.next.pages[oldIndex]?.slice(samePage.start, samePage.end) === anchor.quote.exact) return samePage;
  if (samePage) candidates.push(samePage);
  const base = old.starts[oldIndex] as number;
  const inDoc = mapRange(docDiff(ctx, old), base + range.start, base + range.end);
  const docPlace = inDoc ? judge(ctx, anchor.quote, docRangeToPlace(ctx.next, inDoc.start, inDoc.end)) : undefined;
  if (docPlace) candidates.push(docPlace);
  return best(candidates);
}

function retarget<T extends Annotation>(a: T, target: PlacedOn, now: string): T {
  const { orphanOf: _orphanOf, ...rest } = a;
  return { ...rest, target, updatedAt: now } as T;
}

function withAnchor(a: Annotation, anchor: TextAnchor): Annotation {
  return { ...a, anchor };
}

function orphan(a: Annotation, now: string): ReanchorOutcome {
  if (a.orphanOf) return { status: 'orphan', annotation: a };
  const orphanOf = { revision: a.target.revision, sha256: a.target.sha256, since: now };
  return { status: 'orphan', annotation: { ...a, orphanOf, updatedAt: now } };
}

function placeAnchor(ctx: ReanchorContext, a: Annotation, anchor: TextAnchor, target: NewTarget, now: string): ReanchorOutcome {
  const oldIndex = a.target.page - 1;
  const found = ctx.old ? viaDiff(ctx, ctx.old, anchor, oldIndex) : undefined;
  const method = found ? 'diff' : 'fuzzy';
  const place = found ?? viaFuzzy(ctx, anchor, oldIndex);
  if (!place) return orphan(a, now);
  const newText = ctx.next.pages[place.page] as string;
  const newAnchor = makeAnchor(newText, place.start, place.end);
  const moved = retarget(withAnchor(a, newAnchor), { ...target, page: place.page + 1 }, now);
  const same =
    place.page === oldIndex &&
    newAnchor.position.start === anchor.position.start &&
    newAnchor.position.end === anchor.position.end &&
    newAnchor.quote.exact === anchor.quote.exact;
  if (same) return { status: 'unchanged', annotation: moved };
  return { status: 'moved', annotation: moved, fromPage: a.target.page, method };
}

/** Ink and notes tied to no text keep their page when that page still reads much the same. */
function placeByPage(ctx: ReanchorContext, a: Annotation, target: NewTarget, now: string): ReanchorOutcome {
  const index = a.target.page - 1;
  const oldText = ctx.old?.pages[index];
  const newText = ctx.next.pages[index];
  if (oldText === undefined || newText === undefined) return orphan(a, now);
  if (oldText !== newText && pageSimilarity(oldText, newText) < REANCHOR_LIMITS.pageSimilarity) return orphan(a, now);
  return { status: 'unchanged', annotation: retarget(a, { ...target, page: a.target.page }, now) };
}

/** Share of the longer page that the word diff keeps equal (cheaper than Levenshtein on whole pages). */
function pageSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  const kept = wordDiff(a, b).runs.reduce((sum, r) => sum + r.length, 0);
  return kept / longer;
}

/** The annotation's anchor, its quote NFC (as the page texts are), or undefined when it quotes nothing. */
function anchorOf(a: Annotation): TextAnchor | undefined {
  if (!a.anchor || a.anchor.quote.exact.length === 0) return undefined;
  const { exact, prefix, suffix } = a.anchor.quote;
  const quote = { exact: exact.normalize('NFC'), prefix: prefix.normalize('NFC'), suffix: suffix.normalize('NFC') };
  return { quote, position: a.anchor.position };
}

function isOn(a: Annotation, target: NewTarget): boolean {
  return a.target.revision === target.revision && a.target.sha256 === target.sha256;
}

/** Re-anchors one annotation with a context shared across a document's annotations (see reanchorAll). */
export function reanchorWith(ctx: ReanchorContext, a: Annotation, target: NewTarget, now: string): ReanchorOutcome {
  if (isOn(a, target)) return { status: 'unchanged', annotation: a };
  const anchor = anchorOf(a);
  return anchor ? placeAnchor(ctx, a, anchor, target, now) : placeByPage(ctx, a, target, now);
}

/**
 * Carries one annotation to a new revision. `oldPages` are the page texts (index 0 = page 1) of the revision it
 * was placed on — undefined when the device no longer has them (fuzzy search only) — and `newPages` those of the
 * new revision. The outcome's annotation always exists: placed (unchanged / moved, new target and anchor) or
 * orphaned (old target and anchor kept, `orphanOf` set).
 */
export function reanchor(
  annotation: Annotation,
  oldPages: readonly string[] | undefined,
  newPages: readonly string[],
  newTarget: NewTarget,
  now: string,
): ReanchorOutcome {
  return reanchorWith(reanchorContext(oldPages, newPages), annotation, newTarget, now);
}

/** Re-anchors many annotations of one document placed on the same old revision; the diffs are computed once. */
export function reanchorAll(
  annotations: readonly Annotation[],
  oldPages: readonly string[] | undefined,
  newPages: readonly string[],
  newTarget: NewTarget,
  now: string,
): ReanchorOutcome[] {
  const ctx = reanchorContext(oldPages, newPages);
  return annotations.map((a) => reanchorWith(ctx, a, newTarget, now));
}

/**
 * Re-anchors one document's annotations whatever revision each was placed on: grouped by that revision, each
 * group against its own old page texts (`oldPagesOf`, undefined when the device no longer has them). Annotations
 * already on `newTarget`, or of another document, come back untouched as 'unchanged'. Same order as given.
 */
export function reanchorDocument(
  annotations: readonly Annotation[],
  oldPagesOf: (placedOn: { readonly revision: number; readonly sha256: string }) => readonly string[] | undefined,
  newPages: readonly string[],
  newTarget: NewTarget,
  now: string,
): ReanchorOutcome[] {
  const contexts = new Map<string, ReanchorContext>();
  return annotations.map((a) => {
    if (a.target.documentId !== newTarget.documentId || isOn(a, newTarget)) return { status: 'unchanged', annotation: a };
    const key = `${a.target.revision}:${a.target.sha256}`;
    let ctx = contexts.get(key);
    if (!ctx) {
      ctx = reanchorContext(oldPagesOf({ revision: a.target.revision, sha256: a.target.sha256 }), newPages);
      contexts.set(key, ctx);
    }
    return reanchorWith(ctx, a, newTarget, now);
  });
}

/**
 * Re-attaches an annotation by hand (the "Ghi chú cần gắn lại" list): to `target` (page included) and the range
 * [start, end) of that page's text, `orphanOf` cleared. Rects / strokes / point stay: the viewer sets them from the
 * new selection.
 */
export function reattach(annotation: Annotation, target: PlacedOn, pageText: string, start: number, end: number, now: string): Annotation {
  return retarget(withAnchor(annotation, makeAnchor(pageText, start, end)), target, now);
}

/** The quote of an anchor re-read from a page text (for checks: a placed anchor must read its quote). */
export function quoteOf(pageText: string, anchor: TextAnchor): TextQuote {
  return quoteAt(pageText.normalize('NFC'), anchor.position);
}
