// `council console`: the secretariat's console server on its own machine (127.0.0.1:8090 by default). It serves
// the React bundle (the app shows the console under CONSOLE_PATH) and the console API under /console/api, keeps
// the drafts as meeting folders under <data>/drafts/, and encrypts there: the collab-server only ever receives
// ciphertext (publishMeeting, as `council publish`).
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { CONSOLE_COOKIE, CONSOLE_CSRF_HEADER, CONSOLE_ROUTES, DEFAULT_CONSOLE_PORT } from '../../../common/api/console.ts';
import { consoleMessage } from '../../../common/i18n/consoleText.ts';
import { CouncilError } from '../../../common/result.ts';
import { normalizeServer } from '../publish/adminClient.ts';
import { ConsoleAuth } from './ConsoleAuth.ts';
import { DraftStore } from './DraftStore.ts';
import { cookieValue, matchRoute, sendAnswer, sendError, type ConsoleRequest, type Method } from './http.ts';
import { wsInbox, type InboxSource } from './opinions.ts';
import { PublishJobs } from './PublishJobs.ts';
import { CONSOLE_HANDLERS, type ConsoleContext } from './routes.ts';

export const CONSOLE_API_PREFIX = '/console/api/';
export const DEFAULT_CONSOLE_HOST = '127.0.0.1';

/** Serves the bundle for a path outside the API (collab-server/http/staticFiles.ts serveStatic, wired by the CLI). */
export type StaticHandler = (req: http.IncomingMessage, res: http.ServerResponse, urlPath: string) => Promise<void>;

export interface ConsoleServerOptions {
  /** Where drafts/ and passes.json live. */
  readonly dataDir: string;
  /** The collab-server the console publishes to. */
  readonly server: string;
  /** Known at start (--admin-token, COUNCIL_ADMIN_TOKEN): clerks can publish before the admin logged in. */
  readonly adminToken?: string;
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly staticHandler?: StaticHandler;
  /** Host names besides 127.0.0.1, localhost and `host` that the console answers to (a reverse proxy's). */
  readonly allowedHosts?: readonly string[];
  /** Where the sealed góp ý and read receipts come from (opinions.ts); default the inbox rooms over the WebSocket. */
  readonly inbox?: InboxSource;
  /** The largest PDF accepted (default MAX_UPLOAD_BYTES, 300 MiB); tests lower it. */
  readonly maxUploadBytes?: number;
  /** Tests only: skip OCR (publishing otherwise runs it as `council publish` does). */
  readonly ocr?: false;
  readonly log?: (line: string) => void;
}

export interface ConsoleServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE']);

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * The Host a browser sent must name this console (DNS rebinding: a page of another site resolving its own name
 * to 127.0.0.1 would otherwise talk to the console as if same-origin).
 */
function hostAllowed(raw: http.IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const host = raw.headers.host;
  if (host === undefined) return false;
  let name: string;
  try {
    name = new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return allowed.has(name.toLowerCase());
}

/** Login needs no session; everything else does. Every non-GET needs the CSRF header (a form cannot set it). */
async function guard(ctx: ConsoleContext, req: ConsoleRequest): Promise<void> {
  if (req.method !== 'GET' && req.raw.headers[CONSOLE_CSRF_HEADER] !== '1') throw new CouncilError('FORBIDDEN', consoleMessage('CSRF_MISSING'));
  if (req.path === CONSOLE_ROUTES.session && req.method === 'POST') return;
  await ctx.session(req);
}

async function handleApi(ctx: ConsoleContext, raw: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const match = matchRoute(CONSOLE_HANDLERS, raw.method ?? 'GET', url.pathname);
  if (match === undefined) throw new CouncilError('NOT_FOUND', consoleMessage('NO_SUCH_ENDPOINT'));
  if (match === 'method' || !METHODS.has(raw.method ?? '')) throw new CouncilError('BAD_REQUEST', consoleMessage('METHOD_NOT_ALLOWED', { method: raw.method ?? '' }));
  const req: ConsoleRequest = { method: raw.method as Method, path: url.pathname, query: url.searchParams, params: match.params, raw };
  await guard(ctx, req);
  await sendAnswer(res, await match.route.handler(ctx, req));
}

export async function startConsoleServer(opts: ConsoleServerOptions): Promise<ConsoleServer> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`));
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const serverUrl = normalizeServer(opts.server);
  const auth = new ConsoleAuth(opts.dataDir, serverUrl, opts.adminToken);
  const jobs = new PublishJobs(log);
  const host = opts.host ?? DEFAULT_CONSOLE_HOST;
  const store = new DraftStore(opts.dataDir, opts.maxUploadBytes);
  await store.sweepLeftovers();
  const ctx: ConsoleContext = {
    store,
    auth,
    jobs,
    session: (req) => auth.session(cookieValue(req.raw, CONSOLE_COOKIE)),
    cookieSecure: false,
    inbox: opts.inbox ?? wsInbox,
    ...(opts.ocr === false ? { ocr: false as const } : {}),
  };
  const allowedHosts = new Set(['127.0.0.1', 'localhost', '::1', host.toLowerCase(), ...(opts.allowedHosts ?? []).map((h) => h.toLowerCase())]);
  const server = http.createServer((raw, res) => {
    const url = new URL(raw.url ?? '/', 'http://console.invalid');
    if (!hostAllowed(raw, allowedHosts)) {
      raw.resume();
      sendError(res, new CouncilError('FORBIDDEN', consoleMessage('HOST_NOT_CONSOLE', { host: raw.headers.host ?? '' })), log);
      return;
    }
    if (url.pathname.startsWith(CONSOLE_API_PREFIX)) {
      void handleApi(ctx, raw, res, url).catch((e: unknown) => {
        // An unread body (refused before reading) is drained so the answer reaches the client.
        raw.resume();
        sendError(res, e, log);
      });
      return;
    }
    if (opts.staticHandler && (raw.method === 'GET' || raw.method === 'HEAD')) {
      void opts.staticHandler(raw, res, url.pathname).catch((e: unknown) => sendError(res, e, log));
      return;
    }
    sendError(res, new CouncilError('NOT_FOUND', consoleMessage('NO_SUCH_ENDPOINT')), log);
  });
  const port = await listen(server, opts.port ?? DEFAULT_CONSOLE_PORT, host);
  const shown = net.isIPv6(host) ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await jobs.settle();
    },
  };
}
