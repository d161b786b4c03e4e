// Static files by Accept-Encoding: the precomputed br/gzip variants beside a file, never compressed on the
// fly; identity for Range requests; an ETag per variant; Vary wherever a variant exists. Real server, port 0.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedCodings } from '../../../collab-server/http/staticFiles.ts';
import { startTestServer, tempDir, type TestServer } from '../collab-server/helpers.ts';

const JS = Buffer.from(`export const greeting = ${JSON.stringify('Xin chào, đại biểu! '.repeat(400))};\n`);
const HTML = Buffer.from(`<!doctype html><html lang="vi"><body>${'<p>Phòng họp không giấy</p>'.repeat(60)}</body></html>`);
const PNG = Buffer.alloc(2048, 7);
const OLD = Buffer.from('console.log("new build");\n'.repeat(80));

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

function request(url: string, urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = http.request(new URL(urlPath, url), { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

function writeWithVariants(dir: string, name: string, data: Buffer): void {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
}

let srv: TestServer;
let dist: string;
const JS_PATH = '/assets/app-Ab12Cd34.js';

beforeAll(async () => {
  dist = tempDir('council-static-');
  writeWithVariants(dist, 'index.html', HTML);
  writeWithVariants(dist, JS_PATH.slice(1), JS);
  fs.writeFileSync(path.join(dist, 'icon.png'), PNG);
  // A variant left over from an older build: older than its file, so it must never be served.
  writeWithVariants(dist, 'old.js', Buffer.from('console.log("old build");\n'.repeat(80)));
  fs.writeFileSync(path.join(dist, 'old.js'), OLD);
  const past = new Date(Date.now() - 3_600_000);
  fs.utimesSync(path.join(dist, 'old.js.br'), past, past);
  fs.utimesSync(path.join(dist, 'old.js.gz'), past, past);
  srv = await startTestServer({ staticDir: dist });
});

afterAll(async () => {
  await srv.stop();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('acceptedCodings', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['gzip, deflate, br, zstd', ['br', 'gzip']],
    ['gzip', ['gzip']],
    ['x-gzip', ['gzip']],
    ['BR;Q=0.5', ['br']],
    ['br;q=0, gzip;q=0', []],
    ['*', ['br', 'gzip']],
    ['*;q=0, gzip', ['gzip']],
    ['br;q=0, *', ['gzip']],
    ['identity', []],
    ['br;q=nonsense', []],
  ] as const)('%s → %j', (header, expected) => {
    expect([...acceptedCodings(header)]).toEqual(expected);
  });
});

describe('serveStatic content negotiation', () => {
  it('prefers br, with its own length, ETag and Vary, and the body is the file once decoded', async () => {
    const r = await request(srv.url, JS_PATH, { 'accept-encoding': 'gzip, deflate, br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(r.headers['content-length'])).toBe(fs.statSync(path.join(dist, `${JS_PATH}.br`)).size);
    expect(r.body.length).toBeLessThan(JS.length / 5);
    expect(zlib.brotliDecompressSync(r.body).equals(JS)).toBe(true);
    expect(r.headers.etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+-br"$/);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends gzip to a client without br, and identity to one that accepts neither', async () => {
    const gz = await request(srv.url, JS_PATH, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(zlib.gunzipSync(gz.body).equals(JS)).toBe(true);
    expect(gz.headers.etag).toMatch(/-gzip"$/);

    const plainAsks: Record<string, string>[] = [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }];
    for (const headers of plainAsks) {
      const plain = await request(srv.url, JS_PATH, headers);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toBe('Accept-Encoding');
      expect(Number(plain.headers['content-length'])).toBe(JS.length);
      expect(plain.body.equals(JS)).toBe(true);
    }
  });

  it('gives each variant its own ETag: a 304 only for the variant the client holds', async () => {
    const br = await request(srv.url, JS_PATH, { 'accept-encoding': 'br' });
    const gz = await request(srv.url, JS_PATH, { 'accept-encoding': 'gzip' });
    const plain = await request(srv.url, JS_PATH);
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);

    const again = await request(srv.url, JS_PATH, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.vary).toBe('Accept-Encoding');
    expect(again.headers.etag).toBe(br.headers.etag);

    const otherVariant = await request(srv.url, JS_PATH, { 'accept-encoding': 'gzip', 'if-none-match': String(br.headers.etag) });
    expect(otherVariant.status).toBe(200);
    expect(otherVariant.headers['content-encoding']).toBe('gzip');
  });

  it('answers HEAD with the headers GET would send and no body', async () => {
    const get = await request(srv.url, JS_PATH, { 'accept-encoding': 'br' });
    const head = await request(srv.url, JS_PATH, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const h of ['content-encoding', 'content-length', 'etag', 'vary', 'content-type']) expect(head.headers[h]).toBe(get.headers[h]);
  });

  it('serves a Range request from the identity file, never from an encoded variant', async () => {
    const part = await request(srv.url, JS_PATH, { 'accept-encoding': 'br, gzip', range: 'bytes=0-9' });
    expect(part.status).toBe(206);
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.headers['content-range']).toBe(`bytes 0-9/${JS.length}`);
    expect(part.headers.vary).toBe('Accept-Encoding');
    expect(part.body.equals(JS.subarray(0, 10))).toBe(true);

    const tail = await request(srv.url, JS_PATH, { 'accept-encoding': 'br', range: 'bytes=-5' });
    expect(tail.body.equals(JS.subarray(JS.length - 5))).toBe(true);

    const beyond = await request(srv.url, JS_PATH, { 'accept-encoding': 'br', range: `bytes=${JS.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${JS.length}`);

    const plain = await request(srv.url, JS_PATH);
    const staleIfRange = await request(srv.url, JS_PATH, { range: 'bytes=0-9', 'if-range': 'W/"not-this-one"' });
    expect(staleIfRange.status).toBe(200);
    expect(staleIfRange.body.equals(JS)).toBe(true);
    const freshIfRange = await request(srv.url, JS_PATH, { range: 'bytes=0-9', 'if-range': String(plain.headers.etag) });
    expect(freshIfRange.status).toBe(206);
  });

  it('sends a file without variants as it is, without Vary', async () => {
    const r = await request(srv.url, '/icon.png', { 'accept-encoding': 'br, gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers.vary).toBeUndefined();
    expect(r.body.equals(PNG)).toBe(true);
  });

  it('never serves a variant older than its file (left over from another build)', async () => {
    const r = await request(srv.url, '/old.js', { 'accept-encoding': 'br, gzip' });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.equals(OLD)).toBe(true);
  });

  it('serves the entry page compressed for app routes too (the SPA fallback)', async () => {
    const r = await request(srv.url, '/m/some-meeting', { 'accept-encoding': 'br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(zlib.brotliDecompressSync(r.body).equals(HTML)).toBe(true);
  });
});
