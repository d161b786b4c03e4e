// Which documents need new ciphertext, and the two streaming passes over them: one to learn the chunk
// hashes (what the server may be missing), one to upload only the missing chunks. Encryption with a given
// key and nonce prefix is deterministic, so the second pass reproduces the first byte for byte; memory stays
// at a few chunks whatever the size of the documents, and no ciphertext is spooled to disk.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { bilingualMessage } from '../../../common/i18n/messages.ts';
import { randomBytes } from '../../../common/pack/crypto.ts';
import { fromB64url, toB64url } from '../../../common/pack/encoding.ts';
import { CHUNK_SIZE, GCM_TAG_BYTES, KEY_BYTES, NONCE_PREFIX_BYTES, type ChunkRef } from '../../../common/pack/format.ts';
import { encryptDocument } from '../../../common/pack/stream.ts';
import { sealDocumentText, type SealedText } from '../../../common/search/documentText.ts';
import { CouncilError } from '../../../common/result.ts';
import type { AdminClient } from './adminClient.ts';
import type { CheckedDocument } from './documents.ts';
import type { OcrEngine, OcrStats } from './ocr.ts';
import { buildDocumentText, type PageMention } from './pageText.ts';
import type { DocumentState, PublisherState } from './state.ts';

export interface PlannedDocument {
  readonly doc: CheckedDocument;
  readonly id: string;
  readonly key: string;
  readonly noncePrefix: string;
  /** The revision in which this content (and key) first appeared. */
  readonly revision: number;
  /** True when the saved state already holds this exact content under this key. */
  readonly unchanged: boolean;
  chunks: readonly ChunkRef[];
  /** The page texts sealed with this document's key (extractTexts); their chunks travel beside the PDF's. */
  text?: SealedText;
}

export type PublishPhase = 'encrypt' | 'upload';
export interface PublishProgress {
  readonly phase: PublishPhase;
  /** Bytes done and in all, for the phase. */
  readonly done: number;
  readonly total: number;
}
export type ProgressListener = (p: PublishProgress) => void;

/** Reading the documents' pages: 'extract' counts every page of every document, 'ocr' the pages that need it. */
export interface TextProgress {
  readonly phase: 'extract' | 'ocr';
  readonly done: number;
  readonly total: number;
  readonly file: string;
}
export type TextProgressListener = (p: TextProgress) => void;

export function planDocuments(
  documents: readonly CheckedDocument[],
  ids: ReadonlyMap<string, string>,
  previous: PublisherState | undefined,
  revision: number,
): PlannedDocument[] {
  return documents.map((doc) => {
    const id = ids.get(doc.file);
    if (id === undefined) throw new Error(`no id for ${doc.file}`);
    const old = previous?.documents[doc.file];
    if (old && canReuse(old, doc, id)) {
      return { doc, id, key: old.key, noncePrefix: old.noncePrefix, revision: old.revision, unchanged: true, chunks: old.chunks };
    }
    return { doc, id, key: toB64url(randomBytes(KEY_BYTES)), noncePrefix: toB64url(randomBytes(NONCE_PREFIX_BYTES)), revision, unchanged: false, chunks: [] };
  });
}

/**
 * Same content, same id, same chunking, and no reader lost the right to read it: a document that became
 * confidential, or lost a reader, gets a new key (the old one is known to people who may not read it now).
 */
function canReuse(old: DocumentState, doc: CheckedDocument, id: string): boolean {
  if (old.sha256 !== doc.sha256 || old.bytes !== doc.bytes || old.id !== id || old.chunkSize !== CHUNK_SIZE) return false;
  if (doc.spec.confidential !== true) return true;
  const readers = new Set(doc.spec.readers ?? []);
  return old.confidential && old.readers.every((r) => readers.has(r));
}

/** Streams the file, checking that it still holds what was validated (size and SHA-256). */
async function* plaintext(doc: CheckedDocument): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const piece of createReadStream(doc.absolutePath, { highWaterMark: CHUNK_SIZE })) {
    const b = piece as Buffer;
    hash.update(b);
    bytes += b.length;
    yield new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  if (bytes !== doc.bytes || hash.digest('hex') !== doc.sha256) {
    throw new CouncilError('MEETING_INVALID', bilingualMessage('FILE_CHANGED_WHILE_PUBLISHING', { file: doc.file }));
  }
}

function encrypt(p: PlannedDocument): AsyncGenerator<{ index: number; hash: string; ciphertext: Uint8Array }> {
  const key = fromB64url(p.key);
  const noncePrefix = fromB64url(p.noncePrefix);
  if (!key || !noncePrefix) throw new CouncilError('INTERNAL', `bad key material for ${p.doc.file}`);
  return encryptDocument({ docId: p.id, key, noncePrefix, source: plaintext(p.doc), chunkSize: CHUNK_SIZE });
}

/** First pass: encrypts new content to learn its chunk list. */
export async function hashNewDocuments(planned: readonly PlannedDocument[], onProgress?: ProgressListener): Promise<void> {
  const todo = planned.filter((p) => !p.unchanged);
  const total = todo.reduce((n, p) => n + p.doc.bytes, 0);
  let done = 0;
  onProgress?.({ phase: 'encrypt', done, total });
  for (const p of todo) {
    const chunks: ChunkRef[] = [];
    for await (const c of encrypt(p)) {
      chunks.push({ hash: c.hash, size: c.ciphertext.length });
      done = Math.min(total, done + c.ciphertext.length - GCM_TAG_BYTES);
      onProgress?.({ phase: 'encrypt', done, total });
    }
    p.chunks = chunks;
  }
}

