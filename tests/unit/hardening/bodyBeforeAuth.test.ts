// Issue 13, finding 1: unauthenticated clients starting 8 MiB bodies and stalling made the server buffer
// them all (+1.2 GB RSS). A route's access is now checked from the headers, before any body byte is read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_JSON_BODY } from '../../../common/api/http.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../collab-server/helpers.ts';
import { seedMeeting } from '../live/liveHarness.ts';
import { rawConnect, requestHead, type RawClient } from './rawHttp.ts';

const STALLED = 150;
const FIRST_PART = 64 * 1024;

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer();
});
afterEach(async () => {
  await t?.stop();
});

async function stalledUpload(path: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const c = await rawConnect(t.url);
  await c.write(requestHead('POST', path, { 'content-type': 'application/json', 'content-length': MAX_JSON_BODY, ...headers }));
  await c.write(new Uint8Array(FIRST_PART).fill(0x20));
  return c;
}

describe('authentication before the body', () => {
  it(`answers ${STALLED} stalled unauthenticated 8 MiB uploads with 401 at once and buffers none of them`, async () => {
    const rssBefore = process.memoryUsage().rss;
    const clients = await Promise.all(Array.from({ length: STALLED }, () => stalledUpload('/api/meetings/m1/revisions')));
    try {
      const statuses = await Promise.all(clients.map((c) => c.status()));
      // 401, or 429 once this address has spent its failure budget: refused either way, body unread.
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
      // The connection is closed instead of drained: the rest of the 8 MiB never has to be read.
      await Promise.all(clients.map((c) => c.closed()));
      const stats = t.server.stats();
      expect(stats.peakBodyBytesInFlight).toBe(0);
      expect(stats.refusedBeforeBody).toBeGreaterThanOrEqual(STALLED);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    } finally {
      for (const c of clients) c.destroy();
    }
  });

  it('refuses a wrong admin token and a missing member token while the client is still sending', async () => {
    const [member] = seedMeeting(t.server, 'early', [{ delegateId: 'd1', role: 'chair' }]);
    const wrong = await stalledUpload('/api/chunks/missing', { authorization: 'Bearer not-the-admin-token' });
    const commands = await stalledUpload('/api/meetings/early/commands');
    const otherMeeting = await stalledUpload('/api/meetings/m1/revisions', { authorization: `Bearer ${member?.token ?? ''}` });
    try {
      expect(await wrong.status()).toBe(401);
      expect(await commands.status()).toBe(401);
      expect(await otherMeeting.status()).toBe(401);
      expect(wrong.received()).toContain('"code":"UNAUTHORIZED"');
      expect(t.server.stats().peakBodyBytesInFlight).toBe(0);
    } finally {
      for (const c of [wrong, commands, otherMeeting]) c.destroy();
    }
  });

  it('does not send 100 Continue to an unauthenticated client', async () => {
    const c = await rawConnect(t.url);
    try {
      await c.write(requestHead('PUT', `/api/chunks/${'a'.repeat(64)}`, { 'content-length': 1000, expect: '100-continue' }));
      expect(await c.status()).toBe(401);
      expect(c.received()).not.toContain('100 Continue');
    } finally {
      c.destroy();
    }
  });
});

describe('Expect: 100-continue', () => {
  it('tells an authenticated client to go on, then reads its body', async () => {
    const c = await rawConnect(t.url);
    try {
      const body = JSON.stringify({ hashes: [] });
      await c.write(requestHead('POST', '/api/chunks/missing', { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue' }));
      expect(await c.status()).toBe(100);
      await c.write(body);
      const until = Date.now() + 10_000;
      while (!c.received().includes('HTTP/1.1 200') && !c.isClosed() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      expect(c.received()).toContain('HTTP/1.1 200');
      expect(c.received()).toContain('"missing":[]');
    } finally {
      c.destroy();
    }
  });
});

describe('the body budget', () => {
  it('bounds the body bytes buffered at once across authenticated uploads', async () => {
    const budget = 1024 * 1024;
    const s = await startTestServer({ http: { maxBodyBytesInFlight: budget } });
    const { hostname, port } = new URL(s.url);
    const clients: RawClient[] = [];
    try {
      const upload = async (): Promise<RawClient> => {
        const c = await rawConnect(`http://${hostname}:${port}`);
        clients.push(c);
        await c.write(requestHead('POST', '/api/chunks/missing', { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'content-length': 900_000 }));
        await c.write(new Uint8Array(400_000).fill(0x20));
        return c;
      };
      // Two stalled uploads fit (800 000 bytes), each one held in full before the next starts.
      for (let i = 1; i <= 2; i++) {
        await upload();
        const until = Date.now() + 10_000;
        while (s.server.stats().bodyBytesInFlight < i * 400_000 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
        expect(s.server.stats().bodyBytesInFlight).toBe(i * 400_000);
      }
      // The next ones cannot take their 400 000 bytes and are refused.
      const refused = await Promise.all([await upload(), await upload()].map((c) => c.status()));
      expect(refused).toEqual([429, 429]);
      expect(s.server.stats().peakBodyBytesInFlight).toBeLessThanOrEqual(budget);
      expect(s.server.stats().bodyBytesInFlight).toBeGreaterThan(0);
      for (const c of clients) c.destroy();
      // Hung-up uploads give their bytes back.
      const until = Date.now() + 10_000;
      while (s.server.stats().bodyBytesInFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(s.server.stats().bodyBytesInFlight).toBe(0);
      expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
    } finally {
      for (const c of clients) c.destroy();
      await s.stop();
    }
  });
});
