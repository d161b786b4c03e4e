// Pure geometry of the annotation layer: PDF user space ↔ page pixels (pdf.js viewport.transform), the rects of
// a text range (one per line, in PDF user space), an ink stroke's outline, and hit-testing. No DOM here.

import { getStroke } from 'perfect-freehand';
import type { Annotation, InkStroke, Rect } from '../../../../common/annotations/types.ts';
import type { MeasureText, PageText } from '../../../viewer/findText.ts';

export type Matrix = readonly [a: number, b: number, c: number, d: number, e: number, f: number];
export type Point = readonly [x: number, y: number];

export function asMatrix(values: readonly number[]): Matrix {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = values;
  return [a, b, c, d, e, f];
}

/** PDF user space → page pixels (what viewport.transform does). */
export function applyMatrix(m: Matrix, [x, y]: Point): Point {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** The inverse transform: page pixels → PDF user space. */
export function invertMatrix(m: Matrix): Matrix {
  const [a, b, c, d, e, f] = m;
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) return [1, 0, 0, 1, 0, 0];
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

export function toPdf(viewTransform: readonly number[], pixel: Point): Point {
  return applyMatrix(invertMatrix(asMatrix(viewTransform)), pixel);
}

export function toPixels(viewTransform: readonly number[], pdf: Point): Point {
  return applyMatrix(asMatrix(viewTransform), pdf);
}

/** A PDF-space rect in page pixels (left, top, width, height), whatever the page rotation. */
export function rectToPixels(viewTransform: readonly number[], [x, y, w, h]: Rect): { left: number; top: number; width: number; height: number } {
  const m = asMatrix(viewTransform);
  const corners = [applyMatrix(m, [x, y]), applyMatrix(m, [x + w, y + h])];
  const left = Math.min(corners[0]![0], corners[1]![0]);
  const top = Math.min(corners[0]![1], corners[1]![1]);
  return { left, top, width: Math.abs(corners[1]![0] - corners[0]![0]), height: Math.abs(corners[1]![1] - corners[0]![1]) };
}

const byLength: MeasureText = (text) => text.length;

/**
 * The rectangles of [start, end) of a page text in PDF user space: one per text item touched (cut
 * proportionally inside an item), then merged into one per line (items whose vertical spans overlap by half).
 */
export function rangeRects(pageText: PageText, start: number, end: number, measure: MeasureText = byLength): Rect[] {
  const boxes: Rect[] = [];
  pageText.items.forEach((item, i) => {
    const from = pageText.starts[i] ?? 0;
    const to = from + item.str.length;
    if (item.str.trim().length === 0 || to <= start || from >= end) return;
    const whole = Math.max(1e-6, measure(item.str));
    const a = measure(item.str.slice(0, Math.max(start, from) - from)) / whole;
    const b = measure(item.str.slice(0, Math.min(end, to) - from)) / whole;
    const [, , , , x0 = 0, y0 = 0] = item.transform;
    const height = item.height > 0 ? item.height : Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0);
    const left = x0 + item.width * a;
    const right = x0 + item.width * b;
    if (right - left <= 0) return;
    boxes.push([left, y0 - height * 0.2, right - left, height * 1.2]);
  });
  return mergeLines(boxes);
}

function overlapY(a: Rect, b: Rect): number {
  const top = Math.min(a[1] + a[3], b[1] + b[3]);
  const bottom = Math.max(a[1], b[1]);
  return Math.max(0, top - bottom) / Math.max(1e-6, Math.min(a[3], b[3]));
}

/** Joins boxes on the same line (overlapping by half their height) into one rect each; order of first box. */
export function mergeLines(boxes: readonly Rect[]): Rect[] {
  const lines: Rect[] = [];
  for (const box of boxes) {
    const i = lines.findIndex((line) => overlapY(line, box) >= 0.5);
    if (i === -1) {
      lines.push(box);
      continue;
    }
    const line = lines[i]!;
    const x = Math.min(line[0], box[0]);
    const y = Math.min(line[1], box[1]);
    const right = Math.max(line[0] + line[2], box[0] + box[2]);
    const top = Math.max(line[1] + line[3], box[1] + box[3]);
    lines[i] = [x, y, right - x, top - y];
  }
  return lines;
}

