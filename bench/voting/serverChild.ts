// Child process of the voting benchmark: one real collab-server with its own SQLite file (synchronous=FULL),
// so its RSS is its own. argv[2]: JSON of extra startCollabServer options (the progress design under test).
// IPC in: {seed: {meetingId, voters}} | {memory: true} | {resetPeak: true} | {stop: true};
// out: {port} | {members} | {memory: {rssMb, peakMb}} | {peakReset}.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCollabServer, type CollabServerOptions } from '../../collab-server/server.ts';
import type { Role } from '../../common/meeting/types.ts';

export interface SeededMember {
  readonly delegateId: string;
  readonly role: Role;
  readonly token: string;
}

type Message = { seed: { meetingId: string; voters: number } } | { memory: true } | { resetPeak: true } | { stop: true };

const MB = 1024 * 1024;
const extra = JSON.parse(process.argv[2] ?? '{}') as Partial<CollabServerOptions>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-voting-bench-'));
const server = await startCollabServer({
  ...extra,
  dataDir,
  host: '127.0.0.1',
  port: 0,
  adminToken: 'bench-admin-token-0123456789',
  log: () => {},
  // Every benchmark client connects from 127.0.0.1: lift the per-address connection cap (512) for them.
  http: { maxConnectionsPerAddress: 1_000_000, ...extra.http },
});

/** The chair and voters-1 delegates (all voting members), then the hall screen (observer). */
function seed(meetingId: string, voters: number): SeededMember[] {
  const db = server.db;
  db.prepare(`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (?, 'bench', 0, ?)`).run(meetingId, new Date().toISOString());
  const insert = db.prepare(`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (?, ?, ?, ?)`);
  const cast: { delegateId: string; role: Role }[] = [
    { delegateId: 'chu-toa', role: 'chair' },
    ...Array.from({ length: voters - 1 }, (_, i) => ({ delegateId: `db-${String(i + 1).padStart(4, '0')}`, role: 'delegate' as const })),
    { delegateId: 'man-hinh-hoi-truong', role: 'observer' },
  ];
  const members: SeededMember[] = [];
  db.transaction(() => {
    for (const m of cast) {
      const token = crypto.randomBytes(24).toString('base64url');
      insert.run(meetingId, m.delegateId, m.role, crypto.createHash('sha256').update(token).digest('hex'));
      members.push({ ...m, token });
    }
  })();
  return members;
}

/** VmHWM: the peak resident set since the start or the last reset (Linux), else the current RSS. */
function peakMb(): number {
  try {
    const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    const kb = line ? Number(line.replace(/\D+/g, '')) : NaN;
    return Number.isFinite(kb) ? kb / 1024 : process.memoryUsage().rss / MB;
  } catch {
    return process.memoryUsage().rss / MB;
  }
}

function resetPeak(): void {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux, or not allowed: the peak then counts from the start.
  }
}

process.send?.({ port: server.port });
// The bench process gone (a crash, ^C): go too, rather than keep its port and pipes.
process.on('disconnect', () => process.exit(0));
process.on('message', (raw) => {
  const m = raw as Message;
  if ('seed' in m) process.send?.({ members: seed(m.seed.meetingId, m.seed.voters) });
  else if ('memory' in m) process.send?.({ memory: { rssMb: process.memoryUsage().rss / MB, peakMb: peakMb() } });
  else if ('resetPeak' in m) {
    resetPeak();
    process.send?.({ peakReset: true });
  } else
    void server.close().finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
});
