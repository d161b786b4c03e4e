// The device side of secret ballots (VOTING.md "Secret ballots that a voter can check"), over a fetch function
// and the member's credentials: a counter makes and registers their key and later runs their stage; a voter
// seals, sends and keeps their ballot, and checks it in the published box and in the trackers list.
//
// What the device keeps (DeviceRecords, per meeting; the platform backs them with its device store):
//   'counter-key'   pollId → {publicKey, privateJwk, commandId}   the counter's private key: never sent
//   'counter-stage' pollId → {stage, body}                          the stage as first posted (a retry re-posts it)
//   'secret-ballot' pollId → SecretBallotRecord                     written BEFORE the ballot is sent, so a retry
//                                                                   after a reload sends the very same ballot
import { ROUTES, pathTo } from '../api/routes.ts';
import { randomBytes } from '../pack/crypto.ts';
import { toHex } from '../pack/encoding.ts';
import type { ErrorValue, Result } from '../result.ts';
import { isErrorCode } from '../errors.ts';
import type { Poll, PublishedBox, SecretChoice, TrackerLine } from './state.ts';
import {
  findMyLine,
  generateCounterKeyPair,
  importCounterPrivateKey,
  runCounterStage,
  sameChoice,
  sealBallot,
  verifyBox,
  verifyReceipt,
  verifyTrackers,
  type BoxListing,
  type BoxProblem,
  type TrackersListing,
} from './secret.ts';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** Per-meeting device records (strings): the platform's records API, or memoryRecords() in tests. */
export interface DeviceRecords {
  get(kind: string, key: string): Promise<string | undefined>;
  put(kind: string, key: string, value: string): Promise<void>;
}

export function memoryRecords(): DeviceRecords & { readonly entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: (kind, key) => Promise.resolve(entries.get(`${kind}/${key}`)),
    put: (kind, key, value) => {
      entries.set(`${kind}/${key}`, value);
      return Promise.resolve();
    },
  };
}

export const RECORD_KINDS = { counterKey: 'counter-key', counterStage: 'counter-stage', ballot: 'secret-ballot' } as const;

export interface SecretDeps {
  readonly fetch: FetchLike;
  readonly server: string;
  readonly token: string;
  readonly meetingId: string;
  readonly delegateId: string;
  readonly records: DeviceRecords;
  /** The server's audit key as pinned by this device (GET ROUTES.auditKey when it joined). */
  readonly auditPublicKey: string;
}

export interface SecretBallotRecord {
  readonly pollId: string;
  readonly tracker: string;
  readonly ballotHash: string;
  readonly commandId: string;
  readonly choice: SecretChoice;
  readonly sealed: string;
  /** The server's signed acknowledgement, once it answered. */
  readonly receipt?: { readonly ballotHash: string; readonly signature: string };
}

interface CounterKeyRecord {
  readonly publicKey: string;
  readonly privateJwk: JsonWebKey;
  readonly commandId: string;
}

const err = (code: ErrorValue['code'], message: string): { ok: false; error: ErrorValue } => ({ ok: false, error: { code, message } });
const newCommandId = (): string => toHex(randomBytes(16));

// ---- HTTP

