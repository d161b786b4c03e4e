// Secret ballots that a voter can check (VOTING.md; COMMON.md "Secret ballot wire format"). WebCrypto only, so
// the same code seals on a phone, peels on a counter's laptop and verifies in Node.
//
//   plaintext  = canonical JSON {"choice":…,"tracker":"XXXX-XXXX"}, padded with spaces to plainSizeOf(def)
//   layer i    = 0x01 ‖ ephemeral P-256 public key (65) ‖ iv (12) ‖ AES-256-GCM(k, iv, inner, aad)
//                k   = HKDF-SHA-256(ECDH(ephemeral, counter i), salt = pollId, info = "council-ballot-layer")
//                aad = `${meetingId}/${pollId}/${i}`
//   sealed     = layer 0 (counters[0]) around layer 1 … around layer K-1 around the plaintext
//   ballotHash = hex SHA-256 of the sealed bytes
//
// Counter i (0-based) removes layer i from every ballot and shuffles (stage i+1); the last counter reads the
// plaintexts and publishes (tracker, choice) lines. Each counter's private key stays on their device as an
// exportable JWK (kept in the device's per-meeting records, which the device store protects like its other
// secrets), so it survives a reload and travels through IPC as plain JSON.
//
// The server signs three statements with its audit key (Ed25519), each with its own context prefix so no
// signature can pass for another kind (nor for an audit entry or head): the receipt of one ballot, the box
// published at close, and the trackers list published at count.
import { ed25519Verify, hkdf, randomBytes, sha256Hex } from '../pack/crypto.ts';
import { concatBytes, fromB64url, own, toB64url, utf8Decode, utf8Encode } from '../pack/encoding.ts';
import { canonicalJson } from '../live/canonicalJson.ts';
import { fail, ok, type Result } from '../result.ts';
import { OPEN_CHOICES, CONFIDENCE_LEVELS, confidenceBallotSchema, electionBallotSchema, OpenBallotSchema, type PollDefinition } from './choices.ts';
import type { PublishedBox, SecretChoice, TrackerLine } from './state.ts';

export const LAYER_VERSION = 0x01;
export const P256_PUBLIC_BYTES = 65;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** 1 + 65 + 12 + 16: what each counter's layer adds to a ballot. */
export const LAYER_OVERHEAD = 1 + P256_PUBLIC_BYTES + IV_BYTES + TAG_BYTES;
export const LAYER_INFO = 'council-ballot-layer';

export const RECEIPT_CONTEXT = 'council-ballot-receipt/1\n';
export const BOX_CONTEXT = 'council-ballot-box/1\n';
export const TRACKERS_CONTEXT = 'council-ballot-trackers/1\n';

