// A real collab-server on 127.0.0.1 (port 0) with its own temp dir, members inserted straight into the
// members table (token hash = hex SHA-256 of the token), and real y-websocket clients over `ws`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { startCollabServer, type CollabServer, type CollabServerOptions } from '../../../collab-server/server.ts';
import type { LiveCommandInput, CommandResult } from '../../../common/live/commands.ts';
import { SYNC_PATH, LIVE_API } from '../../../common/live/index.ts';
import type { Role } from '../../../common/meeting/types.ts';

export const ADMIN_TOKEN = 'live-test-admin-token-0123456789';
/** Upper bound of every wait; a wait that reaches it fails the test with what it waited for. */
export const WAIT_BOUND_MS = 20_000;

export interface TestMember {
  readonly delegateId: string;
  readonly role: Role;
  readonly token: string;
}

export interface LiveServer {
  server: CollabServer;
  readonly dataDir: string;
  readonly logs: string[];
  url(): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const sha256Hex = (s: string): string => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

/** Options passed through to startCollabServer (features, limits). */
export type ExtraServerOptions = Omit<CollabServerOptions, 'dataDir' | 'host' | 'port' | 'adminToken' | 'log'>;

export async function startLiveServer(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-live-')), extra: ExtraServerOptions = {}): Promise<LiveServer> {
  const logs: string[] = [];
  const start = (port: number): Promise<CollabServer> =>
    startCollabServer({ ...extra, dataDir, host: '127.0.0.1', port, adminToken: ADMIN_TOKEN, log: (l) => logs.push(l) });
  const live: LiveServer = {
    server: await start(0),
    dataDir,
    logs,
    url: () => live.server.url,
    async restart() {
      const port = live.server.port;
      await live.server.close();
      live.server = await start(port);
    },
    async stop() {
      await live.server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return live;
}

export function seedMeeting(server: CollabServer, meetingId: string, members: readonly Omit<TestMember, 'token'>[]): TestMember[] {
  const db = server.db;
  db.prepare(`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (?, ?, 0, ?)`).run(meetingId, 'test-key', new Date().toISOString());
  const insert = db.prepare(`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (?, ?, ?, ?)`);
  return members.map((m) => {
    const token = crypto.randomBytes(24).toString('base64url');
    insert.run(meetingId, m.delegateId, m.role, sha256Hex(token));
    return { ...m, token };
  });
}

export function revoke(server: CollabServer, meetingId: string, delegateId: string): void {
  server.db.prepare(`UPDATE members SET revoked_at = ? WHERE meeting_id = ? AND delegate_id = ?`).run(new Date().toISOString(), meetingId, delegateId);
}

/** The usual cast: a chair, `n` delegates, a secretary and an observer. */
export function cast(n: number): Omit<TestMember, 'token'>[] {
  const delegates = Array.from({ length: n }, (_, i) => ({ delegateId: `db-${String(i + 1).padStart(3, '0')}`, role: 'delegate' as const }));
  return [{ delegateId: 'chu-toa', role: 'chair' }, ...delegates, { delegateId: 'thu-ky', role: 'secretary' }, { delegateId: 'quan-sat', role: 'observer' }];
}

export interface CommandAnswer {
  readonly status: number;
  readonly body: CommandResult;
}

let commandCounter = 0;
export const nextCommandId = (): string => `c-${process.pid}-${++commandCounter}`;

export async function send(url: string, meetingId: string, token: string, command: LiveCommandInput | Record<string, unknown>): Promise<CommandAnswer> {
  const res = await fetch(url + LIVE_API.commands(meetingId), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(command),
  });
  return { status: res.status, body: (await res.json()) as CommandResult };
}

export interface Client {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  destroy(): void;
}

export function connect(url: string, room: string, token: string): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url + SYNC_PATH, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Node has a process-wide BroadcastChannel: without this, clients in one test process would sync
    // with each other and hide what the server does.
    disableBc: true,
    maxBackoffTime: 300,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves when `check` holds, re-checking on every event `subscribe` reports; fails after the bound. */
export function waitUntil(what: string, check: () => boolean, subscribe: (wake: () => void) => () => void, boundMs = WAIT_BOUND_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsubscribe = (): void => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, boundMs);
    const wake = (): void => {
      if (!check()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    unsubscribe = subscribe(wake);
    wake();
  });
}

/** Waits until the document satisfies `check`, woken by its updates. */
export function waitForDoc(what: string, doc: Y.Doc, check: () => boolean, boundMs?: number): Promise<void> {
  return waitUntil(what, check, (wake) => {
    doc.on('update', wake);
    return () => doc.off('update', wake);
  }, boundMs);
}

export function waitForSynced(client: Client): Promise<void> {
  return waitUntil('sync', () => client.provider.synced, (wake) => {
    client.provider.on('sync', wake);
    return () => client.provider.off('sync', wake);
  });
}

/** Polls a condition that has no event of its own (a log line, a database row), with a bound. */
export async function poll(what: string, check: () => boolean, boundMs = WAIT_BOUND_MS, everyMs = 20): Promise<void> {
  const until = Date.now() + boundMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A raw `ws` socket to a sync URL; resolves with its open socket or the HTTP status it was refused with. */
export function rawSocket(url: string, room: string, token: string): Promise<{ ws?: WebSocket; status?: number }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${SYNC_PATH}/${room}?token=${encodeURIComponent(token)}`);
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', (e) => reject(e));
  });
}

/** Resolves with the close code of a socket. */
export function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.on('close', (code) => resolve(code)));
}
