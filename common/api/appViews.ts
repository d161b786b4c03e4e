// Views of a pack's documents for the app, shared by the browser platform (renderer/platform/web) and the
// Node services behind the Electron bridge (main/services/app).
import type { DocumentEntry } from '../pack/format.ts';
import type { ChangedDocument, ReadableDocument } from './appTypes.ts';

/** What `next` changes for this delegate compared with `prev` (both: the documents they can read). */
export function diffDocuments(prev: readonly DocumentEntry[], next: readonly DocumentEntry[]): ChangedDocument[] {
  const before = new Map(prev.map((d) => [d.id, d]));
  const after = new Set(next.map((d) => d.id));
  const changes: ChangedDocument[] = [];
  for (const d of next) {
    const old = before.get(d.id);
    if (!old) changes.push(change(d, 'added'));
    else if (old.sha256 !== d.sha256 || old.revision !== d.revision) changes.push(change(d, 'changed'));
  }
  for (const d of prev) if (!after.has(d.id)) changes.push(change(d, 'removed'));
  return changes;
}

const change = (d: DocumentEntry, kind: ChangedDocument['change']): ChangedDocument => ({
  id: d.id,
  title: d.title,
  kind: d.kind,
  change: kind,
  revision: d.revision,
});

export function toReadableDocument(d: DocumentEntry, available: boolean): ReadableDocument {
  return {
    id: d.id,
    title: d.title,
    kind: d.kind,
    agendaItemId: d.agendaItemId,
    pages: d.pages,
    bytes: d.bytes,
    revision: d.revision,
    sha256: d.sha256,
    confidential: d.confidential,
    available,
  };
}
