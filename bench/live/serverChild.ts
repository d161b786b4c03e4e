// Child process of the live benchmark, so the server's RSS is its own: `ours` runs the real collab-server,
// `reference` runs @y/websocket-server@0.1.1's setupWSConnection on a plain http server.
// IPC in: {seed: {meetingId, delegates}} | {rss: true} | {stop: true}; out: {port} | {tokens} | {rssMb}.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { startCollabServer, type CollabServer } from '../../collab-server/server.ts';

type Message = { seed: { meetingId: string; delegates: number } } | { rss: true } | { stop: true };

const MB = 1024 * 1024;
const mode = process.argv[2];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-live-bench-'));

function seed(server: CollabServer, meetingId: string, delegates: number): string[] {
  const db = server.db;
  db.prepare(`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (?, 'bench', 0, ?)`).run(meetingId, new Date().toISOString());
  const insert = db.prepare(`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (?, ?, ?, ?)`);
  const tokens: string[] = [];
  db.transaction(() => {
    for (let i = 0; i <= delegates; i++) {
      const token = crypto.randomBytes(24).toString('base64url');
      insert.run(meetingId, i === 0 ? 'chu-toa' : `db-${i}`, i === 0 ? 'chair' : 'delegate', crypto.createHash('sha256').update(token).digest('hex'));
      tokens.push(token);
    }
  })();
  return tokens;
}

async function startOurs(): Promise<{ port: number; seed: (m: string, n: number) => string[]; close: () => Promise<void> }> {
  // Every benchmark client connects from 127.0.0.1: lift the per-address connection cap (512) for them.
  const server = await startCollabServer({ dataDir, host: '127.0.0.1', port: 0, adminToken: 'bench-admin-token-0123456789', log: () => {}, http: { maxConnectionsPerAddress: 1_000_000 } });
  return { port: server.port, seed: (m, n) => seed(server, m, n), close: () => server.close() };
}

async function startReference(): Promise<{ port: number; seed: () => string[]; close: () => Promise<void> }> {
  const { setupWSConnection } = (await import('@y/websocket-server/utils')) as {
    setupWSConnection: (conn: unknown, req: http.IncomingMessage, opts?: { docName?: string }) => void;
  };
  const server = http.createServer((_req, res) => res.end('reference'));
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { port, seed: () => [], close: () => new Promise<void>((r) => server.close(() => r())) };
}

const server = mode === 'reference' ? await startReference() : await startOurs();
process.send?.({ port: server.port });
process.on('message', (raw) => {
  const m = raw as Message;
  if ('seed' in m) process.send?.({ tokens: server.seed(m.seed.meetingId, m.seed.delegates) });
  else if ('rss' in m) process.send?.({ rssMb: process.memoryUsage().rss / MB });
  else
    void server.close().finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
});
