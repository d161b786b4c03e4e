// From a validated meeting and its planned documents to what the server receives: the sealed, signed
// manifest and one member upload per row of delegates.csv (token hash + wrapped keys).
import type { MemberUpload } from '../../../common/api/http.ts';
import { leaseOf } from '../../../common/device/lease.ts';
import { groupSlug } from '../../../common/live/rooms.ts';
import { DEFAULT_QUORUM } from '../../../common/live/state.ts';
import type { Delegate, MeetingSpec } from '../../../common/meeting/types.ts';
import type { PublisherKeys } from '../../../common/pack/crypto.ts';
import { fromB64url } from '../../../common/pack/encoding.ts';
import { CHUNK_SIZE, PACK_FORMAT_VERSION, type DocumentEntry, type KeyBundle, type ManifestEnvelope, type MeetingInfo, type PackManifest, type SealedDocumentEntry } from '../../../common/pack/format.ts';
import { deriveCredentials, formatInvitationLink } from '../../../common/pack/invite.ts';
import { paddedBundleSize, sealDocumentEntry, sealManifest, wrapKeyBundle } from '../../../common/pack/manifest.ts';
import { CouncilError } from '../../../common/result.ts';
import { packVotingOf } from '../../../common/voting/prepared.ts';
import { agendaItemId, documentsByItem, numberAgenda } from './agenda.ts';
import type { PlannedDocument } from './encryptDocuments.ts';

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
export async function buildManifest(id: PackIdentity, spec: MeetingSpec, delegates: readonly Delegate[], planned: readonly PlannedDocument[], now: Date): Promise<PackManifest> {
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

export function keyBundleFor(delegateId: string, meetingKey: string, planned: readonly PlannedDocument[]): KeyBundle {
  const documentKeys: Record<string, string> = {};
  for (const p of planned) {
    if (p.doc.spec.confidential === true && (p.doc.spec.readers ?? []).includes(delegateId)) documentKeys[p.id] = p.key;
  }
  return { meetingKey, documentKeys };
}

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
): Promise<MemberInvitation[]> {
  const bundles = delegates.map((d) => keyBundleFor(d.id, id.meetingKey, planned));
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
