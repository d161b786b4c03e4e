// Opening a mark from a list: select it (viewPrefs.selectedId: the viewer goes to its page and outlines it) and,
// when it is in another document, open that document at its page (read once by the viewer as its first page,
// like a search hit, renderer/search/hitStore.ts).
import type { Annotation } from '../../../../common/annotations/types.ts';
import { setViewPrefs, viewPrefs } from '../viewPrefs.ts';

interface Jump {
  readonly meetingId: string;
  readonly documentId: string;
  readonly page: number;
}

let pending: Jump | undefined;

export const docHref = (meetingId: string, documentId: string): string => `#/m/${meetingId}/doc/${documentId}`;

/** The page the viewer of this document should open at (kept until the viewer says it opened there). */
export function peekJump(meetingId: string, documentId: string): number | undefined {
  const j = pending;
  return j === undefined || j.meetingId !== meetingId || j.documentId !== documentId ? undefined : j.page;
}

/** The viewer opened the document at the page: the jump is done. */
export function clearJump(): void {
  pending = undefined;
}

/** Selects the mark; opens its document when `currentDocumentId` is another one. */
export function openMark(meetingId: string, a: Annotation, currentDocumentId: string | undefined): void {
  if (a.target.documentId !== currentDocumentId) {
    pending = { meetingId, documentId: a.target.documentId, page: a.target.page };
    setViewPrefs({ selectedId: a.id });
    globalThis.location.hash = docHref(meetingId, a.target.documentId);
    return;
  }
  if (viewPrefs().selectedId !== a.id) {
    setViewPrefs({ selectedId: a.id });
    return;
  }
  // Selecting the same mark again still brings it back into view: unselect, let the viewer see it, select.
  setViewPrefs({ selectedId: undefined });
  setTimeout(() => setViewPrefs({ selectedId: a.id }), 0);
}

/** DocumentEntry.sha256 of a readable document, once the view carries it (see requests.md "panel → lead"). */
export function shaOf(doc: object | undefined): string | undefined {
  if (doc === undefined || !('sha256' in doc)) return undefined;
  const v = doc.sha256;
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? v : undefined;
}

let orphansOf: { readonly meetingId: string; readonly documentId: string } | undefined;

/** Opens the document with the panel on its "Cần gắn lại" list (re-attaching needs the revision shown). */
export function openOrphansOf(meetingId: string, documentId: string): void {
  orphansOf = { meetingId, documentId };
  globalThis.location.hash = docHref(meetingId, documentId);
}

/** Whether the viewer of this document should open the panel on the orphans (cleared by clearOrphansTab). */
export function peekOrphansTab(meetingId: string, documentId: string): boolean {
  const o = orphansOf;
  return o !== undefined && o.meetingId === meetingId && o.documentId === documentId;
}

export function clearOrphansTab(): void {
  orphansOf = undefined;
}
