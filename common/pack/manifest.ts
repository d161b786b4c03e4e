// The signed, encrypted manifest; sealed confidential entries; per-delegate key bundles.
import { z } from 'zod';
import { DOCUMENT_KINDS, ROLES } from '../meeting/types.ts';
import { CouncilError } from '../result.ts';
import { aesGcmDecrypt, aesGcmEncrypt, ed25519Sign, ed25519Verify, importAesKey, randomBytes, type PublisherKeys } from './crypto.ts';
import { fromB64url, toB64url, utf8Decode, utf8Encode } from './encoding.ts';
import {
  HASH_PATTERN,
  ID_PATTERN,
  isSupportedPackFormat,
  SUPPORTED_PACK_FORMATS,
  type AgendaNode,
  type DocumentEntry,
  type KeyBundle,
  type ManifestEnvelope,
  type PackManifest,
  type SealedDocumentEntry,
  type WrappedKeys,
} from './format.ts';

const b64 = z.string().regex(/^[A-Za-z0-9_-]*$/);
const id = z.string().regex(ID_PATTERN);

const chunkRefSchema = z.object({ hash: z.string().regex(HASH_PATTERN), size: z.number().int().nonnegative() });

/** Format 2: a document's sealed page texts (common/search/documentText.ts). */
const textBlobSchema = z.object({
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(HASH_PATTERN),
  noncePrefix: b64,
  chunkSize: z.number().int().positive(),
  chunks: z.array(chunkRefSchema).min(1),
});

const documentEntrySchema = z.object({
  id,
  title: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  agendaItemId: z.string(),
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  sha256: z.string().regex(HASH_PATTERN),
  confidential: z.boolean(),
  readers: z.array(id).optional(),
  revision: z.number().int().positive(),
  key: b64.optional(),
  noncePrefix: b64,
  chunkSize: z.number().int().positive(),
  chunks: z.array(chunkRefSchema).min(1),
  text: textBlobSchema.optional(),
});

const agendaNodeSchema: z.ZodType<AgendaNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    presenter: z.string().optional(),
    minutes: z.number().optional(),
    documentIds: z.array(z.string()),
    items: z.array(agendaNodeSchema),
  }),
);

const manifestSchema = z.object({
  format: z.literal(SUPPORTED_PACK_FORMATS),
  meetingId: id,
  revision: z.number().int().positive(),
  publishedAt: z.string(),
  meeting: z.object({
    title: z.string(),
    body: z.string(),
    startsAt: z.string(),
    place: z.string(),
    totalDelegates: z.number().int().positive(),
    quorum: z.object({ numerator: z.number().int().positive(), denominator: z.number().int().positive() }),
    lease: z.object({ hours: z.number().int().positive(), confidentialHours: z.number().int().positive() }).optional(),
  }),
  agenda: z.array(agendaNodeSchema),
  delegates: z.array(z.object({ id, name: z.string(), position: z.string(), unit: z.string(), group: z.string(), role: z.enum(ROLES) })),
  documents: z.array(documentEntrySchema),
  sealedDocuments: z.array(z.object({ id, nonce: b64, ciphertext: b64 })),
  voting: z.unknown().optional(),
  notes: z.object({ signers: z.record(id, b64), opinionKey: b64, opinionConfidentialKey: b64.optional() }).optional(),
});

const envelopeSchema = z.object({
  format: z.number(),
  meetingId: id,
  revision: z.number().int().positive(),
  publisherKey: b64,
  nonce: b64,
  ciphertext: b64,
  signature: b64,
});

function bytesOf(text: string, what: string): Uint8Array {
  const b = fromB64url(text);
  if (!b) throw new CouncilError('PACK_FORMAT', `${what} is not base64url`);
  return b;
}

const manifestAad = (e: Pick<ManifestEnvelope, 'meetingId' | 'revision' | 'publisherKey'>) =>
  utf8Encode(`council/manifest/v1\0${e.meetingId}\0${e.revision}\0${e.publisherKey}`);

/** The exact bytes the publisher signs: every envelope field but the signature, newline-separated. */
export function manifestSigningBytes(e: Omit<ManifestEnvelope, 'signature' | 'format'> & { readonly format: number }): Uint8Array {
  return utf8Encode(['council/manifest/v1', e.format, e.meetingId, e.revision, e.publisherKey, e.nonce, e.ciphertext].join('\n'));
}