/** The outline of one stroke (perfect-freehand) as an SVG path in the stroke's own space. */
export function strokePath(stroke: InkStroke, width: number): string {
  const outline = getStroke(
    stroke.points.map(([x, y, p]) => [x, y, p]),
    { size: width, thinning: 0.5, smoothing: 0.5, streamline: 0.4, simulatePressure: false, last: true },
  );
  return outlineToPath(outline);
}

export function outlineToPath(points: readonly (readonly number[])[]): string {
  const n = points.length;
  if (n === 0) return '';
  if (n < 3) {
    const [x = 0, y = 0] = points[0] ?? [];
    return `M${fmt(x)} ${fmt(y)}Z`;
  }
  const mid = (i: number, j: number, k: 0 | 1) => ((points[i]?.[k] ?? 0) + (points[j]?.[k] ?? 0)) / 2;
  let d = `M${fmt(points[0]![0] ?? 0)} ${fmt(points[0]![1] ?? 0)}Q${fmt(points[1]![0] ?? 0)} ${fmt(points[1]![1] ?? 0)} ${fmt(mid(1, 2, 0))} ${fmt(mid(1, 2, 1))}T`;
  for (let i = 2; i < n - 1; i++) d += `${fmt(mid(i, i + 1, 0))} ${fmt(mid(i, i + 1, 1))} `;
  return `${d}Z`;
}

function fmt(n: number): string {
  return (Math.round(n * 100) / 100).toString();
}

/** Distance from p to the segment a–b. */
function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** The size of a note's pin in PDF points (its icon box, top-left at `point`). */
export const NOTE_PIN_PT = 18;

/** Whether a PDF-space point hits an annotation (`slop`: tolerance in PDF points, bigger for a finger). */
export function hits(annotation: Annotation, p: Point, slop: number): boolean {
  switch (annotation.kind) {
    case 'highlight':
      return annotation.rects.some(([x, y, w, h]) => p[0] >= x - slop && p[0] <= x + w + slop && p[1] >= y - slop && p[1] <= y + h + slop);
    case 'ink':
      return annotation.strokes.some((s) => strokeHit(s, p, slop + annotation.width / 2));
    case 'note': {
      const [x, y] = annotation.point;
      return p[0] >= x - slop && p[0] <= x + NOTE_PIN_PT + slop && p[1] <= y + slop && p[1] >= y - NOTE_PIN_PT - slop;
    }
  }
}

function strokeHit(stroke: InkStroke, p: Point, tolerance: number): boolean {
  const pts = stroke.points;
  if (pts.length === 1) return Math.hypot(p[0] - pts[0]![0], p[1] - pts[0]![1]) <= tolerance;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (segmentDistance(p, [a[0], a[1]], [b[0], b[1]]) <= tolerance) return true;
  }
  return false;
}

/** The topmost (last drawn) annotation under a point, if any. */
export function hitTest(annotations: readonly Annotation[], p: Point, slop: number): Annotation | undefined {
  for (let i = annotations.length - 1; i >= 0; i--) {
    const a = annotations[i]!;
    if (hits(a, p, slop)) return a;
  }
  return undefined;
}

/** A bounding box of a mark in PDF space (for placing its menu and scrolling it into view). */
export function boundsOf(annotation: Annotation): Rect {
  const xs: number[] = [];
  const ys: number[] = [];
  const add = (x: number, y: number) => {
    xs.push(x);
    ys.push(y);
  };
  if (annotation.kind === 'highlight') {
    for (const [x, y, w, h] of annotation.rects) {
      add(x, y);
      add(x + w, y + h);
    }
  }
  if (annotation.kind === 'ink') for (const s of annotation.strokes) for (const [x, y] of s.points) add(x, y);
  if (annotation.kind === 'note') {
    add(annotation.point[0], annotation.point[1]);
    add(annotation.point[0] + NOTE_PIN_PT, annotation.point[1] - NOTE_PIN_PT);
  }
  if (xs.length === 0) return [0, 0, 0, 0];
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return [x, y, Math.max(...xs) - x, Math.max(...ys) - y];
}
