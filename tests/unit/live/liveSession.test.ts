// The live session over real sockets: the real collab-server, the real y-websocket client.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAllChains } from '../../../collab-server/live/index.ts';
import { run as runAudit } from '../../../cli/commands/audit.ts';
import { CLOSE, LIVE_API, MAX_FRAME_BYTES, meetingStateRoom, privateRoom, readMeetingState, sessionMap, sharedRoom } from '../../../common/live/index.ts';
import {
  cast,
  closed,
  connect,
  nextCommandId,
  poll,
  rawSocket,
  revoke,
  seedMeeting,
  send,
  startLiveServer,
  waitForDoc,
  waitForSynced,
  type Client,
  type LiveServer,
  type TestMember,
} from './liveHarness.ts';

let live: LiveServer;
let meetingCounter = 0;
const clients: Client[] = [];

beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await live.stop();
});

function meeting(n = 4): { id: string; chair: TestMember; delegates: TestMember[]; secretary: TestMember; observer: TestMember } {
  const id = `ky-hop-${++meetingCounter}`;
  const members = seedMeeting(live.server, id, cast(n));
  const by = (role: string): TestMember[] => members.filter((m) => m.role === role);
  return { id, chair: by('chair')[0] as TestMember, delegates: by('delegate'), secretary: by('secretary')[0] as TestMember, observer: by('observer')[0] as TestMember };
}

function open(room: string, token: string): Client {
  const c = connect(live.url(), room, token);
  clients.push(c);
  return c;
}

const at = <T>(xs: readonly T[], i: number): T => {
  const x = xs[i];
  if (x === undefined) throw new Error(`no element ${i}`);
  return x;
};

