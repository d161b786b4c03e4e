// Sealed annotations through the real collab-server and the real y-websocket client: one member's sealed note
// reaches another member's device and opens there; what the server keeps on disk holds the sealed bytes and none
// of the note (its text, its quote, its document id).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { roomOfNote } from '../../../common/annotations/rooms.ts';
import { openAnnotation, sealAnnotation } from '../../../common/annotations/seal.ts';
import type { NoteKeys } from '../../../common/annotations/noteKeys.ts';
import { cast, connect, poll, seedMeeting, startLiveServer, waitForDoc, waitForSynced, type Client, type LiveServer } from '../live/liveHarness.ts';
import { makeKeys, note } from './fixtures.ts';

const MID = 'mNotesSync01';
const DOC = 'to-trinh-ngan-sach';
const TEXT = 'Đề nghị làm rõ nguồn vốn đối ứng của huyện';
/** The Y.Map each note room keeps its sealed entries in (the book's shape; any name does for this test). */
const MAP = 'notes';

let live: LiveServer;
const clients: Client[] = [];
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await live.stop();
});

/** Every byte the server wrote under its data folder (the SQLite file and its WAL). */
function serverBytes(): Buffer {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(live.dataDir);
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

it('syncs a sealed note between two members; the server stores only its ciphertext', async () => {
  const members = seedMeeting(live.server, MID, cast(2));
  const author = members.find((m) => m.delegateId === 'db-001');
  const reader = members.find((m) => m.delegateId === 'db-002');
  if (!author || !reader) throw new Error('seed');
  const keys = await makeKeys(MID, members.map((m) => ({ id: m.delegateId, groupId: '', role: m.role })), []);
  const [mine, theirs] = [keys['db-001'], keys['db-002']] as [NoteKeys, NoteKeys];

  const n = note('db-001', 'meeting', DOC, TEXT);
  const room = await roomOfNote(mine, 'meeting', DOC);
  const blob = await sealAnnotation(mine, room, n);
  const a = connect(live.url(), room, author.token);
  const b = connect(live.url(), room, reader.token);
  clients.push(a, b);
  await Promise.all([waitForSynced(a), waitForSynced(b)]);
  a.doc.getMap<Uint8Array>(MAP).set(n.id, blob);
  await waitForDoc('the sealed note at the reader', b.doc, () => b.doc.getMap<Uint8Array>(MAP).has(n.id));
  const got = b.doc.getMap<Uint8Array>(MAP).get(n.id);
  expect(got && (await openAnnotation(theirs, room, n.id, got))).toEqual({ ok: true, value: n });

  // On the server's disk: the ciphertext (so the note was stored), never the note.
  const probe = Buffer.from(blob.subarray(blob.length - 32));
  await poll('the sealed bytes on the server disk', () => serverBytes().includes(probe));
  const disk = serverBytes();
  for (const plain of [TEXT, DOC, n.target.sha256, 'highlight', '"note"']) expect(disk.includes(Buffer.from(plain, 'utf8'))).toBe(false);
});
