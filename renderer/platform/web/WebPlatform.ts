// The browser implementation of the Platform seam: fetch to the collab-server, IndexedDB for the vault,
// common/pack for verification and decryption. Ciphertext is stored exactly as downloaded and decrypted on open.
import type { ManifestResponse } from '../../../common/api/http.ts';
import { hasWebCrypto } from '../../../common/pack/crypto.ts';
import type { Invitation } from '../../../common/pack/format.ts';
import { parseInvitationLink } from '../../../common/pack/invite.ts';
import { CouncilError, fail, ok, toErrorValue, type Result } from '../../../common/result.ts';
import { diffDocuments, toReadableDocument } from '../../../common/api/appViews.ts';
import { deriveMeetingState } from '../meetingState.ts';
import type {
  DownloadProgress,
  InvitationPreview,
  LiveCredentials,
  MeetingSummary,
  MeetingView,
  Platform,
  PlatformEnvironment,
  Settings,
  Unsubscribe,
  UpdateInfo,
} from '../Platform.ts';
import { runDownload } from './downloader.ts';
import { credentialsOf, decryptDocument, openRevision, totalBytes, type OpenedRevision, type Who } from './packAccess.ts';
import { fetchChunk, fetchManifest, ping, type FetchLike } from './webApi.ts';
import type { MeetingRow, RevisionRow } from './webStore.ts';
import { WebStore } from './webStore.ts';

const DEFAULT_SETTINGS: Settings = { language: 'vi' };
/** How often the connectivity indicator re-checks the server while the app is open. */
export const PING_INTERVAL_MS = 20_000;

async function attempt<T>(body: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await body());
  } catch (e) {
    if (e instanceof CouncilError) return { ok: false, error: e.toValue() };
    return { ok: false, error: toErrorValue(e) };
  }
}

export interface WebPlatformOptions {
  readonly fetch?: FetchLike;
  readonly indexedDB?: IDBFactory;
  readonly dbName?: string;
  /** The origin the app was served from (the server the connectivity check pings). */
  readonly origin?: string;
}

interface Fetched {
  readonly invitation: Invitation;
  readonly response: ManifestResponse;
  readonly opened: OpenedRevision;
}

export class WebPlatform implements Platform {
  private readonly fetchImpl: FetchLike;
  private readonly storeP: Promise<WebStore>;
  private readonly origin: string;
  private readonly opened = new Map<string, Promise<OpenedRevision>>();
  private readonly downloads = new Map<string, { paused: boolean }>();
  private lastPreview: { readonly link: string; readonly fetched: Fetched } | undefined;
  private settings: Settings | undefined;

  constructor(opts: WebPlatformOptions = {}) {
    this.fetchImpl = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.storeP = WebStore.open(opts.indexedDB ?? globalThis.indexedDB, opts.dbName);
    this.origin = opts.origin ?? globalThis.location?.origin ?? '';
  }

  environment(): PlatformEnvironment {
    return { kind: 'web', cryptoAvailable: hasWebCrypto(), secureContext: globalThis.isSecureContext !== false, origin: this.origin };
  }

  // ---- joining

  private async fetchInvitation(link: string): Promise<Fetched> {
    if (this.lastPreview?.link === link) return this.lastPreview.fetched;
    const invitation = parseInvitationLink(link);
    const { authToken } = await credentialsOf(invitation);
    const response = await fetchManifest(this.fetchImpl, invitation.server, invitation.meetingId, authToken);
    const opened = await openRevision(invitation, response);
    const fetched = { invitation, response, opened };
    this.lastPreview = { link, fetched };
    return fetched;
  }

  previewInvitation(link: string): Promise<Result<InvitationPreview>> {
    return attempt(async () => {
      this.lastPreview = undefined;
      const { invitation, response, opened } = await this.fetchInvitation(link);
      const existing = await (await this.storeP).getMeeting(invitation.meetingId);
      const delegate = opened.manifest.delegates.find((d) => d.id === invitation.delegateId);
      return {
        server: invitation.server,
        meetingId: invitation.meetingId,
        delegateId: invitation.delegateId,
        ...(delegate ? { delegate } : {}),
        role: response.role,
        revision: opened.manifest.revision,
        meeting: opened.manifest.meeting,
        documentCount: opened.documents.length,
        totalBytes: totalBytes(opened.documents),
        alreadyJoined: existing?.delegateId === invitation.delegateId && !existing.revoked,
      };
    });
  }

