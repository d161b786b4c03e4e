// What the server (and the device's store) keep of annotations: after distinctive notes, quotes, colours and
// coordinates went through the rooms, none of them is anywhere in the server's data folder (SQLite file, WAL,
// before and after a checkpoint) or its log, nor in the device's records; and no room name carries a document id
// or a page.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Annotation } from '../../../common/annotations/types.ts';
import { parseRoom } from '../../../common/live/rooms.ts';
import { sqliteOf } from '../../../collab-server/store/db.ts';
import { connect, waitForSynced } from '../live/liveHarness.ts';
import { has, highlightBy, MemoryRecords, noteBy, publishTestMeeting, until, type Published } from './harness.ts';

const SHA = 'c'.repeat(64);
let pub: Published;
beforeEach(async () => {
  pub = await publishTestMeeting();
});
afterEach(async () => {
  await pub.cleanup();
});

const TEXT = 'Kiến nghị XYZ-7731 về nguồn vốn đối ứng';
const QUOTE = 'chỉ tiêu QQ-5519 phân bổ';
const COMMENT = 'Bình luận riêng ZZ-4410';
const COORD = 123.456;

function roomNames(pub: Published): string[] {
  const db = pub.server.db;
  const rows = db.prepare(`SELECT room FROM live_rooms UNION SELECT room FROM live_room_updates`).all() as { room: string }[];
  return rows.map((r) => r.room);
}

it('leaves no note, quote, colour, coordinate, document id or page on the server or in the device store', async () => {
  const aRecords = new MemoryRecords();
  const bRecords = new MemoryRecords();
  const a = await pub.book('d01', aRecords);
  const b = await pub.book('d02', bRecords);
  const notes: Annotation[] = [
    noteBy('d01', 'meeting', pub.ordinaryId, SHA, TEXT, { point: [COORD, 654.321] }),
    highlightBy('d01', 'group', pub.ordinaryId, SHA, {
      color: 'pink',
      text: COMMENT,
      anchor: { quote: { exact: QUOTE, prefix: 'theo ', suffix: ' năm 2027' }, position: { start: 7, end: 31 } },
      rects: [[COORD, 432.109, 180.5, 14.25]],
      target: { documentId: pub.ordinaryId, revision: 1, sha256: SHA, page: 3 },
    } as Partial<Annotation>),
    noteBy('d01', 'meeting', pub.confidentialId, SHA, `${TEXT} (mật)`),
    noteBy('d01', 'private', pub.confidentialId, SHA, `${COMMENT} riêng`),
  ];
  for (const n of notes) await a.put(n);
  const shared = notes.filter((n) => n.scope !== 'private');
  await until('the shared notes at d02', () => shared.every((n) => has(b, n.id)));
  const edited = { ...notes[0], text: `${TEXT} (sửa)`, updatedAt: new Date().toISOString() } as Annotation;
  await a.put(edited);
  await until('nothing pending', () => a.snapshot().pending === 0);
  // The books put nothing in the rooms' awareness: a member joining the shared room sees no one else's state.
  const sharedRoomName = [...a.roomSyncs().keys()].find((r) => parseRoom(r)?.kind === 'shared') ?? '';
  const watcher = connect(pub.server.url, sharedRoomName, pub.members.d03.token);
  await waitForSynced(watcher);
  expect([...watcher.provider.awareness.getStates().keys()]).toEqual([watcher.doc.clientID]);
  watcher.destroy();
  const sealedBlobs = [...a.roomSyncs().values()].flatMap((r) => [...r.map.values()]).map((b) => Buffer.from(b.subarray(b.length - 32)));
  expect(sealedBlobs.length).toBe(notes.length);
  await a.closeAndFlush();
  await b.closeAndFlush();

  const secrets = [TEXT, QUOTE, COMMENT, 'XYZ-7731', 'QQ-5519', 'ZZ-4410', '123.456', '654.321', '432.109', '"pink"', SHA, pub.ordinaryId, pub.confidentialId, '"page"', 'highlight'];
  const check = (where: string, bytes: Buffer): void => {
    for (const s of secrets) expect(bytes.includes(Buffer.from(s, 'utf8')), `${s} in ${where}`).toBe(false);
  };
  // The sealed blobs did reach the server's disk (what is checked is not an empty file).
  await until('the rooms stored', () => roomNames(pub).length >= 4);
  await until('every sealed note on the server disk', () => {
    const disk = pub.serverBytes();
    return sealedBlobs.every((probe) => disk.includes(probe));
  });
  check('the server data folder', pub.serverBytes());
  sqliteOf(pub.server.db)?.pragma('wal_checkpoint(TRUNCATE)');
  check('the server data folder after a checkpoint', pub.serverBytes());
  check('the server log', Buffer.from(pub.logs.join('\n'), 'utf8'));
  check('d01’s device records', aRecords.bytes());
  check('d02’s device records', bRecords.bytes());

  for (const room of roomNames(pub)) {
    expect(room.includes(pub.ordinaryId)).toBe(false);
    expect(room.includes(pub.confidentialId)).toBe(false);
    expect(/\/(?:1|2|3)(?:\/|$)/.test(room), room).toBe(false);
  }
});
