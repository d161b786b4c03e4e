// The query engine over loaded shards: candidate pages from the postings (every unit present, phrases by
// consecutive positions), scored (an exact written form first), grouped by document; snippets and hit spans
// for the best pages come from the page text itself (query.ts), so they are what the viewer highlights.
import { tokenize } from './analyzer.ts';
import { isEmptyQuery, parseQuery, querySpans, unitOccurrences, wordExact, type ParsedQuery, type QueryUnit, type QueryWord } from './query.ts';
import { termsWithPrefix, type ShardIndex, type TermEntry } from './shard.ts';
import { makeSnippet } from './snippet.ts';
import { repairTelex } from './telex.ts';
import { SEARCH_PAGE_LIMIT, SNIPPET_PAGES_PER_DOCUMENT, type SearchDocumentResult, type SearchOptions, type SearchPageResult, type SearchResults } from './types.ts';

/** A shard with the meeting it belongs to. */
export interface LoadedShard {
  readonly meetingId: string;
  readonly meetingTitle: string;
  readonly shard: ShardIndex;
}

/** Score of a unit found in its exact written form (so "đồng" ranks pages with "đồng" above "dòng"). */
const EXACT_BONUS = 100;
/** Score of a page where the typed words stand together, in order ("nghi quyet" as "Nghị quyết", not "quyết … nghị"). */
const PHRASE_BONUS = 50;

/** The whole query as one phrase (its words in order, next to each other), when it has several units. */
export function asPhrase(q: ParsedQuery): QueryUnit | undefined {
  return q.units.length > 1 ? { words: q.units.flatMap((u) => u.words) } : undefined;
}

interface UnitHits {
  /** Per page index: occurrences, and those in the exact written form. */
  readonly count: Int32Array;
  readonly exact: Int32Array;
  /** Page indexes with count > 0, ascending. */
  readonly pages: number[];
}

interface WordTerms {
  readonly entries: readonly { readonly postings: Int32Array; readonly byPage: Int32Array; readonly exactForm: readonly boolean[] }[];
}

/** Per term, occurrences summed per page and written form (triples page, form, count): what counting needs. */
const BY_PAGE = new WeakMap<TermEntry, Int32Array>();

function byPageOf(e: TermEntry): Int32Array {
  let out = BY_PAGE.get(e);
  if (out !== undefined) return out;
  const acc: number[] = [];
  const p = e.postings;
  for (let i = 0; i < p.length; ) {
    const page = p[i]!;
    const perForm = new Map<number, number>();
    for (; i < p.length && p[i] === page; i += 3) perForm.set(p[i + 2]!, (perForm.get(p[i + 2]!) ?? 0) + 1);
    for (const [form, count] of perForm) acc.push(page, form, count);
  }
  out = Int32Array.from(acc);
  BY_PAGE.set(e, out);
  return out;
}

function termsOf(shard: ShardIndex, word: QueryWord): WordTerms {
  const terms = word.prefix ? termsWithPrefix(shard, word.folded) : shard.terms.has(word.folded) ? [word.folded] : [];
  return {
    entries: terms.map((t) => {
      const e = shard.terms.get(t)!;
      return { postings: e.postings, byPage: byPageOf(e), exactForm: e.forms.map((f) => word.marked && wordExact(word, f)) };
    }),
  };
}

/** Occurrences per page (typed arrays: a common prefix has hundreds of thousands of postings). */
function wordCounts(n: number, w: WordTerms, mask: Uint8Array | undefined): UnitHits {
  const count = new Int32Array(n);
  const exact = new Int32Array(n);
  for (const { byPage, exactForm } of w.entries) {
    for (let i = 0; i < byPage.length; i += 3) {
      const page = byPage[i]!;
      if (mask !== undefined && mask[page] === 0) continue;
      const c = byPage[i + 2]!;
      count[page]! += c;
      if (exactForm[byPage[i + 1]!] === true) exact[page]! += c;
    }
  }
  const pages: number[] = [];
  for (let i = 0; i < n; i++) if (count[i]! > 0) pages.push(i);
  return { count, exact, pages };
}

