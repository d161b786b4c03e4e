// One of the rush benchmark's client processes: a share of the delegates, each doing what a device does when
// "Tải về" is pressed — GET the manifest with its own member token, open it (signature, keys, chunk list),
// then GET every chunk, DOWNLOAD_CONCURRENCY at a time over keep-alive connections, checking each chunk's
// size (and, for the first delegate of each process, its SHA-256: hashing 20 GB in every client would make
// the clients, not the server, the thing measured). Each delegate binds its own loopback address
// (127.1.x.y), as each phone or laptop in the hall has its own: the server's per-address cap then counts
// them apart, as it would on the hall's network.
// IPC in: {setup: Setup} then {go: true}; out: {ready: true} then {done: Done}.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { API, type ManifestResponse } from '../../common/api/http.ts';
import { DOWNLOAD_CONCURRENCY, runQueue } from '../../common/device/download.ts';
import { chunkRefs, openManifestAnswer } from '../../common/device/openPack.ts';
import type { ChunkRef, Invitation } from '../../common/pack/format.ts';
import { deriveCredentials, parseInvitationLink } from '../../common/pack/invite.ts';

export interface ClientSetup {
  /** http://127.0.0.1:port of the server under test. */
  readonly base: string;
  readonly meetingId: string;
  readonly delegates: readonly { readonly link: string; readonly localAddress: string }[];
  /**
   * Whose manifest answer the server gives. Unset: each delegate's own (our server). nginx serves one
   * delegate's answer as a file to all, so each client opens it with that delegate's invitation: the same
   * crypto per delegate (signature, key unwrap, manifest decrypt) as against our server.
   */
  readonly manifestOwner?: string;
}

export interface DelegateResult {
  /** Epoch milliseconds (performance.timeOrigin + now: comparable across processes). */
  readonly finishedAt: number;
  /** When its manifest was answered and opened (NaN if it never was). */
  readonly manifestAt: number;
  readonly bytes: number;
  readonly chunks: number;
  /** Requests sent again after a reused keep-alive connection was reset (getRetrying). */
  readonly retries: number;
  readonly error?: string;
}

export interface ClientDone {
  readonly results: readonly DelegateResult[];
  /** This process's CPU seconds during the rush: tells whether the clients were the bottleneck. */
  readonly cpuSeconds: number;
}

interface Delegate {
  readonly inv: Invitation;
  readonly token: string;
  readonly agent: http.Agent;
  readonly localAddress: string;
  readonly verify: boolean;
}

const now = (): number => performance.timeOrigin + performance.now();

function get(d: Delegate, url: string, onData: (piece: Buffer) => void): Promise<{ status: number; length: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: d.agent, localAddress: d.localAddress, headers: { authorization: `Bearer ${d.token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (piece: Buffer) => {
        bytes += piece.length;
        onData(piece);
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, length: Number(res.headers['content-length'] ?? -1), bytes }));
      res.once('error', reject);
    });
    req.once('error', (e: Error) => reject(req.reusedSocket ? Object.assign(e, { reusedSocket: true }) : e));
  });
}

/**
 * A keep-alive connection the server closed just as a request went out fails with ECONNRESET before any
 * answer; browsers retry such a request once on a new connection, and so does the benchmark (counted).
 */
async function getRetrying(d: Delegate, url: string, onData: (piece: Buffer) => void, got: { retries: number }): ReturnType<typeof get> {
  try {
    return await get(d, url, onData);
  } catch (e) {
    if (!(e as { reusedSocket?: boolean }).reusedSocket) throw e;
    got.retries++;
    return get(d, url, onData);
  }
}

async function manifestRefs(d: Delegate, setup: ClientSetup): Promise<readonly ChunkRef[]> {
  const pieces: Buffer[] = [];
  const r = await get(d, `${setup.base}${API.manifest(setup.meetingId)}`, (p) => pieces.push(p));
  if (r.status !== 200) throw new Error(`manifest: HTTP ${r.status} ${Buffer.concat(pieces).toString().slice(0, 200)}`);
  const answer = JSON.parse(Buffer.concat(pieces).toString('utf8')) as ManifestResponse;
  return chunkRefs((await openManifestAnswer(owner ?? d.inv, answer, null)).documents);
}

async function fetchChunk(d: Delegate, base: string, ref: ChunkRef, got: { bytes: number; chunks: number; retries: number }): Promise<void> {
  const hash = d.verify ? createHash('sha256') : undefined;
  const r = await getRetrying(d, `${base}${API.chunk(ref.hash)}`, (p) => hash?.update(p), got);
  if (r.status !== 200) throw new Error(`chunk ${ref.hash}: HTTP ${r.status}`);
  if (r.bytes !== ref.size || r.length !== ref.size) throw new Error(`chunk ${ref.hash}: ${r.bytes} bytes (declared ${r.length}), expected ${ref.size}`);
  if (hash && hash.digest('hex') !== ref.hash) throw new Error(`chunk ${ref.hash}: wrong SHA-256`);
  got.bytes += r.bytes;
  got.chunks++;
}

async function runDelegate(d: Delegate, setup: ClientSetup): Promise<DelegateResult> {
  const got = { bytes: 0, chunks: 0, retries: 0 };
  const started = now();
  let manifestAt = NaN;
  try {
    const refs = await manifestRefs(d, setup);
    manifestAt = now();
    await runQueue(refs, DOWNLOAD_CONCURRENCY, (ref) => fetchChunk(d, setup.base, ref, got));
    return { finishedAt: now(), manifestAt, ...got };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const what = `${e instanceof Error ? e.message : String(e)}${typeof code === 'string' ? ` (${code})` : ''}`;
    return { finishedAt: now(), manifestAt, ...got, error: `${what} after ${got.chunks} chunks, ${((now() - started) / 1000).toFixed(1)} s` };
  } finally {
    d.agent.destroy();
  }
}

let setup: ClientSetup | undefined;
let delegates: Delegate[] = [];
let owner: Invitation | undefined;

async function prepare(s: ClientSetup): Promise<void> {
  setup = s;
  owner = s.manifestOwner === undefined ? undefined : parseInvitationLink(s.manifestOwner);
  delegates = await Promise.all(
    s.delegates.map(async ({ link, localAddress }, i) => {
      const inv = parseInvitationLink(link);
      const { authToken } = await deriveCredentials(inv);
      // Like a browser's per-origin pool: at most DOWNLOAD_CONCURRENCY connections, kept alive between chunks.
      const agent = new http.Agent({ keepAlive: true, maxSockets: DOWNLOAD_CONCURRENCY });
      return { inv, token: authToken, agent, localAddress, verify: i === 0 };
    }),
  );
}

async function go(): Promise<ClientDone> {
  const s = setup;
  if (!s) throw new Error('go before setup');
  const cpu = process.cpuUsage();
  const results = await Promise.all(delegates.map((d) => runDelegate(d, s)));
  const used = process.cpuUsage(cpu);
  return { results, cpuSeconds: (used.user + used.system) / 1e6 };
}

process.on('message', (raw) => {
  const m = raw as { setup?: ClientSetup; go?: boolean };
  if (m.setup) void prepare(m.setup).then(() => process.send?.({ ready: true }));
  else if (m.go) void go().then((done) => process.send?.({ done }, () => process.exit(0)));
});
