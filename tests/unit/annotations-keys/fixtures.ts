// Note keys for a small meeting, built the way a device builds them (noteKeysFrom over a bundle and a manifest),
// from the publisher's own generators and bundle builder, without a server.
import { generateMemberNoteKeys, generateOpinionKeyPair, newNotesKey, noteKeysFrom, type MemberNoteKeys } from '../../../common/annotations/keys.ts';
import type { NoteKeys } from '../../../common/annotations/noteKeys.ts';
import type { Annotation, AnnotationScope } from '../../../common/annotations/types.ts';
import type { Role } from '../../../common/meeting/types.ts';
import { randomBytes } from '../../../common/pack/crypto.ts';
import { toB64url } from '../../../common/pack/encoding.ts';
import { bundleNotesFor, manifestNotes, type ConfidentialNotes } from '../../../main/services/publish/buildPack.ts';
import type { NotesState } from '../../../main/services/publish/state.ts';

export const MEETING_ID = 'mNotesTest0001';
export const SHA = 'a'.repeat(64);

/** a, b: tổ g1; c: tổ g2; d: tổ g1; s: the secretary (no tổ). a, c and d read the confidential document 'mat'. */
export const SEATS: readonly { id: string; groupId: string; role: Role }[] = [
  { id: 'a', groupId: 'g1', role: 'delegate' },
  { id: 'b', groupId: 'g1', role: 'delegate' },
  { id: 'c', groupId: 'g2', role: 'delegate' },
  { id: 'd', groupId: 'g1', role: 'chair' },
  { id: 's', groupId: '', role: 'secretary' },
];
export const CONFIDENTIAL: readonly Omit<ConfidentialNotes, 'notesKey'>[] = [{ id: 'mat', readers: ['a', 'c', 'd'] }];

export type Members = Record<'a' | 'b' | 'c' | 'd' | 's', NoteKeys>;

export async function makeMembers(meetingId = MEETING_ID): Promise<Members> {
  return (await makeKeys(meetingId, SEATS, CONFIDENTIAL)) as Members;
}

/** Note keys for any seats and confidential documents, by delegate id. */
export async function makeKeys(
  meetingId: string,
  seats: readonly { id: string; groupId: string; role: Role }[],
  confidentialDocs: readonly Omit<ConfidentialNotes, 'notesKey'>[],
): Promise<Record<string, NoteKeys>> {
  const members: Record<string, MemberNoteKeys> = {};
  for (const s of seats) members[s.id] = await generateMemberNoteKeys();
  const groups: Record<string, string> = {};
  for (const s of seats) if (s.groupId !== '') groups[s.groupId] ??= newNotesKey();
  const state: NotesState = { members, groups, opinion: await generateOpinionKeyPair(), opinionConfidential: await generateOpinionKeyPair() };
  const confidential = confidentialDocs.map((c) => ({ ...c, notesKey: newNotesKey() }));
  const manifest = { meetingId, notes: manifestNotes(seats, state) };
  const meetingKey = toB64url(randomBytes(32));
  const out: Record<string, NoteKeys> = {};
  for (const s of seats) out[s.id] = noteKeysFrom(manifest, { meetingKey, documentKeys: {}, notes: bundleNotesFor(s, state, confidential) }, s.id);
  return out;
}

let counter = 0;
/** A random-looking annotation id (ID_PATTERN). */
export const newId = (): string => `n${toB64url(randomBytes(15))}${(counter++).toString(36)}`;

export function highlight(authorId: string, scope: AnnotationScope, documentId: string, over: Partial<Annotation> = {}): Annotation {
  return {
    id: newId(),
    kind: 'highlight',
    scope,
    authorId,
    target: { documentId, revision: 1, sha256: SHA, page: 2 },
    createdAt: '2026-12-05T08:00:00.000Z',
    updatedAt: '2026-12-05T08:00:00.000Z',
    color: 'yellow',
    anchor: { quote: { exact: 'dự toán ngân sách', prefix: 'về ', suffix: ' năm 2027' }, position: { start: 120, end: 137 } },
    rects: [[72, 640, 180, 14]],
    ...over,
  } as Annotation;
}

export function note(authorId: string, scope: AnnotationScope, documentId: string, text: string): Annotation {
  return {
    id: newId(),
    kind: 'note',
    scope,
    authorId,
    target: { documentId, revision: 1, sha256: SHA, page: 1 },
    createdAt: '2026-12-05T08:01:00.000Z',
    updatedAt: '2026-12-05T08:01:00.000Z',
    point: [300, 500],
    text,
  };
}
