// THE seam between the React app and the world (Actual's loot-core platform style). The browser build
// implements it over fetch + IndexedDB (renderer/platform/web); Electron implements it over IPC
// (renderer/platform/electron*). Everything crossing it is plain, structured-clonable data; failures are
// Result values with stable error codes that the UI translates. Keep this file stable: two teams build on it.
import type { ErrorValue, Result } from '../../common/result.ts';
import type { Delegate, DocumentKind, Role } from '../../common/meeting/types.ts';
import type { AgendaNode, MeetingInfo } from '../../common/pack/format.ts';

export type Lang = 'vi' | 'en';

/** Per-meeting download state shown to the delegate. */
export const MEETING_STATES = ['not-downloaded', 'downloading', 'paused', 'ready', 'update-available', 'revoked'] as const;
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

export interface PlatformEnvironment {
  readonly kind: 'web' | 'electron';
  /** WebCrypto is present: without it nothing can be verified or decrypted (SECURITY.md, hall networks). */
  readonly cryptoAvailable: boolean;
  /** The page is a secure context (https or loopback); false on plain http to a LAN address. */
  readonly secureContext: boolean;
  /** Where the app was opened from, for the "open the https address" advice. */
  readonly origin: string;
}

export type Unsubscribe = () => void;

export interface LiveCredentials {
  readonly server: string;
  /** The delegate's auth token (deriveCredentials); sent as Bearer and as the sync socket's `token`. */
  readonly token: string;
  readonly delegateId: string;
  readonly role: Role;
}

export interface Platform {
  environment(): PlatformEnvironment;

  /** Parse the link, fetch + verify + decrypt the manifest; stores nothing. */
  previewInvitation(link: string): Promise<Result<InvitationPreview>>;
  /** Store the invitation (and the manifest of the preview) on this device; does not download documents. */
  joinMeeting(link: string): Promise<Result<MeetingSummary>>;
  listMeetings(): Promise<Result<readonly MeetingSummary[]>>;
  getMeeting(meetingId: string): Promise<Result<MeetingView>>;
  /** Remove the meeting, its keys and its chunks no other meeting uses. */
  forgetMeeting(meetingId: string): Promise<Result<void>>;

  /**
   * Download the newest revision's missing chunks (4 in parallel; chunks already stored are skipped, so this
   * also resumes). Resolves when the download completes, is paused, or fails; the last complete revision stays
   * readable throughout.
   */
  startDownload(meetingId: string, onProgress: (p: DownloadProgress) => void): Promise<Result<MeetingSummary>>;
  /** Stop after the chunks in flight; startDownload resumes. */
  pauseDownload(meetingId: string): void;
  /** Ask the server for a newer revision; null when up to date (or offline: then the error is NETWORK). */
  checkForUpdate(meetingId: string): Promise<Result<UpdateInfo | null>>;

  /** Decrypt a document of the last complete revision from this device's store. */
  openDocument(meetingId: string, documentId: string): Promise<Result<Uint8Array>>;

  /** What the live session (renderer/live) connects with: the server, this delegate's auth token, who they are. */
  liveCredentials(meetingId: string): Promise<Result<LiveCredentials>>;

  getSettings(): Promise<Settings>;
  saveSettings(patch: Partial<Settings>): Promise<void>;
  /** Called now with the current state, then on every change. */
  onConnectivity(listener: (online: boolean) => void): Unsubscribe;
}
