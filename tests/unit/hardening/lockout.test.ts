// Issue 13, findings 3 and 4: one member's ~23 bad admin requests got two other members on the same
// address refused (429) on their own valid requests, and a forged request every 1.9 s kept a valid member
// out; the commands route and WebSocket upgrades counted no failures at all. Failures are now counted by
// address, by credential and by (address, credential) on every route and upgrade, a valid token is never
// refused for them, and X-Forwarded-For counts only from a trusted proxy.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AUTH_FAILURE_BURST, FailureLimiter } from '../../../collab-server/core/auth.ts';
import { LIVE_API, meetingStateRoom, SYNC_PATH } from '../../../common/live/index.ts';
import { startTestServer, type TestServer } from '../collab-server/helpers.ts';
import { connect, nextCommandId, rawSocket, seedMeeting, waitForSynced, type TestMember } from '../live/liveHarness.ts';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const members = [
  { delegateId: 'chu-toa', role: 'chair' as const },
  { delegateId: 'd1', role: 'delegate' as const },
  { delegateId: 'd2', role: 'delegate' as const },
];

/** The default burst, but no refill within a test: counts do not depend on how fast the machine is. */
const noRefill = (): FailureLimiter => new FailureLimiter(AUTH_FAILURE_BURST, 3_600_000);

async function setup(extra: Parameters<typeof startTestServer>[0] = {}): Promise<{ t: TestServer; cast: TestMember[] }> {
  t = await startTestServer({ failureStore: noRefill(), ...extra });
  return { t, cast: seedMeeting(t.server, 'hop', members) };
}

function missing(url: string, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/chunks/missing`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ hashes: [] }),
  });
}

const me = (url: string, token: string): Promise<Response> => fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } });

function command(url: string, token: string): Promise<Response> {
  return fetch(url + LIVE_API.commands('hop'), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: nextCommandId(), type: 'checkIn', mode: 'present-hall' }),
  });
}

describe('failures never lock out a valid token', () => {
  it('keeps serving two members on the address from which a third made 40 bad admin requests', async () => {
    const { t, cast } = await setup();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await missing(t.url, `guess-${i}`)).status);
    expect(statuses.slice(0, AUTH_FAILURE_BURST).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    for (const m of cast.slice(1)) expect((await me(t.url, m.token)).status).toBe(200);
    expect((await command(t.url, cast[1]?.token ?? '')).status).toBe(200);
  });

  it('keeps a valid member in while forged requests from the same address keep coming', async () => {
    const { t, cast } = await setup();
    const valid = cast[2]?.token ?? '';
    for (let i = 0; i < 60; i++) {
      expect([401, 429]).toContain((await me(t.url, `forged-${i}`)).status);
      expect((await me(t.url, valid)).status).toBe(200);
    }
  });
});

describe('every route and upgrade counts failures', () => {
  it('answers 300 forged tokens on the commands route with 401, then 429; a member carries on', async () => {
    const { t, cast } = await setup();
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await command(t.url, `forged-token-${i}`)).status);
    expect(statuses.slice(0, AUTH_FAILURE_BURST).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(AUTH_FAILURE_BURST).every((s) => s === 429)).toBe(true);
    expect((await command(t.url, cast[1]?.token ?? '')).status).toBe(200);
  });

  it('answers forged tokens on the WebSocket upgrade with 401, then 429; a member still joins and syncs', async () => {
    const { t, cast } = await setup();
    const room = meetingStateRoom('hop');
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURE_BURST + 20; i++) {
      const r = await rawSocket(t.url, room, `forged-${i}`);
      r.ws?.terminate();
      statuses.push(r.status ?? 101);
    }
    expect(statuses.slice(0, AUTH_FAILURE_BURST).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const client = connect(t.url, room, cast[1]?.token ?? '');
    try {
      await waitForSynced(client);
      expect(client.provider.synced).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('counts a missing token on the upgrade as a failure of the address', async () => {
    const { t } = await setup();
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURE_BURST + 2; i++) {
      const ws = new WebSocket(`${t.url.replace(/^http/, 'ws')}${SYNC_PATH}/${meetingStateRoom('hop')}`);
      statuses.push(
        await new Promise<number>((resolve) => {
          ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          ws.on('open', () => resolve(101));
          ws.on('error', () => resolve(0));
        }),
      );
      ws.terminate();
    }
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('X-Forwarded-For', () => {
  it('is ignored from an untrusted peer: changing it does not escape the limit', async () => {
    const { t } = await setup();
    for (let i = 0; i < AUTH_FAILURE_BURST; i++) await missing(t.url, `guess-${i}`, { 'x-forwarded-for': `10.0.0.${i + 1}` });
    expect((await missing(t.url, 'guess-again', { 'x-forwarded-for': '10.9.9.9' })).status).toBe(429);
  });

  it('from a trusted proxy, tells the clients behind it apart', async () => {
    const { t } = await setup({ trustedProxies: ['127.0.0.1'] });
    for (let i = 0; i < AUTH_FAILURE_BURST + 5; i++) await missing(t.url, `guess-${i}`, { 'x-forwarded-for': '10.0.0.1' });
    expect((await missing(t.url, 'guess-again', { 'x-forwarded-for': '10.0.0.1' })).status).toBe(429);
    expect((await missing(t.url, 'first-try', { 'x-forwarded-for': '10.0.0.2' })).status).toBe(401);
    // A client cannot pose as another by prepending hops: the proxy appends the real one last.
    expect((await missing(t.url, 'spoof', { 'x-forwarded-for': '10.0.0.2, 10.0.0.1' })).status).toBe(429);
  });
});
