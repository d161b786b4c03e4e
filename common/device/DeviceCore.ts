// THE device core: one implementation of what a delegate's device does with a meeting, for both homes (the
// Node vault behind the CLI and Electron, and the browser's IndexedDB), as Actual Budget runs one core in
// Electron and in a browser. preview → accept → download → verify → switch; resume; update beside the
// current revision; revoke (crypto-shredding on the server's word); open a document. Storage is a
// DeviceStore, the network a ServerClient, the secret's protection a SecretSealer; no node:*, no DOM.
import { fromB64url, toB64url } from '../pack/encoding.ts';
import type { DocumentEntry, Invitation } from '../pack/format.ts';
import { deriveCredentials, parseInvitationLink } from '../pack/invite.ts';
import type { HasherFactory } from '../pack/stream.ts';
import { CouncilError } from '../result.ts';
import { openDocumentStream } from './documents.ts';
import { downloadRevision, type DownloadOptions, type Transfer } from './download.ts';
import { chunkRefs, openManifestAnswer, openRevision, totalBytes, type OpenedRevision, type Who } from './openPack.ts';
import { createServerClient, type FetchLike, type ServerClient } from './serverClient.ts';
import type { DeviceStore, MeetingRecord, SecretSealer } from './store.ts';

export interface DeviceCoreOptions {
  readonly store: DeviceStore;
  readonly sealer: SecretSealer;
  readonly fetch?: FetchLike;
  /** Node passes node:crypto's incremental SHA-256 (faster); the default is pure JS. */
  readonly hasherFactory?: HasherFactory;
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

  constructor(options: DeviceCoreOptions) {
    this.#o = options;
    this.store = options.store;
  }

  #client(inv: Pick<Invitation, 'server'>, token: string): ServerClient {
    return createServerClient(inv.server, token, this.#o.fetch);
  }

  // ---- the network

  /** Fetches and opens the manifest for an invitation; a REVOKED answer shreds what the device holds at once. */
  async fetch(invitation: Invitation | string, signal?: AbortSignal): Promise<Fetched> {
    const inv = typeof invitation === 'string' ? parseInvitationLink(invitation) : invitation;
    const { authToken } = await deriveCredentials(inv);
    const existing = await this.store.getMeeting(inv.meetingId);
    const same = existing && existing.delegateId === inv.delegateId && existing.publisherKey === inv.publisherKey && existing.status !== 'revoked';
    let answer;
    try {
      answer = await this.#client(inv, authToken).manifest(inv.meetingId, signal);
    } catch (e) {
      if (e instanceof CouncilError && e.code === 'REVOKED' && existing && existing.delegateId === inv.delegateId) await this.revoke(inv.meetingId);
      throw e;
    }
    const opened = await openManifestAnswer(inv, answer, same ? existing.currentRevision : null);
    this.#opened.set(`${inv.meetingId}@${opened.manifest.revision}`, Promise.resolve(opened));
    return { invitation: inv, opened, latestRevision: Math.max(opened.manifest.revision, answer.latestRevision ?? 0) };
  }

  // ---- storing

  /** Throws when the device holds this meeting as someone else and the policy is to refuse. */
  async checkIdentity(inv: Invitation, policy: OtherIdentity): Promise<void> {
    const existing = await this.store.getMeeting(inv.meetingId);
    if (!existing) return;
    const other = existing.publisherKey !== inv.publisherKey || (existing.delegateId !== inv.delegateId && existing.status !== 'revoked');
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
    const upToDate = accepted.status === 'active' && accepted.currentRevision === f.opened.manifest.revision;
    const { authToken } = await deriveCredentials(f.invitation);
    const transfer = upToDate
      ? { downloadedBytes: 0, reusedBytes: totalBytes(chunkRefs(f.opened.documents)) }
      : await downloadRevision(this.store, this.#client(f.invitation, authToken), f.opened, this.#withHasher(options));
    return { record: await this.#record(f.invitation.meetingId), opened: f.opened, previousRevision, ...transfer };
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

  async forget(meetingId: string): Promise<void> {
    this.#drop(meetingId);
    await this.store.forgetMeeting(meetingId);
  }

  #drop(meetingId: string): void {
    for (const k of [...this.#opened.keys()]) if (k.startsWith(`${meetingId}@`)) this.#opened.delete(k);
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
    if (r.status === 'revoked') throw new CouncilError('REVOKED', `meeting ${meetingId}: the invitation was revoked`);
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
    if (record.status === 'revoked') throw new CouncilError('REVOKED', `meeting ${record.id}: this device's invitation was revoked`);
    const stored = await this.store.getRevision(record.id, revision);
    if (!stored) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${record.id}: revision ${revision} is not on this device`);
    const inv = await this.invitationOf(record.id);
    const who: Who = inv;
    return openRevision(who, stored.envelope, stored.wrappedKeys);
  }

  /** The current (complete) revision; VAULT_NOT_FOUND until the first download completes. */
  async openCurrent(record: MeetingRecord): Promise<OpenedRevision> {
    if (record.status === 'revoked') throw new CouncilError('REVOKED', `meeting ${record.id}: this device's invitation was revoked`);
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
    const record = await this.#record(meetingId);
    const shown = this.shownRevision(record);
    const opened = shown === null || record.currentRevision !== null ? await this.openCurrent(record) : await this.openStored(record, shown);
    const entry = opened.documents.find((d) => d.id === documentId);
    if (!entry) {
      if (opened.manifest.sealedDocuments.some((s) => s.id === documentId)) throw new CouncilError('NOT_A_READER', `document ${documentId} is confidential and this delegate is not among its readers`);
      throw new CouncilError('NOT_FOUND', `document ${documentId} is not in meeting ${meetingId}`);
    }
    return { entry, stream: openDocumentStream(this.store, opened, entry, this.#o.hasherFactory) };
  }

  /** What the live session connects with: the server, this delegate's token, who they are. */
  async credentials(meetingId: string): Promise<Credentials> {
    const inv = await this.invitationOf(meetingId);
    const record = await this.#record(meetingId);
    const { authToken } = await deriveCredentials(inv);
    return { server: record.server, token: authToken, delegateId: record.delegateId, role: record.role };
  }
}
