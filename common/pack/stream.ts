// Document encryption in chunks: AES-256-GCM with the STREAM construction (as in age).
// nonce = noncePrefix(7) ‖ chunk index (uint32 BE) ‖ last flag (1 byte); the associated data binds the
// document id, the index and the last flag, so truncated, reordered or swapped chunks fail to decrypt.
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { CouncilError } from '../result.ts';
import { aesGcmDecrypt, aesGcmEncrypt, importAesKey, sha256Hex } from './crypto.ts';
import { fromB64url, toHex, utf8Encode } from './encoding.ts';
import { CHUNK_SIZE, NONCE_PREFIX_BYTES, type DocumentEntry } from './format.ts';

export interface ChunkPosition {
  readonly docId: string;
  readonly index: number;
  readonly last: boolean;
}

export function chunkNonce(noncePrefix: Uint8Array, index: number, last: boolean): Uint8Array {
  if (noncePrefix.length !== NONCE_PREFIX_BYTES) throw new CouncilError('PACK_FORMAT', 'bad nonce prefix length');
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) throw new CouncilError('PACK_FORMAT', 'chunk index out of range');
  const nonce = new Uint8Array(12);
  nonce.set(noncePrefix, 0);
  new DataView(nonce.buffer).setUint32(NONCE_PREFIX_BYTES, index, false);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

export function chunkAad(p: ChunkPosition): Uint8Array {
  return utf8Encode(`council/chunk/v1\0${p.docId}\0${p.index}\0${p.last ? 1 : 0}`);
}

export function encryptChunk(key: CryptoKey, noncePrefix: Uint8Array, p: ChunkPosition, plaintext: Uint8Array): Promise<Uint8Array> {
  return aesGcmEncrypt(key, chunkNonce(noncePrefix, p.index, p.last), chunkAad(p), plaintext);
}

export function decryptChunk(key: CryptoKey, noncePrefix: Uint8Array, p: ChunkPosition, ciphertext: Uint8Array): Promise<Uint8Array> {
  return aesGcmDecrypt(key, chunkNonce(noncePrefix, p.index, p.last), chunkAad(p), ciphertext);
}

/** Number of chunks a document of `bytes` plaintext bytes has (an empty document has one empty chunk). */
export function chunkCount(bytes: number, chunkSize = CHUNK_SIZE): number {
  return Math.max(1, Math.ceil(bytes / chunkSize));
}

export interface EncryptedChunk {
  readonly index: number;
  /** SHA-256 of the ciphertext, hex. */
  readonly hash: string;
  readonly ciphertext: Uint8Array;
}

export interface EncryptDocumentInput {
  readonly docId: string;
  readonly key: Uint8Array;
  readonly noncePrefix: Uint8Array;
  readonly source: Uint8Array | AsyncIterable<Uint8Array>;
  readonly chunkSize?: number;
}

async function* rechunk(source: Uint8Array | AsyncIterable<Uint8Array>, size: number): AsyncGenerator<{ bytes: Uint8Array; last: boolean }> {
  if (source instanceof Uint8Array) {
    const n = chunkCount(source.length, size);
    for (let i = 0; i < n; i++) yield { bytes: source.subarray(i * size, (i + 1) * size), last: i === n - 1 };
    return;
  }
  let buf = new Uint8Array(0);
  let pending: Uint8Array | null = null; // a full chunk held back until we know whether more data follows
  for await (const piece of source) {
    if (piece.length === 0) continue;
    if (pending) {
      yield { bytes: pending, last: false };
      pending = null;
    }
    const merged = new Uint8Array(buf.length + piece.length);
    merged.set(buf);
    merged.set(piece, buf.length);
    let off = 0;
    while (merged.length - off > size) {
      yield { bytes: merged.slice(off, off + size), last: false };
      off += size;
    }
    buf = merged.slice(off);
    if (buf.length === size) {
      pending = buf;
      buf = new Uint8Array(0);
    }
  }
  yield { bytes: pending ?? buf, last: true };
}

/** Chunks in flight at once: WebCrypto works on a thread pool, so a small window uses every core. */
export const CRYPTO_WINDOW = 4;

/** Runs `work` over `items` with up to `window` in flight, yielding results in order. */
export async function* ordered<T, R>(items: AsyncIterable<T> | Iterable<T>, work: (item: T, index: number) => Promise<R>, window = CRYPTO_WINDOW): AsyncGenerator<R> {
  const inflight: Promise<R>[] = [];
  let index = 0;
  try {
    for await (const item of items) {
      const job = work(item, index++);
      // A later job may fail while an earlier one is awaited: mark it handled now; it is still awaited in turn.
      job.catch(() => undefined);
      inflight.push(job);
      if (inflight.length >= window) yield await inflight.shift()!;
    }
    while (inflight.length > 0) yield await inflight.shift()!;
  } finally {
    // Let what is still running finish before the consumer moves on (e.g. deletes a partial file).
    await Promise.allSettled(inflight);
  }
}

/** Encrypts a document chunk by chunk; memory stays at a few chunks whatever the document's size. */
export async function* encryptDocument(input: EncryptDocumentInput): AsyncGenerator<EncryptedChunk> {
  const key = await importAesKey(input.key);
  yield* ordered(rechunk(input.source, input.chunkSize ?? CHUNK_SIZE), async ({ bytes, last }, index) => {
    const ciphertext = await encryptChunk(key, input.noncePrefix, { docId: input.docId, index, last }, bytes);
    return { index, hash: await sha256Hex(ciphertext), ciphertext };
  });
}

