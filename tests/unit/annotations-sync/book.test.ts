// The note book over a really published meeting and a real collab-server: who receives which note, devices of one
// member, offline edits on both sides, forged notes, revoked members.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupRoom, privateRoom } from '../../../common/live/rooms.ts';
import { NOTES_CONF_FEATURE, NOTES_ROOM_NAME } from '../../../common/annotations/rooms.ts';
import { sealAnnotation } from '../../../common/annotations/seal.ts';
import { parseRoom } from '../../../common/live/rooms.ts';
import { CLOSE } from '../../../common/live/wire.ts';
import { revokeInvitation } from '../../../main/services/publish/members.ts';
import { notesMap } from '../../../renderer/annotations/sync/shape.ts';
import { connect, rawSocket, waitForSynced, type Client } from '../live/liveHarness.ts';
import { ADMIN, has, highlightBy, ids, MemoryRecords, noteBy, publishTestMeeting, until, type Published } from './harness.ts';

const SHA = 'b'.repeat(64);
let pub: Published;
const raw: Client[] = [];

beforeEach(async () => {
  pub = await publishTestMeeting();
});
afterEach(async () => {
  for (const c of raw.splice(0)) c.destroy();
  await pub.cleanup();
});

const synced = (b: { snapshot(): { connection: Record<string, string | undefined> } }): boolean => Object.values(b.snapshot().connection).every((c) => c === 'synced');

