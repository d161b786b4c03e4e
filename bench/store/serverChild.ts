// The collab-server of the store benchmark, alone in its process so its CPU time is its own.
// argv: <dataDir> [databaseUrl]: SQLite in dataDir, or PostgreSQL at the URL. IPC out: {ready: {port, tokens}}
// (one meeting, `delegates` members seeded straight into the store) | {cpuSeconds}; in: {cpu: true} | {stop: true}.
import crypto from 'node:crypto';
import { startCollabServer } from '../../collab-server/server.ts';
import { run, sql } from '../../collab-server/store/sql.ts';
import { STORE_MEETING } from './constants.ts';

const [dataDir, databaseUrl, delegatesArg] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: serverChild.ts <dataDir> [databaseUrl|-] [delegates]');
const delegates = Number(delegatesArg ?? 50);
const log = (line: string): void => {
  if (/fail|error|refus/i.test(line)) process.stderr.write(`store server: ${line}\n`);
};
// Every client is 127.0.0.1 and each member sends far more than a person would: lift those two caps only,
// so the figure is the store's, not the limiter's.
const server = await startCollabServer({
  dataDir,
  host: '127.0.0.1',
  port: 0,
  adminToken: 'bench-store-admin-token-0123456789',
  log,
  http: { maxConnectionsPerAddress: 1_000_000 },
  live: { commandBurst: 1_000_000, commandRefillPerSec: 1_000_000 },
  ...(databaseUrl && databaseUrl !== '-' ? { databaseUrl } : {}),
});

// The sql tag, so one seed serves both engines (as tests/unit/live/liveHarness.ts seeds, but dialect-neutral).
const tokens: string[] = [];
server.db.transaction(() => {
  run(server.db, sql`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (${STORE_MEETING}, 'bench', 0, ${new Date().toISOString()})`);
  for (let i = 1; i <= delegates; i++) {
    const token = crypto.randomBytes(24).toString('base64url');
    const hash = crypto.createHash('sha256').update(token).digest('hex');
    run(server.db, sql`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (${STORE_MEETING}, ${`db-${i}`}, 'delegate', ${hash})`);
    tokens.push(token);
  }
})();

process.send?.({ ready: { port: server.port, tokens } });
process.on('message', (m) => {
  const msg = m as { cpu?: boolean; stop?: boolean };
  if (msg.cpu) {
    const u = process.cpuUsage();
    process.send?.({ cpuSeconds: (u.user + u.system) / 1e6 });
  } else if (msg.stop) void server.close().finally(() => process.exit(0));
});
