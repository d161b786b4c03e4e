// Voting benchmark (issue 7): N simultaneous voters on one real collab-server (child process, its own SQLite file,
// synchronous=FULL). Each voting member checks in, the chair creates and opens an open poll, every voter sends
// one castBallot over HTTP at the same moment, then the chair closes and announces. Measured: ballot
// acknowledgement p50/p99, the time from the last acknowledged ballot until the hall screen (a y-websocket
// client of the observer on the state room) shows the final count and then the announced result, the
// server's RSS, and what the server sent to each screen during the poll. The same poll runs twice in one run:
// with the coalesced progress (the product) and with one tally write per ballot (OpenSlides' design).
// The voters' screens live in a child process (screensChild.ts), so applying broadcasts there does not delay
// the ballots' timing here; the hall screen lives here, as the one screen whose timing is reported.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { LIVE_API, meetingStateRoom, SYNC_PATH } from '../../common/live/index.ts';
import type { CollabServerOptions } from '../../collab-server/server.ts';
import { OPEN_CHOICES, type OpenChoice } from '../../common/i18n/voting.ts';
import { VOTING_KEYS, votingMap, type PollResult } from '../../common/voting/state.ts';
import { percentile, type BenchRow } from '../table.ts';
import type { SeededMember } from './serverChild.ts';
import type { ScreensReport } from './screensChild.ts';
import { closeScreens, openScreens, resetCounts, wallNow, watch, type Screen, type Seen } from './screens.ts';

const VOTERS = 2_000;
/**
 * Voters' screens connected by default: a subset. Each screen holds the meeting's state doc (2,000 attendance
 * records), ~4-5 MB per screen in one Node process (200 screens: 0.85-1.1 GB measured), so all 2,000 would
 * need ~10 GB in the screens' process, which on 2 shared cores also cannot keep up with its sockets. The hall
 * screen shows what every screen is sent; `--screens 2000` (runVotingBench.ts) tries them all.
 */
const DEFAULT_SCREENS = 200;
const CONNECT_WAVE = 100;
/** Check-ins run this many at a time (they happen before the poll and are not measured). */
const CHECK_IN_CONCURRENCY = 32;
const WAIT_BOUND_MS = 600_000;
const MEETING = 'bieu-quyet-2000';
const POLL = 'nghi-quyet-1';

export interface Design {
  readonly name: string;
  /** What the design changes in startCollabServer's options. */
  readonly server: Partial<CollabServerOptions>;
}

function log(line: string): void {
  process.stderr.write(`bench voting: ${line}\n`);
}

// ---- child processes

