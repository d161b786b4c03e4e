// The contract between the annotation sync (renderer/annotations/book.ts: Yjs rooms, encryption, offline
// persistence) and the screens that draw and list annotations (renderer/annotations/ui, the viewer). The screens
// never see a room, a key or a ciphertext; the book never sees a DOM.
import type { Annotation, AnnotationScope, Opinion } from '../../common/annotations/types.ts';

/** An annotation as the screens see it: decrypted, its author's signature checked. */
export interface ShownAnnotation {
  readonly annotation: Annotation;
  /** The author's name from the manifest (their delegate id if unknown). */
  readonly authorName: string;
  /** True for my own notes (I may edit and delete them). */
  readonly mine: boolean;
}

export type BookConnection = 'offline' | 'connecting' | 'synced';

export interface BookSnapshot {
  /** Every readable annotation of the meeting, oldest first. */
  readonly annotations: readonly ShownAnnotation[];
  /** Per scope: the room's connection (a delegate without a tổ has no 'group'). */
  readonly connection: Readonly<Partial<Record<AnnotationScope, BookConnection>>>;
  /** Entries that did not open or whose signature did not match (NOTE_INVALID): counted, never shown. */
  readonly rejected: number;
  /** Edits made on this device that the server has not confirmed yet. */
  readonly pending: number;
}

export interface NoteBook {
  readonly meetingId: string;
  readonly delegateId: string;
  snapshot(): BookSnapshot;
  /** Called on every change (local or remote); returns the unsubscribe. */
  subscribe(listener: (s: BookSnapshot) => void): () => void;
  /** Adds or replaces (same id) one of my annotations; it is sealed and stored locally at once, sent when online. */
  put(annotation: Annotation): Promise<void>;
  /** Deletes one of my annotations (others' cannot be deleted here). */
  remove(id: string): Promise<void>;
  /** Sends a note (or a highlight with a comment) to the secretariat as a góp ý; marks it opinionSentAt. */
  sendOpinion(annotationId: string): Promise<void>;
  /** Secretariat members only: every góp ý received (empty for others). */
  opinions(): Promise<readonly Opinion[]>;
  /** Tells the secretariat this document was opened (a read receipt; sealed, the server cannot tell which). */
  noteOpened(documentId: string, revision: number): Promise<void>;
  /** Closes the rooms; local data stays on the device. */
  close(): void;
}
