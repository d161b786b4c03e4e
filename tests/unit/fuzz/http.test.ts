// Fuzz: every HTTP route of the collab-server, over real sockets to a server in its own process. Random
// JSON, mutated valid bodies, wrong types, huge and deep JSON, bad UTF-8, bad paths, queries, Range and
// Content-Length headers, raw malformed requests. Each answer must be a 2xx-4xx with a clean error body
// (never a 5xx, never a stack trace); after every batch the server must live, answer /api/health, let a
// normal y-websocket client join and sync, and stay under an RSS bound.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '../../../common/errors.ts';
import { AUDIT_KEY_PATH } from '../../../common/live/audit.ts';
import { meetingStateRoom } from '../../../common/live/rooms.ts';
import { ADMIN_TOKEN, fakeMember, publishMeeting, type FakeMember } from '../collab-server/helpers.ts';
import { assertHealthy, startFuzzServer, type FuzzServer } from './serverProcess.ts';
import { badUtf8, deepJsonText, fromB64, fuzzFailure, loadCorpus, mutateBytes, mutateJson, randomJson, randomString, Rng, runSeed, saveToCorpus, toB64 } from './fuzzKit.ts';

const TARGET = 'http';
const ROUTE_CASES = 1600;
const RAW_CASES = 300;
const BATCH = 400;
const RSS_BOUND = 600 * 1024 * 1024;
const ANSWER_BOUND_MS = 10_000;
const seed = runSeed();
/** FUZZ_VERBOSE=1 prints how the answers were spread over routes and statuses (is the fuzzer reaching handlers?). */
const seen = new Map<string, number>();

/** Placeholders in stored cases; replaced by this run's tokens and ids when sent. */
const TOKENS = ['$ADMIN', '$CHAIR', '$DELEGATE', '$OBSERVER'] as const;

export interface RouteCase {
  readonly kind: 'route';
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** base64 */
  readonly body?: string;
}

export interface RawCase {
  readonly kind: 'raw';
  /** base64 of everything sent */
  readonly bytes: string;
  /** Keep the connection open after sending (a stalled upload): the server must still answer or close. */
  readonly stall?: boolean;
}

type HttpCase = RouteCase | RawCase;

let server: FuzzServer;
let members: Record<(typeof TOKENS)[number], string>;
let watcher: FakeMember;
let chunkHashes: string[];
let validPublish: unknown;

