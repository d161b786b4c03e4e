// The baseline the goals are measured against: a quote-only fuzzy search, as Hypothesis-like anchoring does when
// the position no longer reads the quote — the occurrence of the quote nearest the old place, else an
// approximate match of the quote alone. No diff, no context.
import { approximateRange, occurrences, similarity } from '../../../common/annotations/textMatch.ts';
import type { TextAnchor } from '../../../common/annotations/types.ts';
import type { Placement } from './judge.ts';

export function baselinePlace(anchor: TextAnchor, oldPage: number, newPages: readonly string[]): Placement | undefined {
  const { exact } = anchor.quote;
  const { start, end } = anchor.position;
  if (newPages[oldPage - 1]?.slice(start, end) === exact) return { page: oldPage, start, end };
  let best: { p: Placement; d: number } | undefined;
  newPages.forEach((text, i) => {
    for (const at of occurrences(text, exact)) {
      const d = i + 1 === oldPage ? Math.abs(at - start) : 100_000 * Math.abs(i + 1 - oldPage);
      if (!best || d < best.d) best = { p: { page: i + 1, start: at, end: at + exact.length }, d };
    }
  });
  if (best) return best.p;
  const text = newPages[oldPage - 1];
  if (text === undefined) return undefined;
  const hit = approximateRange(text, exact, start);
  return hit && similarity(text.slice(hit.start, hit.end), exact) >= 0.5 ? { page: oldPage, ...hit } : undefined;
}
