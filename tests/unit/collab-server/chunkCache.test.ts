import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkCache } from '../../../collab-server/core/chunkCache.ts';
import { bearer, errorCode, fakeMember, publishMeeting, startTestServer, type TestServer } from './helpers.ts';

/** A reader over an in-memory "disk" that counts its reads. */
function disk(files: Record<string, Buffer>) {
  const reads: string[] = [];
  const read = (hash: string): Promise<Buffer> => {
    reads.push(hash);
    const bytes = files[hash];
    return bytes ? Promise.resolve(bytes) : Promise.reject(Object.assign(new Error(`ENOENT ${hash}`), { code: 'ENOENT' }));
  };
  return { reads, read };
}

describe('ChunkCache', () => {
  it('reads a chunk once however many ask for it at the same time, and serves it from memory after', async () => {
    const d = disk({ a: Buffer.from('aaaa') });
    const cache = new ChunkCache(d.read, 100);
    const answers = await Promise.all([cache.get('a', 4), cache.get('a', 4), cache.get('a', 4)]);
    expect(answers.every((b) => b.toString() === 'aaaa')).toBe(true);
    expect(await cache.get('a', 4)).toBe(answers[0]);
    expect(d.reads).toEqual(['a']);
  });

  it('holds at most its byte bound, dropping the least recently used chunk first', async () => {
    const d = disk({ a: Buffer.alloc(4, 1), b: Buffer.alloc(4, 2), c: Buffer.alloc(4, 3) });
    const cache = new ChunkCache(d.read, 8);
    await cache.get('a', 4);
    await cache.get('b', 4);
    await cache.get('a', 4); // a is now the most recent
    await cache.get('c', 4); // evicts b
    expect(cache.bytes).toBe(8);
    await cache.get('a', 4);
    await cache.get('b', 4);
    expect(d.reads).toEqual(['a', 'b', 'c', 'b']);
  });

  it('refuses a file whose size is not the recorded one, and does not keep it', async () => {
    const d = disk({ a: Buffer.from('short') });
    const cache = new ChunkCache(d.read, 100);
    await expect(cache.get('a', 10)).rejects.toThrow(/5 bytes, the database says 10/);
    expect(cache.bytes).toBe(0);
    await expect(cache.get('a', 10)).rejects.toThrow();
    expect(d.reads).toEqual(['a', 'a']);
  });

  it('does not remember a failed read', async () => {
    const files: Record<string, Buffer> = {};
    const d = disk(files);
    const cache = new ChunkCache(d.read, 100);
    await expect(cache.get('a', 3)).rejects.toThrow(/ENOENT/);
    files['a'] = Buffer.from('abc');
    expect((await cache.get('a', 3)).toString()).toBe('abc');
  });
});

describe('chunk download through the cache', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('still hides a chunk another meeting downloaded (and so cached) from this meeting', async () => {
    const alice = fakeMember('alice');
    const bob = fakeMember('bob');
    await publishMeeting(t.url, 'cc1', [alice], 1);
    const other = await publishMeeting(t.url, 'cc2', [bob], 1);
    const url = `${t.url}/api/chunks/${other.hashes[0]}`;
    const own = await fetch(url, { headers: bearer(bob.token) });
    expect(own.status).toBe(200);
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(other.chunks[0]);
    const r = await fetch(url, { headers: bearer(alice.token) });
    expect(r.status).toBe(404);
    expect(await errorCode(r)).toBe('NOT_FOUND');
  });

  it('serves a range of a cached chunk', async () => {
    const carol = fakeMember('carol');
    const published = await publishMeeting(t.url, 'cc3', [carol], 1);
    const url = `${t.url}/api/chunks/${published.hashes[0]}`;
    await (await fetch(url, { headers: bearer(carol.token) })).arrayBuffer();
    const r = await fetch(url, { headers: bearer(carol.token, { range: 'bytes=3-7' }) });
    expect(r.status).toBe(206);
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(published.chunks[0]?.subarray(3, 8));
  });
});
