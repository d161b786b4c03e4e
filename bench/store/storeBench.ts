// Issue 11: SQLite vs PostgreSQL under the same live workload. The real collab-server runs in a child process,
// once on the SQLite file (a temp data dir) and once on a throwaway PostgreSQL 15 cluster (a fresh database);
// DELEGATES members each send COMMANDS_EACH checkIn commands over HTTP, CONCURRENCY in flight at once.
// Every command is one store transaction (command log + Y.Doc update), so the figures are the store's cost.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIVE_API } from '../../common/live/index.ts';
import { PgDb } from '../../collab-server/store/pg/PgDb.ts';
import { startTestPostgres } from '../../tests/support/postgres.ts';
import { childPids, cpuSeconds } from '../rush/procStats.ts';
import { percentile, type BenchRow } from '../table.ts';
import { STORE_MEETING } from './constants.ts';

const DELEGATES = 50;
const COMMANDS_EACH = 20;
const CONCURRENCY = 10;

interface Child {
  readonly proc: ChildProcess;
  readonly url: string;
  readonly tokens: readonly string[];
}

function nextMessage<T>(proc: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`store server child exited (${code})`));
    const onMessage = (m: unknown): void => {
      const rec = m as Record<string, unknown>;
      if (!(key in rec)) return;
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(rec[key] as T);
    };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  });
}

async function startChild(dataDir: string, databaseUrl: string | undefined, delegates: number): Promise<Child> {
  const proc = fork(fileURLToPath(new URL('./serverChild.ts', import.meta.url)), [dataDir, databaseUrl ?? '-', String(delegates)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // The child must not pick up a store from the environment: the URL on its argv is the only one.
    env: { ...process.env, COUNCIL_DATABASE_URL: '', COUNCIL_TEST_DATABASE_ADMIN_URL: '' },
  });
  const ready = await nextMessage<{ port: number; tokens: string[] }>(proc, 'ready');
  return { proc, url: `http://127.0.0.1:${ready.port}`, tokens: ready.tokens };
}

async function cpuOf(child: Child): Promise<number> {
  const answer = nextMessage<number>(child.proc, 'cpuSeconds');
  child.proc.send({ cpu: true });
  return answer;
}

async function stopChild(child: Child): Promise<void> {
  const exited = new Promise<void>((r) => child.proc.once('exit', () => r()));
  child.proc.send({ stop: true });
  await exited;
}

async function command(child: Child, token: string, member: number, k: number): Promise<void> {
  const body = { id: `s-${member}-${k}`, type: 'checkIn', mode: k % 2 === 0 ? 'present-hall' : 'present-online' };
  const res = await fetch(child.url + LIVE_API.commands(STORE_MEETING), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`command refused: ${res.status} ${text}`);
}

interface RunResult {
  readonly commands: number;
  readonly wallSec: number;
  readonly latencyMs: number[];
  readonly cpuSec: number;
  /** PostgreSQL's own processes (postmaster and its live children: the server's backend, WAL writer…). */
  readonly dbCpuSec: number;
}

/** CPU seconds of the postmaster and its children now; a backend that exited takes its time with it. */
function postgresCpu(dataDir: string): () => number {
  const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return () => [pid, ...childPids(pid)].reduce((sum, p) => {
    try {
      return sum + cpuSeconds(p);
    } catch {
      return sum; // exited between the listing and the read
    }
  }, 0);
}

/**
 * Every member's commands in one shared list, `concurrency` workers draining it; each checkIn flips the mode.
 * Round k = 0 is a warm-up, not measured: it loads the meeting's doc and each member's row, and warms the JIT.
 */
async function drive(child: Child, each: number, concurrency: number, dbCpu: () => number = () => 0): Promise<RunResult> {
  await Promise.all(child.tokens.map((token, member) => command(child, token, member, 0)));
  const jobs: { token: string; k: number; member: number }[] = [];
  for (let k = 1; k <= each; k++) child.tokens.forEach((token, member) => jobs.push({ token, k, member }));
  const latencyMs: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const start = performance.now();
      await command(child, job.token, job.member, job.k);
      latencyMs.push(performance.now() - start);
    }
  };
  const cpuBefore = await cpuOf(child);
  const dbBefore = dbCpu();
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallSec = (performance.now() - start) / 1000;
  const cpuSec = (await cpuOf(child)) - cpuBefore;
  return { commands: jobs.length, wallSec, latencyMs, cpuSec, dbCpuSec: dbCpu() - dbBefore };
}

