// `council publish`: validate → load or create the publisher state → encrypt what changed → upload only the
// missing chunks → publish the signed revision → save the state → write the invitations. Nothing is
// uploaded when the folder has a problem; the state changes only once the server accepted the revision.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { PublishRevisionRequest } from '../../../common/api/http.ts';
import { ownEntry, generateMemberNoteKeys, generateOpinionKeyPair, newNotesKey } from '../../../common/annotations/keys.ts';
import { groupSlug } from '../../../common/live/rooms.ts';
import type { Delegate, Role } from '../../../common/meeting/types.ts';
import { generatePublisherKeys, newMeetingId, randomBytes } from '../../../common/pack/crypto.ts';
import { toB64url } from '../../../common/pack/encoding.ts';
import { CHUNK_SIZE, KEY_BYTES } from '../../../common/pack/format.ts';
import { newSecret } from '../../../common/pack/invite.ts';
import { CouncilError } from '../../../common/result.ts';
import { createAdminClient, normalizeServer } from './adminClient.ts';
import { assignDocumentIds } from './agenda.ts';
import { buildManifest, buildMembers, sealPack, type DocumentNotesKeys, type MemberInvitation, type NotesPlan, type PackIdentity } from './buildPack.ts';
import { extractTexts, hashNewDocuments, planDocuments, uploadMissing, type PlannedDocument, type ProgressListener, type TextProgressListener, type TextReport, type UploadCount } from './encryptDocuments.ts';
import { writeInvitations } from './invitations.ts';
import { OCR_CACHE_DIR, OcrEngine } from './ocr.ts';
import { loadState, saveState, STATE_DIR, type DocumentState, type PublisherState } from './state.ts';
import { validateMeetingFolder, type ValidatedMeeting } from './validate.ts';

export const INVITATIONS_DIR = 'invitations';

export interface PublishOptions {
  readonly folder: string;
  readonly server: string;
  readonly adminToken: string;
  /** Where invitations go; default <folder>/invitations. */
  readonly outDir?: string;
  readonly onProgress?: ProgressListener;
  /** Reading the pages (text layers, then OCR of the pages that need it), page by page. */
  readonly onTextProgress?: TextProgressListener;
  /**
   * OCR of pages without a usable text layer (default on). `cacheDir` overrides where results are cached
   * (default <folder>/.council/ocr, beside the publisher state); false reads text layers only.
   */
  readonly ocr?: false | { readonly cacheDir?: string };
}

export interface InvitationSummary {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly link: string;
  /** Revoked by council revoke and not re-invited: the link does not work and is not printed. */
  readonly revoked?: boolean;
}

export interface PublishResult {
  readonly meetingId: string;
  readonly revision: number;
  /** False when nothing had changed and the previous revision was kept. */
  readonly newRevision: boolean;
  readonly uploadedChunks: number;
  readonly skippedChunks: number;
  readonly uploadedBytes: number;
  /** The sealed page texts' chunks (format 2), counted apart from the documents'. */
  readonly textChunks: UploadCount['textChunks'];
  /** Documents whose content (or key) is new in this revision, and those carried over unchanged. */
  readonly changedDocuments: number;
  readonly unchangedDocuments: number;
  readonly invitations: readonly InvitationSummary[];
  readonly outDir: string;
  /** What reading the pages found: the OCRed pages, the converted ones, those that stay unreadable. */
  readonly texts: TextReport;
}

