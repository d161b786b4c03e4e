// Which documents need new ciphertext, and the two streaming passes over them: one to learn the chunk
// hashes (what the server may be missing), one to upload only the missing chunks. Encryption with a given
// key and nonce prefix is deterministic, so the second pass reproduces the first byte for byte; memory stays
// at a few chunks whatever the size of the documents, and no ciphertext is spooled to disk.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { bilingualMessage } from '../../../common/i18n/messages.ts';
import { randomBytes } from '../../../common/pack/crypto.ts';
import { fromB64url, toB64url } from '../../../common/pack/encoding.ts';
import { CHUNK_SIZE, GCM_TAG_BYTES, KEY_BYTES, NONCE_PREFIX_BYTES, type ChunkRef } from '../../../common/pack/format.ts';
import { encryptDocument } from '../../../common/pack/stream.ts';
import { CouncilError } from '../../../common/result.ts';
import type { AdminClient } from './adminClient.ts';
import type { CheckedDocument } from './documents.ts';
import type { DocumentState, PublisherState } from './state.ts';

export interface PlannedDocument {
  readonly doc: CheckedDocument;
  readonly id: string;
  readonly key: string;
  readonly noncePrefix: string;
  /** The revision in which this content (and key) first appeared. */
  readonly revision: number;
  /** True when the saved state already holds this exact content under this key. */
  readonly unchanged: boolean;
  chunks: readonly ChunkRef[];
}

export type PublishPhase = 'encrypt' | 'upload';
export interface PublishProgress {
  readonly phase: PublishPhase;
  /** Bytes done and in all, for the phase. */
  readonly done: number;
  readonly total: number;
}
export type ProgressListener = (p: PublishProgress) => void;

export function planDocuments(
  documents: readonly CheckedDocument[],
  ids: ReadonlyMap<string, string>,
  previous: PublisherState | undefined,
  revision: number,
): PlannedDocument[] {
  return documents.map((doc) => {
    const id = ids.get(doc.file);
    if (id === undefined) throw new Error(`no id for ${doc.file}`);
    const old = previous?.documents[doc.file];
    if (old && canReuse(old, doc, id)) {
      return { doc, id, key: old.key, noncePrefix: old.noncePrefix, revision: old.revision, unchanged: true, chunks: old.chunks };
    }
    return { doc, id, key: toB64url(randomBytes(KEY_BYTES)), noncePrefix: toB64url(randomBytes(NONCE_PREFIX_BYTES)), revision, unchanged: false, chunks: [] };
  });
}

/**
 * Same content, same id, same chunking, and no reader lost the right to read it: a document that became
 * confidential, or lost a reader, gets a new key (the old one is known to people who may not read it now).
 */
function canReuse(old: DocumentState, doc: CheckedDocument, id: string): boolean {
  if (old.sha256 !== doc.sha256 || old.bytes !== doc.bytes || old.id !== id || old.chunkSize !== CHUNK_SIZE) return false;
  if (doc.spec.confidential !== true) return true;
  const readers = new Set(doc.spec.readers ?? []);
  return old.confidential && old.readers.every((r) => readers.has(r));
}

/** Streams the file, checking that it still holds what was validated (size and SHA-256). */
async function* plaintext(doc: CheckedDocument): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const piece of createReadStream(doc.absolutePath, { highWaterMark: CHUNK_SIZE })) {
    const b = piece as Buffer;
    hash.update(b);
    bytes += b.length;
    yield new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  if (bytes !== doc.bytes || hash.digest('hex') !== doc.sha256) {
    throw new CouncilError('MEETING_INVALID', bilingualMessage('FILE_CHANGED_WHILE_PUBLISHING', { file: doc.file }));
  }
}

function encrypt(p: PlannedDocument): AsyncGenerator<{ index: number; hash: string; ciphertext: Uint8Array }> {
  const key = fromB64url(p.key);
  const noncePrefix = fromB64url(p.noncePrefix);
  if (!key || !noncePrefix) throw new CouncilError('INTERNAL', `bad key material for ${p.doc.file}`);
  return encryptDocument({ docId: p.id, key, noncePrefix, source: plaintext(p.doc), chunkSize: CHUNK_SIZE });
}

/** First pass: encrypts new content to learn its chunk list. */
export async function hashNewDocuments(planned: readonly PlannedDocument[], onProgress?: ProgressListener): Promise<void> {
  const todo = planned.filter((p) => !p.unchanged);
  const total = todo.reduce((n, p) => n + p.doc.bytes, 0);
  let done = 0;
  onProgress?.({ phase: 'encrypt', done, total });
  for (const p of todo) {
    const chunks: ChunkRef[] = [];
    for await (const c of encrypt(p)) {
      chunks.push({ hash: c.hash, size: c.ciphertext.length });
      done = Math.min(total, done + c.ciphertext.length - GCM_TAG_BYTES);
      onProgress?.({ phase: 'encrypt', done, total });
    }
    p.chunks = chunks;
  }
}

export interface UploadCount {
  readonly uploadedChunks: number;
  readonly skippedChunks: number;
  readonly uploadedBytes: number;
}

/** Second pass: re-encrypts each document that has a missing chunk and uploads just those chunks. */
export async function uploadMissing(planned: readonly PlannedDocument[], missing: ReadonlySet<string>, client: AdminClient, onProgress?: ProgressListener): Promise<UploadCount> {
  const allChunks = planned.flatMap((p) => p.chunks);
  const pending = new Set(missing);
  const total = allChunks.filter((c) => missing.has(c.hash)).reduce((n, c) => n + c.size, 0);
  let done = 0;
  onProgress?.({ phase: 'upload', done, total });
  for (const p of planned.filter((x) => x.chunks.some((c) => pending.has(c.hash)))) {
    for await (const c of encrypt(p)) {
      if (p.chunks[c.index]?.hash !== c.hash) throw new CouncilError('MEETING_INVALID', bilingualMessage('FILE_CHANGED_WHILE_PUBLISHING', { file: p.doc.file }));
      if (!pending.delete(c.hash)) continue;
      await client.putChunk(c.hash, c.ciphertext);
      done += c.ciphertext.length;
      onProgress?.({ phase: 'upload', done, total });
    }
  }
  const uploadedChunks = missing.size - pending.size;
  return { uploadedChunks, skippedChunks: new Set(allChunks.map((c) => c.hash)).size - uploadedChunks, uploadedBytes: done };
}
