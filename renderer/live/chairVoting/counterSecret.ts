// The Ban kiểm phiếu's side of a secret electronic poll, on this device: the counter key (made and kept here,
// its public half registered while the poll is a draft) and the tally stage (peel this counter's layer off
// every ballot, shuffle, hand on). The crypto and the HTTP are H2's common/voting/secretClient.ts
// (counterSecretClient.ts binds it to this device); the desk only sees this interface.
import type { Result } from '../../../common/result.ts';
import { isSecret, type Poll, type VotingState } from '../../../common/voting/state.ts';

export interface CounterSecret {
  /** Makes (once per poll) and registers this counter's key; `publicKey` is the one kept on this device. */
  ensureKey(meetingId: string, poll: Poll): Promise<Result<{ readonly publicKey: string; readonly registered: boolean }>>;
  /** How many tally stages the server holds. */
  stagesDone(meetingId: string, poll: Poll): Promise<Result<{ readonly done: number }>>;
  /** Runs this counter's stage (it must be their turn). */
  runStage(meetingId: string, poll: Poll): Promise<Result<{ readonly stage: number; readonly count: number; readonly last: boolean }>>;
}

/** Whose turn it is in the tally: stages run in poll.counters order, stage s by counters[s-1]. */
export function turnOf(poll: Pick<Poll, 'counters'>, delegateId: string, stagesDone: number): { readonly kind: 'wait'; readonly place: number } | { readonly kind: 'mine'; readonly stage: number } | { readonly kind: 'done'; readonly stage: number } {
  const mine = poll.counters.indexOf(delegateId) + 1;
  if (mine <= stagesDone) return { kind: 'done', stage: mine };
  if (mine === stagesDone + 1) return { kind: 'mine', stage: mine };
  return { kind: 'wait', place: stagesDone + 1 };
}

const DESK_STATUSES = new Set<Poll['status']>(['draft', 'open', 'closed', 'tallying', 'counted']);

/** The polls this member counts (secret electronic or paper) that still need them, or just got their result. */
export function myCounterPolls(voting: VotingState, delegateId: string): Poll[] {
  return voting.polls.filter((p) => p.counters.includes(delegateId) && DESK_STATUSES.has(p.status) && (p.mode === 'paper' || isSecret(p)));
}
