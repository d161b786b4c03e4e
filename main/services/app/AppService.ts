// The operations of the app's Platform (renderer/platform/Platform.ts) for the Electron main process: the
// device core's DeviceApp (common/device, the same code the browser runs) over the vault's SQLite file,
// with the KeyProtector asked at each use. Plain Node: it never imports electron, so it is tested against a
// real collab-server. Every method answers a Result; nothing throws across the IPC boundary.
import type { DownloadProgress, InvitationPreview, LiveCredentials, MeetingSummary, MeetingView, UpdateInfo } from '../../../common/api/ipc.ts';
import type { NoteKeys } from '../../../common/annotations/noteKeys.ts';
import { DeviceApp } from '../../../common/device/DeviceApp.ts';
import type { DeviceCore } from '../../../common/device/DeviceCore.ts';
import type { SecretSealer } from '../../../common/device/store.ts';
import type { FetchLike } from '../../../common/device/serverClient.ts';
import { toErrorValue, type Result } from '../../../common/result.ts';
import type { KeyProtector } from '../keys/KeyProtector.ts';
import { listMeetingRecords } from '../vault/meetingQueries.ts';
import { nodeDeviceCore } from '../vault/nodeCore.ts';
import { openSqliteDeviceStore, type SqliteDeviceStore } from '../vault/sqliteDeviceStore.ts';
import type { SearchOptions, SearchResults } from '../../../common/search/types.ts';
import { nodeTextReader } from '../search/textReader.ts';

const recordText = (v: string | Uint8Array): string => (typeof v === 'string' ? v : new TextDecoder().decode(v));

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
  #core: DeviceCore | undefined;

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
      this.#core = core;
      this.#app = new DeviceApp({ core, acceptStores: false, otherIdentity: 'refuse', readText: nodeTextReader(core), ...(this.#o.now ? { now: this.#o.now } : {}) });
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

  search(query: string, options: SearchOptions = {}): Promise<Result<SearchResults>> {
    return this.#run((app) => app.search(query, options));
  }

  liveCredentials(meetingId: string): Promise<Result<LiveCredentials>> {
    return this.#run((app) => app.liveCredentials(meetingId));
  }

  /** The annotation keys of the revision shown (issue 8); NOTE_KEYS_MISSING for a pack from before annotations. */
  noteKeys(meetingId: string): Promise<Result<NoteKeys>> {
    return this.#run(async () => {
      const core = this.#core;
      if (!core) return { ok: false, error: { code: 'INTERNAL', message: 'the vault is not open' } };
      return core.noteKeys(meetingId);
    });
  }

  /** The live session reached the server: the device lease restarts (at most once a minute). */
  noteLiveContact(meetingId: string): Promise<Result<null>> {
    return this.#run((app) => app.noteLiveContact(meetingId));
  }

  // ---- per-meeting device records (secret ballots: the counter's key, the voter's ballot and receipt)

  getRecord(meetingId: string, kind: string, key: string): Promise<Result<string | null>> {
    return this.#records(async (store) => {
      const r = await store.getRecord(meetingId, kind, key);
      return r === undefined ? null : recordText(r.value);
    });
  }

  putRecord(meetingId: string, kind: string, key: string, value: string): Promise<Result<null>> {
    return this.#records(async (store) => {
      await store.putRecord({ meetingId, kind, key, value });
      return null;
    });
  }

  listRecords(meetingId: string, kind: string): Promise<Result<{ key: string; value: string }[]>> {
    return this.#records(async (store) => (await store.listRecords(meetingId, kind)).map((r) => ({ key: r.key, value: recordText(r.value) })));
  }

  async #records<T>(fn: (store: SqliteDeviceStore) => Promise<T>): Promise<Result<T>> {
    try {
      this.#device();
      if (!this.#store) return { ok: false, error: { code: 'INTERNAL', message: 'the vault is not open' } };
      return { ok: true, value: await fn(this.#store) };
    } catch (e) {
      return { ok: false, error: toErrorValue(e) };
    }
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
