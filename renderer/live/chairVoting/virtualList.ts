// The window of rows a virtualised list puts in the DOM: the rows in view plus a few either side, so that a
// list of 2,000 names costs the same as one of 20.

/** Height of one row of the "chưa biểu quyết" list, in CSS pixels (fixed, so positions are arithmetic). */
export const VOTER_ROW_PX = 36;
/** Rows rendered beyond each edge of the viewport, so a fast scroll does not show blanks. */
export const OVERSCAN_ROWS = 6;

/** Rows [first, last) to render for a viewport of `height` px scrolled to `scrollTop`, out of `count`. */
export function visibleWindow(scrollTop: number, height: number, count: number, rowPx = VOTER_ROW_PX, overscan = OVERSCAN_ROWS): { readonly first: number; readonly last: number } {
  if (count <= 0) return { first: 0, last: 0 };
  // A scroll position left over from a longer list (the filter narrowed it) is clamped, never an empty window.
  const at = Math.max(0, Math.min(scrollTop, count * rowPx - height));
  const first = Math.max(0, Math.floor(at / rowPx) - overscan);
  const last = Math.min(count, Math.ceil((at + height) / rowPx) + overscan);
  return { first, last };
}