describe('note book', () => {
  it('shows a private highlight made on one device on the same delegate’s other device, and to nobody else', async () => {
    const phone = await pub.book('d01', new MemoryRecords());
    const laptop = await pub.book('d01', new MemoryRecords());
    const other = await pub.book('d02');
    await until('all synced', () => synced(phone) && synced(laptop) && synced(other));
    const h = highlightBy('d01', 'private', pub.ordinaryId, SHA);
    await phone.put(h);
    await until('the highlight on the laptop', () => has(laptop, h.id));
    const shown = laptop.snapshot().annotations.find((a) => a.annotation.id === h.id);
    expect(shown).toEqual({ annotation: h, authorName: 'Lò Văn Thắng', mine: true });
    await until('nothing pending on the phone', () => phone.snapshot().pending === 0);

    // Another delegate's book has no such room, and the server refuses them entry to it.
    expect(has(other, h.id)).toBe(false);
    expect([...other.roomSyncs().keys()]).not.toContain(privateRoom(pub.meetingId, 'd01', NOTES_ROOM_NAME));
    expect((await rawSocket(pub.server.url, privateRoom(pub.meetingId, 'd01', NOTES_ROOM_NAME), pub.members.d02.token)).status).toBe(403);
  });

  it('shares a tổ note with the tổ; a delegate of another tổ cannot enter its room', async () => {
    const author = await pub.book('d01');
    const sameGroup = await pub.book('d02');
    const otherGroup = await pub.book('d03');
    const n = noteBy('d01', 'group', pub.ordinaryId, SHA, 'Tổ 1 đề nghị bổ sung số liệu');
    await author.put(n);
    await until('the tổ note at d02', () => has(sameGroup, n.id));
    expect(sameGroup.snapshot().annotations.find((a) => a.annotation.id === n.id)?.mine).toBe(false);
    await until('d03 synced', () => synced(otherGroup));
    expect(has(otherGroup, n.id)).toBe(false);
    expect((await rawSocket(pub.server.url, groupRoom(pub.meetingId, 'to-1', NOTES_ROOM_NAME), pub.members.d03.token)).status).toBe(403);
    // The hall screen (observer) enters no notes room.
    expect((await rawSocket(pub.server.url, groupRoom(pub.meetingId, 'to-1', NOTES_ROOM_NAME), pub.members.hall.token)).status).toBe(403);
  });

  it('keeps a shared note on a confidential document among its readers', async () => {
    const reader = await pub.book('d01');
    const otherReaderRecords = new MemoryRecords();
    const otherReader = await pub.book('d02', otherReaderRecords);
    const nonReaderRecords = new MemoryRecords();
    const nonReader = await pub.book('d03', nonReaderRecords);
    const n = noteBy('d01', 'meeting', pub.confidentialId, SHA, 'Ý kiến về nhân sự: đồng ý');
    const groupNote = noteBy('d01', 'group', pub.confidentialId, SHA, 'Tổ 1 bàn riêng về nhân sự');
    await reader.put(n);
    await reader.put(groupNote);
    await until('both notes at the other reader (same tổ)', () => has(otherReader, n.id) && has(otherReader, groupNote.id));
    // A note every member can see, written after it, is seen by the non-reader: its rooms are in sync.
    const marker = noteBy('d01', 'meeting', pub.ordinaryId, SHA, 'mốc');
    await reader.put(marker);
    await until('the marker at the non-reader', () => has(nonReader, marker.id));
    await nonReader.flush();

    expect(has(nonReader, n.id)).toBe(false);
    expect(has(nonReader, groupNote.id)).toBe(false);
    for (const [name, room] of nonReader.roomSyncs()) {
      expect(room.map.has(n.id)).toBe(false);
      expect(room.map.has(groupNote.id)).toBe(false);
      expect(parseRoom(name)?.kind === 'feature' && (parseRoom(name) as { feature: string }).feature === NOTES_CONF_FEATURE).toBe(false);
    }
    expect(nonReaderRecords.bytes().includes(Buffer.from(n.id))).toBe(false);
    expect(nonReaderRecords.bytes().includes(Buffer.from(groupNote.id))).toBe(false);
    expect(otherReaderRecords.bytes().includes(Buffer.from(n.id))).toBe(true);
    expect(nonReader.snapshot().rejected).toBe(0);
  });

  it('merges edits made offline on two devices, each once', async () => {
    const aRecords = new MemoryRecords();
    const a = await pub.book('d01', aRecords);
    const b = await pub.book('d02');
    const first = noteBy('d01', 'meeting', pub.ordinaryId, SHA, 'trước khi mất mạng');
    await a.put(first);
    await until('the first note at b', () => has(b, first.id));

    a.disconnect();
    b.disconnect();
    await pub.stopServer();
    const a1 = noteBy('d01', 'meeting', pub.ordinaryId, SHA, 'a1 offline');
    const a2 = highlightBy('d01', 'group', pub.ordinaryId, SHA);
    const b1 = noteBy('d02', 'meeting', pub.ordinaryId, SHA, 'b1 offline');
    await a.put(a1);
    await a.put(a2);
    await a.put({ ...first, text: 'sửa khi mất mạng', updatedAt: new Date().toISOString() } as typeof first);
    await b.put(b1);
    expect(a.snapshot().pending).toBeGreaterThan(0);

    // The device's copy survives closing the app while offline: a new book on the same records, opened with the
    // server down, has everything at once.
    await a.closeAndFlush();
    const a2nd = await pub.book('d01', aRecords);
    expect(ids(a2nd).sort()).toEqual([first.id, a1.id, a2.id].sort());
    expect(a2nd.snapshot().pending).toBeGreaterThan(0);
    await until('a2nd offline', () => Object.values(a2nd.snapshot().connection).every((c) => c === 'offline'));

    await pub.restart();
    b.connect();
    const all = [first.id, a1.id, a2.id, b1.id].sort();
    await until('every note on both', () => ids(a2nd).sort().join() === all.join() && ids(b).sort().join() === all.join());
    await until('nothing pending', () => a2nd.snapshot().pending === 0 && b.snapshot().pending === 0);
    expect(ids(b)).toHaveLength(4);
    await until('the offline edit at b', () => {
      const f = b.snapshot().annotations.find((x) => x.annotation.id === first.id)?.annotation;
      return f?.kind === 'note' && f.text === 'sửa khi mất mạng';
    });
  });

  it('rejects and counts a note written in another member’s name', async () => {
    const victim = await pub.book('d01');
    await until('synced', () => synced(victim));
    // d02 seals a note that says d01 wrote it (their own keys, d01's id): only d01's signing key could sign it.
    const forgerKeys = { ...pub.members.d02.keys, delegateId: 'd01' };
    const forged = noteBy('d01', 'meeting', pub.ordinaryId, SHA, 'tôi rút ý kiến');
    const room = [...victim.roomSyncs().keys()].find((r) => parseRoom(r)?.kind === 'shared') ?? '';
    const blob = await sealAnnotation(forgerKeys, room, forged);
    const c = connect(pub.server.url, room, pub.members.d02.token);
    raw.push(c);
    await waitForSynced(c);
    notesMap(c.doc).set(forged.id, blob);
    await until('the forgery counted', () => victim.snapshot().rejected === 1);
    expect(has(victim, forged.id)).toBe(false);
  });

  it('moves a note to its new scope’s room when the scope changes', async () => {
    const a = await pub.book('d01');
    const b = await pub.book('d02');
    const n = noteBy('d01', 'private', pub.ordinaryId, SHA, 'lúc đầu riêng tư');
    await a.put(n);
    await until('pending 0', () => a.snapshot().pending === 0);
    expect(has(b, n.id)).toBe(false);
    await a.put({ ...n, scope: 'meeting', updatedAt: new Date().toISOString() } as typeof n);
    await until('shared with b', () => has(b, n.id));
    const privateName = privateRoom(pub.meetingId, 'd01', NOTES_ROOM_NAME);
    expect(a.roomSyncs().get(privateName)?.map.has(n.id)).toBe(false);
    expect(ids(a).filter((id) => id === n.id)).toHaveLength(1);
  });

  it('refuses to delete or overwrite another member’s note', async () => {
    const a = await pub.book('d01');
    const b = await pub.book('d02');
    const n = noteBy('d01', 'meeting', pub.ordinaryId, SHA, 'của d01');
    await a.put(n);
    await until('at b', () => has(b, n.id));
    await expect(b.remove(n.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(b.put({ ...n, authorId: 'd02' } as typeof n)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(b.put(n)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await a.remove(n.id);
    await until('deleted at b', () => !has(b, n.id));
  });

  it('cuts a revoked member off: their rooms are closed and refused', async () => {
    const d02 = await pub.book('d02');
    await until('synced', () => synced(d02));
    await revokeInvitation({ folder: pub.meetingDir, delegateId: 'd02', server: pub.server.url, adminToken: ADMIN });
    await until('every room closed as revoked', () => [...d02.roomSyncs().values()].every((r) => r.closeCode === CLOSE.revoked));
    expect(Object.values(d02.snapshot().connection).every((c) => c === 'offline')).toBe(true);
    const shared = [...d02.roomSyncs().keys()].find((r) => parseRoom(r)?.kind === 'shared') ?? '';
    expect((await rawSocket(pub.server.url, shared, pub.members.d02.token)).status).toBe(403);
  });
});
