// Undo/redo of the delegate's own edits in one viewer session: each step is what the book held before and after
// (undefined = absent), so undoing a put restores the old version or removes the new mark, and undoing a removal
// puts it back. Pure; the session applies the steps to the book.

import type { Annotation } from '../../../../common/annotations/types.ts';

export interface EditStep {
  readonly before: Annotation | undefined;
  readonly after: Annotation | undefined;
}

/** What to do to the book: put this annotation, or remove this id. */
export type BookOp = { readonly type: 'put'; readonly annotation: Annotation } | { readonly type: 'remove'; readonly id: string };

export interface UndoState {
  readonly done: readonly EditStep[];
  readonly undone: readonly EditStep[];
}

/** Bound on the steps kept (STYLE.md rule 11). */
export const UNDO_LIMIT = 200;

export const EMPTY_UNDO: UndoState = { done: [], undone: [] };

/** Records a new edit; it clears the redo list. */
export function record(state: UndoState, step: EditStep): UndoState {
  const done = [...state.done, step];
  return { done: done.length > UNDO_LIMIT ? done.slice(done.length - UNDO_LIMIT) : done, undone: [] };
}

/** Moving the book from `from` to `to` (one annotation). */
export function opFor(from: Annotation | undefined, to: Annotation | undefined): BookOp | undefined {
  if (to !== undefined) return { type: 'put', annotation: to };
  if (from !== undefined) return { type: 'remove', id: from.id };
  return undefined;
}

export function undo(state: UndoState): { state: UndoState; op: BookOp | undefined } {
  const step = state.done.at(-1);
  if (step === undefined) return { state, op: undefined };
  return { state: { done: state.done.slice(0, -1), undone: [...state.undone, step] }, op: opFor(step.after, step.before) };
}

export function redo(state: UndoState): { state: UndoState; op: BookOp | undefined } {
  const step = state.undone.at(-1);
  if (step === undefined) return { state, op: undefined };
  return { state: { done: [...state.done, step], undone: state.undone.slice(0, -1) }, op: opFor(step.before, step.after) };
}
