import { describe, expect, it } from 'vitest';
import type { AttendanceRecord } from '../../../common/live/state.ts';
import { parseSettings, remainingToMark, runInSequence, type BulkProgress } from '../../../renderer/live/chairTools.ts';
import { switchModeOf } from '../../../renderer/live/facts.ts';
import { QUEUEABLE_TYPES } from '../../../renderer/live/outbox.ts';

const rec = (status: AttendanceRecord['status']): AttendanceRecord => ({ status, at: 1, by: 'd01' });

describe('marking the rest present', () => {
  it('takes the delegates with no record at all, in list order (not those recorded absent)', () => {
    expect(remainingToMark(['d01', 'd02', 'd03', 'd04'], { d02: rec('present-online'), d04: rec('absent') })).toEqual(['d01', 'd03']);
  });

  it('sends one by one with progress, skips one recorded meanwhile, stops at a refusal', async () => {
    const progress: BulkProgress[] = [];
    const sent: string[] = [];
    const done = await runInSequence(['a', 'b', 'c'], async (id) => (sent.push(id), true), (p) => progress.push(p), (id) => id !== 'b');
    expect(done).toEqual({ kind: 'done', sent: 2, skipped: 1 });
    expect(sent).toEqual(['a', 'c']);
    expect(progress).toEqual([{ done: 0, total: 3 }, { done: 1, total: 3 }, { done: 2, total: 3 }, { done: 3, total: 3 }]);
    const stopped = await runInSequence(['a', 'b', 'c'], async (id) => id !== 'b', () => undefined);
    expect(stopped).toEqual({ kind: 'stopped', sent: 1, at: 'b' });
  });
});

describe('session settings', () => {
  it('reads a quorum fraction and the number in office, empty meaning the member list', () => {
    expect(parseSettings({ numerator: '1', denominator: '2', totalDelegates: ' 28 ' })).toEqual({ ok: true, quorum: { numerator: 1, denominator: 2 }, totalDelegates: 28 });
    expect(parseSettings({ numerator: '2', denominator: '3', totalDelegates: '' })).toEqual({ ok: true, quorum: { numerator: 2, denominator: 3 }, totalDelegates: null });
  });

  it('refuses what the server would refuse, with a reason', () => {
    expect(parseSettings({ numerator: '3', denominator: '2', totalDelegates: '' })).toEqual({ ok: false, problem: 'quorumAboveOne' });
    expect(parseSettings({ numerator: '0', denominator: '2', totalDelegates: '' })).toEqual({ ok: false, problem: 'quorumInvalid' });
    expect(parseSettings({ numerator: '1.5', denominator: '2', totalDelegates: '' })).toEqual({ ok: false, problem: 'quorumInvalid' });
    expect(parseSettings({ numerator: '1', denominator: '2', totalDelegates: '0' })).toEqual({ ok: false, problem: 'totalInvalid' });
    expect(parseSettings({ numerator: '1', denominator: '2', totalDelegates: '10001' })).toEqual({ ok: false, problem: 'totalInvalid' });
  });
});

describe('delegates', () => {
  it('may switch between the hall and online once checked in, on a live state only', () => {
    expect(switchModeOf({ kind: 'live' }, 'present-hall', false)).toBe('present-online');
    expect(switchModeOf({ kind: 'live' }, 'present-online', false)).toBe('present-hall');
    expect(switchModeOf({ kind: 'live' }, 'absent', false)).toBeUndefined();
    expect(switchModeOf({ kind: 'live' }, 'present-hall', true)).toBeUndefined();
    expect(switchModeOf({ kind: 'lastKnown', at: 1 }, 'present-hall', false)).toBeUndefined();
  });

  it('keeps an acknowledgement made offline in the outbox', () => {
    expect(QUEUEABLE_TYPES.has('acknowledgeAnnouncement')).toBe(true);
    expect(QUEUEABLE_TYPES.has('recordAttendance')).toBe(false);
  });
});
