// One InkAnnotation per continuous drawing session: a stroke that starts within INK_JOIN_MS of the last one, on
// the same page, with the same colour and scope, joins the same annotation; otherwise a new one begins.

import { ANNOTATION_LIMITS, type AnnotationColor, type AnnotationScope, type InkAnnotation, type InkStroke, type PlacedOn } from '../../../../common/annotations/types.ts';

export const INK_JOIN_MS = 1_500;
/** Pen width in PDF points. */
export const INK_WIDTH_PT = 2.5;

export interface InkContext {
  readonly id: string;
  readonly authorId: string;
  readonly target: PlacedOn;
  readonly color: AnnotationColor;
  readonly scope: AnnotationScope;
  readonly now: string;
}

export interface InkSession {
  /** The drawing as last put (the book's snapshot may not have it yet when the next stroke starts). */
  readonly annotation: InkAnnotation;
  readonly page: number;
  readonly color: AnnotationColor;
  readonly scope: AnnotationScope;
  readonly endedAt: number;
}

export function joinsSession(session: InkSession | undefined, page: number, color: AnnotationColor, scope: AnnotationScope, startedAt: number): session is InkSession {
  return session !== undefined && session.page === page && session.color === color && session.scope === scope && startedAt - session.endedAt <= INK_JOIN_MS;
}

/** Bounds a stroke to the limits: at most pointsPerStroke points (evenly thinned), pressure within 0…1. */
export function boundStroke(points: ReadonlyArray<readonly [number, number, number]>): InkStroke {
  const max = ANNOTATION_LIMITS.pointsPerStroke;
  const step = points.length > max ? points.length / max : 1;
  const kept: Array<readonly [number, number, number]> = [];
  for (let i = 0; i < points.length && kept.length < max; i += step) {
    const [x, y, p] = points[Math.floor(i)]!;
    kept.push([x, y, Math.max(0, Math.min(1, p))]);
  }
  return { points: kept };
}

/** The annotation after a stroke: the existing one with the stroke appended, or a new one. */
export function addStroke(existing: InkAnnotation | undefined, stroke: InkStroke, ctx: InkContext): InkAnnotation {
  if (existing !== undefined && existing.strokes.length < ANNOTATION_LIMITS.strokes) {
    return { ...existing, strokes: [...existing.strokes, stroke], updatedAt: ctx.now };
  }
  return {
    id: ctx.id,
    kind: 'ink',
    scope: ctx.scope,
    authorId: ctx.authorId,
    target: ctx.target,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    color: ctx.color,
    width: INK_WIDTH_PT,
    strokes: [stroke],
  };
}
