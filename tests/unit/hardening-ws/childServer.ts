// Starts serverChild.ts in a child process (real server, port 0, own temp dir) and talks to it over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../../common/meeting/types.ts';
import { WAIT_BOUND_MS, type TestMember } from '../live/liveHarness.ts';

export const CHILD_ADMIN_TOKEN = 'hardening-admin-token-0123456789';

export interface ChildServer {
  readonly url: string;
  readonly logs: string[];
  /** Set when the process ended (crashed, or after stop). */
  exitCode(): number | null | undefined;
  /** Resolves with the exit code when the process ends; never resolves while it serves. */
  readonly exited: Promise<number | null>;
  seed(meetingId: string, members: readonly { delegateId: string; role: Role }[]): Promise<TestMember[]>;
  stop(): Promise<void>;
}

function nextMessage<T>(proc: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${key} from the server child`)), WAIT_BOUND_MS);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`server child exited (${code}) before sending ${key}`));
    };
    const onMessage = (m: unknown): void => {
      const rec = m as Record<string, unknown>;
      if (!(key in rec)) return;
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(rec[key] as T);
    };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  });
}

export async function startChildServer(): Promise<ChildServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-hardening-'));
  const proc = fork(fileURLToPath(new URL('./serverChild.ts', import.meta.url)), [dataDir, CHILD_ADMIN_TOKEN], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  proc.on('error', () => undefined);
  const logs: string[] = [];
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve((code = c))));
  proc.stderr?.on('data', (d: Buffer) => logs.push(d.toString('utf8')));
  proc.on('message', (m) => {
    const line = (m as { log?: unknown }).log;
    if (typeof line === 'string') logs.push(line);
  });
  const url = await nextMessage<string>(proc, 'url');
  return {
    url,
    logs,
    exitCode: () => code,
    exited,
    async seed(meetingId, members) {
      if (code !== undefined) throw new Error(`the server child has exited (${code})`);
      const answer = nextMessage<string[]>(proc, 'tokens');
      proc.send({ seed: { meetingId, members } });
      const tokens = await answer;
      return members.map((m, i) => ({ ...m, token: tokens[i] ?? '' }));
    },
    async stop() {
      if (code === undefined) {
        proc.send({ stop: true });
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
