// The góp ý and read receipts the delegates sealed to the secretariat (issue 8's inboxes), opened here with the
// inbox private keys of the publisher state (the ordinary one, then the confidential one), each checked against its
// author's signing key (state.notes).
// Where the sealed entries come from is a seam (InboxSource): by default the inbox rooms over the WebSocket.
import { openFromMember, type Receipt } from '../../../common/annotations/seal.ts';
import type { InboxName } from '../../../common/annotations/rooms.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { newestBy, readInboxBlobs } from '../annotations/inbox.ts';
import { readerToken } from './liveRead.ts';
import type { OpinionRow } from '../../../common/api/console.ts';
import { inboxKeysOf, type PublisherState } from '../publish/state.ts';
import { readFolder } from './draftFolder.ts';
import { publishedState } from './invitationViews.ts';

/**
 * The sealed entries of one inbox room of a meeting (values of the room's map). `readerToken` is a member token
 * that may read the room (the secretary's), for a server that does not yet let the admin token read it.
 */
export type InboxSource = (args: {
  readonly server: string;
  readonly meetingId: string;
  readonly adminToken: string;
  readonly readerToken?: string;
  readonly name: InboxName;
}) => Promise<readonly Uint8Array[]>;

/**
 * The inbox rooms over the WebSocket (main/services/annotations/inbox.ts readInboxBlobs), read with the admin
 * token (the server grants it read-only access to the inboxes); `readerToken` is not needed then.
 */
export const wsInbox: InboxSource = ({ server, meetingId, adminToken, name }) => readInboxBlobs({ server, meetingId, adminToken, name });

async function opened<K extends 'opinion' | 'receipt'>(state: PublisherState, kind: K, blobs: readonly Uint8Array[]) {
  const keys = inboxKeysOf(state);
  if (!keys) return [];
  const { opinionPrivateKeys, signers } = keys;
  const out = [];
  for (const blob of blobs) {
    // The ordinary inbox key, then the confidential one (góp ý on confidential documents are sealed to it).
    for (const key of opinionPrivateKeys) {
      const r = kind === 'opinion' ? await openFromMember(key, signers, 'opinion', blob) : await openFromMember(key, signers, 'receipt', blob);
      // An entry that opens with no key (damaged, forged, another meeting's) is left out, never shown half-read.
      if (r.ok) {
        out.push(r.value);
        break;
      }
    }
  }
  return out;
}

export async function opinionRows(folder: string, draftId: string, source: InboxSource, adminToken: string): Promise<OpinionRow[]> {
  const state = await publishedState(folder);
  const view = await readFolder(folder, draftId);
  const reader = await readerToken(state, view.draft.delegates).catch(() => undefined);
  const blobs = await source({ server: state.server, meetingId: state.meetingId, adminToken, ...(reader ? { readerToken: reader } : {}), name: 'opinions' });
  const opinions = await opened(state, 'opinion', blobs);
  // Pack document ids (the state's) → titles of the draft.
  const titles = new Map(Object.entries(state.documents).map(([file, d]) => [d.id, view.draft.documents.find((x) => x.file === file)?.title ?? file]));
  const names = new Map(view.draft.delegates.map((d) => [d.id, d.name]));
  // Any member may write the inbox and a sealed entry does not bind its key: a copied or older version of a góp ý
  // opens too (its author signed it). Keep one per (author, note), the newest.
  const own = opinions.filter((o): o is Extract<typeof o, { quote: string }> => 'quote' in o);
  return newestBy(own, (o) => `${o.authorId}\0${o.id}`, (a, b) => a.sentAt > b.sentAt)
    .map((o) => ({
      id: o.id,
      documentId: o.documentId,
      documentTitle: titles.get(o.documentId) ?? o.documentId,
      page: o.page,
      quote: o.quote,
      text: o.text,
      delegateId: o.authorId,
      delegateName: names.get(o.authorId) ?? o.authorId,
      sentAt: o.sentAt,
    }))
    .sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}

/** Read receipts by delegate, newest first. */
export async function receiptsByDelegate(state: PublisherState, delegates: readonly Delegate[], source: InboxSource, adminToken: string): Promise<Map<string, Receipt[]>> {
  const reader = await readerToken(state, delegates).catch(() => undefined);
  // The follow view shows downloads and attendance even when the receipts cannot be read now.
  const blobs = await source({ server: state.server, meetingId: state.meetingId, adminToken, ...(reader ? { readerToken: reader } : {}), name: 'receipts' }).catch(() => []);
  const all = (await opened(state, 'receipt', blobs)).filter((r): r is Receipt => 'at' in r && !('quote' in r));
  // One per (delegate, document), the newest (a copied or replayed entry opens too).
  const receipts = newestBy(all, (r) => `${r.delegateId}\0${r.documentId}`, (a, b) => a.revision > b.revision || (a.revision === b.revision && a.at > b.at));
  const out = new Map<string, Receipt[]>();
  for (const r of receipts) out.set(r.delegateId, [...(out.get(r.delegateId) ?? []), r]);
  for (const list of out.values()) list.sort((a, b) => b.at.localeCompare(a.at));
  return out;
}
