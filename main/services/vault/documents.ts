// What the CLI and the app read from the vault: document lists, meeting views, decrypted streams, exports.
// Nothing here writes plaintext except exportDocument, and it leaves either the whole checked file or nothing.
import { existsSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import type { AgendaNode, DocumentEntry, MeetingInfo, PackManifest } from '../../../common/pack/format.ts';
import type { Delegate, DocumentKind, Role } from '../../../common/meeting/types.ts';
import { documentKey } from '../../../common/pack/manifest.ts';
import { CouncilError } from '../../../common/result.ts';
import { FileKeyProtector } from '../keys/FileKeyProtector.ts';
import type { KeyProtector } from '../keys/KeyProtector.ts';
import { decryptStoredDocument } from './documentStream.ts';
import { getMeetingRecord, listMeetingRecords, type MeetingStatus } from './meetingQueries.ts';
import { openStoredMeeting, type OpenedMeeting } from './storedMeeting.ts';
import { openVaultDb, vaultPath, type VaultDb } from './vaultDb.ts';

export interface VaultOptions {
  /** Defaults to the FileKeyProtector of dataDir; the Electron app passes its safeStorage protector. */
  readonly protector?: KeyProtector;
}

export interface DocRow {
  readonly id: string;
  readonly meetingId: string;
  readonly meetingTitle: string;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly agendaItemId: string;
  readonly agendaTitle: string;
  readonly pages: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly confidential: boolean;
  /** The pack revision in which this document last changed. */
  readonly revision: number;
  /** The pack revision the vault holds. */
  readonly packRevision: number;
}

export interface MeetingView {
  readonly meetingId: string;
  readonly server: string;
  readonly delegateId: string;
  readonly role: Role;
  readonly status: MeetingStatus;
  readonly revision: number;
  readonly publishedAt: string;
  readonly meeting: MeetingInfo;
  readonly agenda: readonly AgendaNode[];
  readonly delegates: readonly Delegate[];
  /** Ordinary documents and the confidential ones this delegate may read. */
  readonly documents: readonly DocRow[];
}

export function protectorFor(dataDir: string, options: VaultOptions): KeyProtector {
  return options.protector ?? FileKeyProtector.open(dataDir);
}

/** Opens an existing vault for reading; a missing vault is VAULT_NOT_FOUND, never an empty new file. */
async function withVault<T>(dataDir: string, options: VaultOptions, fn: (db: VaultDb, protector: KeyProtector) => Promise<T>): Promise<T> {
  if (!existsSync(vaultPath(dataDir))) throw new CouncilError('VAULT_NOT_FOUND', `no vault in ${dataDir} (run council join first)`);
  const db = openVaultDb(dataDir, { create: false });
  try {
    return await fn(db, protectorFor(dataDir, options));
  } finally {
    db.close();
  }
}

function agendaTitles(agenda: readonly AgendaNode[], out = new Map<string, string>()): Map<string, string> {
  for (const node of agenda) {
    out.set(node.id, node.title);
    agendaTitles(node.items, out);
  }
  return out;
}

/** Rows for the readable documents of one manifest. */
export function toDocRows(manifest: PackManifest, readable: readonly DocumentEntry[]): DocRow[] {
  const titles = agendaTitles(manifest.agenda);
  return readable.map((d) => ({
    id: d.id,
    meetingId: manifest.meetingId,
    meetingTitle: manifest.meeting.title,
    title: d.title,
    kind: d.kind,
    agendaItemId: d.agendaItemId,
    agendaTitle: titles.get(d.agendaItemId) ?? '',
    pages: d.pages,
    bytes: d.bytes,
    sha256: d.sha256,
    confidential: d.confidential,
    revision: d.revision,
    packRevision: manifest.revision,
  }));
}

const toDocRowsOf = (o: OpenedMeeting): DocRow[] => toDocRows(o.manifest, o.readable);

/** Every readable document of every meeting that has a complete revision. An absent vault lists nothing. */
export async function listDocuments(dataDir: string, options: VaultOptions = {}): Promise<DocRow[]> {
  if (!existsSync(vaultPath(dataDir))) return [];
  return withVault(dataDir, options, async (db, protector) => {
    const rows: DocRow[] = [];
    for (const record of listMeetingRecords(db)) {
      if (record.status === 'revoked' || record.currentRevision === null) continue;
      rows.push(...toDocRowsOf(await openStoredMeeting(db, protector, record)));
    }
    return rows;
  });
}

export async function getMeeting(dataDir: string, meetingId: string, options: VaultOptions = {}): Promise<MeetingView> {
  return withVault(dataDir, options, async (db, protector) => {
    const record = getMeetingRecord(db, meetingId);
    if (!record) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${meetingId} is not in the vault`);
    const opened = await openStoredMeeting(db, protector, record);
    const m = opened.manifest;
    return {
      meetingId,
      server: record.server,
      delegateId: record.delegateId,
      role: record.role,
      status: record.status,
      revision: opened.revision,
      publishedAt: m.publishedAt,
      meeting: m.meeting,
      agenda: m.agenda,
      delegates: m.delegates,
      documents: toDocRowsOf(opened),
    };
  });
}

interface Located {
  readonly opened: OpenedMeeting;
  readonly entry: DocumentEntry;
}

/**
 * Finds a document by id (optionally within one meeting). A confidential document this delegate holds no key
 * for is NOT_A_READER: its id is visible in the manifest, its entry and chunks never reach this device.
 */
async function locate(db: VaultDb, protector: KeyProtector, docId: string, meetingId: string | undefined): Promise<Located> {
  const found: Located[] = [];
  let sealedOnly = false;
  let revoked: string | undefined;
  for (const record of listMeetingRecords(db)) {
    if (meetingId !== undefined && record.id !== meetingId) continue;
    if (record.status === 'revoked') revoked = record.id;
    if (record.status === 'revoked' || record.currentRevision === null) continue;
    const opened = await openStoredMeeting(db, protector, record);
    const entry = opened.readable.find((d) => d.id === docId);
    if (entry) found.push({ opened, entry });
    else if (opened.manifest.sealedDocuments.some((s) => s.id === docId)) sealedOnly = true;
  }
  const [first, second] = found;
  if (second) throw new CouncilError('BAD_REQUEST', `document ${docId} exists in several meetings; name the meeting`);
  if (first) return first;
  if (sealedOnly) throw new CouncilError('NOT_A_READER', `document ${docId} is confidential and this delegate is not among its readers`);
  if (revoked) throw new CouncilError('REVOKED', `document ${docId} is not in the vault; the invitation to meeting ${revoked} was revoked`);
  throw new CouncilError('VAULT_NOT_FOUND', `document ${docId} is not in the vault`);
}

export interface DocumentRef extends VaultOptions {
  readonly dataDir: string;
  readonly docId: string;
  readonly meetingId?: string;
}

/** The plaintext, chunk by chunk (see decryptStoredDocument: the document is good once iteration ends). */
export async function* openDocumentStream(dataDir: string, docId: string, options: VaultOptions & { readonly meetingId?: string } = {}): AsyncGenerator<Uint8Array> {
  if (!existsSync(vaultPath(dataDir))) throw new CouncilError('VAULT_NOT_FOUND', `no vault in ${dataDir} (run council join first)`);
  const db = openVaultDb(dataDir, { create: false });
  try {
    const { opened, entry } = await locate(db, protectorFor(dataDir, options), docId, options.meetingId);
    yield* decryptStoredDocument(db, entry, documentKey(entry, opened.bundle));
  } finally {
    db.close();
  }
}

export interface ExportResult {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly title: string;
}

/** Decrypts into `<out>.partial`, checks size and SHA-256, then renames; on any failure deletes the partial. */
export async function exportDocument(ref: DocumentRef & { readonly out: string }): Promise<ExportResult> {
  return withVault(ref.dataDir, ref, async (db, protector) => {
    const { opened, entry } = await locate(db, protector, ref.docId, ref.meetingId);
    const partial = `${ref.out}.partial`;
    const file = await open(partial, 'w', 0o600);
    try {
      for await (const plain of decryptStoredDocument(db, entry, documentKey(entry, opened.bundle))) await file.write(plain);
      await file.sync();
      await file.close();
      await rename(partial, ref.out);
    } catch (e) {
      await file.close().catch(() => undefined);
      await rm(partial, { force: true });
      throw e;
    }
    return { path: ref.out, bytes: entry.bytes, sha256: entry.sha256, title: entry.title };
  });
}
