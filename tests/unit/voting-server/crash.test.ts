// SIGKILL of the server in the middle of a burst of ballots, then a restart on the same data folder: every
// acknowledged ballot is there, the retried ones are answered (stored answer or applied once), the audit
// chain verifies (verifyServerAudit, the code path of `council audit verify`) and PRAGMA integrity_check is ok.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyServerAudit } from '../../../collab-server/live/auditVerify.ts';
import { SERVER_DB_FILE, sqliteOf } from '../../../collab-server/store/db.ts';
import type { CommandResult } from '../../../common/live/commands.ts';
import { LIVE_API } from '../../../common/live/index.ts';
import { nextCommandId, send, startLiveServer, type LiveServer, type TestMember } from '../live/liveHarness.ts';
import { auditLines, MEETING, openDefinition } from './votingHarness.ts';

const DELEGATES = 300;
const KILL_AFTER_ACKS = 120;
const dirs: string[] = [];
const children: ChildProcess[] = [];
let restarted: LiveServer | undefined;
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await restarted?.server.close();
  restarted = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string; members: TestMember[] }> {
  const child = fork(fileURLToPath(new URL('./serverChild.ts', import.meta.url)), [dataDir, String(DELEGATES)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)));
    child.once('message', (m) => resolve({ child, ...(m as { url: string; members: TestMember[] }) }));
  });
}

const choiceOf = (i: number): 'yes' | 'no' | 'abstain' => (['yes', 'no', 'abstain'] as const)[i % 3] ?? 'yes';

async function cast(url: string, token: string, body: string): Promise<CommandResult | undefined> {
  try {
    const res = await fetch(url + LIVE_API.commands(MEETING), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    return (await res.json()) as CommandResult;
  } catch {
    return undefined;
  }
}

describe('SIGKILL during a burst of ballots', () => {
  it('keeps every acknowledged ballot; retries complete the poll exactly once; audit and database verify', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-vote-crash-'));
    dirs.push(dataDir);
    const { child, url, members } = await startChild(dataDir);
    const chair = members.find((m) => m.role === 'chair');
    const delegates = members.filter((m) => m.role === 'delegate');
    if (!chair) throw new Error('no chair');
    for (const type of ['createPoll', 'openPoll'] as const) {
      const a = await send(url, MEETING, chair.token, type === 'createPoll' ? { id: nextCommandId(), type, pollId: 'p1', definition: openDefinition() } : { id: nextCommandId(), type, pollId: 'p1' });
      expect(a.status).toBe(200);
    }
    const bodies = new Map(delegates.map((d, i) => [d.delegateId, JSON.stringify({ id: nextCommandId(), type: 'castBallot', pollId: 'p1', choice: choiceOf(i) })]));
    const acked = new Set<string>();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const queue = [...delegates];
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let d = queue.shift(); d; d = queue.shift()) {
          const answer = await cast(url, d.token, bodies.get(d.delegateId) ?? '');
          if (answer?.ok) acked.add(d.delegateId);
          if (acked.size >= KILL_AFTER_ACKS && child.signalCode === null) child.kill('SIGKILL');
        }
      }),
    );
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked.size).toBeLessThan(DELEGATES);

    restarted = await startLiveServer(dataDir);
    const db = restarted.server.db;
    // The file check is SQLite's; on PostgreSQL (vitest.pg.config.ts) the server's WAL replay is the database's own.
    const sqlite = sqliteOf(db);
    if (sqlite) expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Map((db.prepare(`SELECT delegate_id, choice FROM poll_open_ballots WHERE meeting_id = ? AND poll_id = 'p1'`).all(MEETING) as { delegate_id: string; choice: string }[]).map((r) => [r.delegate_id, r.choice]));
    const index = new Map(delegates.map((d, i) => [d.delegateId, i]));
    // Every acknowledged ballot survived the kill, with its choice.
    expect([...acked].filter((id) => stored.get(id) !== choiceOf(index.get(id) ?? -1))).toEqual([]);
    const beforeRetry = stored.size;

    // Every delegate retries with the same command id: stored answers for the committed, applied for the rest.
    for (const d of delegates) {
      const answer = await cast(restarted.url(), d.token, bodies.get(d.delegateId) ?? '');
      expect(answer?.ok, `${d.delegateId}: ${JSON.stringify(answer)}`).toBe(true);
    }
    const voters = (db.prepare(`SELECT COUNT(*) AS n FROM poll_voters WHERE meeting_id = ? AND poll_id = 'p1'`).get(MEETING) as { n: number }).n;
    expect(voters).toBe(DELEGATES);
    const ballots = auditLines(restarted.server).filter((l) => l.command.type === 'castBallot');
    expect(ballots).toHaveLength(DELEGATES);
    expect(new Set(ballots.map((l) => l.actor?.delegateId)).size).toBe(DELEGATES);
    const close = await send(restarted.url(), MEETING, chair.token, { id: nextCommandId(), type: 'closePoll', pollId: 'p1' });
    expect(close.status).toBe(200);
    console.log(`crash: ${acked.size} acknowledged before SIGKILL, ${beforeRetry} stored, ${DELEGATES - beforeRetry} applied on retry`);

    await restarted.server.close();
    restarted = undefined;
    const audit = await verifyServerAudit(dataDir);
    expect(audit?.problems).toEqual([]);
    expect(audit?.meetings.flatMap((m) => m.problems)).toEqual([]);
    expect(audit?.ok).toBe(true);
    if (sqlite) {
      const check = new Database(path.join(dataDir, SERVER_DB_FILE), { readonly: true });
      try {
        expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        check.close();
      }
    }
  }, 120_000);
});
