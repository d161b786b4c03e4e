// Room names: the built-in kinds, group rooms and feature-registered kinds round-trip; clashes are refused.
import { describe, expect, it } from 'vitest';
import { featureRoom, groupRoom, groupSlug, parseRoom, registerRoomKind, roomToString, sharedRoom } from '../../../common/live/rooms.ts';

registerRoomKind({ feature: 'test-poll', segment: 'tv', params: ['pollId'] });

describe('room names', () => {
  it('round-trips group and feature rooms', () => {
    expect(parseRoom(groupRoom('kh8', 'to-1', 'thao-luan'))).toEqual({ kind: 'group', meetingId: 'kh8', groupId: 'to-1', name: 'thao-luan' });
    const poll = featureRoom('test-poll', 'kh8', { pollId: 'bieu-quyet-3' });
    expect(poll).toBe('m/kh8/tv/bieu-quyet-3');
    const ref = parseRoom(poll);
    expect(ref).toEqual({ kind: 'feature', feature: 'test-poll', meetingId: 'kh8', params: { pollId: 'bieu-quyet-3' } });
    if (ref) expect(roomToString(ref)).toBe(poll);
  });

  it('refuses unknown segments, wrong arity and clashing registrations', () => {
    expect(parseRoom('m/kh8/tv/a/b')).toBeUndefined();
    expect(parseRoom('m/kh8/zz/a')).toBeUndefined();
    expect(parseRoom('m/kh8/g/to-1')).toBeUndefined();
    expect(() => registerRoomKind({ feature: 'other', segment: 'tv', params: ['x'] })).toThrow();
    expect(() => registerRoomKind({ feature: 'shadow', segment: 's', params: ['x'] })).toThrow();
    expect(() => registerRoomKind({ feature: 'test-poll', segment: 'tv', params: ['pollId'] })).not.toThrow();
    expect(() => featureRoom('nope', 'kh8', {})).toThrow();
    expect(sharedRoom('kh8', 'x')).toBe('m/kh8/s/x');
  });

  it('slugs group names', () => {
    expect(groupSlug('Tổ 1')).toBe('to-1');
    expect(groupSlug('  Tổ đại biểu số 3 — Mường Chà ')).toBe('to-dai-bieu-so-3-muong-cha');
    expect(groupSlug('')).toBe('');
    expect(groupSlug('x'.repeat(60))).toHaveLength(40);
  });
});
