// What the voting server code needs from a command or a server change, and the small shared helpers.
import type { ServerDb } from '../../store/db.ts';
import type * as Y from 'yjs';
import type { ErrorCode } from '../../../common/errors.ts';
import { DEFAULT_VOTING_SETTINGS, VOTING_KEYS, votingMap } from '../../../common/voting/state.ts';
import type { VotingSettings } from '../../../common/voting/choices.ts';
import type { ApplyOutcome } from '../commands/registry.ts';
import { all, sql } from '../../store/sql.ts';

/** A command's or a server change's view: the meeting, its state room, the time, and what runs after commit. */
export interface VotingEnv {
  readonly db: ServerDb;
  readonly doc: Y.Doc;
  readonly meetingId: string;
  readonly now: number;
  /** Runs after the SQL transaction commits (a server change runs it at once: it is already past its writes). */
  readonly afterCommit: (fn: () => void) => void;
}

export const refuse = (code: ErrorCode, message: string, details?: readonly string[]): ApplyOutcome => ({
  ok: false,
  error: details && details.length > 0 ? { code, message, details } : { code, message },
});

export function votingSettings(doc: Y.Doc): VotingSettings {
  return (votingMap(doc).get(VOTING_KEYS.settings) as VotingSettings | undefined) ?? DEFAULT_VOTING_SETTINGS;
}

/** The voting seats of the meeting (delegate and chair), revoked or not: who may be a counter or be eligible. */
export function votingSeats(db: ServerDb, meetingId: string): Set<string> {
  const rows = all<{ delegate_id: string }>(db, sql`SELECT delegate_id FROM members WHERE meeting_id = ${meetingId} AND role IN ('delegate', 'chair')`);
  return new Set(rows.map((r) => r.delegate_id));
}
