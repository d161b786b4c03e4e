// More edits made offline than one WebSocket frame may carry (the server closes frames above 1 MiB): back online,
// the device sends them piece by piece (sync/chunkedSync.ts), also after the app was closed and opened again.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../../common/live/wire.ts';
import * as Y from 'yjs';
import { MemoryRecords, noteBy, publishTestMeeting, until, type Published } from './harness.ts';

const SHA = '9'.repeat(64);
const COUNT = 1_100;
let pub: Published;
beforeEach(async () => {
  pub = await publishTestMeeting();
});
afterEach(async () => {
  await pub.cleanup();
});

it('delivers 1,100 notes made offline, more than one frame holds', { timeout: 120_000 }, async () => {
  const records = new MemoryRecords();
  const a = await pub.book('d01', records);
  const b = await pub.book('d02');
  await until('a synced', () => Object.values(a.snapshot().connection).every((c) => c === 'synced'));
  a.disconnect();
  const text = 'Ghi chú soạn khi không có mạng, về nguồn vốn đối ứng và tiến độ giải ngân năm 2027.';
  for (let i = 0; i < COUNT; i++) await a.put(noteBy('d01', 'meeting', pub.ordinaryId, SHA, text));
  const shared = [...a.roomSyncs().values()].find((r) => r.map.size === COUNT);
  expect(shared && Y.encodeStateAsUpdate(shared.doc).byteLength).toBeGreaterThan(MAX_FRAME_BYTES);
  // Closed and opened again while offline: the unsent edits come back from the device records.
  await a.closeAndFlush();
  const again = await pub.book('d01', records);
  await until('all 1,100 at the other device', () => b.snapshot().annotations.length === COUNT, 100_000);
  await until('nothing pending', () => again.snapshot().pending === 0, 100_000);
  expect(pub.logs.some((l) => /1009|too large/i.test(l))).toBe(false);
});
