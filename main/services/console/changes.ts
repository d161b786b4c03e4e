// What a publish would change against the last published revision: the publisher state knows each published
// document's SHA-256 (by file), and a copy of the published meeting.json + delegates.csv is kept in
// .council/published/ by every console publish (a folder published by the CLI only has the state: then the
// agenda and the delegates are compared with the state's member list).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DraftChanges } from '../../../common/api/console.ts';
import type { AgendaItemSpec, DocumentSpec } from '../../../common/meeting/types.ts';
import { CHUNK_SIZE } from '../../../common/pack/format.ts';
import { DELEGATES_FILE } from '../publish/delegates.ts';
import { MEETING_FILE } from '../publish/documents.ts';
import { STATE_DIR, loadState } from '../publish/state.ts';
import { allDocumentSpecs, emptyMeta, normalizeFile, readDelegatesLoose, readMeetingLoose, type FolderView } from './draftFolder.ts';
import { readJsonFile, writeAtomic } from './folderIo.ts';

export const PUBLISHED_DIR = path.join(STATE_DIR, 'published');
/** AES-GCM's tag per chunk: what a document's ciphertext adds to its plaintext. */
const TAG_BYTES = 16;

/** meeting.json and delegates.csv as a publish is about to read them. */
export interface PublishedInputs {
  readonly meeting: Uint8Array;
  readonly delegates: Uint8Array;
}

/**
 * Read before the publish starts: saves go on while a job runs, and a copy taken after it would hold edits that
 * were never published, so the change list would hide them.
 */
export async function readPublishedInputs(folder: string): Promise<PublishedInputs> {
  return { meeting: new Uint8Array(await readFile(path.join(folder, MEETING_FILE))), delegates: new Uint8Array(await readFile(path.join(folder, DELEGATES_FILE))) };
}

/** Keeps the meeting.json and delegates.csv that were published (called after a publish succeeded; read now when not given). */
export async function keepPublishedCopy(folder: string, given?: PublishedInputs): Promise<void> {
  const inputs = given ?? (await readPublishedInputs(folder));
  const dir = path.join(folder, PUBLISHED_DIR);
  await writeAtomic(path.join(dir, MEETING_FILE), inputs.meeting);
  await writeAtomic(path.join(dir, DELEGATES_FILE), inputs.delegates);
}

interface Flat {
  readonly number: string;
  readonly title: string;
  readonly body: string;
}

function flatten(items: readonly AgendaItemSpec[], prefix = ''): Flat[] {
  return items.flatMap((item, i) => {
    const number = `${prefix}${i + 1}`;
    const { documents: _d, items: sub, ...rest } = item;
    return [{ number, title: item.title, body: JSON.stringify(rest) }, ...flatten(sub ?? [], `${number}.`)];
  });
}

function agendaEdits(before: readonly AgendaItemSpec[], after: readonly AgendaItemSpec[]): DraftChanges['agendaEdits'] {
  const a = new Map(flatten(before).map((f) => [f.number, f]));
  const b = flatten(after);
  const edits: DraftChanges['agendaEdits'][number][] = [];
  for (const item of b) {
    const old = a.get(item.number);
    if (!old) edits.push({ code: 'AGENDA_ITEM_ADDED', params: { number: item.number, title: item.title } });
    else if (old.title !== item.title) edits.push({ code: 'AGENDA_ITEM_RENAMED', params: { number: item.number, from: old.title, to: item.title } });
    else if (old.body !== item.body) edits.push({ code: 'AGENDA_ITEM_EDITED', params: { number: item.number, title: item.title } });
    a.delete(item.number);
  }
  for (const old of a.values()) edits.push({ code: 'AGENDA_ITEM_REMOVED', params: { number: old.number, title: old.title } });
  return edits;
}

const ciphertextBytes = (bytes: number): number => bytes + TAG_BYTES * Math.max(1, Math.ceil(bytes / CHUNK_SIZE));

export async function draftChanges(folder: string, view: FolderView): Promise<DraftChanges> {
  const state = await loadState(folder).catch(() => undefined);
  const docs = view.draft.documents;
  if (!state) {
    return {
      firstPublish: true,
      documentsAdded: docs.map((d) => ({ documentId: d.documentId, title: d.title })),
      documentsReplaced: [],
      documentsRemoved: [],
      agendaEdits: [],
      delegatesAdded: view.draft.delegates.map((d) => d.id),
      delegatesRemoved: [],
      meetingEdited: false,
      uploadBytes: docs.reduce((n, d) => n + ciphertextBytes(d.bytes), 0),
    };
  }
  const published = path.join(folder, PUBLISHED_DIR);
  const hasCopy = (await readJsonFile(path.join(published, MEETING_FILE))) !== undefined;
  const before = hasCopy ? await readMeetingLoose(published) : undefined;
  const beforeDelegates = hasCopy ? (await readDelegatesLoose(published)).map((d) => d.id) : Object.keys(state.members);
  // Only documents the current agenda lists are published (unattached ones are not in meeting.json).
  const listedFiles = new Set(allDocumentSpecs(view.agendaSpec, emptyMeta('')).map((d) => normalizeFile(d.file)));
  const current = docs.filter((d) => listedFiles.has(d.file));
  const titles = new Map<string, string>((before ? allDocumentSpecs(before.agenda, emptyMeta('')) : []).map((d: DocumentSpec) => [normalizeFile(d.file), d.title]));
  const added = current.filter((d) => state.documents[d.file] === undefined);
  const replaced = current.filter((d) => state.documents[d.file] !== undefined && state.documents[d.file]?.sha256 !== d.sha256);
  const removed = Object.entries(state.documents).filter(([file]) => !listedFiles.has(file));
  const ids = new Set(view.draft.delegates.map((d) => d.id));
  return {
    firstPublish: false,
    documentsAdded: added.map((d) => ({ documentId: d.documentId, title: d.title })),
    documentsReplaced: replaced.map((d) => ({ documentId: d.documentId, title: d.title })),
    documentsRemoved: removed.map(([file, d]) => ({ documentId: d.id, title: titles.get(file) ?? file })),
    agendaEdits: before ? agendaEdits(before.agenda, view.agendaSpec) : [],
    delegatesAdded: [...ids].filter((id) => !beforeDelegates.includes(id)),
    delegatesRemoved: beforeDelegates.filter((id) => !ids.has(id)),
    meetingEdited: before ? JSON.stringify(before.meeting) !== JSON.stringify(view.draft.meeting) : false,
    uploadBytes: [...added, ...replaced].reduce((n, d) => n + ciphertextBytes(d.bytes), 0),
  };
}
