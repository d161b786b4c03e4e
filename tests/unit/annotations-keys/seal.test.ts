// Sealing annotations and góp ý (common/annotations/seal.ts) with note keys built as a device builds them: every
// scope round-trips to those who may read it and to nobody else; a wrong key, a flipped byte, a forged author, a
// wrong room, a wrong id or a scope that does not fit its room is NOTE_INVALID.
import { beforeAll, describe, expect, it } from 'vitest';
import { isConfidentialFor, previousGroupKeys, scopeKey, withoutConfidentialNotes } from '../../../common/annotations/keys.ts';
import type { NoteKeys } from '../../../common/annotations/noteKeys.ts';
import { confidentialNotesRoom, inboxRoom, noteRoomFor, noteRoomsOf, NOTES_ROOM_NAME, previousNotesRooms, ROOM_TAG_CHARS, roomOfNote } from '../../../common/annotations/rooms.ts';
import {
  inboxEntryId,
  NOTE_MAX_SEALED,
  NOTE_MIN_PLAINTEXT,
  NOTE_MIN_SEALED,
  NOTE_NONCE_BYTES,
  NOTE_PAD_BLOCK,
  openAnnotation,
  openFromMember,
  padToBlock,
  RECEIPT_SEALED,
  sealAnnotation,
  sealToSecretariat,
  type Receipt,
} from '../../../common/annotations/seal.ts';
import type { Annotation, Opinion } from '../../../common/annotations/types.ts';
import { canonicalJson } from '../../../common/live/canonicalJson.ts';
import { groupRoom, parseRoom, privateRoom, sharedRoom } from '../../../common/live/rooms.ts';
import { aesGcmEncrypt, ed25519Sign, randomBytes } from '../../../common/pack/crypto.ts';
import { concatBytes, toB64url, utf8Encode } from '../../../common/pack/encoding.ts';
import { CouncilError, type Result } from '../../../common/result.ts';
import { highlight, makeMembers, MEETING_ID, newId, note, type Members } from './fixtures.ts';

let m: Members;
let other: Members;
beforeAll(async () => {
  m = await makeMembers();
  // The same meeting id and seats with other keys: what a stale or foreign device holds.
  other = await makeMembers();
});

async function seal(keys: NoteKeys, a: Annotation): Promise<{ room: string; blob: Uint8Array }> {
  const room = await roomOfNote(keys, a.scope, a.target.documentId);
  return { room, blob: await sealAnnotation(keys, room, a) };
}

const codeOf = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code);

async function thrownCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof CouncilError ? e.code : `not a CouncilError: ${String(e)}`;
  }
  return 'no error';
}

/**
 * A blob as a malicious client could make it, bypassing sealAnnotation's checks: any key the forger holds, any
 * room and id in the associated data, any note, signed with the forger's own signing key.
 */
async function forge(forger: NoteKeys, key: CryptoKey, room: string, id: string, n: Annotation): Promise<Uint8Array> {
  const sig = await ed25519Sign(forger.signingKey, utf8Encode(canonicalJson(['council/note/v1', room, id, n])));
  const nonce = randomBytes(NOTE_NONCE_BYTES);
  const ct = await aesGcmEncrypt(key, nonce, utf8Encode(`council/note/v1\0${room}\0${id}`), padToBlock(JSON.stringify({ note: n, sig: toB64url(sig) })));
  return concatBytes(Uint8Array.of(1), nonce, ct);
}

