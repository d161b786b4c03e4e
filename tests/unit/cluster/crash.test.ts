// SIGKILL of one instance of two during a burst of commands and ballots: its clients go to the other
// instance (a new connection with the same token; each unanswered command retried there with its same id),
// every acknowledged command and ballot is stored, a retried acknowledged one gets the same answer and no
// second effect, the tally is exact and the audit chain verifies.
import { describe, expect, it } from 'vitest';
import { verifyServerAudit } from '../../../collab-server/live/auditVerify.ts';
import type { CommandResult } from '../../../common/live/commands.ts';
import { LIVE_API, SYNC_PATH } from '../../../common/live/index.ts';
import { readMeetingState } from '../../../common/live/state.ts';
import { readVotingState } from '../../../common/voting/state.ts';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { connect, nextCommandId, waitForDoc, waitForSynced, waitUntil, type Client, type TestMember } from '../live/liveHarness.ts';
import { clusterPerTest, cmd, type Instance, MEETING, stateClient } from './clusterHarness.ts';

const DELEGATES = 60;
const KILL_AFTER_ACKS = 25;
const run = clusterPerTest();
const clients = run.clients;

function presenceOn(c: Client, clientId: number, name: string): Promise<void> {
  const awareness = c.provider.awareness;
  return waitUntil(`presence "${name}"`, () => (awareness.getStates().get(clientId) as { user?: { name?: string } } | undefined)?.user?.name === name, (wake) => {
    awareness.on('change', wake);
    return () => awareness.off('change', wake);
  });
}

const choiceOf = (i: number): 'yes' | 'no' | 'abstain' => (['yes', 'no', 'abstain'] as const)[i % 3] ?? 'yes';