export async function sealManifest(manifest: PackManifest, meetingKey: Uint8Array, publisher: PublisherKeys): Promise<ManifestEnvelope> {
  const nonce = randomBytes(12);
  const head = { format: manifest.format, meetingId: manifest.meetingId, revision: manifest.revision, publisherKey: publisher.publicKey } as const;
  const ct = await aesGcmEncrypt(await importAesKey(meetingKey), nonce, manifestAad(head), utf8Encode(JSON.stringify(manifest)));
  const unsigned = { ...head, nonce: toB64url(nonce), ciphertext: toB64url(ct) };
  const signature = await ed25519Sign(publisher.privateKey, manifestSigningBytes(unsigned));
  return { ...unsigned, signature: toB64url(signature) };
}

/** Checks the format version, the pinned publisher key and the signature. Throws a typed CouncilError. */
export async function verifyEnvelope(envelope: unknown, pinnedPublisherKey: string): Promise<ManifestEnvelope> {
  const parsed = envelopeSchema.safeParse(envelope);
  if (!parsed.success) throw new CouncilError('PACK_FORMAT', 'the manifest envelope is malformed');
  const env = parsed.data;
  if (!isSupportedPackFormat(env.format)) throw new CouncilError('PACK_UNSUPPORTED_VERSION', `pack format ${env.format}`);
  if (env.publisherKey !== pinnedPublisherKey) throw new CouncilError('PACK_WRONG_PUBLISHER', 'signed by another publisher than the invitation names');
  const good = await ed25519Verify(pinnedPublisherKey, bytesOf(env.signature, 'signature'), manifestSigningBytes(env));
  if (!good) throw new CouncilError('PACK_BAD_SIGNATURE', 'the manifest signature does not verify');
  return { ...env, format: env.format };
}