/** 32 letters and digits that cannot be misread (no I, O, 0, 1): 5 bits each, 40 bits per tracker. */
export const TRACKER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const TRACKER_PATTERN = /^[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{4}-[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{4}$/;
const TRACKER_TEMPLATE = 'XXXX-XXXX';

const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available (an insecure http:// origin?)');
  return s;
}

/** Code-unit order: the same on every device, unlike localeCompare. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// ---- counters' keys

export interface CounterKeyPair {
  /** Raw uncompressed P-256 public key, base64url (87 characters): what registerCounterKey sends. */
  readonly publicKey: string;
  /** The private key as JWK: kept on the counter's device only. */
  readonly privateJwk: JsonWebKey;
}

export async function generateCounterKeyPair(): Promise<CounterKeyPair> {
  const pair = (await subtle().generateKey(ECDH, true, ['deriveBits'])) as CryptoKeyPair;
  const raw = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  return { publicKey: toB64url(raw), privateJwk: await subtle().exportKey('jwk', pair.privateKey) };
}

/** A counter key as people compare it aloud: the first 8 bytes of its SHA-256, as 4 groups of 4 hex digits. */
export async function keyFingerprint(publicKey: string): Promise<string> {
  const hex = await sha256Hex(fromB64url(publicKey) ?? new Uint8Array());
  return (hex.slice(0, 16).match(/.{4}/g) ?? []).join(' ').toUpperCase();
}

export function importCounterPrivateKey(jwk: JsonWebKey): Promise<CryptoKey> {
  return subtle().importKey('jwk', jwk, ECDH, false, ['deriveBits']);
}

async function importPublic(raw: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('raw', own(raw), ECDH, true, []);
}

// ---- sizes

/** The longest choice a valid ballot of this poll can carry, so every plaintext pads to the same size. */
function widestChoice(def: PollDefinition): SecretChoice {
  switch (def.kind) {
    case 'open':
      return [...OPEN_CHOICES].sort((a, b) => b.length - a.length)[0] ?? 'abstain';
    case 'election':
      return def.candidates
        .map((c) => c.id)
        .sort((a, b) => b.length - a.length)
        .slice(0, def.seats);
    case 'confidence': {
      const level = [...CONFIDENCE_LEVELS].sort((a, b) => b.length - a.length)[0] ?? 'medium';
      return Object.fromEntries(def.persons.map((p) => [p.id, level]));
    }
  }
}

const plainJson = (choice: SecretChoice, tracker: string): string => canonicalJson({ choice, tracker });

/** Bytes of every padded plaintext of this poll. */
export function plainSizeOf(def: PollDefinition): number {
  return utf8Encode(plainJson(widestChoice(def), TRACKER_TEMPLATE)).length;
}

/** Bytes of a ballot with `layers` layers still on (the box: layers = K). */
export function sizeWithLayers(def: PollDefinition, layers: number): number {
  return plainSizeOf(def) + LAYER_OVERHEAD * layers;
}

/** Bytes of every sealed ballot of this poll: the server refuses any other size (BALLOT_INVALID). */
export function sealedSizeOf(def: PollDefinition, counters: number): number {
  return sizeWithLayers(def, counters);
}

// ---- choices

/** The choice if it is valid for the poll, normalised (election marks in the candidates' order); else null. */
export function validChoice(def: PollDefinition, choice: unknown): SecretChoice | null {
  switch (def.kind) {
    case 'open': {
      const r = OpenBallotSchema.safeParse(choice);
      return r.success ? r.data : null;
    }
    case 'election': {
      const r = electionBallotSchema(def).safeParse(choice);
      if (!r.success) return null;
      const marked = new Set(r.data);
      return def.candidates.map((c) => c.id).filter((id) => marked.has(id));
    }
    case 'confidence': {
      const r = confidenceBallotSchema(def).safeParse(choice);
      return r.success ? r.data : null;
    }
  }
}

export const sameChoice = (a: SecretChoice | null, b: SecretChoice | null): boolean => canonicalJson(a) === canonicalJson(b);

// ---- trackers

/** 8 characters of TRACKER_ALPHABET (32 = 2^5, so a byte's low 5 bits are uniform), shown as XXXX-XXXX. */
export function newTracker(): string {
  const chars = [...randomBytes(8)].map((b) => TRACKER_ALPHABET[b & 31] ?? 'A').join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** What a voter typed ("abcd efgh", "ABCDEFGH") as a tracker, or undefined. */
export function normalizeTracker(typed: string): string | undefined {
  const chars = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const t = `${chars.slice(0, 4)}-${chars.slice(4)}`;
  return TRACKER_PATTERN.test(t) ? t : undefined;
}

// ---- layers

export interface LayerContext {
  readonly meetingId: string;
  readonly pollId: string;
}

const aadOf = (c: LayerContext, index: number): Uint8Array => utf8Encode(`${c.meetingId}/${c.pollId}/${index}`);

async function layerKey(privateKey: CryptoKey, publicKey: CryptoKey, pollId: string, usage: KeyUsage): Promise<CryptoKey> {
  const shared = new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256));
  const raw = await hkdf(shared, pollId, LAYER_INFO, 32);
  return subtle().importKey('raw', own(raw), { name: 'AES-GCM' }, false, [usage]);
}

/** Wraps `inner` in counter `index`'s layer. */
async function addLayer(c: LayerContext, counterPublicKey: string, index: number, inner: Uint8Array): Promise<Uint8Array> {
  const raw = fromB64url(counterPublicKey);
  if (!raw || raw.length !== P256_PUBLIC_BYTES) throw new Error(`counter key ${index} is not a raw P-256 public key`);
  const recipient = await importPublic(raw);
  const eph = (await subtle().generateKey(ECDH, true, ['deriveBits'])) as CryptoKeyPair;
  const ephRaw = new Uint8Array(await subtle().exportKey('raw', eph.publicKey));
  const key = await layerKey(eph.privateKey, recipient, c.pollId, 'encrypt');
  const iv = randomBytes(IV_BYTES);
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: own(aadOf(c, index)) }, key, own(inner)));
  return concatBytes(Uint8Array.of(LAYER_VERSION), ephRaw, iv, ct);
}