export interface UploadCount {
  /** Chunks of the documents (PDFs): uploaded, already on the server, bytes sent. */
  readonly uploadedChunks: number;
  readonly skippedChunks: number;
  readonly uploadedBytes: number;
  /** The same for the sealed page texts, counted apart (they are new in format 2). */
  readonly textChunks: { readonly uploaded: number; readonly skipped: number; readonly bytes: number };
}

/** Second pass: re-encrypts each document that has a missing chunk and uploads just those chunks, then the missing page-text chunks. */
export async function uploadMissing(planned: readonly PlannedDocument[], missing: ReadonlySet<string>, client: AdminClient, onProgress?: ProgressListener): Promise<UploadCount> {
  const docChunks = planned.flatMap((p) => p.chunks);
  const textChunks = planned.flatMap((p) => p.text?.chunks ?? []);
  const pending = new Set(missing);
  const total = [...docChunks.map((c) => ({ hash: c.hash, size: c.size })), ...textChunks.map((c) => ({ hash: c.hash, size: c.ciphertext.length }))]
    .filter((c, i, all) => missing.has(c.hash) && all.findIndex((o) => o.hash === c.hash) === i)
    .reduce((n, c) => n + c.size, 0);
  let done = 0;
  onProgress?.({ phase: 'upload', done, total });
  for (const p of planned.filter((x) => x.chunks.some((c) => pending.has(c.hash)))) {
    for await (const c of encrypt(p)) {
      if (p.chunks[c.index]?.hash !== c.hash) throw new CouncilError('MEETING_INVALID', bilingualMessage('FILE_CHANGED_WHILE_PUBLISHING', { file: p.doc.file }));
      if (!pending.delete(c.hash)) continue;
      await client.putChunk(c.hash, c.ciphertext);
      done += c.ciphertext.length;
      onProgress?.({ phase: 'upload', done, total });
    }
  }
  const docBytes = done;
  const uploadedChunks = new Set(docChunks.map((c) => c.hash).filter((h) => missing.has(h))).size;
  // Page texts are small and already sealed in memory: the missing ones go as they are.
  let textUploaded = 0;
  for (const c of textChunks) {
    if (!pending.delete(c.hash)) continue;
    await client.putChunk(c.hash, c.ciphertext);
    textUploaded++;
    done += c.ciphertext.length;
    onProgress?.({ phase: 'upload', done, total });
  }
  return {
    uploadedChunks,
    skippedChunks: new Set(docChunks.map((c) => c.hash)).size - uploadedChunks,
    uploadedBytes: docBytes,
    textChunks: { uploaded: textUploaded, skipped: new Set(textChunks.map((c) => c.hash)).size - textUploaded, bytes: done - docBytes },
  };
}

/** What reading the pages found, for the publish report. */
export interface TextReport {
  readonly pages: number;
  /** Pages whose text came from OCR, from a legacy-font table, and pages that stay unreadable. */
  readonly ocrPages: readonly PageMention[];
  readonly convertedPages: readonly PageMention[];
  readonly unreadablePages: readonly PageMention[];
  /** OCR runs of this publish and answers from the cache (undefined when OCR was off). */
  readonly ocr?: OcrStats;
  readonly extractMs: number;
  readonly ocrMs: number;
}

export interface ExtractTextsOptions {
  readonly ocr?: OcrEngine;
  readonly onProgress?: TextProgressListener;
}

/** Reads every document's pages (OCR where needed) and seals the texts with each document's key. */
export async function extractTexts(planned: readonly PlannedDocument[], options: ExtractTextsOptions = {}): Promise<TextReport> {
  const total = planned.reduce((n, p) => n + p.doc.pages, 0);
  const report = { pages: 0, ocrPages: [] as PageMention[], convertedPages: [] as PageMention[], unreadablePages: [] as PageMention[], extractMs: 0, ocrMs: 0 };
  for (const p of planned) {
    const bytes = new Uint8Array(await readFile(p.doc.absolutePath));
    if (bytes.length !== p.doc.bytes || createHash('sha256').update(bytes).digest('hex') !== p.doc.sha256) {
      throw new CouncilError('MEETING_INVALID', bilingualMessage('FILE_CHANGED_WHILE_PUBLISHING', { file: p.doc.file }));
    }
    const before = report.pages;
    const outcome = await buildDocumentText(p.id, p.doc.absolutePath, p.doc.sha256, bytes, {
      ...(options.ocr ? { ocr: options.ocr } : {}),
      onPage: (phase, done, of) => options.onProgress?.(phase === 'extract' ? { phase, done: before + done, total, file: p.doc.file } : { phase, done, total: of, file: p.doc.file }),
    });
    report.pages += outcome.text.pages.length;
    const mention = (page: number): PageMention => ({ documentId: p.id, file: p.doc.file, page });
    report.ocrPages.push(...outcome.ocred.map(mention));
    report.convertedPages.push(...outcome.converted.map(mention));
    report.unreadablePages.push(...outcome.unreadable.map(mention));
    report.extractMs += outcome.extractMs;
    report.ocrMs += outcome.ocrMs;
    const key = fromB64url(p.key);
    if (!key) throw new CouncilError('INTERNAL', `bad key material for ${p.doc.file}`);
    p.text = await sealDocumentText(outcome.text, key);
  }
  return { ...report, ...(options.ocr ? { ocr: options.ocr.stats } : {}) };
}