function nextMessage<T>(proc: ChildProcess, key: string, boundMs = WAIT_BOUND_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${key} from the child within ${boundMs} ms`));
    }, boundMs);
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`child exited (${code}) while waiting for ${key}`));
    };
    const onMessage = (m: unknown): void => {
      const rec = m as Record<string, unknown>;
      if (!(key in rec)) return;
      cleanup();
      resolve(rec[key] as T);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
    };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  });
}

interface Child {
  readonly proc: ChildProcess;
  request<T>(msg: object, key: string): Promise<T>;
  stop(): Promise<void>;
}

/** Extra node flags for the server child, e.g. VOTING_BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const SERVER_FLAGS = (process.env['VOTING_BENCH_SERVER_FLAGS'] ?? '').split(' ').filter((f) => f.length > 0);

function forkChild(file: string, args: string[], flags: readonly string[] = []): Child {
  const proc = fork(fileURLToPath(new URL(file, import.meta.url)), args, { execArgv: [...flags, '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    proc,
    request<T>(msg: object, key: string): Promise<T> {
      const answer = nextMessage<T>(proc, key);
      proc.send(msg);
      return answer;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.send({ stop: true });
      }),
  };
}

// ---- commands over HTTP

interface Answer {
  readonly ok: boolean;
  readonly status: number;
  readonly code?: string;
}

/** Network failures (a keep-alive socket the server closed as it was reused) retried, as the client does. */
const MAX_TRIES = 5;
let retries = 0;
/** Why ballots were resent: the network error's code (cause), counted. */
const retryCauses = new Map<string, number>();

function causeOf(e: unknown): string {
  const cause = e instanceof Error ? (e.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : e instanceof Error ? e.message : String(e);
  return code.slice(0, 40);
}

async function command(url: string, token: string, body: object): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url + LIVE_API.commands(MEETING), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const parsed = (await res.json()) as { ok: boolean; error?: { code: string } };
      return { ok: parsed.ok, status: res.status, ...(parsed.error ? { code: parsed.error.code } : {}) };
    } catch (e) {
      // The same command id again: the server answers a retry with the first answer, never a second vote.
      if (attempt >= MAX_TRIES) throw e;
      retries++;
      retryCauses.set(causeOf(e), (retryCauses.get(causeOf(e)) ?? 0) + 1);
    }
  }
}

async function mustCommand(url: string, token: string, body: object): Promise<void> {
  const a = await command(url, token, body);
  if (!a.ok) throw new Error(`${(body as { type: string }).type} refused: ${a.status} ${a.code ?? ''}`);
}

async function inPool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** 70% tán thành, 20% không tán thành, 10% không biểu quyết, spread over the voters. */
function choiceOf(i: number): OpenChoice {
  const k = i % 10;
  return k < 7 ? 'yes' : k < 9 ? 'no' : 'abstain';
}

// ---- one design

export interface DesignResult {
  readonly design: string;
  readonly voters: number;
  readonly screens: number;
  readonly ackMs: number[];
  readonly refused: number;
  /** Ballots resent after a network failure (their latency includes the retry). */
  readonly retries: number;
  /** Wall time from the first ballot sent to the last acknowledged. */
  readonly burstMs: number;
  /** From the last acknowledged ballot: the hall screen shows cast === N; then the announced result. */
  readonly hallCountMs: number;
  readonly hallResultMs: number;
  /** From the last acknowledged ballot: the last of the voters' screens shows cast === N; the announced result. */
  readonly screensCountMs: number;
  readonly screensResultMs: number;
  readonly serverRssMb: number;
  readonly serverPeakMb: number;
  readonly screensRssMb: number;
  /** What each voter's screen received during the poll (open → announced), medians and max. */
  readonly perScreen: { readonly frames: number; readonly updates: number; readonly bytes: number; readonly maxBytes: number; readonly reconnects: number };
  readonly hall: { readonly frames: number; readonly updates: number; readonly bytes: number; readonly progressVersions: number; readonly sockets: number };
  readonly lowerAfterHigher: number;
  readonly resultOk: boolean;
}

const median = (xs: readonly number[]): number => percentile(xs, 50);

function waitHall(seen: Seen, key: 'openAt' | 'castAt' | 'announcedAt', hall: Screen): Promise<number> {
  if (!Number.isNaN(seen[key])) return Promise.resolve(seen[key]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hall screen never saw ${key}`)), WAIT_BOUND_MS);
    const check = (): void => {
      if (Number.isNaN(seen[key])) return;
      clearTimeout(timer);
      hall.doc.off('update', check);
      resolve(seen[key]);
    };
    // Registered after the watcher's own listener, so `seen` is already updated when this runs.
    hall.doc.on('update', check);
  });
}

function resultMatches(hall: Screen, voters: number): boolean {
  const m = votingMap(hall.doc).get(VOTING_KEYS.results);
  const result = (m as { get(k: string): unknown } | undefined)?.get(POLL) as PollResult | undefined;
  if (!result || result.tally.kind !== 'open') return false;
  const expected = Object.fromEntries(OPEN_CHOICES.map((c) => [c, 0])) as Record<OpenChoice, number>;
  for (let i = 0; i < voters; i++) expected[choiceOf(i)]++;
  return OPEN_CHOICES.every((c) => result.tally.kind === 'open' && result.tally.result.counts[c].count === expected[c]);
}

/** Runs one design; the children it started are killed if it fails half-way. */
export async function runDesign(design: Design, voters: number, screenCount: number): Promise<DesignResult> {
  const children: Child[] = [];
  try {
    return await runDesignWith(design, voters, screenCount, children);
  } finally {
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill();
  }
}

