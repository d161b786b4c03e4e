// The countdown of open polls: a timer closes the poll at closesAt as a server change audited without an actor
// ({type: 'closePoll', pollId, by: 'countdown'}). On start every open poll with a countdown is scheduled, so one
// whose time ran out while the server was down closes at once. A ballot after closesAt is refused whether or
// not the timer has fired yet (pollStore.acceptsBallots).
import type { AuditedCommand } from '../../../common/live/audit.ts';
import type { ServerChangeContext } from '../commands/execute.ts';
import { closePoll } from './lifecycle.ts';
import { pollsWithCountdown } from './pollStore.ts';
import type { ServerDb } from '../../store/db.ts';

/** After a failed countdown close, the next attempt. */
export const COUNTDOWN_RETRY_MS = 5_000;
/** setTimeout's longest delay; a later close is re-armed when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface CountdownOptions {
  readonly db: ServerDb;
  readonly change: (meetingId: string, fn: (ctx: ServerChangeContext) => AuditedCommand | undefined) => void;
  readonly log: (line: string) => void;
}

/** Closes the poll if it is still open (a server change's body); the audit entry, or nothing. */
export function closeByCountdown(ctx: ServerChangeContext, pollId: string): AuditedCommand | undefined {
  const outcome = closePoll({ db: ctx.db, doc: ctx.doc, meetingId: ctx.meetingId, now: ctx.now, afterCommit: ctx.afterCommit }, pollId, 'countdown');
  if (!outcome.ok) return undefined;
  return { type: 'closePoll', pollId, ...outcome.audit, by: 'countdown' };
}

export class CountdownTimers {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(private readonly opts: CountdownOptions) {}

  /** Arms every open poll's countdown (on start: those already past close at once). */
  start(): void {
    for (const p of pollsWithCountdown(this.opts.db)) this.schedule(p.meetingId, p.pollId, p.closesAt);
  }

  schedule(meetingId: string, pollId: string, closesAt: number): void {
    if (this.stopped) return;
    this.cancel(meetingId, pollId);
    const key = `${meetingId}/${pollId}`;
    const wait = Math.max(0, closesAt - Date.now());
    const timer = setTimeout(() => (wait > MAX_TIMER_MS ? this.schedule(meetingId, pollId, closesAt) : this.fire(meetingId, pollId)), Math.min(wait, MAX_TIMER_MS));
    timer.unref();
    this.timers.set(key, timer);
  }

  cancel(meetingId: string, pollId: string): void {
    const key = `${meetingId}/${pollId}`;
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  private fire(meetingId: string, pollId: string): void {
    this.timers.delete(`${meetingId}/${pollId}`);
    if (this.stopped) return;
    try {
      this.opts.change(meetingId, (ctx) => closeByCountdown(ctx, pollId));
    } catch (e) {
      // A transient failure (a busy or full disk) must not leave the poll open for ever: try again shortly.
      // Ballots are refused after closesAt meanwhile; a poll closed since makes the retry a no-op.
      this.opts.log(`voting: countdown close of ${meetingId}/${pollId} failed, retrying in ${COUNTDOWN_RETRY_MS / 1000} s: ${e instanceof Error ? e.message : String(e)}`);
      this.schedule(meetingId, pollId, Date.now() + COUNTDOWN_RETRY_MS);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