/** Removes counter `index`'s layer; null when it is not a layer for this key, poll and position (or was altered). */
export async function peelLayer(c: LayerContext, privateKey: CryptoKey, index: number, layer: Uint8Array): Promise<Uint8Array | null> {
  if (layer.length < LAYER_OVERHEAD || layer[0] !== LAYER_VERSION) return null;
  try {
    const eph = await importPublic(layer.subarray(1, 1 + P256_PUBLIC_BYTES));
    const key = await layerKey(privateKey, eph, c.pollId, 'decrypt');
    const iv = layer.subarray(1 + P256_PUBLIC_BYTES, 1 + P256_PUBLIC_BYTES + IV_BYTES);
    const ct = layer.subarray(1 + P256_PUBLIC_BYTES + IV_BYTES);
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: own(iv), additionalData: own(aadOf(c, index)) }, key, own(ct)));
  } catch {
    return null;
  }
}

// ---- sealing

export interface SealInput extends LayerContext {
  readonly definition: PollDefinition;
  /** The counters' public keys in poll.counters order. */
  readonly counterKeys: readonly string[];
  readonly choice: unknown;
  /** A tracker chosen before (a retry); absent: a new one. */
  readonly tracker?: string;
}

export interface SealedBallot {
  /** base64url of the sealed bytes: what castSealedBallot sends. */
  readonly sealed: string;
  readonly ballotHash: string;
  readonly tracker: string;
  /** The normalised choice that was sealed. */
  readonly choice: SecretChoice;
}

export function padPlaintext(def: PollDefinition, choice: SecretChoice, tracker: string): Uint8Array {
  const size = plainSizeOf(def);
  const text = plainJson(choice, tracker);
  const bytes = utf8Encode(text);
  if (bytes.length > size) throw new Error('a ballot longer than the poll allows');
  return utf8Encode(text + ' '.repeat(size - bytes.length));
}

export async function ballotHashOf(sealed: Uint8Array): Promise<string> {
  return sha256Hex(sealed);
}

export async function sealBallot(input: SealInput): Promise<Result<SealedBallot>> {
  const choice = validChoice(input.definition, input.choice);
  if (choice === null) return fail('BALLOT_INVALID', 'the choice is not valid for this poll');
  const k = input.counterKeys.length;
  if (k < 1) return fail('COUNTER_KEYS_MISSING', 'the poll has no counter keys');
  const tracker = input.tracker ?? newTracker();
  if (!TRACKER_PATTERN.test(tracker)) return fail('BALLOT_INVALID', 'not a tracker');
  let bytes = padPlaintext(input.definition, choice, tracker);
  for (let i = k - 1; i >= 0; i--) bytes = await addLayer(input, input.counterKeys[i] ?? '', i, bytes);
  return ok({ sealed: toB64url(bytes), ballotHash: await ballotHashOf(bytes), tracker, choice });
}

// ---- a counter's stage

/** Crypto-random Fisher–Yates; rejection sampling keeps every permutation equally likely. */
export function shuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  const word = new Uint32Array(1);
  for (let i = out.length - 1; i > 0; i--) {
    const n = i + 1;
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    let r: number;
    do {
      globalThis.crypto.getRandomValues(word);
      r = word[0] ?? 0;
    } while (r >= limit);
    const j = r % n;
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/** The tracker given to a line whose ballot could not be opened or read: it counts as phiếu không hợp lệ. */
export const UNREADABLE_TRACKER = '';

/** Reads a padded plaintext; an unreadable one gives an invalid line. */
export function readPlaintext(bytes: Uint8Array): TrackerLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8Decode(bytes).trimEnd());
  } catch {
    return { tracker: UNREADABLE_TRACKER, choice: null };
  }
  if (typeof parsed !== 'object' || parsed === null) return { tracker: UNREADABLE_TRACKER, choice: null };
  const { tracker, choice } = parsed as { tracker?: unknown; choice?: unknown };
  if (typeof tracker !== 'string' || !TRACKER_PATTERN.test(tracker)) return { tracker: UNREADABLE_TRACKER, choice: null };
  return { tracker, choice: (choice ?? null) as SecretChoice | null };
}