describe('commands reach every client', () => {
  it('applies chair and delegate commands and every client sees them', async () => {
    const m = meeting();
    const [a, b] = [at(m.delegates, 0), at(m.delegates, 1)];
    const watchers = [open(meetingStateRoom(m.id), a.token), open(meetingStateRoom(m.id), m.observer.token)];
    await Promise.all(watchers.map(waitForSynced));

    expect((await send(live.url(), m.id, a.token, { id: nextCommandId(), type: 'checkIn', mode: 'present-hall' })).status).toBe(200);
    const asked = await send(live.url(), m.id, b.token, { id: nextCommandId(), type: 'requestToSpeak', speechType: 'chat-van', addressee: 'Giám đốc Sở Y tế' });
    expect(asked.status).toBe(200);
    expect((await send(live.url(), m.id, m.chair.token, { id: nextCommandId(), type: 'setCurrentItem', itemId: 'muc-3' })).status).toBe(200);
    const given = await send(live.url(), m.id, m.chair.token, { id: nextCommandId(), type: 'nextSpeaker' });
    expect(given.body.ok).toBe(true);
    await send(live.url(), m.id, m.chair.token, { id: nextCommandId(), type: 'announce', text: 'Nghỉ giải lao 15 phút', level: 'urgent' });

    for (const w of watchers) {
      await waitForDoc('the announcement', w.doc, () => readMeetingState(w.doc).announcements.length === 1);
      const s = readMeetingState(w.doc);
      expect(s.currentItemId).toBe('muc-3');
      expect(s.floor).toMatchObject({ delegateId: b.delegateId, type: 'chat-van', addressee: 'Giám đốc Sở Y tế', durationSec: 300 });
      expect(s.queue).toEqual([]);
      expect(s.attendance[a.delegateId]?.status).toBe('present-hall');
      expect(s.config.totalDelegates).toBe(m.delegates.length + 1);
      expect(s.announcements[0]).toMatchObject({ text: 'Nghỉ giải lao 15 phút', level: 'urgent' });
    }
  });

  it('refuses a chất vấn without an addressee, and unknown fields', async () => {
    const m = meeting();
    const noAddressee = await send(live.url(), m.id, at(m.delegates, 0).token, { id: nextCommandId(), type: 'requestToSpeak', speechType: 'chat-van' });
    expect(noAddressee.status).toBe(400);
    expect(noAddressee.body).toMatchObject({ ok: false, error: { code: 'COMMAND_INVALID' } });
    const withExtra: Record<string, unknown> = { id: nextCommandId(), type: 'endSpeech', evil: true };
    const extra = await send(live.url(), m.id, m.chair.token, withExtra);
    expect(extra.status).toBe(400);
  });

  it('moves and adjusts the floor, reorders and prunes the queue', async () => {
    const m = meeting(3);
    const u = live.url();
    const ids: string[] = [];
    for (const d of m.delegates) {
      const r = await send(u, m.id, d.token, { id: nextCommandId(), type: 'requestToSpeak', speechType: 'phat-bieu' });
      expect(r.body.ok).toBe(true);
      if (r.body.ok) ids.push(at(r.body.value.state?.queue ?? [], ids.length).id);
    }
    const reversed = [...ids].reverse();
    expect((await send(u, m.id, m.chair.token, { id: nextCommandId(), type: 'reorderQueue', requestIds: reversed })).status).toBe(200);
    expect((await send(u, m.id, m.chair.token, { id: nextCommandId(), type: 'reorderQueue', requestIds: ids.slice(1) })).status).toBe(409);
    expect((await send(u, m.id, m.chair.token, { id: nextCommandId(), type: 'removeRequest', requestId: at(ids, 1) })).status).toBe(200);
    const gave = await send(u, m.id, m.chair.token, { id: nextCommandId(), type: 'giveFloor', requestId: at(ids, 0), durationSec: 120 });
    expect(gave.body.ok && gave.body.value.state?.floor?.delegateId).toBe(at(m.delegates, 0).delegateId);
    const adjusted = await send(u, m.id, m.chair.token, { id: nextCommandId(), type: 'adjustTime', deltaSec: -30 });
    expect(adjusted.body.ok && adjusted.body.value.state?.floor?.durationSec).toBe(90);
    const direct = await send(u, m.id, m.chair.token, { id: nextCommandId(), type: 'giveFloor', delegateId: at(m.delegates, 1).delegateId, speechType: 'tranh-luan' });
    expect(direct.body.ok && direct.body.value.state?.speeches.length).toBe(1);
    const ended = await send(u, m.id, m.chair.token, { id: nextCommandId(), type: 'endSpeech' });
    expect(ended.body.ok && ended.body.value.state?.floor).toBeNull();
    expect((await send(u, m.id, m.chair.token, { id: nextCommandId(), type: 'endSpeech' })).status).toBe(409);
    const withdraw = await send(u, m.id, at(m.delegates, 1).token, { id: nextCommandId(), type: 'withdrawRequest', requestId: at(ids, 2) });
    expect(withdraw.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('authorisation', () => {
  it('refuses chair commands from a delegate (403 NOT_CHAIR) and delegate commands from an observer', async () => {
    const m = meeting();
    const r = await send(live.url(), m.id, at(m.delegates, 0).token, { id: nextCommandId(), type: 'announce', text: 'giả mạo' });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'NOT_CHAIR' } });
    const o = await send(live.url(), m.id, m.observer.token, { id: nextCommandId(), type: 'checkIn', mode: 'present-online' });
    expect(o.status).toBe(403);
  });

  it('lets the secretary record attendance at the door (state and audit keep who), not a delegate', async () => {
    const m = meeting();
    const [a, b] = [at(m.delegates, 0), at(m.delegates, 1)];
    const u = live.url();
    const byDoor = await send(u, m.id, m.secretary.token, { id: nextCommandId(), type: 'recordAttendance', delegateId: a.delegateId, status: 'present-hall' });
    expect(byDoor.status).toBe(200);
    expect(byDoor.body.ok && byDoor.body.value.state?.attendance[a.delegateId]).toMatchObject({ status: 'present-hall', by: m.secretary.delegateId });
    const self = await send(u, m.id, m.secretary.token, { id: nextCommandId(), type: 'recordAttendance', delegateId: m.secretary.delegateId, status: 'present-hall' });
    expect(self.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const other of [b, m.observer]) {
      const r = await send(u, m.id, other.token, { id: nextCommandId(), type: 'recordAttendance', delegateId: b.delegateId, status: 'present-hall' });
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'NOT_CHAIR' } });
    }
    const secretaryCannotChair = await send(u, m.id, m.secretary.token, { id: nextCommandId(), type: 'announce', text: 'không được' });
    expect(secretaryCannotChair.body).toMatchObject({ ok: false, error: { code: 'NOT_CHAIR' } });

    const res = await fetch(u + LIVE_API.audit(m.id), { headers: { authorization: `Bearer ${m.chair.token}` } });
    const page = (await res.json()) as { ok: true; value: { entries: { entry: { actor?: { delegateId: string; role: string }; command: { type: string; delegateId?: string } } }[] } };
    const recorded = page.value.entries.filter((e) => e.entry.command.type === 'recordAttendance');
    expect(recorded.map((e) => [e.entry.actor, e.entry.command.delegateId])).toEqual([[{ delegateId: m.secretary.delegateId, role: 'secretary' }, a.delegateId]]);
  });

  it('drops a delegate write into the state room; the server and other clients keep the real state', async () => {
    const m = meeting();
    const bad = open(meetingStateRoom(m.id), at(m.delegates, 0).token);
    const good = open(meetingStateRoom(m.id), at(m.delegates, 1).token);
    await Promise.all([waitForSynced(bad), waitForSynced(good)]);
    const before = live.logs.filter((l) => l.includes('dropped a write')).length;
    bad.doc.transact(() => sessionMap(bad.doc).set('currentItemId', 'hacked'));
    await poll('the dropped write in the log', () => live.logs.filter((l) => l.includes('dropped a write')).length > before);

    const r = await send(live.url(), m.id, m.chair.token, { id: nextCommandId(), type: 'announce', text: 'Thật' });
    expect(r.body.ok && r.body.value.state?.currentItemId).toBeNull();
    await waitForDoc('the real announcement', good.doc, () => readMeetingState(good.doc).announcements.length === 1);
    expect(readMeetingState(good.doc).currentItemId).toBeNull();
    expect(bad.provider.wsconnected).toBe(true);
  });

  it('refuses forged and revoked tokens on the upgrade and on commands, and closes a revoked member', async () => {
    const m = meeting();
    const forged = await rawSocket(live.url(), meetingStateRoom(m.id), 'forged-token');
    expect(forged.status).toBe(401);
    const cmd = await send(live.url(), m.id, 'forged-token', { id: nextCommandId(), type: 'checkIn', mode: 'present-hall' });
    expect(cmd.status).toBe(401);

    const victim = at(m.delegates, 0);
    const other = open(meetingStateRoom(m.id), at(m.delegates, 1).token);
    const open1 = await rawSocket(live.url(), meetingStateRoom(m.id), victim.token);
    expect(open1.ws).toBeDefined();
    const ws = open1.ws as NonNullable<typeof open1.ws>;
    const code = closed(ws);
    revoke(live.server, m.id, victim.delegateId);
    expect(await code).toBe(CLOSE.revoked);
    expect((await rawSocket(live.url(), meetingStateRoom(m.id), victim.token)).status).toBe(403);
    const after = await send(live.url(), m.id, victim.token, { id: nextCommandId(), type: 'checkIn', mode: 'present-hall' });
    expect(after.body).toMatchObject({ ok: false, error: { code: 'REVOKED' } });
    await waitForSynced(other);
    expect(other.provider.wsconnected).toBe(true);
  });

  it('refuses a token of another meeting', async () => {
    const m1 = meeting();
    const m2 = meeting();
    expect((await rawSocket(live.url(), meetingStateRoom(m2.id), at(m1.delegates, 0).token)).status).toBe(403);
    expect((await send(live.url(), m2.id, m1.chair.token, { id: nextCommandId(), type: 'endSpeech' })).status).toBe(403);
  });

  it("keeps delegate A's private room from delegate B; shared rooms sync between members", async () => {
    const m = meeting();
    const [a, b] = [at(m.delegates, 0), at(m.delegates, 1)];
    expect((await rawSocket(live.url(), privateRoom(m.id, a.delegateId, 'ghi-chu'), b.token)).status).toBe(403);
    const mine = open(privateRoom(m.id, a.delegateId, 'ghi-chu'), a.token);
    await waitForSynced(mine);
    mine.doc.getText('t').insert(0, 'ghi chú riêng');

    const s1 = open(sharedRoom(m.id, 'chu-thich'), a.token);
    const s2 = open(sharedRoom(m.id, 'chu-thich'), b.token);
    await Promise.all([waitForSynced(s1), waitForSynced(s2)]);
    s1.doc.getArray<string>('notes').push(['từ A']);
    await waitForDoc('the shared note', s2.doc, () => s2.doc.getArray('notes').length === 1);
    expect((await rawSocket(live.url(), 'khong/hop/le', a.token)).status).toBe(404);
  });
});

