// Access to the annotation rooms that are not built-in (issue 8; names in common/annotations/rooms.ts, whose import
// registers their grammar). A confidential document's notes room (m/<mid>/c/<tag>) is open to every member but
// observers: only its readers can name it (the tag is derived from its notes key) and its entries are sealed under
// that key, so a member who guesses nothing learns nothing. The inboxes (m/<mid>/o/opinions|receipts) are written
// by members and readable by all of them: entries are sealed to the secretariat's key and padded, so a member
// learns only counts and sizes. The hall screen (observer) enters neither.
//
// Known limit: plain Yjs lets any writer of a room delete or overwrite another member's entry. Readers detect a
// forged entry (the author's signature, seal.ts) but not a deleted one; an owner check per key would need a hook in
// Room.ts where updates are applied.
import { INBOX_FEATURE, NOTES_CONF_FEATURE } from '../../../common/annotations/rooms.ts';
import { registerRoomPolicy, type RoomAccess, type RoomMember } from '../roomKinds.ts';

const unlessObserver = (member: RoomMember): RoomAccess => (member.role === 'observer' ? 'none' : 'write');

export const NOTES_CONF_POLICY = { access: unlessObserver } as const;
export const INBOX_POLICY = { access: unlessObserver } as const;

registerRoomPolicy(NOTES_CONF_FEATURE, NOTES_CONF_POLICY);
registerRoomPolicy(INBOX_FEATURE, INBOX_POLICY);
