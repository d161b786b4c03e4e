// Văn phòng mode: the secretariat's console in the desktop app (`--van-phong[=<server>]`). The console server runs
// in this process on 127.0.0.1 (main/services/console, the same code as `council console`), drafts live in the
// app's user data folder, and one window shows its /console pages. The window gets no preload and no IPC: the
// console talks only HTTP to its own origin, like the browser console does. Policy: ../services/app/policy/vanPhong.ts.
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { startConsoleServer, type ConsoleServer } from '../services/console/server.ts';
import { serveRendererFile } from '../services/app/staticFiles.ts';
import { isConsoleDownload, isConsoleUrl, type VanPhongRequest } from '../services/app/policy/vanPhong.ts';
import { CONSOLE_PATH } from '../../common/api/console.ts';

let consoleServer: ConsoleServer | undefined;

/** The in-process console's origin once started (the session's download and navigation rules ask). */
export function vanPhongOrigin(): string | undefined {
  return consoleServer?.url;
}

/** A URL the console window may navigate to or open (its own pages and files). */
export function isVanPhongUrl(url: string): boolean {
  const origin = vanPhongOrigin();
  return origin !== undefined && isConsoleUrl(url, origin);
}

/** A download the console started: its own files, or a blob: it made (blob:http://127.0.0.1:port/…). */
export function isVanPhongDownload(url: string): boolean {
  const origin = vanPhongOrigin();
  return origin !== undefined && (isConsoleDownload(url, origin) || url.startsWith(`blob:${origin}/`));
}

function consoleWindow(origin: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 900,
    minWidth: 800,
    minHeight: 600,
    title: 'Văn phòng — Phòng họp không giấy',
    backgroundColor: '#ffffff',
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false, devTools: !app.isPackaged },
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isConsoleUrl(url, origin)) event.preventDefault();
  });
  // A printable sheet or a PDF the console opens in a new tab: a plain sandboxed window of the same origin.
  win.webContents.setWindowOpenHandler(({ url }) =>
    isConsoleUrl(url, origin) ? { action: 'allow', overrideBrowserWindowOptions: { webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } } } : { action: 'deny' },
  );
  return win;
}

/** Starts the in-process console and opens its window; the server stops when the app quits. */
export async function openVanPhong(request: VanPhongRequest, rendererDir: string): Promise<BrowserWindow> {
  consoleServer ??= await startConsoleServer({
    dataDir: path.join(app.getPath('userData'), 'console'),
    server: request.server,
    port: 0,
    staticHandler: (req, res, urlPath) => serveRendererFile(rendererDir, req, res, urlPath),
  });
  const origin = consoleServer.url;
  app.on('will-quit', () => void consoleServer?.close());
  const win = consoleWindow(origin);
  await win.loadURL(`${origin}${CONSOLE_PATH}`);
  return win;
}
