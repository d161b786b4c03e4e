// Review (issue 7): two voters of a secret poll who agree on one tracker (each seals a valid ballot with the
// same XXXX-XXXX) must not be able to stop the count. The honest last counter opens both and posts the lines;
// the server refuses a stage in which a tracker appears twice (it guards against a counter copying a line), so
// unless the counter's device turns such lines into phiếu không hợp lệ, every post of the last stage is
// refused and the poll stays untallied for good (a re-vote can be blocked the same way).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathTo, ROUTES } from '../../../common/api/routes.ts';
import { sealBallot } from '../../../common/voting/secret.ts';
import { castSecret, ensureCounterKey, runMyStage } from '../../../common/voting/secretClient.ts';
import { send } from '../live/liveHarness.ts';
import { checkInAll, createSecretPoll, delegateIds, ok, startSecretMeeting, type SecretMeeting } from '../voting-secret/secretHarness.ts';

const MEETING = 'review-shared-tracker';
const COUNTERS = ['db-001', 'db-002'];
const POLL = 'bai-nhiem-chung';
const MOTION = { kind: 'open', question: 'Bãi nhiệm đại biểu Z', itemId: 'muc-4', secret: true } as const;
const SHARED = 'ABCD-EFGH';

let m: SecretMeeting;

beforeAll(async () => {
  m = await startSecretMeeting(MEETING, 6);
  await checkInAll(m);
});
afterAll(async () => {
  await m.live.stop();
});

describe('two ballots sealed with the same tracker', () => {
  it('end as two invalid lines; the counters count the poll and every other voter finds their line', async () => {
    const draft = await createSecretPoll(m, POLL, MOTION, COUNTERS);
    for (const c of COUNTERS) expect((await ensureCounterKey(m.deps(c), draft)).ok).toBe(true);
    await ok(m, m.chair, { type: 'openPoll', pollId: POLL });
    const open = m.poll(POLL);
    const keys = open.counters.map((c) => open.counterKeys[c] ?? '');
    const [a, b, ...honest] = delegateIds(m);
    for (const [i, who] of [a, b].entries()) {
      const sealed = await sealBallot({ meetingId: MEETING, pollId: POLL, definition: open.definition, counterKeys: keys, choice: 'no', tracker: SHARED });
      if (!sealed.ok) throw new Error(sealed.error.message);
      const r = await send(m.live.url(), MEETING, m.member(who ?? '').token, { id: `shared-tracker-ballot-${i}-${'0'.repeat(24)}`, type: 'castSealedBallot', pollId: POLL, sealed: sealed.value.sealed });
      expect(r.status).toBe(200);
    }
    const mine = new Map<string, string>();
    for (const v of honest) {
      const r = await castSecret(m.deps(v), open, 'yes');
      if (!r.ok) throw new Error(r.error.message);
      mine.set(v, r.value.tracker);
    }
    await ok(m, m.chair, { type: 'closePoll', pollId: POLL });
    for (const c of COUNTERS) {
      const r = await runMyStage(m.deps(c), m.poll(POLL));
      expect(r.ok ? 'posted' : r.error.message).toBe('posted');
    }
    expect(m.poll(POLL).status).toBe('counted');
    const listing = (await (await fetch(m.live.url() + pathTo(ROUTES.pollTrackers, { meetingId: MEETING, pollId: POLL }), { headers: { authorization: `Bearer ${m.chair.token}` } })).json()) as {
      value: { lines: { tracker: string; choice: unknown }[] };
    };
    const lines = listing.value.lines;
    expect(lines).toHaveLength(6);
    expect(lines.filter((l) => l.choice === null)).toHaveLength(2);
    for (const t of mine.values()) expect(lines.filter((l) => l.tracker === t && l.choice === 'yes')).toHaveLength(1);
  });
});
