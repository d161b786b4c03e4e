// A draft IS a meeting folder (issue 10): meeting.json + delegates.csv + the PDFs + .council/publisher.json, so
// `council publish` and the console stay interchangeable. This file converts between that folder and the
// console's Draft (common/api/console.ts). What the folder cannot hold — the agenda items' keys for the screen,
// documents not yet attached to an item, the files' hashes — lives in .council/console.json.
import { createHash, randomBytes } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Draft, DraftAgendaItem, DraftDocument } from '../../../common/api/console.ts';
import { DOCUMENT_KINDS, type AgendaItemSpec, type Delegate, type DocumentKind, type DocumentSpec, type MeetingSpec } from '../../../common/meeting/types.ts';
import { documentIdFor } from '../../../common/pack/invite.ts';
import { formatCsv } from '../publish/csv.ts';
import { DELEGATES_FILE, DELEGATES_HEADER, parseDelegates } from '../publish/delegates.ts';
import { MEETING_FILE } from '../publish/documents.ts';
import { checkPdf } from '../publish/pdfCheck.ts';
import { STATE_DIR, loadState } from '../publish/state.ts';
import { isRecord, readJsonFile, readTextFile, writeAtomic } from './folderIo.ts';

export const CONSOLE_META_FILE = 'console.json';

export interface FileInfo {
  readonly bytes: number;
  readonly mtimeMs: number;
  readonly sha256: string;
  readonly pages: number;
}

export interface ConsoleMeta {
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Agenda item keys by their index path ("0.1"). */
  readonly keys: Readonly<Record<string, string>>;
  /** Documents uploaded but listed under no agenda item. */
  readonly unattached: readonly DocumentSpec[];
  readonly files: Readonly<Record<string, FileInfo>>;
}

export const metaPath = (folder: string): string => path.join(folder, STATE_DIR, CONSOLE_META_FILE);

export function emptyMeta(now: string): ConsoleMeta {
  return { version: 1, createdAt: now, updatedAt: now, keys: {}, unattached: [], files: {} };
}

export async function loadMeta(folder: string): Promise<ConsoleMeta> {
  const raw = await readJsonFile(metaPath(folder));
  const now = new Date().toISOString();
  if (!isRecord(raw)) return emptyMeta(now);
  return {
    version: typeof raw['version'] === 'number' ? raw['version'] : 1,
    createdAt: typeof raw['createdAt'] === 'string' ? raw['createdAt'] : now,
    updatedAt: typeof raw['updatedAt'] === 'string' ? raw['updatedAt'] : now,
    keys: isRecord(raw['keys']) ? (raw['keys'] as Record<string, string>) : {},
    unattached: Array.isArray(raw['unattached']) ? raw['unattached'].filter(isDocSpec) : [],
    files: isRecord(raw['files']) ? (raw['files'] as Record<string, FileInfo>) : {},
  };
}

export const saveMeta = (folder: string, meta: ConsoleMeta): Promise<void> => writeAtomic(metaPath(folder), `${JSON.stringify(meta, null, 2)}\n`);

function isDocSpec(x: unknown): x is DocumentSpec {
  return isRecord(x) && typeof x['file'] === 'string' && typeof x['title'] === 'string' && typeof x['kind'] === 'string';
}

// ---- meeting.json, read loosely (a folder the clerk is still filling in may not pass the schema)

/** meeting.json as the console edits it; missing or malformed parts read as empty. */
export async function readMeetingLoose(folder: string): Promise<{ meeting: Omit<MeetingSpec, 'agenda'>; agenda: AgendaItemSpec[] }> {
  const raw = await readJsonFile(path.join(folder, MEETING_FILE));
  const m = isRecord(raw) ? raw : {};
  const str = (k: string): string => (typeof m[k] === 'string' ? m[k] : '');
  const { agenda: _agenda, ...rest } = m;
  const meeting = {
    ...rest,
    title: str('title'),
    body: str('body'),
    startsAt: str('startsAt'),
    place: str('place'),
    totalDelegates: typeof m['totalDelegates'] === 'number' ? m['totalDelegates'] : 0,
  } as Omit<MeetingSpec, 'agenda'>;
  return { meeting, agenda: Array.isArray(m['agenda']) ? m['agenda'].filter(isRecord).map(looseItem) : [] };
}

function looseItem(x: Record<string, unknown>): AgendaItemSpec {
  const docs = Array.isArray(x['documents']) ? x['documents'].filter(isDocSpec) : [];
  const items = Array.isArray(x['items']) ? x['items'].filter(isRecord).map(looseItem) : [];
  return {
    title: typeof x['title'] === 'string' ? x['title'] : '',
    ...(typeof x['presenter'] === 'string' ? { presenter: x['presenter'] } : {}),
    ...(typeof x['minutes'] === 'number' ? { minutes: x['minutes'] } : {}),
    ...(docs.length > 0 ? { documents: docs } : {}),
    ...(items.length > 0 ? { items } : {}),
  };
}

