// The voting feature (issue 7): the lifecycle of every poll (chair), open ballots by name (sitting delegates)
// and the paper-ballot counting aid (the poll's counters). Sealed ballots and the counters' keys are in
// votingSecret.ts. Schemas: common/voting/commands.ts; what each does and its refusals: docs/voting.md.
// Every command here is public: audited in full with its sender, retried by hash.
import { ROLES } from '../../../common/meeting/types.ts';
import * as v from '../../../common/voting/commands.ts';
import { chairOnly, defineCommand, votingMembers, type CommandContext, type CommandPolicy, type Feature } from '../commands/registry.ts';
import { castBallot } from '../voting/ballots.ts';
import type { VotingEnv } from '../voting/env.ts';
import * as life from '../voting/lifecycle.ts';
import { enterPaperBallot, finishPaperEntry } from '../voting/paper.ts';

const PUBLIC: CommandPolicy<unknown> = { audit: 'full', auditActor: true, idempotency: 'hash' };
/** A ballot's answer is {seq} only: 2,000 voters must not each get (and store) the whole meeting state back. */
const BALLOT: CommandPolicy<unknown> = { ...PUBLIC, answer: 'seq' };

export function votingEnv(ctx: CommandContext): VotingEnv {
  return { db: ctx.db, doc: ctx.doc, meetingId: ctx.member.meetingId, now: ctx.now, afterCommit: ctx.afterCommit };
}

export const VOTING_FEATURE: Feature = {
  name: 'voting',
  commands: [
    // ---- chair
    defineCommand('createPoll', { schema: v.CreatePoll, allow: chairOnly, apply: (ctx, c) => life.createPoll(votingEnv(ctx), c), policy: PUBLIC }),
    defineCommand('openPoll', { schema: v.OpenPollCommand, allow: chairOnly, apply: (ctx, c) => life.openPoll(votingEnv(ctx), c.pollId), policy: PUBLIC }),
    defineCommand('closePoll', { schema: v.ClosePoll, allow: chairOnly, apply: (ctx, c) => life.closePoll(votingEnv(ctx), c.pollId, 'chair'), policy: PUBLIC }),
    defineCommand('cancelPoll', { schema: v.CancelPoll, allow: chairOnly, apply: (ctx, c) => life.cancelPoll(votingEnv(ctx), c), policy: PUBLIC }),
    defineCommand('announcePoll', { schema: v.AnnouncePoll, allow: chairOnly, apply: (ctx, c) => life.announcePoll(votingEnv(ctx), c), policy: PUBLIC }),
    defineCommand('configureVoting', { schema: v.ConfigureVoting, allow: chairOnly, apply: (ctx, c) => life.configureVoting(votingEnv(ctx), c), policy: PUBLIC }),
    // ---- sitting delegates (and the chair): an open ballot is by name, so its audit entry names the voter
    defineCommand('castBallot', { schema: v.CastBallot, allow: votingMembers, apply: (ctx, c) => castBallot(votingEnv(ctx), ctx.member.delegateId, c), policy: BALLOT }),
    // ---- the poll's counters (Ban kiểm phiếu): any other member gets NOT_COUNTER from the poll's own check
    defineCommand('enterPaperBallot', { schema: v.EnterPaperBallot, allow: ROLES, apply: (ctx, c) => enterPaperBallot(votingEnv(ctx), ctx.member.delegateId, c), policy: PUBLIC }),
    defineCommand('finishPaperEntry', { schema: v.FinishPaperEntry, allow: ROLES, apply: (ctx, c) => finishPaperEntry(votingEnv(ctx), ctx.member.delegateId, c), policy: PUBLIC }),
  ],
};
