// `council join`: from an invitation link to a verified revision in the vault (issue "meeting packs" §4).
// Order matters: nothing is stored before the manifest's signature (pinned key) and the key bundle check out;
// a new revision becomes current only after every readable document decrypted and matched its SHA-256.
import type { Role } from '../../../common/meeting/types.ts';
import { fromB64url } from '../../../common/pack/encoding.ts';
import type { ChunkRef, DocumentEntry, Invitation, KeyBundle, ManifestEnvelope, PackManifest, WrappedKeys } from '../../../common/pack/format.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { documentKey, openManifest, readableDocuments, unwrapKeyBundle, verifyEnvelope } from '../../../common/pack/manifest.ts';
import { CouncilError } from '../../../common/result.ts';
import type { KeyProtector } from '../keys/KeyProtector.ts';
import { missingChunks } from '../vault/chunkQueries.ts';
import { protectorFor, toDocRows, type DocRow } from '../vault/documents.ts';
import { verifyStoredDocument } from '../vault/documentStream.ts';
import {
  abandonRevision,
  beginRevision,
  commitRevision,
  getMeetingRecord,
  markRevoked,
  saveMeetingIdentity,
  type MeetingRecord,
} from '../vault/meetingQueries.ts';
import { meetingKeyOf } from '../vault/storedMeeting.ts';
import { openVaultDb, type VaultDb } from '../vault/vaultDb.ts';
import { downloadChunks } from './downloadChunks.ts';
import { createPackClient, type FetchImpl, type PackClient } from './packClient.ts';

export interface JoinProgress {
  readonly phase: 'download' | 'verify';
  /** Ciphertext bytes present (reused + downloaded) out of all the readable documents need. */
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Documents verified so far (verification follows the download). */
  readonly docsDone: number;
  readonly docsTotal: number;
}

export interface JoinOptions {
  readonly link: string;
  readonly dataDir: string;
  readonly protector?: KeyProtector;
  readonly onProgress?: (p: JoinProgress) => void;
  readonly signal?: AbortSignal;
  readonly fetchImpl?: FetchImpl;
  readonly concurrency?: number;
}

export interface JoinResult {
  readonly meetingId: string;
  readonly title: string;
  readonly revision: number;
  /** The revision held before this join, null on a first join. */
  readonly previousRevision: number | null;
  readonly delegateId: string;
  readonly role: Role;
  readonly documents: readonly DocRow[];
  /** Ciphertext bytes fetched by this run. */
  readonly downloadedBytes: number;
  /** Ciphertext bytes the vault already held (an earlier revision, an interrupted run). */
  readonly reusedBytes: number;
}

export interface Fetched {
  readonly envelope: ManifestEnvelope;
  readonly manifest: PackManifest;
  readonly bundle: KeyBundle;
  readonly wrappedKeys: WrappedKeys;
  readonly docs: readonly DocumentEntry[];
  readonly role: Role;
}

interface Transfer {
  readonly downloadedBytes: number;
  readonly reusedBytes: number;
}

export async function joinMeeting(options: JoinOptions): Promise<JoinResult> {
  const inv = parseInvitationLink(options.link);
  const creds = await deriveCredentials(inv);
  const client = createPackClient(inv.server, creds.authToken, options.fetchImpl, options.signal);
  const protector = protectorFor(options.dataDir, options);
  const db = openVaultDb(options.dataDir);
  try {
    const existing = getMeetingRecord(db, inv.meetingId);
    checkIdentity(existing, inv);
    const onRevoked = (): void => {
      if (existing) markRevoked(db, inv.meetingId);
    };
    const fetched = await fetchManifest(client, inv, creds.wrapKey, existing?.currentRevision ?? null, onRevoked);
    const blob = await protector.protect(secretBytes(inv));
    const identity = { id: inv.meetingId, server: inv.server, delegateId: inv.delegateId, role: fetched.role, publisherKey: inv.publisherKey };
    saveMeetingIdentity(db, identity, { protector: protector.describe(), blob });
    const upToDate = existing?.status === 'active' && existing.currentRevision === fetched.manifest.revision;
    const transfer = upToDate ? { downloadedBytes: 0, reusedBytes: totalBytes(chunkRefs(fetched.docs)) } : await fetchRevision(db, client, fetched, options);
    return {
      meetingId: inv.meetingId,
      title: fetched.manifest.meeting.title,
      revision: fetched.manifest.revision,
      previousRevision: existing?.currentRevision ?? null,
      delegateId: inv.delegateId,
      role: fetched.role,
      documents: toDocRows(fetched.manifest, fetched.docs),
      ...transfer,
    };
  } finally {
    db.close();
  }
}

function checkIdentity(existing: MeetingRecord | undefined, inv: Invitation): void {
  if (!existing) return;
  if (existing.publisherKey !== inv.publisherKey) {
    throw new CouncilError('PACK_WRONG_PUBLISHER', `meeting ${inv.meetingId} is in the vault with another publisher key than this link names`);
  }
  if (existing.delegateId !== inv.delegateId && existing.status !== 'revoked') {
    throw new CouncilError('CONFLICT', `this vault holds meeting ${inv.meetingId} as delegate ${existing.delegateId}; use another --data folder`);
  }
}