describe('rooms', () => {
  it('puts each scope in its room, and a confidential document in a room named by a tag only its readers can derive', async () => {
    expect(await noteRoomFor(m.a, 'private', 'bc', false)).toBe(privateRoom(MEETING_ID, 'a', NOTES_ROOM_NAME));
    expect(await noteRoomFor(m.a, 'group', 'bc', false)).toBe(groupRoom(MEETING_ID, 'g1', NOTES_ROOM_NAME));
    expect(await noteRoomFor(m.a, 'meeting', 'bc', false)).toBe(sharedRoom(MEETING_ID, NOTES_ROOM_NAME));
    expect(await noteRoomFor(m.a, 'private', 'mat', true)).toBe(privateRoom(MEETING_ID, 'a', NOTES_ROOM_NAME));
    const conf = await noteRoomFor(m.a, 'meeting', 'mat', true);
    expect(await confidentialNotesRoom(m.c, 'mat')).toBe(conf);
    // Its tổ notes have a room per tổ, which only readers in that tổ can name.
    const confGroup = await noteRoomFor(m.a, 'group', 'mat', true);
    expect(confGroup).not.toBe(conf);
    expect(await confidentialNotesRoom(m.d, 'mat', 'group')).toBe(confGroup);
    expect(await confidentialNotesRoom(m.c, 'mat', 'group')).not.toBe(confGroup);
    const ref = parseRoom(conf);
    expect(ref).toMatchObject({ kind: 'feature', feature: 'notes-conf', meetingId: MEETING_ID });
    expect(ref?.kind === 'feature' ? ref.params['tag']?.length : 0).toBe(ROOM_TAG_CHARS);
    expect(conf).not.toContain('mat');
    // A non-reader cannot name the room.
    expect(await thrownCode(noteRoomFor(m.b, 'meeting', 'mat', true))).toBe('NOT_A_READER');
    expect(await thrownCode(noteRoomFor(m.s, 'group', 'bc', false))).toBe('NOTE_KEYS_MISSING');
    expect(await thrownCode(noteRoomFor({ ...m.a, group: undefined }, 'group', 'mat', true))).toBe('NOTE_KEYS_MISSING');
    expect(inboxRoom(MEETING_ID, 'opinions')).toBe(`m/${MEETING_ID}/o/opinions`);
    expect(parseRoom(inboxRoom(MEETING_ID, 'receipts'))).toMatchObject({ kind: 'feature', feature: 'inbox', params: { name: 'receipts' } });
  });

  it('lists the rooms each member opens, and no room name carries a document id', async () => {
    const rooms = await noteRoomsOf(m.a);
    expect(rooms.map((r) => r.scope)).toEqual(['private', 'group', 'meeting', 'meeting', 'group']);
    expect(rooms[3]).toEqual({ documentId: 'mat', scope: 'meeting', room: await confidentialNotesRoom(m.a, 'mat') });
    expect(rooms[4]).toEqual({ documentId: 'mat', scope: 'group', room: await confidentialNotesRoom(m.a, 'mat', 'group') });
    expect((await noteRoomsOf(m.b)).map((r) => r.room)).toEqual([privateRoom(MEETING_ID, 'b', 'notes'), groupRoom(MEETING_ID, 'g1', 'notes'), sharedRoom(MEETING_ID, 'notes')]);
    expect((await noteRoomsOf(m.s)).map((r) => r.scope)).toEqual(['private', 'meeting']);
    // Segments, not a regex: a confidential room's tag is 22 random base64url characters and may contain "bc".
    for (const r of rooms) {
      expect(r.room.split('/')).not.toContain('mat');
      expect(r.room.split('/')).not.toContain('bc');
    }
  });
});