async function runDesignWith(design: Design, voters: number, screenCount: number, children: Child[]): Promise<DesignResult> {
  log(`${design.name}: ${voters} voters, ${screenCount} voters' screens`);
  const server = forkChild('./serverChild.ts', [JSON.stringify(design.server)], SERVER_FLAGS);
  children.push(server);
  const port = await nextMessage<number>(server.proc, 'port');
  const url = `http://127.0.0.1:${port}`;
  const members = await server.request<SeededMember[]>({ seed: { meetingId: MEETING, voters } }, 'members');
  const voting = members.filter((m) => m.role !== 'observer');
  const chair = voting.find((m) => m.role === 'chair') as SeededMember;
  const hallMember = members.find((m) => m.role === 'observer') as SeededMember;

  let started = wallNow();
  await inPool(voting, CHECK_IN_CONCURRENCY, (m) => mustCommand(url, m.token, { id: `vao-${m.delegateId}`, type: 'checkIn', mode: 'present-hall' }));
  log(`${design.name}: ${voting.length} checked in (${((wallNow() - started) / 1000).toFixed(1)} s)`);
  await mustCommand(url, chair.token, {
    id: 'tao-1',
    type: 'createPoll',
    pollId: POLL,
    definition: { kind: 'open', question: 'Thông qua Nghị quyết về kế hoạch đầu tư công năm 2027', itemId: 'd1' },
  });

  const screensChild = forkChild('./screensChild.ts', []);
  children.push(screensChild);
  await nextMessage<boolean>(screensChild.proc, 'ready');
  started = wallNow();
  const connected = await screensChild.request<{ count: number; ms: number }>(
    { connect: { syncUrl: url + SYNC_PATH, room: meetingStateRoom(MEETING), tokens: voting.slice(0, screenCount).map((m) => m.token), wave: CONNECT_WAVE } },
    'connected',
  );
  log(`${design.name}: ${connected.count} voters' screens synced (${(connected.ms / 1000).toFixed(1)} s)`);
  const [hall] = await openScreens(url + SYNC_PATH, meetingStateRoom(MEETING), [hallMember.token], 1);
  const hallScreen = hall as Screen;

  // ---- the poll
  await server.request({ resetPeak: true }, 'peakReset');
  await screensChild.request({ arm: { pollId: POLL, voters } }, 'armed');
  resetCounts(hallScreen);
  const hallSeen = watch(hallScreen, POLL, voters, () => undefined);
  const allOpen = nextMessage<number>(screensChild.proc, 'allOpen');
  const screensDone = nextMessage<ScreensReport>(screensChild.proc, 'done');
  await mustCommand(url, chair.token, { id: 'mo-1', type: 'openPoll', pollId: POLL });
  await Promise.all([allOpen, waitHall(hallSeen, 'openAt', hallScreen)]);
  log(`${design.name}: every screen shows the poll; ${voters} ballots at once`);

  const ackMs: number[] = [];
  let refused = 0;
  const retriesBefore = retries;
  retryCauses.clear();
  let lastAck = 0;
  const bodies = voting.map((m, i) => ({ token: m.token, body: { id: `phieu-${m.delegateId}`, type: 'castBallot', pollId: POLL, choice: choiceOf(i) } }));
  const first = wallNow();
  await Promise.all(
    bodies.map(async ({ token, body }) => {
      const sent = wallNow();
      const a = await command(url, token, body);
      const at = wallNow();
      ackMs.push(at - sent);
      if (!a.ok) refused++;
      lastAck = Math.max(lastAck, at);
    }),
  );
  const ballotRetries = retries - retriesBefore;
  const causes = [...retryCauses].map(([k, n]) => `${k} x${n}`).join(', ');
  log(`${design.name}: ${ackMs.length - refused} acknowledged, ${refused} refused, ${ballotRetries} network retries (${causes || 'none'}), p99 ${percentile(ackMs, 99).toFixed(0)} ms`);
  // The chair closes and announces as soon as the last ballot is in.
  const hallCount = waitHall(hallSeen, 'castAt', hallScreen);
  const hallResult = waitHall(hallSeen, 'announcedAt', hallScreen);
  await mustCommand(url, chair.token, { id: 'dong-1', type: 'closePoll', pollId: POLL });
  await mustCommand(url, chair.token, { id: 'cong-bo-1', type: 'announcePoll', pollId: POLL });
  const [countAt, resultAt, screens] = await Promise.all([hallCount, hallResult, screensDone]);
  const memory = await server.request<{ rssMb: number; peakMb: number }>({ memory: true }, 'memory');
  const resultOk = resultMatches(hallScreen, voters);

  closeScreens([hallScreen]);
  await screensChild.stop();
  await server.stop();
  const last = (xs: readonly number[]): number => Math.max(...xs);
  const result: DesignResult = {
    design: design.name,
    voters,
    screens: screenCount,
    ackMs,
    refused,
    retries: ballotRetries,
    burstMs: lastAck - first,
    hallCountMs: countAt - lastAck,
    hallResultMs: resultAt - lastAck,
    screensCountMs: last(screens.seen.map((s) => s.castAt)) - lastAck,
    screensResultMs: last(screens.seen.map((s) => s.announcedAt)) - lastAck,
    serverRssMb: memory.rssMb,
    serverPeakMb: memory.peakMb,
    screensRssMb: screens.rssMb,
    perScreen: {
      frames: median(screens.received.map((r) => r.frames)),
      updates: median(screens.received.map((r) => r.updates)),
      bytes: median(screens.received.map((r) => r.bytes)),
      maxBytes: last(screens.received.map((r) => r.bytes)),
      // Sockets opened during the poll: each one is a reconnect (the server cut the screen) and a full resync.
      reconnects: screens.received.reduce((n, r) => n + (r.sockets ?? 0), 0),
    },
    hall: {
      frames: hallScreen.received.frames,
      updates: hallScreen.received.updates,
      bytes: hallScreen.received.bytes,
      progressVersions: hallSeen.progressVersions,
      sockets: hallScreen.received.sockets,
    },
    lowerAfterHigher: hallSeen.lowerAfterHigher + screens.seen.reduce((n, s) => n + s.lowerAfterHigher, 0),
    resultOk,
  };
  log(`${design.name}: ${JSON.stringify({ ...result, ackMs: undefined })}`);
  return result;
}

