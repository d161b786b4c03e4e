// The page texts of one document (issue 9): extracted or OCRed on the publisher's machine, sealed with the
// document's own key inside the pack (docs/pack-format.md, "Page texts"), read back on the device for search.
// A confidential document's text is under its key, so only its readers can ever index it.
import { z } from 'zod';
import { hkdf, sha256Hex } from '../pack/crypto.ts';
import { toB64url, utf8Decode, utf8Encode } from '../pack/encoding.ts';
import { CHUNK_SIZE, NONCE_PREFIX_BYTES, type ChunkRef, type TextBlobRef } from '../pack/format.ts';
import { decryptDocument, encryptDocument, type HasherFactory } from '../pack/stream.ts';
import { CouncilError } from '../result.ts';

export const DOCUMENT_TEXT_VERSION = 1;

export const PAGE_TEXT_SOURCES = ['pdf', 'ocr', 'converted', 'none'] as const;
/** pdf: the PDF's own text layer; ocr: recognised from the rendered page; converted: a legacy TCVN3/VNI text layer turned into Unicode; none: unreadable. */
export type PageTextSource = (typeof PAGE_TEXT_SOURCES)[number];

/**
 * Where a word sits on an OCRed page: `start`/`end` index the page's `text` (UTF-16, end exclusive), the box is
 * in fractions (0…1) of the page's width and height from the top-left corner, so it fits any zoom.
 */
export interface WordBox {
  readonly start: number;
  readonly end: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface PageText {
  /** 1-based; every page of the document is present, in order. */
  readonly page: number;
  /** NFC; empty when `source` is 'none'. */
  readonly text: string;
  readonly source: PageTextSource;
  /** OCRed pages only: where each recognised word is (a text-layer page highlights through pdf.js instead). */
  readonly boxes?: readonly WordBox[];
}

export interface DocumentText {
  readonly version: typeof DOCUMENT_TEXT_VERSION;
  readonly documentId: string;
  readonly pages: readonly PageText[];
}

const fraction = z.number().min(0).max(1);
const wordBoxSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative(), x: fraction, y: fraction, w: fraction, h: fraction });

const pageTextSchema = z.object({
  page: z.number().int().positive(),
  text: z.string(),
  source: z.enum(PAGE_TEXT_SOURCES),
  boxes: z.array(wordBoxSchema).optional(),
});

export const documentTextSchema: z.ZodType<DocumentText> = z
  .object({
    version: z.literal(DOCUMENT_TEXT_VERSION),
    documentId: z.string().min(1),
    pages: z.array(pageTextSchema),
  })
  .superRefine((t, ctx) => {
    t.pages.forEach((p, i) => {
      if (p.page !== i + 1) ctx.addIssue({ code: 'custom', message: `page ${i + 1} is numbered ${p.page}`, path: ['pages', i, 'page'] });
      for (const b of p.boxes ?? []) if (b.end < b.start || b.end > p.text.length) ctx.addIssue({ code: 'custom', message: 'a word box points outside its page text', path: ['pages', i, 'boxes'] });
    });
  });

/** Checks a decoded DocumentText; anything else is PACK_FORMAT. */
export function parseDocumentText(json: unknown, documentId?: string): DocumentText {
  const parsed = documentTextSchema.safeParse(json);
  if (!parsed.success) throw new CouncilError('PACK_FORMAT', `the page texts are malformed: ${parsed.error.issues[0]?.message ?? ''}`);
  if (documentId !== undefined && parsed.data.documentId !== documentId) throw new CouncilError('PACK_FORMAT', `the page texts belong to document ${parsed.data.documentId}, not ${documentId}`);
  return parsed.data;
}

// ---- sealing: the text blob is a STREAM-encrypted byte string like the PDF, under a key derived from the
// document key (so its nonces can never collide with the PDF's), addressed by the SHA-256 of each chunk.

const TEXT_KEY_SALT = 'council/text/v1';
const TEXT_NONCE_SALT = 'council/text-nonce/v1';

