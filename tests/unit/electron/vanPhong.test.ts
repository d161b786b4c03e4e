// Văn phòng mode's policy (main/services/app/policy/vanPhong.ts) and the renderer files it serves over HTTP
// (main/services/app/staticFiles.ts): the flag, the console window's origin rule, downloads, and no path escapes.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConsoleDownload, isConsoleUrl, VAN_PHONG_DEFAULT_SERVER, vanPhongFromArgv } from '../../../main/services/app/policy/vanPhong.ts';
import { resolveInside, serveRendererFile } from '../../../main/services/app/staticFiles.ts';

describe('the --van-phong flag', () => {
  it('opens the console against the default or the named collab-server', () => {
    expect(vanPhongFromArgv(['electron', '.'])).toBeUndefined();
    expect(vanPhongFromArgv(['app', '--van-phong'])).toEqual({ server: VAN_PHONG_DEFAULT_SERVER });
    expect(vanPhongFromArgv(['app', '--van-phong=https://hop.dienbien.gov.vn:8443/'])).toEqual({ server: 'https://hop.dienbien.gov.vn:8443' });
  });
  it('refuses a server that is not a plain http(s) URL', () => {
    for (const bad of ['--van-phong=file:///etc/passwd', '--van-phong=https://u:p@host', '--van-phong=nonsense', '--van-phong=https://h/?x=1']) {
      expect(vanPhongFromArgv(['app', bad]), bad).toBeUndefined();
    }
  });
});

describe('the console window', () => {
  const origin = 'http://127.0.0.1:43123';
  it('shows only the in-process console origin', () => {
    expect(isConsoleUrl(`${origin}/console`, origin)).toBe(true);
    expect(isConsoleUrl(`${origin}/console/drafts/x`, origin)).toBe(true);
    expect(isConsoleUrl('http://127.0.0.1:43124/console', origin)).toBe(false);
    expect(isConsoleUrl('http://localhost:43123/console', origin)).toBe(false);
    expect(isConsoleUrl('https://example.org/console', origin)).toBe(false);
    expect(isConsoleUrl('http://user:pw@127.0.0.1:43123/console', origin)).toBe(false);
    expect(isConsoleUrl('not a url', origin)).toBe(false);
  });
  it('downloads only the console API files', () => {
    expect(isConsoleDownload(`${origin}/console/api/drafts/d1/minutes.docx`, origin)).toBe(true);
    expect(isConsoleDownload(`${origin}/assets/index.js`, origin)).toBe(false);
    expect(isConsoleDownload('http://127.0.0.1:1/console/api/drafts/d1/minutes.docx', origin)).toBe(false);
  });
});

describe('the renderer files over HTTP', () => {
  let root: string;
  let outside: string;
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'vanphong-'));
    outside = await mkdtemp(path.join(os.tmpdir(), 'vanphong-out-'));
    await mkdir(path.join(root, 'assets'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Văn phòng</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(outside, 'secret.txt'), 'publisher keys');
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
    server = http.createServer((req, res) => void serveRendererFile(root, req, res, new URL(req.url ?? '/', 'http://x').pathname));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('serves a file with its type, and index.html for the console routes', async () => {
    const js = await fetch(`${base}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    const page = await fetch(`${base}/console/drafts/abc`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Văn phòng');
  });
  it('never leaves the folder (.., encoded .., symlinks out)', async () => {
    expect(await resolveInside(root, '/../' + path.basename(outside) + '/secret.txt')).toBeUndefined();
    expect(await resolveInside(root, '/%2e%2e/secret.txt')).toBeUndefined();
    expect(await resolveInside(root, '/assets/link.txt')).toBeUndefined();
    expect(await resolveInside(root, '/a%00b')).toBeUndefined();
    const viaLink = await fetch(`${base}/assets/link.txt`);
    expect(await viaLink.text()).not.toContain('publisher keys');
  });
  it('answers only GET and HEAD', async () => {
    expect((await fetch(`${base}/index.html`, { method: 'POST' })).status).toBe(405);
  });
});