async function post(instance: Instance, token: string, body: string): Promise<CommandResult | undefined> {
  try {
    const res = await fetch(instance.url + LIVE_API.commands(MEETING), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    return (await res.json()) as CommandResult;
  } catch {
    return undefined;
  }
}

interface Sent {
  readonly member: TestMember;
  readonly body: string;
  readonly via: Instance;
  answer?: CommandResult;
}

describe('SIGKILL of one instance during a burst', () => {
  it('keeps every acknowledged command and ballot; clients move to the other instance; the audit chain verifies', async () => {
    const cluster = await run.start();
    const members = cluster.members(DELEGATES);
    const chair = members[0] as TestMember;
    const delegates = members.filter((m) => m.role === 'delegate');
    const a = await cluster.start('a');
    const b = await cluster.start('b');
    for (const [i, m] of [chair, ...delegates].entries()) expect((await cmd(i % 2 === 0 ? a : b, m, { type: 'checkIn', mode: 'present-online' })).status).toBe(200);
    expect((await cmd(a, chair, { type: 'createPoll', pollId: 'p1', definition: { kind: 'open', itemId: '1', question: 'Thông qua nghị quyết' } })).status).toBe(200);
    expect((await cmd(a, chair, { type: 'openPoll', pollId: 'p1' })).status).toBe(200);
    const chairOnA = await stateClient(a, chair.token);
    clients.push(chairOnA);
    // A delegate's shared room on A with its presence, watched from B.
    const presenter = delegates[0] as TestMember;
    const notes = `m/${MEETING}/s/notes`;
    const onA = connect(a.url, notes, presenter.token);
    const watcher = connect(b.url, notes, (delegates[1] as TestMember).token);
    clients.push(onA, watcher);
    await Promise.all([waitForSynced(onA), waitForSynced(watcher)]);
    onA.provider.awareness.setLocalStateField('user', { name: 'trên A' });
    await presenceOn(watcher, onA.doc.clientID, 'trên A');

    // Each delegate: a request to speak, then a ballot; the even ones through A (killed), the odd ones through B.
    const sent: Sent[] = delegates.flatMap((d, i) => [
      { member: d, via: i % 2 === 0 ? a : b, body: JSON.stringify({ id: nextCommandId(), type: 'requestToSpeak', speechType: 'phat-bieu' }) },
      { member: d, via: i % 2 === 0 ? a : b, body: JSON.stringify({ id: nextCommandId(), type: 'castBallot', pollId: 'p1', choice: choiceOf(i) }) },
    ]);
    let ackedOnA = 0;
    const queues = new Map<TestMember, Sent[]>();
    for (const s of sent) queues.set(s.member, [...(queues.get(s.member) ?? []), s]);
    await Promise.all(
      [...queues.values()].map(async (mine) => {
        for (const s of mine) {
          s.answer = await post(s.via, s.member.token, s.body);
          if (s.via === a && s.answer?.ok) ackedOnA++;
          if (ackedOnA >= KILL_AFTER_ACKS && a.child.signalCode === null) a.child.kill('SIGKILL');
        }
      }),
    );
    await a.exited;
    expect(a.child.signalCode).toBe('SIGKILL');
    const acked = sent.filter((s) => s.answer?.ok);
    expect(ackedOnA).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked.length).toBeLessThan(sent.length);

    // A's clients reconnect to B: the state room with the same token, every command retried with its same id.
    const chairOnB = await stateClient(b, chair.token);
    clients.push(chairOnB);
    // The presenter's client reconnects to B with the same doc and awareness (as the browser's provider does):
    // its presence, still held for the dead A, is taken over by its own member at once, not after the timeout.
    const moved = new WebsocketProvider(b.url + SYNC_PATH, notes, onA.doc, { params: { token: presenter.token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, awareness: onA.provider.awareness });
    onA.provider.destroy();
    clients.push({ doc: onA.doc, provider: moved, destroy: () => moved.destroy() });
    await waitUntil('the moved client synced', () => moved.synced, (wake) => (moved.on('sync', wake), () => moved.off('sync', wake)));
    moved.awareness.setLocalStateField('user', { name: 'trên B' });
    await presenceOn(watcher, onA.doc.clientID, 'trên B');
    for (const s of sent) {
      const retried = await post(b, s.member.token, s.body);
      expect(retried?.ok, `${s.member.delegateId}: ${JSON.stringify(retried)}`).toBe(true);
      // An acknowledged command retried: the same answer, not a second effect.
      if (s.answer?.ok) expect(retried).toEqual(s.answer);
    }
    const db = cluster.db;
    const ballots = new Map((db.prepare(`SELECT delegate_id, choice FROM poll_open_ballots WHERE meeting_id = ? AND poll_id = 'p1'`).all(MEETING) as { delegate_id: string; choice: string }[]).map((r) => [r.delegate_id, r.choice]));
    expect(ballots.size).toBe(DELEGATES);
    delegates.forEach((d, i) => expect(ballots.get(d.delegateId)).toBe(choiceOf(i)));
    const audit = (db.prepare(`SELECT entry FROM live_audit WHERE meeting_id = ? ORDER BY seq`).all(MEETING) as { entry: string }[]).map((r) => JSON.parse(r.entry) as { actor?: { delegateId: string }; command: { type: string } });
    for (const type of ['castBallot', 'requestToSpeak']) {
      const lines = audit.filter((l) => l.command.type === type);
      expect(lines, type).toHaveLength(DELEGATES);
      expect(new Set(lines.map((l) => l.actor?.delegateId)).size).toBe(DELEGATES);
    }
    // The speaker queue (the state room) holds every request once, on B's clients.
    await waitForDoc('every request on B', chairOnB.doc, () => readMeetingState(chairOnB.doc).queue.length === DELEGATES);
    expect(new Set(readMeetingState(chairOnB.doc).queue.map((r) => r.delegateId)).size).toBe(DELEGATES);

    expect((await cmd(b, chair, { type: 'closePoll', pollId: 'p1' })).status).toBe(200);
    await waitForDoc('the result on B', chairOnB.doc, () => readVotingState(chairOnB.doc).results['p1'] !== undefined);
    const result = readVotingState(chairOnB.doc).results['p1'];
    if (result?.tally.kind !== 'open') throw new Error('no open result');
    const expected = { yes: 0, no: 0, abstain: 0 };
    delegates.forEach((_d, i) => expected[choiceOf(i)]++);
    expect(result.tally.result.counts.yes.count).toBe(expected.yes);
    expect(result.tally.result.counts.no.count).toBe(expected.no);
    expect(result.tally.result.counts.abstain.count).toBe(expected.abstain);

    const verified = await verifyServerAudit(cluster.keyDir() ?? '', { databaseUrl: cluster.databaseUrl });
    expect(verified?.meetings.flatMap((m) => m.problems)).toEqual([]);
    expect(verified?.ok).toBe(true);
    console.log(`cluster crash: ${ackedOnA} acknowledged on A before SIGKILL, ${acked.length} of ${sent.length} in all`);
  }, 180_000);
});
