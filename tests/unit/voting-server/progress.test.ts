// Coalesced progress: a ballot does not write the doc; the flusher writes {version, cast, voted} from the
// committed register. Seen from a real client: versions only increase, cast never falls and never exceeds what
// the store has committed at that moment; the 'per-ballot' design writes one progress per ballot.
import { afterEach, describe, expect, it } from 'vitest';
import type { PollProgress } from '../../../common/voting/state.ts';
import type { Client } from '../live/liveHarness.ts';
import { dbCount, okValue, openDefinition, stateClient, votingOf, votingWorld, waitForPoll, type VotingWorld } from './votingHarness.ts';

let world: VotingWorld | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await world?.live.stop();
  world = undefined;
});

async function observedRun(mode: 'coalesced' | 'per-ballot', n: number): Promise<{ seen: PollProgress[]; ballots: number }> {
  const w = (world = await votingWorld(n, { server: { votingProgress: mode } }));
  const hall = await stateClient(w.live, w.observer);
  clients.push(hall);
  const seen: PollProgress[] = [];
  const problems: string[] = [];
  hall.doc.on('update', () => {
    const p = votingOf(hall).progress['p1'];
    if (!p || seen.at(-1)?.version === p.version) return;
    // The server committed before it broadcast: the register holds at least what the doc says.
    const committed = dbCount(w.live.server, 'poll_voters', 'p1');
    if (p.cast > committed) problems.push(`cast ${p.cast} > committed ${committed}`);
    if (p.voted && p.voted.length !== p.cast) problems.push(`voted list ${p.voted.length} ≠ cast ${p.cast}`);
    seen.push(p);
  });
  okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'p1', definition: openDefinition() }));
  okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'p1' }));
  await Promise.all(w.delegates.map(async (d, i) => okValue(await w.cmd(d, { type: 'castBallot', pollId: 'p1', choice: i % 3 === 0 ? 'no' : 'yes' }))));
  await waitForPoll(hall, 'p1', (_p, v) => v.progress['p1']?.cast === n, `progress ${n}`);
  expect(problems).toEqual([]);
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i]?.version).toBeGreaterThan(seen[i - 1]?.version ?? 0);
    expect(seen[i]?.cast).toBeGreaterThanOrEqual(seen[i - 1]?.cast ?? 0);
  }
  expect(votingOf(hall).progress['p1']?.voted).toEqual(w.delegates.map((d) => d.delegateId).sort());
  return { seen, ballots: n };
}

describe('poll progress', () => {
  it('coalesced: versions increase, cast never exceeds the committed count, at most one write per ballot', async () => {
    const { seen, ballots } = await observedRun('coalesced', 40);
    // Each flush writes one version; a flush writes only when the count moved, so never more than one per ballot.
    const last = seen.at(-1);
    expect(last?.cast).toBe(ballots);
    // Version 1 is written at open (cast 0); the rest are flushes.
    expect((last?.version ?? 0) - 1).toBeLessThanOrEqual(ballots);
    console.log(`progress coalesced: ${ballots} ballots, ${(last?.version ?? 1) - 1} progress writes`);
  });

  it('per-ballot (the OpenSlides-style design): one progress write per ballot', async () => {
    const { seen, ballots } = await observedRun('per-ballot', 25);
    expect(seen.at(-1)?.version).toBe(ballots + 1);
  });
});