/** GET the manifest, verify its signature with the pinned key, unwrap this delegate's keys, open the manifest. */
export async function fetchManifest(client: PackClient, inv: Invitation, wrapKey: CryptoKey, current: number | null, onRevoked?: () => void): Promise<Fetched> {
  let res;
  try {
    res = await client.manifest(inv.meetingId);
  } catch (e) {
    if (e instanceof CouncilError && e.code === 'REVOKED') onRevoked?.();
    throw e;
  }
  const envelope = await verifyEnvelope(res.envelope, inv.publisherKey);
  if (envelope.meetingId !== inv.meetingId) throw new CouncilError('PACK_FORMAT', 'the server sent the manifest of another meeting');
  if (res.delegateId !== inv.delegateId) throw new CouncilError('UNAUTHORIZED', 'the server answered for another delegate');
  if (current !== null && envelope.revision < current) {
    throw new CouncilError('CONFLICT', `the server offers revision ${envelope.revision}, older than revision ${current} in the vault`);
  }
  const bundle = await unwrapKeyBundle(res.wrappedKeys, wrapKey, { meetingId: inv.meetingId, delegateId: inv.delegateId, revision: envelope.revision });
  const manifest = await openManifest(envelope, meetingKeyOf(bundle), inv.publisherKey);
  const docs = await readableDocuments(manifest, bundle);
  // The signed delegate list is the authority on roles; the server's word is only a fallback.
  const role = manifest.delegates.find((d) => d.id === inv.delegateId)?.role ?? res.role;
  return { envelope, manifest, bundle, wrappedKeys: res.wrappedKeys, docs, role };
}

function secretBytes(inv: Invitation): Uint8Array {
  const secret = fromB64url(inv.secret);
  if (!secret) throw new CouncilError('LINK_INVALID', 'bad secret');
  return secret;
}

/** Unique chunks of the given documents, in document order. */
export function chunkRefs(docs: readonly DocumentEntry[]): ChunkRef[] {
  const byHash = new Map<string, ChunkRef>();
  for (const d of docs) for (const c of d.chunks) byHash.set(c.hash, c);
  return [...byHash.values()];
}

export const totalBytes = (refs: readonly ChunkRef[]): number => refs.reduce((n, r) => n + r.size, 0);

/** Download what is missing, verify every readable document, then switch the meeting to this revision. */
async function fetchRevision(db: VaultDb, client: PackClient, f: Fetched, options: JoinOptions): Promise<Transfer> {
  const { meetingId, revision } = f.manifest;
  const refs = chunkRefs(f.docs);
  beginRevision(db, { meetingId, revision, envelope: f.envelope, wrappedKeys: f.wrappedKeys, hashes: refs.map((r) => r.hash) });
  const missing = new Set(missingChunks(db, meetingId, revision));
  const toFetch = refs.filter((r) => missing.has(r.hash));
  const bytesTotal = totalBytes(refs);
  const reusedBytes = bytesTotal - totalBytes(toFetch);
  let bytesDone = reusedBytes;
  const report = (phase: JoinProgress['phase'], docsDone: number): void =>
    options.onProgress?.({ phase, bytesDone, bytesTotal, docsDone, docsTotal: f.docs.length });
  report('download', 0);
  // A bad document stops the downloads still running: the revision is going to be dropped anyway.
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) stop.abort(options.signal.reason);
  const verifier = createVerifier(db, f, missing, stop, (done) => report('verify', done));
  const downloaded = downloadChunks({
    db,
    client,
    refs: toFetch,
    signal: stop.signal,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    onChunk: (ref) => {
      bytesDone += ref.size;
      report('download', 0);
      verifier.stored(ref.hash);
    },
  });
  // A verification failure is final for this revision; a download failure leaves it pending for a retry.
  const [download, verified] = await Promise.allSettled([downloaded, verifier.done(downloaded)]);
  options.signal?.removeEventListener('abort', onOuterAbort);
  if (verified.status === 'rejected') {
    abandonRevision(db, meetingId, revision);
    throw verified.reason;
  }
  if (download.status === 'rejected') throw download.reason;
  commitRevision(db, meetingId, revision);
  return { downloadedBytes: bytesDone - reusedBytes, reusedBytes };
}

/**
 * Decrypts every readable document from the vault and checks it against the signed manifest, keeping no
 * plaintext. Each document is verified as soon as its last chunk is stored, one document at a time, so the
 * crypto overlaps the download. A failure here means the signed pack itself is bad.
 */
function createVerifier(db: VaultDb, f: Fetched, missing: ReadonlySet<string>, stop: AbortController, onDoc: (done: number) => void) {
  const waiting = new Map(f.docs.map((doc) => [doc, new Set(doc.chunks.map((c) => c.hash).filter((h) => missing.has(h)))]));
  let chain: Promise<void> = Promise.resolve();
  let verifiedDocs = 0;
  const verify = (doc: DocumentEntry): void => {
    waiting.delete(doc);
    chain = chain.then(async () => {
      // Cancelled or failed download: stop verifying, the revision stays pending for a retry.
      if (stop.signal.aborted) return;
      await verifyStoredDocument(db, doc, documentKey(doc, f.bundle));
      onDoc(++verifiedDocs);
    });
    chain.catch((e: unknown) => stop.abort(e));
  };
  for (const [doc, left] of waiting) if (left.size === 0) verify(doc);
  return {
    stored(hash: string): void {
      for (const [doc, left] of waiting) if (left.delete(hash) && left.size === 0) verify(doc);
    },
    /** Settles when every document is verified, or when the download failed and what was queued is done. */
    async done(download: Promise<void>): Promise<void> {
      const ok = await download.then(
        () => true,
        () => false,
      );
      await chain;
      if (ok && (waiting.size > 0 || verifiedDocs < f.docs.length)) throw new CouncilError('PACK_TRUNCATED', `${waiting.size} document(s) incomplete after the download`);
    },
  };
}