describe('hostile frames', () => {
  it('closes only the socket that sent an oversized frame', async () => {
    const m = meeting();
    const bystander = open(meetingStateRoom(m.id), at(m.delegates, 1).token);
    await waitForSynced(bystander);
    const { ws } = await rawSocket(live.url(), sharedRoom(m.id, 'lon'), at(m.delegates, 0).token);
    if (!ws) throw new Error('not opened');
    const code = closed(ws);
    ws.send(new Uint8Array(MAX_FRAME_BYTES + 1));
    expect(await code).toBe(CLOSE.tooLarge);
    await send(live.url(), m.id, m.chair.token, { id: nextCommandId(), type: 'setCurrentItem', itemId: 'sau-khung-lon' });
    await waitForDoc('the item after the big frame', bystander.doc, () => readMeetingState(bystander.doc).currentItemId === 'sau-khung-lon');
  });

  it.each([
    ['an unknown message type', Uint8Array.of(9, 1, 2)],
    ['a truncated sync message', Uint8Array.of(0, 2, 200)],
    ['an update that is not an update', Uint8Array.of(0, 2, 5, 1, 2, 3, 4, 5)],
    ['trailing bytes', Uint8Array.of(3, 0, 0)],
  ])('closes only the socket that sent %s', async (_what, frame) => {
    const m = meeting();
    const bystander = open(sharedRoom(m.id, 'chung'), at(m.delegates, 1).token);
    await waitForSynced(bystander);
    const { ws } = await rawSocket(live.url(), sharedRoom(m.id, 'chung'), at(m.delegates, 0).token);
    if (!ws) throw new Error('not opened');
    const code = closed(ws);
    ws.send(frame);
    expect(await code).toBe(CLOSE.malformed);
    const peer = open(sharedRoom(m.id, 'chung'), at(m.delegates, 2).token);
    await waitForSynced(peer);
    peer.doc.getMap('x').set('k', 1);
    await waitForDoc('the peer edit', bystander.doc, () => bystander.doc.getMap('x').get('k') === 1);
  });

  it('closes a socket that sends a text frame', async () => {
    const m = meeting();
    const { ws } = await rawSocket(live.url(), meetingStateRoom(m.id), at(m.delegates, 0).token);
    if (!ws) throw new Error('not opened');
    const code = closed(ws);
    ws.send('xin chào');
    expect(await code).toBe(CLOSE.malformed);
  });
});

