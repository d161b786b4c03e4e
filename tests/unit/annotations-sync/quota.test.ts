// A room of 1,000 annotations fits the server's default quotas (room bytes, frame size, the member's frame budget):
// nothing is refused and a device that joins afterwards receives them all.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Annotation } from '../../../common/annotations/types.ts';
import { highlightBy, noteBy, publishTestMeeting, until, type Published } from './harness.ts';

const SHA = 'f'.repeat(64);
const COUNT = 1_000;
let pub: Published;
beforeEach(async () => {
  pub = await publishTestMeeting();
});
afterEach(async () => {
  await pub.cleanup();
});

it('holds 1,000 annotations in one room and hands them all to a device that joins later', { timeout: 120_000 }, async () => {
  const a = await pub.book('d01');
  const text = 'Đề nghị làm rõ nguồn vốn đối ứng và tiến độ giải ngân các công trình chuyển tiếp năm 2027.';
  for (let i = 0; i < COUNT; i++) {
    const n: Annotation = i % 2 === 0 ? noteBy('d01', 'meeting', pub.ordinaryId, SHA, text) : highlightBy('d01', 'meeting', pub.ordinaryId, SHA, { text });
    await a.put(n);
  }
  await until('all confirmed', () => a.snapshot().pending === 0, 100_000);
  for (const room of a.roomSyncs().values()) expect(room.closeCode).toBeUndefined();
  const late = await pub.book('d02');
  await until('all 1,000 at the late device', () => late.snapshot().annotations.length === COUNT, 100_000);
  expect(late.snapshot().rejected).toBe(0);
  const shared = [...a.roomSyncs().values()].find((r) => r.map.size === COUNT);
  expect(shared).toBeDefined();
});
