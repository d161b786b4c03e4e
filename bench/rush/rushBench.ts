// The hall download rush (issue 11): N delegates press "Tải về" at the same moment for one S MB pack from
// one laptop server. Time until the last delegate has it, aggregate throughput, the server's CPU seconds
// and peak RSS — against nginx serving the same chunk files under the same client load in the same run.
// Clients live in RUSH_WORKERS processes of their own, so the server's CPU is the server's alone.
// Sizes: RUSH_DELEGATES (200), RUSH_MB (100), RUSH_WORKERS (2), RUSH_NGINX_WORKERS (1: one process against
// our one process), RUSH_ROUNDS (2 per side, alternating; each side's best is reported), RUSH_ONE_ADDRESS=1
// (every client from 127.0.0.1, as behind one NAT). RUSH_PROFILE=<dir> writes a --cpu-prof of the server there.
import { fork, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HTTP_LIMITS, type HttpStats } from '../../collab-server/http/limits.ts';
import { API, type ManifestResponse } from '../../common/api/http.ts';
import { chunkRefs, openManifestAnswer } from '../../common/device/openPack.ts';
import type { ChunkRef } from '../../common/pack/format.ts';
import { deriveCredentials, parseInvitationLink } from '../../common/pack/invite.ts';
import { MB, percentile, type BenchRow } from '../table.ts';
import type { ClientDone, ClientSetup, DelegateResult } from './clientChild.ts';
import { nginxBinary, startNginx } from './nginx.ts';
import { childPids, cpuSeconds, peakRssMb, resetPeakRss, rssMb } from './procStats.ts';
import { rushPack, type RushPack } from './rushPack.ts';

export interface RushOptions {
  readonly delegates?: number;
  readonly sizeMb?: number;
  readonly workers?: number;
  readonly nginxWorkers?: number;
  /** Rushes per side (alternating which goes first); the figures are each side's best. */
  readonly rounds?: number;
}

interface Side {
  readonly label: string;
  readonly seconds: number;
  readonly p50Seconds: number;
  /** When the last delegate had its manifest (answered and opened), from the button press. */
  readonly lastManifestSeconds: number;
  readonly bytes: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly idleRssMb: number;
  readonly clientCpuSeconds: number;
  readonly failures: readonly string[];
  readonly retries: number;
  /** Connections our server closed at once because their address already had its maximum open. */
  readonly refusedConnections?: number;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const envInt = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const now = (): number => performance.timeOrigin + performance.now();

/**
 * Delegate i's own loopback address: 127.1.0.1, 127.1.0.2, … (Linux routes all of 127/8 to lo). With
 * RUSH_ONE_ADDRESS=1 every delegate comes from 127.0.0.1, as behind one NAT: the per-address cap then bites.
 */
const addressOf = (i: number): string => (process.env['RUSH_ONE_ADDRESS'] === '1' ? '127.0.0.1' : `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`);

function onMessage<T>(child: ChildProcess, pick: (m: Record<string, unknown>) => T | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMsg = (raw: unknown): void => {
      const v = pick(raw as Record<string, unknown>);
      if (v === undefined) return;
      child.off('message', onMsg);
      child.off('exit', onExit);
      resolve(v);
    };
    const onExit = (code: number | null): void => reject(new Error(`${what}: process exited ${code}`));
    child.on('message', onMsg);
    child.once('exit', onExit);
  });
}

