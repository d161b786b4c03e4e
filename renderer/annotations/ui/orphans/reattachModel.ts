// Re-attaching an orphan by hand (pure): to a range of text the delegate selected on the revision shown (a new
// anchor, the highlight's rectangles redrawn, a note pinned beside the text), or, for a note or a drawing on a
// page without selectable text, to a page. orphanOf is cleared either way; a highlight always needs text.
import { reattach } from '../../../../common/annotations/anchor.ts';
import { ANNOTATION_LIMITS, type Annotation, type PlacedOn } from '../../../../common/annotations/types.ts';
import type { PageText } from '../../../viewer/findText.ts';
import { rangeRects } from '../layer/geometry.ts';

/** Undefined when the range covers no drawable text. */
export function reattachToRange(a: Annotation, target: PlacedOn, page: PageText, start: number, end: number, now: string): Annotation | undefined {
  const lo = Math.max(0, Math.min(start, end));
  const hi = Math.min(page.text.length, Math.max(start, end), lo + ANNOTATION_LIMITS.quoteChars);
  const rects = rangeRects(page, lo, hi).slice(0, ANNOTATION_LIMITS.rects);
  const first = rects[0];
  if (first === undefined || page.text.slice(lo, hi).trim() === '') return undefined;
  const moved = reattach(a, target, page.text, lo, hi, now);
  switch (moved.kind) {
    case 'highlight':
      return { ...moved, rects };
    case 'note':
      // Pinned at the top-left of the text it now speaks about.
      return { ...moved, point: [first[0], first[1] + first[3]] };
    case 'ink':
      return moved;
  }
}

/** A note or a drawing kept on a page (no text): undefined for a highlight, which needs text. */
export function reattachToPage(a: Annotation, target: PlacedOn, now: string): Annotation | undefined {
  if (a.kind === 'highlight') return undefined;
  const { orphanOf: _gone, anchor: _old, ...rest } = a;
  return { ...rest, target, updatedAt: now };
}
