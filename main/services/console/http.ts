// The console server's HTTP plumbing: a small route table (the same `:name` patterns as CONSOLE_ROUTES), JSON
// results (common/result.ts), file answers, bounded bodies (buffered, or streamed to a file for the PDFs).
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { consoleMessage } from '../../../common/i18n/consoleText.ts';
import { CouncilError, toErrorValue } from '../../../common/result.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ConsoleRequest {
  readonly method: Method;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly raw: IncomingMessage;
}

/** What a handler answers: a JSON value (wrapped as {ok:true,value}), a file, or an answer it wrote itself. */
export type Answer =
  | { readonly kind: 'json'; readonly value: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'file'; readonly bytes: Uint8Array; readonly type: string; readonly name: string }
  /** A download written as it is made (a draft's ZIP: never all in memory). */
  | { readonly kind: 'stream'; readonly type: string; readonly name: string; readonly write: (res: ServerResponse) => Promise<void> };

export const jsonAnswer = (value: unknown, headers?: Readonly<Record<string, string>>): Answer => (headers ? { kind: 'json', value, headers } : { kind: 'json', value });
export const fileAnswer = (bytes: Uint8Array, type: string, name: string): Answer => ({ kind: 'file', bytes, type, name });

export interface RouteDef<C> {
  readonly method: Method;
  readonly pattern: string;
  readonly handler: (ctx: C, req: ConsoleRequest) => Promise<Answer>;
}

export function matchRoute<C>(routes: readonly RouteDef<C>[], method: string, path: string): { route: RouteDef<C>; params: Record<string, string> } | 'method' | undefined {
  const actual = path.split('/');
  let methodMismatch = false;
  for (const route of routes) {
    const params = matchPattern(route.pattern.split('/'), actual);
    if (!params) continue;
    if (route.method === method) return { route, params };
    methodMismatch = true;
  }
  return methodMismatch ? 'method' : undefined;
}

function matchPattern(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] ?? '';
    const a = actual[i] ?? '';
    if (p.startsWith(':')) {
      let v: string;
      try {
        v = decodeURIComponent(a);
      } catch {
        return undefined;
      }
      if (v === '') return undefined;
      params[p.slice(1)] = v;
    } else if (p !== a) return undefined;
  }
  return params;
}

const STATUS: Readonly<Record<string, number>> = {
  BAD_REQUEST: 400,
  MEETING_INVALID: 422,
  FILE_REJECTED: 422,
  BACKUP_INVALID: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DRAFT_CONFLICT: 409,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  NETWORK: 502,
};

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

const disposition = (name: string): string => `attachment; filename="${asciiName(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function sendAnswer(res: ServerResponse, answer: Answer): Promise<void> {
  switch (answer.kind) {
    case 'file':
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': answer.type, 'content-length': answer.bytes.byteLength, 'content-disposition': disposition(answer.name) });
      res.end(Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength));
      return;
    case 'stream':
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': answer.type, 'content-disposition': disposition(answer.name) });
      await answer.write(res);
      return;
    case 'json':
      sendJson(res, 200, { ok: true, value: answer.value }, answer.headers);
      return;
  }
}

const asciiName = (name: string): string => name.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'file';

export function sendError(res: ServerResponse, e: unknown, log: (line: string) => void): void {
  const error = toErrorValue(e);
  if (error.code === 'INTERNAL') log(`console: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  if (res.headersSent) return void res.destroy();
  sendJson(res, STATUS[error.code] ?? 500, { ok: false, error });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Readonly<Record<string, string>>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The whole body, refused past `limit` bytes (TOO_LARGE, with the message the caller gives). */
export async function readBody(req: IncomingMessage, limit: number, tooLarge: () => CouncilError): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw tooLarge();
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.destroy();
      throw tooLarge();
    }
    parts.push(chunk);
  }
  return new Uint8Array(Buffer.concat(parts));
}

export async function readJson(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<unknown> {
  const bytes = await readBody(req, limit, () => new CouncilError('TOO_LARGE', consoleMessage('BODY_TOO_LARGE')));
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    throw new CouncilError('BAD_REQUEST', consoleMessage('BODY_NOT_JSON'));
  }
}

/** Streams the body to `file` (never all in memory); past `limit` the file is removed and tooLarge thrown. */
export async function streamBodyTo(req: IncomingMessage, file: string, limit: number, tooLarge: (size: number) => CouncilError): Promise<number> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw tooLarge(declared);
  }
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) done(tooLarge(size));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(file, { mode: 0o600 }));
  } catch (e) {
    await rm(file, { force: true });
    throw e instanceof CouncilError ? e : new CouncilError('BAD_REQUEST', consoleMessage('UPLOAD_INTERRUPTED', { cause: e instanceof Error ? e.message : String(e) }));
  }
  return size;
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
