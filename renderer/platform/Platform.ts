// THE seam between the React app and the world (Actual's loot-core platform style). The browser build
// implements it over fetch + IndexedDB (renderer/platform/web); Electron implements it over IPC
// (renderer/platform/electron*). Everything crossing it is plain, structured-clonable data; failures are
// Result values with stable error codes that the UI translates. Keep this file stable: two teams build on it.
import type { NoteKeys } from '../../common/annotations/noteKeys.ts';
import type { Result } from '../../common/result.ts';
import type { DownloadProgress, InvitationPreview, LiveCredentials, MeetingSummary, MeetingView, Settings, UpdateInfo } from '../../common/api/appTypes.ts';
import type { SearchOptions, SearchResults } from '../../common/search/types.ts';

export * from '../../common/api/appTypes.ts';
export type { SearchOptions, SearchResults, SearchDocumentResult, SearchPageResult, Snippet, TextSpan } from '../../common/search/types.ts';
export type { NoteKeys } from '../../common/annotations/noteKeys.ts';

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

/**
 * Per-meeting records a feature keeps on this device, beside the meeting (common/device/store.ts records: they go
 * when the meeting is forgotten or revoked). Secret ballots keep the counter's private key, the voter's sealed
 * ballot and receipt here (common/voting/secretClient.ts). Kinds are short lowercase names; values are strings.
 */
export interface PlatformRecords {
  get(meetingId: string, kind: string, key: string): Promise<Result<string | undefined>>;
  put(meetingId: string, kind: string, key: string, value: string): Promise<Result<null>>;
  list(meetingId: string, kind: string): Promise<Result<readonly { readonly key: string; readonly value: string }[]>>;
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

  /**
   * Search every page of every readable document on this device (every meeting, or options.meetingId), with or
   * without diacritics; results grouped by document and page with snippets and hit spans (common/search).
   */
  search(query: string, options?: SearchOptions): Promise<Result<SearchResults>>;

  /** What the live session (renderer/live) connects with: the server, this delegate's auth token, who they are. */
  liveCredentials(meetingId: string): Promise<Result<LiveCredentials>>;
  /**
   * The annotation keys (issue 8) of the revision shown, for the note book (renderer/annotations/book.ts):
   * NOTE_KEYS_MISSING when the pack predates annotations (the secretariat must publish again).
   */
  noteKeys(meetingId: string): Promise<Result<NoteKeys>>;
  /**
   * The live session reached the server for this meeting (synced, a command answered): the device lease
   * restarts. The core writes it at most once a minute; never fails (a lost note is caught up by the next).
   */
  noteLiveContact(meetingId: string): Promise<void>;

  getSettings(): Promise<Settings>;
  saveSettings(patch: Partial<Settings>): Promise<void>;
  /** Called now with the current state, then on every change. */
  onConnectivity(listener: (online: boolean) => void): Unsubscribe;

  /** Device records per meeting; absent on a platform that cannot keep them (then keep them in memory, and say so). */
  readonly records?: PlatformRecords;
}
