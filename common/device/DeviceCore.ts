// THE device core: one implementation of what a delegate's device does with a meeting, for both homes (the
// Node vault behind the CLI and Electron, and the browser's IndexedDB), as Actual Budget runs one core in
// Electron and in a browser. preview → accept → download → verify → switch; resume; update beside the
// current revision; revoke (crypto-shredding on the server's word); the device lease (crypto-shredding
// after too long without the server, lease.ts); open a document. Storage is a
// DeviceStore, the network a ServerClient, the secret's protection a SecretSealer; no node:*, no DOM.
import { noteKeysFrom, withoutConfidentialNotes } from '../annotations/keys.ts';
import type { NoteKeys } from '../annotations/noteKeys.ts';
import type { LeaseInfo, LeaseShredding } from '../api/appTypes.ts';
import { fromB64url, toB64url } from '../pack/encoding.ts';
import type { DocumentEntry, Invitation } from '../pack/format.ts';
import { deriveCredentials, parseInvitationLink } from '../pack/invite.ts';
import { documentKey, wrapKeyBundle } from '../pack/manifest.ts';
import type { HasherFactory } from '../pack/stream.ts';
import { CouncilError, ok, toErrorValue, type Result } from '../result.ts';
import type { DocumentText } from '../search/documentText.ts';
import { openDocumentStream, readStoredDocumentText } from './documents.ts';
import { downloadRevision, type DownloadOptions, type Transfer } from './download.ts';
import { leaseNow, leaseStatus } from './lease.ts';
import { CONTACT_WRITE_INTERVAL_MS, expiredInfo, iso, LEASE_RECORD_KIND, lastContactOf, leaseInfo, policyOf, SHREDDED_KEY, shreddingOf, shreddingRecord } from './leaseRecords.ts';
import { chunkRefs, openManifestAnswer, openRevision, rollbackFloor, totalBytes, type OpenedRevision, type Who } from './openPack.ts';
import { createServerClient, type FetchLike, type ServerClient } from './serverClient.ts';
import type { DeviceStore, MeetingRecord, RevisionKeys, SecretSealer } from './store.ts';

export interface DeviceCoreOptions {
  readonly store: DeviceStore;
  readonly sealer: SecretSealer;
  readonly fetch?: FetchLike;
  /** Node passes node:crypto's incremental SHA-256 (faster); the default is pure JS. */
  readonly hasherFactory?: HasherFactory;
  /** The clock the lease reads (ms); tests inject one. */
  readonly now?: () => number;
}

/** A manifest fetched for an invitation and opened with every check; nothing stored yet. */
export interface Fetched {
  readonly invitation: Invitation;
  readonly opened: OpenedRevision;
  /** Newest revision the server says exists. */
  readonly latestRevision: number;
}

/**
 * What to do when the device holds the meeting for another delegate (or revoked, or under another
 * publisher key): the CLI and Electron refuse (CONFLICT: use another data folder); a browser, which has
 * no other folder, replaces it.
 */
export type OtherIdentity = 'refuse' | 'replace';

export interface JoinOutcome extends Transfer {
  readonly record: MeetingRecord;
  readonly opened: OpenedRevision;
  /** The revision held before, null on a first join. */
  readonly previousRevision: number | null;
}

export interface Credentials {
  readonly server: string;
  readonly token: string;
  readonly delegateId: string;
  readonly role: MeetingRecord['role'];
}

export class DeviceCore {
  readonly store: DeviceStore;
  readonly #o: DeviceCoreOptions;
  readonly #opened = new Map<string, Promise<OpenedRevision>>();
  /** When contact was last written per meeting (CONTACT_WRITE_INTERVAL_MS). */
  readonly #contactWritten = new Map<string, number>();

  constructor(options: DeviceCoreOptions) {
    this.#o = options;
    this.store = options.store;
  }

