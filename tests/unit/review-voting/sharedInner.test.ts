// Review (issue 7): with two counters, two voters who agree on one inner ballot (each wraps the same layer of
// counter 2 in their own layer of counter 1: two different sealed ballots, two hashes in the box) must not be
// able to stop the count. Counter 1's device peels both to the same bytes; the server refuses a stage that holds
// a ballot twice (against a counter copying one), so unless the device passes such ballots on as unreadable,
// every post of stage 1 is refused and the poll stays untallied for good.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathTo, ROUTES } from '../../../common/api/routes.ts';
import { hkdf, randomBytes } from '../../../common/pack/crypto.ts';
import { concatBytes, fromB64url, toB64url, utf8Encode } from '../../../common/pack/encoding.ts';
import { LAYER_INFO, LAYER_VERSION, newTracker, padPlaintext } from '../../../common/voting/secret.ts';
import { castSecret, ensureCounterKey, runMyStage } from '../../../common/voting/secretClient.ts';
import { send } from '../live/liveHarness.ts';
import { checkInAll, createSecretPoll, delegateIds, ok, startSecretMeeting, type SecretMeeting } from '../voting-secret/secretHarness.ts';

const MEETING = 'review-shared-inner';
const COUNTERS = ['db-005', 'db-006'];
const POLL = 'bai-nhiem-long';
const MOTION = { kind: 'open', question: 'Bãi nhiệm đại biểu W', itemId: 'muc-5', secret: true } as const;

let m: SecretMeeting;

beforeAll(async () => {
  m = await startSecretMeeting(MEETING, 6);
  await checkInAll(m);
});
afterAll(async () => {
  await m.live.stop();
});

/** Counter `index`'s layer around `inner`, as common/voting/secret.ts addLayer makes it. */
async function layer(index: number, counterKey: string, inner: Uint8Array): Promise<Uint8Array> {
  const s = globalThis.crypto.subtle;
  const ecdh = { name: 'ECDH', namedCurve: 'P-256' } as const;
  const recipient = await s.importKey('raw', fromB64url(counterKey) as Uint8Array<ArrayBuffer>, ecdh, true, []);
  const eph = (await s.generateKey(ecdh, true, ['deriveBits'])) as CryptoKeyPair;
  const ephRaw = new Uint8Array(await s.exportKey('raw', eph.publicKey));
  const shared = new Uint8Array(await s.deriveBits({ name: 'ECDH', public: recipient }, eph.privateKey, 256));
  const key = await s.importKey('raw', (await hkdf(shared, POLL, LAYER_INFO, 32)) as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['encrypt']);
  const iv = randomBytes(12);
  const aad = utf8Encode(`${MEETING}/${POLL}/${index}`) as Uint8Array<ArrayBuffer>;
  const ct = new Uint8Array(await s.encrypt({ name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: aad }, key, inner as Uint8Array<ArrayBuffer>));
  return concatBytes(Uint8Array.of(LAYER_VERSION), ephRaw, iv, ct);
}

describe('two sealed ballots around one inner ballot', () => {
  it('end as two invalid lines; both counters post and the poll is counted', async () => {
    const draft = await createSecretPoll(m, POLL, MOTION, COUNTERS);
    for (const c of COUNTERS) expect((await ensureCounterKey(m.deps(c), draft)).ok).toBe(true);
    await ok(m, m.chair, { type: 'openPoll', pollId: POLL });
    const open = m.poll(POLL);
    const [k1, k2] = open.counters.map((c) => open.counterKeys[c] ?? '');
    const inner = await layer(1, k2 ?? '', padPlaintext(open.definition, 'no', newTracker()));
    const [a, b, ...honest] = delegateIds(m);
    for (const [i, who] of [a, b].entries()) {
      const sealed = toB64url(await layer(0, k1 ?? '', inner));
      const r = await send(m.live.url(), MEETING, m.member(who ?? '').token, { id: `shared-inner-ballot-${i}-${'0'.repeat(24)}`, type: 'castSealedBallot', pollId: POLL, sealed });
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
