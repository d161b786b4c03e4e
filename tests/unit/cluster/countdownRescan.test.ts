// A poll's countdown across instances (voting/runtime.ts, countdownRescanMs): the instance where the chair opened
// the poll arms its timer; every instance also re-arms the open polls' countdowns from PostgreSQL every 5 s.
// (1) Both alive: the poll closes by countdown once — one closePoll entry, though two instances hold a timer.
// (2) The opening instance is SIGKILLed before closesAt: the other closes the poll by countdown, its clients see
// the result, the audit chain verifies.
import { describe, expect, it } from 'vitest';
import { readVotingState, type Poll } from '../../../common/voting/state.ts';
import { verifyServerAudit } from '../../../collab-server/live/auditVerify.ts';
import { waitForDoc, type Client, type TestMember } from '../live/liveHarness.ts';
import { clusterPerTest, cmd, MEETING, ok, stateClient, type Cluster, type Instance } from './clusterHarness.ts';

const run = clusterPerTest();
const clients = run.clients;


const pollOf = (c: Client): Poll | undefined => readVotingState(c.doc).polls.find((p) => p.id === 'p1');

/** Everyone checked in through A, a poll with a countdown of `seconds` created and opened on A. */
async function openOnA(c: Cluster, a: Instance, seconds: number): Promise<{ chair: TestMember; delegates: TestMember[]; closesAt: number }> {
  const [chair, ...rest] = c.members(4) as [TestMember, ...TestMember[]];
  const delegates = rest.filter((m) => m.role === 'delegate');
  for (const m of [chair, ...delegates]) ok(await cmd(a, m, { type: 'checkIn', mode: 'present-online' }));
  ok(await cmd(a, chair, { type: 'createPoll', pollId: 'p1', definition: { kind: 'open', itemId: '1', question: 'Thông qua nghị quyết', countdownSec: seconds } }));
  const opened = ok(await cmd(a, chair, { type: 'openPoll', pollId: 'p1' }));
  return { chair, delegates, closesAt: (opened['poll'] as { frozen: { closesAt: number } }).frozen.closesAt };
}

function closeEntries(c: Cluster): { actor?: unknown; command: { type: string; by?: string } }[] {
  const rows = c.db.prepare(`SELECT entry FROM live_audit WHERE meeting_id = ? ORDER BY seq`).all(MEETING) as { entry: string }[];
  return rows.map((r) => JSON.parse(r.entry) as { actor?: unknown; command: { type: string; by?: string } }).filter((e) => e.command.type === 'closePoll');
}

async function auditVerifies(c: Cluster): Promise<void> {
  const audit = await verifyServerAudit(c.keyDir() ?? '', { databaseUrl: c.databaseUrl });
  expect(audit?.meetings.flatMap((m) => m.problems)).toEqual([]);
  expect(audit?.ok).toBe(true);
}

describe('a countdown on several instances', () => {
  it('both alive: the poll closes by countdown once', async () => {
    const cluster = await run.start();
    const a = await cluster.start('a');
    const b = await cluster.start('b');
    const { chair, delegates, closesAt } = await openOnA(cluster, a, 2);
    const onB = await stateClient(b, chair.token);
    clients.push(onB);
    ok(await cmd(b, delegates[0] as TestMember, { type: 'castBallot', pollId: 'p1', choice: 'yes' }));
    await waitForDoc('the poll counted, seen on B', onB.doc, () => pollOf(onB)?.status === 'counted');
    expect(pollOf(onB)?.closedBy).toBe('countdown');
    expect(pollOf(onB)?.closedAt ?? 0).toBeGreaterThanOrEqual(closesAt - 5);
    // B re-arms the countdown from the store within 5 s: wait past that, then count the closes.
    await new Promise((r) => setTimeout(r, 6_000));
    const closes = closeEntries(cluster);
    expect(closes).toHaveLength(1);
    expect(closes[0]?.command).toEqual({ type: 'closePoll', pollId: 'p1', by: 'countdown' });
    await auditVerifies(cluster);
  }, 90_000);

  it('the instance that opened the poll dies before closesAt: another closes it by countdown', async () => {
    const cluster = await run.start();
    const a = await cluster.start('a');
    const b = await cluster.start('b');
    const { chair, delegates } = await openOnA(cluster, a, 3);
    a.child.kill('SIGKILL');
    await a.exited;
    const onB = await stateClient(b, chair.token);
    clients.push(onB);
    ok(await cmd(b, delegates[1] as TestMember, { type: 'castBallot', pollId: 'p1', choice: 'no' }));
    expect(pollOf(onB)?.status).toBe('open');
    // closesAt + at most one rescan period (5 s).
    await waitForDoc('the poll counted by B', onB.doc, () => pollOf(onB)?.status === 'counted', 30_000);
    expect(pollOf(onB)?.closedBy).toBe('countdown');
    const closes = closeEntries(cluster);
    expect(closes).toHaveLength(1);
    expect(closes[0]?.actor).toBeUndefined();
    expect(closes[0]?.command).toEqual({ type: 'closePoll', pollId: 'p1', by: 'countdown' });
    await auditVerifies(cluster);
  }, 90_000);
});
