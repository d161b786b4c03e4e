// The drafts of `<data>/drafts/<draftId>/`, each a meeting folder saved as the clerk works (every write atomic,
// one draft's writes serialised). Versions guard the screen's saves (DRAFT_CONFLICT); uploads do not bump the
// version (the screen sends several at once) and a save never deletes a file: a document no agenda item lists
// stays in the draft, unattached.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { lstat, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MAX_UPLOAD_BYTES, type AttachedFile, type Draft, type DraftSummary, type NewDraft, type SaveDraftRequest } from '../../../common/api/console.ts';
import { consoleMessage, consoleText } from '../../../common/i18n/consoleText.ts';
import type { Problem } from '../../../common/i18n/problems.ts';
import { DOCUMENT_KINDS, ROLES, type AgendaItemSpec, type DocumentKind, type DocumentSpec, type MeetingSpec } from '../../../common/meeting/types.ts';
import { documentIdFor } from '../../../common/pack/invite.ts';
import { foldVietnamese } from '../../../common/text/fold.ts';
import { CouncilError } from '../../../common/result.ts';
import { MeetingInvalidError } from '../publish/problems.ts';
import { extractPages } from '../publish/pageText.ts';
import { STATE_DIR } from '../publish/state.ts';
import { validateMeetingFolder } from '../publish/validate.ts';
import { acceptPdf, tooLarge } from './fileChecks.ts';
import { KeyedLock } from './folderIo.ts';
import {
  agendaToSpec,
  attachAt,
  emptyMeta,
  isInside,
  loadMeta,
  mapDocuments,
  normalizeFile,
  readFolder,
  saveMeta,
  writeDelegates,
  writeMeeting,
  type ConsoleMeta,
  type FileInfo,
  type FolderView,
} from './draftFolder.ts';
import { streamBodyTo } from './http.ts';

export const DRAFTS_DIR = 'drafts';
/** Where uploaded PDFs go inside a draft. */
export const FILES_DIR = 'tai-lieu';
const DRAFT_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** The temp files of an upload (receive) and of a key restore (routes.ts checkedState). */
const LEFTOVER = /^(upload|restore)-[0-9a-f]{12}\.tmp$/;
/** Quorum of a new draft: two thirds of the deputies (DOMAIN.md). */
export const DEFAULT_QUORUM = { numerator: 2, denominator: 3 } as const;
/** Voting of a new draft (VOTING.md): Tán thành / Không tán thành / Không biểu quyết; a cast vote stays cast. */
export const DEFAULT_VOTING = { labels: 'tan-thanh', changeUntilClose: false } as const;

const delegateSchema = z.object({ id: z.string(), name: z.string(), position: z.string(), unit: z.string(), group: z.string(), role: z.enum(ROLES) });
const agendaItemSchema: z.ZodType<SaveDraftRequest['agenda'][number]> = z.object({
  key: z.string(),
  title: z.string(),
  presenter: z.string().optional(),
  minutes: z.number().int().positive().optional(),
  documents: z.array(z.string()),
  items: z.array(z.lazy(() => agendaItemSchema)),
});
const saveSchema = z.object({
  version: z.number().int(),
  meeting: z.looseObject({ title: z.string(), body: z.string(), startsAt: z.string(), place: z.string(), totalDelegates: z.number().int() }),
  agenda: z.array(agendaItemSchema),
  documents: z.array(z.object({ documentId: z.string(), title: z.string(), kind: z.enum(DOCUMENT_KINDS), confidential: z.boolean(), readers: z.array(z.string()) })),
  delegates: z.array(delegateSchema),
});
const newDraftSchema = z.object({ title: z.string(), body: z.string(), startsAt: z.string(), place: z.string(), totalDelegates: z.number().int().nonnegative() });

export function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new CouncilError('BAD_REQUEST', consoleMessage('DRAFT_BODY_INVALID', { detail }));
}

/** A guess of the document kind from its file name ("To trinh 12.pdf" → to-trinh). */
export function guessKind(name: string): DocumentKind {
  const folded = foldVietnamese(name).toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const rules: readonly [RegExp, DocumentKind][] = [
    [/chuong-trinh/, 'chuong-trinh'],
    [/tham-tra/, 'bao-cao-tham-tra'],
    [/du-thao|nghi-quyet/, 'du-thao-nghi-quyet'],
    [/to-trinh/, 'to-trinh'],
    [/kien-nghi|cu-tri/, 'kien-nghi-cu-tri'],
    [/phu-luc/, 'phu-luc'],
    [/bao-cao/, 'bao-cao'],
  ];
  return rules.find(([re]) => re.test(folded))?.[1] ?? 'khac';
}

