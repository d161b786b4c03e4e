// The delegate's secret ballot over H2's client (common/voting/secretClient.ts): castSecret seals the choice on
// this device to the counters' keys, keeps the ballot (tracker, hash, command id) BEFORE sending so a retry
// sends the very same ballot, and keeps the server's signed receipt once it verifies; checkMyBallot finds the
// ballot's hash in the published box after the close and its tracker in the published result after the count.
// Here: the device records (localStorage per meeting and member), the credentials and the pinned audit key, and
// a small cache the ballot card reads synchronously ("Mã phiếu của bạn", "có trong hòm phiếu ✓").
import type { Result } from '../../../common/result.ts';
import type { BallotChoice } from '../../../common/voting/commands.ts';
import { castSecret, checkMyBallot, myBallot, type DeviceRecords, type SecretBallotRecord, type SecretDeps } from '../../../common/voting/secretClient.ts';
import type { Poll, PublishedBox } from '../../../common/voting/state.ts';
import type { LiveCredentials } from '../../platform/Platform.ts';
import { fetchAuditKey } from '../liveClient.ts';
import { liveStateKey, localLiveStateStore } from '../lastKnown.ts';
import { isRetryable } from '../outbox.ts';
import type { Cast } from './ballotModel.ts';
import type { BallotStore } from './ballotStore.ts';

/** What the device knows of its own secret ballot. */
export interface SecretReceipt {
  /** "XXXX-XXXX", shown to the voter. */
  readonly tracker: string;
  /** The server signed an acknowledgement over the ballot's hash, and it verified with the pinned audit key. */
  readonly acknowledged: boolean;
  /** After close: the ballot's hash is in the signed, published box (false: it is not; absent: not checked yet). */
  readonly inBox?: boolean;
  /** After the count: the tracker's line is in the signed result with this ballot's choice. */
  readonly inResult?: boolean;
  /** The poll status the last check was made at (a check runs once per status). */
  readonly checkedAt?: Poll['status'];
}

export type GetCredentials = (meetingId: string) => Promise<Result<LiveCredentials>>;

/** localStorage records, one key per meeting, member, kind and poll. */
export function localRecords(meetingId: string, delegateId: string): DeviceRecords {
  const key = (kind: string, k: string) => `council.secret.${meetingId}.${delegateId}.${kind}.${k}`;
  const storage = globalThis.localStorage as Storage | undefined;
  const memory = new Map<string, string>();
  return {
    get: (kind, k) => Promise.resolve(storage?.getItem(key(kind, k)) ?? memory.get(key(kind, k)) ?? undefined),
    put: (kind, k, value) => {
      try {
        if (storage) storage.setItem(key(kind, k), value);
        else memory.set(key(kind, k), value);
      } catch {
        memory.set(key(kind, k), value);
      }
      return Promise.resolve();
    },
  };
}

const globalFetch = (url: string, init?: RequestInit) => globalThis.fetch(url, init);

export class SecretBallots {
  /** Replaced whole on each change, so a React snapshot of it changes too. */
  private receipts: ReadonlyMap<string, SecretReceipt> = new Map();
  private readonly listeners = new Set<() => void>();
  private readonly loading = new Set<string>();

