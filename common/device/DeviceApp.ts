// The app's operations (renderer/platform/Platform.ts) over the device core, ONCE for both homes: the
// Electron main process answers IPC with it (main/services/app/AppService.ts) and the browser calls it
// directly (renderer/platform/web/WebPlatform.ts). Every method answers a Result; nothing throws.
import type { DownloadProgress, InvitationPreview, LiveCredentials, MeetingSummary, MeetingView, UpdateInfo } from '../api/appTypes.ts';
import { diffDocuments } from '../api/appViews.ts';
import type { ErrorCode } from '../errors.ts';
import { parseInvitationLink } from '../pack/invite.ts';
import { CouncilError, fail, ok, toErrorValue, type Result } from '../result.ts';
import type { DeviceCore, Fetched, OtherIdentity } from './DeviceCore.ts';
import { readDocument } from './documents.ts';
import type { DownloadProgressEvent } from './download.ts';
import { secondsLeft, type LiveState } from './meetingState.ts';
import type { OpenedRevision } from './openPack.ts';
import type { MeetingRecord } from './store.ts';
import { DeviceSearch, packTextReader, type TextReader } from './search.ts';
import type { SearchOptions, SearchResults } from '../search/types.ts';
import { previewSummary, toDownloadProgress, toMeetingView, toPreview, toSummary } from './views.ts';

export interface DeviceAppOptions {
  readonly core: DeviceCore;
  /**
   * true (browser): joining stores the invitation and the manifest at once. false (Electron): it is kept in
   * memory until the download starts, because the vault may still be locked behind a passphrase.
   */
  readonly acceptStores: boolean;
  readonly otherIdentity: OtherIdentity;
  readonly now?: () => number;
  /** Where search reads a document's page texts (default: the pack's, DeviceCore.readDocumentText). */
  readonly readText?: TextReader;
}

interface Accepted {
  readonly link: string;
  readonly preview: InvitationPreview;
}

export async function attempt<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (e) {
    return { ok: false, error: toErrorValue(e) };
  }
}

/** Why a stored meeting shows nothing. */
const UNREADABLE: Partial<Record<MeetingRecord['status'], ErrorCode>> = { revoked: 'REVOKED', expired: 'LEASE_EXPIRED' };

export class DeviceApp {
  readonly #o: DeviceAppOptions;
  readonly #core: DeviceCore;
  readonly #accepted = new Map<string, Accepted>();
  readonly #downloads = new Map<string, AbortController>();
  readonly #latest = new Map<string, number>();
  readonly #search: DeviceSearch;
  #lastPreview: { readonly link: string; readonly fetched: Fetched } | undefined;
  #started: Promise<void> | undefined;

  constructor(options: DeviceAppOptions) {
    this.#o = options;
    this.#core = options.core;
    this.#search = new DeviceSearch(options.core, options.readText ?? packTextReader(options.core));
  }

