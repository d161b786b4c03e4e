// Checks of the documents listed in meeting.json: where the file is, that it is a readable PDF, and who may
// read it. Each problem points at the line of the document's "file" (or of the offending reader).
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AgendaItemSpec, DocumentSpec, Role } from '../../../common/meeting/types.ts';
import { lineOf, type JsonPath, type LocatedJson } from './jsonLines.ts';
import { checkPdf } from './pdfCheck.ts';
import type { Problem, ProblemBody } from './problems.ts';

export const MEETING_FILE = 'meeting.json';

/** What the checks need of a document; a schema-valid DocumentSpec or the loose reading of an invalid file. */
export interface LooseDocument {
  readonly file: string;
  readonly confidential?: boolean | undefined;
  readonly readers?: readonly string[] | undefined;
}

/** A document as listed in meeting.json, with where it sits in the agenda and in the text. */
export interface ListedDocument<S extends LooseDocument = DocumentSpec> {
  readonly spec: S;
  /** Indices of the agenda items leading to it: [1, 0] is agenda[1].items[0]. */
  readonly agendaPath: readonly number[];
  /** JSON path of the document object, for line lookups. */
  readonly jsonPath: JsonPath;
}

export interface CheckedDocument<S extends LooseDocument = DocumentSpec> extends ListedDocument<S> {
  /** Normalised path relative to the meeting folder, with "/" separators. */
  readonly file: string;
  readonly absolutePath: string;
  readonly bytes: number;
  readonly pages: number;
  /** SHA-256 of the plaintext, lowercase hex. */
  readonly sha256: string;
}

export function listDocuments(agenda: readonly AgendaItemSpec[]): ListedDocument[] {
  const out: ListedDocument[] = [];
  const walk = (items: readonly AgendaItemSpec[], agendaPath: readonly number[], jsonPath: JsonPath): void => {
    items.forEach((item, i) => {
      const here = [...agendaPath, i];
      const itemPath = [...jsonPath, i];
      (item.documents ?? []).forEach((spec, d) => out.push({ spec, agendaPath: here, jsonPath: [...itemPath, 'documents', d] }));
      walk(item.items ?? [], here, [...itemPath, 'items']);
    });
  };
  walk(agenda, [], ['agenda']);
  return out;
}

/**
 * Lists documents from meeting.json that failed the schema, so that missing files, bad PDFs and readers are
 * still reported in the same run: takes every object with a string "file" under agenda[*](.items[*])*.documents.
 */
export function listLooseDocuments(root: unknown): ListedDocument<LooseDocument>[] {
  const out: ListedDocument<LooseDocument>[] = [];
  const walk = (items: unknown, agendaPath: readonly number[], jsonPath: JsonPath): void => {
    if (!Array.isArray(items)) return;
    items.forEach((item: unknown, i) => {
      if (!isRecord(item)) return;
      const here = [...agendaPath, i];
      const itemPath = [...jsonPath, i];
      const docs: unknown = item['documents'];
      if (Array.isArray(docs)) docs.forEach((d: unknown, k) => pushLoose(out, d, here, [...itemPath, 'documents', k]));
      walk(item['items'], here, [...itemPath, 'items']);
    });
  };
  walk(isRecord(root) ? root['agenda'] : undefined, [], ['agenda']);
  return out;
}

