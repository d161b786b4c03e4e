// The browser implementation of the Platform seam: the device core's DeviceApp (common/device, the same code
// Electron runs in its main process) over IndexedDB (webStore.ts) and fetch; plus settings and the
// connectivity indicator. Ciphertext is stored exactly as downloaded and decrypted on open.
import { DeviceApp } from '../../../common/device/DeviceApp.ts';
import { DeviceCore } from '../../../common/device/DeviceCore.ts';
import { pingServer, type FetchLike } from '../../../common/device/serverClient.ts';
import type { SecretSealer } from '../../../common/device/store.ts';
import { hasWebCrypto } from '../../../common/pack/crypto.ts';
import { toErrorValue, type Result } from '../../../common/result.ts';
import type {
  DownloadProgress,
  InvitationPreview,
  LiveCredentials,
  MeetingSummary,
  MeetingView,
  NoteKeys,
  Platform,
  PlatformEnvironment,
  PlatformRecords,
  Settings,
  Unsubscribe,
  UpdateInfo,
} from '../Platform.ts';
import { BROWSER_SEALER } from './webStoreRows.ts';
import type { SearchOptions, SearchResults } from '../../../common/search/types.ts';
import { WebStore } from './webStore.ts';

export type { FetchLike };

const recordText = (v: string | Uint8Array): string => (typeof v === 'string' ? v : new TextDecoder().decode(v));

const DEFAULT_SETTINGS: Settings = { language: 'vi' };
/** How often the connectivity indicator re-checks the server while the app is open. */
export const PING_INTERVAL_MS = 20_000;

/** In a browser the secret is protected by the browser profile alone (SECURITY.md): stored as is. */
export const browserSealer: SecretSealer = {
  protect: async (plain) => new Uint8Array(plain),
  unprotect: async (blob) => new Uint8Array(blob),
  describe: () => BROWSER_SEALER,
};

export interface WebPlatformOptions {
  readonly fetch?: FetchLike;
  readonly indexedDB?: IDBFactory;
  readonly dbName?: string;
  /** The origin the app was served from (the server the connectivity check pings). */
  readonly origin?: string;
}

export class WebPlatform implements Platform {
  private readonly fetchImpl: FetchLike;
  private readonly storeP: Promise<WebStore>;
  private readonly appP: Promise<DeviceApp>;
  private readonly coreP: Promise<DeviceCore>;
  private readonly origin: string;
  private settings: Settings | undefined;

  constructor(opts: WebPlatformOptions = {}) {
    this.fetchImpl = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.storeP = WebStore.open(opts.indexedDB ?? globalThis.indexedDB, opts.dbName);
    this.origin = opts.origin ?? globalThis.location?.origin ?? '';
    this.coreP = this.storeP.then((store) => new DeviceCore({ store, sealer: browserSealer, fetch: this.fetchImpl }));
    // A browser has no other data folder: joining as another delegate replaces the meeting.
    this.appP = this.coreP.then((core) => new DeviceApp({ core, acceptStores: true, otherIdentity: 'replace' }));
  }

  environment(): PlatformEnvironment {
    return { kind: 'web', cryptoAvailable: hasWebCrypto(), secureContext: globalThis.isSecureContext !== false, origin: this.origin };
  }

  async previewInvitation(link: string): Promise<Result<InvitationPreview>> {
    return (await this.appP).previewInvitation(link);
  }

  async joinMeeting(link: string): Promise<Result<MeetingSummary>> {
    return (await this.appP).joinMeeting(link);
  }

  async listMeetings(): Promise<Result<readonly MeetingSummary[]>> {
    return (await this.appP).listMeetings();
  }

  async getMeeting(meetingId: string): Promise<Result<MeetingView>> {
    return (await this.appP).getMeeting(meetingId);
  }

  async forgetMeeting(meetingId: string): Promise<Result<void>> {
    const r = await (await this.appP).forgetMeeting(meetingId);
    return r.ok ? { ok: true, value: undefined } : r;
  }

  async startDownload(meetingId: string, onProgress: (p: DownloadProgress) => void): Promise<Result<MeetingSummary>> {
    return (await this.appP).startDownload(meetingId, onProgress);
  }

  pauseDownload(meetingId: string): void {
    void this.appP.then((app) => app.pauseDownload(meetingId));
  }

  async checkForUpdate(meetingId: string): Promise<Result<UpdateInfo | null>> {
    return (await this.appP).checkForUpdate(meetingId);
  }

  async openDocument(meetingId: string, documentId: string): Promise<Result<Uint8Array>> {
    return (await this.appP).openDocument(meetingId, documentId);
  }

  async search(query: string, options: SearchOptions = {}): Promise<Result<SearchResults>> {
    return (await this.appP).search(query, options);
  }

  async liveCredentials(meetingId: string): Promise<Result<LiveCredentials>> {
    return (await this.appP).liveCredentials(meetingId);
  }

  async noteKeys(meetingId: string): Promise<Result<NoteKeys>> {
    try {
      return await (await this.coreP).noteKeys(meetingId);
    } catch (e) {
      return { ok: false, error: toErrorValue(e) };
    }
  }

  async noteLiveContact(meetingId: string): Promise<void> {
    await (await this.appP).noteLiveContact(meetingId);
  }

  // ---- device records (secret ballots: the counter's key, the voter's ballot and receipt)

  readonly records: PlatformRecords = {
    get: (meetingId, kind, key) =>
      this.withStore(async (store) => {
        const r = await store.getRecord(meetingId, kind, key);
        return r === undefined ? undefined : recordText(r.value);
      }),
    put: (meetingId, kind, key, value) =>
      this.withStore(async (store) => {
        await store.putRecord({ meetingId, kind, key, value });
        return null;
      }),
    list: (meetingId, kind) => this.withStore(async (store) => (await store.listRecords(meetingId, kind)).map((r) => ({ key: r.key, value: recordText(r.value) }))),
  };

  private async withStore<T>(fn: (store: WebStore) => Promise<T>): Promise<Result<T>> {
    try {
      return { ok: true, value: await fn(await this.storeP) };
    } catch (e) {
      return { ok: false, error: toErrorValue(e) };
    }
  }

  // ---- settings and connectivity

  async getSettings(): Promise<Settings> {
    this.settings ??= { ...DEFAULT_SETTINGS, ...(await (await this.storeP).getSettings()) };
    return this.settings;
  }

  async saveSettings(patch: Partial<Settings>): Promise<void> {
    const next = { ...(await this.getSettings()), ...patch };
    this.settings = next;
    await (await this.storeP).saveSettings(next);
  }

  onConnectivity(listener: (online: boolean) => void): Unsubscribe {
    let alive = true;
    const check = async () => {
      const online = globalThis.navigator?.onLine !== false && (await pingServer(this.origin, this.fetchImpl));
      if (alive) listener(online);
    };
    const onChange = () => void check();
    globalThis.addEventListener?.('online', onChange);
    globalThis.addEventListener?.('offline', onChange);
    const timer = setInterval(onChange, PING_INTERVAL_MS);
    void check();
    return () => {
      alive = false;
      clearInterval(timer);
      globalThis.removeEventListener?.('online', onChange);
      globalThis.removeEventListener?.('offline', onChange);
    };
  }
}