export interface StageInput extends LayerContext {
  readonly definition: PollDefinition;
  /** K, the poll's number of counters. */
  readonly counters: number;
  /** 0-based position of this counter in poll.counters. */
  readonly index: number;
}

export type StageOutput = { readonly kind: 'ballots'; readonly ballots: readonly string[] } | { readonly kind: 'lines'; readonly lines: readonly TrackerLine[] };

/**
 * Counter `index` removes its layer from every ballot (base64url) and shuffles; the last counter returns the
 * (tracker, choice) lines sorted by tracker. A ballot this key cannot open is passed on as random bytes of
 * the right size (so the next counters keep the count), and ends as an invalid line.
 */
export async function runCounterStage(s: StageInput, inputs: readonly string[], privateKey: CryptoKey): Promise<Result<StageOutput>> {
  const isLast = s.index === s.counters - 1;
  const expected = sizeWithLayers(s.definition, s.counters - s.index);
  const innerSize = expected - LAYER_OVERHEAD;
  const peeled: (Uint8Array | null)[] = [];
  for (const text of inputs) {
    const bytes = fromB64url(text);
    if (!bytes || bytes.length !== expected) return fail('BALLOT_INVALID', `a ballot of stage ${s.index} has the wrong size`);
    const inner = await peelLayer(s, privateKey, s.index, bytes);
    peeled.push(inner && inner.length === innerSize ? inner : null);
  }
  if (isLast) {
    const read = peeled.map((p) => (p ? readPlaintext(p) : { tracker: UNREADABLE_TRACKER, choice: null }));
    // A tracker on two ballots (voters who agreed on one) would have the stage refused for good (the server
    // refuses a tracker twice, against a counter copying a line): each such ballot is a phiếu không hợp lệ.
    const seen = new Map<string, number>();
    for (const l of read) seen.set(l.tracker, (seen.get(l.tracker) ?? 0) + 1);
    const lines = read.map((l) => (l.tracker !== UNREADABLE_TRACKER && (seen.get(l.tracker) ?? 0) > 1 ? { tracker: UNREADABLE_TRACKER, choice: null } : l));
    return ok({ kind: 'lines', lines: sortLines(lines) });
  }
  // Two ballots that peel to the same bytes (voters who wrapped one inner ballot twice) would have the stage
  // refused for good (the server refuses a ballot twice, against a counter copying one): each goes on unreadable.
  const texts = peeled.map((p) => (p ? toB64url(p) : null));
  const times = new Map<string, number>();
  for (const t of texts) if (t !== null) times.set(t, (times.get(t) ?? 0) + 1);
  const ballots = shuffle(texts.map((t) => (t !== null && times.get(t) === 1 ? t : toB64url(randomBytes(innerSize)))));
  return ok({ kind: 'ballots', ballots });
}

// ---- published lists and their signatures

export const sortLines = (lines: readonly TrackerLine[]): TrackerLine[] =>
  [...lines].sort((a, b) => byCodeUnit(a.tracker, b.tracker) || byCodeUnit(canonicalJson(a.choice), canonicalJson(b.choice)));

/** SHA-256 (hex) over the sorted ballot hashes joined by "\n". */
export function boxDigest(sortedHashes: readonly string[]): Promise<string> {
  return sha256Hex(utf8Encode(sortedHashes.join('\n')));
}

/** SHA-256 (hex) of the canonical JSON of the lines, sorted by tracker. */
export function trackersDigest(lines: readonly TrackerLine[]): Promise<string> {
  return sha256Hex(utf8Encode(canonicalJson(sortLines(lines))));
}

/** SHA-256 (hex) of a stage's canonical JSON content: what the audit entry of the stage records. */
export function stageDigest(content: StageOutput): Promise<string> {
  return sha256Hex(utf8Encode(canonicalJson(content.kind === 'ballots' ? { ballots: content.ballots } : { lines: content.lines })));
}