describe('sealAnnotation / openAnnotation', () => {
  it('round-trips every scope on an ordinary document to exactly those who may read it', async () => {
    const mine = highlight('a', 'private', 'bc');
    const p = await seal(m.a, mine);
    expect(await openAnnotation(m.a, p.room, mine.id, p.blob)).toEqual({ ok: true, value: mine });
    expect(codeOf(await openAnnotation(m.b, p.room, mine.id, p.blob))).toBe('NOTE_INVALID');

    const tổ = note('a', 'group', 'bc', 'Đề nghị làm rõ nguồn vốn đối ứng.');
    const g = await seal(m.a, tổ);
    for (const reader of [m.a, m.b, m.d]) expect(await openAnnotation(reader, g.room, tổ.id, g.blob)).toEqual({ ok: true, value: tổ });
    for (const outsider of [m.c, m.s]) expect(codeOf(await openAnnotation(outsider, g.room, tổ.id, g.blob))).toBe('NOTE_INVALID');

    const all = note('c', 'meeting', 'bc', 'Thống nhất với tờ trình.');
    const s = await seal(m.c, all);
    for (const reader of [m.a, m.b, m.c, m.d, m.s]) expect(await openAnnotation(reader, s.room, all.id, s.blob)).toEqual({ ok: true, value: all });
    expect(codeOf(await openAnnotation(other.a, s.room, all.id, s.blob))).toBe('NOTE_INVALID');
  });

  it('keeps a confidential document’s notes to its readers, in its own room', async () => {
    const meetingNote = note('a', 'meeting', 'mat', 'Nhân sự: cần bổ sung hồ sơ.');
    const r = await seal(m.a, meetingNote);
    expect(r.room).toBe(await confidentialNotesRoom(m.a, 'mat'));
    for (const reader of [m.a, m.c, m.d]) expect(await openAnnotation(reader, r.room, meetingNote.id, r.blob)).toEqual({ ok: true, value: meetingNote });
    for (const outsider of [m.b, m.s]) expect(codeOf(await openAnnotation(outsider, r.room, meetingNote.id, r.blob))).toBe('NOTE_INVALID');

    const groupNote = highlight('d', 'group', 'mat');
    const g = await seal(m.d, groupNote);
    expect(g.room).toBe(await confidentialNotesRoom(m.a, 'mat', 'group'));
    expect(await openAnnotation(m.a, g.room, groupNote.id, g.blob)).toEqual({ ok: true, value: groupNote });
    // c reads the document but is in another tổ; b is in the tổ but does not read the document.
    expect(codeOf(await openAnnotation(m.c, g.room, groupNote.id, g.blob))).toBe('NOTE_INVALID');
    expect(codeOf(await openAnnotation(m.b, g.room, groupNote.id, g.blob))).toBe('NOTE_INVALID');

    // My private notes on it need its notes key too: once the lease drops that key, they no longer open.
    const privateNote = note('a', 'private', 'mat', 'Ghi nhớ riêng');
    const p = await seal(m.a, privateNote);
    expect(p.room).toBe(privateRoom(MEETING_ID, 'a', 'notes'));
    expect(await openAnnotation(m.a, p.room, privateNote.id, p.blob)).toEqual({ ok: true, value: privateNote });
    const shredded: NoteKeys = { ...m.a, confidential: {} };
    expect(codeOf(await openAnnotation(shredded, p.room, privateNote.id, p.blob))).toBe('NOTE_INVALID');
  });

  it('pads: a highlight and a short note seal to the same size', async () => {
    const h = await seal(m.a, highlight('a', 'meeting', 'bc'));
    const n = await seal(m.a, note('a', 'meeting', 'bc', 'Đồng ý.'));
    expect(h.blob.length).toBe(NOTE_MIN_SEALED);
    expect(n.blob.length).toBe(h.blob.length);
    const multiLine = await seal(m.a, highlight('a', 'meeting', 'bc', { rects: [[72, 640, 180, 14], [72, 626, 400, 14], [72, 612, 300, 14]] }));
    expect(multiLine.blob.length).toBe(h.blob.length);
    const long = await seal(m.a, note('a', 'meeting', 'bc', 'Ý kiến dài. '.repeat(100)));
    expect((long.blob.length - (NOTE_MIN_SEALED - NOTE_MIN_PLAINTEXT)) % NOTE_PAD_BLOCK).toBe(0);
    expect(long.blob.length).toBeGreaterThan(h.blob.length);
  });

  it('refuses a drawing too large for a room, and does not look into an oversized blob', async () => {
    const points = (n: number): [number, number, number][] => Array.from({ length: n }, (_, i) => [100.25 + (i % 400), 200.5 + (i % 300), 0.5]);
    const ink = (n: number): Annotation => {
      const { id, authorId, target, createdAt, updatedAt } = note('a', 'meeting', 'bc', '');
      const strokes = Array.from({ length: Math.ceil(n / 1_000) }, () => ({ points: points(1_000) }));
      return { id, kind: 'ink', scope: 'meeting', authorId, target, createdAt, updatedAt, color: 'red', width: 2, strokes };
    };
    const room = sharedRoom(MEETING_ID, 'notes');
    const fits = ink(2_000);
    const sealed = await sealAnnotation(m.a, room, fits);
    expect(sealed.length).toBeLessThanOrEqual(NOTE_MAX_SEALED);
    expect(await openAnnotation(m.b, room, fits.id, sealed)).toEqual({ ok: true, value: fits });
    expect(await thrownCode(sealAnnotation(m.a, room, ink(2_000 * 4)))).toBe('TOO_LARGE');
    const huge = new Uint8Array(NOTE_MAX_SEALED + 1);
    huge[0] = 1;
    expect(codeOf(await openAnnotation(m.b, room, fits.id, huge))).toBe('NOTE_INVALID');
  });

  it('refuses to seal someone else’s note, a malformed one, or one for the wrong room', async () => {
    const hers = note('b', 'meeting', 'bc', 'x');
    expect(await thrownCode(sealAnnotation(m.a, sharedRoom(MEETING_ID, 'notes'), hers))).toBe('NOTE_INVALID');
    const mine = note('a', 'meeting', 'bc', 'x');
    expect(await thrownCode(sealAnnotation(m.a, groupRoom(MEETING_ID, 'g1', 'notes'), mine))).toBe('NOTE_INVALID');
    expect(await thrownCode(sealAnnotation(m.a, sharedRoom(MEETING_ID, 'notes'), { ...mine, id: 'not an id!' }))).toBe('NOTE_INVALID');
  });

  it('NOTE_INVALID: a wrong key, a flipped byte, a wrong room, a wrong id, a truncated blob', async () => {
    const n = note('a', 'meeting', 'bc', 'Thống nhất.');
    const { room, blob } = await seal(m.a, n);
    expect(codeOf(await openAnnotation(other.b, room, n.id, blob))).toBe('NOTE_INVALID');
    for (const at of [0, 5, 40, blob.length - 1]) {
      const bad = new Uint8Array(blob);
      bad[at] = (bad[at] ?? 0) ^ 1;
      expect(codeOf(await openAnnotation(m.b, room, n.id, bad))).toBe('NOTE_INVALID');
    }
    expect(codeOf(await openAnnotation(m.b, room, n.id, blob.subarray(0, blob.length - 1)))).toBe('NOTE_INVALID');
    expect(codeOf(await openAnnotation(m.b, room, newId(), blob))).toBe('NOTE_INVALID');
    expect(codeOf(await openAnnotation(m.b, groupRoom(MEETING_ID, 'g1', 'notes'), n.id, blob))).toBe('NOTE_INVALID');
    expect(codeOf(await openAnnotation(m.b, privateRoom(MEETING_ID, 'b', 'notes'), n.id, blob))).toBe('NOTE_INVALID');
    expect(codeOf(await openAnnotation(m.b, `m/${MEETING_ID}/state`, n.id, blob))).toBe('NOTE_INVALID');
  });

  it('NOTE_INVALID: a forged author — a holds the tổ key and writes a note that claims to be b’s', async () => {
    const forged = note('b', 'group', 'bc', 'Tôi rút ý kiến.');
    // a's client pretends to be b but can only sign with a's key.
    const pretending: NoteKeys = { ...m.a, delegateId: 'b' };
    const room = groupRoom(MEETING_ID, 'g1', 'notes');
    const blob = await sealAnnotation(pretending, room, forged);
    for (const reader of [m.a, m.b, m.d]) expect(codeOf(await openAnnotation(reader, room, forged.id, blob))).toBe('NOTE_INVALID');
    // An author the manifest does not name at all.
    const stranger = note('zz', 'group', 'bc', 'x');
    const blob2 = await forge(m.a, await scopeKey(m.a, 'group', 'bc', false), room, stranger.id, stranger);
    expect(codeOf(await openAnnotation(m.b, room, stranger.id, blob2))).toBe('NOTE_INVALID');
  });

  it('takes ids that name Object.prototype members as plain ids', async () => {
    for (const id of ['constructor', '__proto__', 'toString']) {
      expect(isConfidentialFor(m.a, id)).toBe(false);
      expect(await thrownCode(noteRoomFor(m.a, 'meeting', id, true))).toBe('NOT_A_READER');
      const n = note('a', 'meeting', id, 'x');
      const r = await seal(m.a, n);
      expect(await openAnnotation(m.b, r.room, n.id, r.blob)).toEqual({ ok: true, value: n });
      const stranger = note(id, 'meeting', 'bc', 'x');
      const shared = sharedRoom(MEETING_ID, 'notes');
      expect(codeOf(await openAnnotation(m.b, shared, stranger.id, await forge(m.a, await scopeKey(m.a, 'meeting', 'bc', false), shared, stranger.id, stranger)))).toBe('NOTE_INVALID');
    }
  });

  it('NOTE_INVALID: a scope that does not fit its room, even when the key and signature are right', async () => {
    const shared = sharedRoom(MEETING_ID, 'notes');
    const meetingKey = await scopeKey(m.a, 'meeting', 'bc', false);
    // A 'private' note written under the meeting key into the shared room.
    const priv = note('a', 'private', 'bc', 'x');
    expect(codeOf(await openAnnotation(m.b, shared, priv.id, await forge(m.a, meetingKey, shared, priv.id, priv)))).toBe('NOTE_INVALID');
    // A note of b in a's private room, under a's private key (as if a's key had leaked to b).
    const mineRoom = privateRoom(MEETING_ID, 'a', 'notes');
    const bs = note('b', 'private', 'bc', 'x');
    expect(codeOf(await openAnnotation(m.a, mineRoom, bs.id, await forge(m.b, await scopeKey(m.a, 'private', 'bc', false), mineRoom, bs.id, bs)))).toBe('NOTE_INVALID');
    // A note on the confidential document written into the shared room under the meeting key (readers would leak it).
    const leak = note('a', 'meeting', 'mat', 'x');
    expect(codeOf(await openAnnotation(m.c, shared, leak.id, await forge(m.a, meetingKey, shared, leak.id, leak)))).toBe('NOTE_INVALID');
    // An inner id other than the map key it is stored under.
    const n = note('a', 'meeting', 'bc', 'x');
    const elsewhere = newId();
    expect(codeOf(await openAnnotation(m.b, shared, elsewhere, await forge(m.a, meetingKey, shared, elsewhere, n)))).toBe('NOTE_INVALID');
    // My own private note, written under my plain private key before the document became confidential, still opens.
    const early = note('a', 'private', 'mat', 'Trước khi thành tài liệu mật');
    expect(codeOf(await openAnnotation(m.a, mineRoom, early.id, await forge(m.a, await scopeKey(m.a, 'private', 'bc', false), mineRoom, early.id, early)))).toBe('ok');
    // The forge itself is sound: the same blob with a fitting note opens.
    expect(codeOf(await openAnnotation(m.b, shared, n.id, await forge(m.a, meetingKey, shared, n.id, n)))).toBe('ok');
  });
});

