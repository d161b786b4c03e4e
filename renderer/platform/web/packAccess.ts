// Opening what the store holds with common/pack: unwrap the delegate's keys, verify + decrypt the manifest,
// list the readable documents, decrypt a document's chunks. Nothing here touches IndexedDB or the network.
import { fromB64url } from '../../../common/pack/encoding.ts';
import type { DocumentEntry, KeyBundle, PackManifest } from '../../../common/pack/format.ts';
import { deriveCredentials, type DelegateCredentials } from '../../../common/pack/invite.ts';
import { documentKey, openManifest, readableDocuments, unwrapKeyBundle } from '../../../common/pack/manifest.ts';
import { createDocumentDecryptor } from '../../../common/pack/stream.ts';
import { CouncilError } from '../../../common/result.ts';
import type { RevisionRow } from './webStore.ts';

export interface OpenedRevision {
  readonly manifest: PackManifest;
  readonly bundle: KeyBundle;
  readonly documents: readonly DocumentEntry[];
}

export interface Who {
  readonly meetingId: string;
  readonly delegateId: string;
  readonly secret: string;
  readonly publisherKey: string;
}

export function credentialsOf(who: Who): Promise<DelegateCredentials> {
  return deriveCredentials({ secret: who.secret, meetingId: who.meetingId, delegateId: who.delegateId });
}

export async function openRevision(who: Who, row: Pick<RevisionRow, 'envelope' | 'wrappedKeys'>): Promise<OpenedRevision> {
  if (row.envelope.meetingId !== who.meetingId) throw new CouncilError('PACK_FORMAT', 'the manifest is for another meeting');
  const { wrapKey } = await credentialsOf(who);
  const ctx = { meetingId: who.meetingId, delegateId: who.delegateId, revision: row.envelope.revision };
  const bundle = await unwrapKeyBundle(row.wrappedKeys, wrapKey, ctx);
  const meetingKey = fromB64url(bundle.meetingKey);
  if (!meetingKey) throw new CouncilError('PACK_FORMAT', 'the meeting key is not base64url');
  const manifest = await openManifest(row.envelope, meetingKey, who.publisherKey);
  return { manifest, bundle, documents: await readableDocuments(manifest, bundle) };
}

export function totalBytes(docs: readonly DocumentEntry[]): number {
  return docs.reduce((n, d) => n + d.chunks.reduce((m, c) => m + c.size, 0), 0);
}

/** Decrypts a document from its stored ciphertext chunks; verifies size and SHA-256 of the plaintext. */
export async function decryptDocument(
  entry: DocumentEntry,
  bundle: KeyBundle,
  getChunk: (hash: string) => Promise<Uint8Array | undefined>,
): Promise<Uint8Array> {
  const decryptor = await createDocumentDecryptor(entry, documentKey(entry, bundle));
  const out = new Uint8Array(entry.bytes);
  let offset = 0;
  for (const [index, ref] of entry.chunks.entries()) {
    const ciphertext = await getChunk(ref.hash);
    if (!ciphertext) throw new CouncilError('VAULT_NOT_FOUND', `chunk ${index} of ${entry.id} is not on this device`);
    const plain = await decryptor.push(index, ciphertext);
    if (offset + plain.length > out.length) throw new CouncilError('PACK_PLAINTEXT_MISMATCH', `document ${entry.id} is longer than its manifest says`);
    out.set(plain, offset);
    offset += plain.length;
  }
  decryptor.finish();
  return out;
}
