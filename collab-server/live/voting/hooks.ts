// What the voting commands tell the server's timers (countdown.ts, progress.ts) once their transaction has
// committed. The live session attaches one VotingHooks per server database (runtime.ts); commands look them
// up by their db, so the feature itself stays a constant shared by every server in a process.
import type { ServerDb } from '../../store/db.ts';

export interface VotingHooks {
  /** A ballot (open, sealed or paper) was committed: the poll's progress is due for a flush. */
  ballotCommitted(meetingId: string, pollId: string): void;
  /** The poll opened with a countdown: close it at closesAt. */
  pollOpened(meetingId: string, pollId: string, closesAt: number | undefined): void;
  /** The poll left 'open' (closed, cancelled): its countdown and pending flush are moot. */
  pollEnded(meetingId: string, pollId: string): void;
}

const hooks = new WeakMap<ServerDb, VotingHooks>();

export function attachVotingHooks(db: ServerDb, h: VotingHooks): () => void {
  hooks.set(db, h);
  return () => {
    if (hooks.get(db) === h) hooks.delete(db);
  };
}

export function votingHooksOf(db: ServerDb): VotingHooks | undefined {
  return hooks.get(db);
}
