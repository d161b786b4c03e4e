// The operations of the app's Platform (renderer/platform/Platform.ts) over the vault and join services, for
// the Electron main process. Plain Node: it never imports electron, so it is tested against a real
// collab-server. Every method answers a Result; nothing throws across the IPC boundary.
import { existsSync } from 'node:fs';
import type { DownloadProgress, InvitationPreview, LiveCredentials, MeetingSummary, MeetingView, UpdateInfo } from '../../../common/api/ipc.ts';
import type { Role } from '../../../common/meeting/types.ts';
import { toB64url } from '../../../common/pack/encoding.ts';
import type { DocumentEntry, Invitation, PackManifest } from '../../../common/pack/format.ts';
import { deriveCredentials, formatInvitationLink, parseInvitationLink } from '../../../common/pack/invite.ts';
import { openManifest, readableDocuments, unwrapKeyBundle, verifyEnvelope } from '../../../common/pack/manifest.ts';
import { CouncilError, fail, ok, toErrorValue, type Result } from '../../../common/result.ts';
import { joinMeeting as joinIntoVault, type JoinProgress } from '../join/joinMeeting.ts';
import { createPackClient, type FetchImpl } from '../join/packClient.ts';
import type { KeyProtector } from '../keys/KeyProtector.ts';
import { collectGarbage, hasChunk } from '../vault/chunkQueries.ts';
import { getMeeting as getVaultMeeting, openDocumentStream } from '../vault/documents.ts';
import { getMeetingRecord, getProtectedKey, listMeetingRecords, type MeetingRecord } from '../vault/meetingQueries.ts';
import { run, sql } from '../vault/sql.ts';
import { openStoredMeeting, type OpenedMeeting } from '../vault/storedMeeting.ts';
import { openVaultDb, vaultPath, withFullSync, type VaultDb } from '../vault/vaultDb.ts';
import { diffDocuments, toReadableDocument } from '../../../common/api/appViews.ts';
import { previewSummary, toPreview, toSummary, type LiveState } from './meetingViews.ts';

export interface AppServiceOptions {
  /** The vault folder (in Electron: <userData>/vault). */
  readonly dataDir: string;
  /** Asked at each use: it may be locked until the delegate types a passphrase (VAULT_LOCKED). */
  readonly protector: () => KeyProtector;
  readonly fetchImpl?: FetchImpl;
  readonly now?: () => number;
}

interface Remote {
  readonly manifest: PackManifest;
  readonly readable: readonly DocumentEntry[];
  readonly role: Role;
}

interface Accepted {
  readonly link: string;
  readonly preview: InvitationPreview;
}

async function attempt<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (e) {
    return { ok: false, error: toErrorValue(e) };
  }
}

export class AppService {
  readonly #o: AppServiceOptions;
  /** Invitations accepted in this run whose download has not stored anything yet. */
  readonly #accepted = new Map<string, Accepted>();
  readonly #downloads = new Map<string, AbortController>();
  readonly #latest = new Map<string, number>();

  constructor(options: AppServiceOptions) {
    this.#o = options;
  }

  #withDb<T>(fn: (db: VaultDb) => T | Promise<T>): Promise<T> | T {
    const db = openVaultDb(this.#o.dataDir);
    let closeNow = true;
    try {
      const out = fn(db);
      if (out instanceof Promise) {
        closeNow = false;
        return out.finally(() => db.close());
      }
      return out;
    } finally {
      if (closeNow) db.close();
    }
  }

  #live(id: string): LiveState {
    return { downloading: this.#downloads.has(id), latestKnown: this.#latest.get(id) ?? 0 };
  }

