// Child process of the annotation sync benchmark: the real collab-server, its own data dir.
// IPC in: {seed: {meetingId, delegates: string[]}} | {size: room} | {stop: true}; out: {port} | {tokens} | {size}.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCollabServer } from '../../collab-server/server.ts';

type Message = { seed: { meetingId: string; delegates: string[] } } | { size: string } | { stop: true };

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-notes-bench-'));
const server = await startCollabServer({ dataDir, host: '127.0.0.1', port: 0, adminToken: 'bench-admin-token-0123456789', log: () => {} });
const db = server.db;

function seed(meetingId: string, delegates: readonly string[]): string[] {
  db.prepare(`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (?, 'bench', 0, ?)`).run(meetingId, new Date().toISOString());
  const insert = db.prepare(`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (?, ?, 'delegate', ?)`);
  return delegates.map((id) => {
    const token = crypto.randomBytes(24).toString('base64url');
    insert.run(meetingId, id, crypto.createHash('sha256').update(token).digest('hex'));
    return token;
  });
}

/** Bytes the server stores for a room: its snapshot plus the updates appended since. */
function size(room: string): { snapshot: number; log: number } {
  const s = db.prepare(`SELECT COALESCE(SUM(LENGTH(state)), 0) AS n FROM live_rooms WHERE room = ?`).get(room) as { n: number };
  const u = db.prepare(`SELECT COALESCE(SUM(LENGTH(update_data)), 0) AS n FROM live_room_updates WHERE room = ?`).get(room) as { n: number };
  return { snapshot: s.n, log: u.n };
}

process.send?.({ port: server.port });
process.on('message', (raw) => {
  const m = raw as Message;
  if ('seed' in m) process.send?.({ tokens: seed(m.seed.meetingId, m.seed.delegates) });
  else if ('size' in m) process.send?.({ size: size(m.size) });
  else
    void server.close().finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
});
