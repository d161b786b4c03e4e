// Keyboard and touch gestures mapped to viewer commands (pure, so they can be unit-tested).

export type ViewerCommand =
  | { readonly type: 'page'; readonly delta: number }
  | { readonly type: 'first' }
  | { readonly type: 'last' }
  | { readonly type: 'zoom-in' }
  | { readonly type: 'zoom-out' }
  | { readonly type: 'zoom-reset' }
  | { readonly type: 'find' };

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** Ctrl (or ⌘) shortcuts: handled anywhere in the viewer, even from the find box. */
export function commandForShortcut(e: KeyLike): ViewerCommand | undefined {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined;
  switch (e.key) {
    case 'f':
    case 'F':
      return { type: 'find' };
    case '+':
    case '=':
      return { type: 'zoom-in' };
    case '-':
    case '_':
      return { type: 'zoom-out' };
    case '0':
      return { type: 'zoom-reset' };
    default:
      return undefined;
  }
}

/** Paging keys: only when focus is not in a text field. */
export function commandForKey(e: KeyLike): ViewerCommand | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  switch (e.key) {
    case 'PageDown':
    case 'ArrowRight':
      return { type: 'page', delta: 1 };
    case 'PageUp':
    case 'ArrowLeft':
      return { type: 'page', delta: -1 };
    case ' ':
      return { type: 'page', delta: e.shiftKey ? -1 : 1 };
    case 'Home':
      return { type: 'first' };
    case 'End':
      return { type: 'last' };
    default:
      return undefined;
  }
}

/** A horizontal swipe at least this long (and mostly horizontal) turns the page. */
export const SWIPE_MIN_PX = 60;
/** On a zoomed page, a drag that starts this close to the left or right edge still turns the page. */
export const EDGE_SWIPE_PX = 24;
/** Sub-pixel slack when comparing scroll positions and widths. */
const SCROLL_SLACK_PX = 1;

export function swipeDelta(dx: number, dy: number): number {
  if (Math.abs(dx) < SWIPE_MIN_PX || Math.abs(dx) < 2 * Math.abs(dy)) return 0;
  return dx < 0 ? 1 : -1;
}

/** The sideways scroll state of the page list when a drag starts and ends (CSS pixels). */
export interface PanState {
  /** Where the finger went down, from the scroller's left edge. */
  readonly startX: number;
  readonly viewWidth: number;
  /** scrollWidth − clientWidth: 0 when the page fits the width (nothing to pan). */
  readonly maxScrollLeft: number;
  readonly scrollLeftAtStart: number;
}

/**
 * A swipe's page turn. At fit-width (nothing to pan sideways) any swipe turns the page. Zoomed in past the
 * width, a sideways drag pans (the browser scrolls), and only these turn the page: a drag that starts within
 * EDGE_SWIPE_PX of an edge, or a drag further past a scroll limit the page was already resting on.
 */
export function swipeAction(dx: number, dy: number, pan: PanState): number {
  const delta = swipeDelta(dx, dy);
  if (delta === 0 || pan.maxScrollLeft <= SCROLL_SLACK_PX) return delta;
  // delta 1 (finger moves left): the next page comes in from the right edge.
  const fromEdge = delta === 1 ? pan.startX >= pan.viewWidth - EDGE_SWIPE_PX : pan.startX <= EDGE_SWIPE_PX;
  const atLimit = delta === 1 ? pan.scrollLeftAtStart >= pan.maxScrollLeft - SCROLL_SLACK_PX : pan.scrollLeftAtStart <= SCROLL_SLACK_PX;
  return fromEdge || atLimit ? delta : 0;
}
