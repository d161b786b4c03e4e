import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, bearer, errorCode, startTestServer, tempDir, type TestServer } from './helpers.ts';

/** A raw GET through node:http, so the path reaches the server exactly as written (fetch would normalise it). */
function rawGet(base: string, rawPath: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

let t: TestServer;
let root: string;
let staticDir: string;

beforeAll(async () => {
  root = tempDir('council-static-');
  staticDir = path.join(root, 'dist');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Phòng họp</title>');
  fs.writeFileSync(path.join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app-Bx12abcd.js'), 'console.log(1);');
  fs.writeFileSync(path.join(staticDir, 'assets', 'pdf.worker.wasm'), new Uint8Array([0, 97, 115, 109]));
  fs.writeFileSync(path.join(root, 'secret.txt'), 'secret');
  t = await startTestServer({ staticDir });
});
afterAll(async () => {
  await t.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('static client bundle', () => {
  it('serves index.html and sw.js with no-cache, hashed assets for a year', async () => {
    const index = await fetch(`${t.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('Phòng họp');
    expect((await fetch(`${t.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${t.url}/assets/app-Bx12abcd.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${t.url}/assets/pdf.worker.wasm`)).headers.get('content-type')).toBe('application/wasm');
  });

  it('falls back to index.html for app routes but not for missing files', async () => {
    const route = await fetch(`${t.url}/meeting/abc`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('Phòng họp');
    expect((await fetch(`${t.url}/assets/missing.js`)).status).toBe(404);
  });

  it('answers 304 to a matching ETag', async () => {
    const first = await fetch(`${t.url}/sw.js`);
    const etag = first.headers.get('etag') ?? '';
    expect((await fetch(`${t.url}/sw.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it.each([
    '/../package.json',
    '/..%2f..%2fpackage.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%5c..%5cindex.html',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%00index.html',
  ])('refuses path traversal %s', async (p) => {
    const r = await rawGet(t.url, p);
    expect(r.status).toBe(400);
    expect(r.body).not.toContain('secret');
    expect(r.body).not.toContain('"name"');
  });

  it('says the bundle is not built when the folder is missing', async () => {
    const other = await startTestServer({ staticDir: path.join(staticDir, 'nope') });
    try {
      const r = await fetch(`${other.url}/`);
      expect(r.status).toBe(503);
      expect(await r.text()).toContain('npm run build:renderer');
    } finally {
      await other.stop();
    }
  });
});

describe('API errors over HTTP', () => {
  it('answers unknown API paths and wrong methods with JSON errors', async () => {
    const r = await fetch(`${t.url}/api/nothing`);
    expect(r.status).toBe(404);
    expect(await errorCode(r)).toBe('NOT_FOUND');
    const m = await fetch(`${t.url}/api/health`, { method: 'DELETE' });
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('GET');
  });

  it('refuses a declared oversized JSON body with 413 before reading it', async () => {
    const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { hostname, port } = new URL(t.url);
      const req = http.request(
        { host: hostname, port, path: '/api/chunks/missing', method: 'POST', headers: { ...bearer(ADMIN_TOKEN), 'content-length': String(100 * 1024 * 1024) } },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
        },
      );
      req.on('error', reject);
      req.write('{"hashes":');
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
  });

  it('never sends a stack trace for malformed input', async () => {
    const bodies = ['', 'null', '[]', '{"hashes":null}', '\u0000\u00ff', '{"hashes":["' + 'a'.repeat(64) + '"],"x":1}'];
    for (const body of bodies) {
      const r = await fetch(`${t.url}/api/chunks/missing`, { method: 'POST', headers: bearer(ADMIN_TOKEN), body });
      expect(r.status).toBe(400);
      expect(await errorCode(r)).toBe('BAD_REQUEST');
    }
    const bad = await fetch(`${t.url}/api/meetings/%E0%A4%A/manifest`);
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(await bad.text()).not.toMatch(/\.ts:\d+/);
  });

  it('destroys WebSocket upgrades outside /sync/', async () => {
    const { hostname, port } = new URL(t.url);
    const closed = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(`GET /other HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d: Buffer) => (data += d.toString()));
      socket.on('close', () => resolve(data));
    });
    expect(closed).toBe('');
  });
});
