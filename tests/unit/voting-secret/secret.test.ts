// The secret-ballot crypto (common/voting/secret.ts) with real WebCrypto: layers open only for the right
// counter, in the right order, for the right poll; a flipped byte fails; sizes do not depend on the choice;
// the published lists and their signatures are checked.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromB64url, toB64url } from '../../../common/pack/encoding.ts';
import { PollDefinitionSchema, type PollDefinition } from '../../../common/voting/choices.ts';
import {
  boxDigest,
  boxSignedBytes,
  findMyLine,
  generateCounterKeyPair,
  importCounterPrivateKey,
  newTracker,
  normalizeTracker,
  peelLayer,
  plainSizeOf,
  readPlaintext,
  receiptSignedBytes,
  runCounterStage,
  sealBallot,
  sealedSizeOf,
  shuffle,
  TRACKER_PATTERN,
  trackersDigest,
  trackersSignedBytes,
  validChoice,
  verifyBox,
  verifyReceipt,
  verifyTrackers,
  type BoxListing,
  type CounterKeyPair,
  type SealedBallot,
} from '../../../common/voting/secret.ts';
import type { TrackerLine } from '../../../common/voting/state.ts';

const CTX = { meetingId: 'ky-hop-1', pollId: 'p-bau' };
const ELECTION: PollDefinition = PollDefinitionSchema.parse({
  kind: 'election',
  question: 'Bầu Phó Chủ tịch HĐND',
  itemId: 'i1',
  seats: 2,
  candidates: [
    { id: 'nguyen-van-a', name: 'Nguyễn Văn A' },
    { id: 'b', name: 'Trần Thị B' },
    { id: 'le-c', name: 'Lê Văn C' },
  ],
});
const CONFIDENCE: PollDefinition = PollDefinitionSchema.parse({
  kind: 'confidence',
  question: 'Lấy phiếu tín nhiệm',
  itemId: 'i2',
  persons: [
    { id: 'chu-tich', name: 'Phạm Văn D' },
    { id: 'pct', name: 'Hoàng Thị E' },
  ],
});
const OPEN_SECRET: PollDefinition = PollDefinitionSchema.parse({ kind: 'open', question: 'Bãi nhiệm', itemId: 'i3', secret: true });

async function keys(n: number): Promise<{ pairs: CounterKeyPair[]; privs: CryptoKey[] }> {
  const pairs = await Promise.all(Array.from({ length: n }, () => generateCounterKeyPair()));
  return { pairs, privs: await Promise.all(pairs.map((p) => importCounterPrivateKey(p.privateJwk))) };
}

