import { describe, expect, it } from 'vitest';
import { randomBytes, sha256Hex } from '../../../common/pack/crypto.ts';
import { toB64url } from '../../../common/pack/encoding.ts';
import { chunkCount, createDocumentDecryptor, decryptDocument, encryptDocument, type EncryptedChunk } from '../../../common/pack/stream.ts';
import { CouncilError } from '../../../common/result.ts';

const SMALL = 1000; // small chunks keep the tests fast while exercising several chunks

async function encrypt(docId: string, data: Uint8Array, source: Uint8Array | AsyncIterable<Uint8Array> = data) {
  const key = randomBytes(32);
  const noncePrefix = randomBytes(7);
  const chunks: EncryptedChunk[] = [];
  for await (const c of encryptDocument({ docId, key, noncePrefix, source, chunkSize: SMALL })) chunks.push(c);
  const entry = {
    id: docId,
    noncePrefix: toB64url(noncePrefix),
    chunks: chunks.map((c) => ({ hash: c.hash, size: c.ciphertext.length })),
    sha256: await sha256Hex(data),
    bytes: data.length,
  };
  return { key, entry, chunks };
}

async function decryptAll(entry: Awaited<ReturnType<typeof encrypt>>['entry'], key: Uint8Array, cts: readonly Uint8Array[]) {
  const dec = await createDocumentDecryptor(entry, key);
  const parts: Uint8Array[] = [];
  for (const [i, ct] of cts.entries()) parts.push(await dec.push(i, ct));
  dec.finish();
  return Buffer.concat(parts);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return e instanceof CouncilError ? e.code : `not a CouncilError: ${String(e)}`;
  }
}

async function* pieces(data: Uint8Array, sizes: readonly number[]) {
  let off = 0;
  let i = 0;
  while (off < data.length) {
    const n = sizes[i++ % sizes.length] ?? 1;
    yield data.subarray(off, off + n);
    off += n;
  }
}

describe('STREAM chunk encryption', () => {
  it('round-trips documents of many sizes, from a buffer and from an uneven stream', async () => {
    for (const size of [0, 1, SMALL - 1, SMALL, SMALL + 1, 3 * SMALL, 3 * SMALL + 17]) {
      const data = randomBytes(size);
      for (const source of [data, pieces(data, [7, 1500, 333, 1000])]) {
        const { key, entry, chunks } = await encrypt('doc', data, source);
        expect(chunks.length).toBe(chunkCount(size, SMALL));
        expect(Buffer.compare(await decryptAll(entry, key, chunks.map((c) => c.ciphertext)), Buffer.from(data))).toBe(0);
      }
    }
  });

  it('addresses chunks by the SHA-256 of their ciphertext', async () => {
    const { chunks } = await encrypt('doc', randomBytes(2500));
    for (const c of chunks) expect(c.hash).toBe(await sha256Hex(c.ciphertext));
  });

  it('refuses a tampered chunk', async () => {
    const { key, entry, chunks } = await encrypt('doc', randomBytes(2500));
    const cts = chunks.map((c) => Uint8Array.from(c.ciphertext));
    cts[1]![5]! ^= 1;
    expect(await codeOf(decryptAll(entry, key, cts))).toBe('PACK_TAMPERED');
  });

  it('refuses reordered chunks', async () => {
    const { key, entry, chunks } = await encrypt('doc', randomBytes(2500));
    const cts = chunks.map((c) => c.ciphertext);
    expect(await codeOf(decryptAll(entry, key, [cts[1]!, cts[0]!, cts[2]!]))).toBe('PACK_TAMPERED');
  });

  it('refuses a chunk swapped in from another document with the same key', async () => {
    const data = randomBytes(2500);
    const a = await encrypt('doc-a', data);
    const dec = await createDocumentDecryptor({ ...a.entry, id: 'doc-b' }, a.key);
    expect(await codeOf(dec.push(0, a.chunks[0]!.ciphertext))).toBe('PACK_TAMPERED');
  });

  it('detects truncation: a missing final chunk, and a non-final chunk presented as the last', async () => {
    const { key, entry, chunks } = await encrypt('doc', randomBytes(2500));
    const cts = chunks.map((c) => c.ciphertext);
    expect(await codeOf(decryptAll(entry, key, cts.slice(0, 2)))).toBe('PACK_TRUNCATED');
    const shortEntry = { ...entry, chunks: entry.chunks.slice(0, 2) };
    expect(await codeOf(decryptAll(shortEntry, key, cts.slice(0, 2)))).toBe('PACK_TRUNCATED');
  });

  it('refuses the wrong key and a plaintext that differs from the manifest', async () => {
    const data = randomBytes(1500);
    const { key, entry, chunks } = await encrypt('doc', data);
    const cts = chunks.map((c) => c.ciphertext);
    expect(await codeOf(decryptAll(entry, randomBytes(32), cts))).toBe('PACK_TAMPERED');
    expect(await codeOf(decryptAll({ ...entry, sha256: '0'.repeat(64) }, key, cts))).toBe('PACK_PLAINTEXT_MISMATCH');
    expect(await codeOf(decryptAll({ ...entry, bytes: entry.bytes + 1 }, key, cts))).toBe('PACK_PLAINTEXT_MISMATCH');
  });

  it('requires chunks in order', async () => {
    const { key, entry, chunks } = await encrypt('doc', randomBytes(2500));
    const dec = await createDocumentDecryptor(entry, key);
    expect(await codeOf(dec.push(1, chunks[1]!.ciphertext))).toBe('PACK_FORMAT');
  });
});

describe('pipelined decryption (decryptDocument)', () => {
  async function collect(input: Parameters<typeof decryptDocument>[0]) {
    const parts: Uint8Array[] = [];
    for await (const p of decryptDocument(input)) parts.push(p);
    return Buffer.concat(parts);
  }

  it('yields the plaintext in order and verifies it', async () => {
    const data = randomBytes(7 * SMALL + 3);
    const { key, entry, chunks } = await encrypt('doc', data);
    const byHash = new Map(chunks.map((c) => [c.hash, c.ciphertext]));
    const readChunk = async (_i: number, hash: string) => byHash.get(hash)!;
    expect(Buffer.compare(await collect({ entry, key, readChunk, verifyAddress: true }), Buffer.from(data))).toBe(0);
  });

  it('refuses a chunk that does not match its address, a tampered chunk and a truncated list', async () => {
    const { key, entry, chunks } = await encrypt('doc', randomBytes(5 * SMALL));
    const cts = chunks.map((c) => Uint8Array.from(c.ciphertext));
    cts[3]![0]! ^= 1;
    const readChunk = async (i: number) => cts[i]!;
    expect(await codeOf(collect({ entry, key, readChunk, verifyAddress: true }))).toBe('PACK_CHUNK_MISMATCH');
    expect(await codeOf(collect({ entry, key, readChunk }))).toBe('PACK_TAMPERED');
    const good = async (i: number) => chunks[i]!.ciphertext;
    expect(await codeOf(collect({ entry: { ...entry, chunks: entry.chunks.slice(0, 3) }, key, readChunk: good }))).toBe('PACK_TRUNCATED');
  });
});
