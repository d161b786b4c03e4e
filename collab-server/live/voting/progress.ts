// Coalesced progress ("x / N đã biểu quyết"): a committed ballot only marks its poll dirty; the flusher writes
// progress[pollId] = {version + 1, cast, voted?} from the who-voted register — what the store has committed,
// never more — at most every flushMs per meeting, as one server change (one doc update, one broadcast for
// many ballots). OpenSlides pushes a tally per ballot to everyone; 'per-ballot' keeps that design selectable
// (one server change right after each ballot's commit) so the benchmark compares both in one run.
import type { ServerChangeContext } from '../commands/execute.ts';
import { writeCommittedProgress } from './lifecycle.ts';
import { getPoll, readProgress, voterCount } from './pollStore.ts';

export const PROGRESS_MODES = ['coalesced', 'per-ballot'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

export interface ProgressOptions {
  readonly mode: ProgressMode;
  readonly flushMs: number;
  /** Runs fn as one server change of the meeting's state room (executeServerChange). */
  readonly change: (meetingId: string, fn: (ctx: ServerChangeContext) => void) => void;
  readonly log: (line: string) => void;
}

/**
 * Writes the committed progress of each poll still open whose count moved (inside a server change); `always`:
 * even when it did not (the per-ballot design writes once per ballot, also when group commit made one write
 * already show several ballots).
 */
export function flushPolls(ctx: ServerChangeContext, pollIds: Iterable<string>, always = false): number {
  let written = 0;
  for (const pollId of pollIds) {
    const poll = getPoll(ctx.db, ctx.meetingId, pollId);
    if (poll?.status !== 'open' || poll.mode === 'paper') continue;
    if (!always && readProgress(ctx.doc, pollId)?.cast === voterCount(ctx.db, ctx.meetingId, pollId)) continue;
    writeCommittedProgress(ctx, poll);
    written++;
  }
  return written;
}

export class ProgressFlusher {
  /** meetingId -> polls with committed ballots not yet in the doc. */
  private readonly dirty = new Map<string, Set<string>>();
  private readonly lastFlush = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(private readonly opts: ProgressOptions) {}

  markDirty(meetingId: string, pollId: string): void {
    if (this.stopped) return;
    let polls = this.dirty.get(meetingId);
    if (!polls) this.dirty.set(meetingId, (polls = new Set()));
    polls.add(pollId);
    if (this.opts.mode === 'per-ballot') return this.flush(meetingId, true);
    if (this.timers.has(meetingId)) return;
    const wait = Math.max(0, (this.lastFlush.get(meetingId) ?? 0) + this.opts.flushMs - Date.now());
    const timer = setTimeout(() => this.flush(meetingId), wait);
    timer.unref();
    this.timers.set(meetingId, timer);
  }

  /** Writes the meeting's dirty polls now (a timer, a per-ballot commit, or shutdown). Never throws. */
  flush(meetingId: string, always = false): void {
    const timer = this.timers.get(meetingId);
    if (timer) clearTimeout(timer);
    this.timers.delete(meetingId);
    const polls = this.dirty.get(meetingId);
    this.dirty.delete(meetingId);
    if (!polls || polls.size === 0) return;
    this.lastFlush.set(meetingId, Date.now());
    try {
      this.opts.change(meetingId, (ctx) => void flushPolls(ctx, polls, always));
    } catch (e) {
      this.opts.log(`voting: progress flush of ${meetingId} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  flushAll(): void {
    for (const meetingId of [...this.dirty.keys()]) this.flush(meetingId);
  }

  stop(): void {
    this.flushAll();
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
