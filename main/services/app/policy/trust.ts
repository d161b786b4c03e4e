// Who may talk to the main process and where the app may send the user: pure functions, unit-tested
// (STYLE.md rule 3; Actual's trusted-url.ts). The Electron glue only calls these.

/** The app's own content is served from this privileged scheme, never from file:// (SECURITY.md). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'council';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Hosts whose https pages may open in the system browser: official sources of the legal texts that meeting
 * documents cite. Subdomains count (www.chinhphu.vn). Anything else stays blocked.
 */
export const TRUSTED_EXTERNAL_HOSTS: readonly string[] = ['chinhphu.vn', 'vanban.chinhphu.vn', 'quochoi.vn', 'vbpl.vn', 'moj.gov.vn'];

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** True only for a frame showing our own content: app://council/... (not a subframe's blob or data URL). */
export function isTrustedSender(frameUrl: string | null | undefined): boolean {
  if (typeof frameUrl !== 'string' || frameUrl.length === 0) return false;
  const url = parseUrl(frameUrl);
  if (!url) return false;
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}

/** Navigation inside the window is only ever to our own pages (a SPA: in practice never). */
export function isAppUrl(text: string): boolean {
  return isTrustedSender(text);
}

function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allowed.some((h) => host === h || host.endsWith(`.${h}`));
}

/** https, default port, no credentials, and a host on the allow-list: only then shell.openExternal. */
export function isTrustedExternalUrl(text: unknown, allowedHosts: readonly string[] = TRUSTED_EXTERNAL_HOSTS): boolean {
  if (typeof text !== 'string' || text.length > 2048) return false;
  const url = parseUrl(text);
  if (!url) return false;
  if (url.protocol !== 'https:' || url.port !== '') return false;
  if (url.username !== '' || url.password !== '') return false;
  return hostAllowed(url.hostname, allowedHosts);
}
