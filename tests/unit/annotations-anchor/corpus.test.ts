// Re-anchoring measured on a generated corpus (READING.md goals): ~500 highlights on Vietnamese administrative
// text, each edit class applied, every outcome judged against the ground truth the generator knows.
// Goals: ≥ 95 % correct on the light edits, ≤ 1 % wrong overall (edges off counted as wrong), nothing lost,
// deleted passages orphaned. A last class, mixed (every edit at once), is measured under the same overall goal.
// The baseline (quote-only fuzzy search) and our fuzzy path alone (old page texts unknown) are reported too.
import { describe, expect, it } from 'vitest';
import { makeAnchor, reanchorAll } from '../../../common/annotations/anchor.ts';
import { annotationSchema, type Annotation, type HighlightAnnotation } from '../../../common/annotations/types.ts';
import { baselinePlace } from './baseline.ts';
import { int, makeCorpus, mulberry32, pageText, STOCK_SHARE, wordStarts, type Page } from './corpus.ts';
import { applyEdit, EDIT_CLASSES, type EditClass, type WordRange } from './edits.ts';
import { emptyTally, pct, texts, truthOf, verdict, type Placement, type Tally } from './judge.ts';

const DOCS = 5;
const PAGES = 10;
const WORDS = 300;
const PER_PAGE = 10;
const SHA_OLD = 'a'.repeat(64);
const SHA_NEW = 'b'.repeat(64);
const NOW = '2026-12-02T10:00:00.000Z';
const LIGHT: readonly EditClass[] = ['unchanged', 'wordsChanged', 'sentenceInserted', 'reflow'];

interface Placed {
  readonly annotation: HighlightAnnotation;
  readonly ids: readonly number[];
  readonly range: WordRange;
}

function highlightsOn(rand: () => number, docIndex: number, pages: readonly Page[]): Placed[] {
  const out: Placed[] = [];
  pages.forEach((page, p) => {
    const text = pageText(page);
    const starts = wordStarts(page);
    for (let k = 0; k < PER_PAGE; k++) {
      const len = int(rand, 1, 12);
      const start = int(rand, 0, page.length - len);
      const end = start + len;
      const last = page[end - 1];
      const anchor = makeAnchor(text, starts[start] as number, (starts[end - 1] as number) + (last?.text.length ?? 0));
      out.push({
        ids: page.slice(start, end).map((w) => w.id),
        range: { page: p, start, end },
        annotation: {
          id: `h${docIndex}-${p}-${k}`,
          kind: 'highlight',
          scope: 'private',
          authorId: 'd1',
          target: { documentId: `doc${docIndex}`, revision: 1, sha256: SHA_OLD, page: p + 1 },
          createdAt: NOW,
          updatedAt: NOW,
          color: 'yellow',
          anchor,
          rects: [[0, 0, 10, 10]],
        },
      });
    }
  });
  return out;
}

function placementOf(a: Annotation, status: string, newPages: readonly string[]): Placement | undefined {
  // Every outcome, placed or orphaned, is still a valid annotation (the book seals and syncs it as it is).
  expect(annotationSchema.safeParse(a).success).toBe(true);
  if (status === 'orphan' || !a.anchor) return undefined;
  const text = newPages[a.target.page - 1] ?? '';
  // The worst outcome would be a placed mark whose quote does not read the text under it.
  expect(text.slice(a.anchor.position.start, a.anchor.position.end)).toBe(a.anchor.quote.exact);
  return { page: a.target.page, ...a.anchor.position };
}

type Method = 'ours' | 'oursNoOldText' | 'baseline';
type Results = Record<Method, Record<EditClass, Tally>>;

function count(t: Tally, v: ReturnType<typeof verdict>, deleted: boolean): void {
  t.n++;
  t[v]++;
  if (deleted) t.deleted++;
}