beforeAll(async () => {
  server = await startFuzzServer();
  const chair = fakeMember('chu-toa', 'chair');
  const delegate = fakeMember('d1');
  const observer = fakeMember('hall', 'observer');
  watcher = fakeMember('kiem-tra');
  const published = await publishMeeting(server.url, 'fz', [chair, delegate, observer, watcher]);
  chunkHashes = published.hashes;
  // Admin fuzzing publishes into another meeting, so the watcher's meeting keeps its members.
  const pub = await publishMeeting(server.url, 'fz-pub', [fakeMember('d1')]);
  validPublish = { envelope: { ...pub.envelope, revision: 2 }, chunks: pub.hashes, members: [fakeMember('d2').upload] };
  members = { $ADMIN: ADMIN_TOKEN, $CHAIR: chair.token, $DELEGATE: delegate.token, $OBSERVER: observer.token };
}, 60_000);
afterAll(async () => {
  if (process.env['FUZZ_VERBOSE']) console.log([...seen].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
  await server?.stop();
});

function resolve(text: string): string {
  let out = text;
  for (const t of TOKENS) out = out.split(t).join(members[t]);
  return out;
}

// ---- generating cases

interface RouteSpec {
  readonly method: string;
  readonly path: (rng: Rng) => string;
  readonly body?: (rng: Rng) => unknown;
}

const id = (rng: Rng, valid: string): string =>
  rng.chance(0.7) ? valid : rng.pick([randomString(rng), '%zz', '%2e%2e', 'a'.repeat(41), '', '..', '%00', encodeURIComponent(randomString(rng))]);

function command(rng: Rng): unknown {
  const base = { id: `c${rng.int(1e9)}` };
  return rng.pick([
    { ...base, type: 'announce', text: randomString(rng), level: rng.pick(['info', 'urgent', 'x']) },
    { ...base, type: 'checkIn', mode: 'present-hall' },
    { ...base, type: 'requestToSpeak', speechType: 'phat-bieu' },
    { ...base, type: 'setCurrentItem', itemId: rng.chance(0.5) ? null : randomString(rng) },
    { ...base, type: 'giveFloor', delegateId: 'd1', durationSec: rng.pick([1, 60, -1, 1e9]) },
    { ...base, type: 'reorderQueue', requestIds: [randomString(rng)] },
    { ...base, type: 'configure', quorum: { numerator: rng.int(5), denominator: rng.int(5) }, totalDelegates: rng.int(100) },
    { ...base, type: 'recordAttendance', delegateId: 'd1', status: 'absent', reason: randomString(rng) },
    { ...base, type: rng.pick(['nope', '__proto__', 'constructor']) },
  ]);
}

const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: () => '/api/health' },
  { method: 'GET', path: () => '/api/me' },
  { method: 'GET', path: (rng) => `/api/meetings/${id(rng, 'fz')}/manifest${rng.chance(0.5) ? `?revision=${rng.pick(['1', '0', '-1', '99999999999', 'x', ''])}` : ''}` },
  { method: 'GET', path: (rng) => `/api/chunks/${id(rng, rng.pick(chunkHashes))}` },
  { method: 'HEAD', path: (rng) => `/api/chunks/${id(rng, rng.pick(chunkHashes))}` },
  { method: 'PUT', path: (rng) => `/api/chunks/${id(rng, 'f'.repeat(64))}`, body: (rng) => randomString(rng) },
  { method: 'POST', path: () => '/api/chunks/missing', body: (rng) => ({ hashes: rng.chance(0.5) ? chunkHashes : [randomString(rng)] }) },
  { method: 'POST', path: (rng) => `/api/meetings/${id(rng, 'fz-pub')}/revisions`, body: () => validPublish },
  { method: 'POST', path: (rng) => `/api/meetings/${id(rng, 'fz-pub')}/members/${id(rng, 'nobody')}/revoke`, body: () => ({}) },
  { method: 'POST', path: (rng) => `/api/meetings/${id(rng, 'fz')}/commands`, body: command },
  { method: 'GET', path: (rng) => `/api/meetings/${id(rng, 'fz')}/audit?after=${rng.pick(['0', '-1', 'x', '1e99', '9007199254740993'])}` },
  { method: 'GET', path: () => AUDIT_KEY_PATH },
  { method: 'GET', path: (rng) => `/api/${randomString(rng)}` },
  { method: 'DELETE', path: () => '/api/me' },
];

function authHeader(rng: Rng): Record<string, string> {
  const r = rng.int(10);
  if (r < 6) return { authorization: `Bearer ${rng.pick(TOKENS)}` };
  if (r === 6) return {};
  return { authorization: rng.pick(['Bearer', 'Bearer ', 'Basic YWI6Y2Q=', `Bearer ${randomString(rng).replace(/[\r\n]/g, '')}`, 'Bearer a b', `bearer $CHAIR`]) };
}

function extraHeaders(rng: Rng): Record<string, string> {
  const out: Record<string, string> = {};
  if (rng.chance(0.3)) out['range'] = rng.pick(['bytes=0-0', 'bytes=-1', 'bytes=5-2', 'bytes=0-99999999999999999999', 'bytes=x-y', 'bytes=0-1,2-3', 'items=0-1', 'bytes=-0', 'bytes=', '']);
  if (rng.chance(0.1)) out['if-none-match'] = rng.pick(['*', '"x"', 'W/"y"', '', ',,,']);
  if (rng.chance(0.2)) out['content-type'] = rng.pick(['application/json', 'text/plain', 'application/json; charset=latin1', '']);
  if (rng.chance(0.1)) out['x-forwarded-for'] = rng.pick(['10.0.0.1', 'garbage', '1.1.1.1, 2.2.2.2', '']);
  return out;
}