export async function publishMeeting(opts: PublishOptions): Promise<PublishResult> {
  const meeting = await validateMeetingFolder(opts.folder);
  const server = normalizeServer(opts.server);
  const previous = await loadState(meeting.folder);
  const identity = await identityFor(previous, server);
  const planned = planDocuments(meeting.documents, assignDocumentIds(meeting.documents, previous), previous, identity.revision);
  await hashNewDocuments(planned, opts.onProgress);
  const texts = await readTexts(meeting.folder, planned, opts);

  const client = createAdminClient(server, opts.adminToken);
  const hashes = [...new Set(planned.flatMap((p) => [...p.chunks, ...(p.text?.ref.chunks ?? [])].map((c) => c.hash)))];
  const upload = await uploadMissing(planned, await client.missingChunks(hashes), client, opts.onProgress);

  const secrets = secretsFor(meeting, previous);
  const notes = await notesPlanFor(previous, meeting.delegates, planned);
  const inputs = inputsFingerprint(meeting, planned, secrets);
  // Nothing changed since the last revision: re-post it (the server answers idempotently) instead of
  // minting a new revision that would make every delegate "update" to identical content.
  // A state without note keys (written before annotations) never repeats: its bundles lack them.
  const repeat = previous?.lastRequest && previous.inputs === inputs && previous.server === server && previous.notes !== undefined ? previous : undefined;
  const id = repeat ? { ...identity, revision: repeat.revision } : identity;
  const members = await buildMembers(id, meeting.delegates, secrets, planned, notes);
  const request = repeat?.lastRequest
    ? (repeat.lastRequest as unknown as PublishRevisionRequest)
    : {
        envelope: await sealPack(id, await buildManifest(id, meeting.spec, meeting.delegates, planned, new Date(), notes)),
        chunks: hashes,
        members: members.map((m) => m.upload),
        totalDelegates: meeting.spec.totalDelegates,
      };
  const accepted = await client.publishRevision(request);
  if (accepted.revision !== id.revision) throw new CouncilError('CONFLICT', `the server recorded revision ${accepted.revision}, expected ${id.revision}`);

  const revoked = revokedMembers(previous);
  await saveState(meeting.folder, { ...nextState(id, planned, secrets, revoked, notes), inputs, lastRequest: request as unknown as PublisherState['lastRequest'] });
  const outDir = path.resolve(opts.outDir ?? path.join(meeting.folder, INVITATIONS_DIR));
  await writeInvitations({ outDir, meeting: meeting.spec, members: members.map((m) => toInvitee(m, revoked)) });
  const changed = planned.filter((p) => !p.unchanged).length;
  return {
    meetingId: id.meetingId,
    revision: id.revision,
    newRevision: !repeat,
    ...upload,
    changedDocuments: changed,
    unchangedDocuments: planned.length - changed,
    invitations: members.map((m) => ({ id: m.delegate.id, name: m.delegate.name, role: m.delegate.role, link: m.link, ...(revoked.has(m.delegate.id) ? { revoked: true } : {}) })),
    outDir,
    texts,
  };
}

/** Text layers and OCR, with one tesseract worker for the whole run (started only if a page needs it). */
async function readTexts(folder: string, planned: readonly PlannedDocument[], opts: PublishOptions): Promise<TextReport> {
  const ocr = opts.ocr === false ? undefined : new OcrEngine({ cacheDir: opts.ocr?.cacheDir ?? path.join(folder, STATE_DIR, OCR_CACHE_DIR) });
  try {
    return await extractTexts(planned, { ...(ocr ? { ocr } : {}), ...(opts.onTextProgress ? { onProgress: opts.onTextProgress } : {}) });
  } finally {
    await ocr?.close();
  }
}

/**
 * Bumped when what a revision carries grows: a state fingerprinted before (no note keys in its bundles) then
 * differs, so the next publish mints a revision that carries them instead of re-posting the old request.
 */
const CONTENT_GENERATION = 'notes/1';

/** What a revision is built from, hashed: the meeting, the delegate list, each document and its key. */
function inputsFingerprint(meeting: ValidatedMeeting, planned: readonly PlannedDocument[], secrets: ReadonlyMap<string, string>): string {
  const docs = planned.map((p) => [p.id, p.doc.file, p.doc.sha256, p.key, p.doc.agendaPath, p.doc.spec, p.text?.ref.sha256 ?? null]);
  const json = JSON.stringify({ spec: meeting.spec, delegates: meeting.delegates, docs, members: [...secrets.keys()].sort(), generation: CONTENT_GENERATION });
  return createHash('sha256').update(json).digest('hex');
}

const toInvitee = (m: MemberInvitation, revoked: ReadonlyMap<string, string>) => ({ delegate: m.delegate, link: m.link, revoked: revoked.has(m.delegate.id) });

/** Members revoked by council revoke (and not re-invited since), with when: their links are not printed again. */
function revokedMembers(previous: PublisherState | undefined): Map<string, string> {
  return new Map(Object.entries(previous?.members ?? {}).flatMap(([id, m]) => (m.revokedAt === undefined ? [] : [[id, m.revokedAt] as const])));
}

async function identityFor(previous: PublisherState | undefined, server: string): Promise<PackIdentity> {
  if (previous) return { meetingId: previous.meetingId, revision: previous.revision + 1, server, publisher: previous.publisher, meetingKey: previous.meetingKey };
  return { meetingId: newMeetingId(), revision: 1, server, publisher: await generatePublisherKeys(), meetingKey: toB64url(randomBytes(KEY_BYTES)) };
}

/** Every member keeps the secret of their first invitation, so links already handed out keep working. */
function secretsFor(meeting: ValidatedMeeting, previous: PublisherState | undefined): Map<string, string> {
  const secrets = new Map<string, string>(Object.entries(previous?.members ?? {}).map(([id, m]) => [id, m.secret]));
  for (const d of meeting.delegates) if (!secrets.has(d.id)) secrets.set(d.id, newSecret());
  return secrets;
}

/**
 * The note keys of this revision: the previous state's, plus new ones for new seats and new tổ. A seat keeps its
 * keys for good (also when removed and re-added, and across council reinvite). A confidential document keeps its
 * notes key while it keeps its readers, and gets a new one exactly when its document key is renewed because it
 * lost one (encryptDocuments.ts canReuse): a former reader's copy opens nothing written after.
 */
