// Two `council serve` instances, one PostgreSQL, one Redis (issue 11): a delegate on A asks to speak, the chair
// on B sees it and gives the floor, the hall screen (the admin token's read-only state room) on A shows it; a
// poll opened on B takes ballots through both instances and its tally is exact; a client room written on A
// reaches a client of the same room on B, awareness included; authentication failures and the command rate
// limit are counted across instances.
import { describe, expect, it } from 'vitest';
import { readMeetingState } from '../../../common/live/state.ts';
import { readVotingState } from '../../../common/voting/state.ts';
import { verifyServerAudit } from '../../../collab-server/live/auditVerify.ts';
import { AUTH_FAILURE_BURST } from '../../../collab-server/core/auth.ts';
import * as Y from 'yjs';
import { connect, poll, waitForDoc, waitForSynced, waitUntil, type TestMember } from '../live/liveHarness.ts';
import { CLUSTER_ADMIN_TOKEN, clusterPerTest, cmd, MEETING, ok, stateClient } from './clusterHarness.ts';

const run = clusterPerTest();
const clients = run.clients;


describe('two instances on one PostgreSQL and one Redis', () => {
  it('speaker queue and floor cross instances; a poll opened on B counts ballots from both exactly; the audit chain verifies', async () => {
    const cluster = await run.start();
    const members = cluster.members(6);
    const [chair, ...rest] = members as [TestMember, ...TestMember[]];
    const delegates = rest.filter((m) => m.role === 'delegate');
    const d1 = delegates[0] as TestMember;
    const a = await cluster.start('a');
    const b = await cluster.start('b');

    const hall = await stateClient(a, CLUSTER_ADMIN_TOKEN);
    const chairView = await stateClient(b, chair.token);
    clients.push(hall, chairView);

    ok(await cmd(a, d1, { type: 'requestToSpeak', speechType: 'phat-bieu' }));
    await waitForDoc('the request on B', chairView.doc, () => readMeetingState(chairView.doc).queue.some((r) => r.delegateId === d1.delegateId));
    const request = readMeetingState(chairView.doc).queue.find((r) => r.delegateId === d1.delegateId);
    ok(await cmd(b, chair, { type: 'giveFloor', requestId: request?.id }));
    await waitForDoc('the floor on the hall screen (A)', hall.doc, () => readMeetingState(hall.doc).floor?.delegateId === d1.delegateId);
    expect(readMeetingState(hall.doc).queue).toEqual([]);

    // Everyone checks in, alternating instances; the chair opens the poll on B.
    for (const [i, m] of [chair, ...delegates].entries()) ok(await cmd(i % 2 === 0 ? a : b, m, { type: 'checkIn', mode: 'present-online' }));
    ok(await cmd(b, chair, { type: 'createPoll', pollId: 'p1', definition: { kind: 'open', itemId: '1', question: 'Thông qua chương trình' } }));
    const opened = ok(await cmd(b, chair, { type: 'openPoll', pollId: 'p1' }));
    expect((opened['poll'] as { frozen: { base: number } }).frozen.base).toBe(delegates.length + 1);
    const choices = ['yes', 'no', 'yes', 'abstain', 'yes', 'yes'] as const;
    // Ballots through both instances at once.
    await Promise.all(delegates.map(async (d, i) => ok(await cmd(i % 2 === 0 ? a : b, d, { type: 'castBallot', pollId: 'p1', choice: choices[i] ?? 'yes' }))));
    ok(await cmd(a, chair, { type: 'closePoll', pollId: 'p1' }));
    await waitForDoc('the result on B', chairView.doc, () => readVotingState(chairView.doc).results['p1'] !== undefined);
    await waitForDoc('the result on the hall screen', hall.doc, () => readVotingState(hall.doc).results['p1'] !== undefined);
    const result = readVotingState(hall.doc).results['p1'];
    if (result?.tally.kind !== 'open') throw new Error('no open result');
    expect(result.tally.result.counts.yes.count).toBe(4);
    expect(result.tally.result.counts.no.count).toBe(1);
    expect(result.tally.result.counts.abstain.count).toBe(1);
    expect(readVotingState(chairView.doc).results['p1']).toEqual(result);

    const audit = await verifyServerAudit(cluster.keyDir() ?? '', { databaseUrl: cluster.databaseUrl });
    expect(audit?.meetings.flatMap((m) => m.problems)).toEqual([]);
    expect(audit?.ok).toBe(true);
  }, 120_000);

  it('relays a client room and its awareness between instances, and persists each update once', async () => {
    const cluster = await run.start();
    const [, d1, d2] = cluster.members(3) as [TestMember, TestMember, TestMember];
    const a = await cluster.start('a');
    const b = await cluster.start('b');
    // The annotations room of a shared scope: writable by members of the meeting.
    const room = `m/${MEETING}/s/notes`;
    const onA = connect(a.url, room, d1.token);
    const onB = connect(b.url, room, d2.token);
    clients.push(onA, onB);
    await Promise.all([waitForSynced(onA), waitForSynced(onB)]);
    onA.doc.getMap('notes').set('n1', 'ghi chú từ A');
    await waitForDoc('A’s note on B', onB.doc, () => onB.doc.getMap('notes').get('n1') === 'ghi chú từ A');
    onB.doc.getMap('notes').set('n2', 'ghi chú từ B');
    await waitForDoc('B’s note on A', onA.doc, () => onA.doc.getMap('notes').get('n2') === 'ghi chú từ B');
    // Each client update is stored once, by the instance that took it from its client (B applied A's as REMOTE).
    const stored = (): Uint8Array[] => (cluster?.db.prepare(`SELECT update_data FROM live_room_updates WHERE room = ? ORDER BY seq`).all(room) as { update_data: Uint8Array }[]).map((r) => r.update_data);
    await poll('both notes stored', () => {
      const doc = new Y.Doc();
      for (const u of stored()) Y.applyUpdate(doc, u);
      return doc.getMap('notes').size === 2;
    });
    expect(stored()).toHaveLength(2);
    onA.provider.awareness.setLocalStateField('user', { name: 'Đại biểu 1' });
    const aId = onA.doc.clientID;
    await waitUntil('A’s awareness on B', () => (onB.provider.awareness.getStates().get(aId) as { user?: { name?: string } } | undefined)?.user?.name === 'Đại biểu 1', (wake) => {
      onB.provider.awareness.on('change', wake);
      return () => onB.provider.awareness.off('change', wake);
    }).catch((e: unknown) => {
      throw new Error(`${String(e)}\nA: ${a.logs.join('\n')}\nB: ${b.logs.join('\n')}\nB states: ${JSON.stringify([...onB.provider.awareness.getStates()])}`);
    });
  }, 60_000);

  it('counts authentication failures and the command rate limit across instances', async () => {
    const cluster = await run.start();
    const [chair] = cluster.members(1) as [TestMember];
    const a = await cluster.start('a', { commandBurst: 4, commandRefillPerSec: 0.001 });
    const b = await cluster.start('b', { commandBurst: 4, commandRefillPerSec: 0.001 });
    // The budget of one address: spent half on A, half on B; the next failure on either is refused as RATE_LIMITED.
    const bad = (url: string): Promise<number> => fetch(`${url}/api/meetings/${MEETING}/audit`, { headers: { authorization: 'Bearer not-a-token-at-all-000000' } }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURE_BURST; i++) statuses.push(await bad(i % 2 === 0 ? a.url : b.url));
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect(await bad(a.url)).toBe(429);
    expect(await bad(b.url)).toBe(429);
    // A burst of 4 commands for the chair, not 4 per instance.
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await cmd(i % 2 === 0 ? a : b, chair, { type: 'setCurrentItem', itemId: `item-${i}` })).status);
    expect(answers).toEqual([200, 200, 200, 200, 429, 429]);
  }, 60_000);
});
