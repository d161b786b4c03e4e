// Issue 11: 5,000 live clients (50 meetings x 100) on one collab-server instance vs two instances behind Redis,
// both on the same durable PostgreSQL 15 (fsync on; a throwaway cluster started by tests/support/postgres.ts).
// Each configuration gets a fresh database seeded with the same meetings; every member holds a real
// y-websocket client on its meeting's state room — with two instances, members alternate between A and B, so
// half of every meeting's clients hear of a command through Redis. Measured:
//  - broadcast: a requestToSpeak command (sent to the speaker's own instance) until all 100 clients of the
//    meeting see it in the queue — 3 per meeting, one meeting at a time (as bench/live's fleet case);
//  - vote acknowledgement: every member checks in, each chair opens an open poll, then the ballots of
//    VOTE_GROUP meetings at once (VOTE_GROUP x 100 castBallot over HTTP, each to the voter's instance), until
//    all 50 meetings have voted; every tally is checked exact on a client of the other instance;
//  - RSS (now and peak) and CPU of each instance once all that is done.
// A third configuration puts every member of a meeting on one instance (meetings alternate between A and B), as a
// proxy hashing on the meeting id would: it shows what the cross-instance meeting lock costs the spread case.
// The instances run in child processes (instanceChild.ts); the clients live in this process.
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Y from 'yjs';
import { OPEN_CHOICES, type OpenChoice } from '../../common/i18n/voting.ts';
import { LIVE_API, meetingStateRoom, SESSION_KEYS, SESSION_MAP, SYNC_PATH } from '../../common/live/index.ts';
import { VOTING_KEYS, votingMap, type PollResult } from '../../common/voting/state.ts';
import { AUDIT_KEY_FILE } from '../../collab-server/live/auditKey.ts';
import { openServerStore } from '../../collab-server/store/db.ts';
import { PgDb } from '../../collab-server/store/pg/PgDb.ts';
import { run, sql } from '../../collab-server/store/sql.ts';
import { startTestPostgres, type TestPostgres } from '../../tests/support/postgres.ts';
import { startTestRedis, type TestRedis } from '../../tests/support/redis.ts';
import { connectAll, destroyAll, fanout, type BenchClient } from '../live/liveBench.ts';
import { percentile, type BenchRow } from '../table.ts';

const MEETINGS = 50;
const PER_MEETING = 100;
const BROADCASTS_PER_MEETING = 3;
/** Meetings whose ballots are sent at the same moment (10 x 100 = 1,000 ballots in flight). */
const VOTE_GROUP = 10;
const CHECK_IN_CONCURRENCY = 32;
const WAIT_BOUND_MS = 300_000;
const POLL = 'nghi-quyet-1';
const MAX_TRIES = 5;

function log(line: string): void {
  process.stderr.write(`bench cluster: ${line}\n`);
}

// ---- instances

interface Instance {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly url: string;
  readonly dataDir: string;
}

interface Stats {
  readonly rssMb: number;
  readonly peakMb: number;
  readonly cpuSeconds: number;
}

function nextMessage<T>(proc: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(() => reject(new Error(`no ${key} from the instance within ${WAIT_BOUND_MS} ms`))), WAIT_BOUND_MS);
    const onExit = (code: number | null): void => done(() => reject(new Error(`instance exited (${code}) while waiting for ${key}`)));
    const onMessage = (m: unknown): void => {
      const rec = m as Record<string, unknown>;
      if (key in rec) done(() => resolve(rec[key] as T));
    };
    const done = (then: () => void): void => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      then();
    };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  });
}

