// Several collab-server instances on one PostgreSQL and one Redis, each a child process (clusterChild.ts), so
// that a test can SIGKILL one. The test process opens the same database to seed the meeting and to read
// what was stored. Instances share the audit signing key, as a deployment must (docs/deploy/): the first
// instance creates it in its data folder, the others get a copy before they start.
import crypto from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach } from 'vitest';
import { AUDIT_KEY_FILE } from '../../../collab-server/live/auditKey.ts';
import { openServerStore, type ServerDb } from '../../../collab-server/store/db.ts';
import { PgDb } from '../../../collab-server/store/pg/PgDb.ts';
import { meetingStateRoom } from '../../../common/live/rooms.ts';
import { startTestPostgres, type TestPostgres } from '../../support/postgres.ts';
import { startTestRedis, type TestRedis } from '../../support/redis.ts';
import { cast, connect, nextCommandId, send, sha256Hex, waitForSynced, WAIT_BOUND_MS, type Client, type CommandAnswer, type TestMember } from '../live/liveHarness.ts';

export const CLUSTER_ADMIN_TOKEN = 'cluster-test-admin-token-0123456789';
export const MEETING = 'hdnd-cluster';

export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  readonly logs: string[];
  readonly exited: Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface Cluster {
  readonly redis: TestRedis;
  readonly databaseUrl: string;
  /** The test's own connection to the shared database. */
  readonly db: ServerDb;
  readonly instances: Instance[];
  /** The data folder that holds the audit key (the first instance's). */
  keyDir(): string | undefined;
  start(name: string, live?: Readonly<Record<string, number>>): Promise<Instance>;
  members(n: number): TestMember[];
  stop(): Promise<void>;
}

let pg: TestPostgres | undefined;

/** One PostgreSQL per test file (a fresh database per cluster); stopped by stopPostgres in afterAll. */
async function postgres(): Promise<TestPostgres> {
  pg ??= await startTestPostgres();
  return pg;
}

export async function stopPostgres(): Promise<void> {
  await pg?.stop();
  pg = undefined;
}

function freshDatabase(adminUrl: string): string {
  const name = `c_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new PgDb(adminUrl);
  try {
    admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    admin.close();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function nextMessage<T>(proc: ChildProcess, key: string, logs: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${key} from the instance:\n${logs.join('\n')}`)), WAIT_BOUND_MS);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`instance exited (${code}) before sending ${key}:\n${logs.join('\n')}`));
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

export async function startCluster(): Promise<Cluster> {
  const server = await postgres();
  const redis = await startTestRedis();
  const databaseUrl = freshDatabase(server.adminUrl);
  const dirs: string[] = [];
  const seedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-cluster-seed-'));
  dirs.push(seedDir);
  const db = openServerStore({ dataDir: seedDir, databaseUrl });
  const instances: Instance[] = [];
  let keyDir: string | undefined;
  const cluster: Cluster = {
    redis,
    databaseUrl,
    db,
    instances,
    keyDir: () => keyDir,
    async start(name, live = {}) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `council-cluster-${name}-`));
      dirs.push(dataDir);
      if (keyDir) fs.copyFileSync(path.join(keyDir, AUDIT_KEY_FILE), path.join(dataDir, AUDIT_KEY_FILE));
      const env = { ...process.env, COUNCIL_DATABASE_URL: databaseUrl, COUNCIL_REDIS_URL: redis.url, COUNCIL_TEST_LIVE_LIMITS: JSON.stringify({ commandBurst: 1000, commandRefillPerSec: 1000, ...live }) };
      const child = fork(fileURLToPath(new URL('./clusterChild.ts', import.meta.url)), [dataDir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'pipe', 'ipc'], env });
      const logs: string[] = [];
      child.on('error', () => undefined);
      child.stderr?.on('data', (d: Buffer) => logs.push(d.toString('utf8')));
      child.on('message', (m) => {
        const line = (m as { log?: unknown }).log;
        if (typeof line === 'string') logs.push(line);
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const url = await nextMessage<string>(child, 'url', logs);
      keyDir ??= dataDir;
      const instance: Instance = {
        name,
        url,
        child,
        logs,
        exited,
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.send({ stop: true });
          await exited;
        },
      };
      instances.push(instance);
      return instance;
    },
    members(n) {
      return db.transaction(() => seed(db, n))();
    },
    async stop() {
      await Promise.all(instances.map((i) => i.stop()));
      db.close();
      await redis.stop();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    },
  };
  return cluster;
}

function seed(db: ServerDb, n: number): TestMember[] {
  db.prepare(`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (?, ?, 0, ?)`).run(MEETING, 'test-key', new Date().toISOString());
  const insert = db.prepare(`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (?, ?, ?, ?)`);
  return cast(n).map((m) => {
    const token = crypto.randomBytes(24).toString('base64url');
    insert.run(MEETING, m.delegateId, m.role, sha256Hex(token));
    return { ...m, token };
  });
}

export function cmd(instance: Instance, member: TestMember, command: Record<string, unknown>, id = nextCommandId()): Promise<CommandAnswer> {
  return send(instance.url, MEETING, member.token, { id, ...command });
}

/** A real y-websocket client on the meeting's state room through `instance`, synced. */
export async function stateClient(instance: Instance, token: string): Promise<Client> {
  const c = connect(instance.url, meetingStateRoom(MEETING), token);
  await waitForSynced(c);
  return c;
}

/**
 * A cluster per test: `start` makes it; after each test its clients (pushed to `clients`) and the cluster stop,
 * after the file its PostgreSQL.
 */
export function clusterPerTest(): { readonly clients: Client[]; start(): Promise<Cluster> } {
  const clients: Client[] = [];
  let cluster: Cluster | undefined;
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await cluster?.stop();
    cluster = undefined;
  });
  afterAll(() => stopPostgres());
  return {
    clients,
    async start() {
      cluster = await startCluster();
      return cluster;
    },
  };
}

/** A command's value, or a thrown error with the refusal (for steps that must succeed). */
export function ok(a: { status: number; body: unknown }): Record<string, unknown> {
  const body = a.body as { ok: boolean; value?: Record<string, unknown>; error?: unknown };
  if (!body.ok) throw new Error(`refused ${a.status}: ${JSON.stringify(body.error)}`);
  return body.value ?? {};
}
