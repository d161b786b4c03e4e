// node:http(s) <-> the transport-agnostic core. A route's access is checked from the headers BEFORE its body
// is read (a refused upload is answered at once and its connection closed); bodies are read only up to the
// route's cap and within a server-wide budget; file bodies are streamed, HEAD gets headers only, and every
// answer carries the security headers. No URL is logged with its query (tokens must not reach logs).
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ApiErrorBody } from '../../common/api/http.ts';
import type { ErrorValue } from '../../common/result.ts';
import { statusOf } from '../core/responses.ts';
import type { Router } from '../core/router.ts';
import type { CoreRequestHead, CoreResponse, RouteAccess } from '../core/types.ts';
import type { BodyBudget } from './BodyBudget.ts';
import { clientAddress } from './clientAddress.ts';
import { serveStatic } from './staticFiles.ts';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface AdapterOptions {
  readonly router: Router;
  readonly staticDir: string;
  readonly log: (line: string) => void;
  /** Decides from the request head whether it may call a route of this access; the refusal, or undefined. */
  readonly checkAccess: (head: CoreRequestHead, access: RouteAccess) => Promise<ErrorValue | undefined>;
  readonly budget: BodyBudget;
  /** Peers whose X-Forwarded-For is believed. */
  readonly trustedProxies: ReadonlySet<string>;
  /** Counts requests refused before their body was read. */
  readonly onRefusedBeforeBody?: () => void;
}

class BodyTooLarge extends Error {}
class BudgetSpent extends Error {}

/** The request target with the value of every `token` query parameter replaced, for log lines. */
export function redactUrl(url: string | undefined): string {
  const target = url ?? '';
  const q = target.indexOf('?');
  if (q === -1) return target;
  return target.slice(0, q + 1) + target.slice(q + 1).replace(/(^|&)(token|access_token)=[^&]*/gi, '$1$2=[redacted]');
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Reads at most `max` bytes, each one taken from the shared budget (`held` counts them; the caller gives
 * them back); past either bound it stops at once. A declared Content-Length over `max` is refused before
 * anything is read.
 */
function readBody(req: IncomingMessage, max: number, budget: BodyBudget, held: { bytes: number }): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > max) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const stop = (e: Error): void => {
      // Pause rather than destroy: the socket must live on to carry the answer, then it is closed.
      req.off('data', onData);
      req.pause();
      reject(e);
    };
    const onData = (part: Buffer): void => {
      if (held.bytes + part.length > max) return stop(new BodyTooLarge());
      if (!budget.take(part.length)) return stop(new BudgetSpent());
      held.bytes += part.length;
      parts.push(part);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(parts, held.bytes)));
    req.once('error', reject);
    req.once('close', () => reject(Object.assign(new Error('request aborted'), { code: 'ECONNRESET' })));
  });
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

function toHead(opts: AdapterOptions, req: IncomingMessage, url: Target): CoreRequestHead {
  const query = Object.fromEntries(url.search);
  // Tokens are accepted in headers only (the WebSocket upgrade is handled elsewhere).
  delete query['token'];
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query,
    headers: flattenHeaders(req),
    remote: clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], opts.trustedProxies),
  };
}

/** Answers without reading the body; when one is on its way, the connection is closed instead of drained. */
function refuseEarly(req: IncomingMessage, res: ServerResponse, r: CoreResponse): Promise<void> {
  if (hasBody(req)) res.setHeader('connection', 'close');
  return writeResponse(req, res, r);
}

async function handleApi(opts: AdapterOptions, req: IncomingMessage, res: ServerResponse, url: Target): Promise<void> {
  const m = opts.router.match(req.method ?? 'GET', url.pathname);
  const head = toHead(opts, req, url);
  if (m.kind !== 'route') return refuseEarly(req, res, await opts.router.dispatch({ ...head, body: new Uint8Array() }, opts.log));
  const refusal = await opts.checkAccess(head, m.route.access);
  if (refusal) {
    if (hasBody(req)) opts.onRefusedBeforeBody?.();
    return refuseEarly(req, res, errorJson(statusOf(refusal.code), refusal.code, refusal.message));
  }
  if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();
  const held = { bytes: 0 };
  try {
    const body = await readBody(req, m.maxBody, opts.budget, held);
    await writeResponse(req, res, await opts.router.dispatch({ ...head, body }, opts.log));
  } catch (e) {
    if (e instanceof BodyTooLarge) return refuseEarly(req, res, errorJson(413, 'TOO_LARGE', `the body is larger than ${m.maxBody} bytes`));
    if (e instanceof BudgetSpent) return refuseEarly(req, res, { ...errorJson(429, 'RATE_LIMITED', 'the server is busy; try again'), headers: { 'cache-control': 'no-store', 'retry-after': '1' } });
    throw e;
  } finally {
    opts.budget.give(held.bytes);
  }
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
      opts.log(`request failed: ${req.method} ${redactUrl(req.url)}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) {
        void writeResponse(req, res, errorJson(500, 'INTERNAL', 'internal server error')).catch(() => res.destroy());
      } else {
        res.destroy();
      }
    });
  };
}