describe('a confidential document that lost a reader', () => {
  it('keeps the notes written before readable to its remaining readers, and seals new ones under the new key', async () => {
    // Before: a, c and d read 'mat'. Then d is removed: a new notes key, the old one kept as an earlier key.
    const oldA = m.a;
    const fresh = await makeMembers();
    const renewed = (k: NoteKeys): NoteKeys => ({ ...k, confidential: { mat: fresh.a.confidential['mat'] ?? '' }, confidentialPrevious: { mat: [k.confidential['mat'] ?? ''] } });
    const newA = renewed(m.a);
    const newC = renewed(m.c);
    const before = note('a', 'meeting', 'mat', 'Viết trước khi đổi khóa.');
    const oldRoom = await confidentialNotesRoom(oldA, 'mat');
    const sealedBefore = await sealAnnotation(oldA, oldRoom, before);
    const privateBefore = note('a', 'private', 'mat', 'Riêng, trước khi đổi khóa.');
    const privateRoomA = privateRoom(MEETING_ID, 'a', 'notes');
    const sealedPrivate = await sealAnnotation(oldA, privateRoomA, privateBefore);

    const rooms = await noteRoomsOf(newA);
    const oldGroupRoom = await confidentialNotesRoom(oldA, 'mat', 'group');
    expect(rooms.filter((r) => r.documentId === 'mat').map((r) => [r.scope, r.room === oldRoom || r.room === oldGroupRoom, r.previous === true])).toEqual([
      ['meeting', false, false],
      ['group', false, false],
      ['meeting', true, true],
      ['group', true, true],
    ]);
    const groupBefore = highlight('d', 'group', 'mat');
    const sealedGroupBefore = await sealAnnotation(m.d, oldGroupRoom, groupBefore);
    expect(await openAnnotation(newA, oldGroupRoom, groupBefore.id, sealedGroupBefore)).toEqual({ ok: true, value: groupBefore });
    expect(await previousNotesRooms(newA, 'mat')).toEqual([oldRoom]);
    expect(await openAnnotation(newC, oldRoom, before.id, sealedBefore)).toEqual({ ok: true, value: before });
    expect(await openAnnotation(newA, privateRoomA, privateBefore.id, sealedPrivate)).toEqual({ ok: true, value: privateBefore });

    // New notes go to the new room under the new key: d, who kept only the old key, opens nothing there.
    const after = note('a', 'meeting', 'mat', 'Viết sau khi đổi khóa.');
    const r = await seal(newA, after);
    expect(r.room).not.toBe(oldRoom);
    expect(await openAnnotation(newC, r.room, after.id, r.blob)).toEqual({ ok: true, value: after });
    expect(codeOf(await openAnnotation(m.d, r.room, after.id, r.blob))).toBe('NOTE_INVALID');
    // The lease leaves none of a confidential document's keys, current or earlier.
    expect(withoutConfidentialNotes({ privateKey: 'p', signingKey: 's', confidential: { mat: 'k' }, previous: { mat: ['o'] }, group: { groupId: 'g1', key: 'g' } })).toEqual({
      privateKey: 'p',
      signingKey: 's',
      confidential: {},
      group: { groupId: 'g1', key: 'g' },
    });
  });
});

