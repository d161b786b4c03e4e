// Ground truth and scoring of the corpus test: where each highlight's words are in the edited text.
import { pageText, wordStarts, type Page } from './corpus.ts';

export interface Placement {
  /** 1-based. */
  readonly page: number;
  readonly start: number;
  readonly end: number;
}

/** Every acceptable placement (one per page the surviving words are on); empty when the words were deleted. */
export function truthOf(ids: readonly number[], pages: readonly Page[]): Placement[] {
  const wanted = new Set(ids);
  const out: Placement[] = [];
  pages.forEach((page, p) => {
    let first = -1;
    let last = -1;
    page.forEach((w, i) => {
      if (!wanted.has(w.id)) return;
      if (first < 0) first = i;
      last = i;
    });
    if (first < 0) return;
    const starts = wordStarts(page);
    out.push({ page: p + 1, start: starts[first] as number, end: (starts[last] as number) + (page[last]?.text.length ?? 0) });
  });
  return out;
}

/**
 * correct: exactly the words; edges: on the words but a word too many or too few at an edge (the diff cannot tell
 * a reworded last word from a deleted one followed by the next); wrong: elsewhere, or a deleted passage placed.
 */
export type Verdict = 'correct' | 'edges' | 'wrong' | 'orphaned' | 'orphanedOk';

export function verdict(placed: Placement | undefined, truth: readonly Placement[]): Verdict {
  if (!placed) return truth.length === 0 ? 'orphanedOk' : 'orphaned';
  if (truth.some((t) => t.page === placed.page && t.start === placed.start && t.end === placed.end)) return 'correct';
  const overlap = (t: Placement): number => Math.min(t.end, placed.end) - Math.max(t.start, placed.start);
  return truth.some((t) => t.page === placed.page && overlap(t) * 2 >= t.end - t.start) ? 'edges' : 'wrong';
}

export interface Tally {
  n: number;
  correct: number;
  edges: number;
  wrong: number;
  orphaned: number;
  orphanedOk: number;
  /** Highlights whose words were all deleted. */
  deleted: number;
  lost: number;
}

export function emptyTally(): Tally {
  return { n: 0, correct: 0, edges: 0, wrong: 0, orphaned: 0, orphanedOk: 0, deleted: 0, lost: 0 };
}

export function pct(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`;
}

export function texts(pages: readonly Page[]): string[] {
  return pages.map(pageText);
}
