// The Y.Doc shape of every notes room and inbox room (issue 8): one Y.Doc per room, one Y.Map of sealed blobs in it,
// keyed by the annotation id (notes rooms) or the inbox entry id (inboxEntryId). An edit sets a new blob under the
// same key; a delete removes the key. No awareness is ever set in these rooms: a room name and its awareness must not
// tell which document or page a member is on.
import type * as Y from 'yjs';
import { NOTES_MAP } from '../../../common/annotations/rooms.ts';

export { NOTES_MAP };

/** Device records (Platform.records): a notes room's Y.Doc state, base64url, under the room name. */
export const NOTES_ROOM_RECORD = 'notes-room';
/** Device records: inbox entries (góp ý, receipts) not yet confirmed by the server, under `<inbox>:<entryId>`; '' once sent. */
export const NOTES_OUTBOX_RECORD = 'notes-outbox';

export function notesMap(doc: Y.Doc): Y.Map<Uint8Array> {
  return doc.getMap<Uint8Array>(NOTES_MAP);
}
