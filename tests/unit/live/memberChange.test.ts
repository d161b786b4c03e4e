// A revocation and what the live session does about it are one transaction (issue 14 §5): the member's
// presence is dropped with it, N stays, a second revoke changes nothing, and a failing listener rolls the
// revocation back — the member keeps their link and their presence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../common/api/http.ts';
import { LIVE_API, meetingStateRoom, readMeetingState } from '../../../common/live/index.ts';
import type { AuditPage } from '../../../common/live/audit.ts';
import type { MeetingState } from '../../../common/live/state.ts';
import type { Feature } from '../../../collab-server/live/commands/registry.ts';
import { verifyAuditDb } from '../../../collab-server/live/auditVerify.ts';
import { ADMIN_TOKEN, cast, connect, nextCommandId, seedMeeting, send, startLiveServer, waitForDoc, type LiveServer, type TestMember } from './liveHarness.ts';

let live: LiveServer;
let failing: LiveServer;
let fail = false;
let counter = 0;

/** A feature whose reaction to member changes throws while `fail` is set. */
const TRIPWIRE: Feature = {
  name: 'tripwire',
  commands: [],
  onMemberChange: () => {
    if (fail) throw new Error('tripwire');
  },
};

beforeAll(async () => {
  live = await startLiveServer();
  failing = await startLiveServer(undefined, { features: [TRIPWIRE] });
});
afterAll(async () => {
  await live.stop();
  await failing.stop();
});

function meeting(on: LiveServer): { id: string; chair: TestMember; delegates: TestMember[] } {
  const id = `thu-hoi-${++counter}`;
  const members = seedMeeting(on.server, id, cast(3));
  return { id, chair: members.find((m) => m.role === 'chair') as TestMember, delegates: members.filter((m) => m.role === 'delegate') };
}

async function stateOf(on: LiveServer, meetingId: string, chair: TestMember): Promise<MeetingState> {
  const answer = await send(on.url(), meetingId, chair.token, { id: nextCommandId(), type: 'configure' });
  if (!answer.body.ok || !answer.body.value.state) throw new Error(JSON.stringify(answer.body));
  return answer.body.value.state;
}

const revokeOver = (on: LiveServer, meetingId: string, delegateId: string): Promise<Response> =>
  fetch(on.url() + API.revoke(meetingId, delegateId), { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

async function checkInAll(on: LiveServer, meetingId: string, members: readonly TestMember[]): Promise<void> {
  for (const m of members) expect((await send(on.url(), meetingId, m.token, { id: nextCommandId(), type: 'checkIn', mode: 'present-hall' })).status).toBe(200);
}

describe('revocation in the meeting state', () => {
  it('drops the presence in the same change every client sees; N stays; a second revoke changes nothing', async () => {
    const m = meeting(live);
    const [victim, other] = m.delegates as [TestMember, TestMember, TestMember];
    await checkInAll(live, m.id, [m.chair, victim, other]);
    const watcher = connect(live.url(), meetingStateRoom(m.id), other.token);
    try {
      await waitForDoc('three present', watcher.doc, () => Object.keys(readMeetingState(watcher.doc).attendance).length === 3);
      expect((await revokeOver(live, m.id, victim.delegateId)).status).toBe(200);
      await waitForDoc('the presence dropped', watcher.doc, () => readMeetingState(watcher.doc).attendance[victim.delegateId] === undefined);
      expect(readMeetingState(watcher.doc).config.totalDelegates).toBe(4);
    } finally {
      watcher.destroy();
    }
    const s = await stateOf(live, m.id, m.chair);
    expect(Object.keys(s.attendance).sort()).toEqual([m.chair.delegateId, other.delegateId].sort());
    expect(s.config.totalDelegates).toBe(4);

    expect((await revokeOver(live, m.id, victim.delegateId)).status).toBe(200);
    const res = await fetch(live.url() + LIVE_API.audit(m.id), { headers: { authorization: `Bearer ${m.chair.token}` } });
    const page = ((await res.json()) as { value: AuditPage }).value;
    expect(page.entries.filter((e) => e.entry.command.type === 'revokeMember').map((e) => e.entry.command)).toEqual([{ type: 'revokeMember', delegateId: victim.delegateId }]);
    // The entry is chained, signed and reaches the head published in the room, like a command's.
    const audit = await verifyAuditDb(live.server.db, live.dataDir);
    expect(audit.problems).toEqual([]);
    expect(audit.ok).toBe(true);
    expect(audit.meetings.find((x) => x.meetingId === m.id)).toMatchObject({ problems: [] });
  });

  it('rolls the revocation back when the state change fails: link and presence stay', async () => {
    const m = meeting(failing);
    const victim = m.delegates[0] as TestMember;
    await checkInAll(failing, m.id, [m.chair, victim]);
    fail = true;
    try {
      expect((await revokeOver(failing, m.id, victim.delegateId)).status).toBe(500);
    } finally {
      fail = false;
    }
    expect((await fetch(failing.url() + API.me, { headers: { authorization: `Bearer ${victim.token}` } })).status).toBe(200);
    expect((await stateOf(failing, m.id, m.chair)).attendance[victim.delegateId]?.status).toBe('present-hall');
    // Once it can, the same revoke goes through.
    expect((await revokeOver(failing, m.id, victim.delegateId)).status).toBe(200);
    expect((await stateOf(failing, m.id, m.chair)).attendance[victim.delegateId]).toBeUndefined();
  });
});