  now(): number {
    return (this.#o.now ?? Date.now)();
  }

  #client(inv: Pick<Invitation, 'server' | 'meetingId'>, token: string): ServerClient {
    return createServerClient(inv.server, token, this.#o.fetch, () => this.#answered(inv.meetingId));
  }

  /** An authenticated answer from the server: the lease restarts (written at most once a minute). */
  async #answered(meetingId: string): Promise<void> {
    const now = this.now();
    if (now - (this.#contactWritten.get(meetingId) ?? -Infinity) < CONTACT_WRITE_INTERVAL_MS) return;
    await this.noteContact(meetingId, now);
  }

  /**
   * Records contact with the server for a stored meeting now (the live session calls it too, through the
   * platform). Counted on the lease's clock: a clock set back does not put the contact before the latest time
   * already counted (that would shred early).
   */
  async noteContact(meetingId: string, at = this.now()): Promise<void> {
    this.#contactWritten.set(meetingId, at);
    const record = await this.store.getMeeting(meetingId);
    if (!record) return;
    await this.store.recordContact(meetingId, iso(leaseNow(at, latestSeenOf(record))));
  }

  /** Like noteContact, at most once per CONTACT_WRITE_INTERVAL_MS per meeting (a live session answers often). */
  async noteContactSoon(meetingId: string): Promise<void> {
    await this.#answered(meetingId);
  }

  // ---- the network

  /** Fetches and opens the manifest for an invitation; a REVOKED answer shreds what the device holds at once. */
  async fetch(invitation: Invitation | string, signal?: AbortSignal): Promise<Fetched> {
    const inv = typeof invitation === 'string' ? parseInvitationLink(invitation) : invitation;
    const { authToken } = await deriveCredentials(inv);
    const existing = await this.store.getMeeting(inv.meetingId);
    let answer;
    try {
      answer = await this.#client(inv, authToken).manifest(inv.meetingId, signal);
    } catch (e) {
      if (e instanceof CouncilError && e.code === 'REVOKED' && existing && existing.delegateId === inv.delegateId) await this.revoke(inv.meetingId);
      throw e;
    }
    // Held once, never older again: also after a shredding (revoke, lease) cleared what the device held.
    const opened = await openManifestAnswer(inv, answer, rollbackFloor(existing, inv.publisherKey));
    // Not over a stored revision the lease cut down: the cache must say what the device holds.
    if (!(await this.shredding(inv.meetingId))) this.#opened.set(`${inv.meetingId}@${opened.manifest.revision}`, Promise.resolve(opened));
    return { invitation: inv, opened, latestRevision: Math.max(opened.manifest.revision, answer.latestRevision ?? 0) };
  }

  // ---- storing

  /** Throws when the device holds this meeting as someone else and the policy is to refuse. */
  async checkIdentity(inv: Invitation, policy: OtherIdentity): Promise<void> {
    const existing = await this.store.getMeeting(inv.meetingId);
    if (!existing) return;
    const other = existing.publisherKey !== inv.publisherKey || (existing.delegateId !== inv.delegateId && !shredded(existing));
    if (!other) return;
    if (policy === 'replace') return this.forget(inv.meetingId);
    if (existing.publisherKey !== inv.publisherKey) {
      throw new CouncilError('PACK_WRONG_PUBLISHER', `meeting ${inv.meetingId} is on this device with another publisher key than this link names`);
    }
    throw new CouncilError('CONFLICT', `this device holds meeting ${inv.meetingId} as delegate ${existing.delegateId}; use another data folder`);
  }

  /**
   * Stores the invitation (its secret sealed) and the fetched revision as pending, without downloading:
   * the meeting is listed, its agenda readable, and a later download continues from here.
   */
  async accept(f: Fetched, policy: OtherIdentity): Promise<MeetingRecord> {
    const inv = f.invitation;
    await this.checkIdentity(inv, policy);
    const secret = fromB64url(inv.secret);
    if (!secret) throw new CouncilError('LINK_INVALID', 'bad secret');
    const blob = await this.#o.sealer.protect(secret);
    await this.store.saveIdentity({ id: inv.meetingId, server: inv.server, delegateId: inv.delegateId, role: f.opened.role, publisherKey: inv.publisherKey }, { sealer: this.#o.sealer.describe(), blob });
    await this.noteContact(inv.meetingId);
    const record = await this.#record(inv.meetingId);
    const revision = f.opened.manifest.revision;
    if (record.currentRevision !== revision && (record.pendingRevision ?? 0) < revision) {
      const { envelope, wrappedKeys } = f.opened;
      await this.store.beginRevision({ meetingId: inv.meetingId, revision, envelope, wrappedKeys, hashes: chunkRefs(f.opened.documents).map((r) => r.hash), started: false });
    }
    return this.#record(inv.meetingId);
  }

  /** From a fetched manifest to a verified current revision (a no-op when the device already has it). */
  async complete(f: Fetched, policy: OtherIdentity, options: DownloadOptions = {}): Promise<JoinOutcome> {
    const before = await this.store.getMeeting(f.invitation.meetingId);
    const previousRevision = before?.delegateId === f.invitation.delegateId ? before.currentRevision : null;
    const accepted = await this.accept(f, policy);
    const id = f.invitation.meetingId;
    const revision = f.opened.manifest.revision;
    const cut = await this.shredding(id);
    const upToDate = accepted.status === 'active' && accepted.currentRevision === revision && !cut;
    // The lease destroyed confidential keys of the current revision: the server's keys put them back.
    if (cut && accepted.currentRevision === revision) await this.#replaceKeys(id, [{ revision, wrappedKeys: f.opened.wrappedKeys, hashes: chunkRefs(f.opened.documents).map((c) => c.hash) }]);
    const { authToken } = await deriveCredentials(f.invitation);
    const transfer = upToDate
      ? { downloadedBytes: 0, reusedBytes: totalBytes(chunkRefs(f.opened.documents)) }
      : await downloadRevision(this.store, this.#client(f.invitation, authToken), f.opened, this.#withHasher(options));
    if (cut) {
      await this.store.deleteRecord(id, LEASE_RECORD_KIND, SHREDDED_KEY);
      this.#drop(id);
    }
    return { record: await this.#record(id), opened: f.opened, previousRevision, ...transfer };
  }

  /** `council join`: fetch, store, download what is missing, verify, switch. Resumes and updates too. */
  async join(link: Invitation | string, policy: OtherIdentity, options: DownloadOptions = {}): Promise<JoinOutcome> {
    const inv = typeof link === 'string' ? parseInvitationLink(link) : link;
    await this.checkIdentity(inv, policy);
    return this.complete(await this.fetch(inv, options.signal), policy, options);
  }

  /** Brings a stored meeting up to date (or resumes it) from its sealed invitation, without the link. */
  async sync(meetingId: string, options: DownloadOptions = {}): Promise<JoinOutcome> {
    return this.join(await this.invitationOf(meetingId), 'refuse', options);
  }

  /**
   * Asks the server for the newest revision of a stored meeting; a newer one is stored as pending (not
   * started) beside the current one, so the state reads "update-available" until it is downloaded.
   */
  async refresh(meetingId: string, signal?: AbortSignal): Promise<Fetched> {
    const f = await this.fetch(await this.invitationOf(meetingId), signal);
    const record = await this.#record(meetingId);
    const revision = f.opened.manifest.revision;
    if ((record.currentRevision ?? 0) < revision && (record.pendingRevision ?? 0) < revision) {
      const { envelope, wrappedKeys } = f.opened;
      await this.store.beginRevision({ meetingId, revision, envelope, wrappedKeys, hashes: chunkRefs(f.opened.documents).map((r) => r.hash), started: false });
    }
    return f;
  }

  #withHasher(options: DownloadOptions): DownloadOptions {
    return this.#o.hasherFactory && !options.hasherFactory ? { ...options, hasherFactory: this.#o.hasherFactory } : options;
  }

  /** Crypto-shredding: the secret, the revisions, the records and the unshared ciphertext go at once. */
  async revoke(meetingId: string): Promise<void> {
    this.#drop(meetingId);
    await this.store.revoke(meetingId);
  }

  /** The lease ran out: the same shredding as a revocation, remembered as 'expired' with the lease it had. */
  async expire(meetingId: string, leaseHours: number): Promise<void> {
    this.#drop(meetingId);
    await this.store.expire(meetingId, leaseHours);
  }

  async forget(meetingId: string): Promise<void> {
    this.#drop(meetingId);
    await this.store.forgetMeeting(meetingId);
  }

  #drop(meetingId: string): void {
    for (const k of [...this.#opened.keys()]) if (k.startsWith(`${meetingId}@`)) this.#opened.delete(k);
  }

  async #replaceKeys(meetingId: string, revisions: readonly RevisionKeys[]): Promise<void> {
    this.#drop(meetingId);
    await this.store.replaceKeys(meetingId, revisions);
    this.#drop(meetingId);
  }

  // ---- the device lease (lease.ts decides; this carries it out)

  /** Confidential documents the lease destroyed on this device, until a download puts them back. */
  async shredding(meetingId: string): Promise<LeaseShredding | undefined> {
    return shreddingOf(await this.store.getRecord(meetingId, LEASE_RECORD_KIND, SHREDDED_KEY));
  }

  /**
   * Checks a stored meeting's lease now and carries out what it asks: past the confidential lease, the
   * confidential keys and the ciphertext only they use are destroyed (the rest stays readable); past the
   * meeting's lease, everything, as a revocation, and the meeting reads 'expired'. Undefined when the
   * device holds nothing the lease protects (revoked, nothing stored yet).
   */
  async enforceLease(meetingId: string): Promise<LeaseInfo | undefined> {
    for (let pass = 0; pass < 2; pass++) {
      const record = await this.store.getMeeting(meetingId);
      if (!record || record.status === 'revoked') return undefined;
      if (record.status === 'expired') return expiredInfo(record);
      const held = await this.#held(record);
      const shown = held[0];
      if (!shown) return undefined;
      const policy = policyOf(shown);
      const hasConfidential = held.some((o) => o.documents.some((d) => d.confidential));
      const now = this.now();
      const latestSeen = latestSeenOf(record);
      // The latest time seen only goes up (written at most once a minute): a clock set back counts from it.
      if (latestSeen === undefined || now - latestSeen >= CONTACT_WRITE_INTERVAL_MS) await this.store.recordSeen(meetingId, iso(now));
      const status = leaseStatus(policy, lastContactOf(record, now), now, hasConfidential, latestSeen);
      if (status.kind === 'shred-meeting') {
        await this.expire(meetingId, policy.hours);
        continue;
      }
      if (status.kind === 'shred-confidential') {
        await this.#shredConfidential(record, held, policy.confidentialHours, now);
        continue;
      }
      return leaseInfo(status, policy, hasConfidential, record, await this.shredding(meetingId));
    }
    const after = await this.store.getMeeting(meetingId);
    return after?.status === 'expired' ? expiredInfo(after) : undefined;
  }

  /** Every stored meeting's lease (the app's start). A meeting that cannot be opened now (a locked vault) is skipped. */
  async enforceLeases(): Promise<void> {
    for (const r of await this.store.listMeetings()) await this.enforceLease(r.id).catch(() => undefined);
  }

  /** The stored revisions, current first, opened with every check. */
  async #held(record: MeetingRecord): Promise<OpenedRevision[]> {
    const revisions = [...new Set([record.currentRevision, record.pendingRevision].filter((r): r is number => r !== null))];
    return Promise.all(revisions.map((r) => this.openStored(record, r)));
  }

  /**
   * Rewraps each stored revision's key bundle without the confidential keys and drops the chunks only
   * confidential documents use, in one transaction. The record of what went is written first, so a crash in
   * between shreds again on the next check.
   */
  async #shredConfidential(record: MeetingRecord, held: readonly OpenedRevision[], hours: number, now: number): Promise<void> {
    const before = await this.shredding(record.id);
    const ids = new Set([...(before?.documentIds ?? []), ...held.flatMap((o) => o.documents.filter((d) => d.confidential).map((d) => d.id))]);
    await this.store.putRecord(shreddingRecord(record.id, { at: iso(now), hours, documentIds: [...ids].sort() }));
    const { wrapKey } = await deriveCredentials(await this.invitationOf(record.id));
    const keys = await Promise.all(
      held.map(async (o): Promise<RevisionKeys> => {
        const revision = o.manifest.revision;
        // The confidential documents' notes keys go with their document keys (notes quote the documents).
        const notes = o.bundle.notes ? { notes: withoutConfidentialNotes(o.bundle.notes) } : {};
        const wrappedKeys = await wrapKeyBundle({ meetingKey: o.bundle.meetingKey, documentKeys: {}, ...notes }, wrapKey, { meetingId: record.id, delegateId: record.delegateId, revision });
        return { revision, wrappedKeys, hashes: chunkRefs(o.documents.filter((d) => !d.confidential)).map((c) => c.hash) };
      }),
    );
    await this.#replaceKeys(record.id, keys);
  }

  // ---- reading what the device holds

  async #record(meetingId: string): Promise<MeetingRecord> {
    const record = await this.store.getMeeting(meetingId);
    if (!record) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${meetingId} is not on this device`);
    return record;
  }

  /** The invitation rebuilt from the store (the secret is unsealed only in memory). */
  async invitationOf(meetingId: string): Promise<Invitation> {
    const r = await this.#record(meetingId);
    assertHeld(r);
    const sealed = await this.store.getSecret(meetingId);
    if (!sealed) throw new CouncilError('VAULT_LOCKED', `meeting ${meetingId}: its key is not on this device`);
    const secret = toB64url(await this.#o.sealer.unprotect(sealed.blob));
    return { server: r.server, meetingId, delegateId: r.delegateId, secret, publisherKey: r.publisherKey };
  }

  /** The revision shown: the current one, else the pending one while the first download runs. */
  shownRevision(record: MeetingRecord): number | null {
    return record.currentRevision ?? record.pendingRevision;
  }

  /** Reopens a stored revision with the same checks as at join time (cached per revision). */
  openStored(record: MeetingRecord, revision: number): Promise<OpenedRevision> {
    const key = `${record.id}@${revision}`;
    let p = this.#opened.get(key);
    if (!p) {
      p = this.#openStored(record, revision);
      p.catch(() => this.#opened.delete(key));
      this.#opened.set(key, p);
    }
    return p;
  }

  async #openStored(record: MeetingRecord, revision: number): Promise<OpenedRevision> {
    assertHeld(record);
    const stored = await this.store.getRevision(record.id, revision);
    if (!stored) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${record.id}: revision ${revision} is not on this device`);
    const inv = await this.invitationOf(record.id);
    const who: Who = inv;
    return openRevision(who, stored.envelope, stored.wrappedKeys);
  }

  /** The current (complete) revision; VAULT_NOT_FOUND until the first download completes. */
  async openCurrent(record: MeetingRecord): Promise<OpenedRevision> {
    assertHeld(record);
    if (record.currentRevision === null) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${record.id} has not finished downloading; run join again`);
    return this.openStored(record, record.currentRevision);
  }

  /** Which readable documents of a revision are wholly on this device (they open offline). */
  async available(opened: OpenedRevision): Promise<Set<string>> {
    const stored = await this.store.storedChunks(chunkRefs(opened.documents).map((c) => c.hash));
    return new Set(opened.documents.filter((d) => d.chunks.every((c) => stored.has(c.hash))).map((d) => d.id));
  }

  /** Ciphertext bytes of `opened` not on this device yet. */
  async bytesMissing(opened: OpenedRevision): Promise<number> {
    const refs = chunkRefs(opened.documents);
    const stored = await this.store.storedChunks(refs.map((c) => c.hash));
    return totalBytes(refs.filter((c) => !stored.has(c.hash)));
  }

  /**
   * A document of the revision shown (the current one; the pending one while the first download runs) as a
   * verified plaintext stream: each document is authenticated on its own, whatever the revision's state. A confidential document this delegate
   * holds no key for is NOT_A_READER: its id is in the manifest, its entry and chunks never reach the device.
   */
  async documentStream(meetingId: string, documentId: string): Promise<{ entry: DocumentEntry; stream: AsyncGenerator<Uint8Array> }> {
    const { entry, opened } = await this.#readable(meetingId, documentId);
    return { entry, stream: openDocumentStream(this.store, opened, entry, this.#o.hasherFactory) };
  }

  /** A readable document of the revision shown, with every check documentStream and readDocumentText share. */
  async #readable(meetingId: string, documentId: string): Promise<{ entry: DocumentEntry; opened: OpenedRevision }> {
    const opened = await this.#shownOpened(meetingId);
    const entry = opened.documents.find((d) => d.id === documentId);
    const cut = await this.shredding(meetingId);
    if (cut?.documentIds.includes(documentId) && !(entry && (await this.available(opened)).has(documentId))) {
      throw new CouncilError('LEASE_EXPIRED', `document ${documentId} was deleted from this device after ${cut.hours} hours without reaching the server; connect and download again`);
    }
    if (!entry) {
      if (opened.manifest.sealedDocuments.some((s) => s.id === documentId)) throw new CouncilError('NOT_A_READER', `document ${documentId} is confidential and this delegate is not among its readers`);
      throw new CouncilError('NOT_FOUND', `document ${documentId} is not in meeting ${meetingId}`);
    }
    return { entry, opened };
  }

  /** The revision shown (current; pending during the first download), after the lease had its say. */
  async #shownOpened(meetingId: string): Promise<OpenedRevision> {
    await this.enforceLease(meetingId);
    const record = await this.#record(meetingId);
    const shown = this.shownRevision(record);
    return shown === null || record.currentRevision !== null ? this.openCurrent(record) : this.openStored(record, shown);
  }

  /**
   * The note keys (issue 8) of the revision shown, from its key bundle and its signed manifest. NOTE_KEYS_MISSING
   * when the pack predates annotations; after the confidential lease ran out they hold no confidential notes keys.
   */
  async noteKeys(meetingId: string): Promise<Result<NoteKeys>> {
    try {
      const opened = await this.#shownOpened(meetingId);
      const record = await this.#record(meetingId);
      return ok(noteKeysFrom(opened.manifest, opened.bundle, record.delegateId));
    } catch (e) {
      return { ok: false, error: toErrorValue(e) };
    }
  }

  /**
   * The page texts of a document of the revision shown (search, issue 9), decrypted with the document's key and
   * checked against the signed manifest. ok(undefined) when the pack carries none (format 1). A confidential
   * document this delegate holds no key for is NOT_A_READER, exactly as documentStream: its text never opens.
   */
  async readDocumentText(meetingId: string, documentId: string): Promise<Result<DocumentText | undefined>> {
    try {
      const { entry, opened } = await this.#readable(meetingId, documentId);
      return ok(await readStoredDocumentText(this.store, entry, documentKey(entry, opened.bundle), this.#o.hasherFactory));
    } catch (e) {
      return { ok: false, error: toErrorValue(e) };
    }
  }

  /** What the live session connects with: the server, this delegate's token, who they are. */
  async credentials(meetingId: string): Promise<Credentials> {
    const inv = await this.invitationOf(meetingId);
    const record = await this.#record(meetingId);
    const { authToken } = await deriveCredentials(inv);
    return { server: record.server, token: authToken, delegateId: record.delegateId, role: record.role };
  }
}

/** Revoked or expired: the keys are gone (crypto-shredding). */
const shredded = (r: MeetingRecord): boolean => r.status === 'revoked' || r.status === 'expired';
/** The record's latest time seen (ms), undefined when never written or unreadable. */
function latestSeenOf(r: MeetingRecord): number | undefined {
  const t = r.latestSeenAt === undefined ? NaN : Date.parse(r.latestSeenAt);
  return Number.isFinite(t) ? t : undefined;
}

function assertHeld(r: MeetingRecord): void {
  if (r.status === 'revoked') throw new CouncilError('REVOKED', `meeting ${r.id}: this device's invitation was revoked`);
  if (r.status === 'expired') throw new CouncilError('LEASE_EXPIRED', `meeting ${r.id} was deleted from this device after ${r.expiredLeaseHours ?? '?'} hours without reaching the server; join again with the invitation`);
}
