import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, errorCode, fakeMember, publishMeeting, putChunk, sha256Hex, startTestServer, type FakeMember, type TestServer } from './helpers.ts';

let t: TestServer;
let alice: FakeMember;
let chunk: Uint8Array;
let hash: string;
let url: string;

beforeAll(async () => {
  t = await startTestServer();
  alice = fakeMember('alice');
  const published = await publishMeeting(t.url, 'dl1', [alice], 1);
  chunk = published.chunks[0] ?? new Uint8Array();
  hash = published.hashes[0] ?? '';
  url = `${t.url}/api/chunks/${hash}`;
});
afterAll(async () => {
  await t.stop();
});

const get = (headers: Record<string, string> = {}, method = 'GET') => fetch(url, { method, headers: bearer(alice.token, headers) });

describe('chunk download', () => {
  it('serves the whole chunk with immutable caching headers', async () => {
    const r = await get();
    expect(r.status).toBe(200);
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(chunk);
    expect(r.headers.get('etag')).toBe(`"${hash}"`);
    expect(r.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.headers.get('content-length')).toBe(String(chunk.length));
  });

  it('answers HEAD with headers only', async () => {
    const r = await get({}, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-length')).toBe(String(chunk.length));
    expect((await r.arrayBuffer()).byteLength).toBe(0);
  });

  it('serves byte ranges with 206 and Content-Range', async () => {
    const r = await get({ range: 'bytes=10-19' });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 10-19/${chunk.length}`);
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(chunk.subarray(10, 20));
    const open = await get({ range: 'bytes=50-' });
    expect(new Uint8Array(await open.arrayBuffer())).toEqual(chunk.subarray(50));
    const tail = await get({ range: 'bytes=-5' });
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(chunk.subarray(chunk.length - 5));
  });

  it('answers 416 for an unsatisfiable or malformed range', async () => {
    const past = await get({ range: `bytes=${chunk.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${chunk.length}`);
    expect((await get({ range: 'bytes=abc' })).status).toBe(416);
  });

  it('answers 304 when the ETag matches', async () => {
    const r = await get({ 'if-none-match': `"${hash}"` });
    expect(r.status).toBe(304);
    expect((await r.arrayBuffer()).byteLength).toBe(0);
  });

  it('hides chunks of another meeting and unknown chunks behind 404', async () => {
    const bob = fakeMember('bob');
    const other = await publishMeeting(t.url, 'dl2', [bob], 1);
    const r = await fetch(`${t.url}/api/chunks/${other.hashes[0]}`, { headers: bearer(alice.token) });
    expect(r.status).toBe(404);
    expect(await errorCode(r)).toBe('NOT_FOUND');
    // Uploaded but in no revision yet: not downloadable either.
    const loose = new Uint8Array(crypto.randomBytes(32));
    await putChunk(t.url, loose);
    expect((await fetch(`${t.url}/api/chunks/${sha256Hex(loose)}`, { headers: bearer(alice.token) })).status).toBe(404);
  });

  it('refuses without a member token and for a revoked member', async () => {
    expect((await fetch(url)).status).toBe(401);
    const carol = fakeMember('carol');
    await publishMeeting(t.url, 'dl3', [carol], 1);
    await fetch(`${t.url}/api/meetings/dl3/members/carol/revoke`, { method: 'POST', headers: bearer('test-admin-token-0123456789abcdef') });
    const r = await fetch(url, { headers: bearer(carol.token) });
    expect(r.status).toBe(403);
    expect(await errorCode(r)).toBe('REVOKED');
  });
});
