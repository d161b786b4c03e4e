// Countdown: the server closes a poll at closesAt by itself (audited without an actor), also when the time ran
// out while it was down; a ballot after closesAt is refused even before the timer fires.
import { afterEach, describe, expect, it } from 'vitest';
import { castProblem } from '../../../collab-server/live/voting/ballots.ts';
import { acceptsBallots } from '../../../collab-server/live/voting/pollStore.ts';
import type { Poll } from '../../../common/voting/state.ts';
import { poll as pollUntil, type Client } from '../live/liveHarness.ts';
import { auditLines, errorCode, okValue, openDefinition, pollIn, stateClient, votingOf, votingWorld, waitForPoll, type VotingWorld } from './votingHarness.ts';

let world: VotingWorld | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await world?.live.stop();
  world = undefined;
});

describe('countdown', () => {
  it('closes and counts the poll at closesAt; the audit entry has no actor and says by countdown', async () => {
    const w = (world = await votingWorld(3));
    const hall = await stateClient(w.live, w.observer);
    clients.push(hall);
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p1', definition: openDefinition({ countdownSec: 1 }) }));
    const frozen = (okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p1' }))['poll'] as { frozen: { openedAt: number; closesAt: number } }).frozen;
    expect(frozen.closesAt - frozen.openedAt).toBe(1000);
    okValue(await w.cmd(w.delegates[0] ?? w.chair, { type: 'castBallot', pollId: 'p1', choice: 'yes' }));
    await waitForPoll(hall, 'p1', (p) => p.status === 'counted');
    const p = pollIn(hall, 'p1');
    expect(p?.closedBy).toBe('countdown');
    expect(p?.closedAt ?? 0).toBeGreaterThanOrEqual(frozen.closesAt - 5);
    expect(votingOf(hall).results['p1']?.tally.kind).toBe('open');
    const close = auditLines(w.live.server).find((l) => l.command.type === 'closePoll');
    expect(close?.actor).toBeUndefined();
    expect(close?.command).toEqual({ type: 'closePoll', pollId: 'p1', by: 'countdown' });
    expect(errorCode(await w.cmd(w.delegates[1] ?? w.chair, { type: 'castBallot', pollId: 'p1', choice: 'yes' }))).toBe('POLL_CLOSED');
  });

  it('a poll whose countdown ran out while the server was down closes on start', async () => {
    const w = (world = await votingWorld(3));
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p1', definition: openDefinition({ countdownSec: 1 }) }));
    const frozen = (okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p1' }))['poll'] as { frozen: { closesAt: number } }).frozen;
    okValue(await w.cmd(w.delegates[0] ?? w.chair, { type: 'castBallot', pollId: 'p1', choice: 'no' }));
    await w.live.server.close();
    await pollUntil('the countdown to pass while down', () => Date.now() > frozen.closesAt + 50);
    await w.live.restart();
    const hall = await stateClient(w.live, w.observer);
    clients.push(hall);
    await waitForPoll(hall, 'p1', (p) => p.status === 'counted');
    expect(pollIn(hall, 'p1')?.closedBy).toBe('countdown');
    const r = votingOf(hall).results['p1'];
    if (r?.tally.kind !== 'open') throw new Error('no result');
    expect(r.tally.result.counts.no.count).toBe(1);
  });

  it('refuses a ballot past closesAt whether or not the timer has fired', () => {
    const frozen = { openedAt: 0, base: 3, eligible: ['a'], present: 3, quorum: { numerator: 2, denominator: 3 }, labels: 'tan-thanh', changeUntilClose: false, closesAt: 10_000 } as const;
    const poll = { id: 'p', status: 'open', mode: 'electronic', frozen, definition: { kind: 'open', secret: false } } as unknown as Poll;
    expect(acceptsBallots(poll, 9_999)).toBe(true);
    expect(acceptsBallots(poll, 10_000)).toBe(false);
    expect(castProblem(poll, 'p', 'a', 9_999)).toBeUndefined();
    const late = castProblem(poll, 'p', 'a', 10_001);
    expect(late && !late.ok ? late.error.code : undefined).toBe('POLL_CLOSED');
  });
});