/** Scratch buffers per shard, reused by every query (cleared after use): no megabytes of garbage per keystroke. */
const SCRATCH = new WeakMap<ShardIndex, Uint8Array[]>();

function scratch(shard: ShardIndex, k: number): Uint8Array {
  let pool = SCRATCH.get(shard);
  if (pool === undefined) SCRATCH.set(shard, (pool = []));
  let buf = pool[k];
  if (buf === undefined) pool[k] = buf = new Uint8Array(shard.base[shard.pages.length]!);
  return buf;
}

/** Every occurrence of a word on the allowed pages, in the document's one token numbering: 1, or 2 when exact. */
function wordMarks(shard: ShardIndex, w: WordTerms, mask: Uint8Array | undefined, k: number): Uint8Array {
  const marks = scratch(shard, k);
  for (const { postings, exactForm } of w.entries) {
    for (let i = 0; i < postings.length; i += 3) {
      const page = postings[i]!;
      if (mask !== undefined && mask[page] === 0) continue;
      marks[shard.base[page]! + postings[i + 1]!] = exactForm[postings[i + 2]!] === true ? 2 : 1;
    }
  }
  return marks;
}

function maskOf(n: number, pages: readonly number[]): Uint8Array {
  const mask = new Uint8Array(n);
  for (const p of pages) mask[p] = 1;
  return mask;
}

/** A phrase: each occurrence of its first word followed, on the same page, by the next words in order. */
function phraseHits(shard: ShardIndex, words: readonly WordTerms[], mask: Uint8Array | undefined): UnitHits {
  const n = shard.pages.length;
  const count = new Int32Array(n);
  const exact = new Int32Array(n);
  const rest = words.slice(1).map((w, k) => wordMarks(shard, w, mask, k));
  for (const { postings, exactForm } of words[0]!.entries) {
    for (let i = 0; i < postings.length; i += 3) {
      const page = postings[i]!;
      if (mask !== undefined && mask[page] === 0) continue;
      const at = shard.base[page]! + postings[i + 1]!;
      if (at + rest.length >= shard.base[page + 1]!) continue;
      let allExact = exactForm[postings[i + 2]!] === true;
      let k = 0;
      for (; k < rest.length; k++) {
        const m = rest[k]![at + k + 1]!;
        if (m === 0) break;
        allExact = allExact && m === 2;
      }
      if (k < rest.length) continue;
      count[page]!++;
      if (allExact) exact[page]!++;
    }
  }
  for (const m of rest) m.fill(0);
  const pages: number[] = [];
  for (let i = 0; i < n; i++) if (count[i]! > 0) pages.push(i);
  return { count, exact, pages };
}

function unitHits(shard: ShardIndex, unit: QueryUnit, mask: Uint8Array | undefined): UnitHits {
  const n = shard.pages.length;
  const words = unit.words.map((w) => termsOf(shard, w));
  if (words.length === 1) return wordCounts(n, words[0]!, mask);
  // Only pages holding every word, then positions.
  let candidates = mask;
  for (const w of words) {
    const c = wordCounts(n, w, candidates);
    if (c.pages.length === 0) return c;
    candidates = maskOf(n, c.pages);
  }
  return phraseHits(shard, words, candidates);
}

interface PageScore {
  readonly pageIndex: number;
  readonly score: number;
  readonly hits: number;
  readonly exact: boolean;
}

