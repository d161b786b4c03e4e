// The chair's bulk and settings tools, pure: "Đánh dấu có mặt cho những người còn lại" (one recordAttendance per
// delegate not yet recorded, in order, with progress), and the session settings (quorum, number in office) read
// from the form into a configure command.
import { MAX_QUORUM_TERM, MAX_TOTAL_DELEGATES } from '../../common/live/commands.ts';
import type { AttendanceRecord, QuorumRule } from '../../common/live/state.ts';

/** The delegates (ids, in list order) with no attendance record at all: not checked in, not recorded absent. */
export function remainingToMark(sittingIds: readonly string[], attendance: Readonly<Record<string, AttendanceRecord>>): string[] {
  return sittingIds.filter((id) => attendance[id] === undefined);
}

export interface BulkProgress {
  readonly done: number;
  readonly total: number;
}

export type BulkOutcome = { readonly kind: 'done'; readonly sent: number; readonly skipped: number } | { readonly kind: 'stopped'; readonly sent: number; readonly at: string };

/**
 * Sends one command per id, one after the other; skips an id recorded meanwhile (`stillNeeded` reads the
 * latest state), stops at the first refusal so the chair sees it.
 */
export async function runInSequence(
  ids: readonly string[],
  send: (id: string) => Promise<boolean>,
  onProgress: (p: BulkProgress) => void,
  stillNeeded: (id: string) => boolean = () => true,
): Promise<BulkOutcome> {
  let sent = 0;
  let skipped = 0;
  onProgress({ done: 0, total: ids.length });
  for (const [i, id] of ids.entries()) {
    if (!stillNeeded(id)) skipped++;
    else if (await send(id)) sent++;
    else return { kind: 'stopped', sent, at: id };
    onProgress({ done: i + 1, total: ids.length });
  }
  return { kind: 'done', sent, skipped };
}

export interface SettingsDraft {
  readonly numerator: string;
  readonly denominator: string;
  /** Empty: count the members (the server's default). */
  readonly totalDelegates: string;
}

export type SettingsProblem = 'quorumInvalid' | 'quorumAboveOne' | 'totalInvalid';

export type ParsedSettings = { readonly ok: true; readonly quorum: QuorumRule; readonly totalDelegates: number | null } | { readonly ok: false; readonly problem: SettingsProblem };

function wholeIn(text: string, min: number, max: number): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

export function parseSettings(draft: SettingsDraft): ParsedSettings {
  const numerator = wholeIn(draft.numerator, 1, MAX_QUORUM_TERM);
  const denominator = wholeIn(draft.denominator, 1, MAX_QUORUM_TERM);
  if (numerator === undefined || denominator === undefined) return { ok: false, problem: 'quorumInvalid' };
  if (numerator > denominator) return { ok: false, problem: 'quorumAboveOne' };
  if (draft.totalDelegates.trim() === '') return { ok: true, quorum: { numerator, denominator }, totalDelegates: null };
  const total = wholeIn(draft.totalDelegates, 1, MAX_TOTAL_DELEGATES);
  if (total === undefined) return { ok: false, problem: 'totalInvalid' };
  return { ok: true, quorum: { numerator, denominator }, totalDelegates: total };
}
