// `council console` as a child process: it prints its URL, answers the API (UNAUTHORIZED without a session,
// a login with the admin token it was given), and stops on SIGTERM with exit code 0.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ROUTES } from '../../../common/api/console.ts';
import { ADMIN_TOKEN, Client, startEnv, type Env } from './helpers.ts';

const CLI = join(import.meta.dirname, '../../../bin/council.mjs');
let env: Env;

beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env.stop();
});

describe('council console', () => {
  it('starts on the given port, serves the API, stops on SIGTERM', async () => {
    const data = env.tempDir('console-cli-');
    const child = spawn(process.execPath, [CLI, 'console', '--port', '0', '--data', data, '--server', env.collab.url], {
      env: { ...process.env, COUNCIL_ADMIN_TOKEN: ADMIN_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString('utf8');
          const m = /(http:\/\/127\.0\.0\.1:\d+)\/console/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${String(code)}: ${out}`)));
      });
      const c = new Client(url);
      const me = await c.call('GET', CONSOLE_ROUTES.me);
      expect(me.ok ? undefined : me.error.code).toBe('UNAUTHORIZED');
      expect(await c.value('POST', CONSOLE_ROUTES.session, { json: { token: ADMIN_TOKEN } })).toMatchObject({ role: 'admin', server: env.collab.url });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