  joinMeeting(link: string): Promise<Result<MeetingSummary>> {
    return attempt(async () => {
      const { invitation, response } = await this.fetchInvitation(link);
      const store = await this.storeP;
      const existing = await store.getMeeting(invitation.meetingId);
      const same = existing && existing.delegateId === invitation.delegateId && !existing.revoked;
      if (existing && !same) await this.forget(existing.meetingId);
      const revision = response.envelope.revision;
      const row: MeetingRow = same
        ? { ...existing, latestRevision: Math.max(existing.latestRevision, revision) }
        : {
            meetingId: invitation.meetingId,
            delegateId: invitation.delegateId,
            server: invitation.server,
            publisherKey: invitation.publisherKey,
            readyRevision: 0,
            latestRevision: revision,
            downloadStarted: false,
            revoked: false,
            joinedAt: new Date().toISOString(),
          };
      await store.joinMeeting(row, revisionRow(invitation.meetingId, response), { meetingId: row.meetingId, secret: invitation.secret });
      this.lastPreview = undefined;
      return this.summaryOf(row);
    });
  }

  // ---- reading the store

  private async who(row: MeetingRow): Promise<Who> {
    const key = await (await this.storeP).getSecret(row.meetingId);
    if (!key || row.revoked) throw new CouncilError('REVOKED', 'this device holds no key for the meeting');
    return { meetingId: row.meetingId, delegateId: row.delegateId, secret: key.secret, publisherKey: row.publisherKey };
  }

