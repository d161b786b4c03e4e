// The pure helpers the UI reuses: room names, quorum, countdown, canonical JSON, command schemas.
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  countdown,
  formatClock,
  LiveCommandSchema,
  meetingStateRoom,
  parseRoom,
  privateRoom,
  quorumStatus,
  requiredForQuorum,
  sharedRoom,
  type AttendanceRecord,
} from '../../../common/live/index.ts';

describe('room names', () => {
  it('round-trips and refuses what is not URL-safe', () => {
    expect(meetingStateRoom('m1')).toBe('m/m1/state');
    expect(parseRoom(privateRoom('m1', 'db-01', 'ghi-chu'))).toEqual({ kind: 'private', meetingId: 'm1', delegateId: 'db-01', name: 'ghi-chu' });
    expect(parseRoom(sharedRoom('m1', 'x'))).toEqual({ kind: 'shared', meetingId: 'm1', name: 'x' });
    expect(() => meetingStateRoom('a/b')).toThrow();
    expect(parseRoom('m/m1/state/extra')).toBeUndefined();
    expect(parseRoom('m/../state')).toBeUndefined();
  });
});

describe('quorum (at least ⅔ of the sitting delegates)', () => {
  const present = (n: number, absent = 0): Record<string, AttendanceRecord> =>
    Object.fromEntries([
      ...Array.from({ length: n }, (_, i) => [`p${i}`, { status: i % 2 ? 'present-online' : 'present-hall', at: 0, by: 'x' }] as const),
      ...Array.from({ length: absent }, (_, i) => [`a${i}`, { status: 'absent', at: 0, by: 'x' }] as const),
    ]);
  const rule = { numerator: 2, denominator: 3 };
  it.each([
    [30, 20, true],
    [30, 19, false],
    [31, 21, true],
    [31, 20, false],
    [0, 0, false],
  ])('total %i with %i present: reached=%s', (total, n, reached) => {
    expect(quorumStatus(present(n, 2), total, rule)).toMatchObject({ present: n, absent: 2, reached, required: requiredForQuorum(total, rule) });
  });
  it('computes the required number in integers', () => {
    expect(requiredForQuorum(30, rule)).toBe(20);
    expect(requiredForQuorum(31, rule)).toBe(21);
    expect(requiredForQuorum(95, { numerator: 1, denominator: 2 })).toBe(48);
  });
});

describe('countdown', () => {
  const floor = { startedAt: 1_000_000, durationSec: 300 };
  it('runs, warns in the last minute, then counts the overrun', () => {
    expect(countdown(floor, 1_000_000)).toEqual({ elapsedSec: 0, remainingSec: 300, overrunSec: 0, phase: 'running' });
    expect(countdown(floor, 1_000_000 + 240_000).phase).toBe('warning');
    expect(countdown(floor, 1_000_000 + 300_000)).toMatchObject({ remainingSec: 0, phase: 'warning' });
    expect(countdown(floor, 1_000_000 + 365_000)).toMatchObject({ overrunSec: 65, phase: 'overrun' });
    expect(formatClock(countdown(floor, 1_000_000 + 365_000))).toBe('-01:05');
    expect(formatClock(countdown(floor, 1_000_000 + 1_000))).toBe('04:59');
  });
});

describe('canonical JSON and schemas', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
  });
  it('bounds announcements and requires an addressee for chất vấn', () => {
    expect(LiveCommandSchema.safeParse({ id: 'a', type: 'announce', text: 'x'.repeat(2001) }).success).toBe(false);
    expect(LiveCommandSchema.safeParse({ id: 'a', type: 'requestToSpeak', speechType: 'chat-van' }).success).toBe(false);
    expect(LiveCommandSchema.safeParse({ id: 'a', type: 'requestToSpeak', speechType: 'chat-van', addressee: 'Chánh án' }).success).toBe(true);
  });
});
