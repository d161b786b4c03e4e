// Revocation and re-invitation of one member, each in ONE transaction with what the live session does about
// it (memberEvents.applyMemberChange: the member's presence is dropped from the meeting state). Revoking a
// device is not removing a deputy: the seat stays and counts toward the quorum's N; a re-invitation gives the
// same seat a new secret (issue 14 §5).
import type { ServerDb } from './serverDb.ts';
import type { ReinviteRequest } from '../../common/api/http.ts';
import { CouncilError } from '../../common/result.ts';
import { commitOutcomeUnknown, readAfterBrokenCommit } from './commitOutcome.ts';
import { applyMemberChange } from './memberEvents.ts';
import {
  deleteWrappedKeys,
  getMeeting,
  getMember,
  getMemberByTokenHash,
  insertWrappedKeys,
  isRetiredToken,
  replaceMemberToken,
  retireToken,
  revokeMember,
} from './packQueries.ts';

/** Revokes the member's link; true when this call revoked it, false when it already was. */
export function revokeMemberLink(db: ServerDb, meetingId: string, delegateId: string, now: Date): boolean {
  const at = now.toISOString();
  try {
    return revokeOnce(db, meetingId, delegateId, now);
  } catch (e) {
    // PostgreSQL's COMMIT lost its connection: revoked at this very time means this call's transaction committed.
    if (commitOutcomeUnknown(e) && readAfterBrokenCommit(() => getMember(db, meetingId, delegateId)?.revokedAt === at) === true) return true;
    throw e;
  }
}

function revokeOnce(db: ServerDb, meetingId: string, delegateId: string, now: Date): boolean {
  return db.transaction((): boolean => {
    const member = getMember(db, meetingId, delegateId);
    if (!member) throw new CouncilError('NOT_FOUND', 'no such member in this meeting');
    if (member.revokedAt !== undefined) return false;
    revokeMember(db, meetingId, delegateId, now.toISOString());
    // Last: once the listeners have changed the state room, only the commit follows.
    applyMemberChange(db, { kind: 'revoked', meetingId, delegateId, at: now.getTime() });
    return true;
  })();
}

/** Gives the member a new token and key bundle; returns the meeting's latest revision. */
export function reinviteMember(db: ServerDb, meetingId: string, delegateId: string, request: ReinviteRequest, now: Date): number {
  try {
    return reinviteOnce(db, meetingId, delegateId, request, now);
  } catch (e) {
    // PostgreSQL's COMMIT lost its connection: the seat holding the new token hash means it committed.
    if (commitOutcomeUnknown(e)) {
      const latest = readAfterBrokenCommit(() => (getMember(db, meetingId, delegateId)?.tokenHash === request.tokenHash ? getMeeting(db, meetingId)?.latestRevision : undefined));
      if (latest !== undefined) return latest;
    }
    throw e;
  }
}

function reinviteOnce(db: ServerDb, meetingId: string, delegateId: string, request: ReinviteRequest, now: Date): number {
  return db.transaction((): number => {
    const meeting = getMeeting(db, meetingId);
    const member = getMember(db, meetingId, delegateId);
    if (!meeting || !member) throw new CouncilError('NOT_FOUND', 'no such member in this meeting');
    const revisions = new Set(request.keys.map((k) => k.revision));
    if (revisions.size !== request.keys.length) throw new CouncilError('BAD_REQUEST', 'a revision is listed twice');
    if (!revisions.has(meeting.latestRevision)) throw new CouncilError('CONFLICT', `the keys must include the latest revision ${meeting.latestRevision}`);
    if ([...revisions].some((r) => r > meeting.latestRevision)) throw new CouncilError('BAD_REQUEST', 'keys for a revision that is not published');
    if (getMemberByTokenHash(db, request.tokenHash) || isRetiredToken(db, request.tokenHash)) throw new CouncilError('CONFLICT', 'this token hash is already in use');
    retireToken(db, member.tokenHash, meetingId, delegateId, now.toISOString());
    replaceMemberToken(db, meetingId, delegateId, request.tokenHash);
    deleteWrappedKeys(db, meetingId, delegateId);
    for (const k of request.keys) insertWrappedKeys(db, meetingId, k.revision, delegateId, k.wrappedKeys);
    applyMemberChange(db, { kind: 'reinvited', meetingId, delegateId, at: now.getTime() });
    return meeting.latestRevision;
  })();
}
