// 10,000+ ballot submissions over real HTTP: 5 polls × 1,500 delegates (7,500 ballots), with random retries of the same
// command id, fetches aborted mid-flight (the connection dropped, the client not knowing whether the server
// has the ballot) and reconnects, and a second attempt under a new id. Afterwards: 0 lost, 0 duplicated, the
// counted result equals a recount from the database, and the audit log has exactly one entry per ballot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_API } from '../../../common/live/index.ts';
import type { OpenChoice } from '../../../common/i18n/voting.ts';
import type { CommandResult } from '../../../common/live/commands.ts';
import { nextCommandId, type TestMember } from '../live/liveHarness.ts';
import { auditLines, MEETING, okValue, openDefinition, pollIn, stateClient, votingOf, votingWorld, waitForPoll, type VotingWorld } from './votingHarness.ts';

const DELEGATES = Number(process.env['VOTE_STRESS_DELEGATES'] ?? 1500);
const POLLS = Number(process.env['VOTE_STRESS_POLLS'] ?? 5);
const WORKERS = 48;
const CHOICES: readonly OpenChoice[] = ['yes', 'no', 'abstain'];

/** A small seeded PRNG (mulberry32): the run is reproducible from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Stats {
  submissions: number;
  aborted: number;
  retries: number;
  duplicatesRefused: number;
}

type Attempt = { kind: 'answer'; status: number; body: CommandResult } | { kind: 'dropped' };

async function post(url: string, token: string, body: string, abortAfterMs: number | undefined): Promise<Attempt> {
  const controller = new AbortController();
  const timer = abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), abortAfterMs);
  try {
    const res = await fetch(url + LIVE_API.commands(MEETING), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
      signal: controller.signal,
    });
    return { kind: 'answer', status: res.status, body: (await res.json()) as CommandResult };
  } catch {
    return { kind: 'dropped' };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** One delegate's ballot as a flaky client sends it: retried with the same id until an answer arrives. */
async function castFlaky(w: VotingWorld, d: TestMember, pollId: string, choice: OpenChoice, rnd: () => number, stats: Stats): Promise<CommandResult> {
  const body = JSON.stringify({ id: nextCommandId(), type: 'castBallot', pollId, choice });
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) stats.retries++;
    stats.submissions++;
    // About one in five attempts is dropped mid-flight: before, during or after the server's commit.
    const drop = attempt < 4 && rnd() < 0.2;
    if (drop) stats.aborted++;
    const a = await post(w.live.url(), d.token, body, drop ? Math.floor(rnd() * 6) : undefined);
    if (a.kind === 'dropped') continue;
    if (a.status === 429) continue;
    // Sometimes the client did not see the answer and sends the very same command again: same answer.
    if (rnd() < 0.15) {
      stats.submissions++;
      stats.retries++;
      const again = await post(w.live.url(), d.token, body, undefined);
      if (again.kind === 'answer') expect(again.body).toEqual(a.body);
    }
    return a.body;
  }
}

let w: VotingWorld;
beforeAll(async () => {
  w = await votingWorld(DELEGATES, { fixtureAttendance: true, server: { live: { commandBurst: 1000, commandRefillPerSec: 1000 } } });
}, 60_000);
afterAll(async () => {
  await w.live.stop();
});

