// A secret ballot and a counter's stage sent twice at once, to two instances of a cluster (a device that
// retried on another instance while its first try was still being answered): both tries get the same success
// answer, and exactly one ballot (one stage) is stored. To make "at once" certain, the test holds the
// meeting's lock itself (the same advisory lock lockMeeting takes) until both instances wait on it: each try
// has then made its first idempotency lookup (found nothing) and must look again under the lock.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getPoll } from '../../../collab-server/live/voting/pollStore.ts';
import type { ServerDb } from '../../../collab-server/store/db.ts';
import { get, sql } from '../../../collab-server/store/sql.ts';
import { ROUTES } from '../../../common/api/routes.ts';
import { castSecret, ensureCounterKey, memoryRecords, runMyStage, type SecretDeps } from '../../../common/voting/secretClient.ts';
import type { Poll } from '../../../common/voting/state.ts';
import { poll, type TestMember } from '../live/liveHarness.ts';
import { cmd, MEETING, startCluster, stopPostgres, type Cluster, type Instance } from './clusterHarness.ts';

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});
afterAll(() => stopPostgres());

const MOTION = { kind: 'open', question: 'Bãi nhiệm đại biểu X', itemId: 'muc-7', secret: true, rule: { kind: 'two-thirds' } } as const;
const POLL = 'bai-nhiem-twins';

interface TwinAnswer {
  readonly status: number;
  readonly text: string;
}

const waitingOnLocks = (db: ServerDb): number => Number(get<{ n: number | string }>(db, sql`SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)?.n ?? 0);

/**
 * A fetch that sends every POST to both instances at once, while the test holds the meeting's lock until both
 * wait on it; answers the device with A's answer and keeps both.
 */
function twinFetch(db: ServerDb, a: Instance, b: Instance, seen: TwinAnswer[][]): SecretDeps['fetch'] {
  return async (url, init) => {
    if (init?.method !== 'POST') return fetch(url, init);
    get(db, sql`SELECT pg_advisory_lock(hashtext(${MEETING})) AS held`);
    let answers: TwinAnswer[];
    try {
      const path = url.slice(a.url.length);
      const sent = [a, b].map(async (i) => {
        const res = await fetch(i.url + path, init);
        return { status: res.status, text: await res.text() };
      });
      await poll('both instances waiting on the meeting lock', () => waitingOnLocks(db) >= 2);
      get(db, sql`SELECT pg_advisory_unlock(hashtext(${MEETING})) AS freed`);
      answers = await Promise.all(sent);
    } finally {
      get(db, sql`SELECT pg_advisory_unlock_all() AS freed`);
    }
    seen.push(answers);
    const first = answers[0] as TwinAnswer;
    return new Response(first.text, { status: first.status, headers: { 'content-type': 'application/json' } });
  };
}

describe('twin secret-ballot requests on two instances', () => {
  it('a sealed ballot and a stage sent to A and B at once: the same answer for both, stored once', async () => {
    cluster = await startCluster();
    const c = cluster;
    const members = c.members(4);
    const member = (id: string): TestMember => members.find((m) => m.delegateId === id) as TestMember;
    const chair = member('chu-toa');
    const a = await c.start('a');
    const b = await c.start('b');
    const key = (await (await fetch(a.url + ROUTES.auditKey)).json()) as { value: { publicKey: string } };
    const seen: TwinAnswer[][] = [];
    const device = (id: string, twins = false): SecretDeps => ({
      fetch: twins ? twinFetch(c.db, a, b, seen) : (url, init) => fetch(url, init),
      server: a.url,
      token: member(id).token,
      meetingId: MEETING,
      delegateId: id,
      records: memoryRecords(),
      auditPublicKey: key.value.publicKey,
    });
    const ok = async (who: TestMember, command: Record<string, unknown>): Promise<void> => {
      const r = await cmd(a, who, command);
      if (!r.body.ok) throw new Error(`${String(command['type'])}: ${r.body.error.code} ${r.body.error.message}`);
    };
    const current = (): Poll => getPoll(c.db, MEETING, POLL) as Poll;

    for (const m of members.filter((x) => x.role === 'delegate' || x.role === 'chair')) await ok(m, { type: 'checkIn', mode: 'present-online' });
    await ok(chair, { type: 'createPoll', pollId: POLL, definition: MOTION, mode: 'electronic', counters: ['db-001', 'db-002'] });
    const counters = [device('db-001', true), device('db-002')] as const;
    for (const d of counters) expect((await ensureCounterKey(d, current())).ok).toBe(true);
    // Counter 1's key registration went to both instances too (a plain command: looked up again under the lock).
    const [keyA, keyB] = seen.splice(0)[0] as [TwinAnswer, TwinAnswer];
    expect([keyA.status, keyB.status, keyB.text]).toEqual([200, 200, keyA.text]);
    await ok(chair, { type: 'openPoll', pollId: POLL });

    // The twin ballot first (nothing else of the meeting waits on its lock then), then the others one by one.
    const twinVoter = device('db-003', true);
    const cast = await castSecret(twinVoter, current(), 'yes');
    expect(cast.ok).toBe(true);
    expect(seen).toHaveLength(1);
    const [ballotA, ballotB] = seen[0] as [TwinAnswer, TwinAnswer];
    expect([ballotA.status, ballotB.status]).toEqual([200, 200]);
    expect(JSON.parse(ballotB.text)).toEqual(JSON.parse(ballotA.text));
    for (const id of ['db-004', 'chu-toa']) expect((await castSecret(device(id), current(), 'no')).ok).toBe(true);
    const boxRows = Number(get<{ n: number | string }>(c.db, sql`SELECT COUNT(*) AS n FROM poll_box WHERE meeting_id = ${MEETING} AND poll_id = ${POLL}`)?.n ?? 0);
    const voterRows = Number(get<{ n: number | string }>(c.db, sql`SELECT COUNT(*) AS n FROM poll_voters WHERE meeting_id = ${MEETING} AND poll_id = ${POLL}`)?.n ?? 0);
    expect([boxRows, voterRows]).toEqual([3, 3]);
    await ok(chair, { type: 'closePoll', pollId: POLL });

    // Counter 1's stage, posted to both instances at once.
    const stage1 = await runMyStage(counters[0], current());
    expect(stage1.ok).toBe(true);
    expect(seen).toHaveLength(2);
    const [stageA, stageB] = seen[1] as [TwinAnswer, TwinAnswer];
    expect([stageA.status, stageB.status]).toEqual([200, 200]);
    expect(JSON.parse(stageB.text)).toEqual(JSON.parse(stageA.text));
    const stages = Number(get<{ n: number | string }>(c.db, sql`SELECT COUNT(*) AS n FROM poll_stages WHERE meeting_id = ${MEETING} AND poll_id = ${POLL}`)?.n ?? 0);
    expect(stages).toBe(1);

    // And the poll is counted from what was stored once.
    expect((await runMyStage(counters[1], current())).ok).toBe(true);
    expect(current().status).toBe('counted');
  }, 120_000);
});
