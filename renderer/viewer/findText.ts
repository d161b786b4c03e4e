// Find within a document: page text from pdf.js text items, folded matching, and highlight boxes.

import { findFolded, type TextRange } from '../../common/text/fold.ts';

/** The part of a pdf.js TextItem the viewer uses. */
export interface TextItemLike {
  readonly str: string;
  readonly hasEOL?: boolean;
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
}

export interface PageText {
  readonly text: string;
  /** Start offset of each item in `text`. */
  readonly starts: readonly number[];
  readonly items: readonly TextItemLike[];
}

/** Joins a page's items; an end of line becomes a space so words across lines still match. */
export function buildPageText(items: readonly TextItemLike[]): PageText {
  let text = '';
  const starts: number[] = [];
  for (const item of items) {
    starts.push(text.length);
    text += item.str;
    if (item.hasEOL === true) text += ' ';
  }
  return { text, starts, items };
}

export interface FindMatch {
  readonly page: number;
  readonly start: number;
  readonly end: number;
}

/** How a query matches a page text: the find bar's folded substring, or search's words and phrases (renderer/search). */
export type PageMatcher = (text: string, query: string) => readonly TextRange[];

/** Opens find from outside (a search hit): this query, this matcher, the first match on or after `page`. */
export interface FindRequest {
  readonly query: string;
  readonly page?: number;
  readonly matcher?: PageMatcher;
}

export function findInPage(page: number, pageText: PageText, query: string, matcher: PageMatcher = findFolded): FindMatch[] {
  return matcher(pageText.text, query).map((range: TextRange) => ({ page, start: range.start, end: range.end }));
}

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

type Matrix = readonly [number, number, number, number, number, number];

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function asMatrix(values: readonly number[]): Matrix {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = values;
  return [a, b, c, d, e, f];
}

/** Width of a string in any unit; the default (character count) is refined in the browser with canvas measureText. */
export type MeasureText = (text: string) => number;
const byLength: MeasureText = (text) => text.length;

/** Boxes (in viewport pixels) covering a match; one per text item it touches, cut proportionally inside an item. */
export function matchBoxes(pageText: PageText, match: FindMatch, viewportTransform: readonly number[], measure: MeasureText = byLength): Box[] {
  const boxes: Box[] = [];
  const view = asMatrix(viewportTransform);
  pageText.items.forEach((item, i) => {
    const start = pageText.starts[i] ?? 0;
    const end = start + item.str.length;
    if (item.str.length === 0 || end <= match.start || start >= match.end) return;
    const whole = Math.max(1e-6, measure(item.str));
    const from = measure(item.str.slice(0, Math.max(match.start, start) - start)) / whole;
    const to = measure(item.str.slice(0, Math.min(match.end, end) - start)) / whole;
    boxes.push(itemBox(item, from, to, view));
  });
  return boxes;
}

function itemBox(item: TextItemLike, from: number, to: number, view: Matrix): Box {
  const [, , , , x0, y0] = asMatrix(item.transform);
  const height = item.height > 0 ? item.height : Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0);
  const corners = [
    apply(view, x0 + item.width * from, y0 - height * 0.2),
    apply(view, x0 + item.width * to, y0 + height),
  ];
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { left, top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
}

/** Index of the match to select after `current` in direction `step`, wrapping around. */
export function stepMatch(current: number, total: number, step: 1 | -1): number {
  if (total === 0) return -1;
  if (current < 0) return step === 1 ? 0 : total - 1;
  return (current + step + total) % total;
}
