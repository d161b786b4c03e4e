// Issue 13, finding 2: sockets sending one header byte at a time stayed open for 30 s and more, and slow
// bodies were still accepted after 30 s. Request heads and whole requests now have timeouts (upgrade
// requests too), and each address has a cap on open connections. The test server runs with short
// timeouts; every client loop is bounded far beyond them, so only a server that never cuts fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../collab-server/helpers.ts';
import { rawConnect, requestHead, pace, type RawClient } from './rawHttp.ts';

const HEADERS_TIMEOUT_MS = 300;
const REQUEST_TIMEOUT_MS = 600;
/** The slow client gives up after this many bytes (at PACE_MS each): ten times the timeouts. */
const MAX_SLOW_BYTES = 120;
const PACE_MS = 50;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ http: { headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS, timeoutCheckMs: 50 } });
});
afterAll(async () => {
  await t?.stop();
});

/** Sends `text` then `filler` one byte at a time until the server closes; returns how many bytes it took. */
async function dribble(c: RawClient, text: string, filler: string): Promise<number> {
  await c.write(text);
  let sent = 0;
  while (!c.isClosed() && sent < MAX_SLOW_BYTES) {
    await c.write(filler);
    sent++;
    await pace(PACE_MS);
  }
  return sent;
}

describe('slow clients are cut', () => {
  it('closes a connection that sends its request head one byte at a time', async () => {
    const c = await rawConnect(t.url);
    try {
      const sent = await dribble(c, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 'a');
      expect(c.isClosed()).toBe(true);
      expect(sent).toBeLessThan(MAX_SLOW_BYTES);
      expect(c.received()).toMatch(/^(HTTP\/1\.1 408|$)/);
    } finally {
      c.destroy();
    }
  });

  it('closes a slow WebSocket upgrade request the same way', async () => {
    const c = await rawConnect(t.url);
    try {
      const head = 'GET /sync/m/m1/state HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Slow: ';
      const sent = await dribble(c, head, 'a');
      expect(c.isClosed()).toBe(true);
      expect(sent).toBeLessThan(MAX_SLOW_BYTES);
    } finally {
      c.destroy();
    }
  });

  it('closes an authenticated upload whose body arrives too slowly', async () => {
    const c = await rawConnect(t.url);
    try {
      const head = requestHead('POST', '/api/chunks/missing', { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'content-length': 10_000 });
      const sent = await dribble(c, head, ' ');
      expect(c.isClosed()).toBe(true);
      expect(sent).toBeLessThan(MAX_SLOW_BYTES);
      expect(t.server.stats().bodyBytesInFlight).toBe(0);
    } finally {
      c.destroy();
    }
  });

  it('still serves a normal request after all that', async () => {
    expect((await fetch(`${t.url}/api/health`)).status).toBe(200);
  });
});

describe('connections per address', () => {
  it('closes connections past the per-address cap at once and accepts new ones after others close', async () => {
    const cap = 20;
    const s = await startTestServer({ http: { maxConnectionsPerAddress: cap } });
    const clients: RawClient[] = [];
    try {
      for (let i = 0; i < cap + 10; i++) clients.push(await rawConnect(s.url));
      const extra = clients.slice(cap);
      await Promise.all(extra.map((c) => c.closed()));
      expect(s.server.stats().connectionsRefused).toBe(10);
      // The ones within the cap are still open and usable.
      const first = clients[0];
      if (!first) throw new Error('no client');
      await first.write(requestHead('GET', '/api/health'));
      expect(await first.status()).toBe(200);
      for (const c of clients) c.destroy();
      const until = Date.now() + 10_000;
      while (s.server.stats().openConnections > 0 && Date.now() < until) await pace(20);
      expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
    } finally {
      for (const c of clients) c.destroy();
      await s.stop();
    }
  });

  it('exempts a trusted proxy from the cap (its clients are told apart by X-Forwarded-For)', async () => {
    const s = await startTestServer({ http: { maxConnectionsPerAddress: 2 }, trustedProxies: ['127.0.0.1'] });
    const clients: RawClient[] = [];
    try {
      for (let i = 0; i < 5; i++) clients.push(await rawConnect(s.url));
      const last = clients[4];
      if (!last) throw new Error('no client');
      await last.write(requestHead('GET', '/api/health', { 'x-forwarded-for': '10.0.0.9' }));
      expect(await last.status()).toBe(200);
      expect(s.server.stats().connectionsRefused).toBe(0);
    } finally {
      for (const c of clients) c.destroy();
      await s.stop();
    }
  });
});