  #now(): number {
    return this.#o.now ? this.#o.now() : this.#core.now();
  }

  /** The app's start: every stored meeting's lease is checked (and carried out) once, before anything opens. */
  #start(): Promise<void> {
    this.#started ??= this.#core.enforceLeases().catch(() => undefined);
    return this.#started;
  }

  #live(id: string): LiveState {
    return { downloading: this.#downloads.has(id), latestKnown: this.#latest.get(id) ?? 0 };
  }

  #noteLatest(f: Fetched): void {
    const id = f.invitation.meetingId;
    this.#latest.set(id, Math.max(this.#latest.get(id) ?? 0, f.latestRevision));
  }

  async #fetch(link: string): Promise<Fetched> {
    const trimmed = link.trim();
    if (this.#lastPreview?.link === trimmed) return this.#lastPreview.fetched;
    const fetched = await this.#core.fetch(parseInvitationLink(trimmed));
    this.#noteLatest(fetched);
    this.#lastPreview = { link: trimmed, fetched };
    return fetched;
  }

  async #record(id: string): Promise<MeetingRecord> {
    const record = await this.#core.store.getMeeting(id);
    if (!record) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${id} is not on this device`);
    return record;
  }

  /** The revision shown, or undefined when nothing can be opened (revoked, locked, nothing stored). */
  async #shown(record: MeetingRecord): Promise<OpenedRevision | undefined> {
    const revision = this.#core.shownRevision(record);
    if (revision === null || record.status === 'revoked' || record.status === 'expired') return undefined;
    return this.#core.openStored(record, revision);
  }

  /** A stored meeting's summary, its lease checked (and carried out) first. */
  async #summary(stored: MeetingRecord): Promise<MeetingSummary> {
    const lease = await this.#core.enforceLease(stored.id).catch(() => undefined);
    const record = (await this.#core.store.getMeeting(stored.id)) ?? stored;
    const opened = await this.#shown(record).catch(() => undefined);
    return toSummary(this.#core, record, opened, this.#live(record.id), lease);
  }

  previewInvitation(link: string): Promise<Result<InvitationPreview>> {
    return attempt(async () => {
      this.#lastPreview = undefined;
      const f = await this.#fetch(link);
      const existing = await this.#core.store.getMeeting(f.invitation.meetingId);
      return toPreview(f, existing?.delegateId === f.invitation.delegateId && existing.status !== 'revoked' && existing.status !== 'expired');
    });
  }

  joinMeeting(link: string): Promise<Result<MeetingSummary>> {
    return attempt(async () => {
      const f = await this.#fetch(link);
      this.#lastPreview = undefined;
      const id = f.invitation.meetingId;
      if (this.#o.acceptStores) return this.#summary(await this.#core.accept(f, this.#o.otherIdentity));
      await this.#core.checkIdentity(f.invitation, this.#o.otherIdentity);
      const existing = await this.#core.store.getMeeting(id);
      const preview = toPreview(f, false);
      this.#accepted.set(id, { link: link.trim(), preview });
      return existing && existing.status !== 'revoked' && existing.status !== 'expired' ? this.#summary(existing) : previewSummary(preview, false);
    });
  }

  listMeetings(): Promise<Result<readonly MeetingSummary[]>> {
    return attempt(async () => {
      await this.#start();
      const records = await this.#core.store.listMeetings();
      const out = await Promise.all(records.map((r) => this.#summary(r)));
      for (const [id, a] of this.#accepted) if (!records.some((r) => r.id === id)) out.push(previewSummary(a.preview, this.#downloads.has(id)));
      return out;
    });
  }

  getMeeting(meetingId: string): Promise<Result<MeetingView>> {
    return attempt(async () => {
      await this.#start();
      const lease = await this.#core.enforceLease(meetingId);
      const record = await this.#record(meetingId);
      const opened = await this.#shown(record);
      if (!opened) throw new CouncilError(UNREADABLE[record.status] ?? 'VAULT_NOT_FOUND', `meeting ${meetingId} has nothing readable on this device`);
      return toMeetingView(this.#core, record, opened, this.#live(meetingId), lease);
    });
  }

  forgetMeeting(meetingId: string): Promise<Result<null>> {
    return attempt(async () => {
      this.#downloads.get(meetingId)?.abort();
      this.#accepted.delete(meetingId);
      this.#latest.delete(meetingId);
      this.#search.forget(meetingId);
      await this.#core.forget(meetingId);
      return null;
    });
  }

  /** Downloads the newest revision (resuming); resolves on done, pause or failure. */
  async startDownload(meetingId: string, onProgress: (p: DownloadProgress) => void): Promise<Result<MeetingSummary>> {
    if (this.#downloads.has(meetingId)) return fail('CONFLICT', `meeting ${meetingId} is already downloading`);
    const controller = new AbortController();
    this.#downloads.set(meetingId, controller);
    const started = this.#now();
    let first: DownloadProgressEvent | undefined;
    let last: DownloadProgressEvent = { phase: 'download', bytesDone: 0, bytesTotal: 0, docsDone: 0, docsTotal: 0 };
    const revision = (): number => this.#latest.get(meetingId) ?? 0;
    const emit = (phase: DownloadProgress['phase'], p: DownloadProgressEvent, extra: Partial<DownloadProgress> = {}): void =>
      onProgress({ ...toDownloadProgress(meetingId, revision(), phase, p), ...extra });
    try {
      const target = this.#accepted.get(meetingId)?.link ?? (await this.#core.invitationOf(meetingId));
      const out = await this.#core.join(target, this.#o.otherIdentity, {
        signal: controller.signal,
        onProgress: (p) => {
          first ??= p;
          last = p;
          const left = p.phase === 'download' ? secondsLeft(p.bytesDone - first.bytesDone, p.bytesTotal - first.bytesDone, this.#now() - started) : undefined;
          emit('running', p, left === undefined ? {} : { secondsLeft: Math.round(left) });
        },
      });
      this.#latest.set(meetingId, Math.max(revision(), out.opened.manifest.revision));
      this.#accepted.delete(meetingId);
      this.#downloads.delete(meetingId);
      emit('done', { ...last, bytesDone: last.bytesTotal, docsDone: last.docsTotal, docsTotal: out.opened.documents.length });
      void this.#search.update(meetingId).catch(() => undefined);
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
    const record = await this.#core.store.getMeeting(meetingId);
    if (record) return this.#summary(record);
    const a = this.#accepted.get(meetingId);
    if (a) return previewSummary(a.preview, false);
    throw new CouncilError('VAULT_NOT_FOUND', `meeting ${meetingId} is not on this device`);
  }

  /** Stops the download; the chunks stored so far stay, and startDownload resumes. */
  pauseDownload(meetingId: string): void {
    this.#downloads.get(meetingId)?.abort();
  }

  checkForUpdate(meetingId: string): Promise<Result<UpdateInfo | null>> {
    return attempt(async () => {
      const record = await this.#record(meetingId);
      if (record.currentRevision === null) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${meetingId} has no complete revision yet`);
      const f = await this.#core.refresh(meetingId);
      this.#noteLatest(f);
      if (f.opened.manifest.revision <= record.currentRevision) return null;
      const current = await this.#core.openCurrent(record);
      return {
        meetingId,
        fromRevision: record.currentRevision,
        toRevision: f.opened.manifest.revision,
        changes: diffDocuments(current.documents, f.opened.documents),
        bytesToDownload: await this.#core.bytesMissing(f.opened),
      };
    });
  }

  /** Decrypts and verifies a document of the current revision, whole (the viewer needs it whole). */
  openDocument(meetingId: string, documentId: string): Promise<Result<Uint8Array>> {
    return attempt(async () => {
      await this.#start();
      const { entry, stream } = await this.#core.documentStream(meetingId, documentId);
      return readDocument(stream, entry.bytes);
    });
  }

  liveCredentials(meetingId: string): Promise<Result<LiveCredentials>> {
    return attempt(async () => this.#core.credentials(meetingId));
  }

  /**
   * The live session reached the server for this meeting (synced, or a command answered): the device lease
   * restarts, written at most once a minute. A meeting not stored, revoked or expired is left as it is.
   */
  noteLiveContact(meetingId: string): Promise<Result<null>> {
    return attempt(async () => {
      const record = await this.#core.store.getMeeting(meetingId);
      if (record && record.status !== 'revoked' && record.status !== 'expired') await this.#core.noteContactSoon(meetingId);
      return null;
    });
  }

  /** Every page of every readable document of every meeting on this device (or one), indexed as needed (search.ts). */
  async search(query: string, options: SearchOptions = {}): Promise<Result<SearchResults>> {
    const r = await attempt(async () => {
      await this.#start();
      return this.#search.search(query, options);
    });
    return r.ok ? r.value : r;
  }

  /** Servers of the meetings on this device (Electron's CSP connect-src). */
  async servers(): Promise<string[]> {
    return [...new Set((await this.#core.store.listMeetings()).map((r) => r.server))];
  }
}