  private async row(meetingId: string): Promise<MeetingRow> {
    const row = await (await this.storeP).getMeeting(meetingId);
    if (!row) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${meetingId} is not on this device`);
    return row;
  }

  private openStored(row: MeetingRow, revision: number): Promise<OpenedRevision> {
    const cacheKey = `${row.meetingId}@${revision}`;
    let p = this.opened.get(cacheKey);
    if (!p) {
      p = (async () => {
        const rev = await (await this.storeP).getRevision(row.meetingId, revision);
        if (!rev) throw new CouncilError('VAULT_NOT_FOUND', `revision ${revision} is not on this device`);
        return openRevision(await this.who(row), rev);
      })();
      p.catch(() => this.opened.delete(cacheKey));
      this.opened.set(cacheKey, p);
    }
    return p;
  }

  /** The revision the delegate reads: the last complete one, else the joined one while it downloads. */
  private shownRevision(row: MeetingRow): number {
    return row.readyRevision > 0 ? row.readyRevision : row.latestRevision;
  }

  private summaryOf(row: MeetingRow, opened?: OpenedRevision): MeetingSummary {
    const info = opened?.manifest.meeting;
    return {
      meetingId: row.meetingId,
      delegateId: row.delegateId,
      title: info?.title ?? '',
      body: info?.body ?? '',
      startsAt: info?.startsAt ?? '',
      state: deriveMeetingState({ ...row, downloading: this.downloads.has(row.meetingId) }),
      readyRevision: row.readyRevision,
      latestRevision: row.latestRevision,
    };
  }

  private async summary(row: MeetingRow): Promise<MeetingSummary> {
    const opened = row.revoked ? undefined : await this.openStored(row, this.shownRevision(row)).catch(() => undefined);
    return this.summaryOf(row, opened);
  }

  listMeetings(): Promise<Result<readonly MeetingSummary[]>> {
    return attempt(async () => {
      const rows = await (await this.storeP).listMeetings();
      return Promise.all(rows.map((r) => this.summary(r)));
    });
  }

  getMeeting(meetingId: string): Promise<Result<MeetingView>> {
    return attempt(async () => {
      const row = await this.row(meetingId);
      const revision = this.shownRevision(row);
      const opened = await this.openStored(row, revision);
      const rev = await (await this.storeP).getRevision(meetingId, revision);
      const stored = await (await this.storeP).storedChunks(opened.documents.flatMap((d) => d.chunks.map((c) => c.hash)));
      const me = opened.manifest.delegates.find((d) => d.id === row.delegateId);
      return {
        summary: this.summaryOf(row, opened),
        revision,
        publishedAt: opened.manifest.publishedAt,
        meeting: opened.manifest.meeting,
        agenda: opened.manifest.agenda,
        delegates: opened.manifest.delegates,
        ...(me ? { me } : {}),
        role: rev?.role ?? me?.role ?? 'delegate',
        documents: opened.documents.map((d) => toReadableDocument(d, d.chunks.every((c) => stored.has(c.hash)))),
      };
    });
  }

  forgetMeeting(meetingId: string): Promise<Result<void>> {
    return attempt(() => this.forget(meetingId));
  }

  private async forget(meetingId: string): Promise<void> {
    const store = await this.storeP;
    const row = await store.getMeeting(meetingId);
    if (!row) return;
    const hashes = new Set<string>();
    for (const r of new Set([row.readyRevision, row.latestRevision])) {
      const opened = await this.openStored(row, r).catch(() => undefined);
      opened?.documents.forEach((d) => d.chunks.forEach((c) => hashes.add(c.hash)));
    }
    await store.deleteChunks([...hashes]);
    await store.forgetMeeting(meetingId);
    for (const k of [...this.opened.keys()]) if (k.startsWith(`${meetingId}@`)) this.opened.delete(k);
  }

  // ---- downloads and updates

  /** Fetches the newest manifest; stores it when newer. A REVOKED answer shreds the key at once. */
  private async refresh(row: MeetingRow): Promise<{ row: MeetingRow; opened: OpenedRevision }> {
    const store = await this.storeP;
    const who = await this.who(row);
    const { authToken } = await credentialsOf(who);
    let response: ManifestResponse;
    try {
      response = await fetchManifest(this.fetchImpl, row.server, row.meetingId, authToken);
    } catch (e) {
      if (e instanceof CouncilError && e.code === 'REVOKED') await this.revoke(row);
      throw e;
    }
    const revision = response.envelope.revision;
    if (revision > row.latestRevision) {
      const opened = await openRevision(who, response);
      await store.putRevision(revisionRow(row.meetingId, response));
      const next = (await store.updateMeeting(row.meetingId, { latestRevision: revision, downloadStarted: false })) ?? row;
      this.opened.set(`${row.meetingId}@${revision}`, Promise.resolve(opened));
      return { row: next, opened };
    }
    return { row, opened: await this.openStored(row, row.latestRevision) };
  }

  private async revoke(row: MeetingRow): Promise<void> {
    const store = await this.storeP;
    await store.deleteSecret(row.meetingId);
    await store.updateMeeting(row.meetingId, { revoked: true });
    for (const k of [...this.opened.keys()]) if (k.startsWith(`${row.meetingId}@`)) this.opened.delete(k);
  }

  startDownload(meetingId: string, onProgress: (p: DownloadProgress) => void): Promise<Result<MeetingSummary>> {
    if (this.downloads.has(meetingId)) return Promise.resolve(fail('CONFLICT', 'a download of this meeting is already running'));
    const control = { paused: false };
    this.downloads.set(meetingId, control);
    return attempt(async () => {
      try {
        await this.download(meetingId, control, onProgress);
      } catch (e) {
        onProgress({ meetingId, revision: 0, phase: 'failed', bytesDone: 0, bytesTotal: 0, documentsDone: 0, documentsTotal: 0, error: toErrorValue(e) });
        throw e;
      } finally {
        this.downloads.delete(meetingId);
      }
      return this.summary(await this.row(meetingId));
    });
  }

  private async download(meetingId: string, control: { paused: boolean }, onProgress: (p: DownloadProgress) => void): Promise<void> {
    const store = await this.storeP;
    const { row, opened } = await this.refresh(await this.row(meetingId));
    const revision = row.latestRevision;
    await store.updateMeeting(meetingId, { downloadStarted: true });
    const { authToken } = await credentialsOf(await this.who(row));
    const outcome = await runDownload({
      meetingId,
      revision,
      documents: opened.documents,
      stored: await store.storedChunks(opened.documents.flatMap((d) => d.chunks.map((c) => c.hash))),
      fetchChunk: (hash) => fetchChunk(this.fetchImpl, row.server, hash, authToken),
      putChunk: (hash, ct) => store.putChunk(hash, ct),
      onProgress,
      paused: () => control.paused,
      now: () => Date.now(),
    });
    if (outcome === 'done') await this.completeRevision(row, opened);
  }

  /** Makes `row.latestRevision` the readable one and drops what only the superseded revision used. */
  private async completeRevision(row: MeetingRow, opened: OpenedRevision): Promise<void> {
    const store = await this.storeP;
    const previous = row.readyRevision > 0 && row.readyRevision !== row.latestRevision ? await this.openStored(row, row.readyRevision).catch(() => undefined) : undefined;
    await store.updateMeeting(row.meetingId, { readyRevision: row.latestRevision, downloadStarted: false });
    await store.pruneRevisions(row.meetingId, [row.latestRevision]);
    if (previous) {
      const keep = new Set(opened.documents.flatMap((d) => d.chunks.map((c) => c.hash)));
      const stale = previous.documents.flatMap((d) => d.chunks.map((c) => c.hash)).filter((h) => !keep.has(h));
      await store.deleteChunks(stale);
      this.opened.delete(`${row.meetingId}@${row.readyRevision}`);
    }
  }

  pauseDownload(meetingId: string): void {
    const control = this.downloads.get(meetingId);
    if (control) control.paused = true;
  }

  checkForUpdate(meetingId: string): Promise<Result<UpdateInfo | null>> {
    return attempt(async () => {
      const { row, opened } = await this.refresh(await this.row(meetingId));
      if (row.readyRevision === 0 || row.latestRevision <= row.readyRevision) return null;
      const current = await this.openStored(row, row.readyRevision);
      const stored = await (await this.storeP).storedChunks(opened.documents.flatMap((d) => d.chunks.map((c) => c.hash)));
      const missing = new Map(opened.documents.flatMap((d) => d.chunks).filter((c) => !stored.has(c.hash)).map((c) => [c.hash, c.size]));
      return {
        meetingId,
        fromRevision: row.readyRevision,
        toRevision: row.latestRevision,
        changes: diffDocuments(current.documents, opened.documents),
        bytesToDownload: [...missing.values()].reduce((a, b) => a + b, 0),
      };
    });
  }

  openDocument(meetingId: string, documentId: string): Promise<Result<Uint8Array>> {
    return attempt(async () => {
      const row = await this.row(meetingId);
      const opened = await this.openStored(row, this.shownRevision(row));
      const entry = opened.documents.find((d) => d.id === documentId);
      if (!entry) throw new CouncilError('NOT_FOUND', `document ${documentId} is not in this meeting for this delegate`);
      const store = await this.storeP;
      return decryptDocument(entry, opened.bundle, (hash) => store.getChunk(hash));
    });
  }

  liveCredentials(meetingId: string): Promise<Result<LiveCredentials>> {
    return attempt(async () => {
      const row = await this.row(meetingId);
      const { authToken } = await credentialsOf(await this.who(row));
      const rev = await (await this.storeP).getRevision(meetingId, this.shownRevision(row));
      return { server: row.server, token: authToken, delegateId: row.delegateId, role: rev?.role ?? 'delegate' };
    });
  }

  // ---- settings and connectivity

  async getSettings(): Promise<Settings> {
    this.settings ??= { ...DEFAULT_SETTINGS, ...(await (await this.storeP).getSettings()) };
    return this.settings;
  }

  async saveSettings(patch: Partial<Settings>): Promise<void> {
    const next = { ...(await this.getSettings()), ...patch };
    this.settings = next;
    await (await this.storeP).saveSettings(next);
  }

  onConnectivity(listener: (online: boolean) => void): Unsubscribe {
    let alive = true;
    const check = async () => {
      const online = globalThis.navigator?.onLine !== false && (await ping(this.fetchImpl, this.origin));
      if (alive) listener(online);
    };
    const onChange = () => void check();
    globalThis.addEventListener?.('online', onChange);
    globalThis.addEventListener?.('offline', onChange);
    const timer = setInterval(onChange, PING_INTERVAL_MS);
    void check();
    return () => {
      alive = false;
      clearInterval(timer);
      globalThis.removeEventListener?.('online', onChange);
      globalThis.removeEventListener?.('offline', onChange);
    };
  }
}

function revisionRow(meetingId: string, r: ManifestResponse): RevisionRow {
  return { meetingId, revision: r.envelope.revision, role: r.role, envelope: r.envelope, wrappedKeys: r.wrappedKeys };
}
