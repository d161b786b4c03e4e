// From a validated meeting and its planned documents to what the server receives: the sealed, signed
// manifest and one member upload per row of delegates.csv (token hash + wrapped keys).
import type { MemberUpload } from '../../../common/api/http.ts';
import { leaseOf } from '../../../common/device/lease.ts';
import { ownEntry } from '../../../common/annotations/keys.ts';
import { groupSlug } from '../../../common/live/rooms.ts';
import { DEFAULT_QUORUM } from '../../../common/live/state.ts';
import { ROLES, type Delegate, type MeetingSpec, type Role } from '../../../common/meeting/types.ts';
import type { PublisherKeys } from '../../../common/pack/crypto.ts';
import { fromB64url } from '../../../common/pack/encoding.ts';
import {
  CHUNK_SIZE,
  PACK_FORMAT_VERSION,
  type BundleNotes,
  type DocumentEntry,
  type KeyBundle,
  type ManifestEnvelope,
  type ManifestNotes,
  type MeetingInfo,
  type PackManifest,
  type SealedDocumentEntry,
} from '../../../common/pack/format.ts';
import { deriveCredentials, formatInvitationLink } from '../../../common/pack/invite.ts';
import { paddedBundleSize, sealDocumentEntry, sealManifest, wrapKeyBundle } from '../../../common/pack/manifest.ts';
import { CouncilError } from '../../../common/result.ts';
import { packVotingOf } from '../../../common/voting/prepared.ts';
import { agendaItemId, documentsByItem, numberAgenda } from './agenda.ts';
import type { PlannedDocument } from './encryptDocuments.ts';
import type { NotesState, PublisherState } from './state.ts';

/** Quorum when meeting.json names none: two thirds (Luật Tổ chức chính quyền địa phương, Điều 91). */
export { DEFAULT_QUORUM };

export interface PackIdentity {
  readonly meetingId: string;
  readonly revision: number;
  readonly server: string;
  readonly publisher: PublisherKeys;
  readonly meetingKey: string;
}

export function meetingInfo(spec: MeetingSpec): MeetingInfo {
  return {
    title: spec.title,
    body: spec.body,
    startsAt: spec.startsAt,
    place: spec.place,
    totalDelegates: spec.totalDelegates,
    quorum: spec.quorum ?? DEFAULT_QUORUM,
    ...(spec.lease ? { lease: leaseOf(spec.lease) } : {}),
  };
}

function entryOf(p: PlannedDocument): DocumentEntry {
  const confidential = p.doc.spec.confidential === true;
  return {
    id: p.id,
    title: p.doc.spec.title,
    kind: p.doc.spec.kind,
    agendaItemId: agendaItemId(p.doc.agendaPath),
    file: p.doc.file,
    bytes: p.doc.bytes,
    pages: p.doc.pages,
    sha256: p.doc.sha256,
    confidential,
    ...(confidential ? { readers: [...(p.doc.spec.readers ?? [])] } : { key: p.key }),
    revision: p.revision,
    noncePrefix: p.noncePrefix,
    chunkSize: CHUNK_SIZE,
    chunks: p.chunks,
    ...(p.text ? { text: p.text.ref } : {}),
  };
}

const rawKey = (b64: string): Uint8Array => {
  const raw = fromB64url(b64);
  if (!raw) throw new CouncilError('INTERNAL', 'bad key in the publisher state');
  return raw;
};

/** Ordinary entries carry their key; confidential ones are sealed with their own key, which only readers get. */
export async function buildManifest(
  id: PackIdentity,
  spec: MeetingSpec,
  delegates: readonly Delegate[],
  planned: readonly PlannedDocument[],
  now: Date,
  notes?: NotesPlan,
): Promise<PackManifest> {
  const docIds = documentsByItem(
    planned.map((p) => p.doc),
    new Map(planned.map((p) => [p.doc.file, p.id])),
  );
  const documents: DocumentEntry[] = [];
  const sealedDocuments: SealedDocumentEntry[] = [];
  for (const p of planned) {
    const entry = entryOf(p);
    if (entry.confidential) sealedDocuments.push(await sealDocumentEntry(id.meetingId, entry, rawKey(p.key)));
    else documents.push(entry);
  }
  return {
    format: PACK_FORMAT_VERSION,
    meetingId: id.meetingId,
    revision: id.revision,
    publishedAt: now.toISOString(),
    meeting: meetingInfo(spec),
    agenda: numberAgenda(spec.agenda, docIds),
    delegates: delegates.map((d) => ({ ...d })),
    documents,
    sealedDocuments,
    ...votingOf(spec),
    ...(notes ? { notes: manifestNotes(delegates, notes.state) } : {}),
  };
}

