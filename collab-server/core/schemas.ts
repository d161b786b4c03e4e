// Schemas for every JSON body the server accepts, and the one place that parses request bodies.
import { z } from 'zod';
import { MAX_TOTAL_DELEGATES } from '../../common/live/commands.ts';
import { MAX_JSON_BODY } from '../../common/api/http.ts';
import { ROLES } from '../../common/meeting/types.ts';
import { HASH_PATTERN, ID_PATTERN, SUPPORTED_PACK_FORMATS } from '../../common/pack/format.ts';
import { CouncilError } from '../../common/result.ts';
import type { CoreRequest } from './types.ts';

/** Most chunk hashes one request may name; 8 MiB of JSON holds about 120 000. */
export const MAX_HASHES_PER_REQUEST = 150_000;
export const MAX_MEMBERS_PER_REVISION = 5_000;
/** Base64url of 32 bytes (Ed25519 public key) and 64 bytes (signature), unpadded. */
const ED25519_KEY_CHARS = 43;
const ED25519_SIGNATURE_CHARS = 86;
const MAX_NONCE_CHARS = 64;
const MAX_REPORTED_ISSUES = 10;

const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, 'must be unpadded base64url');

export const idSchema = z.string().regex(ID_PATTERN, 'must match [A-Za-z0-9_-]{1,40}');
export const hashSchema = z.string().regex(HASH_PATTERN, 'must be lowercase hex SHA-256');

// Strict: stored and served verbatim, so an unknown field is refused rather than silently dropped.
export const envelopeSchema = z.strictObject({
  format: z.union(SUPPORTED_PACK_FORMATS.map((f) => z.literal(f))),
  meetingId: idSchema,
  revision: z.int().min(1),
  publisherKey: base64url(ED25519_KEY_CHARS, ED25519_KEY_CHARS),
  nonce: base64url(1, MAX_NONCE_CHARS),
  ciphertext: base64url(1, MAX_JSON_BODY),
  signature: base64url(ED25519_SIGNATURE_CHARS, ED25519_SIGNATURE_CHARS),
});

export const wrappedKeysSchema = z.strictObject({
  nonce: base64url(1, MAX_NONCE_CHARS),
  ciphertext: base64url(1, 1024 * 1024),
});

export const memberUploadSchema = z.strictObject({
  delegateId: idSchema,
  role: z.enum(ROLES),
  tokenHash: hashSchema,
  wrappedKeys: wrappedKeysSchema,
  groupId: idSchema.optional(),
});

export const publishRevisionSchema = z.strictObject({
  envelope: envelopeSchema,
  chunks: z.array(hashSchema).max(MAX_HASHES_PER_REQUEST),
  members: z.array(memberUploadSchema).max(MAX_MEMBERS_PER_REVISION),
  totalDelegates: z.int().min(1).max(MAX_TOTAL_DELEGATES).optional(),
});

export const chunksMissingSchema = z.strictObject({
  hashes: z.array(hashSchema).max(MAX_HASHES_PER_REQUEST),
});

function issuesOf(error: z.ZodError): string[] {
  return error.issues.slice(0, MAX_REPORTED_ISSUES).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes, parses and validates a JSON body; every failure is a 400 BAD_REQUEST with the reasons. */
export function parseJsonBody<T>(req: CoreRequest, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(utf8.decode(req.body));
  } catch {
    throw new CouncilError('BAD_REQUEST', 'the body is not valid UTF-8 JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new CouncilError('BAD_REQUEST', 'the body does not match the expected shape', issuesOf(parsed.error));
  return parsed.data;
}

/** Validates a path parameter; a malformed id can never reach SQL or the file system. */
export function parseParam(value: string | undefined, schema: z.ZodType<string>, name: string): string {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CouncilError('BAD_REQUEST', `invalid ${name}`);
  return parsed.data;
}