function body(rng: Rng, spec: RouteSpec): Uint8Array | undefined {
  if (spec.method === 'GET' || spec.method === 'HEAD') return undefined;
  const enc = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v) ?? 'null');
  const valid = spec.body?.(rng) ?? {};
  switch (rng.int(9)) {
    case 0:
      return enc(valid);
    case 1:
    case 2:
      return enc(mutateJson(rng, valid));
    case 3:
      return enc(randomJson(rng, 4));
    case 4:
      return new TextEncoder().encode(deepJsonText(rng.pick([100, 10_000, 200_000]), rng.chance(0.5) ? 'array' : 'object'));
    case 5:
      return badUtf8(rng);
    case 6:
      return mutateBytes(rng, enc(valid));
    case 7:
      return enc({ ...(typeof valid === 'object' && valid !== null ? valid : {}), big: 'x'.repeat(rng.pick([1000, 70_000, 1_100_000])) });
    default:
      return rng.bytes(rng.size(4096));
  }
}

/** A request target node:http will send: every byte outside printable ASCII percent-encoded. */
function escapeTarget(target: string): string {
  return Array.from(new TextEncoder().encode(target), (b) => (b > 0x20 && b < 0x7f ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
}

/** A header value node:http will send (it refuses control characters and anything past U+00FF). */
function headerValue(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

function routeCase(rng: Rng): RouteCase {
  const spec = rng.pick(ROUTES);
  const b = body(rng, spec);
  return { kind: 'route', method: spec.method, path: escapeTarget(spec.path(rng)), headers: Object.fromEntries(Object.entries({ ...authHeader(rng), ...extraHeaders(rng) }).map(([k, v]) => [k, headerValue(v)])), ...(b ? { body: toB64(b) } : {}) };
}

const RAW_HEADS = [
  'POST /api/meetings/fz/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer $CHAIR\r\nContent-Length: abc\r\n\r\n{}',
  'POST /api/meetings/fz/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer $CHAIR\r\nContent-Length: -1\r\n\r\n{}',
  'POST /api/meetings/fz/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer $CHAIR\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
  'POST /api/meetings/fz/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer $CHAIR\r\nContent-Length: 99999999999999999999\r\n\r\n{}',
  'POST /api/meetings/fz/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer $CHAIR\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
  'POST /api/meetings/fz/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer $CHAIR\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
  'POST /api/chunks/missing HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer $ADMIN\r\nContent-Length: 100\r\n\r\n{"hashes":[]}',
  'GET /api/chunks/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer $DELEGATE\r\nRange: bytes=0-\r\n\r\n',
  'GET //api/me HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET * HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET http://evil/api/me HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer $DELEGATE\r\nX: \u0000\r\n\r\n',
  'BREW /api/health HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /api/health HTTP/9.9\r\n\r\n',
  'GET /sync/m/fz/state HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
  'GET /sync/m/fz/state?token=$CHAIR HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n',
];

function rawCase(rng: Rng): RawCase {
  const base = new TextEncoder().encode(rng.pick(RAW_HEADS));
  return { kind: 'raw', bytes: toB64(rng.chance(0.6) ? mutateBytes(rng, base) : base) };
}

// ---- sending cases and checking answers

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function sendRoute(c: RouteCase): Promise<{ status: number; text: string; contentType: string }> {
  const { hostname, port } = new URL(server.url);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.headers)) headers[k] = resolve(v);
  const payload = c.body === undefined ? undefined : fromB64(c.body);
  // node:http sends a DELETE body with neither length nor chunking unless told: say how long it is.
  if (payload) headers['content-length'] = String(payload.length);
  return new Promise((done, fail) => {
    const req = http.request({ host: hostname, port, method: c.method, path: c.path, headers, agent, timeout: ANSWER_BOUND_MS }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8'), contentType: String(res.headers['content-type'] ?? '') }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ANSWER_BOUND_MS} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => {
      // The server may cut an upload it refused before reading it; that is an answer too.
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') done({ status: 0, text: '', contentType: '' });
      else fail(e);
    });
    req.end(payload);
  });
}

