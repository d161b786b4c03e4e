// A real collab-server and a real console server on port 0, and an HTTP client with a cookie jar that speaks
// the console's JSON results (common/result.ts) and sends the CSRF header unless told not to.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { InboxName } from '../../../common/annotations/rooms.ts';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import { CONSOLE_CSRF_HEADER } from '../../../common/api/console.ts';
import { pathTo } from '../../../common/api/routes.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { startConsoleServer, type ConsoleServer } from '../../../main/services/console/server.ts';

export const ADMIN_TOKEN = 'console-tests-admin-token-0123456789';

export interface Env {
  readonly collab: CollabServer;
  /** The console's data folder (drafts/ under it). */
  readonly consoleDir: string;
  /** What the console's inbox source answers (the sealed góp ý and receipts), by inbox name. */
  readonly inbox: Map<InboxName, Uint8Array[]>;
  readonly console: ConsoleServer;
  readonly dirs: string[];
  tempDir(prefix: string): string;
  stop(): Promise<void>;
}

/** `injectInbox`: the console reads the góp ý from `env.inbox` instead of the inbox rooms (the default, real one). */
export async function startEnv(opts: { readonly adminToken?: boolean; readonly maxUploadBytes?: number; readonly injectInbox?: boolean } = {}): Promise<Env> {
  const dirs: string[] = [];
  const tempDir = (prefix: string): string => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  const collab = await startCollabServer({ dataDir: tempDir('console-collab-'), host: '127.0.0.1', port: 0, adminToken: ADMIN_TOKEN, log: () => undefined });
  const consoleDir = tempDir('console-data-');
  const inbox = new Map<InboxName, Uint8Array[]>();
  const consoleServer = await startConsoleServer({
    dataDir: consoleDir,
    ...(opts.injectInbox === true ? { inbox: ({ name }: { name: InboxName }) => Promise.resolve(inbox.get(name) ?? []) } : {}),
    server: collab.url,
    port: 0,
    ...(opts.adminToken === true ? { adminToken: ADMIN_TOKEN } : {}),
    ...(opts.maxUploadBytes !== undefined ? { maxUploadBytes: opts.maxUploadBytes } : {}),
    // Generated PDFs carry a text layer; OCR (tesseract) is exercised by tests/unit/search-publish.
    ocr: false,
    log: () => undefined,
  });
  return {
    collab,
    consoleDir,
    inbox,
    console: consoleServer,
    dirs,
    tempDir,
    async stop() {
      await consoleServer.close();
      await collab.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

export type Answer<T> = { readonly status: number; readonly ok: true; readonly value: T } | { readonly status: number; readonly ok: false; readonly error: ErrorValue };

type Body = string | Uint8Array;

export class Client {
  private cookie: string | undefined;

  constructor(readonly base: string) {}

  async raw(method: string, route: string, init: { body?: Body; type?: string; csrf?: boolean } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (init.csrf !== false && method !== 'GET') headers[CONSOLE_CSRF_HEADER] = '1';
    if (init.type) headers['content-type'] = init.type;
    if (this.cookie) headers['cookie'] = this.cookie;
    const body = init.body instanceof Uint8Array ? new Uint8Array(init.body) : init.body;
    const res = await fetch(`${this.base}${route}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    return res;
  }

  async call<T>(method: string, route: string, init: { body?: Body; type?: string; csrf?: boolean; json?: unknown } = {}): Promise<Answer<T>> {
    const res = await this.raw(method, route, init.json !== undefined ? { ...init, body: JSON.stringify(init.json), type: 'application/json' } : init);
    const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: ErrorValue };
    return body.ok ? { status: res.status, ok: true, value: body.value } : { status: res.status, ok: false, error: body.error };
  }

  async value<T>(method: string, route: string, init: { body?: Body; type?: string; json?: unknown } = {}): Promise<T> {
    const a = await this.call<T>(method, route, init);
    if (!a.ok) throw new Error(`${method} ${route}: ${a.error.code} ${a.error.message} ${(a.error.details ?? []).join(' | ')}`);
    return a.value;
  }

  async bytes(route: string): Promise<{ type: string; disposition: string; bytes: Uint8Array }> {
    const res = await this.raw('GET', route);
    if (!res.ok) throw new Error(`GET ${route}: ${res.status} ${await res.text()}`);
    return { type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', bytes: new Uint8Array(await res.arrayBuffer()) };
  }
}

export const to = pathTo;

/** A real PDF with a text layer on every page (pdf-lib, standard font: ASCII text). */
export async function makePdf(title: string, pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    for (let line = 0; line < 20; line++) page.drawText(`${title} - trang ${i + 1} - dong ${line + 1} noi dung bao cao`, { x: 50, y: 780 - line * 30, size: 12, font });
  }
  return doc.save();
}

/** Polls `fn` until it returns a value, at most `tries` times (no sleeps beyond a short yield). */
export async function until<T>(fn: () => Promise<T | undefined>, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached');
}