describe('a tổ that lost a member', () => {
  it('keeps its earlier notes readable to the members who stay; what is written after stays from the one who left', async () => {
    // b leaves tổ g1: a and d get a new tổ key and keep the old one as an earlier key.
    const newGroupKey = (await makeMembers()).a.group?.key ?? '';
    const stay = (k: NoteKeys): NoteKeys => ({ ...k, group: { groupId: 'g1', key: newGroupKey, previous: [k.group?.key ?? ''] } });
    const [a2, d2] = [stay(m.a), stay(m.d)];
    const before = note('b', 'group', 'bc', 'Viết khi còn trong tổ.');
    const g = await seal(m.b, before);
    expect(await openAnnotation(a2, g.room, before.id, g.blob)).toEqual({ ok: true, value: before });
    const confBefore = highlight('d', 'group', 'mat');
    const c = await seal(m.d, confBefore);
    expect(c.room).toBe(await confidentialNotesRoom(a2, 'mat', 'group'));
    expect(await openAnnotation(a2, c.room, confBefore.id, c.blob)).toEqual({ ok: true, value: confBefore });

    const after = note('a', 'group', 'bc', 'Viết sau khi đổi khóa tổ.');
    const n = await seal(a2, after);
    expect(n.room).toBe(g.room);
    expect(await openAnnotation(d2, n.room, after.id, n.blob)).toEqual({ ok: true, value: after });
    expect(codeOf(await openAnnotation(m.b, n.room, after.id, n.blob))).toBe('NOTE_INVALID');
    expect(previousGroupKeys(a2)).toEqual([m.a.group?.key]);
    expect(previousGroupKeys(m.a)).toEqual([]);
  });
});