describe('rate limit and idempotency', () => {
  it('answers a flood from one token with 429 while another member carries on', async () => {
    const m = meeting();
    const flooder = at(m.delegates, 0);
    const flood = await Promise.all(
      Array.from({ length: 60 }, () => send(live.url(), m.id, flooder.token, { id: nextCommandId(), type: 'checkIn', mode: 'present-hall' })),
    );
    const limited = flood.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.body).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    const other = await send(live.url(), m.id, at(m.delegates, 1).token, { id: nextCommandId(), type: 'checkIn', mode: 'present-online' });
    expect(other.status).toBe(200);
  });

  it('returns the stored result for a retried id and never applies twice', async () => {
    const m = meeting();
    const d = at(m.delegates, 0);
    const cmd = { id: nextCommandId(), type: 'requestToSpeak', speechType: 'phat-bieu' } as const;
    const [first, second] = [await send(live.url(), m.id, d.token, cmd), await send(live.url(), m.id, d.token, cmd)];
    expect(second).toEqual(first);
    const concurrent = await Promise.all([1, 2, 3].map(() => send(live.url(), m.id, m.chair.token, { id: 'same-announce', type: 'announce', text: 'Một lần' })));
    expect(new Set(concurrent.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const state = await send(live.url(), m.id, m.chair.token, { id: nextCommandId(), type: 'setSpeakingTime', seconds: 420 });
    expect(state.body.ok && state.body.value.state?.queue.length).toBe(1);
    expect(state.body.ok && state.body.value.state?.announcements.length).toBe(1);
    const reused = await send(live.url(), m.id, d.token, { ...cmd, speechType: 'tranh-luan' });
    expect(reused.status).toBe(409);
  });
});

describe('audit log', () => {
  it('chains every applied command, serves it to the chair only, and detects a tampered row', async () => {
    const m = meeting();
    for (const text of ['Một', 'Hai', 'Ba']) await send(live.url(), m.id, m.chair.token, { id: nextCommandId(), type: 'announce', text });
    const forbidden = await fetch(live.url() + LIVE_API.audit(m.id), { headers: { authorization: `Bearer ${at(m.delegates, 0).token}` } });
    expect(forbidden.status).toBe(403);
    const res = await fetch(live.url() + LIVE_API.audit(m.id), { headers: { authorization: `Bearer ${m.secretary.token}` } });
    const page = (await res.json()) as { ok: true; value: { entries: { seq: number; entry: { command: { text?: string } } }[] } };
    expect(page.value.entries.map((e) => e.entry.command.text)).toEqual(['Một', 'Hai', 'Ba']);

    // Through the server's own connection: the same rows on SQLite and on PostgreSQL (vitest.pg.config.ts).
    const check = (): ReturnType<typeof verifyAllChains> => verifyAllChains(live.server.db);
    expect(check().every((c) => c.ok)).toBe(true);
    expect(await runAudit(['verify', '--data', live.dataDir])).toBe(0);
    live.server.db
      .prepare(`UPDATE live_audit SET entry = replace(entry, 'Hai', 'Bốn') WHERE meeting_id = ? AND seq = 2`)
      .run(m.id);
    const broken = check().find((c) => c.meetingId === m.id);
    expect(broken).toMatchObject({ ok: false, seq: 2 });
    expect(await runAudit(['verify', '--data', live.dataDir])).toBe(1);
  });
});

describe('documents', () => {
  it('reads an empty doc as the default state', () => {
    const s = readMeetingState(new Y.Doc());
    expect(s).toMatchObject({ currentItemId: null, floor: null, queue: [], config: { speakingTimeSec: 300 } });
  });
});
