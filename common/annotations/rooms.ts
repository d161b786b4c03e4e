// Where annotations live (issue 8): one Y.Doc per room, a Y.Map<annotationId, sealed blob> in each (seal.ts).
//
//   m/<mid>/p/<delegateId>/notes   my private notes (all my documents, confidential ones too: their key differs)
//   m/<mid>/g/<groupId>/notes      my tổ's notes on ordinary documents
//   m/<mid>/s/notes                the whole meeting's notes on ordinary documents
//   m/<mid>/c/<tag>                the meeting's notes on ONE confidential document; tag = the first 22
//                                  characters of base64url(HKDF(docNotesKey, 'council/notes/room')), so only its
//                                  readers can name (or find) the room, and a non-reader never receives its notes
//   m/<mid>/c/<tag>                a tổ's notes on it: tag from HKDF(docNotesKey, '…room\0group\0<groupId>'); apart from
//                                  the meeting's, so a reader in another tổ never receives blobs it cannot open
//   m/<mid>/o/opinions|receipts    the secretariat's inboxes: góp ý and read receipts, sealed to its key
//
// A room name never carries a document id, a page or anything else an annotation says.
import { featureRoom, groupRoom, privateRoom, registerRoomKind, sharedRoom } from '../live/rooms.ts';
import { hkdf } from '../pack/crypto.ts';
import { toB64url } from '../pack/encoding.ts';
import { CouncilError } from '../result.ts';
import { KEY_BYTES } from '../pack/format.ts';
import { documentNotesKey, ownEntry, isConfidentialFor, keyBytes, NOTES_SALT, previousNotesKeys } from './keys.ts';
import type { NoteKeys } from './noteKeys.ts';
import type { AnnotationScope } from './types.ts';

/** The `name` of the private, group and shared note rooms. */
export const NOTES_ROOM_NAME = 'notes';
/**
 * The Y.Map every notes room and both inbox rooms keep their entries in: Y.Map<entryId, Uint8Array>, the values
 * sealed blobs (sealAnnotation / sealToSecretariat). An edit sets a new blob under the same id; a delete removes it.
 */
export const NOTES_MAP = 'notes';
export const NOTES_CONF_FEATURE = 'notes-conf';
export const INBOX_FEATURE = 'inbox';
export const INBOX_NAMES = ['opinions', 'receipts'] as const;
export type InboxName = (typeof INBOX_NAMES)[number];
/** Characters of a confidential room's tag: 22 base64url characters, 132 bits. */
export const ROOM_TAG_CHARS = 22;
/** HKDF output a tag is cut from (24 bytes: 32 base64url characters). */
export const ROOM_TAG_BYTES = 24;
export const ROOM_TAG_INFO = 'council/notes/room';

registerRoomKind({ feature: NOTES_CONF_FEATURE, segment: 'c', params: ['tag'] });
registerRoomKind({ feature: INBOX_FEATURE, segment: 'o', params: ['name'] });

/** The scopes whose notes on a confidential document have a room of their own (private notes stay in my room). */
export type SharedScope = Exclude<AnnotationScope, 'private'>;

/**
 * The tag of a confidential document's notes room, from its notes key: its meeting notes' room, or with a tổ's
 * slug that tổ's room. Only its readers can name either; a tổ's key is not in it, so renewing a tổ's key keeps
 * the room (its notes are sealed with the tổ's key all the same).
 */
export async function confidentialRoomTag(meetingId: string, docNotesKey: Uint8Array, groupId?: string): Promise<string> {
  const info = groupId === undefined ? ROOM_TAG_INFO : `${ROOM_TAG_INFO}\0group\0${groupId}`;
  const bytes = await hkdf(docNotesKey, `${NOTES_SALT}\0${meetingId}`, info, ROOM_TAG_BYTES);
  return toB64url(bytes).slice(0, ROOM_TAG_CHARS);
}

const rooms = new WeakMap<NoteKeys, Map<string, Promise<string>>>();