/** The pages of one shard that hold every unit, scored. */
export function scoreShard(shard: ShardIndex, q: ParsedQuery): PageScore[] {
  const n = shard.pages.length;
  let mask: Uint8Array | undefined;
  let allowed: number[] = [];
  const all: UnitHits[] = [];
  for (const unit of q.units) {
    const h = unitHits(shard, unit, mask);
    allowed = h.pages;
    if (allowed.length === 0) return [];
    mask = maskOf(n, allowed);
    all.push(h);
  }
  const marked = q.units.map((u) => u.words.some((w) => w.marked));
  const whole = asPhrase(q);
  const together = whole ? unitHits(shard, whole, mask).count : undefined;
  return allowed.map((pageIndex) => {
    let score = 0;
    let hits = 0;
    let exact = true;
    all.forEach((h, i) => {
      const c = h.count[pageIndex]!;
      const x = h.exact[pageIndex]!;
      hits += c;
      score += Math.log2(1 + c) + (x > 0 ? EXACT_BONUS + Math.log2(1 + x) : 0);
      if (marked[i] === true && x === 0) exact = false;
    });
    const t = together?.[pageIndex] ?? 0;
    if (t > 0) score += PHRASE_BONUS + Math.log2(1 + t);
    return { pageIndex, score, hits, exact: exact && marked.some(Boolean) };
  });
}

function pageResult(shard: ShardIndex, s: PageScore, q: ParsedQuery, detailed: boolean): SearchPageResult {
  const page = shard.pages[s.pageIndex]!;
  const base = { page: page.page, score: s.score, exact: s.exact, hits: s.hits };
  if (!detailed) return base;
  const tokens = tokenize(page.text);
  const spans = querySpans(page.text, q, tokens);
  // The snippet shows the words together where they are, else the first hit.
  const whole = asPhrase(q);
  const at = whole ? unitOccurrences(whole, tokens)[0] : undefined;
  return { ...base, spans, snippet: makeSnippet(page.text, spans, at === undefined ? undefined : tokens[at]!.start) };
}

function run(shards: readonly LoadedShard[], q: ParsedQuery, limit: number): Omit<SearchResults, 'query' | 'unindexed'> {
  const scored = shards
    .map((l) => ({ l, pages: scoreShard(l.shard, q).sort((a, b) => b.score - a.score || a.pageIndex - b.pageIndex) }))
    .filter((x) => x.pages.length > 0)
    .sort((a, b) => b.pages[0]!.score - a.pages[0]!.score);
  // Snippets: the first pages of every document, then further pages while the limit lasts.
  let budget = limit;
  const detailed = scored.map(({ pages }) => {
    const n = Math.min(pages.length, SNIPPET_PAGES_PER_DOCUMENT, Math.max(0, budget));
    budget -= n;
    return n;
  });
  detailed.forEach((n, i) => {
    const more = Math.min(scored[i]!.pages.length - n, Math.max(0, budget));
    budget -= more;
    detailed[i] = n + more;
  });
  let totalPages = 0;
  let totalHits = 0;
  const documents: SearchDocumentResult[] = scored.map(({ l, pages }, i) => {
    totalPages += pages.length;
    const results = pages.map((p, k) => {
      totalHits += p.hits;
      return pageResult(l.shard, p, q, k < detailed[i]!);
    });
    const { shard } = l;
    return { meetingId: l.meetingId, meetingTitle: l.meetingTitle, documentId: shard.documentId, title: shard.title, confidential: shard.confidential, score: pages[0]!.score, pages: results };
  });
  return { documents, totalPages, totalHits };
}

/** Searches loaded shards; when nothing is found, a Telex/VNI repair of the query is tried once. */
export function searchShards(shards: readonly LoadedShard[], query: string, options: SearchOptions = {}): Omit<SearchResults, 'unindexed'> {
  const prefix = options.prefix ?? true;
  const limit = options.limit ?? SEARCH_PAGE_LIMIT;
  const picked = shards.filter((s) => (options.meetingId === undefined || s.meetingId === options.meetingId) && (options.documentId === undefined || s.shard.documentId === options.documentId));
  const q = parseQuery(query, prefix);
  if (isEmptyQuery(q)) return { query, documents: [], totalPages: 0, totalHits: 0 };
  const found = run(picked, q, limit);
  if (found.totalPages > 0 || options.repair === false) return { query, ...found };
  const repaired = repairTelex(query);
  if (repaired === query) return { query, ...found };
  const again = run(picked, parseQuery(repaired, prefix), limit);
  return again.totalPages > 0 ? { query, repaired, ...again } : { query, ...found };
}
