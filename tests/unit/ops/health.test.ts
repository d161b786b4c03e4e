// /healthz and /readyz on a real server (port 0): what a proxy sees while the instance starts, serves, loses a
// dependency (a required one: 503; an optional one, as Redis is: 200 degraded) and drains; that neither route
// reads a token nor spends the address's failure budget; and the readiness bookkeeping itself (probes cached,
// pushed dependencies, never ready again once draining).
import { afterEach, describe, expect, it } from 'vitest';
import { HEALTH_PATHS, PROBE_INTERVAL_MS, Readiness } from '../../../collab-server/core/healthRoutes.ts';
import { roomToString } from '../../../common/live/rooms.ts';
import { withoutPassword } from '../../../cli/commands/serve.ts';
import { cast, closed, rawSocket, seedMeeting, startLiveServer, type LiveServer } from '../live/liveHarness.ts';

const servers: LiveServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function started(): Promise<LiveServer> {
  const s = await startLiveServer();
  servers.push(s);
  return s;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const r = await fetch(url, { headers });
  return { status: r.status, body: (await r.json()) as Record<string, unknown>, headers: r.headers };
}

describe('GET /healthz', () => {
  it('answers 200 {ok, version} with no token, and nothing else', async () => {
    const s = await started();
    const r = await get(`${s.url()}${HEALTH_PATHS.healthz}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${s.url()}${HEALTH_PATHS.healthz}`, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('GET /readyz', () => {
  it('is 200 with the store probed once the server listens', async () => {
    const s = await started();
    const r = await get(`${s.url()}${HEALTH_PATHS.readyz}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, state: 'ready', dependencies: { store: true } });
  });

  it('says STARTING while a declared dependency has not reported, DEPENDENCY_DOWN when a required one is down, 200 when up', async () => {
    const s = await started();
    const readyz = `${s.url()}${HEALTH_PATHS.readyz}`;
    s.server.readiness.expect('queue');
    let r = await get(readyz);
    expect([r.status, r.body['code'], r.headers.get('retry-after')]).toEqual([503, 'STARTING', '1']);
    s.server.readiness.setDependency('queue', false);
    r = await get(readyz);
    expect([r.status, r.body['code'], r.body['dependencies']]).toEqual([503, 'DEPENDENCY_DOWN', { store: true, queue: false }]);
    s.server.readiness.setDependency('queue', true);
    r = await get(readyz);
    expect([r.status, r.body['dependencies']]).toEqual([200, { store: true, queue: true }]);
    expect(s.logs.filter((l) => l.startsWith('readiness: queue'))).toEqual(['readiness: queue down', 'readiness: queue up']);
  });

  it('Redis (optional, as the cluster declares it): STARTING until it reports, then 200 with degraded: [redis] while it is down', async () => {
    const s = await started();
    const readyz = `${s.url()}${HEALTH_PATHS.readyz}`;
    s.server.readiness.expect('redis', 'optional');
    let r = await get(readyz);
    expect([r.status, r.body['code']]).toEqual([503, 'STARTING']);
    s.server.readiness.setDependency('redis', false);
    r = await get(readyz);
    // Still serving: only the fan-out between instances waits for Redis (collab-server/core/healthRoutes.ts).
    expect([r.status, r.body]).toEqual([200, { ok: true, state: 'ready', dependencies: { store: true, redis: false }, degraded: ['redis'] }]);
    expect(r.headers.get('retry-after')).toBeNull();
    s.server.readiness.setDependency('redis', true);
    r = await get(readyz);
    expect([r.status, r.body]).toEqual([200, { ok: true, state: 'ready', dependencies: { store: true, redis: true } }]);
    expect(s.logs.filter((l) => l.startsWith('readiness: redis'))).toEqual(['readiness: redis down', 'readiness: redis up']);
  });

  it('reads no token: 60 calls with a wrong one are neither refused nor counted against the address', async () => {
    const s = await started();
    for (let i = 0; i < 60; i++) expect((await fetch(`${s.url()}${HEALTH_PATHS.readyz}`, { headers: { authorization: `Bearer wrong-${i}` } })).status).toBe(200);
    // Were they counted, this address's budget would be spent and a wrong admin token answered 429, not 401.
    const me = await fetch(`${s.url()}/api/me`, { headers: { authorization: 'Bearer still-wrong' } });
    expect(me.status).toBe(401);
  });

  it('drains: 503 DRAINING, new WebSockets refused with 503, open ones kept until close says 1001', async () => {
    const s = await started();
    const [chair] = seedMeeting(s.server, 'ky-hop-1', cast(1));
    const room = roomToString({ kind: 'state', meetingId: 'ky-hop-1' });
    const open = await rawSocket(s.url(), room, chair!.token);
    expect(open.ws).toBeDefined();
    const code = closed(open.ws!);
    s.server.readiness.drain();
    const r = await get(`${s.url()}${HEALTH_PATHS.readyz}`);
    expect([r.status, r.body['ok'], r.body['state'], r.body['code']]).toEqual([503, false, 'draining', 'DRAINING']);
    expect(await rawSocket(s.url(), room, chair!.token)).toEqual({ status: 503 });
    // Draining is not closing: HTTP is still answered, and says Connection: close so keep-alive pools let go.
    const health = await fetch(`${s.url()}${HEALTH_PATHS.healthz}`);
    expect([health.status, health.headers.get('connection')]).toEqual([200, 'close']);
    expect(open.ws!.readyState).toBe(open.ws!.OPEN);
    await s.server.close();
    // 1001 going away: outside 4400-4499, so renderer/live/liveClient.ts and y-websocket reconnect.
    expect(await code).toBe(1001);
  });
});

describe('Readiness', () => {
  it('caches a probe for PROBE_INTERVAL_MS, reports a throwing probe as down without its message, and never leaves draining', () => {
    let now = 0;
    let calls = 0;
    let failing = false;
    const logs: string[] = [];
    const r = new Readiness((l) => logs.push(l), () => now);
    r.probe('store', () => {
      calls++;
      if (failing) throw new Error('connection to server at "db.tinh.local" failed: password authentication failed');
    });
    expect(r.report()).toMatchObject({ ok: false, code: 'STARTING' });
    r.markReady();
    expect(r.report()).toEqual({ ok: true, state: 'ready', dependencies: { store: true } });
    failing = true;
    expect(r.report().ok).toBe(true);
    expect(calls).toBe(1);
    now += PROBE_INTERVAL_MS;
    expect(r.report()).toEqual({ ok: false, state: 'ready', code: 'DEPENDENCY_DOWN', dependencies: { store: false } });
    expect(calls).toBe(2);
    expect(logs).toEqual(['readiness: store down']);
    // The store down with Redis down too: still DEPENDENCY_DOWN (an optional dependency never makes it ready).
    r.expect('redis', 'optional');
    r.setDependency('redis', false);
    expect(r.report()).toEqual({ ok: false, state: 'ready', code: 'DEPENDENCY_DOWN', dependencies: { store: false, redis: false } });
    failing = false;
    now += PROBE_INTERVAL_MS;
    expect(r.report()).toEqual({ ok: true, state: 'ready', dependencies: { store: true, redis: false }, degraded: ['redis'] });
    r.drain();
    r.markReady();
    expect(r.report()).toEqual({ ok: false, state: 'draining', code: 'DRAINING', dependencies: { store: true, redis: false } });
  });
});

describe('withoutPassword', () => {
  it.each([
    ['postgres://council:s3cr%40t@db.tinh.local:5432/council', 'postgres://council:***@db.tinh.local:5432/council'],
    ['redis://:redispw@10.0.0.5:6379/0', 'redis://:***@10.0.0.5:6379/0'],
    ['postgres://db/council?password=zz&sslmode=require', 'postgres://db/council?password=***&sslmode=require'],
    ['host=db user=council password=abc dbname=council', 'host=db user=council password=*** dbname=council'],
    ["host=db password='a b' dbname=council", 'host=db password=*** dbname=council'],
    ['postgres:///council?host=/run/postgresql', 'postgres:///council?host=/run/postgresql'],
  ])('prints %s as %s', (url, shown) => {
    expect(withoutPassword(url)).toBe(shown);
  });
});
