// The data the app exchanges with its platform (renderer/platform/Platform.ts): plain, structured-clonable
// values. One definition for the browser platform, the Electron bridge (common/api/ipc.ts) and the Node
// services behind it (main/services/app).
import type { ErrorValue } from '../result.ts';
import type { Delegate, DocumentKind, Role } from '../meeting/types.ts';
import type { AgendaNode, MeetingInfo } from '../pack/format.ts';
import type { MeetingVoting } from '../voting/prepared.ts';

export type Lang = 'vi' | 'en';

/** Per-meeting download state shown to the delegate. */
export const MEETING_STATES = ['not-downloaded', 'downloading', 'paused', 'ready', 'update-available', 'revoked', 'expired'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

/** What a delegate sees BEFORE downloading: who they are and which session (the manifest is small). */
export interface InvitationPreview {
  readonly server: string;
  readonly meetingId: string;
  readonly delegateId: string;
  /** Absent only if the delegate list does not name this delegate (a secretariat mistake). */
  readonly delegate?: Delegate;
  readonly role: Role;
  readonly revision: number;
  readonly meeting: MeetingInfo;
  /** Documents this delegate can read, and their total size: what "Tải về" will fetch. */
  readonly documentCount: number;
  readonly totalBytes: number;
  /** True when this device has already joined this meeting as this delegate. */
  readonly alreadyJoined: boolean;
}

export interface MeetingSummary {
  readonly meetingId: string;
  readonly delegateId: string;
  readonly title: string;
  readonly body: string;
  readonly startsAt: string;
  readonly state: MeetingState;
  /** Last revision fully downloaded (readable offline); 0 when none. */
  readonly readyRevision: number;
  /** Newest revision known to exist on the server. */
  readonly latestRevision: number;
  /** The device lease, when the device holds (or held) the meeting's keys. */
  readonly lease?: LeaseInfo;
}

/**
 * The device lease (common/device/lease.ts) as the app shows it. 'ok': the keys of `what` are kept until
 * `at`; 'warn': they are destroyed at `at` unless the device reaches the server first; 'expired': the whole
 * meeting was destroyed at `at`.
 */
export interface LeaseInfo {
  readonly state: 'ok' | 'warn' | 'expired';
  readonly what: 'confidential' | 'meeting';
  readonly at: string;
  /** The lease of `what`, in hours. */
  readonly hours: number;
  /** The last authenticated answer from the server (ISO). */
  readonly lastContactAt: string;
  /** Confidential documents the lease already destroyed on this device (they download again once it reconnects). */
  readonly shredded?: LeaseShredding;
}

export interface LeaseShredding {
  readonly at: string;
  readonly hours: number;
  readonly documentIds: readonly string[];
}

/** A document the delegate may read, as listed on the meeting home. */
export interface ReadableDocument {
  readonly id: string;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly agendaItemId: string;
  readonly pages: number;
  readonly bytes: number;
  /** The pack revision in which this document's content last changed. */
  readonly revision: number;
  /** DocumentEntry.sha256: SHA-256 of the plaintext PDF, lowercase hex (annotations are placed on it). */
  readonly sha256: string;
  readonly confidential: boolean;
  /** Every chunk is on this device: it opens offline. */
  readonly available: boolean;
}

export interface MeetingView {
  readonly summary: MeetingSummary;
  /** The revision shown (the last complete one, or the joined one while the first download runs). */
  readonly revision: number;
  readonly publishedAt: string;
  readonly meeting: MeetingInfo;
  readonly agenda: readonly AgendaNode[];
  readonly delegates: readonly Delegate[];
  readonly me?: Delegate;
  readonly role: Role;
  readonly documents: readonly ReadableDocument[];
  /** Voting settings and prepared polls from the pack (defaults for older packs): the chair console's "Biểu quyết đã chuẩn bị". */
  readonly voting?: MeetingVoting;
}

export type DownloadPhase = 'running' | 'paused' | 'done' | 'failed';

export interface DownloadProgress {
  readonly meetingId: string;
  readonly revision: number;
  readonly phase: DownloadPhase;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly documentsDone: number;
  readonly documentsTotal: number;
  /** Estimated seconds left, when enough has been measured. */
  readonly secondsLeft?: number;
  readonly error?: ErrorValue;
}

export type DocumentChange = 'added' | 'changed' | 'removed';

export interface ChangedDocument {
  readonly id: string;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly change: DocumentChange;
  readonly revision: number;
}

/** What a newer revision on the server changes for this delegate. */
export interface UpdateInfo {
  readonly meetingId: string;
  readonly fromRevision: number;
  readonly toRevision: number;
  readonly changes: readonly ChangedDocument[];
  /** Ciphertext bytes not yet on this device. */
  readonly bytesToDownload: number;
}

export interface LastDocument {
  readonly meetingId: string;
  readonly documentId: string;
  readonly page: number;
}

export interface Settings {
  readonly language: Lang;
  readonly lastDocument?: LastDocument;
}

export interface LiveCredentials {
  readonly server: string;
  /** The delegate's auth token (deriveCredentials); sent as Bearer and as the sync socket's `token`. */
  readonly token: string;
  readonly delegateId: string;
  readonly role: Role;
}
