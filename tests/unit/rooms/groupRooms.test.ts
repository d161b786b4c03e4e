// Group rooms end to end: the publisher uploads each member's group slug, the server stores it (schema 150),
// and the upgrade admits a group's members (read and write), the chair and the secretariat (read only), and
// nobody else. A feature registers its own room kind and access rule without touching upgrade.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRoomPolicy } from '../../../collab-server/live/roomKinds.ts';
import { featureRoom, groupRoom, groupSlug, registerRoomKind } from '../../../common/live/rooms.ts';
import { connect, rawSocket, waitForDoc, waitForSynced, poll, type Client } from '../live/liveHarness.ts';
import { fakeMember, publishMeeting, startTestServer, type FakeMember, type TestServer } from '../collab-server/helpers.ts';

registerRoomKind({ feature: 'group-test-vote', segment: 'gv', params: ['pollId'] });
registerRoomPolicy('group-test-vote', { access: (m) => (m.role === 'chair' ? 'write' : m.role === 'observer' ? 'none' : 'read') });

let srv: TestServer;
const clients: Client[] = [];
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await srv.stop();
});

function withGroup(m: FakeMember, group: string): FakeMember {
  const groupId = groupSlug(group);
  return groupId ? { ...m, upload: { ...m.upload, groupId } } : m;
}

function open(room: string, token: string): Client {
  const c = connect(srv.url, room, token);
  clients.push(c);
  return c;
}

describe('group rooms', () => {
  const meetingId = 'ky-hop-to';
  const chair = withGroup(fakeMember('d01', 'chair'), 'Tổ 1');
  const a = withGroup(fakeMember('d02'), 'Tổ 1');
  const b = withGroup(fakeMember('d03'), 'Tổ 2');
  const noGroup = fakeMember('d04');
  const secretary = fakeMember('tk01', 'secretary');
  const hall = fakeMember('hall', 'observer');
  const to2 = groupRoom(meetingId, groupSlug('Tổ 2'), 'thao-luan');

  beforeAll(async () => {
    await publishMeeting(srv.url, meetingId, [chair, a, b, noGroup, secretary, hall]);
  });

  it('stores the uploaded group slug', () => {
    const rows = srv.server.db.prepare(`SELECT delegate_id, group_id FROM members WHERE meeting_id = ? ORDER BY delegate_id`).all(meetingId);
    expect(rows).toEqual([
      { delegate_id: 'd01', group_id: 'to-1' },
      { delegate_id: 'd02', group_id: 'to-1' },
      { delegate_id: 'd03', group_id: 'to-2' },
      { delegate_id: 'd04', group_id: '' },
      { delegate_id: 'hall', group_id: '' },
      { delegate_id: 'tk01', group_id: '' },
    ]);
  });

  it("admits the group's members, and the chair and secretariat to read; refuses everyone else", async () => {
    for (const m of [a, noGroup, hall]) expect((await rawSocket(srv.url, to2, m.token)).status).toBe(403);
    const member = open(to2, b.token);
    const chairSeat = open(to2, chair.token);
    const secretarySeat = open(to2, secretary.token);
    await Promise.all([member, chairSeat, secretarySeat].map(waitForSynced));
    member.doc.getText('bien-ban').insert(0, 'Tổ 2 thống nhất');
    await waitForDoc("the group's minutes at the secretariat", secretarySeat.doc, () => secretarySeat.doc.getText('bien-ban').toString() === 'Tổ 2 thống nhất');

    const dropped = (): number => srv.logs.filter((l) => l.includes('dropped a write')).length;
    const before = dropped();
    chairSeat.doc.getText('bien-ban').insert(0, 'Sửa: ');
    await poll("the chair's dropped write", () => dropped() > before);
    await waitForDoc("the chair's copy converging back", chairSeat.doc, () => chairSeat.doc.getText('bien-ban').toString() === 'Tổ 2 thống nhất');
    expect(member.doc.getText('bien-ban').toString()).toBe('Tổ 2 thống nhất');
  });

  it('keeps working for a pack published without groups (a member with no group enters no group room)', async () => {
    const old = fakeMember('d09');
    await publishMeeting(srv.url, 'ky-hop-cu-khong-to', [fakeMember('d08', 'chair'), old]);
    expect((await rawSocket(srv.url, groupRoom('ky-hop-cu-khong-to', 'to-1', 'x'), old.token)).status).toBe(403);
  });
});

describe('a feature-registered room kind', () => {
  it('follows the access rule the feature registered', async () => {
    const meetingId = 'ky-hop-bq';
    const chair = fakeMember('d01', 'chair');
    const d = fakeMember('d02');
    const hall = fakeMember('hall', 'observer');
    await publishMeeting(srv.url, meetingId, [chair, d, hall]);
    const room = featureRoom('group-test-vote', meetingId, { pollId: 'bq-1' });
    expect((await rawSocket(srv.url, room, hall.token)).status).toBe(403);
    const writer = open(room, chair.token);
    const reader = open(room, d.token);
    await Promise.all([writer, reader].map(waitForSynced));
    writer.doc.getMap('poll').set('open', true);
    await waitForDoc('the poll opening', reader.doc, () => reader.doc.getMap('poll').get('open') === true);
    reader.doc.getMap('poll').set('open', false);
    await waitForDoc("the reader's copy converging back", reader.doc, () => reader.doc.getMap('poll').get('open') === true);
  });
});
