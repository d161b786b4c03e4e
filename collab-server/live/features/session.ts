// The live-session feature: agenda, floor and speaker queue, attendance, announcements, configuration.
// Schemas are shared with clients (common/live/commands.ts); what each command does is in applyCommand.ts.
// Every session command is audited in full with its sender, and retried by hash: none of them is secret.
import * as cmd from '../../../common/live/commands.ts';
import * as apply from '../applyCommand.ts';
import type { ApplyContext, ApplyOutcome } from '../applyCommand.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { ROLES } from '../../../common/meeting/types.ts';
import type { Member } from '../../core/types.ts';
import { chairOnly, defineCommand, votingMembers, type CommandContext, type CommandPolicy, type Feature } from '../commands/registry.ts';
import { isVotingMember, votingMemberCount } from '../liveQueries.ts';
import { ensureSessionShape, refreshTotalDelegates } from '../stateWriter.ts';

const PUBLIC: CommandPolicy<unknown> = { audit: 'full', auditActor: true, idempotency: 'hash' };

function sessionContext(ctx: CommandContext): ApplyContext {
  const { db, member } = ctx;
  return {
    t: ensureSessionShape(ctx.doc),
    member,
    now: ctx.now,
    newId: ctx.newId,
    isVotingMember: (id) => isVotingMember(db, member.meetingId, id),
    maxAnnouncements: ctx.limits.maxAnnouncements,
    maxSpeeches: ctx.limits.maxSpeeches,
  };
}

/**
 * Attendance is taken by the chair or, at the door, by the secretary; anyone else gets the chair's refusal
 * (NOT_CHAIR) as for every other chair command. The state ("by") and the audit entry (actor) keep who did.
 */
export const chairOrSecretary = (member: Member): ErrorValue | undefined => (member.role === 'secretary' ? undefined : chairOnly(member));

const onSession =
  <C>(fn: (a: ApplyContext, c: C) => ApplyOutcome) =>
  (ctx: CommandContext, c: C): ApplyOutcome =>
    fn(sessionContext(ctx), c);

export const SESSION_FEATURE: Feature = {
  name: 'session',
  // The answer carries the state: keep its shape and the member count current whatever the command.
  beforeCommand: (ctx) => refreshTotalDelegates(ensureSessionShape(ctx.doc), votingMemberCount(ctx.db, ctx.member.meetingId)),
  // Revoking a device is not removing a deputy: N stays, but the presence that device recorded no longer counts.
  onMemberChange: (ctx, change) => {
    const t = ensureSessionShape(ctx.doc);
    refreshTotalDelegates(t, votingMemberCount(ctx.db, change.meetingId));
    if (t.attendance.has(change.delegateId)) t.attendance.delete(change.delegateId);
  },
  commands: [
    // ---- chair (recordAttendance: the secretary too)
    defineCommand('setCurrentItem', { schema: cmd.SetCurrentItem, allow: chairOnly, apply: onSession(apply.setCurrentItem), policy: PUBLIC }),
    defineCommand('giveFloor', { schema: cmd.GiveFloor, allow: chairOnly, apply: onSession(apply.giveFloor), policy: PUBLIC }),
    defineCommand('nextSpeaker', { schema: cmd.NextSpeaker, allow: chairOnly, apply: onSession(apply.nextSpeaker), policy: PUBLIC }),
    defineCommand('endSpeech', { schema: cmd.EndSpeech, allow: chairOnly, apply: onSession(apply.endSpeech), policy: PUBLIC }),
    defineCommand('setSpeakingTime', { schema: cmd.SetSpeakingTime, allow: chairOnly, apply: onSession(apply.setSpeakingTime), policy: PUBLIC }),
    defineCommand('adjustTime', { schema: cmd.AdjustTime, allow: chairOnly, apply: onSession(apply.adjustTime), policy: PUBLIC }),
    defineCommand('reorderQueue', { schema: cmd.ReorderQueue, allow: chairOnly, apply: onSession(apply.reorderQueue), policy: PUBLIC }),
    defineCommand('removeRequest', { schema: cmd.RemoveRequest, allow: chairOnly, apply: onSession(apply.removeRequest), policy: PUBLIC }),
    defineCommand('announce', { schema: cmd.Announce, allow: chairOnly, apply: onSession(apply.announce), policy: PUBLIC }),
    defineCommand('withdrawAnnouncement', { schema: cmd.WithdrawAnnouncement, allow: chairOnly, apply: onSession(apply.withdrawAnnouncement), policy: PUBLIC }),
    defineCommand('recordAttendance', { schema: cmd.RecordAttendance, allow: chairOrSecretary, apply: onSession(apply.recordAttendance), policy: PUBLIC }),
    defineCommand('configure', { schema: cmd.Configure, allow: chairOnly, apply: onSession(apply.configure), policy: PUBLIC }),
    // ---- sitting delegates (and the chair)
    defineCommand('checkIn', { schema: cmd.CheckIn, allow: votingMembers, apply: onSession(apply.checkIn), policy: PUBLIC }),
    defineCommand('requestToSpeak', { schema: cmd.RequestToSpeak, allow: votingMembers, apply: onSession(apply.requestToSpeak), policy: PUBLIC }),
    defineCommand('withdrawRequest', { schema: cmd.WithdrawRequest, allow: votingMembers, apply: onSession(apply.withdrawRequest), policy: PUBLIC }),
    // ---- any member
    defineCommand('acknowledgeAnnouncement', { schema: cmd.AcknowledgeAnnouncement, allow: ROLES, apply: onSession(apply.acknowledgeAnnouncement), policy: PUBLIC }),
  ],
};
