// The built renderer served over plain HTTP by the in-process console of the Văn phòng mode (the delegate's window
// uses the app:// protocol instead). Read-only, inside `root` only, unknown paths fall back to index.html (the SPA).
import { readFile, realpath } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { mimeTypeOf } from '../../../common/web/mime.ts';

/** The file a URL path names inside root, or undefined when it would leave root (.., symlinks, NUL). */
export async function resolveInside(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = await realpath(root);
  const candidate = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  try {
    const real = await realpath(candidate);
    return real === base || real.startsWith(base + path.sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
} as const;

/** Serves one GET/HEAD for a path outside the console API. */
export async function serveRendererFile(root: string, req: http.IncomingMessage, res: http.ServerResponse, urlPath: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, SECURITY_HEADERS).end();
    return;
  }
  const named = urlPath === '/' || urlPath === '' ? undefined : await resolveInside(root, urlPath);
  const file = named !== undefined && mimeTypeOf(named) !== undefined ? named : await resolveInside(root, '/index.html');
  if (file === undefined) {
    res.writeHead(404, SECURITY_HEADERS).end();
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(404, SECURITY_HEADERS).end();
    return;
  }
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': mimeTypeOf(file) ?? 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
