// `council serve --trusted-proxy IP`: a repeatable flag; anything but an IP address is a usage error.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../collab-server/helpers.ts';

const COUNCIL = path.resolve(import.meta.dirname, '../../../bin/council.mjs');
const env = { ...process.env, COUNCIL_ADMIN_TOKEN: 'serve-trusted-proxy-test-token' };

describe('council serve --trusted-proxy', () => {
  it('refuses a proxy that is not an IP address with one line and exit code 2', () => {
    const r = spawnSync(process.execPath, [COUNCIL, 'serve', '--trusted-proxy', 'proxy.local'], { env, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--trusted-proxy');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('believes X-Forwarded-For from the given proxy: failures count per forwarded client', async () => {
    const data = tempDir();
    const child = spawn(process.execPath, [COUNCIL, 'serve', '--data', data, '--port', '0', '--trusted-proxy', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
        readline.createInterface({ input: child.stdout }).on('line', (line) => {
          const m = /Server ready: (\S+)/.exec(line);
          if (m?.[1]) resolve(m[1]);
        });
      });
      const me = (token: string, forwardedFor: string): Promise<number> =>
        fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': forwardedFor } }).then((r) => r.status);
      const first: number[] = [];
      for (let i = 0; i < 40; i++) first.push(await me(`wrong-${i}`, '10.1.1.1'));
      expect(first.at(-1)).toBe(429);
      expect(await me('another-wrong', '10.2.2.2')).toBe(401);
    } finally {
      const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exit;
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
});
