import fs from 'node:fs';
import * as Y from 'yjs';
import { afterEach, expect, it } from 'vitest';
import { appendRoomUpdate, compactRoom, loadRoom, roomUpdateStats } from '../../../collab-server/live/roomStore.ts';
import { openServerDb } from '../../../collab-server/store/db.ts';
import { tempDir } from '../collab-server/helpers.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function docFrom(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

it('keeps a room as snapshot + appended updates, and seqs keep growing across compactions and restarts', () => {
  const dir = tempDir('council-roomstore-');
  dirs.push(dir);
  const room = 'm/m1/s/notes';
  const source = new Y.Doc();
  const captured: Uint8Array[] = [];
  source.on('update', (u: Uint8Array) => captured.push(u));
  let db = openServerDb(dir);
  const at = new Date(0).toISOString();
  for (let i = 0; i < 5; i++) source.getMap('m').set(`k${i}`, i);
  const seqs = captured.map((update) => appendRoomUpdate(db, { room, meetingId: 'm1', update, at }));
  expect(seqs).toEqual([1, 2, 3, 4, 5]);
  expect(roomUpdateStats(db, room).count).toBe(5);

  compactRoom(db, { room, meetingId: 'm1', state: Y.encodeStateAsUpdate(source), uptoSeq: 5, at });
  expect(roomUpdateStats(db, room)).toEqual({ count: 0, bytes: 0 });
  source.getMap('m').set('after', 'compaction');
  expect(appendRoomUpdate(db, { room, meetingId: 'm1', update: captured.at(-1) as Uint8Array, at })).toBe(6);
  db.close();

  db = openServerDb(dir);
  try {
    const stored = loadRoom(db, room);
    expect(stored.lastSeq).toBe(6);
    expect(stored.updates).toHaveLength(2);
    expect(docFrom(stored.updates).getMap('m').toJSON()).toEqual(source.getMap('m').toJSON());
    expect(loadRoom(db, 'm/m1/s/other')).toEqual({ updates: [], lastSeq: 0 });
  } finally {
    db.close();
  }
});