/** The room one notes key (base64url) of a confidential document names for `scope`; cached per NoteKeys object. */
function roomWith(keys: NoteKeys, scope: SharedScope, notesKey: string): Promise<string> {
  let m = rooms.get(keys);
  if (!m) {
    m = new Map();
    rooms.set(keys, m);
  }
  const name = `${scope}\0${notesKey}`;
  let p = m.get(name);
  if (!p) {
    const key = keyBytes(notesKey, KEY_BYTES, 'notes key');
    const groupId = scope === 'group' ? groupOf(keys) : undefined;
    p = confidentialRoomTag(keys.meetingId, key, groupId).then((tag) => featureRoom(NOTES_CONF_FEATURE, keys.meetingId, { tag }));
    m.set(name, p);
  }
  return p;
}

function groupOf(keys: NoteKeys): string {
  if (!keys.group) throw new CouncilError('NOTE_KEYS_MISSING', `${keys.delegateId} belongs to no tổ`);
  return keys.group.groupId;
}

/**
 * The room of `scope`'s notes on a confidential document this member reads (NOT_A_READER otherwise; a 'group'
 * scope without a tổ is NOTE_KEYS_MISSING).
 */
export async function confidentialNotesRoom(keys: NoteKeys, documentId: string, scope: SharedScope = 'meeting'): Promise<string> {
  documentNotesKey(keys, documentId);
  return roomWith(keys, scope, ownEntry(keys.confidential, documentId) ?? '');
}

/** The rooms of a confidential document's earlier notes keys for `scope` (oldest first): read only, nothing new goes there. */
export async function previousNotesRooms(keys: NoteKeys, documentId: string, scope: SharedScope = 'meeting'): Promise<string[]> {
  return Promise.all(previousNotesKeys(keys, documentId).map((k) => roomWith(keys, scope, k)));
}

/**
 * The room a note of `scope` on `documentId` is written to. `confidential`: the document is confidential
 * (its tổ and meeting notes go to rooms of its own). A 'group' scope without a tổ is NOTE_KEYS_MISSING.
 */
export async function noteRoomFor(keys: NoteKeys, scope: AnnotationScope, documentId: string, confidential: boolean): Promise<string> {
  if (scope === 'private') return privateRoom(keys.meetingId, keys.delegateId, NOTES_ROOM_NAME);
  if (confidential) return confidentialNotesRoom(keys, documentId, scope);
  if (scope === 'meeting') return sharedRoom(keys.meetingId, NOTES_ROOM_NAME);
  return groupRoom(keys.meetingId, groupOf(keys), NOTES_ROOM_NAME);
}

/** The room the book writes a note to: confidential when this member holds the document's notes key. */
export async function roomOfNote(keys: NoteKeys, scope: AnnotationScope, documentId: string): Promise<string> {
  return noteRoomFor(keys, scope, documentId, isConfidentialFor(keys, documentId));
}

/** A room this member opens, and whose notes it holds. */
export interface NoteRoom {
  readonly room: string;
  /** The scope of the notes it holds. */
  readonly scope: AnnotationScope;
  /** A confidential document's room: the document it belongs to (never in the name). */
  readonly documentId?: string;
  /** A confidential document's room from before it lost a reader: read it, write nothing new there. */
  readonly previous?: true;
}

/**
 * Every notes room this member should open: private, the tổ's (if any), the meeting's, and per confidential
 * document read its meeting room and its tổ room (if any), then those of its earlier notes keys.
 */
export async function noteRoomsOf(keys: NoteKeys): Promise<NoteRoom[]> {
  const out: NoteRoom[] = [{ room: privateRoom(keys.meetingId, keys.delegateId, NOTES_ROOM_NAME), scope: 'private' }];
  if (keys.group) out.push({ room: groupRoom(keys.meetingId, keys.group.groupId, NOTES_ROOM_NAME), scope: 'group' });
  out.push({ room: sharedRoom(keys.meetingId, NOTES_ROOM_NAME), scope: 'meeting' });
  const scopes: SharedScope[] = keys.group ? ['meeting', 'group'] : ['meeting'];
  for (const documentId of Object.keys(keys.confidential).sort()) {
    for (const scope of scopes) out.push({ room: await confidentialNotesRoom(keys, documentId, scope), scope, documentId });
    for (const scope of scopes) for (const room of await previousNotesRooms(keys, documentId, scope)) out.push({ room, scope, documentId, previous: true });
  }
  return out;
}

/** The secretariat's inbox room: 'opinions' (góp ý) or 'receipts' (read receipts). */
export function inboxRoom(meetingId: string, name: InboxName): string {
  return featureRoom(INBOX_FEATURE, meetingId, { name });
}
