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

export function swipeDelta(dx: number, dy: number): number {
  if (Math.abs(dx) < SWIPE_MIN_PX || Math.abs(dx) < 2 * Math.abs(dy)) return 0;
  return dx < 0 ? 1 : -1;
}
