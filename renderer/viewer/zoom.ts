// Zoom and fit computations, and the canvas resolution within a pixel budget.

import type { PageSize } from './pageLayout.ts';

/** pdf.js draws 1 PDF point as 1 CSS pixel at scale 1; at "100%" a point is 1/72 inch and a CSS pixel 1/96. */
export const CSS_UNITS = 96 / 72;
export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 5;
export const ZOOM_STEPS: readonly number[] = [0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5];
/** About 8 megapixels per canvas: sharp on a 2x screen at fit-width, still safe on phones (iOS caps ~16M). */
export const MAX_CANVAS_PIXELS = 8 * 1024 * 1024;
/** Room left around a page when fitting (scrollbar, gaps, shadow). */
export const FIT_PADDING_PX = 24;

/** Below this fit-width zoom (a phone: an A4 page at ~46 %, body text ~7 px) the default fits the text block instead. */
export const READABLE_ZOOM = 0.75;
/** Room kept on each side of the text block when fitting it, in PDF points. */
export const TEXT_MARGIN_PT = 8;
/** A text block narrower than this share of the page (a cover, a centred title) is not worth fitting. */
export const MIN_TEXT_BLOCK_SHARE = 0.5;

/** 'fit-text': as wide as the text block of page 1 (its margins cut off), for reading on a phone. */
export type ZoomMode = 'fit-width' | 'fit-page' | 'fit-text' | { readonly zoom: number };

/** The horizontal extent of a page's text, in PDF points from the page's left edge. */
export interface TextBlock {
  readonly left: number;
  readonly right: number;
}

export interface Viewport {
  readonly width: number;
  readonly height: number;
}

export function clampZoom(zoom: number): number {
  if (!Number.isFinite(zoom)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** Zoom (1 = 100%) that makes the page as wide as the viewport. */
export function fitWidthZoom(page: PageSize, view: Viewport): number {
  return clampZoom((view.width - FIT_PADDING_PX) / (page.width * CSS_UNITS));
}

/** Zoom that shows the whole page. */
export function fitPageZoom(page: PageSize, view: Viewport): number {
  const byHeight = (view.height - FIT_PADDING_PX) / (page.height * CSS_UNITS);
  return clampZoom(Math.min(fitWidthZoom(page, view), byHeight));
}

/** Zoom that makes the text block (plus a small margin) as wide as the viewport; never below fit-width. */
export function fitTextZoom(page: PageSize, block: TextBlock | undefined, view: Viewport): number {
  const byWidth = fitWidthZoom(page, view);
  if (block === undefined) return byWidth;
  const width = block.right - block.left + 2 * TEXT_MARGIN_PT;
  return clampZoom(Math.max(byWidth, (view.width - FIT_PADDING_PX) / (width * CSS_UNITS)));
}

export function resolveZoom(mode: ZoomMode, page: PageSize, view: Viewport, block?: TextBlock): number {
  if (mode === 'fit-width') return fitWidthZoom(page, view);
  if (mode === 'fit-page') return fitPageZoom(page, view);
  if (mode === 'fit-text') return fitTextZoom(page, block, view);
  return clampZoom(mode.zoom);
}

/** Where a document opens: the whole width where that is readable (desktop, tablet), else the text block. */
export function defaultZoomMode(page: PageSize, view: Viewport): ZoomMode {
  return fitWidthZoom(page, view) < READABLE_ZOOM ? 'fit-text' : 'fit-width';
}

/** The part of a pdf.js text item the text block needs. */
export interface PositionedText {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
}

/**
 * The text block of a page from its pdf.js text items (x = transform[4], in points from `originX`), or
 * undefined when the page has (almost) no text or its text is too narrow to be worth fitting.
 */
export function textBlockOf(items: readonly PositionedText[], page: PageSize, originX = 0): TextBlock | undefined {
  let left = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const x = item.transform[4];
    if (item.str.trim() === '' || x === undefined || !Number.isFinite(x) || !(item.width > 0)) continue;
    left = Math.min(left, x - originX);
    right = Math.max(right, x - originX + item.width);
  }
  left = Math.max(0, left);
  right = Math.min(page.width, right);
  if (!(right > left) || right - left < MIN_TEXT_BLOCK_SHARE * page.width) return undefined;
  return { left, right };
}

/** The next step up from `zoom` (strictly greater), or MAX_ZOOM. */
export function zoomIn(zoom: number): number {
  return ZOOM_STEPS.find((step) => step > zoom + 1e-6) ?? MAX_ZOOM;
}

/** The next step down from `zoom` (strictly smaller), or MIN_ZOOM. */
export function zoomOut(zoom: number): number {
  const smaller = ZOOM_STEPS.filter((step) => step < zoom - 1e-6);
  return smaller[smaller.length - 1] ?? MIN_ZOOM;
}

/** Device pixels per CSS pixel for a canvas of the given CSS size: devicePixelRatio, lowered to fit the budget. */
export function outputScale(cssWidth: number, cssHeight: number, devicePixelRatio: number, maxPixels = MAX_CANVAS_PIXELS): number {
  const dpr = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const area = Math.max(1, cssWidth * cssHeight);
  const budget = Math.sqrt(maxPixels / area);
  return Math.min(dpr, budget);
}

/** A zoom from a pinch: the start zoom times how much the fingers spread, clamped. */
export function pinchZoom(startZoom: number, startDistance: number, distance: number): number {
  if (startDistance <= 0) return clampZoom(startZoom);
  return clampZoom(startZoom * (distance / startDistance));
}
