// `node --import tsx bench/cluster/countStatements.ts`: how many libpq round trips one castBallot costs on the
// PostgreSQL store, and one checkIn — the figure behind the cluster benchmark's vote acknowledgement (each round
// trip waits for the PostgreSQL process, which on a machine short of cores waits for a CPU). One server in this
// process on a throwaway PostgreSQL; PgDb.call counted while 100 ballots go in one at a time, then 100 at once.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LIVE_API } from '../../common/live/index.ts';
import { startCollabServer } from '../../collab-server/server.ts';
import { PgDb } from '../../collab-server/store/pg/PgDb.ts';
import { run, sql } from '../../collab-server/store/sql.ts';
import { startTestPostgres } from '../../tests/support/postgres.ts';

const VOTERS = 100;
const MEETING = 'dem-cau-lenh';
const pg = await startTestPostgres({ durable: true });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-count-'));
let calls = 0;
const original = PgDb.prototype.call;
PgDb.prototype.call = function <T>(this: PgDb, fn: () => T): T {
  calls++;
  return original.call(this, fn) as T;
};
const server = await startCollabServer({ dataDir, host: '127.0.0.1', port: 0, adminToken: 'count-admin-token-0123456789', log: () => {}, databaseUrl: pg.adminUrl, live: { commandBurst: 1e6, commandRefillPerSec: 1e6 } });
const tokens: string[] = [];
server.db.transaction(() => {
  run(server.db, sql`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (${MEETING}, 'bench', 0, ${new Date().toISOString()})`);
  for (let i = 0; i < VOTERS; i++) {
    const token = crypto.randomBytes(24).toString('base64url');
    run(server.db, sql`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (${MEETING}, ${i === 0 ? 'chu-toa' : `db-${i}`}, ${i === 0 ? 'chair' : 'delegate'}, ${crypto.createHash('sha256').update(token).digest('hex')})`);
    tokens.push(token);
  }
})();
async function send(token: string, body: object): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${server.port}${LIVE_API.commands(MEETING)}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await res.json()) as { ok: boolean };
  if (!answer.ok) throw new Error(`refused: ${JSON.stringify(answer)}`);
}
const measure = async (what: string, fn: () => Promise<void>, n: number): Promise<void> => {
  calls = 0;
  const started = performance.now();
  await fn();
  console.log(`${what}: ${(calls / n).toFixed(1)} round trips each, ${((performance.now() - started) / n).toFixed(2)} ms each`);
};
await measure('checkIn, one at a time', async () => {
  for (const [i, t] of tokens.entries()) await send(t, { id: `vao-${i}`, type: 'checkIn', mode: 'present-hall' });
}, VOTERS);
await send(tokens[0] as string, { id: 'tao', type: 'createPoll', pollId: 'p1', definition: { kind: 'open', question: 'Thông qua', itemId: 'd1' } });
await send(tokens[0] as string, { id: 'mo', type: 'openPoll', pollId: 'p1' });
await measure('castBallot, one at a time', async () => {
  for (const [i, t] of tokens.slice(0, VOTERS / 2).entries()) await send(t, { id: `phieu-${i}`, type: 'castBallot', pollId: 'p1', choice: 'yes' });
}, VOTERS / 2);
await measure('castBallot, 50 at once', async () => {
  await Promise.all(tokens.slice(VOTERS / 2).map((t, i) => send(t, { id: `phieu-b-${i}`, type: 'castBallot', pollId: 'p1', choice: 'no' })));
}, VOTERS / 2);
await server.close();
await pg.stop();
fs.rmSync(dataDir, { recursive: true, force: true });