async function call<T>(deps: SecretDeps, path: string, init?: { method: 'POST'; body: unknown }): Promise<Result<T>> {
  let res: Response;
  try {
    res = await deps.fetch(`${deps.server.replace(/\/+$/, '')}${path}`, {
      method: init?.method ?? 'GET',
      headers: { authorization: `Bearer ${deps.token}`, ...(init ? { 'content-type': 'application/json' } : {}) },
      ...(init ? { body: JSON.stringify(init.body) } : {}),
      cache: 'no-store',
    });
  } catch (e) {
    return err('NETWORK', e instanceof Error ? e.message : 'fetch failed');
  }
  const body = (await res.json().catch(() => undefined)) as { ok?: boolean; value?: T; error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
  if (res.ok && body?.ok === true) return { ok: true, value: body.value as T };
  const code = isErrorCode(body?.error?.code) ? body.error.code : 'INTERNAL';
  const message = typeof body?.error?.message === 'string' ? body.error.message : `HTTP ${res.status}`;
  return err(code, message);
}

const command = <T>(deps: SecretDeps, body: Record<string, unknown>): Promise<Result<T>> =>
  call<T>(deps, pathTo(ROUTES.commands, { meetingId: deps.meetingId }), { method: 'POST', body });

const pollPath = (deps: SecretDeps, pattern: typeof ROUTES.pollBox | typeof ROUTES.pollTrackers, pollId: string): string =>
  pathTo(pattern, { meetingId: deps.meetingId, pollId });
const stagePath = (deps: SecretDeps, pollId: string, stage: number): string => pathTo(ROUTES.pollStage, { meetingId: deps.meetingId, pollId, stage: String(stage) });

async function readJson<T>(records: DeviceRecords, kind: string, key: string): Promise<T | undefined> {
  const text = await records.get(kind, key);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

// ---- counters

/**
 * Makes this counter's key pair once per poll (the private key stays in the device records) and registers the
 * public key (registerCounterKey, retry-safe). Call while the poll is a draft and this member is a counter.
 */
export async function ensureCounterKey(deps: SecretDeps, poll: Poll): Promise<Result<{ publicKey: string; registered: boolean }>> {
  if (!poll.counters.includes(deps.delegateId)) return err('NOT_COUNTER', 'only a counter of this poll makes a key');
  let rec = await readJson<CounterKeyRecord>(deps.records, RECORD_KINDS.counterKey, poll.id);
  if (!rec) {
    const pair = await generateCounterKeyPair();
    rec = { publicKey: pair.publicKey, privateJwk: pair.privateJwk, commandId: `ck-${newCommandId()}` };
    await deps.records.put(RECORD_KINDS.counterKey, poll.id, JSON.stringify(rec));
  }
  if (poll.counterKeys[deps.delegateId] === rec.publicKey) return { ok: true, value: { publicKey: rec.publicKey, registered: true } };
  const sent = await command(deps, { id: rec.commandId, type: 'registerCounterKey', pollId: poll.id, publicKey: rec.publicKey });
  return sent.ok ? { ok: true, value: { publicKey: rec.publicKey, registered: true } } : sent;
}

/**
 * Whether the poll carries this device's key for this counter: 'mine'; 'other' (a different key — the poll
 * must not be used: ballots would be sealed to a key this counter does not hold, perhaps the server's);
 * 'missing' (not registered yet); 'no-key' (this device holds none). A counter's screen checks it again once
 * the poll is open, and says 'other' loudly.
 */
export async function counterKeyCheck(deps: Pick<SecretDeps, 'records' | 'delegateId'>, poll: Poll): Promise<'mine' | 'other' | 'missing' | 'no-key'> {
  const rec = await readJson<CounterKeyRecord>(deps.records, RECORD_KINDS.counterKey, poll.id);
  const registered = poll.counterKeys[deps.delegateId];
  if (!rec) return 'no-key';
  if (registered === undefined) return 'missing';
  return registered === rec.publicKey ? 'mine' : 'other';
}

/** Whether it is this counter's turn: stage s = position + 1 comes after s-1 stages. */
export function stageTurn(poll: Pick<Poll, 'counters' | 'status'>, delegateId: string, stagesDone: number): 'not-counter' | 'wait' | 'mine' | 'done' {
  const i = poll.counters.indexOf(delegateId);
  if (i < 0) return 'not-counter';
  if (stagesDone > i) return 'done';
  return poll.status === 'tallying' && stagesDone === i ? 'mine' : 'wait';
}

interface StageAnswer {
  readonly stage: number;
  readonly done: number;
  readonly ballots?: readonly string[];
  readonly lines?: readonly TrackerLine[];
}

/** How many stages the server holds (GET stage 0 answers it with the box). */
export async function stagesDone(deps: SecretDeps, pollId: string): Promise<Result<number>> {
  const r = await call<StageAnswer>(deps, stagePath(deps, pollId, 0));
  return r.ok ? { ok: true, value: r.value.done } : r;
}

export interface StageRun {
  readonly stage: number;
  readonly count: number;
  readonly last: boolean;
}

/** Runs this counter's stage: takes the stage before (checking the signed box first, for the first counter), peels, shuffles, posts. */
export async function runMyStage(deps: SecretDeps, poll: Poll): Promise<Result<StageRun>> {
  const i = poll.counters.indexOf(deps.delegateId);
  if (i < 0) return err('NOT_COUNTER', 'only a counter of this poll runs a stage');
  const s = i + 1;
  const last = s === poll.counters.length;
  const kept = await readJson<{ stage: number; body: { ballots?: string[]; lines?: TrackerLine[] } }>(deps.records, RECORD_KINDS.counterStage, poll.id);
  const body = kept?.body ?? (await buildStage(deps, poll, i));
  if ('ok' in body) return body;
  if (!kept) await deps.records.put(RECORD_KINDS.counterStage, poll.id, JSON.stringify({ stage: s, body }));
  const posted = await call<unknown>(deps, stagePath(deps, poll.id, s), { method: 'POST', body });
  if (!posted.ok) return posted;
  return { ok: true, value: { stage: s, count: (body.ballots ?? body.lines ?? []).length, last } };
}

async function buildStage(deps: SecretDeps, poll: Poll, i: number): Promise<{ ballots?: string[]; lines?: TrackerLine[] } | { ok: false; error: ErrorValue }> {
  const rec = await readJson<CounterKeyRecord>(deps.records, RECORD_KINDS.counterKey, poll.id);
  if (!rec) return err('NOT_FOUND', 'this device does not hold the counter key of this poll (lost device: cancel the poll and re-vote)');
  let inputs: readonly string[];
  if (i === 0) {
    const box = await call<BoxListing>(deps, pollPath(deps, ROUTES.pollBox, poll.id));
    if (!box.ok) return box;
    const problems = await verifyBox(box.value, { meetingId: deps.meetingId, pollId: poll.id }, deps.auditPublicKey);
    if (problems.length > 0) return err('BALLOT_INVALID', `the published box does not hold: ${problems.join(', ')}`);
    inputs = box.value.ballots;
  } else {
    const prev = await call<StageAnswer>(deps, stagePath(deps, poll.id, i));
    if (!prev.ok) return prev;
    inputs = prev.value.ballots ?? [];
  }
  const key = await importCounterPrivateKey(rec.privateJwk);
  const out = await runCounterStage({ meetingId: deps.meetingId, pollId: poll.id, definition: poll.definition, counters: poll.counters.length, index: i }, inputs, key);
  if (!out.ok) return out;
  return out.value.kind === 'lines' ? { lines: [...out.value.lines] } : { ballots: [...out.value.ballots] };
}

// ---- voters

export async function myBallot(deps: Pick<SecretDeps, 'records'>, pollId: string): Promise<SecretBallotRecord | undefined> {
  return readJson<SecretBallotRecord>(deps.records, RECORD_KINDS.ballot, pollId);
}

/**
 * Seals the choice to the poll's counter keys, keeps the ballot on the device, sends it and keeps the verified
 * receipt. A ballot kept but not yet acknowledged (a lost answer, a reload) is sent again exactly as it was,
 * whatever `choice` says now: the first confirmed choice is the ballot (a cast vote cannot be changed).
 */
export async function castSecret(deps: SecretDeps, poll: Poll, choice: unknown): Promise<Result<SecretBallotRecord>> {
  let rec = await myBallot(deps, poll.id);
  if (rec?.receipt) return { ok: true, value: rec };
  if (!rec) {
    const keys = poll.counters.map((c) => poll.counterKeys[c]);
    if (keys.some((k) => k === undefined)) return err('COUNTER_KEYS_MISSING', 'not every counter has a key');
    const sealed = await sealBallot({ meetingId: deps.meetingId, pollId: poll.id, definition: poll.definition, counterKeys: keys as string[], choice });
    if (!sealed.ok) return sealed;
    const { tracker, ballotHash, choice: normalised } = sealed.value;
    rec = { pollId: poll.id, tracker, ballotHash, commandId: newCommandId(), choice: normalised, sealed: sealed.value.sealed };
    await deps.records.put(RECORD_KINDS.ballot, poll.id, JSON.stringify(rec));
  }
  const sent = await command<{ receipt?: { ballotHash: string; signature: string } }>(deps, { id: rec.commandId, type: 'castSealedBallot', pollId: poll.id, sealed: rec.sealed });
  if (!sent.ok) return sent;
  const receipt = sent.value.receipt;
  if (!receipt || receipt.ballotHash !== rec.ballotHash) return err('BALLOT_INVALID', 'the server acknowledged another ballot than the one this device sealed');
  if (!(await verifyReceipt({ meetingId: deps.meetingId, pollId: poll.id, ...receipt }, deps.auditPublicKey))) {
    return err('BALLOT_INVALID', 'the receipt is not signed by the pinned audit key');
  }
  const done: SecretBallotRecord = { ...rec, receipt };
  await deps.records.put(RECORD_KINDS.ballot, poll.id, JSON.stringify(done));
  return { ok: true, value: done };
}

export interface BallotCheck {
  /** What does not hold in the published box (signature, order, count, digest, hashes); empty: it holds. */
  readonly boxProblems: readonly BoxProblem[];
  /** My ballot's hash is in the box. */
  readonly inBox: boolean;
  /** The box count equals the who-voted count given (progress.cast), when one was given. */
  readonly countMatches?: boolean;
  /** The box equals the one in the result (results[pollId].box), when one was given. */
  readonly matchesResult?: boolean;
  /** Once counted: the signed trackers list, and my line in it. */
  readonly trackers?: { readonly signed: boolean; readonly lines: readonly TrackerLine[]; readonly mine: readonly TrackerLine[]; readonly choiceMatches: boolean };
}

/** After close: my hash is in the signed box; after the count: my tracker is in the signed list with my choice. */
export async function checkMyBallot(deps: SecretDeps, poll: Poll, expect: { whoVoted?: number; result?: PublishedBox } = {}): Promise<Result<BallotCheck>> {
  const rec = await myBallot(deps, poll.id);
  if (!rec) return err('NOT_FOUND', 'this device holds no ballot of this poll');
  const box = await call<BoxListing>(deps, pollPath(deps, ROUTES.pollBox, poll.id));
  if (!box.ok) return box;
  const ctx = { meetingId: deps.meetingId, pollId: poll.id };
  const check: BallotCheck = {
    boxProblems: await verifyBox(box.value, ctx, deps.auditPublicKey),
    inBox: box.value.hashes.includes(rec.ballotHash),
    ...(expect.whoVoted === undefined ? {} : { countMatches: box.value.count === expect.whoVoted }),
    ...(expect.result === undefined ? {} : { matchesResult: expect.result.digest === box.value.digest && expect.result.count === box.value.count }),
  };
  if (poll.status !== 'counted' && poll.status !== 'announced') return { ok: true, value: check };
  const t = await call<TrackersListing>(deps, pollPath(deps, ROUTES.pollTrackers, poll.id));
  if (!t.ok) return t;
  const mine = findMyLine(t.value.lines, rec.tracker);
  const signed = await verifyTrackers(t.value, ctx, deps.auditPublicKey);
  return { ok: true, value: { ...check, trackers: { signed, lines: t.value.lines, mine, choiceMatches: mine.length === 1 && sameChoice(mine[0]?.choice ?? null, rec.choice) } } };
}

/** Whether the check found everything in order (what the voter's screen says in one word). */
export function ballotCheckHolds(c: BallotCheck): boolean {
  const boxOk = c.boxProblems.length === 0 && c.inBox && c.countMatches !== false && c.matchesResult !== false;
  return boxOk && (c.trackers === undefined || (c.trackers.signed && c.trackers.choiceMatches));
}
