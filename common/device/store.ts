// The storage the device core (common/device) works on. Two adapters implement it: SQLite in Node and
// Electron (main/services/vault/sqliteDeviceStore.ts) and IndexedDB in a browser
// (renderer/platform/web/idbDeviceStore.ts); tests/unit/device runs one suite against both.
// Nothing stored here opens anything by itself: chunks are ciphertext exactly as downloaded, revisions keep
// the signed envelope and this delegate's wrapped keys, and the invitation secret is sealed by a SecretSealer.
import type { Role } from '../meeting/types.ts';
import type { ManifestEnvelope, WrappedKeys } from '../pack/format.ts';

/** 'revoked': the server said so; 'expired': the device lease ran out (common/device/lease.ts). Both shredded the keys. */
export type MeetingStatus = 'joining' | 'active' | 'revoked' | 'expired';

export interface MeetingRecord {
  readonly id: string;
  readonly server: string;
  readonly delegateId: string;
  /** From the signed manifest's delegate list (never the server's word). */
  readonly role: Role;
  /** The publisher key the invitation pins; every stored manifest is checked against it again on open. */
  readonly publisherKey: string;
  /** The complete, verified revision readers see; null until the first download completes. */
  readonly currentRevision: number | null;
  /** A revision being downloaded beside the current one; null when none. */
  readonly pendingRevision: number | null;
  readonly status: MeetingStatus;
  readonly joinedAt: string;
  readonly updatedAt: string;
  /** The last authenticated answer from the server for this meeting's token (ISO): the lease counts from it. */
  readonly lastContactAt: string;
  /** The lease, in hours, that ran out when the meeting was shredded for it (status 'expired'); null otherwise. */
  readonly expiredLeaseHours: number | null;
  /**
   * The highest revision this device held (current or pending) when its keys were shredded: a later download
   * is still refused an older revision (rollback), although the shredding cleared the revisions.
   */
  readonly highestRevision?: number | null;
  /** The latest device time (ISO) the lease has seen for this meeting, never lowered: a clock set back counts from it. */
  readonly latestSeenAt?: string;
}

export type MeetingIdentity = Pick<MeetingRecord, 'id' | 'server' | 'delegateId' | 'role' | 'publisherKey'>;

export interface RevisionRecord {
  readonly meetingId: string;
  readonly revision: number;
  readonly envelope: ManifestEnvelope;
  readonly wrappedKeys: WrappedKeys;
  readonly complete: boolean;
  /** A download of this (pending) revision has begun: the state reads "paused" rather than "not downloaded". */
  readonly started: boolean;
}

export interface PendingRevision {
  readonly meetingId: string;
  readonly revision: number;
  readonly envelope: ManifestEnvelope;
  readonly wrappedKeys: WrappedKeys;
  /** Every chunk the readable documents of this revision need: they are kept until the revision goes. */
  readonly hashes: readonly string[];
  readonly started: boolean;
}

/** A stored revision's wrapped keys and the chunks its readable documents need (DeviceStore.replaceKeys). */
export interface RevisionKeys {
  readonly revision: number;
  readonly wrappedKeys: WrappedKeys;
  readonly hashes: readonly string[];
}

/** The invitation secret sealed at rest: a KeyProtector in Node/Electron, the browser profile on the web. */
export interface SealedSecret {
  /** Who sealed it (KeyProtector.describe()), for diagnostics. */
  readonly sealer: string;
  readonly blob: Uint8Array;
}

/** Seals the invitation secret before it is stored. main/services/keys/KeyProtector.ts is one. */
export interface SecretSealer {
  protect(plain: Uint8Array): Promise<Uint8Array>;
  /** Throws CouncilError VAULT_LOCKED when the blob cannot be opened. */
  unprotect(blob: Uint8Array): Promise<Uint8Array>;
  describe(): string;
}

/**
 * Per-meeting keyed records for the features that keep their own data beside a meeting: annotations
 * (kind 'annotation', key = annotation id), a search index (kind 'search', key = document id), … A record
 * goes with its meeting: forgetting or revoking the meeting deletes its records in the same transaction.
 */
export type RecordValue = string | Uint8Array;

export interface DeviceRecord {
  readonly meetingId: string;
  readonly kind: string;
  readonly key: string;
  readonly value: RecordValue;
}

/** Record kinds are short lowercase names chosen by our code. */
export const RECORD_KIND_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export interface DeviceStore {
  getMeeting(meetingId: string): Promise<MeetingRecord | undefined>;
  listMeetings(): Promise<MeetingRecord[]>;
  /** Creates the meeting ('joining', no revision) or refreshes who this device is in it; stores the sealed secret. Durable. */
  saveIdentity(identity: MeetingIdentity, secret: SealedSecret): Promise<void>;
  getSecret(meetingId: string): Promise<SealedSecret | undefined>;

  getRevision(meetingId: string, revision: number): Promise<RevisionRecord | undefined>;
  /**
   * Starts (or resumes) a revision beside the current one: the current revision and its chunks stay; an
   * older abandoned pending revision is dropped, keeping the chunks the new one shares with it.
   */
  beginRevision(p: PendingRevision): Promise<void>;
  /** Makes a verified revision current in one durable transaction, then drops older revisions and unreferenced chunks. */
  commitRevision(meetingId: string, revision: number): Promise<void>;
  /** Drops a pending revision that failed verification; a meeting with no current revision is removed entirely. */
  abandonRevision(meetingId: string, revision: number): Promise<void>;

  putChunk(hash: string, ciphertext: Uint8Array): Promise<void>;
  getChunk(hash: string): Promise<Uint8Array | undefined>;
  /** The subset of `hashes` stored on this device. */
  storedChunks(hashes: readonly string[]): Promise<Set<string>>;

  /** Crypto-shredding in one durable transaction: the secret, revisions, records and unshared chunks go; the row stays 'revoked'. */
  revoke(meetingId: string): Promise<void>;
  /** The same shredding for a lease that ran out: the row stays 'expired', with the lease it had. */
  expire(meetingId: string, leaseHours: number): Promise<void>;
  /**
   * Replaces stored revisions' wrapped keys and chunk lists in one durable transaction, then deletes every
   * chunk nothing references any more: the lease destroys confidential keys and ciphertext with it, and a
   * download puts them back. Revisions not on the device are skipped.
   */
  replaceKeys(meetingId: string, revisions: readonly RevisionKeys[]): Promise<void>;
  /** An authenticated answer from the server for this meeting at `at` (ISO), which also raises latestSeenAt; a meeting not stored is ignored. */
  recordContact(meetingId: string, at: string): Promise<void>;
  /** Raises latestSeenAt to `at` (ISO) when it is later (never lowers it); a meeting not stored is ignored. */
  recordSeen(meetingId: string, at: string): Promise<void>;
  /** Removes the meeting, its secret, revisions, records and every chunk no other meeting uses. */
  forgetMeeting(meetingId: string): Promise<void>;

  putRecord(record: DeviceRecord): Promise<void>;
  getRecord(meetingId: string, kind: string, key: string): Promise<DeviceRecord | undefined>;
  /** The records of one kind of one meeting, by key. */
  listRecords(meetingId: string, kind: string): Promise<DeviceRecord[]>;
  deleteRecord(meetingId: string, kind: string, key: string): Promise<void>;
}
