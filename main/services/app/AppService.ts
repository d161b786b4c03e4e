// The operations of the app's Platform (renderer/platform/Platform.ts) for the Electron main process: the
// device core's DeviceApp (common/device, the same code the browser runs) over the vault's SQLite file,
// with the KeyProtector asked at each use. Plain Node: it never imports electron, so it is tested against a
// real collab-server. Every method answers a Result; nothing throws across the IPC boundary.
import type { DownloadProgress, InvitationPreview, LiveCredentials, MeetingSummary, MeetingView, UpdateInfo } from '../../../common/api/ipc.ts';
import { DeviceApp } from '../../../common/device/DeviceApp.ts';
import type { SecretSealer } from '../../../common/device/store.ts';
import type { FetchLike } from '../../../common/device/serverClient.ts';
import { toErrorValue, type Result } from '../../../common/result.ts';
import type { KeyProtector } from '../keys/KeyProtector.ts';
import { listMeetingRecords } from '../vault/meetingQueries.ts';
import { nodeDeviceCore } from '../vault/nodeCore.ts';
import { openSqliteDeviceStore, type SqliteDeviceStore } from '../vault/sqliteDeviceStore.ts';

export interface AppServiceOptions {
  /** The vault folder (in Electron: <userData>/vault). */
  readonly dataDir: string;
  /** Asked at each use: it may be locked until the delegate types a passphrase (VAULT_LOCKED). */
  readonly protector: () => KeyProtector;
  readonly fetchImpl?: FetchLike;
  readonly now?: () => number;
}

export class AppService {
  readonly #o: AppServiceOptions;
  #store: SqliteDeviceStore | undefined;
  #app: DeviceApp | undefined;

  constructor(options: AppServiceOptions) {
    this.#o = options;
  }

  /** The vault is opened (created) on first use and stays open for the life of the process. */
  #device(): DeviceApp {
    if (!this.#app) {
      const protector = (): KeyProtector => this.#o.protector();
      const sealer: SecretSealer = {
        protect: (plain) => protector().protect(plain),
        unprotect: (blob) => protector().unprotect(blob),
        describe: () => protector().describe(),
      };
      this.#store = openSqliteDeviceStore(this.#o.dataDir);
      const core = nodeDeviceCore(this.#store, sealer, this.#o.fetchImpl, this.#o.now);
      this.#app = new DeviceApp({ core, acceptStores: false, otherIdentity: 'refuse', ...(this.#o.now ? { now: this.#o.now } : {}) });
    }
    return this.#app;
  }

  /** Opening the vault can fail (a schema from the future, a damaged file): that too is a Result. */
  async #run<T>(fn: (app: DeviceApp) => Promise<Result<T>>): Promise<Result<T>> {
    let app: DeviceApp;
    try {
      app = this.#device();
    } catch (e) {
      return { ok: false, error: toErrorValue(e) };
    }
    return fn(app);
  }

  previewInvitation(link: string): Promise<Result<InvitationPreview>> {
    return this.#run((app) => app.previewInvitation(link));
  }

  /** Remembers the invitation; nothing is stored until the download starts (the vault may be locked). */
  joinMeeting(link: string): Promise<Result<MeetingSummary>> {
    return this.#run((app) => app.joinMeeting(link));
  }

  listMeetings(): Promise<Result<readonly MeetingSummary[]>> {
    return this.#run((app) => app.listMeetings());
  }

  getMeeting(meetingId: string): Promise<Result<MeetingView>> {
    return this.#run((app) => app.getMeeting(meetingId));
  }

  forgetMeeting(meetingId: string): Promise<Result<null>> {
    return this.#run((app) => app.forgetMeeting(meetingId));
  }

  startDownload(meetingId: string, onProgress: (p: DownloadProgress) => void): Promise<Result<MeetingSummary>> {
    return this.#run((app) => app.startDownload(meetingId, onProgress));
  }

  pauseDownload(meetingId: string): void {
    this.#app?.pauseDownload(meetingId);
  }

  checkForUpdate(meetingId: string): Promise<Result<UpdateInfo | null>> {
    return this.#run((app) => app.checkForUpdate(meetingId));
  }

  openDocument(meetingId: string, documentId: string): Promise<Result<Uint8Array>> {
    return this.#run((app) => app.openDocument(meetingId, documentId));
  }

  liveCredentials(meetingId: string): Promise<Result<LiveCredentials>> {
    return this.#run((app) => app.liveCredentials(meetingId));
  }

  /** The live session reached the server: the device lease restarts (at most once a minute). */
  noteLiveContact(meetingId: string): Promise<Result<null>> {
    return this.#run((app) => app.noteLiveContact(meetingId));
  }

  /** Servers of the meetings on this device (the CSP's connect-src); synchronous for the protocol handler. */
  servers(): string[] {
    try {
      this.#device();
      return this.#store ? [...new Set(listMeetingRecords(this.#store.db).map((r) => r.server))] : [];
    } catch {
      return [];
    }
  }

  close(): void {
    this.#store?.close();
    this.#store = undefined;
    this.#app = undefined;
  }
}
