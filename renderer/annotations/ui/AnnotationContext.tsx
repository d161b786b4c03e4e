// What the viewer's annotation parts share: the meeting's note book (renderer/annotations/book.ts), its newest
// snapshot, and why there is none. The provider (NoteBookProvider, beside the viewer screen) opens the book once
// per meeting; the page layer, the tools, the panel and the thumbnails only read this context.
import { createContext, useContext } from 'react';
import type { ErrorValue } from '../../../common/result.ts';
import type { BookSnapshot, NoteBook } from '../bookTypes.ts';

export interface AnnotationContextValue {
  /** Undefined while the book opens, or when annotations are unavailable (see `unavailable`). */
  readonly book: NoteBook | undefined;
  readonly snapshot: BookSnapshot;
  /** Why annotations cannot be made here (NOTE_KEYS_MISSING: a pack published before annotations). */
  readonly unavailable?: ErrorValue;
}

export const EMPTY_SNAPSHOT: BookSnapshot = { annotations: [], connection: {}, rejected: 0, pending: 0 };

export const AnnotationContext = createContext<AnnotationContextValue>({ book: undefined, snapshot: EMPTY_SNAPSHOT });

export function useAnnotations(): AnnotationContextValue {
  return useContext(AnnotationContext);
}