describe('góp ý and read receipts', () => {
  const opinion = (authorId: string): Opinion => ({
    id: newId(),
    authorId,
    documentId: 'bc',
    revision: 2,
    page: 3,
    quote: 'dự toán ngân sách',
    text: 'Đề nghị tách riêng khoản chi thường xuyên.',
    sentAt: '2026-12-05T09:00:00.000Z',
  });

  it('reach the secretariat and nobody else', async () => {
    const o = opinion('a');
    const blob = await sealToSecretariat(m.a, 'opinion', o);
    const key = m.s.opinionPrivateKey ?? '';
    expect(key).not.toBe('');
    expect(await openFromMember(key, m.s.signers, 'opinion', blob)).toEqual({ ok: true, value: o });
    expect(m.b.opinionPrivateKey).toBeUndefined();
    expect(codeOf(await openFromMember(other.s.opinionPrivateKey ?? '', m.s.signers, 'opinion', blob))).toBe('NOTE_INVALID');

    const receipt: Receipt = { documentId: 'mat', revision: 1, delegateId: 'c', at: '2026-12-05T07:40:00.000Z' };
    const rBlob = await sealToSecretariat(m.c, 'receipt', receipt);
    expect(await openFromMember(key, m.s.signers, 'receipt', rBlob)).toEqual({ ok: true, value: receipt });
    // Kinds do not pass for one another.
    expect(codeOf(await openFromMember(key, m.s.signers, 'opinion', rBlob))).toBe('NOTE_INVALID');
    expect(codeOf(await openFromMember(key, m.s.signers, 'receipt', blob))).toBe('NOTE_INVALID');
    const bad = new Uint8Array(blob);
    bad[bad.length - 3] = (bad[bad.length - 3] ?? 0) ^ 0x80;
    expect(codeOf(await openFromMember(key, m.s.signers, 'opinion', bad))).toBe('NOTE_INVALID');
  });

  it('NOTE_INVALID for a góp ý in someone else’s name; sealing refuses one outright', async () => {
    expect(await thrownCode(sealToSecretariat(m.a, 'opinion', opinion('b')))).toBe('NOTE_INVALID');
    const blob = await sealToSecretariat({ ...m.a, delegateId: 'b' }, 'opinion', opinion('b'));
    expect(codeOf(await openFromMember(m.s.opinionPrivateKey ?? '', m.s.signers, 'opinion', blob))).toBe('NOTE_INVALID');
  });

  it('pads inbox entries alike and keys them by an id the server cannot link to the note', async () => {
    const short = await sealToSecretariat(m.a, 'opinion', { ...opinion('a'), text: 'Đồng ý.' });
    const longer = await sealToSecretariat(m.a, 'opinion', { ...opinion('a'), text: 'Đồng ý với tờ trình.' });
    expect(short.length).toBe(longer.length);
    // Every receipt is one size, whatever its ids (the longest ID_PATTERN allows).
    const r1 = await sealToSecretariat(m.a, 'receipt', { documentId: 'x', revision: 1, delegateId: 'a', at: '2026-12-05T07:40:00.000Z' });
    const r2 = await sealToSecretariat(m.a, 'receipt', { documentId: 'd'.repeat(40), revision: 123_456, delegateId: 'a', at: '2026-12-05T07:40:00.000Z' });
    expect([r1.length, r2.length]).toEqual([RECEIPT_SEALED, RECEIPT_SEALED]);
    const id = newId();
    const e1 = await inboxEntryId(m.a, 'opinion', id);
    expect(await inboxEntryId(m.a, 'opinion', id)).toBe(e1);
    expect(e1).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(e1).not.toBe(id);
    expect(await inboxEntryId(m.b, 'opinion', id)).not.toBe(e1);
    expect(await inboxEntryId(m.a, 'receipt', id)).not.toBe(e1);
  });
});
