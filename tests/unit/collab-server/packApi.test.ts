import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHUNK_CIPHERTEXT } from '../../../common/pack/format.ts';
import type { ManifestResponse, MeResponse } from '../../../common/api/http.ts';
import {
  ADMIN_TOKEN,
  bearer,
  errorCode,
  fakeEnvelope,
  fakeMember,
  postJson,
  publishBody,
  publishMeeting,
  putChunk,
  sha256Hex,
  startTestServer,
  type TestServer,
} from './helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('health and admin auth', () => {
  it('answers /api/health without auth', async () => {
    const r = await fetch(`${t.url}/api/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true, version: expect.any(String) });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('refuses admin routes without or with a wrong admin token', async () => {
    const body = { hashes: [] };
    const none = await fetch(`${t.url}/api/chunks/missing`, { method: 'POST', body: JSON.stringify(body) });
    expect(none.status).toBe(401);
    expect(await errorCode(none)).toBe('UNAUTHORIZED');
    const wrong = await postJson(`${t.url}/api/chunks/missing`, 'not-the-admin-token-xxxxxxxx', body);
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('UNAUTHORIZED');
  });

  it('refuses a member token on admin routes', async () => {
    const m = fakeMember('adminprobe');
    await publishMeeting(t.url, 'adminprobe-meeting', [m], 1);
    const r = await postJson(`${t.url}/api/chunks/missing`, m.token, { hashes: [] });
    expect(r.status).toBe(401);
  });
});

describe('chunk upload', () => {
  it('stores a chunk, idempotently, and reports it no longer missing', async () => {
    const bytes = new Uint8Array(crypto.randomBytes(64));
    const hash = sha256Hex(bytes);
    const other = sha256Hex('never uploaded');
    let r = await postJson(`${t.url}/api/chunks/missing`, ADMIN_TOKEN, { hashes: [hash, other] });
    expect(await r.json()).toEqual({ missing: [hash, other] });
    expect((await putChunk(t.url, bytes)).status).toBe(200);
    const again = await putChunk(t.url, bytes);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ hash, size: 64, stored: false });
    r = await postJson(`${t.url}/api/chunks/missing`, ADMIN_TOKEN, { hashes: [hash, other] });
    expect(await r.json()).toEqual({ missing: [other] });
  });

  it('refuses a body whose SHA-256 differs from the URL', async () => {
    const r = await putChunk(t.url, new Uint8Array([1, 2, 3]), sha256Hex('something else'));
    expect(r.status).toBe(400);
    expect(await errorCode(r)).toBe('PACK_CHUNK_MISMATCH');
  });

  it('refuses a malformed hash', async () => {
    const r = await putChunk(t.url, new Uint8Array([1]), 'ABC');
    expect(r.status).toBe(400);
    expect(await errorCode(r)).toBe('BAD_REQUEST');
  });

  it('answers 413 TOO_LARGE for a chunk over the limit', async () => {
    const big = new Uint8Array(MAX_CHUNK_CIPHERTEXT + 1);
    const r = await putChunk(t.url, big);
    expect(r.status).toBe(413);
    expect(await errorCode(r)).toBe('TOO_LARGE');
  });

  it('refuses garbage JSON and wrong shapes with 400 BAD_REQUEST', async () => {
    const garbage = await fetch(`${t.url}/api/chunks/missing`, { method: 'POST', headers: bearer(ADMIN_TOKEN), body: '{"hashes": [' });
    expect(garbage.status).toBe(400);
    expect(await errorCode(garbage)).toBe('BAD_REQUEST');
    const shape = await postJson(`${t.url}/api/chunks/missing`, ADMIN_TOKEN, { hashes: ['nothex'] });
    expect(shape.status).toBe(400);
    const body = (await shape.json()) as { error: { details: string[] } };
    expect(body.error.details[0]).toMatch(/^hashes\.0/);
  });
});

describe('publishing revisions', () => {
  it('publishes, answers a repost the same, and refuses conflicts', async () => {
    const alice = fakeMember('alice');
    const { hashes, envelope } = await publishMeeting(t.url, 'pub1', [alice]);
    const revisions = `${t.url}/api/meetings/pub1/revisions`;
    const repost = await postJson(revisions, ADMIN_TOKEN, publishBody(envelope, hashes, [alice]));
    expect(repost.status).toBe(200);
    expect(await repost.json()).toEqual({ meetingId: 'pub1', revision: 1 });

    const changed = await postJson(revisions, ADMIN_TOKEN, publishBody({ ...envelope, ciphertext: 'AAAA' }, hashes, [alice]));
    expect(changed.status).toBe(409);
    expect(await errorCode(changed)).toBe('CONFLICT');

    const skip = await postJson(revisions, ADMIN_TOKEN, publishBody(fakeEnvelope('pub1', 3, envelope.publisherKey), hashes, [alice]));
    expect(skip.status).toBe(409);

    const otherKey = await postJson(revisions, ADMIN_TOKEN, publishBody(fakeEnvelope('pub1', 2), hashes, [alice]));
    expect(otherKey.status).toBe(409);
    expect(await errorCode(otherKey)).toBe('PACK_WRONG_PUBLISHER');

    const next = await postJson(revisions, ADMIN_TOKEN, publishBody(fakeEnvelope('pub1', 2, envelope.publisherKey), hashes, [alice]));
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual({ meetingId: 'pub1', revision: 2 });
  });

  it('refuses a first revision other than 1 and a meeting id that differs from the URL', async () => {
    const m = fakeMember('bob');
    const r2 = await postJson(`${t.url}/api/meetings/pub2/revisions`, ADMIN_TOKEN, publishBody(fakeEnvelope('pub2', 2), [], [m]));
    expect(r2.status).toBe(409);
    const other = await postJson(`${t.url}/api/meetings/pub2/revisions`, ADMIN_TOKEN, publishBody(fakeEnvelope('elsewhere', 1), [], [m]));
    expect(other.status).toBe(400);
    expect(await errorCode(other)).toBe('BAD_REQUEST');
  });

  it('lists the chunks that were not uploaded and publishes nothing', async () => {
    const m = fakeMember('carol');
    const missing = sha256Hex('not uploaded');
    const r = await postJson(`${t.url}/api/meetings/pub3/revisions`, ADMIN_TOKEN, publishBody(fakeEnvelope('pub3', 1), [missing], [m]));
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; details: string[] } };
    expect(body.error.details).toEqual([missing]);
    const me = await fetch(`${t.url}/api/me`, { headers: bearer(m.token) });
    expect(me.status).toBe(401); // the transaction left no member behind
  });

  it('refuses unknown envelope fields and bad ids', async () => {
    const m = fakeMember('dan');
    const extra = { ...fakeEnvelope('pub4', 1), extra: 1 };
    expect((await postJson(`${t.url}/api/meetings/pub4/revisions`, ADMIN_TOKEN, publishBody(extra, [], [m]))).status).toBe(400);
    const badId = await postJson(`${t.url}/api/meetings/bad.id/revisions`, ADMIN_TOKEN, publishBody(fakeEnvelope('pub4', 1), [], [m]));
    expect(badId.status).toBe(400);
  });
});

describe('members: manifest, me, revoke', () => {
  it('gives each delegate their own wrapped keys, for the latest or an older revision', async () => {
    const chair = fakeMember('chair1', 'chair');
    const del = fakeMember('del1');
    const { hashes, envelope } = await publishMeeting(t.url, 'mf1', [chair, del]);
    const r = await fetch(`${t.url}/api/meetings/mf1/manifest`, { headers: bearer(del.token) });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const m = (await r.json()) as ManifestResponse;
    expect(m).toEqual({ envelope, wrappedKeys: del.upload.wrappedKeys, delegateId: 'del1', role: 'delegate', latestRevision: 1 });

    // Revision 2 re-sends new token hashes; the first ones must keep working (old links stay valid).
    const del2 = { ...fakeMember('del1'), token: 'unused' };
    const env2 = fakeEnvelope('mf1', 2, envelope.publisherKey);
    expect((await postJson(`${t.url}/api/meetings/mf1/revisions`, ADMIN_TOKEN, publishBody(env2, hashes, [chair, del2]))).status).toBe(200);
    const latest = (await (await fetch(`${t.url}/api/meetings/mf1/manifest`, { headers: bearer(del.token) })).json()) as ManifestResponse;
    expect(latest.envelope).toEqual(env2);
    expect(latest.wrappedKeys).toEqual(del2.upload.wrappedKeys);
    const old = (await (await fetch(`${t.url}/api/meetings/mf1/manifest?revision=1`, { headers: bearer(del.token) })).json()) as ManifestResponse;
    expect(old.envelope).toEqual(envelope);
    expect(old.latestRevision).toBe(2);
    expect((await fetch(`${t.url}/api/meetings/mf1/manifest?revision=9`, { headers: bearer(del.token) })).status).toBe(404);
    expect((await fetch(`${t.url}/api/meetings/mf1/manifest?revision=x`, { headers: bearer(del.token) })).status).toBe(400);
  });

  it('answers /api/me and refuses another meeting or a wrong token', async () => {
    const a = fakeMember('me1');
    await publishMeeting(t.url, 'me-meeting', [a], 1);
    const me = await fetch(`${t.url}/api/me`, { headers: bearer(a.token) });
    expect((await me.json()) as MeResponse).toEqual({ meetingId: 'me-meeting', delegateId: 'me1', role: 'delegate' });
    const other = await fetch(`${t.url}/api/meetings/mf1/manifest`, { headers: bearer(a.token) });
    expect(other.status).toBe(403);
    expect(await errorCode(other)).toBe('FORBIDDEN');
    const wrong = await fetch(`${t.url}/api/me`, { headers: bearer('x'.repeat(43)) });
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('UNAUTHORIZED');
  });

  it('revokes a member idempotently; the member stays revoked across revisions', async () => {
    const a = fakeMember('rv1');
    const { hashes, envelope } = await publishMeeting(t.url, 'rv-meeting', [a], 1);
    const url = `${t.url}/api/meetings/rv-meeting/members/rv1/revoke`;
    for (let i = 0; i < 2; i++) {
      const r = await fetch(url, { method: 'POST', headers: bearer(ADMIN_TOKEN) });
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ revoked: true });
    }
    const env2 = fakeEnvelope('rv-meeting', 2, envelope.publisherKey);
    expect((await postJson(`${t.url}/api/meetings/rv-meeting/revisions`, ADMIN_TOKEN, publishBody(env2, hashes, [a]))).status).toBe(200);
    const me = await fetch(`${t.url}/api/me`, { headers: bearer(a.token) });
    expect(me.status).toBe(403);
    expect(await errorCode(me)).toBe('REVOKED');
    const manifest = await fetch(`${t.url}/api/meetings/rv-meeting/manifest`, { headers: bearer(a.token) });
    expect(await errorCode(manifest)).toBe('REVOKED');
    expect((await fetch(`${t.url}/api/meetings/rv-meeting/members/nobody/revoke`, { method: 'POST', headers: bearer(ADMIN_TOKEN) })).status).toBe(404);
    expect((await fetch(url, { method: 'POST' })).status).toBe(401);
  });
});