async function notesPlanFor(previous: PublisherState | undefined, delegates: readonly Delegate[], planned: readonly PlannedDocument[]): Promise<NotesPlan> {
  const old = previous?.notes;
  const members = { ...(old?.members ?? {}) };
  for (const d of delegates) if (ownEntry(members, d.id) === undefined) members[d.id] = await generateMemberNoteKeys();
  const { groups, groupsBefore } = groupKeysFor(previous, delegates);
  const opinion = old?.opinion ?? (await generateOpinionKeyPair());
  const opinionConfidential = old?.opinionConfidential ?? (await generateOpinionKeyPair());
  const documents: Record<string, DocumentNotesKeys> = {};
  for (const p of planned) if (p.doc.spec.confidential === true) documents[p.id] = documentNotesKeys(previous ? ownEntry(previous.documents, p.doc.file) : undefined, p);
  return { state: { members, groups, ...(Object.keys(groupsBefore).length > 0 ? { groupsBefore } : {}), opinion, opinionConfidential }, documents };
}

/**
 * Each tổ's notes key: kept while the tổ keeps its members (as the last revision uploaded them), renewed when one
 * left it (moved to another tổ or removed), the old key moving to `groupsBefore` for the members who stay.
 */
function groupKeysFor(previous: PublisherState | undefined, delegates: readonly Delegate[]): { groups: Record<string, string>; groupsBefore: Record<string, string[]> } {
  const groups = { ...(previous?.notes?.groups ?? {}) };
  const groupsBefore: Record<string, string[]> = Object.fromEntries(Object.entries(previous?.notes?.groupsBefore ?? {}).map(([g, keys]) => [g, [...keys]]));
  const now = new Map(delegates.map((d) => [d.id, groupSlug(d.group)]));
  const lostOne = new Set<string>();
  for (const m of previous?.lastRequest?.members ?? []) {
    const [id, was] = [m['delegateId'], m['groupId']];
    if (typeof id === 'string' && typeof was === 'string' && was !== '' && now.get(id) !== was) lostOne.add(was);
  }
  for (const g of lostOne) {
    const oldKey = ownEntry(groups, g);
    if (oldKey === undefined) continue;
    groupsBefore[g] = [...(ownEntry(groupsBefore, g) ?? []), oldKey];
    groups[g] = newNotesKey();
  }
  for (const slug of now.values()) if (slug !== '' && ownEntry(groups, slug) === undefined) groups[slug] = newNotesKey();
  return { groups, groupsBefore };
}

/**
 * Kept while no reader was lost; renewed when one was, the old key moving to `before` so the remaining readers
 * still open what was written under it (a new reader gets them too: they may read the document now).
 */
function documentNotesKeys(old: DocumentState | undefined, p: PlannedDocument): DocumentNotesKeys {
  if (!old || old.notesKey === undefined || old.id !== p.id || !old.confidential) return { key: newNotesKey(), before: [] };
  const before = old.notesKeysBefore ?? [];
  const readers = new Set(p.doc.spec.readers ?? []);
  if (old.readers.every((r) => readers.has(r))) return { key: old.notesKey, before };
  return { key: newNotesKey(), before: [...before, old.notesKey] };
}

const notesKeysOf = (k: DocumentNotesKeys | undefined) => (k === undefined ? {} : { notesKey: k.key, ...(k.before.length > 0 ? { notesKeysBefore: [...k.before] } : {}) });

const revokedMember = (secret: string, revokedAt: string | undefined) => (revokedAt === undefined ? { secret } : { secret, revokedAt });

function nextState(id: PackIdentity, planned: readonly PlannedDocument[], secrets: ReadonlyMap<string, string>, revoked: ReadonlyMap<string, string>, notes: NotesPlan): PublisherState {
  return {
    version: 1,
    meetingId: id.meetingId,
    server: id.server,
    publisher: { publicKey: id.publisher.publicKey, privateKey: id.publisher.privateKey },
    meetingKey: id.meetingKey,
    revision: id.revision,
    documents: Object.fromEntries(
      planned.map((p) => [
        p.doc.file,
        {
          id: p.id,
          sha256: p.doc.sha256,
          bytes: p.doc.bytes,
          pages: p.doc.pages,
          key: p.key,
          noncePrefix: p.noncePrefix,
          chunkSize: CHUNK_SIZE,
          chunks: [...p.chunks],
          revision: p.revision,
          confidential: p.doc.spec.confidential === true,
          readers: [...(p.doc.spec.readers ?? [])],
          ...notesKeysOf(ownEntry(notes.documents, p.id)),
        },
      ]),
    ),
    members: Object.fromEntries([...secrets].map(([id, secret]) => [id, revokedMember(secret, revoked.get(id))])),
    notes: notes.state,
  };
}
