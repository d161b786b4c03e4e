// The annotation keys of the viewer: H highlight, P pen, N note, E eraser, Esc back to reading, Delete removes the
// selected mark of mine, Ctrl+Z undo, Ctrl+Shift+Z and Ctrl+Y redo. Letters only outside text fields; undo and
// redo inside a text field are the field's own.

import type { AnnotationTool } from '../viewPrefs.ts';

export type AnnotationCommand =
  | { readonly type: 'tool'; readonly tool: AnnotationTool }
  | { readonly type: 'escape' }
  | { readonly type: 'delete' }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' };

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

const TOOL_KEYS: Readonly<Record<string, AnnotationTool>> = { h: 'highlight', p: 'pen', n: 'note', e: 'eraser' };

export function annotationCommand(e: KeyLike, inTextField: boolean): AnnotationCommand | undefined {
  if (inTextField || e.altKey) return undefined;
  const key = e.key.toLowerCase();
  if (e.ctrlKey || e.metaKey) {
    if (key === 'z') return { type: e.shiftKey ? 'redo' : 'undo' };
    if (key === 'y' && !e.shiftKey) return { type: 'redo' };
    return undefined;
  }
  if (e.key === 'Escape') return { type: 'escape' };
  if (e.key === 'Delete' || e.key === 'Backspace') return { type: 'delete' };
  if (e.shiftKey) return undefined;
  const tool = TOOL_KEYS[key];
  return tool === undefined ? undefined : { type: 'tool', tool };
}
