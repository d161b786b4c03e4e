// Urgent notices, server side (issue 14 §3): an expiry on announce, withdrawAnnouncement (chair), and
// acknowledgeAnnouncement (any member, kept per member so the chair sees "đã xem x/N"), over a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANNOUNCEMENT_TTL_SEC } from '../../../common/live/commands.ts';
import { meetingStateRoom, readMeetingState } from '../../../common/live/index.ts';
import { isAnnouncementActive, type AnnouncementView, type MeetingState } from '../../../common/live/state.ts';
import { cast, connect, nextCommandId, seedMeeting, send, startLiveServer, waitForDoc, type LiveServer, type TestMember } from './liveHarness.ts';

let live: LiveServer;
let counter = 0;

beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  await live.stop();
});

interface Cast {
  readonly id: string;
  readonly chair: TestMember;
  readonly delegates: TestMember[];
  readonly secretary: TestMember;
  readonly observer: TestMember;
}

function meeting(): Cast {
  const id = `thong-bao-${++counter}`;
  const members = seedMeeting(live.server, id, cast(3));
  const one = (role: string): TestMember => members.find((m) => m.role === role) as TestMember;
  return { id, chair: one('chair'), delegates: members.filter((m) => m.role === 'delegate'), secretary: one('secretary'), observer: one('observer') };
}

async function ok(m: Cast, who: TestMember, body: Record<string, unknown>): Promise<MeetingState> {
  const answer = await send(live.url(), m.id, who.token, { id: nextCommandId(), ...body });
  if (!answer.body.ok || !answer.body.value.state) throw new Error(`${String(body['type'])}: ${JSON.stringify(answer.body)}`);
  return answer.body.value.state;
}

const only = (s: MeetingState): AnnouncementView => {
  const a = s.announcements.at(-1);
  if (!a) throw new Error('no announcement');
  return a;
};

describe('announcements', () => {
  it('keeps an expiry, and hides the notice once it passed', async () => {
    const m = meeting();
    const before = Date.now();
    const a = only(await ok(m, m.chair, { type: 'announce', text: 'Khẩn: sơ tán hội trường', level: 'urgent', expiresInSec: 600 }));
    expect(a).toMatchObject({ level: 'urgent', acknowledgedBy: [] });
    expect(a.expiresAt).toBe(a.at + 600_000);
    expect(a.at).toBeGreaterThanOrEqual(before);
    expect(isAnnouncementActive(a, a.at + 599_999)).toBe(true);
    expect(isAnnouncementActive(a, a.at + 600_000)).toBe(false);
    const plain = only(await ok(m, m.chair, { type: 'announce', text: 'Nghỉ giải lao' }));
    expect(plain.expiresAt).toBeUndefined();
    expect(isAnnouncementActive(plain, Number.MAX_SAFE_INTEGER)).toBe(true);
    const tooLong = await send(live.url(), m.id, m.chair.token, { id: nextCommandId(), type: 'announce', text: 'x', expiresInSec: MAX_ANNOUNCEMENT_TTL_SEC + 1 });
    expect(tooLong.body).toMatchObject({ ok: false, error: { code: 'COMMAND_INVALID' } });
  });

  it('lets the chair withdraw a notice (kept for the minutes, no longer active); only the chair, once', async () => {
    const m = meeting();
    const a = only(await ok(m, m.chair, { type: 'announce', text: 'Khẩn: đổi phòng họp', level: 'urgent' }));
    const byDelegate = await send(live.url(), m.id, (m.delegates[0] as TestMember).token, { id: nextCommandId(), type: 'withdrawAnnouncement', announcementId: a.id });
    expect(byDelegate.body).toMatchObject({ ok: false, error: { code: 'NOT_CHAIR' } });

    const watcher = connect(live.url(), meetingStateRoom(m.id), m.observer.token);
    try {
      await waitForDoc('the notice', watcher.doc, () => readMeetingState(watcher.doc).announcements.length === 1);
      const s = await ok(m, m.chair, { type: 'withdrawAnnouncement', announcementId: a.id });
      expect(s.announcements).toHaveLength(1);
      const withdrawn = only(s);
      expect(withdrawn).toMatchObject({ id: a.id, text: a.text, at: a.at });
      expect(withdrawn.withdrawnAt).toBeGreaterThanOrEqual(a.at);
      expect(isAnnouncementActive(withdrawn, withdrawn.withdrawnAt as number)).toBe(false);
      await waitForDoc('the withdrawal on the hall screen', watcher.doc, () => readMeetingState(watcher.doc).announcements[0]?.withdrawnAt !== undefined);
    } finally {
      watcher.destroy();
    }
    const twice = await send(live.url(), m.id, m.chair.token, { id: nextCommandId(), type: 'withdrawAnnouncement', announcementId: a.id });
    expect(twice.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const unknown = await send(live.url(), m.id, m.chair.token, { id: nextCommandId(), type: 'withdrawAnnouncement', announcementId: 'khong-co' });
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('keeps who acknowledged each notice, once per member, any role', async () => {
    const m = meeting();
    const first = only(await ok(m, m.chair, { type: 'announce', text: 'Khẩn: một', level: 'urgent' }));
    const second = only(await ok(m, m.chair, { type: 'announce', text: 'Khẩn: hai', level: 'urgent' }));
    const [d1, d2] = m.delegates as [TestMember, TestMember];
    await ok(m, d1, { type: 'acknowledgeAnnouncement', announcementId: first.id });
    await ok(m, m.observer, { type: 'acknowledgeAnnouncement', announcementId: first.id });
    await ok(m, m.secretary, { type: 'acknowledgeAnnouncement', announcementId: first.id });
    const again = await ok(m, d1, { type: 'acknowledgeAnnouncement', announcementId: first.id });
    const seen = again.announcements.find((a) => a.id === first.id);
    expect(seen?.acknowledgedBy).toEqual([d1.delegateId, m.observer.delegateId, m.secretary.delegateId]);
    expect(again.announcements.find((a) => a.id === second.id)?.acknowledgedBy).toEqual([]);
    const s = await ok(m, d2, { type: 'acknowledgeAnnouncement', announcementId: second.id });
    expect(s.announcements.find((a) => a.id === second.id)?.acknowledgedBy).toEqual([d2.delegateId]);
    const unknown = await send(live.url(), m.id, d2.token, { id: nextCommandId(), type: 'acknowledgeAnnouncement', announcementId: 'khong-co' });
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