describe('10,000 ballots with retries, drops and reconnects', () => {
  it('loses none, counts none twice, and the result equals a recount from the database', async () => {
    const seed = Number(process.env['VOTE_STRESS_SEED'] ?? Date.now() % 1_000_000);
    const rnd = prng(seed);
    const stats: Stats = { submissions: 0, aborted: 0, retries: 0, duplicatesRefused: 0 };
    const hall = await stateClient(w.live, w.observer);
    const started = Date.now();
    try {
      for (let p = 1; p <= POLLS; p++) {
        const pollId = `p${p}`;
        okValue(await w.cmd(w.chair, { type: 'createPoll', pollId, definition: openDefinition({ question: `Nghị quyết số ${p}` }) }));
        okValue(await w.cmd(w.chair, { type: 'openPoll', pollId }));
        const intended = new Map(w.delegates.map((d) => [d.delegateId, CHOICES[Math.floor(rnd() * 3)] ?? 'yes']));
        const phase = Date.now();
        const queue = [...w.delegates];
        const answers = new Map<string, CommandResult>();
        await Promise.all(
          Array.from({ length: WORKERS }, async () => {
            for (let d = queue.shift(); d; d = queue.shift()) {
              answers.set(d.delegateId, await castFlaky(w, d, pollId, intended.get(d.delegateId) ?? 'yes', rnd, stats));
              // Now and then a second ballot under a new id (a double click after a reload): refused.
              if (rnd() < 0.05) {
                stats.submissions++;
                const second = await post(w.live.url(), d.token, JSON.stringify({ id: nextCommandId(), type: 'castBallot', pollId, choice: 'yes' }), undefined);
                if (second.kind === 'answer' && !second.body.ok && second.body.error.code === 'ALREADY_VOTED') stats.duplicatesRefused++;
                else throw new Error(`a second ballot was not refused: ${JSON.stringify(second)}`);
              }
            }
          }),
        );
        const castMs = Date.now() - phase;
        // Every ballot acknowledged; the progress the hall screen shows is the committed count.
        expect([...answers.values()].filter((a) => !a.ok)).toEqual([]);
        await waitForPoll(hall, pollId, (_p, v) => v.progress[pollId]?.cast === DELEGATES, `progress of ${pollId}`);
        okValue(await w.cmd(w.chair, { type: 'closePoll', pollId }));
        await waitForPoll(hall, pollId, (pp) => pp.status === 'counted');

        const rows = w.live.server.db.prepare(`SELECT delegate_id, choice FROM poll_open_ballots WHERE meeting_id = ? AND poll_id = ?`).all(MEETING, pollId) as { delegate_id: string; choice: OpenChoice }[];
        const voters = (w.live.server.db.prepare(`SELECT COUNT(*) AS n FROM poll_voters WHERE meeting_id = ? AND poll_id = ?`).get(MEETING, pollId) as { n: number }).n;
        expect(voters).toBe(DELEGATES);
        expect(rows).toHaveLength(DELEGATES);
        // 0 lost, 0 altered: each delegate's stored choice is the one they sent.
        expect(rows.filter((r) => intended.get(r.delegate_id) !== r.choice)).toEqual([]);
        const recount = Object.fromEntries(CHOICES.map((c) => [c, rows.filter((r) => r.choice === c).length]));
        const result = votingOf(hall).results[pollId];
        if (result?.tally.kind !== 'open') throw new Error(`no result for ${pollId}`);
        expect({ yes: result.tally.result.counts.yes.count, no: result.tally.result.counts.no.count, abstain: result.tally.result.counts.abstain.count }).toEqual(recount);
        expect(result.names?.yes.length).toBe(recount['yes']);
        expect(pollIn(hall, pollId)?.frozen?.eligible).toHaveLength(DELEGATES + 1);
        // One audit entry per ballot, each naming its voter once.
        const audited = auditLines(w.live.server).filter((l) => l.command.type === 'castBallot' && l.command['pollId'] === pollId);
        expect(audited).toHaveLength(DELEGATES);
        expect(new Set(audited.map((l) => l.actor?.delegateId)).size).toBe(DELEGATES);
        console.log(`stress10k ${pollId}: ballots ${castMs} ms, close and checks ${Date.now() - phase - castMs} ms`);
      }
    } finally {
      hall.destroy();
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`stress10k seed=${seed}: ${stats.submissions} submissions (${stats.retries} retries, ${stats.aborted} aborted mid-flight, ${stats.duplicatesRefused} second ballots refused) for ${POLLS * DELEGATES} ballots in ${seconds.toFixed(1)} s`);
    expect(stats.submissions).toBeGreaterThanOrEqual(process.env['VOTE_STRESS_DELEGATES'] === undefined ? 10_000 : POLLS * DELEGATES);
    expect(stats.aborted).toBeGreaterThan(0);
  }, 480_000);
});
