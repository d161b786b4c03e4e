// A highlight from a range of a page's text: its anchor (W3C quote + position, NFC) and its rects (one per
// line, PDF user space). Pure; the selection popup and the highlight tool call it.

import { makeAnchor } from '../../../../common/annotations/selectors.ts';
import { ANNOTATION_LIMITS, type AnnotationColor, type AnnotationScope, type HighlightAnnotation, type PlacedOn } from '../../../../common/annotations/types.ts';
import type { MeasureText, PageText } from '../../../viewer/findText.ts';
import { rangeRects } from '../layer/geometry.ts';

export interface NewMarkContext {
  readonly id: string;
  readonly authorId: string;
  readonly target: PlacedOn;
  readonly color: AnnotationColor;
  readonly scope: AnnotationScope;
  readonly now: string;
}

/** Undefined when the range covers no drawable text (only spaces, or nothing). */
export function makeHighlight(pageText: PageText, start: number, end: number, ctx: NewMarkContext, measure?: MeasureText): HighlightAnnotation | undefined {
  const bounded = Math.min(end, start + ANNOTATION_LIMITS.quoteChars);
  const rects = rangeRects(pageText, start, bounded, measure).slice(0, ANNOTATION_LIMITS.rects);
  if (rects.length === 0) return undefined;
  return {
    id: ctx.id,
    kind: 'highlight',
    scope: ctx.scope,
    authorId: ctx.authorId,
    target: ctx.target,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    color: ctx.color,
    anchor: makeAnchor(pageText.text, start, bounded),
    rects,
  };
}