  constructor(
    private readonly meetingId: string,
    private readonly delegateId: string,
    private readonly credentials: GetCredentials,
    private readonly records: DeviceRecords = localRecords(meetingId, delegateId),
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ReadonlyMap<string, SecretReceipt> => this.receipts;

  hasReceipt(pollId: string): boolean {
    return this.receipts.get(pollId)?.acknowledged === true;
  }

  receipt(pollId: string): SecretReceipt | undefined {
    return this.receipts.get(pollId);
  }

  /** Reads what the device kept of this poll's ballot (after a reload), once. */
  load(pollId: string): void {
    if (this.receipts.has(pollId) || this.loading.has(pollId)) return;
    this.loading.add(pollId);
    void myBallot({ records: this.records }, pollId).then((rec) => rec && this.keep(rec));
  }

  /** Seals, sends and keeps; the memory's cast follows: sending → sent (with the receipt), waiting, dropped or failed. */
  async cast(poll: Poll, choice: BallotChoice, store: BallotStore, online: boolean): Promise<void> {
    const mark = (c: Partial<Cast>) => store.update(poll.id, (m) => (m ? { ...m, revoting: false, cast: { ...(m.cast ?? placeholder(poll, choice)), ...c } as Cast, touchedAt: Date.now() } : m));
    if (!online) return mark({ state: 'waiting' });
    mark({ state: 'sending' });
    const deps = await this.deps();
    if (!deps.ok) return mark(isRetryable(deps.error) ? { state: 'waiting' } : { state: 'failed', error: deps.error });
    const r = await castSecret(deps.value, poll, choice);
    if (r.ok) {
      this.keep(r.value);
      return mark({ state: 'sent' });
    }
    if (r.error.code === 'ALREADY_VOTED') return mark({ state: 'sent' });
    if (r.error.code === 'POLL_CLOSED') return mark({ state: 'dropped', error: r.error });
    return mark(isRetryable(r.error) ? { state: 'waiting' } : { state: 'failed', error: r.error });
  }

  /** After the close (once per status): is my ballot in the published box, and after the count in the result? */
  async check(poll: Poll, whoVoted: number | undefined, box: PublishedBox | undefined): Promise<void> {
    const kept = this.receipts.get(poll.id);
    if (!kept?.acknowledged || kept.checkedAt === poll.status) return;
    this.set(poll.id, { ...kept, checkedAt: poll.status });
    // A check that cannot run (offline, the box not published yet) is tried again at the next status only:
    // never a loop of requests.
    const deps = await this.deps();
    if (!deps.ok) return;
    const r = await checkMyBallot(deps.value, poll, { ...(whoVoted === undefined ? {} : { whoVoted }), ...(box ? { result: box } : {}) });
    if (!r.ok) return;
    const c = r.value;
    const inBox = c.inBox && c.boxProblems.length === 0 && c.countMatches !== false && c.matchesResult !== false;
    this.set(poll.id, { ...kept, checkedAt: poll.status, inBox, ...(c.trackers ? { inResult: c.trackers.signed && c.trackers.choiceMatches } : {}) });
  }

  private keep(rec: SecretBallotRecord): void {
    const before = this.receipts.get(rec.pollId);
    this.set(rec.pollId, { ...before, tracker: rec.tracker, acknowledged: rec.receipt !== undefined });
  }

  private set(pollId: string, r: SecretReceipt): void {
    this.receipts = new Map([...this.receipts, [pollId, r]]);
    for (const l of this.listeners) l();
  }

  private async deps(): Promise<Result<SecretDeps>> {
    const creds = await this.credentials(this.meetingId);
    if (!creds.ok) return creds;
    // The key this device pinned for the meeting (kept with the live state), else the one the server offers now.
    const pinned = localLiveStateStore(liveStateKey(this.meetingId, this.delegateId))?.load()?.auditKey;
    const auditPublicKey = pinned ?? (await fetchAuditKey(globalFetch, creds.value.server));
    if (auditPublicKey === undefined) return { ok: false, error: { code: 'NETWORK', message: 'the audit key is not known yet' } };
    return {
      ok: true,
      value: { fetch: globalFetch, server: creds.value.server, token: creds.value.token, meetingId: this.meetingId, delegateId: this.delegateId, records: this.records, auditPublicKey },
    };
  }
}

/** The memory's cast of a secret ballot: the sealed command itself lives in the device records (castSecret). */
function placeholder(poll: Poll, choice: BallotChoice): Cast {
  return { command: { id: `secret-${poll.id}`, type: 'castSealedBallot', pollId: poll.id, sealed: 'sealed-on-device' }, choice, at: Date.now(), state: 'sending' };
}

const CLIENTS = new Map<string, SecretBallots>();

export function secretBallotsOf(meetingId: string, delegateId: string, credentials: GetCredentials): SecretBallots {
  const key = `${meetingId}/${delegateId}`;
  let client = CLIENTS.get(key);
  if (!client) {
    client = new SecretBallots(meetingId, delegateId, credentials);
    CLIENTS.set(key, client);
  }
  return client;
}
