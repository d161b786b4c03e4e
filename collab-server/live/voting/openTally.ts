// The count of an open (by-name) electronic poll at close: the choices in poll_open_ballots, tallied with the
// frozen N and rule by common/voting/tally.ts (integers only), with the names per choice for the minutes.
import type { ServerDb } from '../../store/db.ts';
import { OPEN_CHOICES, type OpenChoice } from '../../../common/i18n/voting.ts';
import type { Result } from '../../../common/result.ts';
import type { Poll, PollResult } from '../../../common/voting/state.ts';
import { tallyOpen } from '../../../common/voting/tally.ts';
import { all, sql } from '../../store/sql.ts';

/** The choice of each delegate who voted, sorted by delegate. */
export function openBallots(db: ServerDb, meetingId: string, pollId: string): { delegateId: string; choice: OpenChoice }[] {
  return all<{ delegate_id: string; choice: string }>(
    db,
    sql`SELECT delegate_id, choice FROM poll_open_ballots WHERE meeting_id = ${meetingId} AND poll_id = ${pollId} ORDER BY delegate_id`,
  ).map((r) => ({ delegateId: r.delegate_id, choice: r.choice as OpenChoice }));
}

export function namesByChoice(ballots: readonly { delegateId: string; choice: OpenChoice }[]): Record<OpenChoice, string[]> {
  const names: Record<OpenChoice, string[]> = { yes: [], no: [], abstain: [] };
  for (const b of ballots) names[b.choice].push(b.delegateId);
  return names;
}

/** The counted result of an open electronic poll, from the committed ballots. */
export function countOpenPoll(db: ServerDb, meetingId: string, poll: Poll, now: number): Result<PollResult> {
  const def = poll.definition;
  const frozen = poll.frozen;
  if (def.kind !== 'open' || !frozen) return { ok: false, error: { code: 'POLL_STATE', message: 'only an opened open poll is counted by name' } };
  const names = namesByChoice(openBallots(db, meetingId, poll.id));
  const counts = Object.fromEntries(OPEN_CHOICES.map((c) => [c, names[c].length])) as Record<OpenChoice, number>;
  const tally = tallyOpen({ n: frozen.base, rule: def.rule, labels: frozen.labels, counts });
  if (!tally.ok) return tally;
  return { ok: true, value: { pollId: poll.id, tally: { kind: 'open', result: tally.value }, names, countedAt: now } };
}