export interface ReceiptStatement {
  readonly meetingId: string;
  readonly pollId: string;
  readonly ballotHash: string;
}
export const receiptSignedBytes = (r: ReceiptStatement): Uint8Array =>
  utf8Encode(RECEIPT_CONTEXT + canonicalJson({ ballotHash: r.ballotHash, meetingId: r.meetingId, pollId: r.pollId }));

export interface BoxStatement {
  readonly meetingId: string;
  readonly pollId: string;
  readonly count: number;
  readonly digest: string;
}
export const boxSignedBytes = (b: BoxStatement): Uint8Array =>
  utf8Encode(BOX_CONTEXT + canonicalJson({ count: b.count, digest: b.digest, meetingId: b.meetingId, pollId: b.pollId }));

export interface TrackersStatement {
  readonly meetingId: string;
  readonly pollId: string;
  readonly count: number;
  readonly trackersDigest: string;
}
export const trackersSignedBytes = (t: TrackersStatement): Uint8Array =>
  utf8Encode(TRACKERS_CONTEXT + canonicalJson({ count: t.count, meetingId: t.meetingId, pollId: t.pollId, trackersDigest: t.trackersDigest }));

async function signed(publicKey: string, signature: string, bytes: Uint8Array): Promise<boolean> {
  const sig = fromB64url(signature);
  return sig !== null && ed25519Verify(publicKey, sig, bytes);
}

export function verifyReceipt(r: ReceiptStatement & { readonly signature: string }, auditPublicKey: string): Promise<boolean> {
  return signed(auditPublicKey, r.signature, receiptSignedBytes(r));
}

/** GET pollBox: the box as published at close. */
export interface BoxListing extends PublishedBox {
  readonly meetingId: string;
  readonly pollId: string;
  /** Sorted ballot hashes. */
  readonly hashes: readonly string[];
  /** The sealed ballots (base64url), in the order of `hashes`. */
  readonly ballots: readonly string[];
}

export type BoxProblem = 'bad-signature' | 'wrong-poll' | 'not-sorted' | 'count-mismatch' | 'digest-mismatch' | 'hash-mismatch';

/** Everything a device can check of a published box; an empty list means it holds. */
export async function verifyBox(box: BoxListing, expect: LayerContext, auditPublicKey: string): Promise<BoxProblem[]> {
  const problems: BoxProblem[] = [];
  if (box.meetingId !== expect.meetingId || box.pollId !== expect.pollId) problems.push('wrong-poll');
  if (!(await signed(auditPublicKey, box.signature, boxSignedBytes({ ...expect, count: box.count, digest: box.digest })))) problems.push('bad-signature');
  if (box.hashes.some((h, i) => i > 0 && byCodeUnit(box.hashes[i - 1] ?? '', h) >= 0)) problems.push('not-sorted');
  if (box.hashes.length !== box.count || box.ballots.length !== box.count) problems.push('count-mismatch');
  if ((await boxDigest(box.hashes)) !== box.digest) problems.push('digest-mismatch');
  for (let i = 0; i < box.ballots.length; i++) {
    const bytes = fromB64url(box.ballots[i] ?? '');
    if (!bytes || (await ballotHashOf(bytes)) !== box.hashes[i]) {
      problems.push('hash-mismatch');
      break;
    }
  }
  return problems;
}

/** GET pollTrackers: the lines the last counter published, as the server signed them. */
export interface TrackersListing {
  readonly meetingId: string;
  readonly pollId: string;
  readonly count: number;
  readonly lines: readonly TrackerLine[];
  readonly trackersDigest: string;
  readonly signature: string;
}

export async function verifyTrackers(t: TrackersListing, expect: LayerContext, auditPublicKey: string): Promise<boolean> {
  if (t.meetingId !== expect.meetingId || t.pollId !== expect.pollId || t.lines.length !== t.count) return false;
  if ((await trackersDigest(t.lines)) !== t.trackersDigest) return false;
  return signed(auditPublicKey, t.signature, trackersSignedBytes({ ...expect, count: t.count, trackersDigest: t.trackersDigest }));
}

/** The voter's line(s): more than one means someone duplicated a ballot. */
export function findMyLine(lines: readonly TrackerLine[], tracker: string): TrackerLine[] {
  return lines.filter((l) => l.tracker === tracker);
}
