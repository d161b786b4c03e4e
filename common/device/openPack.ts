// Opening a manifest, in ONE place, with every check: the signature under the key the invitation pins, the
// meeting, the server answering for THIS invitation's delegate, no rollback below what the device holds, this
// delegate's keys, and the role taken from the signed delegate list. A stored revision is reopened through the
// same function, so nothing read from the device is trusted more than what came from the network.
import type { ManifestResponse } from '../api/http.ts';
import type { Role } from '../meeting/types.ts';
import { fromB64url } from '../pack/encoding.ts';
import { entryChunks, type ChunkRef, type DocumentEntry, type Invitation, type KeyBundle, type ManifestEnvelope, type PackManifest, type WrappedKeys } from '../pack/format.ts';
import { deriveCredentials } from '../pack/invite.ts';
import { openManifest, readableDocuments, unwrapKeyBundle, verifyEnvelope } from '../pack/manifest.ts';
import { CouncilError } from '../result.ts';

/** Who this device is in a meeting: enough to open what the invitation opens. */
export type Who = Pick<Invitation, 'meetingId' | 'delegateId' | 'secret' | 'publisherKey'>;

export interface OpenedRevision {
  readonly envelope: ManifestEnvelope;
  readonly wrappedKeys: WrappedKeys;
  readonly manifest: PackManifest;
  readonly bundle: KeyBundle;
  /** Ordinary documents and the confidential ones this delegate holds a key for. */
  readonly documents: readonly DocumentEntry[];
  /** From the signed delegate list. */
  readonly role: Role;
}

/** When the signed list does not name the delegate (a secretariat mistake), the least powerful role. */
export const UNLISTED_ROLE: Role = 'observer';

export function meetingKeyOf(bundle: KeyBundle): Uint8Array {
  const key = fromB64url(bundle.meetingKey);
  if (!key) throw new CouncilError('PACK_FORMAT', 'the meeting key is not base64url');
  return key;
}

/** Verifies and opens a signed envelope with this delegate's wrapped keys (fetched or stored). */
export async function openRevision(who: Who, envelope: unknown, wrappedKeys: WrappedKeys): Promise<OpenedRevision> {
  const env = await verifyEnvelope(envelope, who.publisherKey);
  if (env.meetingId !== who.meetingId) throw new CouncilError('PACK_FORMAT', 'the manifest is for another meeting');
  const { wrapKey } = await deriveCredentials(who);
  const bundle = await unwrapKeyBundle(wrappedKeys, wrapKey, { meetingId: who.meetingId, delegateId: who.delegateId, revision: env.revision });
  const manifest = await openManifest(env, meetingKeyOf(bundle), who.publisherKey);
  const role = manifest.delegates.find((d) => d.id === who.delegateId)?.role ?? UNLISTED_ROLE;
  return { envelope: env, wrappedKeys, manifest, bundle, documents: await readableDocuments(manifest, bundle), role };
}

/**
 * The server's answer to GET manifest, checked before anything is opened: it must answer for the
 * invitation's delegate (a server or proxy answering with another member's keys is refused), and never
 * offer a revision older than `floor`, the highest this device has held (rollbackFloor).
 */
export async function openManifestAnswer(who: Who, answer: ManifestResponse, floor: number | null): Promise<OpenedRevision> {
  if (answer?.delegateId !== who.delegateId) throw new CouncilError('UNAUTHORIZED', 'the server answered for another delegate');
  const opened = await openRevision(who, answer.envelope, answer.wrappedKeys);
  if (floor !== null && opened.manifest.revision < floor) {
    throw new CouncilError('CONFLICT', `the server offers revision ${opened.manifest.revision}, older than revision ${floor} this device has held`);
  }
  return opened;
}

/**
 * The oldest revision a server may offer this device for a meeting it stored: the current one, the pending one
 * (verified when it was offered), and the highest one held before a shredding (revoke or lease) cleared them.
 * Null when the device holds nothing of the meeting from this publisher.
 */
export function rollbackFloor(
  record: { readonly publisherKey: string; readonly currentRevision: number | null; readonly pendingRevision: number | null; readonly highestRevision?: number | null } | undefined,
  publisherKey: string,
): number | null {
  if (!record || record.publisherKey !== publisherKey) return null;
  const floor = Math.max(record.currentRevision ?? 0, record.pendingRevision ?? 0, record.highestRevision ?? 0);
  return floor > 0 ? floor : null;
}

/** Unique chunks of the given documents, in document order. */
export function chunkRefs(docs: readonly DocumentEntry[]): ChunkRef[] {
  const byHash = new Map<string, ChunkRef>();
  for (const d of docs) for (const c of entryChunks(d)) byHash.set(c.hash, c);
  return [...byHash.values()];
}

export const totalBytes = (refs: readonly ChunkRef[]): number => refs.reduce((n, r) => n + r.size, 0);