/** Pages read for the scan warning at most; a longer document is only checked at publish. */
const OCR_CHECK_MAX_PAGES = 500;

/** The pages publishing will OCR (no usable text layer); [] when unknown. */
async function pagesNeedingOcr(bytes: Uint8Array, pages: number): Promise<number[]> {
  if (pages > OCR_CHECK_MAX_PAGES) return [];
  try {
    return (await extractPages(bytes)).filter((p) => p.kind === 'needs-ocr').map((p) => p.page);
  } catch {
    return [];
  }
}

const titleOf = (name: string): string => path.basename(name).replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[_]+/g, ' ').trim() || name;

export class DraftStore {
  private readonly lock = new KeyedLock();
  private readonly problemCache = new Map<string, { key: string; problems: readonly Problem[] }>();

  /** `maxUpload`: MAX_UPLOAD_BYTES unless a test lowers it. */
  constructor(
    readonly dataDir: string,
    private readonly maxUpload = MAX_UPLOAD_BYTES,
  ) {}

  get root(): string {
    return path.join(this.dataDir, DRAFTS_DIR);
  }

  folderOf(draftId: string): string {
    if (!DRAFT_ID.test(draftId)) throw new CouncilError('NOT_FOUND', consoleMessage('DRAFT_NOT_FOUND', { id: draftId }));
    return path.join(this.root, draftId);
  }

  async existingFolder(draftId: string): Promise<string> {
    const folder = this.folderOf(draftId);
    const st = await stat(folder).catch(() => undefined);
    if (!st?.isDirectory()) throw new CouncilError('NOT_FOUND', consoleMessage('DRAFT_NOT_FOUND', { id: draftId }));
    return folder;
  }

  /** Runs `fn` holding the draft's write lock. */
  locked<T>(draftId: string, fn: (folder: string) => Promise<T>): Promise<T> {
    return this.lock.run(draftId, async () => fn(await this.existingFolder(draftId)));
  }

