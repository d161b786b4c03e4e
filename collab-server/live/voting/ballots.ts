// castBallot: an open (by-name) electronic ballot. One per (poll, delegate) by the who-voted register's PRIMARY
// KEY, in the same transaction as the choice, the audit entry and the stored answer. The doc is NOT written
// per ballot: the progress flusher (progress.ts) writes the committed count after the commit.
import type { z } from 'zod';
import type { CastBallot } from '../../../common/voting/commands.ts';
import { OpenBallotSchema } from '../../../common/voting/choices.ts';
import { isSecret, type Poll } from '../../../common/voting/state.ts';
import type { ApplyOutcome } from '../commands/registry.ts';
import { run, sql } from '../../store/sql.ts';
import { refuse, type VotingEnv } from './env.ts';
import { votingHooksOf } from './hooks.ts';
import { acceptsBallots, getPoll, isEligible, recordVoter } from './pollStore.ts';

/** Why a member may not cast on this poll now, or undefined. Shared by open and sealed ballots. */
export function castProblem(poll: Poll | undefined, pollId: string, delegateId: string, now: number): ApplyOutcome | undefined {
  if (!poll) return refuse('POLL_NOT_FOUND', `no poll ${pollId}`);
  if (poll.mode === 'paper') return refuse('BALLOT_INVALID', 'a paper poll is cast on paper; the counters enter the ballots');
  if (poll.status === 'draft') return refuse('POLL_STATE', `poll ${pollId} has not opened yet`);
  if (!acceptsBallots(poll, now)) return refuse('POLL_CLOSED', `poll ${pollId} is closed`);
  if (!isEligible(poll, delegateId)) return refuse('NOT_ELIGIBLE', 'only the voting members present when the poll opened may vote');
  return undefined;
}

export function castBallot(env: VotingEnv, delegateId: string, c: z.infer<typeof CastBallot>): ApplyOutcome {
  const poll = getPoll(env.db, env.meetingId, c.pollId);
  const problem = castProblem(poll, c.pollId, delegateId, env.now);
  if (problem || !poll) return problem ?? refuse('POLL_NOT_FOUND', `no poll ${c.pollId}`);
  if (isSecret(poll)) return refuse('BALLOT_INVALID', 'a secret poll takes a sealed ballot (castSealedBallot), never a ballot by name');
  const choice = OpenBallotSchema.safeParse(c.choice);
  if (!choice.success) return refuse('BALLOT_INVALID', 'an open ballot is yes, no or abstain');
  const { db, meetingId } = env;
  if (recordVoter(db, meetingId, poll.id, delegateId) === 'already') {
    if (!poll.frozen?.changeUntilClose) return refuse('ALREADY_VOTED', 'your ballot is in; it cannot be changed');
    run(db, sql`UPDATE poll_open_ballots SET choice = ${choice.data}, cast_at = ${env.now} WHERE meeting_id = ${meetingId} AND poll_id = ${poll.id} AND delegate_id = ${delegateId}`);
    return { ok: true, value: { changed: true } };
  }
  run(db, sql`INSERT INTO poll_open_ballots (meeting_id, poll_id, delegate_id, choice, cast_at) VALUES (${meetingId}, ${poll.id}, ${delegateId}, ${choice.data}, ${env.now})`);
  env.afterCommit(() => votingHooksOf(db)?.ballotCommitted(meetingId, poll.id));
  return { ok: true };
}
