// Publishing one revision of a meeting pack: every check and every write in ONE transaction, so a
// revision is either wholly visible to delegates or not at all.
import type { ServerDb } from './serverDb.ts';
import type { MemberUpload, PublishRevisionRequest } from '../../common/api/http.ts';
import { CouncilError } from '../../common/result.ts';
import {
  getEnvelopeJson,
  getMeeting,
  getMember,
  getMemberByTokenHash,
  insertMeeting,
  insertMember,
  insertRevision,
  insertRevisionChunks,
  insertWrappedKeys,
  missingChunks,
  setMemberGroup,
  setMeetingTotalDelegates,
  setMemberRole,
  type MeetingRecord,
} from './packQueries.ts';

export type PublishOutcome = 'created' | 'unchanged';
/** At most this many missing hashes are listed in the error details (the count is in the message). */
const MAX_LISTED_MISSING = 100;

export function publishRevision(db: ServerDb, request: PublishRevisionRequest, now: string): PublishOutcome {
  assertDistinctMembers(request.members);
  const envelopeJson = JSON.stringify(request.envelope);
  return db.transaction((): PublishOutcome => {
    const meeting = getMeeting(db, request.envelope.meetingId);
    if (meeting && isRepost(db, meeting, request, envelopeJson)) return 'unchanged';
    assertNextRevision(meeting, request);
    assertChunksStored(db, request.chunks);
    if (!meeting) insertMeeting(db, request.envelope.meetingId, request.envelope.publisherKey, now);
    insertRevision(db, request.envelope, envelopeJson, now);
    if (request.totalDelegates !== undefined) setMeetingTotalDelegates(db, request.envelope.meetingId, request.totalDelegates);
    insertRevisionChunks(db, request.envelope.meetingId, request.envelope.revision, [...new Set(request.chunks)]);
    for (const member of request.members) upsertMember(db, request.envelope.meetingId, request.envelope.revision, member);
    return 'created';
  })();
}

/** A retried publish of the latest revision gets the same answer; a different body under that number is a conflict. */
function isRepost(db: ServerDb, meeting: MeetingRecord, request: PublishRevisionRequest, envelopeJson: string): boolean {
  if (request.envelope.revision !== meeting.latestRevision) return false;
  if (getEnvelopeJson(db, meeting.id, meeting.latestRevision) === envelopeJson) return true;
  throw new CouncilError('CONFLICT', `revision ${meeting.latestRevision} is already published with different content`);
}

function assertNextRevision(meeting: MeetingRecord | undefined, request: PublishRevisionRequest): void {
  // The first publisher key is pinned in every invitation: a later revision under another key could never verify.
  if (meeting && meeting.publisherKey !== request.envelope.publisherKey) {
    throw new CouncilError('PACK_WRONG_PUBLISHER', 'this meeting was first published with another publisher key');
  }
  const expected = (meeting?.latestRevision ?? 0) + 1;
  if (request.envelope.revision !== expected) {
    throw new CouncilError('CONFLICT', `expected revision ${expected}, got ${request.envelope.revision}`);
  }
}

function assertChunksStored(db: ServerDb, chunks: readonly string[]): void {
  const missing = missingChunks(db, [...new Set(chunks)]);
  if (missing.length > 0) {
    throw new CouncilError('BAD_REQUEST', `${missing.length} chunk(s) not uploaded yet`, missing.slice(0, MAX_LISTED_MISSING));
  }
}

function assertDistinctMembers(members: readonly MemberUpload[]): void {
  const ids = new Set(members.map((m) => m.delegateId));
  const hashes = new Set(members.map((m) => m.tokenHash));
  if (ids.size !== members.length) throw new CouncilError('BAD_REQUEST', 'a delegate is listed twice');
  if (hashes.size !== members.length) throw new CouncilError('BAD_REQUEST', 'two delegates share a token hash');
}

/**
 * A delegate keeps the token hash of their first invitation (old links keep working) and a revoked delegate
 * stays revoked; only the role follows the newest revision.
 */
function upsertMember(db: ServerDb, meetingId: string, revision: number, m: MemberUpload): void {
  const existing = getMember(db, meetingId, m.delegateId);
  if (existing) {
    if (existing.role !== m.role) setMemberRole(db, meetingId, m.delegateId, m.role);
  } else {
    if (getMemberByTokenHash(db, m.tokenHash)) throw new CouncilError('CONFLICT', `the token hash of ${m.delegateId} is already in use`);
    insertMember(db, { meetingId, delegateId: m.delegateId, role: m.role, tokenHash: m.tokenHash });
  }
  setMemberGroup(db, meetingId, m.delegateId, m.groupId ?? '');
  insertWrappedKeys(db, meetingId, revision, m.delegateId, m.wrappedKeys);
}
