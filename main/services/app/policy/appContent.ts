// Serving the renderer from app://council/: map a request URL to a file inside the renderer folder (never
// outside it), its MIME type, and the headers every response carries, the CSP first. Pure and unit-tested.
import path from 'node:path';
import { mimeTypeOf } from '../../../../common/web/mime.ts';
import { APP_HOST, APP_SCHEME } from './trust.ts';

export { mimeTypeOf };

export type AppFileResolution =
  | { readonly kind: 'file'; readonly path: string; readonly mime: string }
  | { readonly kind: 'refuse'; readonly status: 400 | 403 | 404; readonly why: string };

const refuse = (status: 400 | 403 | 404, why: string): AppFileResolution => ({ kind: 'refuse', status, why });

/**
 * Resolves app://council/<path> under root. Paths without an extension are SPA routes and get index.html.
 * Refuses other hosts, encoded separators, NUL, dot segments that climb out, and unknown file types.
 */
export function resolveAppFile(root: string, requestUrl: string): AppFileResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return refuse(400, 'not a URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(403, 'foreign origin');
  const raw = url.pathname;
  if (/%2f|%5c|%00/i.test(raw) || raw.includes('\\')) return refuse(400, 'encoded separator');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return refuse(400, 'bad escape');
  }
  if (decoded.includes('\0') || decoded.split('/').includes('..')) return refuse(403, 'path traversal');
  const relative = decoded === '/' || path.extname(decoded) === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  if (full !== base && !full.startsWith(base + path.sep)) return refuse(403, 'path traversal');
  const mime = mimeTypeOf(full);
  if (!mime) return refuse(404, 'unknown file type');
  return { kind: 'file', path: full, mime };
}

/** Origins (http(s) servers of joined meetings) the renderer may reach directly, e.g. for the live session. */
export function connectSources(servers: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of servers) {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    out.add(url.origin);
    out.add(`${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`);
  }
  return [...out].sort();
}

/**
 * The Content-Security-Policy of every app:// response. No inline script, no eval ('wasm-unsafe-eval' only
 * compiles pdf.js's WebAssembly decoders), no plugins, no framing, no form posts, no <base>.
 */
export function contentSecurityPolicy(servers: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectSources(servers).join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
  ].join('; ');
}

export function appResponseHeaders(mime: string, csp: string): Record<string, string> {
  return {
    'content-type': mime,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
}
