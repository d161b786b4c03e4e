// One viewer session's annotation state, shared by the toolbar, the page layers and the keys: the book, where
// new marks are placed (document, revision, sha256), the snapshot indexed by page, and undo/redo of my edits.

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Annotation, AnnotationScope, NoteAnnotation, PlacedOn } from '../../../../common/annotations/types.ts';
import type { NoteBook, ShownAnnotation } from '../../bookTypes.ts';
import { useAnnotations } from '../AnnotationContext.tsx';
import { indexByPage, type PageIndex } from '../layer/pageIndex.ts';
import type { InkSession } from './inkSession.ts';
import { NO_PEN, type PenState } from './penPolicy.ts';
import { EMPTY_UNDO, record, redo, undo, type BookOp, type UndoState } from './undoStack.ts';

/** The revision the viewer shows (DocumentEntry id, revision, sha256): new marks are placed on it. */
export type AnnotationTarget = Omit<PlacedOn, 'page'>;

export interface AnnotationSession {
  readonly target: AnnotationTarget | undefined;
  readonly book: NoteBook | undefined;
  /** Marks can be made here: a book, a target, no `unavailable`. */
  readonly canEdit: boolean;
  /** The delegate has a tổ (a 'group' room). */
  readonly hasGroup: boolean;
  readonly index: PageIndex;
  readonly byId: ReadonlyMap<string, ShownAnnotation>;
  /** Puts `after` (or removes `before` when `after` is undefined) and records the step for undo. */
  edit(before: Annotation | undefined, after: Annotation | undefined): void;
  undo(): void;
  redo(): void;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly error: string | undefined;
  /** Per-session state of the pen (not rendered): read and replaced from event handlers. */
  penState(): PenState;
  setPenState(state: PenState): void;
  inkSession(): InkSession | undefined;
  setInkSession(session: InkSession | undefined): void;
  /** Asks the layer to scroll this mark into view once its page is drawn. */
  requestReveal(id: string): void;
  /** True (once) when the layer should scroll this mark into view. */
  takeReveal(id: string): boolean;
  /** A new note being written (its page's layer shows the editor); not in the book until saved. */
  readonly draftNote: NoteAnnotation | undefined;
  setDraftNote(note: NoteAnnotation | undefined): void;
}

/** The scope new marks get: the one chosen, but 'private' for 'group' when the member has no tổ. */
export function scopeFor(chosen: AnnotationScope, hasGroup: boolean): AnnotationScope {
  return chosen === 'group' && !hasGroup ? 'private' : chosen;
}

const AnnotationSessionContext = createContext<AnnotationSession | undefined>(undefined);

export function useAnnotationSession(): AnnotationSession | undefined {
  return useContext(AnnotationSessionContext);
}

function runOp(book: NoteBook, op: BookOp | undefined): Promise<void> {
  if (op === undefined) return Promise.resolve();
  return op.type === 'put' ? book.put(op.annotation) : book.remove(op.id);
}

export function useAnnotationSessionValue(target: AnnotationTarget | undefined): AnnotationSession {
  const { book, snapshot, unavailable } = useAnnotations();
  const index = useMemo(() => indexByPage(snapshot.annotations), [snapshot.annotations]);
  const byId = useMemo(() => new Map(snapshot.annotations.map((s) => [s.annotation.id, s])), [snapshot.annotations]);
  const [history, setHistory] = useState<UndoState>(EMPTY_UNDO);
  const historyRef = useRef(history);
  const [error, setError] = useState<string | undefined>(undefined);
  const pen = useRef<PenState>(NO_PEN);
  const ink = useRef<InkSession | undefined>(undefined);
  const reveal = useRef<string | undefined>(undefined);
  const [draftNote, setDraftNote] = useState<NoteAnnotation | undefined>(undefined);
  const commit = useCallback((next: UndoState) => {
    historyRef.current = next;
    setHistory(next);
  }, []);
  const run = useCallback(
    (op: BookOp | undefined) => {
      if (book === undefined) return;
      runOp(book, op).then(
        () => setError(undefined),
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
    },
    [book],
  );
  const edit = useCallback(
    (before: Annotation | undefined, after: Annotation | undefined) => {
      if (book === undefined || (before === undefined && after === undefined)) return;
      // A drawing deleted or changed from its menu is not continued by the next stroke.
      if (before !== undefined && ink.current?.annotation.id === before.id && ink.current.annotation !== after) ink.current = undefined;
      commit(record(historyRef.current, { before, after }));
      run(after !== undefined ? { type: 'put', annotation: after } : before !== undefined ? { type: 'remove', id: before.id } : undefined);
    },
    [book, commit, run],
  );
  const step = useCallback(
    (fn: typeof undo) => {
      const { state, op } = fn(historyRef.current);
      ink.current = undefined;
      commit(state);
      run(op);
    },
    [commit, run],
  );
  const penState = useCallback(() => pen.current, []);
  const setPenState = useCallback((state: PenState) => {
    pen.current = state;
  }, []);
  const inkSession = useCallback(() => ink.current, []);
  const setInkSession = useCallback((state: InkSession | undefined) => {
    ink.current = state;
  }, []);
  const requestReveal = useCallback((id: string) => {
    reveal.current = id;
  }, []);
  const takeReveal = useCallback((id: string) => {
    if (reveal.current !== id) return false;
    reveal.current = undefined;
    return true;
  }, []);
  const canEdit = book !== undefined && target !== undefined && unavailable === undefined;
  const hasGroup = snapshot.connection.group !== undefined;
  const canUndo = history.done.length > 0;
  const canRedo = history.undone.length > 0;
  return useMemo(
    () => ({
      target, book, canEdit, hasGroup, index, byId, edit,
      undo: () => step(undo),
      redo: () => step(redo),
      canUndo, canRedo, error, penState, setPenState, inkSession, setInkSession, requestReveal, takeReveal, draftNote, setDraftNote,
    }),
    [target, book, canEdit, hasGroup, index, byId, edit, step, canUndo, canRedo, error, penState, setPenState, inkSession, setInkSession, requestReveal, takeReveal, draftNote],
  );
}

export function AnnotationSessionProvider({ value, children }: { readonly value: AnnotationSession; readonly children: ReactNode }) {
  return <AnnotationSessionContext.Provider value={value}>{children}</AnnotationSessionContext.Provider>;
}
