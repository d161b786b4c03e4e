// The browser client (renderer/dist) at `/`, with the SPA fallback to index.html. Only GET and HEAD of
// paths outside /api reach here; nothing outside the static folder is ever served.
// The build writes `x.br` and `x.gz` beside each compressible file (renderer/vite.config.ts); this picks one
// by Accept-Encoding and never compresses on the fly, so 30 phones on one hall Wi-Fi cost no CPU here.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { mimeTypeOf } from '../../common/web/mime.ts';
import { parseRange } from '../core/range.ts';

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

export type ContentCoding = 'br' | 'gzip';

/** The precomputed variants, in the order this server prefers them, and the suffix each has on disk. */
export const PRECOMPRESSED: readonly { readonly coding: ContentCoding; readonly suffix: string }[] = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
];

/** The codings an Accept-Encoding header allows (RFC 9110 §12.5.3): named with q > 0, or covered by `*`. */
export function acceptedCodings(header: string | undefined): ReadonlySet<ContentCoding> {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [token = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    if (token === '') continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(value) ? value : 0);
  }
  const star = q.get('*');
  return new Set(PRECOMPRESSED.map((v) => v.coding).filter((c) => (q.get(c) ?? star ?? 0) > 0));
}

interface Chosen {
  readonly file: string;
  readonly st: fs.Stats;
  readonly coding?: ContentCoding;
  /** True when another representation of the same URL exists on disk: caches must key on Accept-Encoding. */
  readonly varies: boolean;
}

/** A variant older than its source is left over from another build: never serve it. */
function variantOf(file: string, source: fs.Stats, suffix: string): fs.Stats | undefined {
  const st = statFile(file + suffix);
  return st && st.mtimeMs >= source.mtimeMs ? st : undefined;
}

/**
 * The representation to send. A Range request gets the identity file: byte offsets into a compressed
 * stream mean nothing to a client that asked for ranges of the file, so encoded variants never carry ranges.
 */
export function chooseRepresentation(file: string, st: fs.Stats, acceptEncoding: string | undefined, hasRange: boolean): Chosen {
  const variants = PRECOMPRESSED.map((v) => ({ ...v, st: variantOf(file, st, v.suffix) }));
  const varies = variants.some((v) => v.st !== undefined);
  if (hasRange) return { file, st, varies };
  const accepted = acceptedCodings(acceptEncoding);
  for (const v of variants) {
    if (v.st && accepted.has(v.coding) && v.st.size < st.size) return { file: file + v.suffix, st: v.st, coding: v.coding, varies };
  }
  return { file, st, varies };
}

function etagOf(chosen: Chosen): string {
  const tag = `${chosen.st.size.toString(16)}-${Math.floor(chosen.st.mtimeMs).toString(16)}`;
  return `W/"${chosen.coding ? `${tag}-${chosen.coding}` : tag}"`;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

function one(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header.join(',') : header;
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
  const range = one(req.headers.range);
  const chosen = chooseRepresentation(file, st, one(req.headers['accept-encoding']), range !== undefined);
  const etag = etagOf(chosen);
  const headers: Record<string, string | number> = {
    etag,
    'cache-control': cacheControl(file),
    'content-type': mimeTypeOf(file) ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    ...(chosen.varies ? { vary: 'Accept-Encoding' } : {}),
    ...(chosen.coding ? { 'content-encoding': chosen.coding } : {}),
  };
  if (matchesEtag(one(req.headers['if-none-match']), etag)) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const ifRange = one(req.headers['if-range']);
  const r = range === undefined || (ifRange !== undefined && ifRange !== etag) ? ({ kind: 'full' } as const) : parseRange(range, chosen.st.size);
  if (r.kind === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${chosen.st.size}`, 'content-length': 0 });
    return void res.end();
  }
  const [start, end] = r.kind === 'partial' ? [r.start, r.end] : [0, chosen.st.size - 1];
  const partial = r.kind === 'partial' ? { 'content-range': `bytes ${start}-${end}/${chosen.st.size}` } : {};
  res.writeHead(r.kind === 'partial' ? 206 : 200, { ...headers, ...partial, 'content-length': Math.max(0, end - start + 1) });
  if (head || chosen.st.size === 0) return void res.end();
  await pipeline(fs.createReadStream(chosen.file, { start, end }), res);
}
