// Virtualisation math: where each page sits in the scrolled list, which pages are visible, which to render.
// Page sizes come lazily from pdf.js; unknown ones are estimated from page 1 (most documents are uniform).

export interface PageSize {
  /** Width and height in PDF points at scale 1 (pdf.js `getViewport({ scale: 1 })`). */
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  /** Top of each page in CSS pixels, index 0 = page 1. */
  readonly tops: readonly number[];
  readonly heights: readonly number[];
  readonly widths: readonly number[];
  readonly totalHeight: number;
  readonly maxWidth: number;
}

export const PAGE_GAP_PX = 12;

export function sizeOf(sizes: ReadonlyArray<PageSize | undefined>, index: number, estimate: PageSize): PageSize {
  return sizes[index] ?? estimate;
}

/** Lays pages out in one column, `gap` pixels apart (also above the first and below the last). */
export function computeLayout(
  pageCount: number,
  sizes: ReadonlyArray<PageSize | undefined>,
  estimate: PageSize,
  scale: number,
  gap: number = PAGE_GAP_PX,
): Layout {
  const tops: number[] = [];
  const heights: number[] = [];
  const widths: number[] = [];
  let y = gap;
  let maxWidth = 0;
  for (let i = 0; i < pageCount; i++) {
    const size = sizeOf(sizes, i, estimate);
    const h = Math.floor(size.height * scale);
    const w = Math.floor(size.width * scale);
    tops.push(y);
    heights.push(h);
    widths.push(w);
    maxWidth = Math.max(maxWidth, w);
    y += h + gap;
  }
  return { tops, heights, widths, totalHeight: y, maxWidth };
}

/** Index of the last page whose top is at or above `y` (binary search; 0 when above the first page). */
export function pageIndexAt(layout: Layout, y: number): number {
  let lo = 0;
  let hi = layout.tops.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((layout.tops[mid] ?? 0) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface PageRange {
  /** 1-based, inclusive. */
  readonly first: number;
  readonly last: number;
}

/** Pages that intersect the viewport [scrollTop, scrollTop + viewportHeight). */
export function visiblePages(layout: Layout, scrollTop: number, viewportHeight: number): PageRange {
  const count = layout.tops.length;
  if (count === 0) return { first: 0, last: -1 };
  const first = pageIndexAt(layout, scrollTop);
  const topIndex = bottomOf(layout, first) <= scrollTop ? Math.min(first + 1, count - 1) : first;
  const last = pageIndexAt(layout, Math.max(scrollTop + viewportHeight - 1, scrollTop));
  return { first: topIndex + 1, last: Math.max(last, topIndex) + 1 };
}

function bottomOf(layout: Layout, index: number): number {
  return (layout.tops[index] ?? 0) + (layout.heights[index] ?? 0);
}

/** Visible pages widened by `margin` on each side and clamped to the document. */
export function renderWindow(visible: PageRange, pageCount: number, margin = 1): PageRange {
  if (pageCount === 0 || visible.last < visible.first) return { first: 0, last: -1 };
  return { first: Math.max(1, visible.first - margin), last: Math.min(pageCount, visible.last + margin) };
}

/** The page the reader is on: the visible page that covers most of the viewport (ties go to the earlier one). */
export function currentPage(layout: Layout, scrollTop: number, viewportHeight: number): number {
  const { first, last } = visiblePages(layout, scrollTop, viewportHeight);
  let best = first;
  let bestArea = -1;
  for (let p = first; p <= last; p++) {
    const top = layout.tops[p - 1] ?? 0;
    const seen = Math.min(top + (layout.heights[p - 1] ?? 0), scrollTop + viewportHeight) - Math.max(top, scrollTop);
    if (seen > bestArea) {
      best = p;
      bestArea = seen;
    }
  }
  return Math.max(1, best);
}

/** Scroll position that puts the top of `page` (1-based) just below the top edge. */
export function scrollTopForPage(layout: Layout, page: number, gap: number = PAGE_GAP_PX): number {
  const index = clampPage(page, layout.tops.length) - 1;
  return Math.max(0, (layout.tops[index] ?? 0) - gap / 2);
}

export function clampPage(page: number, pageCount: number): number {
  if (!Number.isFinite(page)) return 1;
  return Math.min(Math.max(1, Math.round(page)), Math.max(1, pageCount));
}

/** Where the reader is, as a page and a fraction into it, so a re-layout (zoom, a learnt size) can keep it still. */
export interface ScrollAnchor {
  readonly page: number;
  readonly fraction: number;
}

export function anchorAt(layout: Layout, scrollTop: number): ScrollAnchor {
  const index = pageIndexAt(layout, scrollTop);
  const top = layout.tops[index] ?? 0;
  const height = Math.max(1, layout.heights[index] ?? 1);
  return { page: index + 1, fraction: Math.min(1, Math.max(0, (scrollTop - top) / height)) };
}

export function scrollTopForAnchor(layout: Layout, anchor: ScrollAnchor): number {
  const index = clampPage(anchor.page, layout.tops.length) - 1;
  return Math.max(0, (layout.tops[index] ?? 0) + anchor.fraction * (layout.heights[index] ?? 0));
}

/** Parses what the user typed in the page box; undefined when it is not a page of this document. */
export function parsePageInput(text: string, pageCount: number): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,6}$/.test(trimmed)) return undefined;
  const page = Number(trimmed);
  return page >= 1 && page <= pageCount ? page : undefined;
}
