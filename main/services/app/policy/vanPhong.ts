// The Electron app's Văn phòng mode (issue 10): `--van-phong[=<collab-server URL>]` opens the secretariat's
// console instead of a delegate's meeting. The console server (main/services/console) runs inside the main
// process on 127.0.0.1 and a port the OS picks; its window may show only that origin's /console pages and download
// only that origin's files. Pure functions, unit-tested (STYLE.md rule 3); main/electron/vanPhong.ts wires them.

export const VAN_PHONG_FLAG = '--van-phong';
/** The collab-server the console publishes to when the flag names none (the hall laptop's own `council serve`). */
export const VAN_PHONG_DEFAULT_SERVER = 'http://127.0.0.1:8080';

export interface VanPhongRequest {
  readonly server: string;
}

function normalizeServer(text: string): string | undefined {
  try {
    const url = new URL(text);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/** The Văn phòng request in the command line, or undefined (a delegate's app); a bad server URL is refused (undefined). */
export function vanPhongFromArgv(argv: readonly string[]): VanPhongRequest | undefined {
  for (const arg of argv) {
    if (arg === VAN_PHONG_FLAG) return { server: VAN_PHONG_DEFAULT_SERVER };
    if (arg.startsWith(`${VAN_PHONG_FLAG}=`)) {
      const server = normalizeServer(arg.slice(VAN_PHONG_FLAG.length + 1));
      return server === undefined ? undefined : { server };
    }
  }
  return undefined;
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** True only for the in-process console's own pages: the same origin (http://127.0.0.1:port), no credentials. */
export function isConsoleUrl(text: string, consoleOrigin: string): boolean {
  const url = parse(text);
  const origin = parse(consoleOrigin);
  if (!url || !origin) return false;
  return url.origin === origin.origin && url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.username === '' && url.password === '';
}

/** The console window downloads only the console's own files (invitations, minutes, exports). */
export function isConsoleDownload(text: string, consoleOrigin: string): boolean {
  return isConsoleUrl(text, consoleOrigin) && (parse(text)?.pathname.startsWith('/console/api/') ?? false);
}
