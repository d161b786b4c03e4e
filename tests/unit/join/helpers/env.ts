// A real collab-server on 127.0.0.1:0, a real HTTP proxy in front of it (counts requests, can rewrite
// answers), temp folders, and a scan proving no plaintext was left on disk.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollabServer, type CollabServer } from '../../../../collab-server/server.ts';

export const ADMIN_TOKEN = 'join-tests-admin-token-0123456789';

export interface TestServer {
  readonly url: string;
  readonly dataDir: string;
  readonly server: CollabServer;
  stop(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestServer(): Promise<TestServer> {
  const dataDir = tempDir('council-join-server-');
  const server = await startCollabServer({ dataDir, host: '127.0.0.1', port: 0, adminToken: ADMIN_TOKEN, log: () => undefined });
  return {
    url: server.url,
    dataDir,
    server,
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ProxyRewrite {
  /** Return a replacement JSON body for a manifest answer, or undefined to pass it through. */
  manifest?(body: unknown): unknown | Promise<unknown>;
}

export interface CountingProxy {
  readonly url: string;
  /** Paths requested through the proxy, in order. */
  readonly requests: string[];
  chunkRequests(): number;
  rewrite: ProxyRewrite;
  close(): Promise<void>;
}

/** Forwards every request to `target` with its headers; answers are passed through or rewritten. */
export async function startProxy(target: string): Promise<CountingProxy> {
  const requests: string[] = [];
  const state: { rewrite: ProxyRewrite } = { rewrite: {} };
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    void forward(target, req, path, state.rewrite).then(
      ({ status, headers, body }) => {
        res.writeHead(status, headers);
        res.end(body);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    chunkRequests: () => requests.filter((p) => p.startsWith('/api/chunks/')).length,
    get rewrite() {
      return state.rewrite;
    },
    set rewrite(r: ProxyRewrite) {
      state.rewrite = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function forward(target: string, req: http.IncomingMessage, path: string, rewrite: ProxyRewrite): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const headers: Record<string, string> = {};
  if (req.headers.authorization) headers['authorization'] = req.headers.authorization;
  const upstream = await fetch(`${target}${path}`, { method: req.method ?? 'GET', headers });
  let body = Buffer.from(await upstream.arrayBuffer());
  if (rewrite.manifest && upstream.ok && /\/manifest$/.test(path.split('?')[0] ?? '')) {
    const replaced = await rewrite.manifest(JSON.parse(body.toString('utf8')));
    if (replaced !== undefined) body = Buffer.from(JSON.stringify(replaced));
  }
  const out: Record<string, string> = { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream', 'content-length': String(body.length) };
  return { status: upstream.status, headers: out, body };
}

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    out = statSync(p).isDirectory() ? [...out, ...filesUnder(p)] : [...out, p];
  }
  return out;
}

/**
 * Samples 48-byte windows of each plaintext (they are random bytes, so unique) and returns the files under
 * `dir` that contain any of them. An empty list means no plaintext of those documents is on disk there.
 */
export function filesWithPlaintext(dir: string, plaintexts: readonly Uint8Array[], exclude: readonly string[] = []): string[] {
  const samples = plaintexts.flatMap((p) => [0.3, 0.5, 0.9].map((f) => Buffer.from(p.subarray(Math.floor(p.length * f), Math.floor(p.length * f) + 48))));
  return filesUnder(dir).filter((f) => !exclude.includes(f) && samples.some((s) => readFileSync(f).includes(s)));
}
