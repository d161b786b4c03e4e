// The browser client (renderer/dist) at `/`, with the SPA fallback to index.html. Only GET and HEAD of
// paths outside /api reach here; nothing outside the static folder is ever served.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { mimeTypeOf } from '../../common/web/mime.ts';

/** Files the browser must re-check on every load: the entry page and the service worker. */
const ALWAYS_REVALIDATE = new Set(['index.html', 'sw.js']);
/** Vite names built assets name-<hash>.ext; those never change under their name. */
const HASHED_ASSET = /[.-][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

const NOT_BUILT_PAGE =
  'Giao diện chưa được build. Chạy: npm run build:renderer\n' + 'The client bundle is not built. Run: npm run build:renderer\n';

export function defaultStaticDir(): string {
  return fileURLToPath(new URL('../../renderer/dist', import.meta.url));
}

function sendText(res: ServerResponse, status: number, text: string, head: boolean): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(head ? undefined : text);
}

/** The file a URL path names, or undefined when it would leave `root` or is malformed. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded.split('/').some((seg) => seg === '..' || seg === '.')) return undefined;
  const full = path.resolve(root, `.${decoded}`);
  return full === root || full.startsWith(root + path.sep) ? full : undefined;
}

function statFile(file: string): fs.Stats | undefined {
  try {
    const st = fs.statSync(file);
    return st.isFile() ? st : undefined;
  } catch {
    return undefined;
  }
}

/** The file to send: the path itself, a folder's index.html, or the SPA entry for an app route. */
function pick(root: string, file: string): string | undefined {
  if (statFile(file)) return file;
  const index = path.join(file, 'index.html');
  if (statFile(index)) return index;
  // App routes (/m/abc) have no extension; a missing /assets/x.js must stay a 404, never HTML posing as JS.
  return path.extname(file) === '' ? path.join(root, 'index.html') : undefined;
}

function cacheControl(file: string): string {
  const base = path.basename(file);
  if (ALWAYS_REVALIDATE.has(base)) return 'no-cache';
  return HASHED_ASSET.test(base) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, staticDir: string, urlPath: string): Promise<void> {
  const head = req.method === 'HEAD';
  const root = path.resolve(staticDir);
  if (!statFile(path.join(root, 'index.html'))) return sendText(res, 503, NOT_BUILT_PAGE, head);
  const requested = resolveStaticPath(root, urlPath);
  if (requested === undefined) return sendText(res, 400, 'Bad path\n', head);
  const file = pick(root, requested);
  const st = file ? statFile(file) : undefined;
  if (!file || !st) return sendText(res, 404, 'Not found\n', head);
  const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  const headers = { etag, 'cache-control': cacheControl(file), 'content-type': mimeTypeOf(file) ?? 'application/octet-stream' };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  res.writeHead(200, { ...headers, 'content-length': st.size });
  if (head) return void res.end();
  await pipeline(fs.createReadStream(file), res);
}
