// The outbox of live commands: a delegate's request made while offline is kept and sent when the connection
// returns. Commands are idempotent by their client-generated id (the server stores each id's result), so a
// retry after a lost answer is safe and the outbox never holds two commands with the same id.
import { LiveCommandSchema, type LiveCommandInput } from '../../common/live/commands.ts';
import type { ErrorValue, Result } from '../../common/result.ts';

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