  async #fetchRemote(inv: Invitation): Promise<Remote> {
    const creds = await deriveCredentials(inv);
    const res = await createPackClient(inv.server, creds.authToken, this.#o.fetchImpl).manifest(inv.meetingId);
    const envelope = await verifyEnvelope(res.envelope, inv.publisherKey);
    if (envelope.meetingId !== inv.meetingId) throw new CouncilError('PACK_FORMAT', 'the server sent the manifest of another meeting');
    const ctx = { meetingId: inv.meetingId, delegateId: inv.delegateId, revision: envelope.revision };
    const bundle = await unwrapKeyBundle(res.wrappedKeys, creds.wrapKey, ctx);
    const key = Uint8Array.from(Buffer.from(bundle.meetingKey, 'base64url'));
    const manifest = await openManifest(envelope, key, inv.publisherKey);
    this.#latest.set(inv.meetingId, Math.max(manifest.revision, res.latestRevision));
    return { manifest, readable: await readableDocuments(manifest, bundle), role: res.role };
  }

  #record(id: string): MeetingRecord | undefined {
    if (!existsSync(vaultPath(this.#o.dataDir))) return undefined;
    return this.#withDb((db) => getMeetingRecord(db, id)) as MeetingRecord | undefined;
  }

  /** The invitation of a meeting already in the vault, rebuilt from its protected secret. */
  async #storedInvitation(id: string): Promise<Invitation> {
    const record = this.#record(id);
    if (!record) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${id} is not on this device`);
    const blob = this.#withDb((db) => getProtectedKey(db, id)) as Uint8Array | undefined;
    if (!blob) throw new CouncilError(record.status === 'revoked' ? 'REVOKED' : 'VAULT_LOCKED', `meeting ${id}: no key on this device`);
    const secret = toB64url(await this.#o.protector().unprotect(blob));
    return { server: record.server, meetingId: id, delegateId: record.delegateId, secret, publisherKey: record.publisherKey };
  }

  /** Opens the current revision, or the pending one while the first download runs. */
  async #open(db: VaultDb, record: MeetingRecord): Promise<OpenedMeeting | undefined> {
    const revision = record.currentRevision ?? record.pendingRevision;
    if (revision === null || record.status === 'revoked') return undefined;
    return openStoredMeeting(db, this.#o.protector(), { ...record, currentRevision: revision });
  }

  previewInvitation(link: string): Promise<Result<InvitationPreview>> {
    return attempt(async () => {
      const inv = parseInvitationLink(link);
      const remote = await this.#fetchRemote(inv);
      const record = this.#record(inv.meetingId);
      const joined = record?.delegateId === inv.delegateId && record.status !== 'revoked';
      return toPreview(inv, remote.manifest, remote.readable, remote.role, joined);
    });
  }

  joinMeeting(link: string): Promise<Result<MeetingSummary>> {
    return attempt(async () => {
      const preview = await this.previewInvitation(link);
      if (!preview.ok) throw new CouncilError(preview.error.code, preview.error.message);
      const existing = this.#record(preview.value.meetingId);
      if (existing && existing.delegateId !== preview.value.delegateId && existing.status !== 'revoked') {
        throw new CouncilError('CONFLICT', `this device holds meeting ${existing.id} as delegate ${existing.delegateId}`);
      }
      this.#accepted.set(preview.value.meetingId, { link: link.trim(), preview: preview.value });
      if (existing && existing.status !== 'revoked') return this.#summary(existing);
      return previewSummary(preview.value, false);
    });
  }

  async #summary(record: MeetingRecord): Promise<MeetingSummary> {
    const opened = await (this.#withDb((db) => this.#open(db, record)) as Promise<OpenedMeeting | undefined>);
    return toSummary(record, opened?.manifest, this.#live(record.id));
  }

  listMeetings(): Promise<Result<readonly MeetingSummary[]>> {
    return attempt(async () => {
      const records = existsSync(vaultPath(this.#o.dataDir)) ? (this.#withDb((db) => listMeetingRecords(db)) as MeetingRecord[]) : [];
      const out: MeetingSummary[] = [];
      for (const r of records) out.push(await this.#summary(r));
      for (const [id, a] of this.#accepted) if (!records.some((r) => r.id === id)) out.push(previewSummary(a.preview, this.#downloads.has(id)));
      return out;
    });
  }

  getMeeting(meetingId: string): Promise<Result<MeetingView>> {
    return attempt(async () => {
      const record = this.#record(meetingId);
      if (!record) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${meetingId} is not on this device`);
      if (record.currentRevision !== null) return this.#readyView(record);
      return this.#withDb(async (db) => {
        const opened = await this.#open(db, record);
        if (!opened) throw new CouncilError(record.status === 'revoked' ? 'REVOKED' : 'VAULT_NOT_FOUND', `meeting ${meetingId} has nothing readable yet`);
        const m = opened.manifest;
        const documents = opened.readable.map((d) => toReadableDocument(d, d.chunks.every((c) => hasChunk(db, c.hash))));
        return this.#view(record, m, opened.revision, documents);
      });
    });
  }

  async #readyView(record: MeetingRecord): Promise<MeetingView> {
    const v = await getVaultMeeting(this.#o.dataDir, record.id, { protector: this.#o.protector() });
    const opened = await (this.#withDb((db) => this.#open(db, record)) as Promise<OpenedMeeting | undefined>);
    const entries = opened?.readable ?? [];
    const byId = new Map(entries.map((d) => [d.id, d]));
    const documents = v.documents.flatMap((row) => {
      const d = byId.get(row.id);
      return d ? [toReadableDocument(d, true)] : [];
    });
    return this.#view(record, opened?.manifest ?? undefined, v.revision, documents, v.publishedAt);
  }

  #view(record: MeetingRecord, m: PackManifest | undefined, revision: number, documents: MeetingView['documents'], publishedAt?: string): MeetingView {
    if (!m) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${record.id} has nothing readable yet`);
    const me = m.delegates.find((d) => d.id === record.delegateId);
    return {
      summary: toSummary(record, m, this.#live(record.id)),
      revision,
      publishedAt: publishedAt ?? m.publishedAt,
      meeting: m.meeting,
      agenda: m.agenda,
      delegates: m.delegates,
      ...(me ? { me } : {}),
      role: record.role,
      documents,
    };
  }

  forgetMeeting(meetingId: string): Promise<Result<null>> {
    return attempt(async () => {
      this.#downloads.get(meetingId)?.abort();
      this.#accepted.delete(meetingId);
      this.#latest.delete(meetingId);
      if (!existsSync(vaultPath(this.#o.dataDir))) return null;
      this.#withDb((db) =>
        withFullSync(db, () => {
          run(db, sql`DELETE FROM meetings WHERE id = ${meetingId}`); // revisions and the key go by ON DELETE CASCADE
          collectGarbage(db);
        }),
      );
      return null;
    });
  }

  /** Downloads the newest revision (resuming); resolves on done, pause or failure. */
  async startDownload(meetingId: string, onProgress: (p: DownloadProgress) => void): Promise<Result<MeetingSummary>> {
    if (this.#downloads.has(meetingId)) return fail('CONFLICT', `meeting ${meetingId} is already downloading`);
    const controller = new AbortController();
    this.#downloads.set(meetingId, controller);
    const revision = (): number => this.#latest.get(meetingId) ?? 0;
    const started = (this.#o.now ?? Date.now)();
    let last: JoinProgress = { phase: 'download', bytesDone: 0, bytesTotal: 0, docsDone: 0, docsTotal: 0 };
    const emit = (phase: DownloadProgress['phase'], p: JoinProgress, extra: Partial<DownloadProgress> = {}): void =>
      onProgress({ meetingId, revision: revision(), phase, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, documentsDone: p.docsDone, documentsTotal: p.docsTotal, ...extra });
    try {
      const link = this.#accepted.get(meetingId)?.link ?? formatInvitationLink(await this.#storedInvitation(meetingId));
      const result = await joinIntoVault({
        link,
        dataDir: this.#o.dataDir,
        protector: this.#o.protector(),
        signal: controller.signal,
        ...(this.#o.fetchImpl ? { fetchImpl: this.#o.fetchImpl } : {}),
        onProgress: (p) => {
          last = p;
          const secondsLeft = estimateSeconds(p, started, (this.#o.now ?? Date.now)());
          emit('running', p, secondsLeft === undefined ? {} : { secondsLeft });
        },
      });
      this.#latest.set(meetingId, Math.max(revision(), result.revision));
      this.#accepted.delete(meetingId);
      this.#downloads.delete(meetingId);
      emit('done', { ...last, bytesDone: last.bytesTotal, docsDone: last.docsTotal });
      return ok(await this.#summaryOf(meetingId));
    } catch (e) {
      this.#downloads.delete(meetingId);
      if (controller.signal.aborted) {
        emit('paused', last);
        return attempt(() => this.#summaryOf(meetingId));
      }
      const error = toErrorValue(e);
      emit('failed', last, { error });
      return { ok: false, error };
    }
  }

  async #summaryOf(meetingId: string): Promise<MeetingSummary> {
    const record = this.#record(meetingId);
    if (record) return this.#summary(record);
    const a = this.#accepted.get(meetingId);
    if (a) return previewSummary(a.preview, false);
    throw new CouncilError('VAULT_NOT_FOUND', `meeting ${meetingId} is not on this device`);
  }

  pauseDownload(meetingId: string): void {
    this.#downloads.get(meetingId)?.abort();
  }

  checkForUpdate(meetingId: string): Promise<Result<UpdateInfo | null>> {
    return attempt(async () => {
      const record = this.#record(meetingId);
      if (!record || record.currentRevision === null) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${meetingId} has no complete revision yet`);
      const remote = await this.#fetchRemote(await this.#storedInvitation(meetingId));
      if (remote.manifest.revision <= record.currentRevision) return null;
      return this.#withDb(async (db) => {
        const current = await this.#open(db, record);
        const missing = remote.readable.flatMap((d) => d.chunks).filter((c, i, all) => all.findIndex((x) => x.hash === c.hash) === i && !hasChunk(db, c.hash));
        return {
          meetingId,
          fromRevision: record.currentRevision ?? 0,
          toRevision: remote.manifest.revision,
          changes: diffDocuments(current?.readable ?? [], remote.readable),
          bytesToDownload: missing.reduce((n, c) => n + c.size, 0),
        };
      });
    });
  }

  openDocument(meetingId: string, documentId: string): Promise<Result<Uint8Array>> {
    return attempt(async () => {
      const parts: Uint8Array[] = [];
      for await (const p of openDocumentStream(this.#o.dataDir, documentId, { protector: this.#o.protector(), meetingId })) parts.push(p);
      return Buffer.concat(parts);
    });
  }

  liveCredentials(meetingId: string): Promise<Result<LiveCredentials>> {
    return attempt(async () => {
      const record = this.#record(meetingId);
      if (!record || record.status === 'revoked') throw new CouncilError(record ? 'REVOKED' : 'VAULT_NOT_FOUND', `meeting ${meetingId} is not on this device`);
      const inv = await this.#storedInvitation(meetingId);
      const { authToken } = await deriveCredentials(inv);
      return { server: record.server, token: authToken, delegateId: record.delegateId, role: record.role };
    });
  }

  /** Servers of the meetings on this device (the CSP's connect-src). */
  servers(): string[] {
    if (!existsSync(vaultPath(this.#o.dataDir))) return [];
    return [...new Set((this.#withDb((db) => listMeetingRecords(db)) as MeetingRecord[]).map((r) => r.server))];
  }
}

function estimateSeconds(p: JoinProgress, started: number, now: number): number | undefined {
  const elapsed = (now - started) / 1000;
  if (p.phase !== 'download' || p.bytesDone <= 0 || elapsed < 1) return undefined;
  return Math.round(((p.bytesTotal - p.bytesDone) * elapsed) / p.bytesDone);
}
