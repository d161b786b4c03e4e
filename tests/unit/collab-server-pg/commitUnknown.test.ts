// D1 through a real server on PostgreSQL: a command whose COMMIT loses its connection is answered by what the
// database holds — (a) committed: the success, and a retry gets the same stored answer; (b) not committed: an
// error, and the retry succeeds.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { meetingStateRoom, SESSION_KEYS, SESSION_MAP } from '../../../common/live/index.ts';
import { loadRoom } from '../../../collab-server/live/roomStore.ts';
import { PgDb } from '../../../collab-server/store/pg/PgDb.ts';
import { connect, nextCommandId, seedMeeting, send, startLiveServer, waitForSynced, type LiveServer } from '../live/liveHarness.ts';
import { freshDataDir, usePostgres } from './helpers.ts';

usePostgres();

let live: LiveServer | undefined;
afterEach(async () => {
  await live?.stop();
  live = undefined;
});

async function setUp(): Promise<{ live: LiveServer; db: PgDb; token: string }> {
  live = await startLiveServer(freshDataDir());
  const db = live.server.db;
  if (!(db instanceof PgDb)) throw new Error('expected the PostgreSQL store');
  const [a] = seedMeeting(live.server, 'm-commit', [{ delegateId: 'd-1', role: 'delegate' }]);
  return { live, db, token: a?.token ?? '' };
}

const present = (doc: Y.Doc): boolean => (doc.getMap(SESSION_MAP).get(SESSION_KEYS.attendance) as Y.Map<unknown> | undefined)?.has('d-1') === true;

/** Whether d-1's check-in is in the state room as the server holds it in memory (a fresh client's copy) and as stored. */
async function checkedIn(live: LiveServer, token: string): Promise<{ memory: boolean; stored: boolean }> {
  const client = connect(live.url(), meetingStateRoom('m-commit'), token);
  try {
    await waitForSynced(client);
    const storedDoc = new Y.Doc();
    for (const u of loadRoom(live.server.db, meetingStateRoom('m-commit')).updates) Y.applyUpdate(storedDoc, u);
    return { memory: present(client.doc), stored: present(storedDoc) };
  } finally {
    client.destroy();
  }
}

describe('a COMMIT of unknown outcome', () => {
  it('(a) committed before the connection broke: the command succeeds, and its retry gets the stored answer', async () => {
    const { live, db, token } = await setUp();
    const command = { id: nextCommandId(), type: 'checkIn', mode: 'present-hall' };
    db.failNextCommitForTest('after');
    const first = await send(live.url(), 'm-commit', token, command);
    expect(first.status).toBe(200);
    // The doc kept the change the store holds (before the fix it was undone in memory: a 500, and a room without it).
    expect(await checkedIn(live, token)).toEqual({ memory: true, stored: true });
    const again = await send(live.url(), 'm-commit', token, command);
    expect(again).toEqual(first);
  });

  it('(b) broke before COMMIT was sent: the command fails, and the client can retry and succeed', async () => {
    const { live, db, token } = await setUp();
    const command = { id: nextCommandId(), type: 'checkIn', mode: 'present-hall' };
    db.failNextCommitForTest('before');
    const first = await send(live.url(), 'm-commit', token, command);
    expect(first.status).not.toBe(200);
    expect(await checkedIn(live, token)).toEqual({ memory: false, stored: false });
    const retry = await send(live.url(), 'm-commit', token, command);
    expect(retry.status).toBe(200);
    expect(await checkedIn(live, token)).toEqual({ memory: true, stored: true });
  });
});