function runCorpus(stockShare: number): Results {
  const corpus = makeCorpus(20261202, DOCS, PAGES, WORDS, stockShare);
  const rand = mulberry32(8);
  const results = Object.fromEntries(
    (['ours', 'oursNoOldText', 'baseline'] as const).map((m) => [m, Object.fromEntries(EDIT_CLASSES.map((c) => [c, emptyTally()]))]),
  ) as Results;
  const ids = { nextId: corpus.nextId, stockShare };
  corpus.docs.forEach((pages, d) => {
    const placed = highlightsOn(rand, d, pages);
    const oldTexts = texts(pages);
    for (const kind of EDIT_CLASSES) {
      const edited = applyEdit(kind, rand, pages, placed.map((p) => p.range), ids);
      const newTexts = texts(edited);
      const target = { documentId: `doc${d}`, revision: 2, sha256: SHA_NEW };
      const anns = placed.map((p) => p.annotation);
      const ours = reanchorAll(anns, oldTexts, newTexts, target, NOW);
      const fuzzy = reanchorAll(anns, undefined, newTexts, target, NOW);
      expect(ours.map((o) => o.annotation.id)).toEqual(anns.map((a) => a.id));
      expect(fuzzy.map((o) => o.annotation.id)).toEqual(anns.map((a) => a.id));
      placed.forEach((p, i) => {
        const truth = truthOf(p.ids, edited);
        const deleted = truth.length === 0;
        const o = ours[i];
        const f = fuzzy[i];
        if (kind === 'unchanged') expect(o?.status).toBe('unchanged');
        if (!o) results.ours[kind].lost++;
        else count(results.ours[kind], verdict(placementOf(o.annotation, o.status, newTexts), truth), deleted);
        if (!f) results.oursNoOldText[kind].lost++;
        else count(results.oursNoOldText[kind], verdict(placementOf(f.annotation, f.status, newTexts), truth), deleted);
        count(results.baseline[kind], verdict(baselinePlace(p.annotation.anchor, p.annotation.target.page, newTexts), truth), deleted);
      });
    }
  });
  return results;
}

function table(results: Results): string {
  const rows = ['method          class             n    correct   edges    wrong    orphaned  deleted→orphan'];
  for (const [method, byClass] of Object.entries(results)) {
    for (const [kind, t] of Object.entries(byClass)) {
      const live = t.n - t.deleted;
      rows.push(
        `${method.padEnd(16)}${kind.padEnd(18)}${String(t.n).padEnd(5)}${pct(t.correct, live).padEnd(10)}${pct(t.edges, t.n).padEnd(9)}${pct(t.wrong, t.n).padEnd(9)}` +
          `${pct(t.orphaned, live).padEnd(10)}${t.deleted === 0 ? '—' : `${t.orphanedOk}/${t.deleted}`}`,
      );
    }
  }
  for (const [method, byClass] of Object.entries(results)) {
    const all = Object.values(byClass);
    const n = all.reduce((s, t) => s + t.n, 0);
    const wrong = all.reduce((s, t) => s + t.wrong, 0);
    const edges = all.reduce((s, t) => s + t.edges, 0);
    const lost = all.reduce((s, t) => s + t.lost, 0);
    rows.push(`${method.padEnd(16)}overall wrong ${wrong}/${n} (${pct(wrong, n)}), edges off ${edges}/${n} (${pct(edges, n)}), lost ${lost}`);
  }
  return rows.join('\n');
}

function assertGoals(results: Results): void {
  const ours = results.ours;
  for (const kind of LIGHT) {
    const t = ours[kind];
    expect(t.correct / (t.n - t.deleted), kind).toBeGreaterThanOrEqual(0.95);
  }
  const all = Object.values(ours);
  const n = all.reduce((s, t) => s + t.n, 0);
  // Strict: a mark on the right words with an edge off counts against the goal too.
  expect(all.reduce((s, t) => s + t.wrong + t.edges, 0) / n).toBeLessThanOrEqual(0.01);
  expect(all.reduce((s, t) => s + t.lost, 0)).toBe(0);
  expect(n).toBe(EDIT_CLASSES.length * DOCS * PAGES * PER_PAGE);
  expect(ours.passageDeleted.deleted).toBeGreaterThan(10);
  expect(ours.passageDeleted.orphanedOk).toBe(ours.passageDeleted.deleted);
  expect(ours.unchanged.correct).toBe(ours.unchanged.n);
}

describe('re-anchoring on a generated Vietnamese corpus', () => {
  // 15 % of the sentences are boilerplate repeated word for word (as resolutions repeat "Giao Ủy ban nhân dân
  // tỉnh tổ chức thực hiện…"); the second corpus is half boilerplate, where duplicate quotes abound.
  for (const [label, share] of [['15 % boilerplate', STOCK_SHARE], ['50 % boilerplate', 0.5]] as const) {
    it(`meets the goals on every edit class, ${label} (and reports the quote-only baseline)`, () => {
      const results = runCorpus(share);
      console.log(`\nRe-anchoring corpus, ${label} (${DOCS * PAGES * PER_PAGE} highlights per class; correct/orphaned over highlights whose words survive)\n${table(results)}`);
      assertGoals(results);
    });
  }
});
