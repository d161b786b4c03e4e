// Review (issue 7): one voter of a large secret confidence poll seals a plaintext whose `choice` is an array
// nested a few thousand deep — it fits the poll's padded size, and the server cannot look inside a sealed
// ballot. The honest counter's device opens it and posts the (tracker, choice) lines as they are; the server
// must count that ballot as phiếu không hợp lệ, not answer every post of the last stage with a 500 (a stack
// overflow in canonicalJson while it computes the stage's text), which would leave the poll untallied forever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathTo, ROUTES } from '../../../common/api/routes.ts';
import { hkdf, randomBytes } from '../../../common/pack/crypto.ts';
import { concatBytes, fromB64url, toB64url, utf8Encode } from '../../../common/pack/encoding.ts';
import { PollDefinitionSchema } from '../../../common/voting/choices.ts';
import { LAYER_INFO, LAYER_VERSION, newTracker, plainSizeOf } from '../../../common/voting/secret.ts';
import { castSecret, ensureCounterKey, runMyStage } from '../../../common/voting/secretClient.ts';
import { nextCommandId, send } from '../live/liveHarness.ts';
import { checkInAll, createSecretPoll, delegateIds, ok, startSecretMeeting, type SecretMeeting } from '../voting-secret/secretHarness.ts';

const MEETING = 'review-stage-depth';
const COUNTER = 'db-002';
const POLL = 'tin-nhiem-sau';
const persons = Array.from({ length: 100 }, (_, i) => ({ id: `nguoi-${String(i).padStart(3, '0')}-${'x'.repeat(30)}`, name: `Người ${i}` }));
const DEFINITION = { kind: 'confidence', question: 'Lấy phiếu tín nhiệm', itemId: 'muc-9', persons } as const;

let m: SecretMeeting;

beforeAll(async () => {
  m = await startSecretMeeting(MEETING, 4);
  await checkInAll(m);
});
afterAll(async () => {
  await m.live.stop();
});

/** One layer (K = 1) for counter 0, as common/voting/secret.ts addLayer makes it, around any plaintext. */
async function sealRaw(plain: Uint8Array, counterKey: string): Promise<string> {
  const s = globalThis.crypto.subtle;
  const ecdh = { name: 'ECDH', namedCurve: 'P-256' } as const;
  const recipient = await s.importKey('raw', fromB64url(counterKey) as Uint8Array<ArrayBuffer>, ecdh, true, []);
  const eph = (await s.generateKey(ecdh, true, ['deriveBits'])) as CryptoKeyPair;
  const ephRaw = new Uint8Array(await s.exportKey('raw', eph.publicKey));
  const shared = new Uint8Array(await s.deriveBits({ name: 'ECDH', public: recipient }, eph.privateKey, 256));
  const key = await s.importKey('raw', (await hkdf(shared, POLL, LAYER_INFO, 32)) as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['encrypt']);
  const iv = randomBytes(12);
  const ct = new Uint8Array(await s.encrypt({ name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: utf8Encode(`${MEETING}/${POLL}/0`) as Uint8Array<ArrayBuffer> }, key, plain as Uint8Array<ArrayBuffer>));
  return toB64url(concatBytes(Uint8Array.of(LAYER_VERSION), ephRaw, iv, ct));
}

describe('a sealed ballot whose choice is nested thousands deep', () => {
  it('ends as one invalid line; the honest counter counts the poll', async () => {
    const draft = await createSecretPoll(m, POLL, DEFINITION, [COUNTER]);
    expect((await ensureCounterKey(m.deps(COUNTER), draft)).ok).toBe(true);
    await ok(m, m.chair, { type: 'openPoll', pollId: POLL });
    const open = m.poll(POLL);
    const [crafty, ...honest] = delegateIds(m);
    const size = plainSizeOf(PollDefinitionSchema.parse(DEFINITION));
    const head = '{"choice":';
    const tail = `,"tracker":"${newTracker()}"}`;
    const depth = Math.floor((size - head.length - tail.length) / 2);
    expect(depth).toBeGreaterThan(2500);
    const text = `${head}${'['.repeat(depth)}${']'.repeat(depth)}${tail}`;
    const plain = utf8Encode(text + ' '.repeat(size - text.length));
    const sealed = await sealRaw(plain, open.counterKeys[COUNTER] ?? '');
    const crafted = await send(m.live.url(), MEETING, m.member(crafty ?? '').token, { id: `${nextCommandId()}-${'0'.repeat(32)}`.slice(0, 64), type: 'castSealedBallot', pollId: POLL, sealed });
    expect(crafted.status).toBe(200);
    const level = Object.fromEntries(persons.map((p) => [p.id, 'high']));
    for (const v of honest) expect((await castSecret(m.deps(v), open, level)).ok).toBe(true);
    await ok(m, m.chair, { type: 'closePoll', pollId: POLL });
    const stage = await runMyStage(m.deps(COUNTER), m.poll(POLL));
    expect(stage.ok ? 'counted' : stage.error).toBe('counted');
    expect(m.poll(POLL).status).toBe('counted');
    const listing = (await (await fetch(m.live.url() + pathTo(ROUTES.pollTrackers, { meetingId: MEETING, pollId: POLL }), { headers: { authorization: `Bearer ${m.chair.token}` } })).json()) as {
      value: { count: number; lines: { choice: unknown }[] };
    };
    expect(listing.value.count).toBe(4);
    expect(listing.value.lines.filter((l) => l.choice === null)).toHaveLength(1);
  });
});
