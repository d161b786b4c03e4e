// `council serve` as a real process receiving SIGTERM, in the order a proxy in front of two instances needs:
// /readyz turns 503 DRAINING at once while everything else still works, new WebSockets are refused with 503
// (so the proxy retries them on the other instance), a request already being answered finishes, the open
// WebSocket gets 1001 (the renderer reconnects on it), and the process exits 0. A second signal exits at once.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollabServer } from '../../../collab-server/server.ts';
import { HEALTH_PATHS } from '../../../collab-server/core/healthRoutes.ts';
import { roomToString } from '../../../common/live/rooms.ts';
import { tempDir } from '../collab-server/helpers.ts';
import { cast, closed, rawSocket, seedMeeting, WAIT_BOUND_MS, type TestMember } from '../live/liveHarness.ts';

const COUNCIL = path.resolve(import.meta.dirname, '../../../bin/council.mjs');
const ADMIN = 'ops-shutdown-admin-token-0123456789';
const MEETING = 'ky-hop-ops';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A data dir with a meeting and its members, made by the server itself, then closed for the CLI to open. */
async function seededDataDir(): Promise<{ dataDir: string; chair: TestMember }> {
  const dataDir = tempDir('council-ops-');
  dirs.push(dataDir);
  const server = await startCollabServer({ dataDir, host: '127.0.0.1', port: 0, adminToken: ADMIN, log: () => {} });
  const [chair] = seedMeeting(server, MEETING, cast(1));
  await server.close();
  return { dataDir, chair: chair! };
}

interface Serve {
  readonly url: string;
  readonly lines: string[];
  readonly exit: Promise<number | null>;
  /** Resolves when a stdout line matches. */
  line(re: RegExp): Promise<string>;
  readonly child: ChildProcess;
}

async function serve(dataDir: string, args: readonly string[]): Promise<Serve> {
  const child = spawn(process.execPath, [COUNCIL, 'serve', '--data', dataDir, '--port', '0', ...args], {
    env: { ...process.env, COUNCIL_ADMIN_TOKEN: ADMIN, COUNCIL_DATABASE_URL: '', COUNCIL_REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  readline.createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of [...waiters]) w();
  });
  child.stderr!.on('data', (d: Buffer) => lines.push(`stderr: ${d.toString('utf8')}`));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = (re: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = lines.find((l) => re.test(l));
        if (found === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => reject(new Error(`no line ${re} in: ${lines.join('\n')}`)), WAIT_BOUND_MS);
      waiters.add(check);
      check();
    });
  const ready = await Promise.race([line(/Server ready: (\S+)/), exit.then((c) => Promise.reject(new Error(`exited ${c}: ${lines.join('\n')}`)))]);
  return { url: /Server ready: (\S+)/.exec(ready)![1]!, lines, exit, line, child };
}

/** A POST whose head is in and checked (100 Continue came back) but whose body is only half sent. */
function halfSentRequest(url: string): Promise<{ finish(): void; answer: Promise<{ status: number; body: string }> }> {
  const body = Buffer.from(JSON.stringify({ hashes: ['a'.repeat(64)] }));
  const u = new URL('/api/chunks/missing', url);
  return new Promise((resolve, reject) => {
    const req = http.request(u, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue' },
    });
    const answer = new Promise<{ status: number; body: string }>((done, fail) => {
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', fail);
    });
    req.on('error', reject);
    req.on('continue', () => {
      req.write(body.subarray(0, 5));
      resolve({ finish: () => req.end(body.subarray(5)), answer });
    });
    req.flushHeaders();
  });
}

/** True once the port refuses a new connection: the drain is over and the server stopped accepting. */
function refusesConnections(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(new URL(HEALTH_PATHS.healthz, url), { agent: false }, (res) => {
      res.resume();
      resolve(false);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

describe('council serve: graceful shutdown', () => {
  it('drains on SIGTERM (readyz 503, new sockets 503), lets an in-flight request finish, closes sockets with 1001, exits 0', async () => {
    const { dataDir, chair } = await seededDataDir();
    const s = await serve(dataDir, ['--drain-seconds', '3']);
    expect((await fetch(`${s.url}${HEALTH_PATHS.readyz}`)).status).toBe(200);
    const room = roomToString({ kind: 'state', meetingId: MEETING });
    const { ws } = await rawSocket(s.url, room, chair.token);
    expect(ws).toBeDefined();
    const closeCode = closed(ws!);
    const upload = await halfSentRequest(s.url);

    s.child.kill('SIGTERM');
    await s.line(/Draining \(SIGTERM\)/);
    const readyz = await fetch(`${s.url}${HEALTH_PATHS.readyz}`);
    expect([readyz.status, ((await readyz.json()) as { code?: unknown }).code]).toEqual([503, 'DRAINING']);
    expect(await rawSocket(s.url, room, chair.token)).toEqual({ status: 503 });
    expect(ws!.readyState).toBe(ws!.OPEN);

    // Past the drain the port closes; the request whose head was in is still being waited for.
    let refused = false;
    for (const until = Date.now() + WAIT_BOUND_MS; !refused && Date.now() < until; ) {
      refused = await refusesConnections(s.url);
      if (!refused) await new Promise((r) => setTimeout(r, 50));
    }
    expect(refused).toBe(true);
    expect(ws!.readyState).toBe(ws!.OPEN);
    upload.finish();
    const answer = await upload.answer;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ missing: ['a'.repeat(64)] });

    expect(await closeCode).toBe(1001);
    expect(await s.exit).toBe(0);
  });

  it('exits at once on a second signal during the drain (143 after SIGTERM)', async () => {
    const { dataDir } = await seededDataDir();
    const s = await serve(dataDir, ['--drain-seconds', '60']);
    s.child.kill('SIGTERM');
    await s.line(/Draining \(SIGTERM\)/);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(143);
    expect(s.lines.some((l) => /Stopping at once \(SIGTERM\)/.test(l))).toBe(true);
  });

  it('alone (no PostgreSQL, no Redis) it does not drain by default: SIGINT stops it as before, exit 0', async () => {
    const { dataDir } = await seededDataDir();
    const s = await serve(dataDir, []);
    s.child.kill('SIGINT');
    expect(await s.exit).toBe(0);
    expect(s.lines.some((l) => /Stopping \(SIGINT\)/.test(l))).toBe(true);
    expect(s.lines.some((l) => /Draining/.test(l))).toBe(false);
  });
});