  async list(): Promise<DraftSummary[]> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const out: DraftSummary[] = [];
    for (const name of (await readdir(this.root)).sort()) {
      if (!DRAFT_ID.test(name)) continue;
      const view = await readFolder(path.join(this.root, name), name).catch(() => undefined);
      if (!view) continue;
      await this.keepCache(name, view);
      const d = view.draft;
      out.push({ draftId: name, title: d.meeting.title, startsAt: d.meeting.startsAt, publishedRevision: d.publishedRevision, ...(d.meetingId ? { meetingId: d.meetingId } : {}), updatedAt: view.meta.updatedAt });
    }
    // The draft worked on last comes first.
    return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /**
   * Removes what a console stopped mid-request left in the drafts' .council/ (an upload streamed half way, up to
   * MAX_UPLOAD_BYTES each; a key restore's scratch copy). Called at start, when no request can be using them.
   */
  async sweepLeftovers(): Promise<void> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    for (const name of names.filter((n) => DRAFT_ID.test(n))) {
      const dir = path.join(this.root, name, STATE_DIR);
      const left = (await readdir(dir).catch(() => [] as string[])).filter((n) => LEFTOVER.test(n));
      for (const n of left) await rm(path.join(dir, n), { recursive: true, force: true });
    }
  }

  /** A new, empty folder under drafts/ with a fresh id. */
  async newFolder(): Promise<{ draftId: string; folder: string }> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const draftId = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
    const folder = path.join(this.root, draftId);
    await mkdir(path.join(folder, STATE_DIR), { recursive: true, mode: 0o700 });
    return { draftId, folder };
  }

  async create(body: unknown): Promise<Draft> {
    const input: NewDraft = parseBody(newDraftSchema, body);
    const { draftId, folder } = await this.newFolder();
    const meeting: Omit<MeetingSpec, 'agenda'> = { ...input, quorum: DEFAULT_QUORUM, voting: DEFAULT_VOTING };
    await writeMeeting(folder, meeting, [{ title: consoleText('vi', 'DEFAULT_ITEM_OPENING') }]);
    await writeDelegates(folder, []);
    await saveMeta(folder, emptyMeta(new Date().toISOString()));
    return this.get(draftId);
  }

  async view(draftId: string): Promise<FolderView> {
    const folder = await this.existingFolder(draftId);
    return readFolder(folder, draftId);
  }

  async get(draftId: string): Promise<Draft> {
    const folder = await this.existingFolder(draftId);
    const view = await readFolder(folder, draftId);
    await this.keepCache(draftId, view);
    return { ...view.draft, problems: await this.problemsOf(draftId, folder, view.meta) };
  }

  /** Saves the files' hashes (and new agenda keys) a read computed, so the next read does not hash the PDFs again. */
  private async keepCache(draftId: string, view: FolderView): Promise<void> {
    await this.locked(draftId, async (folder) => {
      const stored = await loadMeta(folder);
      // A write since the read: its own meta wins (an entry is only used while the file's size and mtime match).
      if (stored.version !== view.meta.version || stored.updatedAt !== view.meta.updatedAt) return;
      if (JSON.stringify(stored.files) === JSON.stringify(view.meta.files) && JSON.stringify(stored.keys) === JSON.stringify(view.meta.keys)) return;
      await saveMeta(folder, { ...stored, files: view.meta.files, keys: view.meta.keys });
    });
  }

  /** The publish validator's problems of the saved folder (cached while nothing changed). */
  async problemsOf(draftId: string, folder: string, meta: ConsoleMeta): Promise<readonly Problem[]> {
    const key = JSON.stringify([meta.version, meta.updatedAt, meta.files]);
    const cached = this.problemCache.get(draftId);
    if (cached?.key === key) return cached.problems;
    let problems: readonly Problem[] = [];
    try {
      await validateMeetingFolder(folder);
    } catch (e) {
      if (!(e instanceof MeetingInvalidError)) throw e;
      problems = e.problems;
    }
    this.problemCache.set(draftId, { key, problems });
    return problems;
  }

  async save(draftId: string, body: unknown): Promise<Draft> {
    const req = parseBody(saveSchema, body) as SaveDraftRequest;
    await this.locked(draftId, async (folder) => {
      const view = await readFolder(folder, draftId);
      if (req.version !== view.meta.version) throw new CouncilError('DRAFT_CONFLICT', consoleMessage('DRAFT_CONFLICT'));
      const edits = new Map(req.documents.map((d) => [d.documentId, d]));
      const specOf = (id: string): DocumentSpec | undefined => {
        const spec = view.specs.get(id);
        if (!spec) throw new CouncilError('BAD_REQUEST', consoleMessage('DOCUMENT_UNKNOWN', { id }));
        const e = edits.get(id);
        if (!e) return spec;
        return { file: spec.file, title: e.title, kind: e.kind, ...(e.confidential ? { confidential: true, readers: [...e.readers] } : {}) };
      };
      const keys: Record<string, string> = {};
      const agenda = agendaToSpec(req.agenda, specOf, keys);
      const listed = new Set(listFiles(agenda));
      const unattached = [...view.specs.entries()].filter(([, s]) => !listed.has(s.file)).map(([id]) => specOf(id)).filter((d): d is DocumentSpec => d !== undefined);
      const { agenda: _ignored, ...meeting } = req.meeting as MeetingSpec;
      await writeMeeting(folder, meeting, agenda);
      await writeDelegates(folder, req.delegates);
      await saveMeta(folder, { ...view.meta, version: view.meta.version + 1, updatedAt: new Date().toISOString(), keys, unattached });
    });
    return this.get(draftId);
  }

  async remove(draftId: string): Promise<void> {
    await this.locked(draftId, async (folder) => {
      await rm(folder, { recursive: true, force: true });
      this.problemCache.delete(draftId);
    });
  }

  /** Streams an upload to a temp file of the draft and checks it; the caller moves or removes it. */
  private async receive(folder: string, req: IncomingMessage, name: string): Promise<{ tmp: string; size: number; pages: number; sha256: string; ocrPages: number[] }> {
    const tmp = path.join(folder, STATE_DIR, `upload-${randomBytes(6).toString('hex')}.tmp`);
    await mkdir(path.dirname(tmp), { recursive: true, mode: 0o700 });
    const size = await streamBodyTo(req, tmp, this.maxUpload, (n) => tooLarge(name, n, this.maxUpload));
    try {
      const bytes = new Uint8Array(await readFile(tmp));
      const pages = await acceptPdf(bytes, name);
      return { tmp, size, pages, sha256: createHash('sha256').update(bytes).digest('hex'), ocrPages: await pagesNeedingOcr(bytes, pages) };
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async upload(draftId: string, req: IncomingMessage, name: string, itemPath: string | undefined): Promise<AttachedFile> {
    const folder = await this.existingFolder(draftId);
    const got = await this.receive(folder, req, name);
    const documentId = await this.locked(draftId, async () => {
      try {
        const view = await readFolder(folder, draftId);
        const file = uniqueFile(name, new Set([...view.specs.values()].map((s) => s.file)), new Set(view.specs.keys()));
        const spec: DocumentSpec = { file, title: titleOf(name), kind: guessKind(name) };
        let agenda: AgendaItemSpec[] = [...view.agendaSpec];
        let unattached = [...view.meta.unattached];
        if (itemPath !== undefined && itemPath !== '') {
          const attached = attachAt(agenda, itemPath, spec);
          if (!attached) throw new CouncilError('BAD_REQUEST', consoleMessage('ITEM_PATH_INVALID', { path: itemPath }));
          agenda = attached;
        } else unattached = [...unattached, spec];
        await mkdir(path.join(folder, path.dirname(file)), { recursive: true });
        await rename(got.tmp, path.join(folder, file));
        if (agenda !== view.agendaSpec) await writeMeeting(folder, view.draft.meeting, agenda);
        await saveMeta(folder, { ...view.meta, updatedAt: new Date().toISOString(), unattached, files: { ...view.meta.files, [file]: await infoOf(folder, file, got) } });
        return documentIdFor(file);
      } finally {
        await rm(got.tmp, { force: true });
      }
    });
    return { document: await this.document(draftId, documentId), warnings: [], ocrPages: got.ocrPages };
  }

  async document(draftId: string, documentId: string): Promise<Draft['documents'][number]> {
    const view = await this.view(draftId);
    const doc = view.draft.documents.find((d) => d.documentId === documentId);
    if (!doc) throw new CouncilError('NOT_FOUND', consoleMessage('DOCUMENT_UNKNOWN', { id: documentId }));
    return doc;
  }

  /** A new version of one document: the same file path, so the same id; republishing sends only it. */
  async replace(draftId: string, documentId: string, req: IncomingMessage, name: string): Promise<AttachedFile> {
    const folder = await this.existingFolder(draftId);
    const doc = await this.document(draftId, documentId);
    if (!isInside(doc.file)) throw new CouncilError('NOT_FOUND', consoleMessage('DOCUMENT_UNKNOWN', { id: documentId }));
    const got = await this.receive(folder, req, name || doc.file);
    await this.locked(draftId, async () => {
      try {
        await rename(got.tmp, path.join(folder, doc.file));
        const meta = await loadMeta(folder);
        await saveMeta(folder, { ...meta, updatedAt: new Date().toISOString(), files: { ...meta.files, [doc.file]: await infoOf(folder, doc.file, got) } });
      } finally {
        await rm(got.tmp, { force: true });
      }
    });
    return { document: await this.document(draftId, documentId), warnings: [], ocrPages: got.ocrPages };
  }

  async removeFile(draftId: string, documentId: string): Promise<void> {
    await this.locked(draftId, async (folder) => {
      const view = await readFolder(folder, draftId);
      const spec = view.specs.get(documentId);
      if (!spec) throw new CouncilError('NOT_FOUND', consoleMessage('DOCUMENT_UNKNOWN', { id: documentId }));
      const agenda = mapDocuments(view.agendaSpec, (docs) => docs.filter((d) => normalizeFile(d.file) !== spec.file));
      await writeMeeting(folder, view.draft.meeting, agenda);
      await saveMeta(folder, { ...view.meta, updatedAt: new Date().toISOString(), unattached: view.meta.unattached.filter((d) => normalizeFile(d.file) !== spec.file) });
      if (isInside(spec.file)) await rm(path.join(folder, spec.file), { force: true });
    });
  }

  /** The document's file, only when it is a plain file inside the draft (never a link, never outside). */
  async filePath(draftId: string, documentId: string): Promise<{ file: string; name: string }> {
    const folder = await this.existingFolder(draftId);
    const doc = await this.document(draftId, documentId);
    const file = path.join(folder, doc.file);
    const st = isInside(doc.file) ? await lstat(file).catch(() => undefined) : undefined;
    if (!st?.isFile()) throw new CouncilError('NOT_FOUND', consoleMessage('DOCUMENT_UNKNOWN', { id: documentId }));
    return { file, name: path.basename(doc.file) };
  }
}

/** The cache entry of a file just written (what the upload check measured), so no read hashes it again. */
async function infoOf(folder: string, file: string, got: { size: number; pages: number; sha256: string }): Promise<FileInfo> {
  const st = await stat(path.join(folder, file));
  return { bytes: got.size, mtimeMs: st.mtimeMs, sha256: got.sha256, pages: got.pages };
}

function listFiles(agenda: readonly AgendaItemSpec[]): string[] {
  return agenda.flatMap((item) => [...(item.documents ?? []).map((d) => normalizeFile(d.file)), ...listFiles(item.items ?? [])]);
}

/** tai-lieu/<folded name>.pdf, unique in the draft by file and by document id. */
function uniqueFile(name: string, files: ReadonlySet<string>, ids: ReadonlySet<string>): string {
  const base = foldVietnamese(titleOf(name)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30) || 'tai-lieu';
  for (let n = 1; ; n++) {
    const file = `${FILES_DIR}/${n === 1 ? base : `${base}-${n}`}.pdf`;
    if (!files.has(file) && !ids.has(documentIdFor(file))) return file;
  }
}