// ---- both designs, one table

/** The two progress designs; `server` is what each passes to startCollabServer (H1's switch). */
export const DESIGNS: readonly Design[] = [
  { name: 'coalesced', server: { votingProgress: 'coalesced' } },
  { name: 'per-ballot', server: { votingProgress: 'per-ballot' } },
];

const KB = 1024;

export function votingRows(ours: DesignResult, base: DesignResult): BenchRow[] {
  const group = 'voting';
  const vs = (text: string): string => `per-ballot tally: ${text}`;
  const who = `${ours.voters} voters at once, ${ours.screens} voters' screens + hall screen`;
  return [
    ...[50, 99].map((p) => ({
      group,
      name: `castBallot acknowledged p${p}`,
      value: percentile(ours.ackMs, p),
      unit: 'ms',
      baseline: vs(`${percentile(base.ackMs, p).toFixed(0)} ms`),
      note:
        p === 99
          ? `${who}; goal p99 <= 100 ms; HTTP + SQLite FULL + audit`
          : `refused ${ours.refused} / ${base.refused}; network retries ${ours.retries} / ${base.retries}`,
    })),
    { group, name: 'all ballots in (first sent -> last ack)', value: ours.burstMs, unit: 'ms', baseline: vs(`${base.burstMs.toFixed(0)} ms`) },
    { group, name: 'last ack -> hall screen shows N/N', value: ours.hallCountMs, unit: 'ms', baseline: vs(`${base.hallCountMs.toFixed(0)} ms`) },
    { group, name: 'last ack -> hall screen shows the result', value: ours.hallResultMs, unit: 'ms', baseline: vs(`${base.hallResultMs.toFixed(0)} ms`), note: 'chair closes + announces at the last ack' },
    { group, name: 'server RSS after the poll', value: ours.serverRssMb, unit: 'MB', baseline: vs(`${base.serverRssMb.toFixed(0)} MB`) },
    { group, name: 'server peak RSS during the poll', value: ours.serverPeakMb, unit: 'MB', baseline: vs(`${base.serverPeakMb.toFixed(0)} MB`), note: 'VmHWM, reset at open' },
    {
      group,
      name: 'Yjs updates to one screen (hall)',
      value: ours.hall.updates,
      unit: '',
      baseline: vs(`${base.hall.updates}`),
      note: `open -> announced; frames ${ours.hall.frames} vs ${base.hall.frames} (awareness included)`,
    },
    {
      group,
      name: 'bytes to one screen (hall)',
      value: ours.hall.bytes / KB,
      unit: 'KiB',
      baseline: vs(`${(base.hall.bytes / KB).toFixed(0)} KiB`),
      note: `hall screen reconnects during the poll: ${ours.hall.sockets} / ${base.hall.sockets}`,
    },
    {
      group,
      name: `bytes to ${ours.voters + 1} screens (hall x ${ours.voters + 1})`,
      value: (ours.hall.bytes * (ours.voters + 1)) / (KB * KB),
      unit: 'MiB',
      baseline: vs(`${((base.hall.bytes * (base.voters + 1)) / (KB * KB)).toFixed(0)} MiB`),
      note: ours.screens < ours.voters ? 'extrapolated: every screen gets what the hall screen got' : 'every voter with a screen',
    },
    {
      group,
      name: `voters' screens: bytes received (median of ${ours.screens})`,
      value: ours.perScreen.bytes / KB,
      unit: 'KiB',
      baseline: vs(`${(base.perScreen.bytes / KB).toFixed(0)} KiB`),
      note: `reconnects (server cut the screen, full resync): ${ours.perScreen.reconnects} / ${base.perScreen.reconnects}; last screen saw the result ${(ours.screensResultMs / 1000).toFixed(1)} / ${(base.screensResultMs / 1000).toFixed(1)} s after the last ack`,
    },
    {
      group,
      name: 'hall screen: progress versions seen',
      value: ours.hall.progressVersions,
      unit: '',
      baseline: vs(`${base.hall.progressVersions}`),
      note: `lower count after higher: ${ours.lowerAfterHigher} / ${base.lowerAfterHigher}; result = recount: ${ours.resultOk && base.resultOk ? 'yes' : 'NO'}`,
    },
  ];
}

