// What the CLI and the app read from the vault: document lists, meeting views, decrypted streams, exports.
// Nothing here writes plaintext except exportDocument, and it leaves either the whole checked file or nothing.
import { existsSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import type { LeaseInfo } from '../../../common/api/appTypes.ts';
import type { DeviceCore } from '../../../common/device/DeviceCore.ts';
import type { OpenedRevision } from '../../../common/device/openPack.ts';
import type { AgendaNode, DocumentEntry, MeetingInfo, PackManifest } from '../../../common/pack/format.ts';
import type { Delegate, DocumentKind, Role } from '../../../common/meeting/types.ts';
import { CouncilError } from '../../../common/result.ts';
import { FileKeyProtector } from '../keys/FileKeyProtector.ts';
import type { KeyProtector } from '../keys/KeyProtector.ts';
import type { MeetingStatus } from './meetingQueries.ts';
import { nodeDeviceCore } from './nodeCore.ts';
import { openSqliteDeviceStore, withSqliteDeviceStore } from './sqliteDeviceStore.ts';
import { vaultPath } from './vaultDb.ts';

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
  /** The meeting's device lease, checked (and carried out) as the list was read. */
  readonly lease?: LeaseInfo;
}

/** A meeting as the CLI reads it from the vault (the app's view is common/api/appTypes.ts MeetingView). */
export interface StoredMeetingView {
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

/** Runs fn over the device core of an existing vault; a missing vault is VAULT_NOT_FOUND, never an empty new file. */
async function withVault<T>(dataDir: string, options: VaultOptions, fn: (core: DeviceCore) => Promise<T>): Promise<T> {
  const out = await withSqliteDeviceStore(dataDir, false, (store) => fn(nodeDeviceCore(store, protectorFor(dataDir, options))));
  if (out === undefined) throw new CouncilError('VAULT_NOT_FOUND', `no vault in ${dataDir} (run council join first)`);
  return out;
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

const toDocRowsOf = (o: OpenedRevision): DocRow[] => toDocRows(o.manifest, o.documents);

/** Every readable document of every meeting that has a complete revision. An absent vault lists nothing. */
export async function listDocuments(dataDir: string, options: VaultOptions = {}): Promise<DocRow[]> {
  const rows = await withSqliteDeviceStore(dataDir, false, async (store) => {
    const core = nodeDeviceCore(store, protectorFor(dataDir, options));
    const out: DocRow[] = [];
    for (const stored of await store.listMeetings()) {
      const lease = await core.enforceLease(stored.id);
      const record = (await store.getMeeting(stored.id)) ?? stored;
      if (record.status === 'revoked' || record.status === 'expired' || record.currentRevision === null) continue;
      out.push(...toDocRowsOf(await core.openCurrent(record)).map((row) => (lease ? { ...row, lease } : row)));
    }
    return out;
  });
  return rows ?? [];
}

export async function getMeeting(dataDir: string, meetingId: string, options: VaultOptions = {}): Promise<StoredMeetingView> {
  return withVault(dataDir, options, async (core) => {
    const record = await core.store.getMeeting(meetingId);
    if (!record) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${meetingId} is not in the vault`);
    const opened = await core.openCurrent(record);
    const m = opened.manifest;
    return {
      meetingId,
      server: record.server,
      delegateId: record.delegateId,
      role: record.role,
      status: record.status,
      revision: m.revision,
      publishedAt: m.publishedAt,
      meeting: m.meeting,
      agenda: m.agenda,
      delegates: m.delegates,
      documents: toDocRowsOf(opened),
    };
  });
}

interface Located {
  readonly meetingId: string;
  readonly entry: DocumentEntry;
}

/**
 * Finds a document by id (optionally within one meeting). A confidential document this delegate holds no key
 * for is NOT_A_READER: its id is visible in the manifest, its entry and chunks never reach this device.
 */
async function locate(core: DeviceCore, docId: string, meetingId: string | undefined): Promise<Located> {
  const found: Located[] = [];
  let sealedOnly = false;
  let revoked: string | undefined;
  let shredded: string | undefined;
  for (const stored of await core.store.listMeetings()) {
    if (meetingId !== undefined && stored.id !== meetingId) continue;
    await core.enforceLease(stored.id);
    const record = (await core.store.getMeeting(stored.id)) ?? stored;
    if (record.status === 'revoked') revoked = record.id;
    if (record.status === 'expired') shredded = record.id;
    if (record.status === 'revoked' || record.status === 'expired' || record.currentRevision === null) continue;
    const opened = await core.openCurrent(record);
    const entry = opened.documents.find((d) => d.id === docId);
    if (entry) found.push({ meetingId: record.id, entry });
    else if ((await core.shredding(record.id))?.documentIds.includes(docId)) shredded = record.id;
    else if (opened.manifest.sealedDocuments.some((s) => s.id === docId)) sealedOnly = true;
  }
  const [first, second] = found;
  if (second) throw new CouncilError('BAD_REQUEST', `document ${docId} exists in several meetings; name the meeting`);
  if (first) return first;
  if (shredded) throw new CouncilError('LEASE_EXPIRED', `document ${docId} was deleted from this device (meeting ${shredded}) after too long without reaching the server; run council join again`);
  if (sealedOnly) throw new CouncilError('NOT_A_READER', `document ${docId} is confidential and this delegate is not among its readers`);
  if (revoked) throw new CouncilError('REVOKED', `document ${docId} is not in the vault; the invitation to meeting ${revoked} was revoked`);
  throw new CouncilError('VAULT_NOT_FOUND', `document ${docId} is not in the vault`);
}

export interface DocumentRef extends VaultOptions {
  readonly dataDir: string;
  readonly docId: string;
  readonly meetingId?: string;
}

/** The plaintext, chunk by chunk (the document is good once the iteration ends without throwing). */
export async function* openDocumentStream(dataDir: string, docId: string, options: VaultOptions & { readonly meetingId?: string } = {}): AsyncGenerator<Uint8Array> {
  // The store stays open while the caller iterates, and closes when the iteration ends or is abandoned.
  if (!existsSync(vaultPath(dataDir))) throw new CouncilError('VAULT_NOT_FOUND', `no vault in ${dataDir} (run council join first)`);
  const store = openSqliteDeviceStore(dataDir, { create: false });
  try {
    const core = nodeDeviceCore(store, protectorFor(dataDir, options));
    const { meetingId } = await locate(core, docId, options.meetingId);
    yield* (await core.documentStream(meetingId, docId)).stream;
  } finally {
    store.close();
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
  return withVault(ref.dataDir, ref, async (core) => {
    const located = await locate(core, ref.docId, ref.meetingId);
    const { entry, stream } = await core.documentStream(located.meetingId, ref.docId);
    const partial = `${ref.out}.partial`;
    const file = await open(partial, 'w', 0o600);
    try {
      for await (const plain of stream) await file.write(plain);
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
