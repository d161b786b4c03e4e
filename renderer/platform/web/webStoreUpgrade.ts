// IndexedDB version 1 → 2: the first browser vault's rows, converted in place to the device core's shapes
// inside the versionchange transaction. Nothing is lost: a downloaded meeting stays readable offline.
import { fromB64url } from '../../../common/pack/encoding.ts';
import type { Role } from '../../../common/meeting/types.ts';
import type { ManifestEnvelope, WrappedKeys } from '../../../common/pack/format.ts';
import { BROWSER_SEALER, type KeyRow, type MeetingRow, type RevisionRow } from './webStoreRows.ts';

/** What version 1 stored. */
interface V1Meeting {
  readonly meetingId: string;
  readonly delegateId: string;
  readonly server: string;
  readonly publisherKey: string;
  readonly readyRevision: number;
  readonly latestRevision: number;
  readonly downloadStarted: boolean;
  readonly revoked: boolean;
  readonly joinedAt: string;
}
interface V1Revision {
  readonly meetingId: string;
  readonly revision: number;
  readonly role: Role;
  readonly envelope: ManifestEnvelope;
  readonly wrappedKeys: WrappedKeys;
}
interface V1Key {
  readonly meetingId: string;
  readonly secret: string;
}

export function convertMeeting(m: V1Meeting, role: Role, upgradedAt: string): MeetingRow {
  const ready = m.readyRevision > 0 ? m.readyRevision : null;
  return {
    meetingId: m.meetingId,
    server: m.server,
    delegateId: m.delegateId,
    role,
    publisherKey: m.publisherKey,
    currentRevision: m.revoked ? null : ready,
    pendingRevision: !m.revoked && m.latestRevision > m.readyRevision ? m.latestRevision : null,
    status: m.revoked ? 'revoked' : ready === null ? 'joining' : 'active',
    joinedAt: m.joinedAt,
    updatedAt: m.joinedAt,
    lastContactAt: upgradedAt,
    expiredLeaseHours: null,
  };
}

export function convertRevision(r: V1Revision, m: V1Meeting | undefined): RevisionRow {
  const complete = m !== undefined && r.revision === m.readyRevision;
  return { meetingId: r.meetingId, revision: r.revision, envelope: r.envelope, wrappedKeys: r.wrappedKeys, complete, started: !complete && m?.downloadStarted === true, hashes: null };
}

export function convertKey(k: V1Key): KeyRow | undefined {
  const blob = fromB64url(k.secret);
  return blob ? { meetingId: k.meetingId, sealer: BROWSER_SEALER, blob } : undefined;
}

/** Reads every v1 row and rewrites it; the versionchange transaction stays open while requests are pending. */
export function upgradeWebStore(tx: IDBTransaction, upgradedAt: string): void {
  const meetings = tx.objectStore('meetings');
  const revisions = tx.objectStore('revisions');
  const keys = tx.objectStore('keys');
  const allMeetings = meetings.getAll();
  allMeetings.onsuccess = () => {
    const byId = new Map((allMeetings.result as V1Meeting[]).map((m) => [m.meetingId, m]));
    const allRevisions = revisions.getAll();
    allRevisions.onsuccess = () => {
      const revs = allRevisions.result as V1Revision[];
      for (const r of revs) revisions.put(convertRevision(r, byId.get(r.meetingId)));
      for (const m of byId.values()) {
        const role = revs.find((r) => r.meetingId === m.meetingId && r.revision === m.latestRevision)?.role ?? 'delegate';
        meetings.put(convertMeeting(m, role, upgradedAt));
      }
    };
  };
  const allKeys = keys.getAll();
  allKeys.onsuccess = () => {
    for (const k of allKeys.result as V1Key[]) {
      const row = convertKey(k);
      if (row) keys.put(row);
      else keys.delete(k.meetingId);
    }
  };
}

/**
 * Version 2 → 3, the device lease: a meeting stored before it counts its last contact from this upgrade, so
 * upgrading never shreds anything without a warning first.
 */
export function stampLastContact(tx: IDBTransaction, upgradedAt: string): void {
  const meetings = tx.objectStore('meetings');
  const rows = meetings.getAll();
  rows.onsuccess = () => {
    for (const m of rows.result as MeetingRow[]) meetings.put({ ...m, lastContactAt: upgradedAt, expiredLeaseHours: null });
  };
}