async function startInstance(name: string, databaseUrl: string, redisUrl: string | undefined, keyFrom: string | undefined): Promise<Instance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `council-cluster-bench-${name}-`));
  // Instances of one deployment share the audit signing key (docs/deploy/): the first makes it.
  if (keyFrom) fs.copyFileSync(path.join(keyFrom, AUDIT_KEY_FILE), path.join(dataDir, AUDIT_KEY_FILE));
  const proc = fork(fileURLToPath(new URL('./instanceChild.ts', import.meta.url)), [dataDir, databaseUrl, redisUrl ?? '-'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await nextMessage<number>(proc, 'port');
  return { name, proc, url: `http://127.0.0.1:${port}`, dataDir };
}

function stats(i: Instance): Promise<Stats> {
  const answer = nextMessage<Stats>(i.proc, 'stats');
  i.proc.send({ stats: true });
  return answer;
}

async function stopInstance(i: Instance): Promise<void> {
  if (i.proc.exitCode === null && i.proc.signalCode === null) {
    const exited = new Promise<void>((resolve) => i.proc.once('exit', () => resolve()));
    i.proc.send({ stop: true });
    await exited;
  }
  fs.rmSync(i.dataDir, { recursive: true, force: true });
}

// ---- the store

function freshDatabase(pg: TestPostgres): string {
  const name = `bench_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new PgDb(pg.adminUrl);
  try {
    admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    admin.close();
  }
  const url = new URL(pg.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Member {
  readonly meetingId: string;
  readonly delegateId: string;
  readonly token: string;
  /** Which instance this member's client and commands go to (index into the configuration's instances). */
  readonly home: number;
}

interface Meeting {
  readonly id: string;
  /** members[0] is the chair. */
  readonly members: readonly Member[];
  clients: BenchClient[];
}

/** Seeds the meetings straight into the database (migrated by opening it), as the store benchmark does. */
/** Where a member's client and commands go: alternating within each meeting, or every member of a meeting on one instance. */
type Placement = 'spread' | 'by-meeting';

function seedMeetings(databaseUrl: string, meetings: number, perMeeting: number, instances: number, placement: Placement): Meeting[] {
  const seedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-cluster-bench-seed-'));
  const db = openServerStore({ dataDir: seedDir, databaseUrl });
  const out: Meeting[] = [];
  try {
    db.transaction(() => {
      for (let m = 0; m < meetings; m++) {
        const id = `ky-hop-${String(m + 1).padStart(2, '0')}`;
        run(db, sql`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (${id}, 'bench', 0, ${new Date().toISOString()})`);
        const members: Member[] = [];
        for (let i = 0; i < perMeeting; i++) {
          const token = crypto.randomBytes(24).toString('base64url');
          const delegateId = i === 0 ? 'chu-toa' : `db-${String(i).padStart(3, '0')}`;
          const hash = crypto.createHash('sha256').update(token).digest('hex');
          run(db, sql`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (${id}, ${delegateId}, ${i === 0 ? 'chair' : 'delegate'}, ${hash})`);
          members.push({ meetingId: id, delegateId, token, home: (placement === 'spread' ? i : m) % instances });
        }
        out.push({ id, members, clients: [] });
      }
    })();
  } finally {
    db.close();
    fs.rmSync(seedDir, { recursive: true, force: true });
  }
  return out;
}

// ---- commands over HTTP

let retries = 0;
/** Why commands had to be resent: the error's cause code (ECONNRESET, UND_ERR_SOCKET...) or message, counted. */
const resendReasons = new Map<string, number>();

function reasonOf(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return e instanceof Error ? e.message : String(e);
}

/** One command; a network failure is retried with the same id (the server answers a retry with the first answer). */
async function command(url: string, member: Member, body: object): Promise<{ ok: boolean; status: number; code?: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url + LIVE_API.commands(member.meetingId), {
        method: 'POST',
        headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const parsed = (await res.json()) as { ok: boolean; error?: { code: string } };
      return { ok: parsed.ok, status: res.status, ...(parsed.error ? { code: parsed.error.code } : {}) };
    } catch (e) {
      if (attempt >= MAX_TRIES) throw e;
      retries++;
      const reason = reasonOf(e);
      resendReasons.set(reason, (resendReasons.get(reason) ?? 0) + 1);
    }
  }
}

async function mustCommand(url: string, member: Member, body: { readonly type: string; readonly [k: string]: unknown }): Promise<void> {
  const a = await command(url, member, body);
  if (!a.ok) throw new Error(`${body.type} by ${member.delegateId} of ${member.meetingId} refused: ${a.status} ${a.code ?? ''}`);
}

async function inPool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** 70% tán thành, 20% không tán thành, 10% không biểu quyết. */
function choiceOf(i: number): OpenChoice {
  const k = i % 10;
  return k < 7 ? 'yes' : k < 9 ? 'no' : 'abstain';
}

const queueLength = (doc: Y.Doc): number => (doc.getMap(SESSION_MAP).get(SESSION_KEYS.queue) as Y.Array<unknown> | undefined)?.length ?? 0;

function announced(doc: Y.Doc): PollResult | undefined {
  const results = votingMap(doc).get(VOTING_KEYS.results) as { get(k: string): unknown } | undefined;
  return results?.get(POLL) as PollResult | undefined;
}

function tallyExact(result: PollResult, voters: number): boolean {
  if (result.tally.kind !== 'open') return false;
  const counts = result.tally.result.counts;
  const expected = Object.fromEntries(OPEN_CHOICES.map((c) => [c, 0])) as Record<OpenChoice, number>;
  for (let i = 0; i < voters; i++) expected[choiceOf(i)]++;
  return OPEN_CHOICES.every((c) => counts[c].count === expected[c]);
}

function waitFor(doc: Y.Doc, what: string, seen: (d: Y.Doc) => boolean): Promise<void> {
  if (seen(doc)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never saw ${what}`)), WAIT_BOUND_MS);
    const check = (): void => {
      if (!seen(doc)) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

// ---- one configuration

interface ConfigResult {
  readonly name: string;
  readonly broadcastMs: number[];
  readonly ackMs: number[];
  readonly refused: number;
  /** Ballots resent after a network failure (their latency includes the retry). */
  readonly resent: number;
  readonly stats: Stats[];
}

async function runConfig(name: string, pg: TestPostgres, redis: TestRedis | undefined, count: number, placement: Placement, meetings: number, perMeeting: number): Promise<ConfigResult> {
  const databaseUrl = freshDatabase(pg);
  const seeded = seedMeetings(databaseUrl, meetings, perMeeting, count, placement);
  const instances: Instance[] = [];
  try {
    for (let i = 0; i < count; i++) instances.push(await startInstance(String.fromCharCode(65 + i), databaseUrl, redis?.url, instances[0]?.dataDir));
    const urlOf = (m: Member): string => (instances[m.home] as Instance).url;
    const started = performance.now();
    // Connect every member's client to its own instance, a meeting at a time, in waves of 100.
    for (const meeting of seeded) {
      const perInstance = instances.map((inst, k) => ({ inst, members: meeting.members.filter((m) => m.home === k) }));
      const connected = await Promise.all(perInstance.map(({ inst, members }) => connectAll(inst.url + SYNC_PATH, members.map((m) => ({ room: meetingStateRoom(m.meetingId), token: m.token })))));
      // Put each client back in its member's place, so clients[i] is members[i]'s.
      const byIndex: BenchClient[] = new Array<BenchClient>(meeting.members.length);
      perInstance.forEach(({ members }, k) => members.forEach((m, j) => (byIndex[meeting.members.indexOf(m)] = (connected[k] as BenchClient[])[j] as BenchClient)));
      meeting.clients = byIndex;
    }
    log(`${name}: ${meetings * perMeeting} clients synced (${((performance.now() - started) / 1000).toFixed(1)} s)`);

    const broadcastMs: number[] = [];
    for (let k = 1; k <= BROADCASTS_PER_MEETING; k++) {
      for (const meeting of seeded) {
        const speaker = meeting.members[k] as Member;
        broadcastMs.push(await fanout(meeting.clients, (d) => queueLength(d) >= k, () => mustCommand(urlOf(speaker), speaker, { id: `dang-ky-${k}`, type: 'requestToSpeak', speechType: 'phat-bieu' })));
      }
    }

    const everyone = seeded.flatMap((m) => m.members);
    await inPool(everyone, CHECK_IN_CONCURRENCY, (m) => mustCommand(urlOf(m), m, { id: `vao-${m.delegateId}`, type: 'checkIn', mode: 'present-hall' }));
    for (const meeting of seeded) {
      const chair = meeting.members[0] as Member;
      await mustCommand(urlOf(chair), chair, { id: 'tao-1', type: 'createPoll', pollId: POLL, definition: { kind: 'open', question: 'Thông qua Nghị quyết về kế hoạch đầu tư công năm 2027', itemId: 'd1' } });
      await mustCommand(urlOf(chair), chair, { id: 'mo-1', type: 'openPoll', pollId: POLL });
    }
    log(`${name}: ${everyone.length} checked in, ${meetings} polls open`);

    const ackMs: number[] = [];
    let refused = 0;
    const retriesBefore = retries;
    for (let g = 0; g < seeded.length; g += VOTE_GROUP) {
      const group = seeded.slice(g, g + VOTE_GROUP);
      await Promise.all(
        group.flatMap((meeting) =>
          meeting.members.map(async (m, i) => {
            const sent = performance.now();
            const a = await command(urlOf(m), m, { id: `phieu-${m.delegateId}`, type: 'castBallot', pollId: POLL, choice: choiceOf(i) });
            ackMs.push(performance.now() - sent);
            if (!a.ok) refused++;
          }),
        ),
      );
    }
    const resent = retries - retriesBefore;
    log(`${name}: ${ackMs.length - refused} ballots acknowledged, ${refused} refused, ${resent} resent, p99 ${percentile(ackMs, 99).toFixed(0)} ms`);
    for (const meeting of seeded) {
      const chair = meeting.members[0] as Member;
      await mustCommand(urlOf(chair), chair, { id: 'dong-1', type: 'closePoll', pollId: POLL });
      await mustCommand(urlOf(chair), chair, { id: 'cong-bo-1', type: 'announcePoll', pollId: POLL });
      // Read on the last member's client: with two instances, one of the other instance for half the meetings.
      const reader = meeting.clients[meeting.clients.length - 1] as BenchClient;
      await waitFor(reader.doc, `${meeting.id}'s result`, (d) => announced(d) !== undefined);
      if (!tallyExact(announced(reader.doc) as PollResult, meeting.members.length)) throw new Error(`${name}: the tally of ${meeting.id} is not exact`);
    }
    log(`${name}: ${meetings} results announced, every tally exact`);
    const s = await Promise.all(instances.map(stats));
    for (const meeting of seeded) destroyAll(meeting.clients);
    return { name, broadcastMs, ackMs, refused, resent, stats: s };
  } finally {
    for (const meeting of seeded) destroyAll(meeting.clients);
    await Promise.all(instances.map(stopInstance));
  }
}

export async function runClusterBench(opts: { quick?: boolean } = {}): Promise<BenchRow[]> {
  process.setMaxListeners(0);
  const meetings = opts.quick ? 5 : MEETINGS;
  const perMeeting = opts.quick ? 20 : PER_MEETING;
  const pg = await startTestPostgres({ durable: true });
  const redis = await startTestRedis();
  try {
    const one = await runConfig('one instance', pg, undefined, 1, 'spread', meetings, perMeeting);
    const two = await runConfig('two instances + Redis', pg, redis, 2, 'spread', meetings, perMeeting);
    const affine = await runConfig('two instances + Redis, a meeting on one', pg, redis, 2, 'by-meeting', meetings, perMeeting);
    const group = 'cluster';
    const shape = `${meetings} x ${perMeeting} clients`;
    const rows: BenchRow[] = [];
    for (const p of [50, 99]) {
      rows.push({
        group,
        name: `broadcast p${p}, ${shape}, two instances + Redis`,
        value: percentile(two.broadcastMs, p),
        unit: 'ms',
        baseline: `one instance: ${percentile(one.broadcastMs, p).toFixed(1)} ms`,
        note: `${two.broadcastMs.length} requestToSpeak, half of each meeting's clients on each instance; a meeting on one instance: ${percentile(affine.broadcastMs, p).toFixed(1)} ms`,
      });
    }
    for (const p of [50, 99]) {
      rows.push({
        group,
        name: `vote acknowledgement p${p}, ${Math.min(VOTE_GROUP, meetings) * perMeeting} ballots at once, two instances`,
        value: percentile(two.ackMs, p),
        unit: 'ms',
        baseline: `one instance: ${percentile(one.ackMs, p).toFixed(1)} ms`,
        note: `${two.ackMs.length} ballots each (${two.refused + one.refused + affine.refused} refused; resent after a network failure: ${one.resent} / ${two.resent} / ${affine.resent}); a meeting on one instance: ${percentile(affine.ackMs, p).toFixed(1)} ms`,
      });
    }
    const affineNote = affine.stats.map((s, i) => `${String.fromCharCode(65 + i)} ${s.rssMb.toFixed(0)} MB, ${s.cpuSeconds.toFixed(1)} CPU s`).join('; ');
    two.stats.forEach((s, i) =>
      rows.push({
        group,
        name: `RSS of instance ${String.fromCharCode(65 + i)} of two, ${shape}`,
        value: s.rssMb,
        unit: 'MB',
        baseline: `one instance: ${(one.stats[0] as Stats).rssMb.toFixed(0)} MB (peak ${(one.stats[0] as Stats).peakMb.toFixed(0)})`,
        note: `peak ${s.peakMb.toFixed(0)} MB; CPU ${s.cpuSeconds.toFixed(1)} s (one instance: ${(one.stats[0] as Stats).cpuSeconds.toFixed(1)} s); a meeting on one instance: ${affineNote}`,
      }),
    );
    log(`${retries} commands resent after a network failure (all configurations)${resendReasons.size > 0 ? `: ${[...resendReasons].map(([r, n]) => `${r} ×${n}`).join(', ')}` : ''}`);
    return rows;
  } finally {
    await redis.stop();
    await pg.stop();
  }
}
