// Search on the device (issue 9): one sealed index shard per readable document, kept in the device's
// records (kind 'search-shard', key = document id) beside its meeting, brought in line with the revision
// shown (built when new or changed, dropped when gone or no longer readable), queried across every meeting.
import type { DocumentText } from '../search/documentText.ts';
import { searchShards, type LoadedShard } from '../search/engine.ts';
import { openShard, sealShard } from '../search/seal.ts';
import { buildShard, type ShardIndex } from '../search/shard.ts';
import type { SearchOptions, SearchResults } from '../search/types.ts';
import type { DocumentEntry } from '../pack/format.ts';
import { documentKey } from '../pack/manifest.ts';
import { ok, type Result } from '../result.ts';
import type { DeviceCore } from './DeviceCore.ts';
import type { OpenedRevision } from './openPack.ts';
import type { MeetingRecord } from './store.ts';

export const SEARCH_SHARD_KIND = 'search-shard';

/** The page texts of a readable document; ok(undefined) when it has none (a pack from before search). */
export type TextReader = (meetingId: string, documentId: string) => Promise<Result<DocumentText | undefined>>;

/** The page texts the pack carries (DeviceCore.readDocumentText); ok(undefined) for a pack without them. */
export function packTextReader(core: DeviceCore): TextReader {
  return (meetingId, documentId) => core.readDocumentText(meetingId, documentId);
}

/** The pack's texts first; `fallback` (the PDF's own text layer) for a document whose pack carries none. */
export function withFallback(primary: TextReader, fallback: TextReader): TextReader {
  return async (meetingId, documentId) => {
    const r = await primary(meetingId, documentId);
    return r.ok && r.value === undefined ? fallback(meetingId, documentId) : r;
  };
}

/** What the index of a document was built from: another value rebuilds it. */
export function shardVersion(entry: DocumentEntry): string {
  return entry.text ? `text:${entry.text.sha256}` : `pdf:${entry.sha256}`;
}

interface MeetingIndex {
  /** The revision and readable documents it was brought in line with. */
  readonly stamp: string;
  /** The meeting record and lease shredding it was checked against: equal ⇒ nothing to look at (every keystroke). */
  readonly quick: string;
  readonly meetingTitle: string;
  readonly shards: readonly ShardIndex[];
  /** Readable documents without an index (no text). */
  readonly unindexed: number;
}

export interface IndexReport {
  readonly built: number;
  readonly kept: number;
  readonly dropped: number;
  readonly unindexed: number;
}

const readable = (r: MeetingRecord | undefined): r is MeetingRecord => r !== undefined && r.status !== 'revoked' && r.status !== 'expired' && r.currentRevision !== null;

export class DeviceSearch {
  readonly #core: DeviceCore;
  readonly #readText: TextReader;
  readonly #meetings = new Map<string, MeetingIndex>();
  readonly #running = new Map<string, Promise<IndexReport>>();

  constructor(core: DeviceCore, readText: TextReader) {
    this.#core = core;
    this.#readText = readText;
  }

