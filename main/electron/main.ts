// The Electron main process: one instance, council:// links, one hardened window on app://council, IPC to
// the AppService. Policy lives in ./policy and main/services/app (pure or plain Node, unit-tested); this file
// only wires Electron to it. Bundled to dist-electron/main.cjs by scripts/build-electron.mjs.
import path from 'node:path';
import { app, BrowserWindow, screen, session, shell, type WebContents } from 'electron';
import { AppService } from '../services/app/AppService.ts';
import { Keystore } from '../services/app/Keystore.ts';
import { handleAppProtocol, registerAppScheme } from './appProtocol.ts';
import { registerIpc, sendEvent } from './ipcHandlers.ts';
import { acceptInvitationLink, COUNCIL_SCHEME, invitationFromArgv } from '../services/app/policy/invitationArgv.ts';
import { boundsOnScreen, readSettingsFile, writeSettingsFile, type StoredSettings } from '../services/app/policy/settingsFile.ts';
import { APP_ENTRY_URL, isAppUrl, isTrustedExternalUrl } from '../services/app/policy/trust.ts';
import { electronKeystore } from './SafeStorageProtector.ts';
import { setVaultNativeBinding } from '../services/vault/vaultDb.ts';
import { vanPhongFromArgv } from '../services/app/policy/vanPhong.ts';
import { isVanPhongDownload, isVanPhongUrl, openVanPhong } from './vanPhong.ts';

const DEFAULT_SIZE = { width: 1280, height: 860 };
const SAVE_BOUNDS_DELAY_MS = 500;

let mainWindow: BrowserWindow | undefined;
let pendingInvitation: string | null = invitationFromArgv(process.argv) ?? null;
let settings: StoredSettings;

function deliverInvitation(link: string): void {
  pendingInvitation = link;
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
  sendEvent(mainWindow.webContents, 'invitationLink', link);
}

/** Every web contents, present and future: no navigation, no popups, no webviews (SECURITY.md). */
function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url) && !isVanPhongUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url) && !isVanPhongUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // The console window sets its own handler (vanPhong.ts); this one covers every other contents.
    if (isTrustedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
  // Only files the app itself made on the device (the results PDF/CSV, as blob: URLs of the app's origin), or the
  // Văn phòng console's own files, with a save dialog; anything else a page tries to download is refused.
  session.defaultSession.on('will-download', (event, item) => {
    if (!item.getURL().startsWith('blob:app://council/') && !isVanPhongDownload(item.getURL())) {
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({ defaultPath: item.getFilename() });
  });
}

function saveSettings(next: StoredSettings): void {
  settings = next;
  writeSettingsFile(app.getPath('userData'), next);
}

function createWindow(): BrowserWindow {
  const saved = settings.window;
  const restore = saved && boundsOnScreen(saved, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...(restore ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : DEFAULT_SIZE),
    minWidth: 480,
    minHeight: 480,
    show: false,
    title: 'Phòng họp không giấy',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  if (restore && saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  let timer: NodeJS.Timeout | undefined;
  const remember = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (win.isDestroyed()) return;
      const b = win.getNormalBounds();
      saveSettings({ ...settings, window: { ...b, maximized: win.isMaximized() } });
    }, SAVE_BOUNDS_DELAY_MS);
  };
  for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(e as 'resize', remember);
  win.on('closed', () => {
    mainWindow = undefined;
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

function rendererDir(): string {
  return process.env['COUNCIL_RENDERER_DIR'] ?? path.join(app.getAppPath(), 'renderer', 'dist');
}

/** better-sqlite3 built for Electron, outside the asar (scripts/build-native-electron.mjs, extraResources). */
export function electronNativeBinding(): string {
  return app.isPackaged
    ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(app.getAppPath(), 'build', 'native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

function start(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  // In development (electron .) the protocol client must name the script; packaged, the executable suffices.
  if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(COUNCIL_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
  else app.setAsDefaultProtocolClient(COUNCIL_SCHEME);
  app.on('second-instance', (_e, argv) => {
    const link = invitationFromArgv(argv);
    if (link) deliverInvitation(link);
    else mainWindow?.focus();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = acceptInvitationLink(url);
    if (link) deliverInvitation(link);
  });
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(ready);
}

function ready(): void {
  settings = readSettingsFile(app.getPath('userData'));
  hardenSession();
  const dataDir = path.join(app.getPath('userData'), 'vault');
  const keystore = new Keystore({ dir: dataDir, os: electronKeystore() });
  setVaultNativeBinding(electronNativeBinding());
  const service = new AppService({ dataDir, protector: () => keystore.protector() });
  handleAppProtocol(rendererDir(), () => service.servers());
  registerIpc({
    app: service,
    keystore,
    settings: () => settings,
    saveSettings,
    takePendingInvitation: () => {
      const link = pendingInvitation;
      pendingInvitation = null;
      return link;
    },
  });
  const vanPhong = vanPhongFromArgv(process.argv);
  if (vanPhong !== undefined) {
    // Văn phòng mode: the secretariat's console instead of a delegate's meeting (invitations still reach the vault).
    void openVanPhong(vanPhong, rendererDir());
    return;
  }
  mainWindow = createWindow();
  app.on('activate', () => {
    mainWindow ??= createWindow();
  });
}

start();