function checkAnswer(a: { status: number; text: string; contentType: string }): void {
  if (a.status === 0) return;
  if (a.status < 200 || a.status >= 500) throw new Error(`answered ${a.status}: ${a.text.slice(0, 300)}`);
  if (/\bat .*\.(ts|js):\d+|node:internal/.test(a.text)) throw new Error(`a stack trace leaked: ${a.text.slice(0, 300)}`);
  if (a.status >= 400 && a.contentType.startsWith('application/json') && a.text !== '') {
    const parsed = JSON.parse(a.text) as { ok?: unknown; error?: { code?: unknown } };
    if (parsed.ok !== false || !isErrorCode(parsed.error?.code)) throw new Error(`not an error body: ${a.text.slice(0, 300)}`);
  }
}

function sendRaw(c: RawCase): Promise<string> {
  const { hostname, port } = new URL(server.url);
  return new Promise((done, fail) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`the server neither answered nor closed within ${ANSWER_BOUND_MS} ms: ${JSON.stringify(data.slice(0, 200))}`));
    }, ANSWER_BOUND_MS);
    socket.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      // A stalled upload only needs its answer; an upgrade that succeeded is done once it says 101.
      if ((c.stall || data.startsWith('HTTP/1.1 101')) && data.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      done(data);
    });
    socket.write(new TextEncoder().encode(resolve(Buffer.from(fromB64(c.bytes)).toString('latin1'))));
    if (!c.stall) socket.end();
  });
}

function checkRaw(answer: string): void {
  const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
  if (status !== undefined && Number(status) >= 500) throw new Error(`answered ${status}: ${answer.slice(0, 300)}`);
  if (/\bat .*\.(ts|js):\d+|node:internal/.test(answer)) throw new Error(`a stack trace leaked: ${answer.slice(0, 300)}`);
}

async function run(c: HttpCase, why: string): Promise<void> {
  try {
    if (c.kind === 'route') {
      const answer = await sendRoute(c);
      const key = `${c.method} ${c.path.replace(/\?.*$/, '').replace(/[0-9a-f]{64}/g, ':hash').slice(0, 40)} ${answer.status}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      checkAnswer(answer);
    }
    else checkRaw(await sendRaw(c));
    const dead = server.exited();
    if (dead) throw new Error(`the server died (${dead}); its log ends:\n${server.log().slice(-3000)}`);
  } catch (e) {
    saveToCorpus(TARGET, { why: `${why}: ${e instanceof Error ? e.message.slice(0, 300) : String(e)}`, input: c });
    throw fuzzFailure(TARGET, seed, c, e);
  }
}

const healthy = (): Promise<void> => assertHealthy(server, meetingStateRoom('fz'), watcher.token, RSS_BOUND);

describe('fuzz: HTTP routes', () => {
  it('replays the corpus', async () => {
    const corpus = loadCorpus<HttpCase>(TARGET);
    expect(corpus.length).toBeGreaterThan(0);
    for (const entry of corpus) await run(entry.input, 'corpus');
    await healthy();
  });

  it(`answers ${ROUTE_CASES} random requests to every route cleanly (seed ${seed})`, async () => {
    const rng = new Rng(seed);
    for (let i = 0; i < ROUTE_CASES; i++) {
      await run(routeCase(rng), `route case ${i}`);
      if ((i + 1) % BATCH === 0) await healthy();
    }
    await healthy();
  });

  it(`survives ${RAW_CASES} malformed raw requests (seed ${seed})`, async () => {
    const rng = new Rng(seed ^ 0x5eed);
    for (let i = 0; i < RAW_CASES; i++) {
      await run(rawCase(rng), `raw case ${i}`);
      if ((i + 1) % BATCH === 0) await healthy();
    }
    await healthy();
  });
});
