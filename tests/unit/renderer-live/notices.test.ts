import { describe, expect, it } from 'vitest';
import type { AnnouncementView } from '../../../common/live/state.ts';
import { acknowledgementCount, acknowledgesNotices, activeAnnouncements, addAck, hallAnnouncement, MAX_ACKS_KEPT, nextExpiry, noticeStatus, parseAcks, urgentToAcknowledge } from '../../../renderer/live/notices.ts';

const note = (id: string, at: number, extra: Partial<AnnouncementView> = {}): AnnouncementView => ({ id, text: `Thông báo ${id}`, level: 'info', at, acknowledgedBy: [], ...extra });

describe('which notices are shown', () => {
  const all = [note('a1', 100), note('a2', 200, { level: 'urgent', withdrawnAt: 250 }), note('a3', 300, { level: 'urgent', expiresAt: 1000 }), note('a4', 400, { expiresAt: 2000 })];

  it('hides a withdrawn notice and one past its expiry, and names each state', () => {
    expect(activeAnnouncements(all, 500).map((a) => a.id)).toEqual(['a1', 'a3', 'a4']);
    expect(activeAnnouncements(all, 1000).map((a) => a.id)).toEqual(['a1', 'a4']);
    expect(all.map((a) => noticeStatus(a, 1500))).toEqual(['active', 'withdrawn', 'expired', 'active']);
  });

  it('redraws at the next expiry of a notice still shown', () => {
    expect(nextExpiry(all, 500)).toBe(1000);
    expect(nextExpiry(all, 1000)).toBe(2000);
    expect(nextExpiry(all, 2000)).toBeUndefined();
  });

  it('puts the newest urgent notice on the hall screen, else the newest, and nothing once all are gone', () => {
    expect(hallAnnouncement(all, 500)?.id).toBe('a3');
    expect(hallAnnouncement(all, 1500)?.id).toBe('a4');
    expect(hallAnnouncement([note('x', 1, { withdrawnAt: 2 })], 10)).toBeUndefined();
  });
});

describe('acknowledging urgent notices', () => {
  it('asks for the active urgent notices not acknowledged here or on another device, newest first', () => {
    const all = [note('u1', 100, { level: 'urgent' }), note('i1', 150), note('u2', 200, { level: 'urgent', acknowledgedBy: ['d05'] }), note('u3', 300, { level: 'urgent' }), note('u4', 400, { level: 'urgent', withdrawnAt: 450 })];
    expect(urgentToAcknowledge(all, 500, 'd05', new Set()).map((a) => a.id)).toEqual(['u3', 'u1']);
    expect(urgentToAcknowledge(all, 500, 'd05', new Set(['u3'])).map((a) => a.id)).toEqual(['u1']);
    expect(urgentToAcknowledge(all, 500, 'd07', new Set()).map((a) => a.id)).toEqual(['u3', 'u2', 'u1']);
  });

  it('interrupts delegates and the secretary, not the chair who sent it nor the hall screen', () => {
    expect(acknowledgesNotices('delegate')).toBe(true);
    expect(acknowledgesNotices('secretary')).toBe(true);
    expect(acknowledgesNotices('chair')).toBe(false);
    expect(acknowledgesNotices('observer')).toBe(false);
  });

  it('counts the acknowledgements of the audience only', () => {
    const a = note('u', 1, { level: 'urgent', acknowledgedBy: ['d05', 'hall', 'd07'] });
    expect(acknowledgementCount(a, new Set(['d05', 'd07', 'd09']))).toEqual({ seen: 2, of: 3 });
  });

  it('remembers a bounded list of acknowledged ids and reads back only strings', () => {
    let ids: string[] = [];
    for (let i = 0; i < MAX_ACKS_KEPT + 5; i++) ids = addAck(ids, `a${i}`);
    expect(ids).toHaveLength(MAX_ACKS_KEPT);
    expect(ids[0]).toBe('a5');
    expect(addAck(['x'], 'x')).toEqual(['x']);
    expect(parseAcks(JSON.stringify(['a', 3, 'b']))).toEqual(['a', 'b']);
    expect(parseAcks('{not json')).toEqual([]);
    expect(parseAcks(null)).toEqual([]);
  });
});
