// The outbox of live commands: a delegate's request made while offline is kept and sent when the connection
// returns. Commands are idempotent by their client-generated id (the server stores each id's result), so a
// retry after a lost answer is safe and the outbox never holds two commands with the same id.
import { LiveCommandSchema, type LiveCommandInput } from '../../common/live/commands.ts';
import type { ErrorValue, Result } from '../../common/result.ts';
import type { VotingCommandInput } from '../../common/voting/commands.ts';

/** Commands kept for later at most; beyond that a new one is refused (STYLE.md rule 11). */
export const MAX_OUTBOX = 20;

/**
 * Only a member's own requests wait for the network (and "Đã xem" on a notice); the chair acts on what is on
 * screen now.
 */
export const QUEUEABLE_TYPES: ReadonlySet<LiveCommandInput['type']> = new Set(['requestToSpeak', 'withdrawRequest', 'checkIn', 'acknowledgeAnnouncement']);

/** 'sent': `value` is the server's answer (seq; a sealed ballot's receipt). */
export type SendOutcome = { readonly status: 'sent'; readonly value?: unknown } | { readonly status: 'queued' } | { readonly status: 'failed'; readonly error: ErrorValue };

export type Transport = (command: LiveCommandInput) => Promise<Result<unknown>>;

/** NETWORK (and a server that is restarting) may succeed later; every other error is final. */
export function isRetryable(error: ErrorValue): boolean {
  return error.code === 'NETWORK' || error.code === 'RATE_LIMITED';
}

/** Where waiting commands survive a reload of the app while offline (nothing is silently lost). */
export interface OutboxStore {
  load(): unknown;
  save(commands: readonly LiveCommandInput[]): void;
}

/** localStorage, one key per meeting and member; absent (tests, private modes) means memory only. */
export function localOutboxStore(key: string): OutboxStore | undefined {
  const storage = globalThis.localStorage as Storage | undefined;
  if (!storage) return undefined;
  return {
    load: () => {
      try {
        return JSON.parse(storage.getItem(key) ?? '[]') as unknown;
      } catch {
        return [];
      }
    },
    save: (commands) => (commands.length === 0 ? storage.removeItem(key) : storage.setItem(key, JSON.stringify(commands))),
  };
}

export class Outbox {
  private readonly pending = new Map<string, LiveCommandInput>();
  private flushing: Promise<readonly ErrorValue[]> | undefined;

  constructor(
    private readonly onChange: () => void = () => undefined,
    private readonly store?: OutboxStore,
  ) {
    const saved = store?.load();
    for (const item of Array.isArray(saved) ? saved : []) {
      const parsed = LiveCommandSchema.safeParse(item);
      if (parsed.success && QUEUEABLE_TYPES.has(parsed.data.type) && this.pending.size < MAX_OUTBOX) this.pending.set(parsed.data.id, item as LiveCommandInput);
    }
  }

  private changed(): void {
    this.store?.save(this.list());
    this.onChange();
  }

  list(): readonly LiveCommandInput[] {
    return [...this.pending.values()];
  }

  has(id: string): boolean {
    return this.pending.has(id);
  }

  /** Keeps the command for later; false when it may not wait or the outbox is full. */
  enqueue(command: LiveCommandInput): boolean {
    if (this.pending.has(command.id)) return true;
    if (!QUEUEABLE_TYPES.has(command.type) || this.pending.size >= MAX_OUTBOX) return false;
    this.pending.set(command.id, command);
    this.changed();
    return true;
  }

  /** Drops a command that has not been sent (a request withdrawn before it reached the server). */
  cancel(id: string): boolean {
    const removed = this.pending.delete(id);
    if (removed) this.changed();
    return removed;
  }

  /**
   * Sends what waits, in order; stops at the first retryable failure (still offline) and keeps the rest.
   * Returns the final errors (the commands dropped). Concurrent calls share one pass.
   */
  flush(send: Transport): Promise<readonly ErrorValue[]> {
    this.flushing ??= this.run(send).finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async run(send: Transport): Promise<readonly ErrorValue[]> {
    const dropped: ErrorValue[] = [];
    for (const command of this.list()) {
      const result = await send(command);
      if (!result.ok && isRetryable(result.error)) break;
      if (!result.ok) dropped.push(result.error);
      this.pending.delete(command.id);
      this.changed();
    }
    return dropped;
  }
}

// ---- ballots (issue 7): a cast made offline waits, but ONLY while its poll is open

/** The two commands that cast a ballot; each carries its poll. */
export type BallotCommandInput = Extract<VotingCommandInput, { readonly type: 'castBallot' | 'castSealedBallot' }>;
export type BallotTransport = (command: BallotCommandInput) => Promise<Result<unknown>>;

/**
 * sent: the server recorded it (`value`: its answer; a sealed ballot's receipt); waiting: no connection, try
 * again with the same command id (the server answers a retry as the first time, never a second vote);
 * dropped: the poll closed before it reached the server (never sent after close); failed: refused for good.
 */
export type BallotOutcome =
  | { readonly status: 'sent'; readonly value?: unknown }
  | { readonly status: 'waiting'; readonly error: ErrorValue }
  | { readonly status: 'dropped'; readonly error: ErrorValue }
  | { readonly status: 'failed'; readonly error: ErrorValue };

/** What a dropped ballot says (the server's own wording for a ballot after close). */
export const BALLOT_DROPPED: ErrorValue = { code: 'POLL_CLOSED', message: 'the poll closed before the ballot was sent; it was not recorded' };

/**
 * Sends one ballot if its poll is still open as far as this device knows (`isOpen`, from the synced state), and
 * sorts the answer. ALREADY_VOTED is "the server has a ballot of mine" (a retry whose first answer was lost),
 * so it counts as sent.
 */
export async function sendBallot(command: BallotCommandInput, send: BallotTransport, isOpen: (pollId: string) => boolean): Promise<BallotOutcome> {
  if (!isOpen(command.pollId)) return { status: 'dropped', error: BALLOT_DROPPED };
  const result = await send(command);
  if (result.ok) return { status: 'sent', value: result.value };
  if (result.error.code === 'ALREADY_VOTED') return { status: 'sent' };
  if (isRetryable(result.error)) return { status: 'waiting', error: result.error };
  if (result.error.code === 'POLL_CLOSED') return { status: 'dropped', error: result.error };
  return { status: 'failed', error: result.error };
}