function forkTs(file: string, args: readonly string[], execArgv: readonly string[] = []): ChildProcess {
  return fork(here(file), args, { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** stop() answers the server's HTTP counters (connections refused by the per-address cap). */
async function startOurs(dataDir: string): Promise<{ base: string; pid: number; stop: () => Promise<HttpStats> }> {
  const profile = process.env['RUSH_PROFILE'];
  const child = forkTs('./serverChild.ts', [dataDir], profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
  const port = await onMessage(child, (m) => m['port'] as number | undefined, 'rush server');
  const stop = async (): Promise<HttpStats> => {
    const stats = onMessage(child, (m) => m['stats'] as HttpStats | undefined, 'rush server');
    const exited = new Promise((r) => child.once('exit', r));
    child.send({ stop: true });
    const answer = await stats;
    await exited;
    return answer;
  };
  return { base: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, stop };
}

/** Delegate 1's manifest answer: nginx serves it as a file; its chunk list gives the pack's size. */
async function firstManifest(base: string, pack: RushPack): Promise<{ json: string; refs: readonly ChunkRef[] }> {
  const inv = parseInvitationLink(pack.links[0] ?? '');
  const { authToken } = await deriveCredentials(inv);
  const json = await new Promise<string>((resolve, reject) => {
    http
      .get(`${base}${API.manifest(pack.meetingId)}`, { headers: { authorization: `Bearer ${authToken}` } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (p: Buffer) => parts.push(p));
        res.once('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(parts).toString('utf8')) : reject(new Error(`manifest: HTTP ${res.statusCode}`))));
      })
      .once('error', reject);
  });
  const opened = await openManifestAnswer(inv, JSON.parse(json) as ManifestResponse, null);
  return { json, refs: chunkRefs(opened.documents) };
}

/** Forks the client processes, hands each its delegates, and waits until all are ready to press the button. */
async function startClients(workers: number, base: Omit<ClientSetup, 'delegates'>, links: readonly string[]): Promise<ChildProcess[]> {
  const children = Array.from({ length: workers }, () => forkTs('./clientChild.ts', []));
  await Promise.all(
    children.map((child, w) => {
      const delegates = links.map((link, i) => ({ link, localAddress: addressOf(i) })).filter((_, i) => i % workers === w);
      const ready = onMessage(child, (m) => (m['ready'] ? true : undefined), 'rush client');
      child.send({ setup: { ...base, delegates } satisfies ClientSetup });
      return ready;
    }),
  );
  return children;
}

interface Measured {
  /** When the button was pressed (epoch ms, as the clients' finishedAt). */
  readonly start: number;
  readonly results: readonly DelegateResult[];
  readonly seconds: number;
  readonly clientCpuSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly idleRssMb: number;
}

/** Presses "Tải về" on every client at once and measures the server processes `pids()` meanwhile. */
async function rush(children: readonly ChildProcess[], pids: () => number[]): Promise<Measured> {
  const before = pids();
  const idleRssMb = before.reduce((s, p) => s + rssMb(p), 0);
  for (const p of before) resetPeakRss(p);
  const cpu0 = before.reduce((s, p) => s + cpuSeconds(p), 0);
  const dones = children.map((c) => onMessage(c, (m) => m['done'] as ClientDone | undefined, 'rush client'));
  const start = now();
  for (const c of children) c.send({ go: true });
  const all = await Promise.all(dones);
  const after = pids();
  const cpuSecondsUsed = after.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0;
  const peak = after.reduce((s, p) => s + peakRssMb(p), 0);
  const results = all.flatMap((d) => d.results);
  const seconds = (Math.max(...results.map((r) => r.finishedAt)) - start) / 1000;
  return { results, seconds, clientCpuSeconds: all.reduce((s, d) => s + d.cpuSeconds, 0), cpuSeconds: cpuSecondsUsed, peakRssMb: peak, idleRssMb, start };
}

function toSide(label: string, m: Measured): Side {
  const start = m.start;
  return {
    label,
    seconds: m.seconds,
    p50Seconds: percentile(m.results.map((r) => (r.finishedAt - start) / 1000), 50),
    lastManifestSeconds: (Math.max(...m.results.map((r) => r.manifestAt)) - start) / 1000,
    bytes: m.results.reduce((s, r) => s + r.bytes, 0),
    cpuSeconds: m.cpuSeconds,
    peakRssMb: m.peakRssMb,
    idleRssMb: m.idleRssMb,
    clientCpuSeconds: m.clientCpuSeconds,
    failures: m.results.flatMap((r) => (r.error ? [r.error] : [])),
    retries: m.results.reduce((s, r) => s + r.retries, 0),
  };
}

async function runOurs(dataDir: string, pack: RushPack, workers: number): Promise<{ side: Side; manifest: { json: string; refs: readonly ChunkRef[] } }> {
  const server = await startOurs(dataDir);
  let stopped = false;
  try {
    const manifest = await firstManifest(server.base, pack);
    const clients = await startClients(workers, { base: server.base, meetingId: pack.meetingId }, pack.links);
    const measured = await rush(clients, () => [server.pid]);
    stopped = true;
    const stats = await server.stop();
    return { side: { ...toSide('ours', measured), refusedConnections: stats.connectionsRefused }, manifest };
  } finally {
    if (!stopped) await server.stop();
  }
}

async function runNginx(prefix: string, dataDir: string, pack: RushPack, manifest: { json: string; refs: readonly ChunkRef[] }, workers: number, nginxWorkers: number): Promise<Side> {
  const bin = nginxBinary();
  if (!bin) throw new Error('nginx is not installed (apt-get install -y nginx-light)');
  const nginx = await startNginx({ bin, prefix, chunksDir: join(dataDir, 'chunks'), meetingId: pack.meetingId, manifestJson: manifest.json, workers: nginxWorkers });
  try {
    const clients = await startClients(workers, { base: `http://127.0.0.1:${nginx.port}`, meetingId: pack.meetingId, manifestOwner: pack.links[0] ?? '' }, pack.links);
    return toSide('nginx', await rush(clients, () => [nginx.pid, ...childPids(nginx.pid)]));
  } finally {
    await nginx.stop();
    const errors = (await nginx.errors()).trim().split('\n').filter(Boolean);
    if (errors.length > 0) log(`rush: nginx error log (${errors.length} lines): ${errors.slice(0, 5).join(' | ')}`);
  }
}

const failureNote = (s: Side): string =>
  `${s.retries > 0 ? `, ${s.retries} request(s) retried on a new connection` : ''}${s.failures.length > 0 ? `, ${s.failures.length} failed: ${s.failures.slice(0, 3).join('; ')}` : ''}`;

const mbps = (s: Side): number => s.bytes / MB / s.seconds;
const perCpu = (s: Side): string => (s.bytes / MB / s.cpuSeconds).toFixed(0);

function rows(ours: Side, nginx: Side, delegates: number, packMb: number, nginxWorkers: number, rounds: number, ratios: string): BenchRow[] {
  const pct = (mbps(ours) / mbps(nginx)) * 100;
  const failures = [...ours.failures.map((f) => `ours: ${f}`), ...nginx.failures.map((f) => `nginx: ${f}`)];
  const shape = `${delegates} delegates × ${packMb.toFixed(0)} MB`;
  const ng = `nginx (${nginxWorkers} worker${nginxWorkers === 1 ? '' : 's'}, sendfile)`;
  const out: BenchRow[] = [
    { group: 'rush', name: `${shape}: time until the last has the pack`, value: ours.seconds, unit: 's', baseline: `${ng} ${nginx.seconds.toFixed(1)} s`, note: `median delegate ${ours.p50Seconds.toFixed(1)} s (nginx ${nginx.p50Seconds.toFixed(1)} s); last manifest opened at ${ours.lastManifestSeconds.toFixed(2)} s (nginx ${nginx.lastManifestSeconds.toFixed(2)} s); requests retried after a keep-alive reset: ours ${ours.retries}, nginx ${nginx.retries}` },
    { group: 'rush', name: `${shape}: aggregate throughput`, value: mbps(ours), unit: 'MB/s', baseline: `${ng} ${mbps(nginx).toFixed(0)} MB/s`, note: `${pct.toFixed(0)} % of nginx (goal ≥ 80 %), best of ${rounds} each; round by round ${ratios}; ${(ours.bytes / MB / 1024).toFixed(1)} GB per rush` },
    { group: 'rush', name: `${shape}: server CPU`, value: ours.cpuSeconds, unit: 'CPU s', baseline: `${ng} ${nginx.cpuSeconds.toFixed(1)} CPU s`, note: `${perCpu(ours)} MB served per CPU second (nginx ${perCpu(nginx)}) (moves far less than the wall-clock rows on a shared machine); clients used ${ours.clientCpuSeconds.toFixed(0)} CPU s (nginx run ${nginx.clientCpuSeconds.toFixed(0)}) in their own processes` },
    { group: 'rush', name: `${shape}: server peak RSS`, value: ours.peakRssMb, unit: 'MiB', baseline: `${ng} ${nginx.peakRssMb.toFixed(0)} MiB`, note: `idle before the rush ${ours.idleRssMb.toFixed(0)} MiB (nginx ${nginx.idleRssMb.toFixed(0)} MiB)` },
  ];
  if (ours.refusedConnections) out.push({ group: 'rush', name: 'connections refused by the per-address cap', value: ours.refusedConnections, unit: '', note: `maxConnectionsPerAddress ${DEFAULT_HTTP_LIMITS.maxConnectionsPerAddress}` });
  if (failures.length > 0) out.push({ group: 'rush', name: 'failed delegates', value: failures.length, unit: '', note: failures.slice(0, 3).join('; ') });
  return out;
}

/** The round with the shortest rush: the one the other agents on a shared machine disturbed least. */
const best = (sides: readonly Side[]): Side => sides.reduce((a, b) => (b.seconds < a.seconds ? b : a));

export async function runRushBench(opts: RushOptions = {}): Promise<BenchRow[]> {
  const delegates = opts.delegates ?? envInt('RUSH_DELEGATES', 200);
  const sizeMb = opts.sizeMb ?? envInt('RUSH_MB', 100);
  const workers = opts.workers ?? envInt('RUSH_WORKERS', 2);
  const nginxWorkers = opts.nginxWorkers ?? envInt('RUSH_NGINX_WORKERS', 1);
  const rounds = opts.rounds ?? envInt('RUSH_ROUNDS', 2);
  const pack = await rushPack(sizeMb, delegates, log);
  const root = await mkdtemp(join(tmpdir(), 'council-bench-rush-'));
  try {
    // A fresh copy per run: the server records each manifest fetch, and the cache must stay as published.
    const dataDir = join(root, 'server');
    await cp(pack.dataDir, dataDir, { recursive: true });
    const ours: Side[] = [];
    const nginx: Side[] = [];
    let manifest: { json: string; refs: readonly ChunkRef[] } | undefined;
    const runOursRound = async (): Promise<void> => {
      const r = await runOurs(dataDir, pack, workers);
      manifest ??= r.manifest;
      ours.push(r.side);
      log(`rush: ours ${r.side.seconds.toFixed(1)} s${failureNote(r.side)}`);
    };
    const runNginxRound = async (): Promise<void> => {
      // Round 0 runs ours first, so one delegate's manifest answer is there for nginx to serve.
      if (!manifest) throw new Error('rush: nginx before any manifest');
      const side = await runNginx(join(root, `nginx-${nginx.length}`), dataDir, pack, manifest, workers, nginxWorkers);
      nginx.push(side);
      log(`rush: nginx ${side.seconds.toFixed(1)} s${failureNote(side)}`);
    };
    log(`rush: ${delegates} delegates, ${workers} client processes, ${rounds} round(s) per side, alternating…`);
    for (let round = 0; round < rounds; round++) {
      // Alternate who goes first, so neither side always gets the quieter half of a round.
      const order = round % 2 === 0 ? [runOursRound, runNginxRound] : [runNginxRound, runOursRound];
      for (const run of order) await run();
    }
    const packMb = (manifest?.refs ?? []).reduce((s, r) => s + r.size, 0) / MB;
    const ratios = ours.map((o, i) => `${((mbps(o) / mbps(nginx[i] ?? o)) * 100).toFixed(0)} %`).join(', ');
    return rows(best(ours), best(nginx), delegates, packMb, nginxWorkers, rounds, ratios);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