export async function readDelegatesLoose(folder: string): Promise<Delegate[]> {
  const text = await readTextFile(path.join(folder, DELEGATES_FILE));
  if (text === undefined) return [];
  return parseDelegates(text).delegates.map(({ line: _line, ...d }) => d);
}

export function delegatesCsv(delegates: readonly Delegate[]): string {
  return `\uFEFF${formatCsv([[...DELEGATES_HEADER], ...delegates.map((d) => [d.id, d.name, d.position, d.unit, d.group, d.role])])}`;
}

export async function writeMeeting(folder: string, meeting: Omit<MeetingSpec, 'agenda'>, agenda: readonly AgendaItemSpec[]): Promise<void> {
  await writeAtomic(path.join(folder, MEETING_FILE), `${JSON.stringify({ ...meeting, agenda }, null, 2)}\n`, 0o644);
}

export const writeDelegates = (folder: string, delegates: readonly Delegate[]): Promise<void> => writeAtomic(path.join(folder, DELEGATES_FILE), delegatesCsv(delegates), 0o644);

// ---- documents

/** Every document of the folder: the agenda's in order (depth first), then the unattached ones. */
export function allDocumentSpecs(agenda: readonly AgendaItemSpec[], meta: ConsoleMeta): DocumentSpec[] {
  const out: DocumentSpec[] = [];
  const walk = (items: readonly AgendaItemSpec[]): void => {
    for (const item of items) {
      out.push(...(item.documents ?? []));
      walk(item.items ?? []);
    }
  };
  walk(agenda);
  const listed = new Set(out.map((d) => normalizeFile(d.file)));
  return [...out, ...meta.unattached.filter((d) => !listed.has(normalizeFile(d.file)))];
}

