// The Electron IPC contract: channel names and their argument/return types, shared by main/electron (which
// registers one ipcMain.handle per channel and validates every argument), main/preload (which exposes exactly
// these names, nothing else) and renderer/platform/electron (which calls them). Every invoke answers a
// Result value (STYLE.md rule 2); nothing throws across the boundary.
import type { NoteKeys } from '../annotations/noteKeys.ts';
import type { Result } from '../result.ts';
import type { SearchOptions, SearchResults } from '../search/types.ts';

// ---- Data that crosses the bridge: the app's platform data (common/api/appTypes.ts).
import type { Lang, MeetingState, InvitationPreview, MeetingSummary, ReadableDocument, MeetingView, DownloadPhase, DownloadProgress, DocumentChange, ChangedDocument, UpdateInfo, LastDocument, LiveCredentials, Settings } from './appTypes.ts';
export type { Lang, MeetingState, InvitationPreview, MeetingSummary, ReadableDocument, MeetingView, DownloadPhase, DownloadProgress, DocumentChange, ChangedDocument, UpdateInfo, LastDocument, LiveCredentials, Settings };

/** Renderer → main calls (ipcRenderer.invoke / ipcMain.handle). The wire name is `council:<name>`. */
export const IPC_INVOKE_CHANNELS = [
  'previewInvitation',
  'joinMeeting',
  'listMeetings',
  'getMeeting',
  'forgetMeeting',
  'startDownload',
  'pauseDownload',
  'checkForUpdate',
  'openDocument',
  'search',
  'getRecord',
  'putRecord',
  'listRecords',
  'liveCredentials',
  'noteKeys',
  'noteLiveContact',
  'getSettings',
  'saveSettings',
  'keystoreStatus',
  'unlockKeystore',
  'openExternal',
  'takePendingInvitation',
] as const;
export type IpcInvokeChannel = (typeof IPC_INVOKE_CHANNELS)[number];

/** Main → renderer notifications (webContents.send / ipcRenderer.on). The wire name is `council:event:<name>`. */
export const IPC_EVENT_CHANNELS = ['downloadProgress', 'invitationLink'] as const;
export type IpcEventChannel = (typeof IPC_EVENT_CHANNELS)[number];

export const IPC_PREFIX = 'council:';
export const IPC_EVENT_PREFIX = 'council:event:';
export const ipcInvokeName = (c: IpcInvokeChannel): string => `${IPC_PREFIX}${c}`;
export const ipcEventName = (c: IpcEventChannel): string => `${IPC_EVENT_PREFIX}${c}`;

/** Longest invitation link accepted over IPC (a real one is about 250 characters). */
export const MAX_LINK_LENGTH = 4096;
export const MAX_URL_LENGTH = 2048;
export const MIN_PASSPHRASE_LENGTH = 8;
export const MAX_PASSPHRASE_LENGTH = 1024;

/**
 * How the device keeps the invitation secrets at rest (SECURITY.md): the OS keystore through safeStorage, or,
 * where that is a fixed password (Linux 'basic_text') or absent, a passphrase the delegate types.
 */
export type KeystoreMode = 'os-keystore' | 'passphrase';
export interface KeystoreStatus {
  readonly mode: KeystoreMode;
  /** False until the passphrase has been given in this run (always true for the OS keystore). */
  readonly unlocked: boolean;
  /** True the first time: the passphrase being asked for is new (ask twice). */
  readonly firstUse: boolean;
  /** Why the passphrase is needed, as a stable code the UI translates. */
  readonly reason?: 'basic-text' | 'unavailable' | 'chosen-before' | 'keystore-gone';
}

export interface DownloadProgressEvent {
  readonly meetingId: string;
  readonly progress: DownloadProgress;
}

/** Arguments (as a tuple) and the value inside the Result, per invoke channel. */
export interface IpcInvokeMap {
  previewInvitation: { args: [link: string]; value: InvitationPreview };
  joinMeeting: { args: [link: string]; value: MeetingSummary };
  listMeetings: { args: []; value: readonly MeetingSummary[] };
  getMeeting: { args: [meetingId: string]; value: MeetingView };
  forgetMeeting: { args: [meetingId: string]; value: null };
  /** Progress arrives as downloadProgress events for this meeting id until the call resolves. */
  startDownload: { args: [meetingId: string]; value: MeetingSummary };
  pauseDownload: { args: [meetingId: string]; value: null };
  checkForUpdate: { args: [meetingId: string]; value: UpdateInfo | null };
  openDocument: { args: [meetingId: string, documentId: string]; value: Uint8Array };
  /** Search on this device (common/search/types.ts). */
  search: { args: [query: string, options: SearchOptions]; value: SearchResults };
  /** Device records (common/device/store.ts): a feature's data beside a meeting (secret-ballot keys and receipts). */
  getRecord: { args: [meetingId: string, kind: string, key: string]; value: string | null };
  putRecord: { args: [meetingId: string, kind: string, key: string, value: string]; value: null };
  listRecords: { args: [meetingId: string, kind: string]; value: { key: string; value: string }[] };
  liveCredentials: { args: [meetingId: string]; value: LiveCredentials };
  /** The annotation keys of the revision shown (common/annotations/noteKeys.ts); NOTE_KEYS_MISSING for an older pack. */
  noteKeys: { args: [meetingId: string]; value: NoteKeys };
  /** The live session reached the server for this meeting: the device lease restarts (at most once a minute). */
  noteLiveContact: { args: [meetingId: string]; value: null };
  getSettings: { args: []; value: Settings };
  saveSettings: { args: [patch: Partial<Settings>]; value: Settings };
  keystoreStatus: { args: []; value: KeystoreStatus };
  unlockKeystore: { args: [passphrase: string]; value: KeystoreStatus };
  /** Opens a vetted https URL in the system browser; FORBIDDEN for anything else. */
  openExternal: { args: [url: string]; value: null };
  /** A council:// link the app was started with (or received) before the renderer listened; once. */
  takePendingInvitation: { args: []; value: string | null };
}

export interface IpcEventMap {
  downloadProgress: DownloadProgressEvent;
  /** A council:// invitation link opened while the app runs (second instance, macOS open-url). */
  invitationLink: string;
}

export type IpcArgs<C extends IpcInvokeChannel> = IpcInvokeMap[C]['args'];
export type IpcValue<C extends IpcInvokeChannel> = IpcInvokeMap[C]['value'];
export type IpcResult<C extends IpcInvokeChannel> = Result<IpcValue<C>>;

/** What the preload puts on `window.council`: one method per invoke channel, plus `on` for events. */
export type CouncilBridge = {
  readonly [C in IpcInvokeChannel]: (...args: IpcArgs<C>) => Promise<IpcResult<C>>;
} & {
  on<E extends IpcEventChannel>(event: E, listener: (payload: IpcEventMap[E]) => void): () => void;
};

/**
 * Device records over IPC (renderer/platform/Platform.ts `records`; main/services/app/AppService.ts answers
 * them, kept in the vault): the getRecord / putRecord / listRecords channels above. A bridge without them (an
 * older preload) makes the renderer keep secret-ballot records in memory (renderer/platform/deviceRecords.ts).
 */
export interface RecordsBridge {
  getRecord(meetingId: string, kind: string, key: string): Promise<Result<string | null>>;
  putRecord(meetingId: string, kind: string, key: string, value: string): Promise<Result<null>>;
  listRecords(meetingId: string, kind: string): Promise<Result<{ key: string; value: string }[]>>;
}

/** The global the preload defines in Electron; absent in browsers. */
export const BRIDGE_GLOBAL = 'council';
