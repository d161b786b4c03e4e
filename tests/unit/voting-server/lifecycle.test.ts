// The voting server end to end over real HTTP and a real y-websocket client: an open poll from create to
// announce, every refusal of the lifecycle and of castBallot, re-votes, cancel, change-until-close.
import { afterEach, describe, expect, it } from 'vitest';
import { nextCommandId, send } from '../live/liveHarness.ts';
import type { Client } from '../live/liveHarness.ts';
import { auditLines, dbCount, errorCode, MEETING, okValue, openDefinition, pollIn, stateClient, votingOf, votingWorld, waitForPoll, type VotingWorld } from './votingHarness.ts';

let world: VotingWorld | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await world?.live.stop();
  world = undefined;
});

async function setup(n: number, present?: number): Promise<VotingWorld> {
  world = await votingWorld(n, present === undefined ? {} : { present });
  return world;
}

describe('open poll lifecycle', () => {
  it('creates, opens (freezing N, the eligible list and the quorum into the audit log), counts at close with names, announces', async () => {
    const w = await setup(6);
    const hall = await stateClient(w.live, w.observer);
    clients.push(hall);
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p1', definition: openDefinition() }));
    await waitForPoll(hall, 'p1', (p) => p.status === 'draft');
    const opened = okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p1' }));
    const frozen = (opened['poll'] as { frozen: { base: number; eligible: string[]; present: number } }).frozen;
    // N = 7 voting seats (chair + 6), everyone present.
    expect(frozen.base).toBe(7);
    expect(frozen.present).toBe(7);
    expect(frozen.eligible).toEqual(['chu-toa', ...w.delegates.map((d) => d.delegateId)].sort());
    const openEntry = auditLines(w.live.server).find((l) => l.command.type === 'openPoll');
    expect(openEntry?.actor?.delegateId).toBe('chu-toa');
    expect(openEntry?.command['frozen']).toMatchObject({ base: 7, present: 7, quorum: { numerator: 2, denominator: 3 }, rule: { kind: 'more-than-half' } });
    expect((openEntry?.command['frozen'] as { eligible: string[] }).eligible).toHaveLength(7);

    const choices = ['yes', 'yes', 'yes', 'no', 'abstain', 'yes'] as const;
    for (const [i, d] of w.delegates.entries()) {
      const a = await w.cmd(d, { type: 'castBallot', pollId: 'p1', choice: choices[i] ?? 'yes' });
      expect(a.status).toBe(200);
      // A ballot's answer is its seq alone: not the meeting state.
      expect(Object.keys(okValue(a))).toEqual(['seq']);
    }
    await waitForPoll(hall, 'p1', (_p, v) => v.progress['p1']?.cast === 6, 'progress 6');
    expect(votingOf(hall).progress['p1']?.voted).toEqual(w.delegates.map((d) => d.delegateId).sort());
    // Open ballots are by name: the audit entry names the voter and the choice.
    const ballots = auditLines(w.live.server).filter((l) => l.command.type === 'castBallot');
    expect(ballots.map((b) => b.actor?.delegateId).sort()).toEqual(w.delegates.map((d) => d.delegateId).sort());

    okValue(await w.cmd(w.chair, { type: 'closePoll', pollId: 'p1' }));
    await waitForPoll(hall, 'p1', (p) => p.status === 'counted');
    const result = votingOf(hall).results['p1'];
    expect(result?.tally.kind).toBe('open');
    if (result?.tally.kind !== 'open') throw new Error('no open result');
    expect(result.tally.result.counts.yes.count).toBe(4);
    expect(result.tally.result.counts.no.count).toBe(1);
    expect(result.tally.result.counts.abstain.count).toBe(1);
    // 2·4 > 7: passes (more than half of N, not of those voting).
    expect(result.tally.result.passed).toBe(true);
    expect(result.names?.no).toEqual([w.delegates[3]?.delegateId]);
    expect(pollIn(hall, 'p1')?.closedBy).toBe('chair');

    expect(errorCode(await w.cmd(w.chair, { type: 'announcePoll', pollId: 'nope' }))).toBe('POLL_NOT_FOUND');
    okValue(await w.cmd(w.chair, { type: 'announcePoll', pollId: 'p1', showNames: true }));
    await waitForPoll(hall, 'p1', (p) => p.status === 'announced' && p.showNames === true);
    expect(errorCode(await w.cmd(w.chair, { type: 'announcePoll', pollId: 'p1' }))).toBe('POLL_STATE');
  });

  it('refuses whoever may not run or cast: delegates cannot create/open/close, the secretariat and the hall screen cannot vote', async () => {
    const w = await setup(4, 3);
    const d = w.delegates[0];
    if (!d) throw new Error('no delegate');
    expect(errorCode(await w.cmd(d, { type: 'createPoll', pollId: 'p1', definition: openDefinition() }))).toBe('NOT_CHAIR');
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p1', definition: openDefinition() }));
    expect(errorCode(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p1', definition: openDefinition() }))).toBe('POLL_STATE');
    expect(errorCode(await w.cmd(d, { type: 'openPoll', pollId: 'p1' }))).toBe('NOT_CHAIR');
    expect(errorCode(await w.cmd(w.secretary, { type: 'openPoll', pollId: 'p1' }))).toBe('NOT_CHAIR');
    expect(errorCode(await w.cmd(w.chair, { type: 'castBallot', pollId: 'p1', choice: 'yes' }))).toBe('POLL_STATE');
    okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p1' }));
    expect(errorCode(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p1' }))).toBe('POLL_STATE');
    expect(errorCode(await w.cmd(d, { type: 'closePoll', pollId: 'p1' }))).toBe('NOT_CHAIR');
    expect(errorCode(await w.cmd(d, { type: 'cancelPoll', pollId: 'p1', reason: 'x' }))).toBe('NOT_CHAIR');
    expect(errorCode(await w.cmd(w.secretary, { type: 'castBallot', pollId: 'p1', choice: 'yes' }))).toBe('FORBIDDEN');
    expect(errorCode(await w.cmd(w.observer, { type: 'castBallot', pollId: 'p1', choice: 'yes' }))).toBe('FORBIDDEN');
    // The fourth delegate was absent at open: not on the frozen list, even after checking in now.
    const late = w.delegates[3];
    if (!late) throw new Error('no late delegate');
    okValue(await send(w.live.url(), MEETING, late.token, { id: nextCommandId(), type: 'checkIn', mode: 'present-hall' }));
    expect(errorCode(await w.cmd(late, { type: 'castBallot', pollId: 'p1', choice: 'yes' }))).toBe('NOT_ELIGIBLE');
    // One cannot vote as another: the command has no voter field, the token decides.
    const other = w.delegates[1]?.delegateId ?? '';
    expect(errorCode(await w.cmd(d, { type: 'castBallot', pollId: 'p1', choice: 'no', delegateId: other } as never))).toBe('COMMAND_INVALID');
    expect(errorCode(await w.cmd(d, { type: 'castBallot', pollId: 'p1', choice: 'maybe' } as never))).toBe('COMMAND_INVALID');
    expect(errorCode(await w.cmd(d, { type: 'castBallot', pollId: 'p1', choice: ['c1'] }))).toBe('BALLOT_INVALID');
    okValue(await w.cmd(d, { type: 'castBallot', pollId: 'p1', choice: 'no' }));
    expect(errorCode(await w.cmd(d, { type: 'castBallot', pollId: 'p1', choice: 'yes' }))).toBe('ALREADY_VOTED');
    const voters = w.live.server.db.prepare(`SELECT delegate_id FROM poll_voters WHERE poll_id = 'p1'`).all() as { delegate_id: string }[];
    expect(voters.map((r) => r.delegate_id)).toEqual([d.delegateId]);
    expect(errorCode(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p2', definition: openDefinition() }))).toBeUndefined();
    expect(errorCode(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p2' }))).toBe('POLL_ALREADY_OPEN');
    expect(errorCode(await w.cmd(w.chair, { type: 'configureVoting', changeUntilClose: true }))).toBe('POLL_ALREADY_OPEN');
    okValue(await w.cmd(w.chair, { type: 'closePoll', pollId: 'p1' }));
    expect(errorCode(await w.cmd(w.delegates[1] ?? d, { type: 'castBallot', pollId: 'p1', choice: 'yes' }))).toBe('POLL_CLOSED');
    expect(errorCode(await w.cmd(w.chair, { type: 'closePoll', pollId: 'p1' }))).toBe('POLL_STATE');
    expect(errorCode(await w.cmd(w.chair, { type: 'castBallot', pollId: 'nope', choice: 'yes' }))).toBe('POLL_NOT_FOUND');
  });

  it('refuses to open without quorum, with the numbers', async () => {
    // 1 chair + 8 delegates = 9 seats; chair + 4 present = 5 < 6 (⅔ of 9).
    const w = await setup(8, 4);
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p1', definition: openDefinition() }));
    const a = await w.cmd(w.chair, { type: 'openPoll', pollId: 'p1' });
    expect(errorCode(a)).toBe('NO_QUORUM');
    expect(a.body.ok ? [] : a.body.error.details).toEqual(['5', '6']);
    // The poll's own base changes the arithmetic: N = 7 → 5·3 ≥ 2·7.
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p2', definition: openDefinition({ base: 7 }) }));
    expect((okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p2' }))['poll'] as { frozen: { base: number } }).frozen.base).toBe(7);
  });

  it('validates counters and re-votes; a re-vote is a new poll linked to the old one, nothing deleted', async () => {
    const w = await setup(4);
    const [a, b] = w.delegates.map((d) => d.delegateId);
    const secret = openDefinition({ secret: true });
    expect(errorCode(await w.cmd(w.chair, { type: 'createPoll', pollId: 's1', definition: secret }))).toBe('COMMAND_INVALID');
    expect(errorCode(await w.cmd(w.chair, { type: 'createPoll', pollId: 's1', definition: secret, counters: ['thu-ky'] }))).toBe('COMMAND_INVALID');
    expect(errorCode(await w.cmd(w.chair, { type: 'createPoll', pollId: 'pp', definition: openDefinition(), mode: 'paper', counters: [a ?? ''] }))).toBe('COMMAND_INVALID');
    expect(errorCode(await w.cmd(w.chair, { type: 'createPoll', pollId: 'o1', definition: openDefinition(), counters: [a ?? ''] }))).toBe('COMMAND_INVALID');
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 's1', definition: secret, counters: [a ?? '', b ?? ''] }));
    const missing = await w.cmd(w.chair, { type: 'openPoll', pollId: 's1' });
    expect(errorCode(missing)).toBe('COUNTER_KEYS_MISSING');
    expect(missing.body.ok ? [] : missing.body.error.details).toEqual([a, b]);
    expect(errorCode(await w.cmd(w.chair, { type: 'cancelPoll', pollId: 's1', reason: 'Chuyển sang bỏ phiếu giấy' }))).toBeUndefined();

    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p1', definition: openDefinition() }));
    expect(errorCode(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p2', definition: openDefinition(), revoteOf: 'p1' }))).toBe('POLL_STATE');
    expect(errorCode(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p2', definition: openDefinition(), revoteOf: 'zz' }))).toBe('POLL_NOT_FOUND');
    okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p1' }));
    for (const d of w.delegates.slice(0, 2)) okValue(await w.cmd(d, { type: 'castBallot', pollId: 'p1', choice: 'yes' }));
    okValue(await w.cmd(w.chair, { type: 'closePoll', pollId: 'p1' }));
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p2', definition: openDefinition(), revoteOf: 'p1' }));
    okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p2' }));
    okValue(await w.cmd(w.delegates[0] ?? w.chair, { type: 'castBallot', pollId: 'p2', choice: 'no' }));
    const hall = await stateClient(w.live, w.observer);
    clients.push(hall);
    await waitForPoll(hall, 'p2', (p) => p.status === 'open');
    expect(pollIn(hall, 'p2')?.revoteOf).toBe('p1');
    expect(pollIn(hall, 'p1')?.status).toBe('counted');
    expect(votingOf(hall).results['p1']?.tally.kind).toBe('open');
    expect(pollIn(hall, 's1')).toMatchObject({ status: 'cancelled', cancelReason: 'Chuyển sang bỏ phiếu giấy' });
    expect(dbCount(w.live.server, 'poll_voters', 'p1')).toBe(2);
    expect(dbCount(w.live.server, 'poll_open_ballots', 'p1')).toBe(2);
    expect(dbCount(w.live.server, 'poll_voters', 'p2')).toBe(1);
    // Cancelling an open poll keeps its ballots; a cancelled poll is not announced.
    okValue(await w.cmd(w.chair, { type: 'cancelPoll', pollId: 'p2', reason: 'Sai câu hỏi' }));
    expect(dbCount(w.live.server, 'poll_open_ballots', 'p2')).toBe(1);
    expect(errorCode(await w.cmd(w.chair, { type: 'announcePoll', pollId: 'p2' }))).toBe('POLL_STATE');
    expect(errorCode(await w.cmd(w.chair, { type: 'cancelPoll', pollId: 'p2', reason: 'again' }))).toBe('POLL_STATE');
  });

  it('a retried castBallot gets the same answer and never a second vote; changeUntilClose replaces the choice', async () => {
    const w = await setup(3);
    const d = w.delegates[0];
    if (!d) throw new Error('no delegate');
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p1', definition: openDefinition() }));
    okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p1' }));
    const id = nextCommandId();
    const first = await w.cmd(d, { id, type: 'castBallot', pollId: 'p1', choice: 'yes' });
    const again = await w.cmd(d, { id, type: 'castBallot', pollId: 'p1', choice: 'yes' });
    expect(again).toEqual(first);
    expect(errorCode(await w.cmd(d, { id, type: 'castBallot', pollId: 'p1', choice: 'no' }))).toBe('CONFLICT');
    expect(dbCount(w.live.server, 'poll_voters', 'p1')).toBe(1);
    expect(auditLines(w.live.server).filter((l) => l.command.type === 'castBallot')).toHaveLength(1);
    okValue(await w.cmd(w.chair, { type: 'closePoll', pollId: 'p1' }));

    okValue(await w.cmd(w.chair, { type: 'configureVoting', changeUntilClose: true, labels: 'dong-y' }));
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p2', definition: openDefinition() }));
    const frozen = (okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p2' }))['poll'] as { frozen: { changeUntilClose: boolean; labels: string } }).frozen;
    expect(frozen).toMatchObject({ changeUntilClose: true, labels: 'dong-y' });
    okValue(await w.cmd(d, { type: 'castBallot', pollId: 'p2', choice: 'yes' }));
    expect(okValue(await w.cmd(d, { type: 'castBallot', pollId: 'p2', choice: 'no' }))['changed']).toBe(true);
    okValue(await w.cmd(w.chair, { type: 'closePoll', pollId: 'p2' }));
    const hall = await stateClient(w.live, w.observer);
    clients.push(hall);
    await waitForPoll(hall, 'p2', (p) => p.status === 'counted');
    const r = votingOf(hall).results['p2'];
    if (r?.tally.kind !== 'open') throw new Error('no result');
    expect([r.tally.result.counts.yes.count, r.tally.result.counts.no.count]).toEqual([0, 1]);
    expect(r.tally.result.labels).toBe('dong-y');
  });
});
