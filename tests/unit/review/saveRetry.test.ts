// Review finding 9 (RoomRegistry.saveUnsaved): the unsaved updates were forgotten before they were appended,
// so one failed append (a full disk, a locked file) lost them for good although the room lived on. They now
// stay unsaved until an append succeeds, and are tried again after the debounce.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RoomRegistry } from '../../../collab-server/live/RoomRegistry.ts';
import { loadRoom } from '../../../collab-server/live/roomStore.ts';
import { sharedRoom } from '../../../common/live/rooms.ts';
import { openServerDb } from '../../../collab-server/store/db.ts';
import { poll } from '../live/liveHarness.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

it('keeps the updates of a failed append and stores them on the next try', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-save-retry-'));
  dirs.push(dir);
  const db = openServerDb(dir);
  const logs: string[] = [];
  const registry = new RoomRegistry({
    db,
    tickMs: 5,
    persistDebounceMs: 5,
    maxUpdatesPerMerge: 50,
    compactAfterUpdates: 1000,
    compactAfterBytes: 1 << 20,
    onLoad: () => {},
    log: (l) => logs.push(l),
  });
  try {
    const room = registry.acquire({ kind: 'shared', meetingId: 'luu-lai', name: 'bang' });
    const name = sharedRoom('luu-lai', 'bang');
    // Every append fails until the trigger is dropped, as a full disk would.
    db.exec(`CREATE TRIGGER fail_append BEFORE INSERT ON live_room_updates BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const client = new Y.Doc();
    client.getMap<string>('m').set('a', 'truoc');
    Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(client), 'peer');
    await poll('the failed append', () => logs.some((l) => l.includes('could not save') && l.includes('disk full')));
    db.exec(`DROP TRIGGER fail_append`);
    client.getMap<string>('m').set('b', 'sau');
    Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(client), 'peer');
    await poll('both updates stored', () => {
      const stored = new Y.Doc();
      for (const u of loadRoom(db, name).updates) Y.applyUpdate(stored, u);
      return stored.getMap<string>('m').get('a') === 'truoc' && stored.getMap<string>('m').get('b') === 'sau';
    });
    const stored = new Y.Doc();
    for (const u of loadRoom(db, name).updates) Y.applyUpdate(stored, u);
    expect(stored.getMap<string>('m').toJSON()).toEqual({ a: 'truoc', b: 'sau' });
  } finally {
    registry.closeAll();
    db.close();
  }
});