/**
 * The disk's floor, measured in the same run: one committed SQLite transaction (WAL, synchronous=FULL, as the
 * server opens its file) in the same temp dir. N ballots committed one transaction each cannot take less than N of these.
 */
export function fullCommitMs(samples = 200): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-voting-fsync-'));
  const db = new Database(path.join(dir, 'probe.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const row = 'x'.repeat(256);
    const start = performance.now();
    for (let i = 0; i < samples; i++) insert.run(row);
    return (performance.now() - start) / samples;
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface VotingBenchOptions {
  readonly voters?: number;
  /** Voters' screens connected (the rest vote without a screen); default DEFAULT_SCREENS. */
  readonly screens?: number;
}

export async function runVotingBench(opts: VotingBenchOptions = {}): Promise<BenchRow[]> {
  process.setMaxListeners(0);
  const voters = opts.voters ?? VOTERS;
  const screens = Math.min(opts.screens ?? DEFAULT_SCREENS, voters);
  const [coalesced, perBallot] = DESIGNS as [Design, Design];
  const ours = await runDesign(coalesced, voters, screens);
  const base = await runDesign(perBallot, voters, screens);
  const commitMs = fullCommitMs();
  return [
    ...votingRows(ours, base),
    {
      group: 'voting',
      name: 'one SQLite FULL commit on this disk',
      value: commitMs,
      unit: 'ms',
      note: `x ${voters} ballots = ${((commitMs * voters) / 1000).toFixed(1)} s: the floor of one transaction per ballot`,
    },
  ];
}