function pushLoose(out: ListedDocument<LooseDocument>[], d: unknown, agendaPath: readonly number[], jsonPath: JsonPath): void {
  if (!isRecord(d) || typeof d['file'] !== 'string') return;
  const readers: unknown = d['readers'];
  const spec: LooseDocument = {
    file: d['file'],
    confidential: d['confidential'] === true,
    readers: Array.isArray(readers) ? readers.filter((r): r is string => typeof r === 'string') : undefined,
  };
  out.push({ spec, agendaPath, jsonPath });
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export interface CheckContext {
  readonly folder: string;
  readonly located: LocatedJson;
  readonly problems: Problem[];
}

const fileLine = (ctx: CheckContext, doc: ListedDocument<LooseDocument>): number => lineOf(ctx.located, [...doc.jsonPath, 'file']);
const report = (ctx: CheckContext, line: number, body: ProblemBody): void => void ctx.problems.push({ file: MEETING_FILE, line, ...body });

/** Resolves a document's path inside the folder; reports a path that leaves it. */
export function resolveInside(folder: string, file: string): { relative: string; absolute: string } | undefined {
  if (file.includes('\\') || file.includes('\0') || path.isAbsolute(file)) return undefined;
  const absolute = path.resolve(folder, file);
  const relative = path.relative(folder, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return { relative: relative.split(path.sep).join('/'), absolute };
}

/** Checks every listed document; returns those that passed. Duplicate listings are reported once each. */
export async function checkDocuments<S extends LooseDocument>(ctx: CheckContext, listed: readonly ListedDocument<S>[]): Promise<CheckedDocument<S>[]> {
  const seen = new Map<string, number>();
  const out: CheckedDocument<S>[] = [];
  for (const doc of listed) {
    const where = resolveInside(ctx.folder, doc.spec.file);
    const line = fileLine(ctx, doc);
    if (!where) {
      report(ctx, line, { code: 'FILE_OUTSIDE_FOLDER', params: { file: doc.spec.file } });
      continue;
    }
    const first = seen.get(where.relative);
    if (first !== undefined) {
      report(ctx, line, { code: 'FILE_LISTED_TWICE', params: { file: where.relative, firstLine: first } });
      continue;
    }
    seen.set(where.relative, line);
    const checked = await checkFile(ctx, doc, line, where);
    if (checked) out.push(checked);
  }
  return out;
}

async function checkFile<S extends LooseDocument>(
  ctx: CheckContext,
  doc: ListedDocument<S>,
  line: number,
  where: { relative: string; absolute: string },
): Promise<CheckedDocument<S> | undefined> {
  const name = where.relative;
  const info = await stat(where.absolute).catch(() => undefined);
  if (!info?.isFile()) {
    report(ctx, line, { code: 'DOCUMENT_NOT_FOUND', params: { file: name } });
    return undefined;
  }
  if (!(await staysInside(ctx.folder, where.absolute))) {
    report(ctx, line, { code: 'DOCUMENT_LINKS_OUTSIDE', params: { file: name } });
    return undefined;
  }
  const bytes = new Uint8Array(await readFile(where.absolute));
  const pdf = await checkPdf(bytes);
  if (!pdf.ok) {
    report(ctx, line, pdfProblem(name, pdf.reason, pdf.detail));
    return undefined;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { ...doc, file: name, absolutePath: where.absolute, bytes: bytes.length, pages: pdf.pages, sha256 };
}

async function staysInside(folder: string, absolute: string): Promise<boolean> {
  const [root, real] = await Promise.all([realpath(folder), realpath(absolute)]);
  const rel = path.relative(root, real);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function pdfProblem(file: string, reason: 'not-pdf' | 'password' | 'broken', detail: string | undefined): ProblemBody {
  switch (reason) {
    case 'not-pdf':
      return { code: 'DOCUMENT_NOT_PDF', params: { file } };
    case 'password':
      return { code: 'DOCUMENT_PASSWORD', params: { file } };
    case 'broken':
      return { code: 'DOCUMENT_DAMAGED', params: { file, detail: detail ?? '' } };
  }
}

/** Reader rules: readers only on confidential documents, every reader in delegates.csv, never a hall screen. */
export function checkReaders(ctx: CheckContext, listed: readonly ListedDocument<LooseDocument>[], roles: ReadonlyMap<string, Role>): void {
  for (const doc of listed) {
    const readers = doc.spec.readers ?? [];
    const line = lineOf(ctx.located, [...doc.jsonPath, doc.spec.readers ? 'readers' : 'file']);
    if (doc.spec.confidential === true && readers.length === 0)
      report(ctx, line, { code: 'CONFIDENTIAL_WITHOUT_READERS', params: { file: doc.spec.file } });
    if (doc.spec.confidential !== true && readers.length > 0)
      report(ctx, line, { code: 'READERS_NOT_CONFIDENTIAL', params: {} });
    readers.forEach((id, i) => checkReader(ctx, lineOf(ctx.located, [...doc.jsonPath, 'readers', i]), id, roles));
  }
}

function checkReader(ctx: CheckContext, line: number, id: string, roles: ReadonlyMap<string, Role>): void {
  const role = roles.get(id);
  if (role === undefined) report(ctx, line, { code: 'READER_UNKNOWN', params: { id } });
  else if (role === 'observer')
    report(ctx, line, { code: 'READER_IS_OBSERVER', params: { id } });
}
