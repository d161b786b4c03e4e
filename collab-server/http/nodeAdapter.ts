// node:http(s) <-> the transport-agnostic core. Bodies are read only up to the matched route's cap,
// file bodies are streamed, HEAD gets headers only, and every answer carries the security headers.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ApiErrorBody } from '../../common/api/http.ts';
import type { Router } from '../core/router.ts';
import type { CoreRequest, CoreResponse } from '../core/types.ts';
import { serveStatic } from './staticFiles.ts';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface AdapterOptions {
  readonly router: Router;
  readonly staticDir: string;
  readonly log: (line: string) => void;
}

class BodyTooLarge extends Error {}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Reads at most `max` bytes; past that it stops at once (a declared Content-Length is refused up front). */
async function readBody(req: IncomingMessage, max: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > max) throw new BodyTooLarge();
  const parts: Buffer[] = [];
  let total = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    total += part.length;
    if (total > max) throw new BodyTooLarge();
    parts.push(part);
  }
  return Buffer.concat(parts, total);
}

function errorJson(status: number, code: ApiErrorBody['error']['code'], message: string): CoreResponse {
  const body: ApiErrorBody = { ok: false, error: { code, message } };
  return { status, headers: { 'cache-control': 'no-store' }, body: { kind: 'json', value: body } };
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, r: CoreResponse): Promise<void> {
  const head = req.method === 'HEAD';
  const headers: Record<string, string | number> = { ...r.headers };
  const body = r.body;
  switch (body.kind) {
    case 'json':
    case 'bytes': {
      const bytes = body.kind === 'json' ? Buffer.from(JSON.stringify(body.value)) : body.value;
      if (body.kind === 'json') headers['content-type'] = 'application/json; charset=utf-8';
      headers['content-length'] = bytes.length;
      res.writeHead(r.status, headers);
      return void res.end(head ? undefined : bytes);
    }
    case 'empty':
      if (r.status !== 304 && r.status !== 204) headers['content-length'] = 0;
      res.writeHead(r.status, headers);
      return void res.end();
    case 'file':
      return writeFile(res, r.status, headers, body, head);
  }
}

async function writeFile(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  body: { readonly path: string; readonly start: number; readonly end: number },
  head: boolean,
): Promise<void> {
  // Open before the status line goes out, so a missing file can still become a clean 500.
  const handle = await fs.promises.open(body.path, 'r');
  try {
    res.writeHead(status, { ...headers, 'content-length': body.end - body.start + 1 });
    if (head) return void res.end();
    await pipeline(handle.createReadStream({ start: body.start, end: body.end, autoClose: false }), res);
  } finally {
    await handle.close();
  }
}

interface Target {
  readonly pathname: string;
  readonly search: URLSearchParams;
}

/**
 * Splits the raw request target without normalising it: `new URL` would read `//x/y` as a host and
 * fold `/a/../b`, hiding from the router and the static guard what the client really asked for.
 */
function parseTarget(raw: string | undefined): Target | undefined {
  const target = raw ?? '/';
  const q = target.indexOf('?');
  const pathname = q === -1 ? target : target.slice(0, q);
  if (!pathname.startsWith('/')) return undefined;
  return { pathname, search: new URLSearchParams(q === -1 ? '' : target.slice(q + 1)) };
}

function toCoreRequest(req: IncomingMessage, url: Target, body: Uint8Array): CoreRequest {
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.search),
    headers: flattenHeaders(req),
    body,
    remote: req.socket.remoteAddress ?? 'unknown',
  };
}

async function handleApi(opts: AdapterOptions, req: IncomingMessage, res: ServerResponse, url: Target): Promise<void> {
  const m = opts.router.match(req.method ?? 'GET', url.pathname);
  let body: Uint8Array = new Uint8Array();
  if (m.kind === 'route') {
    try {
      body = await readBody(req, m.maxBody);
    } catch (e) {
      if (!(e instanceof BodyTooLarge)) throw e;
      // Stop reading: answer, then close the connection instead of draining an oversized upload.
      res.setHeader('connection', 'close');
      return writeResponse(req, res, errorJson(413, 'TOO_LARGE', `the body is larger than ${m.maxBody} bytes`));
    }
  }
  const response = await opts.router.dispatch(toCoreRequest(req, url, body), opts.log);
  await writeResponse(req, res, response);
}

function isApi(opts: AdapterOptions, method: string, pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || opts.router.match(method, pathname).kind !== 'none';
}

async function handle(opts: AdapterOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const method = req.method ?? 'GET';
  const url = parseTarget(req.url);
  if (!url) return writeResponse(req, res, errorJson(400, 'BAD_REQUEST', 'bad request target'));
  if (!isApi(opts, method, url.pathname) && (method === 'GET' || method === 'HEAD')) {
    return serveStatic(req, res, opts.staticDir, url.pathname);
  }
  return handleApi(opts, req, res, url);
}

function isPrematureClose(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
}

/** The `request` listener for http.createServer / https.createServer. */
export function createRequestListener(opts: AdapterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(opts, req, res).catch((e: unknown) => {
      // A client that hangs up mid-download is routine, not a server fault worth a stack trace.
      if (isPrematureClose(e)) return void res.destroy();
      opts.log(`request failed: ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) {
        void writeResponse(req, res, errorJson(500, 'INTERNAL', 'internal server error')).catch(() => res.destroy());
      } else {
        res.destroy();
      }
    });
  };
}
