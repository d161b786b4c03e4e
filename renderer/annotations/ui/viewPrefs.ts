// The delegate's annotation choices in the viewer, shared by the tools, the page layer and the panel: the tool in
// hand, its colour, the scope new marks get, and what is hidden (per scope, per author). One small store, read
// with useViewPrefs(); kept in memory for the session of the page (the scope last chosen is the default next time).
import { useSyncExternalStore } from 'react';
import type { AnnotationColor, AnnotationScope } from '../../../common/annotations/types.ts';

export type AnnotationTool = 'none' | 'highlight' | 'pen' | 'note' | 'eraser';

export interface ViewPrefs {
  readonly tool: AnnotationTool;
  readonly color: AnnotationColor;
  readonly scope: AnnotationScope;
  readonly hiddenScopes: ReadonlySet<AnnotationScope>;
  /** Delegate ids whose shared marks are hidden. */
  readonly hiddenAuthors: ReadonlySet<string>;
  /** The annotation the panel or a click selected (its id), for the layer to outline and scroll to. */
  readonly selectedId: string | undefined;
}

let prefs: ViewPrefs = { tool: 'none', color: 'yellow', scope: 'private', hiddenScopes: new Set(), hiddenAuthors: new Set(), selectedId: undefined };
const listeners = new Set<() => void>();

export function viewPrefs(): ViewPrefs {
  return prefs;
}

export function setViewPrefs(patch: Partial<ViewPrefs>): void {
  prefs = { ...prefs, ...patch };
  listeners.forEach((l) => l());
}

export function useViewPrefs(): ViewPrefs {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => prefs,
  );
}

/** Whether a mark is shown under the current filters (my own are hidden only by scope). */
export function isShown(p: ViewPrefs, scope: AnnotationScope, authorId: string, mine: boolean): boolean {
  return !p.hiddenScopes.has(scope) && (mine || !p.hiddenAuthors.has(authorId));
}