/** Folders without voting/polls get no `voting` key: their manifests stay what they were. */
const votingOf = (spec: MeetingSpec): { readonly voting?: unknown } => {
  const voting = packVotingOf(spec);
  return voting ? { voting } : {};
};

export function sealPack(id: PackIdentity, manifest: PackManifest): Promise<ManifestEnvelope> {
  return sealManifest(manifest, rawKey(id.meetingKey), id.publisher);
}

// ---- note keys (issue 8, docs/pack-format.md "Note keys")

/** A revision's note keys: the state's (completed by publish.ts for new seats and tổ) and each confidential document's. */
export interface NotesPlan {
  readonly state: NotesState;
  /** Confidential document id → its notes keys. */
  readonly documents: Readonly<Record<string, DocumentNotesKeys>>;
}

/** A confidential document's notes key, and the ones it had before it lost a reader (oldest first). */
export interface DocumentNotesKeys {
  readonly key: string;
  readonly before: readonly string[];
}

/** What a member's bundle depends on besides the keys: their seat. */
export interface Seat {
  readonly id: string;
  /** groupSlug of their tổ; '' for none. */
  readonly groupId: string;
  readonly role: Role;
}

/** A confidential document as the note keys see it. */
export interface ConfidentialNotes {
  readonly id: string;
  readonly readers: readonly string[];
  readonly notesKey: string;
  /** Its earlier notes keys, oldest first (see DocumentNotesKeys). */
  readonly before?: readonly string[];
}

/**
 * Every seat's signing key and the secretariat's inbox key, for the signed manifest. Seats removed from
 * delegates.csv stay among the signers: the notes they wrote while members still show, under their name.
 */
export function manifestNotes(delegates: readonly Pick<Delegate, 'id'>[], notes: NotesState): ManifestNotes {
  for (const d of delegates) if (!ownEntry(notes.members, d.id)) throw new CouncilError('INTERNAL', `no note keys for ${d.id}`);
  const signers = Object.fromEntries(Object.entries(notes.members).map(([id, m]) => [id, m.signPublic]));
  // The confidential inbox key's private half goes into no bundle (bundleNotesFor): only the console opens those góp ý.
  return { signers, opinionKey: notes.opinion.publicKey, ...(notes.opinionConfidential ? { opinionConfidentialKey: notes.opinionConfidential.publicKey } : {}) };
}

/** The note keys one member's bundle carries: their own, their tổ's, the confidential documents' they read, and the inbox key for the secretariat. */
export function bundleNotesFor(seat: Seat, notes: NotesState, confidential: readonly ConfidentialNotes[]): BundleNotes {
  const m = ownEntry(notes.members, seat.id);
  if (!m) throw new CouncilError('INTERNAL', `no note keys for ${seat.id}`);
  const groupKey = seat.groupId === '' ? undefined : ownEntry(notes.groups, seat.groupId);
  if (seat.groupId !== '' && groupKey === undefined) throw new CouncilError('INTERNAL', `no notes key for group ${seat.groupId}`);
  const groupBefore = (notes.groupsBefore ? ownEntry(notes.groupsBefore, seat.groupId) : undefined) ?? [];
  const docs: Record<string, string> = {};
  const previous: Record<string, string[]> = {};
  for (const c of confidential) {
    if (!c.readers.includes(seat.id)) continue;
    docs[c.id] = c.notesKey;
    if (c.before && c.before.length > 0) previous[c.id] = [...c.before];
  }
  return {
    privateKey: m.privateKey,
    signingKey: m.signPrivate,
    ...(groupKey !== undefined ? { group: { groupId: seat.groupId, key: groupKey, ...(groupBefore.length > 0 ? { previous: [...groupBefore] } : {}) } } : {}),
    confidential: docs,
    ...(Object.keys(previous).length > 0 ? { previous } : {}),
    ...(seat.role === 'secretary' ? { opinionPrivateKey: notes.opinion.privateKey } : {}),
  };
}

const seatOf = (d: Pick<Delegate, 'id' | 'group' | 'role'>): Seat => ({ id: d.id, groupId: groupSlug(d.group), role: d.role });

