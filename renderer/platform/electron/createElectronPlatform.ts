// The Platform over window.council (the preload's bridge). Data crosses as structured clones; every call
// answers a Result. Electron-only extras (passphrase keystore, council:// links, vetted external links)
// are on ElectronPlatform for the screens that need them.
import { BRIDGE_GLOBAL, type CouncilBridge, type KeystoreStatus, type RecordsBridge } from '../../../common/api/ipc.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { DownloadProgress, Platform, PlatformEnvironment, PlatformRecords, Settings, Unsubscribe } from '../Platform.ts';

export interface ElectronPlatform extends Platform {
  keystoreStatus(): Promise<Result<KeystoreStatus>>;
  unlockKeystore(passphrase: string): Promise<Result<KeystoreStatus>>;
  /** council:// links: the one the app was started with (once), then each one opened later. */
  onInvitationLink(listener: (link: string) => void): Unsubscribe;
  openExternal(url: string): Promise<Result<null>>;
}

export function electronBridge(): CouncilBridge | undefined {
  const b = (globalThis as Record<string, unknown>)[BRIDGE_GLOBAL];
  return typeof b === 'object' && b !== null ? (b as CouncilBridge) : undefined;
}

export function isElectron(): boolean {
  return electronBridge() !== undefined;
}

const asVoid = (r: Result<null>): Result<void> => (r.ok ? ok(undefined) : r);

/** Device records over the bridge, when the main process offers them (common/api/ipc.ts RecordsBridge). */
export function bridgeRecords(bridge: CouncilBridge): PlatformRecords | undefined {
  const { getRecord, putRecord, listRecords } = bridge as CouncilBridge & Partial<RecordsBridge>;
  if (typeof getRecord !== 'function' || typeof putRecord !== 'function' || typeof listRecords !== 'function') return undefined;
  return {
    get: async (m, kind, key) => {
      const r = await getRecord(m, kind, key);
      return r.ok ? ok(r.value ?? undefined) : r;
    },
    put: (m, kind, key, value) => putRecord(m, kind, key, value),
    list: (m, kind) => listRecords(m, kind),
  };
}

export function createElectronPlatform(bridge: CouncilBridge | undefined = electronBridge()): ElectronPlatform {
  if (!bridge) throw new Error('createElectronPlatform: window.council is missing (not running in the Electron app)');
  const b = bridge;
  const records = bridgeRecords(b);
  return {
    ...(records ? { records } : {}),
    environment: (): PlatformEnvironment => ({
      kind: 'electron',
      cryptoAvailable: typeof globalThis.crypto?.subtle === 'object',
      secureContext: globalThis.isSecureContext === true,
      origin: globalThis.location?.origin ?? 'app://council',
    }),
    previewInvitation: (link) => b.previewInvitation(link),
    joinMeeting: (link) => b.joinMeeting(link),
    listMeetings: () => b.listMeetings(),
    getMeeting: (id) => b.getMeeting(id),
    forgetMeeting: async (id) => asVoid(await b.forgetMeeting(id)),
    startDownload: async (id, onProgress: (p: DownloadProgress) => void) => {
      const off = b.on('downloadProgress', (e) => {
        if (e.meetingId === id) onProgress(e.progress);
      });
      try {
        return await b.startDownload(id);
      } finally {
        off();
      }
    },
    pauseDownload: (id) => {
      void b.pauseDownload(id);
    },
    checkForUpdate: (id) => b.checkForUpdate(id),
    openDocument: (m, d) => b.openDocument(m, d),
    search: (query, options = {}) => b.search(query, options),
    liveCredentials: (id) => b.liveCredentials(id),
    noteKeys: (id) => b.noteKeys(id),
    noteLiveContact: async (id) => {
      await b.noteLiveContact(id);
    },
    getSettings: async (): Promise<Settings> => {
      const r = await b.getSettings();
      return r.ok ? r.value : { language: 'vi' };
    },
    saveSettings: async (patch) => {
      const r = await b.saveSettings(patch);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    },
    onConnectivity: (listener) => {
      const on = (): void => listener(true);
      const off = (): void => listener(false);
      globalThis.addEventListener('online', on);
      globalThis.addEventListener('offline', off);
      listener(globalThis.navigator?.onLine !== false);
      return () => {
        globalThis.removeEventListener('online', on);
        globalThis.removeEventListener('offline', off);
      };
    },
    keystoreStatus: () => b.keystoreStatus(),
    unlockKeystore: (passphrase) => b.unlockKeystore(passphrase),
    onInvitationLink: (listener) => {
      const off = b.on('invitationLink', listener);
      void b.takePendingInvitation().then((r) => {
        if (r.ok && r.value) listener(r.value);
      });
      return off;
    },
    openExternal: async (url) => (typeof url === 'string' ? b.openExternal(url) : fail('BAD_REQUEST', 'not a URL')),
  };
}