async function seal(def: PollDefinition, pairs: CounterKeyPair[], choice: unknown): Promise<SealedBallot> {
  const r = await sealBallot({ ...CTX, definition: def, counterKeys: pairs.map((p) => p.publicKey), choice });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function runAll(def: PollDefinition, privs: CryptoKey[], sealed: string[]): Promise<TrackerLine[]> {
  let ballots = sealed;
  for (let i = 0; i < privs.length; i++) {
    const r = await runCounterStage({ ...CTX, definition: def, counters: privs.length, index: i }, ballots, privs[i] as CryptoKey);
    if (!r.ok) throw new Error(r.error.message);
    if (r.value.kind === 'lines') return [...r.value.lines];
    ballots = [...r.value.ballots];
  }
  throw new Error('no lines');
}

describe('trackers', () => {
  it('are XXXX-XXXX from the unambiguous alphabet and differ', () => {
    const seen = new Set(Array.from({ length: 500 }, () => newTracker()));
    expect(seen.size).toBe(500);
    for (const t of seen) expect(t).toMatch(TRACKER_PATTERN);
    expect([...seen].join('')).not.toMatch(/[IO01]/);
  });
  it('normalise what a voter types', () => {
    expect(normalizeTracker(' abcd efgh ')).toBe('ABCD-EFGH');
    expect(normalizeTracker('ABCD-EFG')).toBeUndefined();
    expect(normalizeTracker('ABCD-EFG0')).toBeUndefined();
  });
});

describe('sizes', () => {
  it('every ballot of a poll has the same size whatever the choice', async () => {
    const { pairs } = await keys(3);
    const choices: [PollDefinition, unknown[]][] = [
      [ELECTION, [[], ['b'], ['nguyen-van-a', 'le-c'], ['le-c', 'b']]],
      [CONFIDENCE, [{ 'chu-tich': 'high', pct: 'low' }, { 'chu-tich': 'medium', pct: 'medium' }]],
      [OPEN_SECRET, ['yes', 'no', 'abstain']],
    ];
    for (const [def, list] of choices) {
      const sizes = new Set<number>();
      for (const c of list) sizes.add(fromB64url((await seal(def, pairs, c)).sealed)?.length ?? -1);
      expect([...sizes]).toEqual([sealedSizeOf(def, 3)]);
      expect(sealedSizeOf(def, 3)).toBe(plainSizeOf(def) + 3 * 94);
    }
  });
  it('an invalid choice is refused before sealing', async () => {
    const { pairs } = await keys(1);
    const r = await sealBallot({ ...CTX, definition: ELECTION, counterKeys: pairs.map((p) => p.publicKey), choice: ['b', 'le-c', 'nguyen-van-a'] });
    expect(r.ok).toBe(false);
    expect(validChoice(ELECTION, ['zz'])).toBeNull();
    expect(validChoice(ELECTION, ['le-c', 'nguyen-van-a'])).toEqual(['nguyen-van-a', 'le-c']);
    expect(validChoice(CONFIDENCE, { 'chu-tich': 'high' })).toBeNull();
  });
});

describe('layers', () => {
  it('three counters in order open every ballot; each voter finds their line', async () => {
    const { pairs, privs } = await keys(3);
    const cast = await Promise.all(Array.from({ length: 12 }, (_, i) => seal(OPEN_SECRET, pairs, (['yes', 'no', 'abstain'] as const)[i % 3])));
    const lines = await runAll(OPEN_SECRET, privs, shuffle(cast.map((c) => c.sealed)));
    expect(lines).toHaveLength(12);
    expect(lines.map((l) => l.tracker)).toEqual([...lines.map((l) => l.tracker)].sort());
    for (const c of cast) expect(findMyLine(lines, c.tracker)).toEqual([{ tracker: c.tracker, choice: c.choice }]);
  });

  it('a flipped byte anywhere fails the layer; the wrong counter, order or poll cannot open it', async () => {
    const { pairs, privs } = await keys(2);
    const b = await seal(CONFIDENCE, pairs, { 'chu-tich': 'high', pct: 'low' });
    const bytes = fromB64url(b.sealed) as Uint8Array;
    const p0 = privs[0] as CryptoKey;
    const p1 = privs[1] as CryptoKey;
    expect(await peelLayer(CTX, p0, 0, bytes)).not.toBeNull();
    for (const at of [0, 1, 40, 66, 70, 78, bytes.length - 1, Math.floor(bytes.length / 2)]) {
      const bad = bytes.slice();
      bad[at] = (bad[at] ?? 0) ^ 0x01;
      expect(await peelLayer(CTX, p0, 0, bad), `byte ${at}`).toBeNull();
    }
    expect(await peelLayer(CTX, p1, 0, bytes)).toBeNull(); // counter 1's key on counter 0's layer
    expect(await peelLayer(CTX, p0, 1, bytes)).toBeNull(); // right key, wrong position
    expect(await peelLayer({ ...CTX, pollId: 'p-khac' }, p0, 0, bytes)).toBeNull(); // another poll
    expect(await peelLayer({ ...CTX, meetingId: 'khac' }, p0, 0, bytes)).toBeNull();
    // Wrong order: counter 1 cannot go first.
    const r = await runCounterStage({ ...CTX, definition: CONFIDENCE, counters: 2, index: 1 }, [b.sealed], p1);
    expect(r.ok).toBe(false); // the size says it still has two layers
  });

  it('a ballot the counter cannot open ends as an invalid line, the count kept', async () => {
    const { pairs, privs } = await keys(2);
    const good = await seal(OPEN_SECRET, pairs, 'yes');
    const junk = toB64url(crypto.randomBytes(sealedSizeOf(OPEN_SECRET, 2)));
    const lines = await runAll(OPEN_SECRET, privs, [good.sealed, junk]);
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual({ tracker: good.tracker, choice: 'yes' });
    expect(lines).toContainEqual({ tracker: '', choice: null });
    expect(readPlaintext(new TextEncoder().encode('{"choice":"yes"}   '))).toEqual({ tracker: '', choice: null });
  });

  it('intermediate stages are shuffled (not the input order, over many ballots)', async () => {
    const { pairs, privs } = await keys(2);
    const cast = await Promise.all(Array.from({ length: 40 }, () => seal(OPEN_SECRET, pairs, 'yes')));
    const r = await runCounterStage({ ...CTX, definition: OPEN_SECRET, counters: 2, index: 0 }, cast.map((c) => c.sealed), privs[0] as CryptoKey);
    if (!r.ok || r.value.kind !== 'ballots') throw new Error('stage 1');
    // Follow each ballot through: counter 1 opening output j must give the tracker of the input at j otherwise.
    const trackers: string[] = [];
    for (const text of r.value.ballots) {
      const inner = await peelLayer(CTX, privs[1] as CryptoKey, 1, fromB64url(text) as Uint8Array);
      trackers.push(readPlaintext(inner as Uint8Array).tracker);
    }
    expect(new Set(trackers)).toEqual(new Set(cast.map((c) => c.tracker)));
    expect(trackers).not.toEqual(cast.map((c) => c.tracker)); // 1/40! chance of a false failure
  });
});

describe('signed statements', () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const pub = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
  const sign = (bytes: Uint8Array): string => crypto.sign(null, bytes, privateKey).toString('base64url');

  it('a receipt verifies for its hash only', async () => {
    const r = { ...CTX, ballotHash: 'ab'.repeat(32) };
    const signature = sign(receiptSignedBytes(r));
    expect(await verifyReceipt({ ...r, signature }, pub)).toBe(true);
    expect(await verifyReceipt({ ...r, ballotHash: 'cd'.repeat(32), signature }, pub)).toBe(false);
    expect(await verifyReceipt({ ...r, pollId: 'other', signature }, pub)).toBe(false);
  });

  it('a published box: signature, order, count, digest and each hash are checked', async () => {
    const { pairs } = await keys(1);
    const cast = await Promise.all(Array.from({ length: 5 }, () => seal(OPEN_SECRET, pairs, 'no')));
    const sorted = [...cast].sort((a, b) => (a.ballotHash < b.ballotHash ? -1 : 1));
    const hashes = sorted.map((c) => c.ballotHash);
    const digest = await boxDigest(hashes);
    const box: BoxListing = { ...CTX, count: 5, digest, signature: sign(boxSignedBytes({ ...CTX, count: 5, digest })), hashes, ballots: sorted.map((c) => c.sealed) };
    expect(await verifyBox(box, CTX, pub)).toEqual([]);
    // A dropped ballot: the count and the digest no longer hold.
    const dropped = { ...box, hashes: hashes.slice(1), ballots: box.ballots.slice(1) };
    expect(await verifyBox(dropped, CTX, pub)).toEqual(expect.arrayContaining(['count-mismatch', 'digest-mismatch']));
    // A re-signed box without one ballot is consistent, but the voter's hash is not in it: checkMyBallot sees that.
    expect(dropped.hashes).not.toContain(hashes[0]);
    const swapped = { ...box, ballots: [box.ballots[1] ?? '', box.ballots[0] ?? '', ...box.ballots.slice(2)] };
    expect(await verifyBox(swapped, CTX, pub)).toContain('hash-mismatch');
    expect(await verifyBox({ ...box, count: 6 }, CTX, pub)).toEqual(expect.arrayContaining(['bad-signature', 'count-mismatch']));
    expect(await verifyBox(box, { ...CTX, pollId: 'x' }, pub)).toEqual(expect.arrayContaining(['wrong-poll', 'bad-signature']));
  });

  it('a trackers list verifies, an altered line does not', async () => {
    const lines: TrackerLine[] = [
      { tracker: 'AAAA-BBBB', choice: 'yes' },
      { tracker: 'CCCC-DDDD', choice: 'no' },
    ];
    const d = await trackersDigest(lines);
    const t = { ...CTX, count: 2, lines, trackersDigest: d, signature: sign(trackersSignedBytes({ ...CTX, count: 2, trackersDigest: d })) };
    expect(await verifyTrackers(t, CTX, pub)).toBe(true);
    expect(await verifyTrackers({ ...t, lines: [lines[0] as TrackerLine, { tracker: 'CCCC-DDDD', choice: 'yes' }] }, CTX, pub)).toBe(false);
  });
});
