// The voting feature's timers on one server: the coalesced progress flusher and the countdowns. The live
// session starts one per database and stops it on close; commands reach it through voting/hooks.ts after
// their commit.
import type { AuditedCommand } from '../../../common/live/audit.ts';
import { PROGRESS_FLUSH_MS } from '../../../common/voting/state.ts';
import { executeServerChange, type ExecuteDeps, type ServerChangeContext } from '../commands/execute.ts';
import { CountdownTimers } from './countdown.ts';
import { attachVotingHooks } from './hooks.ts';
import { openPollsEverywhere } from './pollStore.ts';
import { ProgressFlusher, type ProgressMode } from './progress.ts';

export interface VotingRuntimeOptions {
  /** 'coalesced' (default): progress at most every flushMs; 'per-ballot': one doc update per ballot (benchmark). */
  readonly progress?: ProgressMode;
  readonly flushMs?: number;
  /**
   * Several instances (collab-server/cluster/): re-arm every open poll's countdown from the store this often, so
   * a poll opened on an instance that then died still closes on time (a second close is refused: it is closed).
   */
  readonly countdownRescanMs?: number;
}

/** What the live session passes as countdownRescanMs when it is one of several instances. */
export const COUNTDOWN_RESCAN_MS = 5_000;

export interface VotingRuntime {
  readonly progress: ProgressFlusher;
  readonly countdown: CountdownTimers;
  stop(): void;
}

export function startVotingRuntime(deps: ExecuteDeps, opts: VotingRuntimeOptions = {}): VotingRuntime {
  const log = deps.log ?? (() => {});
  const change = (meetingId: string, fn: (ctx: ServerChangeContext) => AuditedCommand | undefined): void => void executeServerChange(deps, meetingId, fn);
  const progress = new ProgressFlusher({ mode: opts.progress ?? 'coalesced', flushMs: opts.flushMs ?? PROGRESS_FLUSH_MS, change: (m, fn) => change(m, (ctx) => (fn(ctx), undefined)), log });
  const countdown = new CountdownTimers({ db: deps.db, change, log });
  const detach = attachVotingHooks(deps.db, {
    ballotCommitted: (meetingId, pollId) => progress.markDirty(meetingId, pollId),
    pollOpened: (meetingId, pollId, closesAt) => {
      if (closesAt !== undefined) countdown.schedule(meetingId, pollId, closesAt);
    },
    pollEnded: (meetingId, pollId) => countdown.cancel(meetingId, pollId),
  });
  countdown.start();
  const rescan = opts.countdownRescanMs ? setInterval(() => {
    try {
      countdown.start();
    } catch (e) {
      log(`voting: countdown rescan failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, opts.countdownRescanMs) : undefined;
  rescan?.unref();
  // After a restart (a crash included) the doc's progress may lag the register: bring every open poll up to date.
  for (const p of openPollsEverywhere(deps.db)) progress.markDirty(p.meetingId, p.pollId);
  return {
    progress,
    countdown,
    stop() {
      clearInterval(rescan);
      countdown.stop();
      progress.stop();
      detach();
    },
  };
}