  /** Brings a meeting's shards in line with its current revision (one run at a time per meeting). */
  update(meetingId: string, force = false): Promise<IndexReport> {
    const prev = this.#running.get(meetingId) ?? Promise.resolve(undefined);
    const next = prev.catch(() => undefined).then(() => this.#update(meetingId, force));
    this.#running.set(meetingId, next);
    void next.finally(() => this.#running.get(meetingId) === next && this.#running.delete(meetingId)).catch(() => undefined);
    return next;
  }

  async #update(meetingId: string, force: boolean): Promise<IndexReport> {
    const none: IndexReport = { built: 0, kept: 0, dropped: 0, unindexed: 0 };
    await this.#core.enforceLease(meetingId).catch(() => undefined);
    const record = await this.#core.store.getMeeting(meetingId);
    if (!readable(record)) {
      this.#meetings.delete(meetingId);
      return none;
    }
    const cut = await this.#core.shredding(meetingId);
    const quick = `${record.currentRevision}|${record.status}|${record.updatedAt}|${cut?.documentIds.join(',') ?? ''}`;
    const had = this.#meetings.get(meetingId);
    if (!force && had?.quick === quick) return { ...none, kept: had.shards.length };
    const opened = await this.#core.openCurrent(record);
    const available = await this.#core.available(opened);
    const docs = opened.documents.filter((d) => available.has(d.id));
    const stamp = `${opened.manifest.revision}|${docs.map((d) => `${d.id}=${shardVersion(d)}`).join(',')}`;
    if (!force && had?.stamp === stamp) {
      this.#meetings.set(meetingId, { ...had, quick });
      return { ...none, kept: docs.length };
    }
    return this.#rebuild(record, opened, docs, stamp, quick);
  }

  async #rebuild(record: MeetingRecord, opened: OpenedRevision, docs: readonly DocumentEntry[], stamp: string, quick: string): Promise<IndexReport> {
    const store = this.#core.store;
    const meetingId = record.id;
    const wanted = new Set(docs.map((d) => d.id));
    let dropped = 0;
    const stored = new Map((await store.listRecords(meetingId, SEARCH_SHARD_KIND)).map((r) => [r.key, r.value]));
    for (const key of stored.keys()) {
      if (wanted.has(key)) continue;
      await store.deleteRecord(meetingId, SEARCH_SHARD_KIND, key);
      dropped++;
    }
    const cached = new Map((this.#meetings.get(meetingId)?.shards ?? []).map((s) => [s.documentId, s]));
    const shards: ShardIndex[] = [];
    let built = 0;
    let kept = 0;
    let unindexed = 0;
    for (const entry of docs) {
      const key = documentKey(entry, opened.bundle);
      const version = shardVersion(entry);
      const have = cached.get(entry.id) ?? (await this.#openStored(stored.get(entry.id), meetingId, entry.id, key));
      if (have?.version === version) {
        shards.push({ ...have, title: entry.title, confidential: entry.confidential });
        kept++;
        continue;
      }
      const text = await this.#readText(meetingId, entry.id);
      if (!text.ok || text.value === undefined || !text.value.pages.some((p) => p.text.length > 0)) {
        if (stored.has(entry.id)) await store.deleteRecord(meetingId, SEARCH_SHARD_KIND, entry.id);
        unindexed++;
        continue;
      }
      const shard = buildShard({ documentId: entry.id, title: entry.title, confidential: entry.confidential, version }, text.value.pages.map((p) => ({ page: p.page, text: p.text, source: p.source })));
      await store.putRecord({ meetingId, kind: SEARCH_SHARD_KIND, key: entry.id, value: await sealShard(shard, meetingId, key) });
      shards.push(shard);
      built++;
    }
    this.#meetings.set(meetingId, { stamp, quick, meetingTitle: opened.manifest.meeting.title, shards, unindexed });
    return { built, kept, dropped, unindexed };
  }

  async #openStored(value: Uint8Array | string | undefined, meetingId: string, documentId: string, key: Uint8Array): Promise<ShardIndex | undefined> {
    if (!(value instanceof Uint8Array)) return undefined;
    return openShard(value, meetingId, documentId, key).catch(() => undefined);
  }

  /** Every readable meeting on the device (or the one asked for), brought up to date, then searched. */
  async search(query: string, options: SearchOptions = {}): Promise<Result<SearchResults>> {
    const ids = options.meetingId !== undefined ? [options.meetingId] : (await this.#core.store.listMeetings()).map((m) => m.id);
    const loaded: LoadedShard[] = [];
    let unindexed = 0;
    for (const id of ids) {
      await this.update(id).catch(() => this.#meetings.delete(id));
      const m = this.#meetings.get(id);
      if (!m) continue;
      unindexed += m.unindexed;
      for (const shard of m.shards) loaded.push({ meetingId: id, meetingTitle: m.meetingTitle, shard });
    }
    return ok({ ...searchShards(loaded, query, options), unindexed });
  }

  /** A meeting left this device (forgotten, revoked): its in-memory index goes too (the records go with it). */
  forget(meetingId: string): void {
    this.#meetings.delete(meetingId);
  }
}