function plannedConfidential(planned: readonly PlannedDocument[], notes: NotesPlan): ConfidentialNotes[] {
  return planned
    .filter((p) => p.doc.spec.confidential === true)
    .map((p) => {
      const keys = ownEntry(notes.documents, p.id);
      if (keys === undefined) throw new CouncilError('INTERNAL', `no notes key for ${p.id}`);
      return { id: p.id, readers: p.doc.spec.readers ?? [], notesKey: keys.key, before: keys.before };
    });
}

export function keyBundleFor(delegate: Pick<Delegate, 'id' | 'group' | 'role'>, meetingKey: string, planned: readonly PlannedDocument[], notes?: NotesPlan): KeyBundle {
  const documentKeys: Record<string, string> = {};
  for (const p of planned) {
    if (p.doc.spec.confidential === true && (p.doc.spec.readers ?? []).includes(delegate.id)) documentKeys[p.id] = p.key;
  }
  if (!notes) return { meetingKey, documentKeys };
  return { meetingKey, documentKeys, notes: bundleNotesFor(seatOf(delegate), notes.state, plannedConfidential(planned, notes)) };
}

/**
 * A member's bundle as the last revision wrapped it, rebuilt from the publisher state alone (council reinvite
 * re-wraps it for a new secret): the same documents, readers and note keys, the seat (tổ, role) as the last
 * request uploaded it.
 */
export function bundleFromState(state: PublisherState, delegateId: string): KeyBundle {
  const documents = Object.values(state.documents);
  const documentKeys: Record<string, string> = {};
  for (const d of documents) if (d.confidential && d.readers.includes(delegateId)) documentKeys[d.id] = d.key;
  if (!state.notes) return { meetingKey: state.meetingKey, documentKeys };
  const confidential = documents.flatMap((d) => (d.confidential && d.notesKey !== undefined ? [{ id: d.id, readers: d.readers, notesKey: d.notesKey, before: d.notesKeysBefore ?? [] }] : []));
  return { meetingKey: state.meetingKey, documentKeys, notes: bundleNotesFor(seatFromState(state, delegateId), state.notes, confidential) };
}

/** The seat as the last request uploaded it (role, groupId); a member it did not name: a delegate without a tổ. */
export function seatFromState(state: PublisherState, delegateId: string): Seat {
  const upload = state.lastRequest?.members.find((m) => m['delegateId'] === delegateId);
  const role = upload?.['role'];
  const groupId = upload?.['groupId'];
  return { id: delegateId, groupId: typeof groupId === 'string' ? groupId : '', role: typeof role === 'string' && isRole(role) ? role : 'delegate' };
}

const isRole = (x: string): x is Role => (ROLES as readonly string[]).includes(x);

export interface MemberInvitation {
  readonly delegate: Delegate;
  readonly link: string;
  readonly upload: MemberUpload;
}

export async function buildMembers(
  id: PackIdentity,
  delegates: readonly Delegate[],
  secrets: ReadonlyMap<string, string>,
  planned: readonly PlannedDocument[],
  notes?: NotesPlan,
): Promise<MemberInvitation[]> {
  const bundles = delegates.map((d) => keyBundleFor(d, id.meetingKey, planned, notes));
  // One size for every member: a reader's bundle must not be longer than anyone else's (docs/pack-format.md).
  const padTo = paddedBundleSize(bundles);
  return Promise.all(
    delegates.map(async (delegate, i) => {
      const secret = secrets.get(delegate.id);
      const bundle = bundles[i];
      if (secret === undefined || bundle === undefined) throw new CouncilError('INTERNAL', `no secret for ${delegate.id}`);
      const ctx = { meetingId: id.meetingId, delegateId: delegate.id, revision: id.revision };
      const creds = await deriveCredentials({ secret, meetingId: id.meetingId, delegateId: delegate.id });
      const wrappedKeys = await wrapKeyBundle(bundle, creds.wrapKey, ctx, padTo);
      const link = formatInvitationLink({ server: id.server, meetingId: id.meetingId, delegateId: delegate.id, secret, publisherKey: id.publisher.publicKey });
      const groupId = groupSlug(delegate.group);
      const upload: MemberUpload = { delegateId: delegate.id, role: delegate.role, tokenHash: creds.tokenHash, wrappedKeys, ...(groupId ? { groupId } : {}) };
      return { delegate, link, upload };
    }),
  );
}