export const normalizeFile = (file: string): string => path.posix.normalize(file.replace(/\\/g, '/')).replace(/^\.\//, '');

/** A path that stays inside the folder ("../x" or "/etc/x" never names a document the console reads). */
export const isInside = (file: string): boolean => !path.posix.isAbsolute(file) && file !== '..' && !file.startsWith('../') && !/^[A-Za-z]:/.test(file);

/** documentIdFor of each file, with "-2", "-3"… on the rare collision, in listing order. */
export function documentIds(specs: readonly DocumentSpec[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const d of specs) {
    const file = normalizeFile(d.file);
    if (ids.has(file)) continue;
    const base = documentIdFor(file);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 36)}-${n}`;
    ids.set(file, id);
    taken.add(id);
  }
  return ids;
}

/** Size, pages and SHA-256 of a file, from the cache while its size and mtime are unchanged. */
export async function fileInfo(folder: string, file: string, cached: FileInfo | undefined): Promise<FileInfo | undefined> {
  if (!isInside(file)) return undefined;
  let st;
  try {
    st = await lstat(path.join(folder, file));
  } catch {
    return undefined;
  }
  // A link is never followed (the publish validator reports one that leaves the folder).
  if (!st.isFile()) return undefined;
  if (cached && cached.bytes === st.size && cached.mtimeMs === st.mtimeMs) return cached;
  const bytes = new Uint8Array(await readFile(path.join(folder, file)));
  const check = await checkPdf(bytes);
  return { bytes: st.size, mtimeMs: st.mtimeMs, sha256: createHash('sha256').update(bytes).digest('hex'), pages: check.ok ? check.pages : 0 };
}

const asKind = (k: string): DocumentKind => (DOCUMENT_KINDS as readonly string[]).includes(k) ? (k as DocumentKind) : 'khac';

function toDraftDocument(spec: DocumentSpec, id: string, info: FileInfo | undefined): DraftDocument {
  return {
    documentId: id,
    file: normalizeFile(spec.file),
    title: spec.title,
    kind: asKind(spec.kind),
    confidential: spec.confidential === true,
    readers: [...(spec.readers ?? [])],
    bytes: info?.bytes ?? 0,
    pages: info?.pages ?? 0,
    sha256: info?.sha256 ?? '',
  };
}

const newKey = (): string => `k${randomBytes(6).toString('hex')}`;

function toDraftAgenda(items: readonly AgendaItemSpec[], ids: ReadonlyMap<string, string>, keys: Record<string, string>, prefix: string): DraftAgendaItem[] {
  return items.map((item, i) => {
    const at = prefix === '' ? String(i) : `${prefix}.${i}`;
    const key = keys[at] ?? newKey();
    keys[at] = key;
    return {
      key,
      title: item.title,
      ...(item.presenter !== undefined ? { presenter: item.presenter } : {}),
      ...(item.minutes !== undefined ? { minutes: item.minutes } : {}),
      documents: (item.documents ?? []).map((d) => ids.get(normalizeFile(d.file)) ?? ''),
      items: toDraftAgenda(item.items ?? [], ids, keys, at),
    };
  });
}

export interface FolderView {
  readonly draft: Omit<Draft, 'problems'>;
  readonly meta: ConsoleMeta;
  /** documentId → its spec (file and metadata). */
  readonly specs: ReadonlyMap<string, DocumentSpec>;
  readonly agendaSpec: readonly AgendaItemSpec[];
}

/** Reads the folder as a Draft; refreshes the file cache and the agenda keys in the meta (returned, not saved). */
export async function readFolder(folder: string, draftId: string): Promise<FolderView> {
  const meta = await loadMeta(folder);
  const { meeting, agenda } = await readMeetingLoose(folder);
  const specs = allDocumentSpecs(agenda, meta);
  const ids = documentIds(specs);
  const files: Record<string, FileInfo> = {};
  const documents: DraftDocument[] = [];
  const byId = new Map<string, DocumentSpec>();
  for (const spec of specs) {
    const file = normalizeFile(spec.file);
    const id = ids.get(file) ?? documentIdFor(file);
    if (byId.has(id)) continue;
    const info = await fileInfo(folder, file, meta.files[file]);
    if (info) files[file] = info;
    byId.set(id, { ...spec, file });
    documents.push(toDraftDocument(spec, id, info));
  }
  const keys: Record<string, string> = { ...meta.keys };
  const draftAgenda = toDraftAgenda(agenda, ids, keys, '');
  const state = await loadState(folder).catch(() => undefined);
  const draft: Omit<Draft, 'problems'> = {
    draftId,
    version: meta.version,
    meeting,
    agenda: draftAgenda,
    documents,
    delegates: await readDelegatesLoose(folder),
    publishedRevision: state?.revision ?? 0,
    ...(state ? { meetingId: state.meetingId } : {}),
  };
  return { draft, meta: { ...meta, keys: pruneKeys(keys, draftAgenda), files }, specs: byId, agendaSpec: agenda };
}

function pruneKeys(keys: Record<string, string>, agenda: readonly DraftAgendaItem[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (items: readonly DraftAgendaItem[], prefix: string): void =>
    items.forEach((item, i) => {
      const at = prefix === '' ? String(i) : `${prefix}.${i}`;
      if (keys[at] !== undefined) out[at] = keys[at];
      walk(item.items, at);
    });
  walk(agenda, '');
  return out;
}

/** The meeting.json agenda from the screen's agenda: documents by id become their specs. */
export function agendaToSpec(items: readonly DraftAgendaItem[], specOf: (id: string) => DocumentSpec | undefined, keys: Record<string, string>, prefix = ''): AgendaItemSpec[] {
  return items.map((item, i) => {
    const at = prefix === '' ? String(i) : `${prefix}.${i}`;
    keys[at] = item.key;
    const documents = item.documents.map(specOf).filter((d): d is DocumentSpec => d !== undefined);
    const sub = agendaToSpec(item.items, specOf, keys, at);
    return {
      title: item.title,
      ...(item.presenter !== undefined && item.presenter !== '' ? { presenter: item.presenter } : {}),
      ...(item.minutes !== undefined ? { minutes: item.minutes } : {}),
      ...(documents.length > 0 ? { documents } : {}),
      ...(sub.length > 0 ? { items: sub } : {}),
    };
  });
}

/** The agenda with `spec` added to the item at an index path ("1.0"); undefined when there is no such item. */
export function attachAt(agenda: readonly AgendaItemSpec[], itemPath: string, spec: DocumentSpec): AgendaItemSpec[] | undefined {
  const parts = itemPath.split('.').map((p) => (/^\d{1,4}$/.test(p) ? Number(p) : NaN));
  if (parts.some((n) => Number.isNaN(n))) return undefined;
  const [first, ...rest] = parts;
  if (first === undefined) return undefined;
  const item = agenda[first];
  if (!item) return undefined;
  let changed: AgendaItemSpec;
  if (rest.length === 0) changed = { ...item, documents: [...(item.documents ?? []), spec] };
  else {
    const sub = attachAt(item.items ?? [], rest.join('.'), spec);
    if (!sub) return undefined;
    changed = { ...item, items: sub };
  }
  return agenda.map((x, i) => (i === first ? changed : x));
}

/** A copy of the agenda with `fn` applied to every item's documents. */
export function mapDocuments(items: readonly AgendaItemSpec[], fn: (docs: readonly DocumentSpec[]) => readonly DocumentSpec[]): AgendaItemSpec[] {
  return items.map((item) => {
    const docs = fn(item.documents ?? []);
    const sub = mapDocuments(item.items ?? [], fn);
    const { documents: _d, items: _i, ...rest } = item;
    return { ...rest, ...(docs.length > 0 ? { documents: docs } : {}), ...(sub.length > 0 ? { items: sub } : {}) };
  });
}