function progress(line: string): void {
  process.stderr.write(`bench store: ${line}\n`);
}

async function onSqlite(each: number, concurrency: number, delegates: number): Promise<RunResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-store-bench-'));
  try {
    const child = await startChild(dataDir, undefined, delegates);
    try {
      return await drive(child, each, concurrency);
    } finally {
      await stopChild(child);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function onPostgres(durable: boolean, each: number, concurrency: number, delegates: number): Promise<RunResult> {
  const pg = durable ? await startTestPostgres({ durable: true }) : await startTestPostgres();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-store-bench-'));
  try {
    const admin = new PgDb(pg.adminUrl);
    try {
      admin.exec('CREATE DATABASE bench_store');
      // Say what was measured: the row's label must match the cluster (PgDb itself sets synchronous_commit on).
      const { fsync } = admin.prepare("SELECT current_setting('fsync') AS fsync").get() as { fsync: string };
      if (fsync !== (durable ? 'on' : 'off')) throw new Error(`PostgreSQL fsync=${fsync}, expected ${durable ? 'on' : 'off'}`);
    } finally {
      admin.close();
    }
    const url = new URL(pg.adminUrl);
    url.pathname = '/bench_store';
    const child = await startChild(dataDir, url.toString(), delegates);
    try {
      return await drive(child, each, concurrency, postgresCpu(path.join(pg.dir, 'data')));
    } finally {
      await stopChild(child);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await pg.stop();
  }
}

/** One engine's rows; `base` (SQLite, the default store) is the baseline column of PostgreSQL's. */
function rows(engine: string, r: RunResult, note: string, base?: RunResult): BenchRow[] {
  const group = 'store';
  const perSec = (x: RunResult): number => x.commands / x.wallSec;
  const cpuPerK = (x: RunResult): number => (x.cpuSec / x.commands) * 1000;
  const against = (text: string): { baseline?: string } => (base ? { baseline: `SQLite: ${text}` } : {});
  return [
    { group, name: `${engine}: ${r.commands} commands, commands/s`, value: perSec(r), unit: '/s', ...(base ? against(`${perSec(base).toFixed(0)} /s`) : {}), note },
    ...[50, 99].map((p) => ({
      group,
      name: `${engine}: command latency p${p}`,
      value: percentile(r.latencyMs, p),
      unit: 'ms',
      ...(base ? against(`${percentile(base.latencyMs, p).toFixed(1)} ms`) : {}),
    })),
    { group, name: `${engine}: server CPU per 1000 commands`, value: cpuPerK(r), unit: 's', ...(base ? against(`${cpuPerK(base).toFixed(2)} s`) : {}), note: 'collab-server process' },
    ...(base ? [{ group, name: `${engine}: postgres CPU per 1000 commands`, value: (r.dbCpuSec / r.commands) * 1000, unit: 's', note: 'postmaster + children; SQLite has none apart (in-process)' }] : []),
  ];
}

export async function runStoreBench(opts: { quick?: boolean } = {}): Promise<BenchRow[]> {
  const delegates = DELEGATES;
  const each = opts.quick ? 4 : COMMANDS_EACH;
  const concurrency = CONCURRENCY;
  const sqlite = await onSqlite(each, concurrency, delegates);
  progress(`SQLite: ${sqlite.commands} commands in ${sqlite.wallSec.toFixed(2)} s`);
  const durable = await onPostgres(true, each, concurrency, delegates);
  progress(`PostgreSQL (durable): ${durable.commands} commands in ${durable.wallSec.toFixed(2)} s`);
  const fast = await onPostgres(false, each, concurrency, delegates);
  progress(`PostgreSQL (fsync off): ${fast.commands} commands in ${fast.wallSec.toFixed(2)} s`);
  const setup = `${delegates} delegates x ${each} checkIn over HTTP (+1 warm-up each), ${concurrency} in flight, one process`;
  return [
    ...rows('SQLite (synchronous=FULL)', sqlite, setup),
    ...rows('PostgreSQL 15 (fsync on)', durable, 'Unix socket, same machine', sqlite),
    ...rows('PostgreSQL 15 (fsync off, test cluster)', fast, 'not durable: tests/support/postgres.ts settings', sqlite),
  ];
}
