// A counter's paper-entry log, kept on the device per meeting, poll and member, so that going from the meeting
// home to a document and back (or a reload) keeps it for printing. Paper ballots carry no voter: the log holds
// ballot numbers and what each paper said, nothing about who cast it.
import { BallotChoiceSchema } from '../../../common/voting/commands.ts';
import type { LogLine } from './paperEntry.ts';

/** Lines kept per log at most (the most ballots a poll takes). */
export const MAX_LOG_LINES = 10_000;

const keyOf = (meetingId: string, pollId: string, me: string) => `council.paperLog.${meetingId}.${pollId}.${me}`;

function revive(item: unknown): LogLine | undefined {
  const l = item as Partial<LogLine> | null;
  if (!l || typeof l.ballotNo !== 'number' || typeof l.code !== 'string') return undefined;
  if (l.choice !== null && !BallotChoiceSchema.safeParse(l.choice).success) return undefined;
  // A line that was on its way when the page went away is shown as not recorded: the counter enters it again.
  const state = l.state === 'saved' ? 'saved' : 'failed';
  return { ballotNo: l.ballotNo, code: l.code, choice: l.choice ?? null, state, ...(l.replaced ? { replaced: true } : {}) };
}

export function loadPaperLog(meetingId: string, pollId: string, me: string): LogLine[] {
  try {
    const raw = globalThis.localStorage?.getItem(keyOf(meetingId, pollId, me));
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return (Array.isArray(list) ? list : []).map(revive).filter((l): l is LogLine => l !== undefined).slice(-MAX_LOG_LINES);
  } catch {
    return [];
  }
}

export function savePaperLog(meetingId: string, pollId: string, me: string, log: readonly LogLine[]): void {
  try {
    globalThis.localStorage?.setItem(keyOf(meetingId, pollId, me), JSON.stringify(log.slice(-MAX_LOG_LINES)));
  } catch {
    // a full or disabled storage: the log stays on screen for this page
  }
}
