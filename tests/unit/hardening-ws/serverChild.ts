// The collab-server in its own process, for tests where the server must be seen to survive (or not) and where
// a blocked server must not also block the test's clients. IPC in: {seed: {meetingId, members}} | {stop: true};
// out: {url} | {tokens} | {log}.
import crypto from 'node:crypto';
import { startCollabServer } from '../../../collab-server/server.ts';

interface SeedMember {
  readonly delegateId: string;
  readonly role: string;
}
type Message = { seed: { meetingId: string; members: readonly SeedMember[] } } | { stop: true };

const [dataDir = '', adminToken = ''] = process.argv.slice(2);
const server = await startCollabServer({ dataDir, host: '127.0.0.1', port: 0, adminToken, log: (line) => process.send?.({ log: line }) });

function seed(meetingId: string, members: readonly SeedMember[]): string[] {
  server.db.prepare(`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (?, 'test', 0, ?)`).run(meetingId, new Date().toISOString());
  const insert = server.db.prepare(`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (?, ?, ?, ?)`);
  return members.map((m) => {
    const token = crypto.randomBytes(24).toString('base64url');
    insert.run(meetingId, m.delegateId, m.role, crypto.createHash('sha256').update(token).digest('hex'));
    return token;
  });
}

process.on('message', (raw) => {
  const m = raw as Message;
  if ('seed' in m) process.send?.({ tokens: seed(m.seed.meetingId, m.seed.members) });
  else void server.close().finally(() => process.exit(0));
});
process.send?.({ url: server.url });
