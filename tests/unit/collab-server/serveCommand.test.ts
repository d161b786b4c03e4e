// `council serve` as a real process: ready line, admin token shown once, graceful stop, bad arguments.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

const COUNCIL = path.resolve(import.meta.dirname, '../../../bin/council.mjs');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  // A failed assertion must not leave a server running behind the test.
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const env = { ...process.env, COUNCIL_ADMIN_TOKEN: '' };

describe('council serve', () => {
  it('prints the admin token once and the ready URL, serves, and stops on SIGTERM', async () => {
    const data = tempDir();
    dirs.push(data);
    const child = spawn(process.execPath, [COUNCIL, 'serve', '--data', data, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const lines: string[] = [];
    const ready = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${lines.join('\n')}`)));
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        const m = /Server ready: (\S+)/.exec(line);
        if (m?.[1]) resolve(m[1]);
      });
    });
    expect(lines.some((l) => /Admin token \(shown ONCE, keep it\): [A-Za-z0-9_-]{43}$/.test(l))).toBe(true);
    expect((await fetch(`${ready}/api/health`)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it.each([[['--port', 'abc']], [['--tls-cert', 'x']], [['--self-signed', '--tls-cert', 'a', '--tls-key', 'b']], [['--nope']]])(
    'exits 2 with one line for bad arguments %j',
    (args) => {
      const r = spawnSync(process.execPath, [COUNCIL, 'serve', ...args], { env, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
});