/** Incremental SHA-256 over the plaintext. Node passes node:crypto's for speed; the default is pure JS. */
export interface Hasher {
  update(bytes: Uint8Array): void;
  digestHex(): string;
}
export type HasherFactory = () => Hasher;

export const defaultHasherFactory: HasherFactory = () => {
  const h = nobleSha256.create();
  return {
    update: (b) => void h.update(b),
    digestHex: () => toHex(h.digest()),
  };
};

export type DecryptableEntry = Pick<DocumentEntry, 'id' | 'noncePrefix' | 'chunks' | 'sha256' | 'bytes'>;

export interface DocumentDecryptor {
  /** Decrypts chunk `index`; chunks must come in order 0, 1, 2… */
  push(index: number, ciphertext: Uint8Array): Promise<Uint8Array>;
  /** Checks that every chunk came and that the plaintext matches the manifest's size and SHA-256. */
  finish(): void;
}

export async function createDocumentDecryptor(entry: DecryptableEntry, rawKey: Uint8Array, hasherFactory = defaultHasherFactory): Promise<DocumentDecryptor> {
  const key = await importAesKey(rawKey);
  const prefix = fromB64url(entry.noncePrefix);
  if (!prefix || prefix.length !== NONCE_PREFIX_BYTES) throw new CouncilError('PACK_FORMAT', `document ${entry.id}: bad nonce prefix`);
  const hasher = hasherFactory();
  const total = entry.chunks.length;
  let next = 0;
  let bytes = 0;
  return {
    async push(index, ciphertext) {
      if (index !== next) throw new CouncilError('PACK_FORMAT', `document ${entry.id}: chunk ${index} out of order (expected ${next})`);
      const last = index === total - 1;
      const plain = await decryptOrExplain(key, prefix, { docId: entry.id, index, last }, ciphertext);
      hasher.update(plain);
      bytes += plain.length;
      next++;
      return plain;
    },
    finish() {
      if (next !== total) throw new CouncilError('PACK_TRUNCATED', `document ${entry.id}: ${next} of ${total} chunks`);
      if (bytes !== entry.bytes || hasher.digestHex() !== entry.sha256) {
        throw new CouncilError('PACK_PLAINTEXT_MISMATCH', `document ${entry.id}: content differs from the manifest`);
      }
    },
  };
}

/** A final chunk that only opens as a non-final one means the stream was cut short. */
async function decryptOrExplain(key: CryptoKey, prefix: Uint8Array, p: ChunkPosition, ciphertext: Uint8Array): Promise<Uint8Array> {
  try {
    return await decryptChunk(key, prefix, p, ciphertext);
  } catch (e) {
    if (p.last) {
      const cut = await decryptChunk(key, prefix, { ...p, last: false }, ciphertext).then(
        () => true,
        () => false,
      );
      if (cut) throw new CouncilError('PACK_TRUNCATED', `document ${p.docId}: the final chunk is missing`);
    }
    throw new CouncilError('PACK_TAMPERED', `document ${p.docId}: chunk ${p.index} failed authentication`, e instanceof CouncilError ? undefined : [String(e)]);
  }
}

export interface DecryptDocumentInput {
  readonly entry: DecryptableEntry;
  readonly key: Uint8Array;
  /** Returns chunk `index`'s ciphertext (from the vault, a file, IndexedDB…). */
  readonly readChunk: (index: number, hash: string) => Promise<Uint8Array>;
  readonly hasherFactory?: HasherFactory;
  /** Also check each ciphertext against its address (skip when the store already did). */
  readonly verifyAddress?: boolean;
}

/**
 * Decrypts and verifies a whole document, yielding plaintext chunks in order, with a few chunks in
 * flight. The caller must consume to the end: verification of length and SHA-256 happens after the
 * last chunk, so plaintext must not be treated as final (e.g. renamed into place) before then.
 */
export async function* decryptDocument(input: DecryptDocumentInput): AsyncGenerator<Uint8Array> {
  const { entry } = input;
  const key = await importAesKey(input.key);
  const prefix = fromB64url(entry.noncePrefix);
  if (!prefix || prefix.length !== NONCE_PREFIX_BYTES) throw new CouncilError('PACK_FORMAT', `document ${entry.id}: bad nonce prefix`);
  const hasher = (input.hasherFactory ?? defaultHasherFactory)();
  const total = entry.chunks.length;
  let bytes = 0;
  const plains = ordered(entry.chunks, async (ref, index) => {
    const ct = await input.readChunk(index, ref.hash);
    if (input.verifyAddress && (await sha256Hex(ct)) !== ref.hash) throw new CouncilError('PACK_CHUNK_MISMATCH', `document ${entry.id}: chunk ${index} does not match its address`);
    return decryptOrExplain(key, prefix, { docId: entry.id, index, last: index === total - 1 }, ct);
  });
  for await (const plain of plains) {
    hasher.update(plain);
    bytes += plain.length;
    yield plain;
  }
  if (bytes !== entry.bytes || hasher.digestHex() !== entry.sha256) {
    throw new CouncilError('PACK_PLAINTEXT_MISMATCH', `document ${entry.id}: content differs from the manifest`);
  }
}