/** The text key: HKDF-SHA-256(DK, salt "council/text/v1", info = document id). */
export function textKeyOf(documentKey: Uint8Array, documentId: string): Promise<Uint8Array> {
  return hkdf(documentKey, TEXT_KEY_SALT, documentId, 32);
}

/**
 * The nonce prefix is derived from the text itself (SIV-like): the same text under the same key encrypts to the
 * same chunks, so republishing an unchanged document re-sends nothing and needs no saved state; another text
 * gets another prefix.
 */
function textNoncePrefix(documentKey: Uint8Array, documentId: string, plainSha256: string): Promise<Uint8Array> {
  return hkdf(documentKey, TEXT_NONCE_SALT, `${documentId}\0${plainSha256}`, NONCE_PREFIX_BYTES);
}

/** Canonical bytes of a DocumentText (key order fixed by construction: version, documentId, pages). */
export function documentTextBytes(text: DocumentText): Uint8Array {
  const pages = text.pages.map((p) => ({ page: p.page, text: p.text, source: p.source, ...(p.boxes ? { boxes: p.boxes.map((b) => ({ start: b.start, end: b.end, x: b.x, y: b.y, w: b.w, h: b.h })) } : {}) }));
  return utf8Encode(JSON.stringify({ version: text.version, documentId: text.documentId, pages }));
}

export interface SealedText {
  readonly ref: TextBlobRef;
  /** Ciphertext chunks by address, in order (what the publisher uploads). */
  readonly chunks: readonly { readonly hash: string; readonly ciphertext: Uint8Array }[];
}

/** Encrypts a document's page texts with (a key derived from) its document key. */
export async function sealDocumentText(text: DocumentText, documentKey: Uint8Array): Promise<SealedText> {
  const plain = documentTextBytes(text);
  const sha256 = await sha256Hex(plain);
  const key = await textKeyOf(documentKey, text.documentId);
  const prefix = await textNoncePrefix(documentKey, text.documentId, sha256);
  const chunks: { hash: string; ciphertext: Uint8Array }[] = [];
  for await (const c of encryptDocument({ docId: text.documentId, key, noncePrefix: prefix, source: plain, chunkSize: CHUNK_SIZE })) chunks.push({ hash: c.hash, ciphertext: c.ciphertext });
  const refs: ChunkRef[] = chunks.map((c) => ({ hash: c.hash, size: c.ciphertext.length }));
  return { ref: { bytes: plain.length, sha256, noncePrefix: toB64url(prefix), chunkSize: CHUNK_SIZE, chunks: refs }, chunks };
}

export interface OpenTextInput {
  readonly documentId: string;
  readonly ref: TextBlobRef;
  readonly documentKey: Uint8Array;
  /** Returns chunk `index`'s ciphertext (the device store, the server…). */
  readonly readChunk: (index: number, hash: string) => Promise<Uint8Array>;
  readonly hasherFactory?: HasherFactory;
}

/** Decrypts and checks a text blob (each chunk authenticated, length and SHA-256 against the signed manifest). */
export async function openDocumentText(input: OpenTextInput): Promise<DocumentText> {
  const key = await textKeyOf(input.documentKey, input.documentId);
  const entry = { id: input.documentId, noncePrefix: input.ref.noncePrefix, chunks: input.ref.chunks, sha256: input.ref.sha256, bytes: input.ref.bytes };
  const out = new Uint8Array(input.ref.bytes);
  let offset = 0;
  for await (const plain of decryptDocument({ entry, key, readChunk: input.readChunk, ...(input.hasherFactory ? { hasherFactory: input.hasherFactory } : {}) })) {
    if (offset + plain.length > out.length) throw new CouncilError('PACK_PLAINTEXT_MISMATCH', `document ${input.documentId}: the page texts are longer than the manifest says`);
    out.set(plain, offset);
    offset += plain.length;
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8Decode(out));
  } catch {
    throw new CouncilError('PACK_FORMAT', `document ${input.documentId}: the page texts are not JSON`);
  }
  return parseDocumentText(json, input.documentId);
}
