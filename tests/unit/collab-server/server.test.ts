// Server lifecycle: the admin token shown once, TLS with a reused self-signed certificate, rate limit.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollabServer } from '../../../collab-server/server.ts';
import { selfSignedCertificate } from '../../../collab-server/tls.ts';
import { AUTH_FAILURE_BURST } from '../../../collab-server/core/auth.ts';
import { bearer, errorCode, tempDir } from './helpers.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
const quiet = () => {};
const missing = (url: string, token: string) =>
  fetch(`${url}/api/chunks/missing`, { method: 'POST', headers: bearer(token), body: JSON.stringify({ hashes: [] }) });

describe('admin token', () => {
  it('is generated once, stored only as a hash, and keeps working after a restart', async () => {
    const dataDir = dir();
    const first = await startCollabServer({ dataDir, port: 0, log: quiet });
    const token = first.adminToken ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = first.db.prepare(`SELECT value FROM settings`).all() as { value: string }[];
    expect(JSON.stringify(stored)).not.toContain(token);
    await first.close();

    const second = await startCollabServer({ dataDir, port: 0, log: quiet });
    try {
      expect(second.adminToken).toBeUndefined();
      expect((await missing(second.url, token)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('takes a given admin token instead, replacing the stored one', async () => {
    const dataDir = dir();
    const first = await startCollabServer({ dataDir, port: 0, log: quiet });
    const old = first.adminToken ?? '';
    await first.close();
    const given = crypto.randomBytes(24).toString('base64url');
    const second = await startCollabServer({ dataDir, port: 0, adminToken: given, log: quiet });
    try {
      expect(second.adminToken).toBeUndefined();
      expect((await missing(second.url, given)).status).toBe(200);
      expect((await missing(second.url, old)).status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('answers 429 RATE_LIMITED after a burst of failed authentications, but still accepts the valid token', async () => {
    const s = await startCollabServer({ dataDir: dir(), port: 0, log: quiet });
    try {
      for (let i = 0; i < AUTH_FAILURE_BURST; i++) expect((await missing(s.url, `wrong-${i}`)).status).toBe(401);
      const limited = await missing(s.url, 'wrong-again');
      expect(limited.status).toBe(429);
      expect(await errorCode(limited)).toBe('RATE_LIMITED');
      expect((await missing(s.url, s.adminToken ?? '')).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('TLS', () => {
  it('serves HTTPS with a self-signed certificate that is reused on the next start', async () => {
    const dataDir = dir();
    const cert = await selfSignedCertificate(dataDir, ['localhost', '127.0.0.1']);
    expect(await selfSignedCertificate(dataDir, ['127.0.0.1'])).toEqual(cert);
    const s = await startCollabServer({ dataDir, port: 0, tls: cert, log: quiet });
    try {
      expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(`${s.url}/api/health`, { ca: cert.cert }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(JSON.parse(body)).toMatchObject({ ok: true });
    } finally {
      await s.close();
    }
  });

  it('makes a new certificate when a host name is not covered', async () => {
    const dataDir = dir();
    const a = await selfSignedCertificate(dataDir, ['localhost']);
    const b = await selfSignedCertificate(dataDir, ['hall.test']);
    expect(b.cert).not.toEqual(a.cert);
    expect(new crypto.X509Certificate(b.cert).checkHost('hall.test')).toBe('hall.test');
  });
});