/** Verifies, decrypts and validates the manifest. */
export async function openManifest(envelope: unknown, meetingKey: Uint8Array, pinnedPublisherKey: string): Promise<PackManifest> {
  const env = await verifyEnvelope(envelope, pinnedPublisherKey);
  const key = await importAesKey(meetingKey);
  const plain = await aesGcmDecrypt(key, bytesOf(env.nonce, 'nonce'), manifestAad(env), bytesOf(env.ciphertext, 'ciphertext'), 'PACK_WRONG_KEY');
  let json: unknown;
  try {
    json = JSON.parse(utf8Decode(plain));
  } catch {
    throw new CouncilError('PACK_FORMAT', 'the manifest is not JSON');
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new CouncilError('PACK_FORMAT', `the manifest is malformed: ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
  const m = parsed.data as PackManifest;
  if (m.meetingId !== env.meetingId || m.revision !== env.revision || m.format !== env.format) throw new CouncilError('PACK_FORMAT', 'manifest and envelope disagree');
  // Page texts came with format 2: a format 1 manifest that names them is not what a format 1 publisher wrote.
  if (m.format === 1 && m.documents.some((d) => d.text !== undefined)) throw new CouncilError('PACK_FORMAT', 'a format 1 manifest cannot carry page texts');
  return m;
}

const sealedAad = (meetingId: string, docId: string) => utf8Encode(`council/sealed-doc/v1\0${meetingId}\0${docId}`);

export async function sealDocumentEntry(meetingId: string, entry: DocumentEntry, docKey: Uint8Array): Promise<SealedDocumentEntry> {
  const nonce = randomBytes(12);
  const ct = await aesGcmEncrypt(await importAesKey(docKey), nonce, sealedAad(meetingId, entry.id), utf8Encode(JSON.stringify(entry)));
  return { id: entry.id, nonce: toB64url(nonce), ciphertext: toB64url(ct) };
}

export async function openSealedDocumentEntry(meetingId: string, sealed: SealedDocumentEntry, docKey: Uint8Array): Promise<DocumentEntry> {
  const plain = await aesGcmDecrypt(await importAesKey(docKey), bytesOf(sealed.nonce, 'nonce'), sealedAad(meetingId, sealed.id), bytesOf(sealed.ciphertext, 'ciphertext'), 'PACK_WRONG_KEY');
  const parsed = documentEntrySchema.safeParse(JSON.parse(utf8Decode(plain)));
  if (!parsed.success || parsed.data.id !== sealed.id) throw new CouncilError('PACK_FORMAT', `sealed document ${sealed.id} is malformed`);
  return parsed.data as DocumentEntry;
}

export interface KeyContext {
  readonly meetingId: string;
  readonly delegateId: string;
  readonly revision: number;
}
const keysAad = (c: KeyContext) => utf8Encode(`council/keys/v1\0${c.meetingId}\0${c.delegateId}\0${c.revision}`);

/**
 * Key bundles are padded with trailing spaces to a multiple of this many bytes, and every member of a
 * revision to the same size, so that the server cannot tell a confidential document's readers by the length
 * of their bundle. JSON ignores trailing white space, so readers that predate padding open padded bundles.
 */
export const KEY_BUNDLE_BLOCK = 512;

const bundleBytes = (bundle: KeyBundle): Uint8Array => utf8Encode(JSON.stringify(bundle));

/** The padded plaintext size shared by every bundle of one revision: the largest, rounded up to a block. */
export function paddedBundleSize(bundles: readonly KeyBundle[]): number {
  const largest = Math.max(1, ...bundles.map((b) => bundleBytes(b).length));
  return Math.ceil(largest / KEY_BUNDLE_BLOCK) * KEY_BUNDLE_BLOCK;
}

/** Encrypts a bundle, padded to `padTo` bytes (default: its own size rounded up to KEY_BUNDLE_BLOCK). */
export async function wrapKeyBundle(bundle: KeyBundle, wrapKey: CryptoKey, ctx: KeyContext, padTo = paddedBundleSize([bundle])): Promise<WrappedKeys> {
  const json = bundleBytes(bundle);
  if (padTo < json.length) throw new CouncilError('INTERNAL', `key bundle of ${json.length} bytes does not fit in ${padTo}`);
  const plain = new Uint8Array(padTo).fill(0x20);
  plain.set(json);
  const nonce = randomBytes(12);
  const ct = await aesGcmEncrypt(wrapKey, nonce, keysAad(ctx), plain);
  return { nonce: toB64url(nonce), ciphertext: toB64url(ct) };
}

const bundleNotesSchema = z.object({
  privateKey: b64,
  signingKey: b64,
  group: z.object({ groupId: id, key: b64, previous: z.array(b64).optional() }).optional(),
  confidential: z.record(z.string(), b64),
  previous: z.record(z.string(), z.array(b64)).optional(),
  opinionPrivateKey: b64.optional(),
});
const bundleSchema = z.object({ meetingKey: b64, documentKeys: z.record(z.string(), b64), notes: bundleNotesSchema.optional() });

export async function unwrapKeyBundle(wrapped: WrappedKeys, wrapKey: CryptoKey, ctx: KeyContext): Promise<KeyBundle> {
  const plain = await aesGcmDecrypt(wrapKey, bytesOf(wrapped.nonce, 'nonce'), keysAad(ctx), bytesOf(wrapped.ciphertext, 'ciphertext'), 'PACK_WRONG_KEY');
  // Strip the padding (trailing spaces); bundles from before padding have none.
  const parsed = bundleSchema.safeParse(JSON.parse(utf8Decode(plain).trimEnd()));
  if (!parsed.success) throw new CouncilError('PACK_FORMAT', 'the key bundle is malformed');
  return parsed.data;
}

/** Ordinary documents plus the confidential ones whose keys this delegate holds. */
export async function readableDocuments(manifest: PackManifest, bundle: KeyBundle): Promise<DocumentEntry[]> {
  const opened = await Promise.all(
    manifest.sealedDocuments.filter((s) => bundle.documentKeys[s.id] !== undefined).map((s) => openSealedDocumentEntry(manifest.meetingId, s, documentKey({ id: s.id }, bundle))),
  );
  return [...manifest.documents, ...opened];
}

/** The raw key of a document: in the entry for ordinary documents, in the delegate's bundle for confidential ones. */
export function documentKey(entry: Pick<DocumentEntry, 'id'> & { readonly key?: string }, bundle: KeyBundle): Uint8Array {
  const text = entry.key ?? bundle.documentKeys[entry.id];
  if (text === undefined) throw new CouncilError('NOT_A_READER', `no key for document ${entry.id}`);
  return bytesOf(text, 'document key');
}
