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

export type ZoomMode = 'fit-width' | 'fit-page' | { readonly zoom: number };

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

export function resolveZoom(mode: ZoomMode, page: PageSize, view: Viewport): number {
  if (mode === 'fit-width') return fitWidthZoom(page, view);
  if (mode === 'fit-page') return fitPageZoom(page, view);
  return clampZoom(mode.zoom);
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
