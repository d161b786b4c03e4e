// The rows the browser vault stores (IndexedDB version 2), apart from the code that reads and upgrades them.
import type { DeviceRecord, MeetingStatus, RevisionRecord } from '../../../common/device/store.ts';
import type { Role } from '../../../common/meeting/types.ts';

/** The browser profile is the only protection of a secret in IndexedDB (SECURITY.md). */
export const BROWSER_SEALER = 'browser-profile';

/** As stored (keyPath meetingId); converted in rowToMeeting / meetingToRow only. */
export interface MeetingRow {
  readonly meetingId: string;
  readonly server: string;
  readonly delegateId: string;
  readonly role: Role;
  readonly publisherKey: string;
  readonly currentRevision: number | null;
  readonly pendingRevision: number | null;
  readonly status: MeetingStatus;
  readonly joinedAt: string;
  readonly updatedAt: string;
  /** Version 3: the device lease. */
  readonly lastContactAt: string;
  readonly expiredLeaseHours: number | null;
  /** The highest revision held when the keys were shredded (rollback floor); absent before it was first set. */
  readonly highestRevision?: number | null;
  /** The latest device time the lease has seen (ISO), never lowered. */
  readonly latestSeenAt?: string;
}

export interface RevisionRow extends RevisionRecord {
  /** Chunks this revision references; null for a revision kept from DB version 1 (then nothing is collected). */
  readonly hashes: readonly string[] | null;
}

export interface KeyRow {
  readonly meetingId: string;
  readonly sealer: string;
  readonly blob: Uint8Array;
}

export type RecordRow = DeviceRecord;
