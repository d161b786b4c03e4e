// Sealing annotations and góp ý (issue 8). WebCrypto only.
//
// An annotation in a room's Y.Map, under its id:
//   blob      = 0x01 ‖ nonce (12) ‖ AES-256-GCM(scopeKey, nonce, aad, plaintext)
//   aad       = 'council/note/v1' \0 room \0 annotationId
//   plaintext = JSON {"note": <annotation>, "sig": b64url Ed25519}, padded with spaces to a multiple of
//               NOTE_PAD_BLOCK bytes, NOTE_MIN_PLAINTEXT at least (a highlight and a short note look alike)
//   sig       = Ed25519(author's signing key, canonicalJson(['council/note/v1', room, id, note]))
// A holder of a group or meeting key could otherwise write in anyone's name: the signature, checked against the
// signed manifest's signers, is what makes authorId true.
//
// A góp ý or a read receipt, in the secretariat's inbox, sealed to its ECDH P-256 key:
//   blob      = 0x01 ‖ ephemeral P-256 public key (65) ‖ nonce (12) ‖ AES-256-GCM(k, nonce, aad, plaintext)
//   k         = HKDF-SHA-256(ECDH(ephemeral, opinion key), salt 'council/inbox/v1', info 'council/inbox/<kind>')
// A góp ý on a confidential document its sender reads goes to the secretariat's second key instead
// (opinionConfidentialPublicKey, info 'council/inbox/opinion-conf'), whose private key is in no bundle: a secretary
// who does not read the document cannot open it (its quote is the document's text); the console can.
//   aad       = 'council/inbox/v1' \0 kind \0 ephemeral public key
//   plaintext = JSON {"kind", "payload", "sig"}, padded like a note; sig over canonicalJson(['council/inbox/v1', kind, payload])
import { z } from 'zod';
import { canonicalJson } from '../live/canonicalJson.ts';
import { parseRoom } from '../live/rooms.ts';
import { aesGcmDecrypt, aesGcmEncrypt, ed25519Sign, ed25519Verify, hkdf, randomBytes } from '../pack/crypto.ts';
import { concatBytes, fromB64url, own, toB64url, utf8Decode, utf8Encode } from '../pack/encoding.ts';
import { ID_PATTERN, KEY_BYTES } from '../pack/format.ts';
import { CouncilError, fail, ok, type Result } from '../result.ts';
import { epochKey, isConfidentialFor, keyBytes, ownEntry, P256_PUBLIC_BYTES, previousGroupKeys, previousNotesKeys, scopeKey, scopeKeyWith, type KeyEpoch } from './keys.ts';
import type { NoteKeys } from './noteKeys.ts';
import { confidentialNotesRoom, NOTES_CONF_FEATURE, NOTES_ROOM_NAME, noteRoomFor, previousNotesRooms, type SharedScope } from './rooms.ts';
import { annotationSchema, opinionSchema, type Annotation, type AnnotationScope, type Opinion } from './types.ts';

export const NOTE_SEAL_VERSION = 0x01;
export const NOTE_NONCE_BYTES = 12;
export const NOTE_TAG_BYTES = 16;
/** Plaintexts are padded to a multiple of this many bytes. */
export const NOTE_PAD_BLOCK = 256;
/**
 * And to this many at least: a short note is ~420 bytes of JSON, a one-line highlight ~780, a highlight of three
 * lines with a long quote ~1,100 (measured), so below this size every kind looks the same.
 */
export const NOTE_MIN_PLAINTEXT = 4 * NOTE_PAD_BLOCK;
/** The smallest sealed note: version, nonce, the smallest plaintext, tag. */
export const NOTE_MIN_SEALED = 1 + NOTE_NONCE_BYTES + NOTE_MIN_PLAINTEXT + NOTE_TAG_BYTES;
/**
 * The largest padded plaintext sealAnnotation makes (TOO_LARGE beyond): a pen drawing of ~3,000 points. The
 * schema would allow far more, but a room holds at most 2 MiB and a frame 1 MiB (collab-server/live/limits.ts),
 * so the drawing tool must simplify long strokes rather than have its socket closed.
 */
export const NOTE_MAX_PLAINTEXT = 64 * 1024;
/** The largest sealed note openAnnotation looks at (anything larger is NOTE_INVALID unread). */
export const NOTE_MAX_SEALED = 1 + NOTE_NONCE_BYTES + NOTE_MAX_PLAINTEXT + NOTE_TAG_BYTES;
export const NOTE_CONTEXT = 'council/note/v1';

export const INBOX_SEAL_VERSION = 0x01;
export const INBOX_CONTEXT = 'council/inbox/v1';
/**
 * A read receipt's padded plaintext: every receipt is this size (its JSON is ~300 bytes with 40-character ids), half
 * a note's minimum, because there are many (one per delegate and document) and an inbox room holds at most 2 MiB.
 */
export const RECEIPT_PLAINTEXT = 2 * NOTE_PAD_BLOCK;
/** The smallest sealed inbox entry (a receipt): version, ephemeral key, nonce, the smallest plaintext, tag. */
export const INBOX_MIN_SEALED = 1 + P256_PUBLIC_BYTES + NOTE_NONCE_BYTES + RECEIPT_PLAINTEXT + NOTE_TAG_BYTES;
/** A sealed read receipt's size: 606 bytes. */
export const RECEIPT_SEALED = INBOX_MIN_SEALED;
/** Characters of an inbox entry's map key (inboxEntryId): 22 base64url characters, 128 bits. */
export const INBOX_ID_CHARS = 22;
/** Ed25519 signature bytes. */
export const SIGNATURE_BYTES = 64;

const ECDH_P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new CouncilError('INTERNAL', 'WebCrypto is not available (an insecure http:// origin?)');
  return s;
}

/** A read receipt: the delegate opened this revision of this document (the secretariat's console counts them). */
export interface Receipt {
  readonly documentId: string;
  readonly revision: number;
  readonly delegateId: string;
  /** ISO time of opening. */
  readonly at: string;
}

const idSchema = z.string().regex(ID_PATTERN);
export const receiptSchema: z.ZodType<Receipt> = z.object({
  documentId: idSchema,
  revision: z.number().int().positive(),
  delegateId: idSchema,
  at: z.string().max(40),
});

export type InboxKind = 'opinion' | 'receipt';

// ---- shared pieces

/** UTF-8 of `text` followed by spaces up to the next multiple of NOTE_PAD_BLOCK, `min` (NOTE_MIN_PLAINTEXT) at least. */
export function padToBlock(text: string, min = NOTE_MIN_PLAINTEXT): Uint8Array {
  const bytes = utf8Encode(text);
  const size = Math.max(min, Math.ceil(bytes.length / NOTE_PAD_BLOCK) * NOTE_PAD_BLOCK);
  const out = new Uint8Array(size).fill(0x20);
  out.set(bytes);
  return out;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(utf8Decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

async function verifiedBy(signers: Readonly<Record<string, string>>, author: string, sig: unknown, data: Uint8Array): Promise<boolean> {
  const pub = ownEntry(signers, author);
  const bytes = typeof sig === 'string' ? fromB64url(sig) : null;
  if (pub === undefined || !bytes || bytes.length !== SIGNATURE_BYTES) return false;
  return ed25519Verify(pub, bytes, data);
}

// ---- annotations

const noteAad = (room: string, id: string): Uint8Array => utf8Encode(`${NOTE_CONTEXT}\0${room}\0${id}`);
const noteSigningBytes = (room: string, id: string, note: unknown): Uint8Array => utf8Encode(canonicalJson([NOTE_CONTEXT, room, id, note]));

/**
 * Seals one of my annotations for `room` (it must be the room noteRoomFor names for it). Throws NOTE_INVALID
 * (a CouncilError) for an annotation the schema refuses, one not written by keys.delegateId, or the wrong room;
 * TOO_LARGE past NOTE_MAX_PLAINTEXT.
 */
export async function sealAnnotation(keys: NoteKeys, room: string, annotation: Annotation): Promise<Uint8Array> {
  const parsed = annotationSchema.safeParse(annotation);
  if (!parsed.success) throw new CouncilError('NOTE_INVALID', `annotation ${annotation.id} is malformed: ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
  const note = parsed.data;
  if (note.authorId !== keys.delegateId) throw new CouncilError('NOTE_INVALID', `${keys.delegateId} cannot seal a note by ${note.authorId}`);
  const confidential = isConfidentialFor(keys, note.target.documentId);
  const expected = await noteRoomFor(keys, note.scope, note.target.documentId, confidential);
  if (room !== expected) throw new CouncilError('NOTE_INVALID', `a ${note.scope} note does not belong in ${room}`);
  const key = await scopeKey(keys, note.scope, note.target.documentId, confidential);
  const sig = await ed25519Sign(keys.signingKey, noteSigningBytes(room, note.id, note));
  const plain = padToBlock(JSON.stringify({ note, sig: toB64url(sig) }));
  if (plain.length > NOTE_MAX_PLAINTEXT) throw new CouncilError('TOO_LARGE', `annotation ${note.id} is ${plain.length} bytes, more than ${NOTE_MAX_PLAINTEXT}`);
  const nonce = randomBytes(NOTE_NONCE_BYTES);
  const ct = await aesGcmEncrypt(key, nonce, noteAad(room, note.id), plain);
  return concatBytes(Uint8Array.of(NOTE_SEAL_VERSION), nonce, ct);
}

/** A key a room allows, with what a note under it must be. */
interface Candidate {
  readonly key: CryptoKey;
  readonly scope: AnnotationScope;
  /**
   * Set for keys of one confidential document: the note must be on it. Unset, in a tổ or meeting room: it must not
   * be on a confidential document I read (a non-reader must not reach its readers through a room everyone reads).
   * In my private room a note under my plain key may be on one: written before the document became confidential.
   */
  readonly documentId?: string;
  /** My private room: only my own notes. */
  readonly mineOnly: boolean;
}

/** Every key of my tổ: the current one, then the earlier ones (newest first). */
const groupKeysOf = (keys: NoteKeys): string[] => (keys.group ? [keys.group.key, ...[...previousGroupKeys(keys)].reverse()] : []);
const epochOf = (notesKey: string, groupKey: string | undefined): KeyEpoch => (groupKey === undefined ? { notesKey } : { notesKey, groupKey });

/** Every notes key of a confidential document: the current one, then the earlier ones (newest first). */
const notesKeysOf = (keys: NoteKeys, documentId: string): string[] => [ownEntry(keys.confidential, documentId) ?? '', ...[...previousNotesKeys(keys, documentId)].reverse()];

async function confidentialCandidates(keys: NoteKeys, room: string): Promise<Candidate[]> {
  const scopes: SharedScope[] = keys.group ? ['meeting', 'group'] : ['meeting'];
  for (const documentId of Object.keys(keys.confidential)) {
    const notesKeys = notesKeysOf(keys, documentId);
    for (const scope of scopes) {
      const roomsOfDoc = [await confidentialNotesRoom(keys, documentId, scope), ...(await previousNotesRooms(keys, documentId, scope)).reverse()];
      const notesKey = notesKeys[roomsOfDoc.indexOf(room)];
      if (notesKey === undefined) continue;
      const groupKeys = scope === 'group' ? groupKeysOf(keys) : [undefined];
      return Promise.all(groupKeys.map(async (groupKey): Promise<Candidate> => ({ key: await epochKey(keys, scope, documentId, epochOf(notesKey, groupKey)), scope, documentId, mineOnly: false })));
    }
  }
  return [];
}

/** The keys `room` allows this member to read with (none: not a notes room of mine). */
async function candidatesFor(keys: NoteKeys, room: string): Promise<Candidate[]> {
  const ref = parseRoom(room);
  if (!ref || ref.meetingId !== keys.meetingId) return [];
  switch (ref.kind) {
    case 'private': {
      if (ref.delegateId !== keys.delegateId || ref.name !== NOTES_ROOM_NAME) return [];
      const pairs = Object.keys(keys.confidential).flatMap((documentId) => notesKeysOf(keys, documentId).map((notesKey) => ({ documentId, notesKey })));
      const conf = await Promise.all(
        pairs.map(async ({ documentId, notesKey }): Promise<Candidate> => ({ key: await scopeKeyWith(keys, 'private', documentId, notesKey), scope: 'private', documentId, mineOnly: true })),
      );
      return [{ key: await scopeKey(keys, 'private', '', false), scope: 'private', mineOnly: true }, ...conf];
    }
    case 'group':
      if (!keys.group || ref.groupId !== keys.group.groupId || ref.name !== NOTES_ROOM_NAME) return [];
      return Promise.all(groupKeysOf(keys).map(async (groupKey): Promise<Candidate> => ({ key: await epochKey(keys, 'group', '', { groupKey }), scope: 'group', mineOnly: false })));
    case 'shared':
      return ref.name === NOTES_ROOM_NAME ? [{ key: await scopeKey(keys, 'meeting', '', false), scope: 'meeting', mineOnly: false }] : [];
    case 'feature':
      return ref.feature === NOTES_CONF_FEATURE ? confidentialCandidates(keys, room) : [];
    case 'state':
      return [];
  }
}

async function firstOpening(candidates: readonly Candidate[], nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array): Promise<{ c: Candidate; plain: Uint8Array } | undefined> {
  for (const c of candidates) {
    try {
      return { c, plain: await aesGcmDecrypt(c.key, nonce, aad, ct) };
    } catch {
      // not this key: try the next one the room allows
    }
  }
  return undefined;
}

/** Why a decrypted note does not fit where it was found, or undefined when it fits. */
function misfit(keys: NoteKeys, c: Candidate, id: string, a: Annotation): string | undefined {
  if (a.id !== id) return `the note says it is ${a.id}, not ${id}`;
  if (a.scope !== c.scope) return `a ${a.scope} note in a ${c.scope} room`;
  if (c.mineOnly && a.authorId !== keys.delegateId) return `a note by ${a.authorId} in ${keys.delegateId}'s private room`;
  if (c.documentId !== undefined ? a.target.documentId !== c.documentId : !c.mineOnly && isConfidentialFor(keys, a.target.documentId)) return 'a note on another document than its key is for';
  return undefined;
}

/**
 * Opens the entry `id` of `room`: decrypted with a key the room allows, checked against annotationSchema, its
 * id, the room's scope and its author's signature (keys.signers). NOTE_INVALID for anything else.
 */
export async function openAnnotation(keys: NoteKeys, room: string, id: string, blob: Uint8Array): Promise<Result<Annotation>> {
  if (blob.length < NOTE_MIN_SEALED || blob.length > NOTE_MAX_SEALED || blob[0] !== NOTE_SEAL_VERSION) return fail('NOTE_INVALID', 'not a sealed note');
  const nonce = blob.subarray(1, 1 + NOTE_NONCE_BYTES);
  const opened = await firstOpening(await candidatesFor(keys, room), nonce, noteAad(room, id), blob.subarray(1 + NOTE_NONCE_BYTES));
  if (!opened) return fail('NOTE_INVALID', `note ${id} does not open with any key of ${room}`);
  const json = parseJson(opened.plain);
  if (!isRecord(json)) return fail('NOTE_INVALID', `note ${id} is not JSON`);
  const parsed = annotationSchema.safeParse(json['note']);
  if (!parsed.success) return fail('NOTE_INVALID', `note ${id} is malformed`);
  const why = misfit(keys, opened.c, id, parsed.data);
  if (why !== undefined) return fail('NOTE_INVALID', why);
  // The signature covers the note as its author wrote it (fields a newer version adds included).
  if (!(await verifiedBy(keys.signers, parsed.data.authorId, json['sig'], noteSigningBytes(room, id, json['note'])))) {
    return fail('NOTE_INVALID', `note ${id}: the signature is not ${parsed.data.authorId}'s`);
  }
  return ok(parsed.data);
}

// ---- góp ý and read receipts, to the secretariat

const inboxAad = (kind: InboxKind, eph: Uint8Array): Uint8Array => concatBytes(utf8Encode(`${INBOX_CONTEXT}\0${kind}\0`), eph);
const inboxSigningBytes = (kind: InboxKind, payload: unknown): Uint8Array => utf8Encode(canonicalJson([INBOX_CONTEXT, kind, payload]));

/** HKDF info of the inbox keys: one per kind, and a distinct one for góp ý sealed to the confidential key. */
export const INBOX_INFO = { opinion: 'council/inbox/opinion', receipt: 'council/inbox/receipt', opinionConfidential: 'council/inbox/opinion-conf' } as const;
type InboxInfo = (typeof INBOX_INFO)[keyof typeof INBOX_INFO];

async function ecdhSecret(privateKey: CryptoKey, publicKey: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256));
}

async function inboxKey(shared: Uint8Array, info: InboxInfo): Promise<CryptoKey> {
  const raw = await hkdf(shared, INBOX_CONTEXT, info, KEY_BYTES);
  return subtle().importKey('raw', own(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/**
 * Where a payload is sealed: a góp ý on a confidential document I read goes to the confidential key (NOTE_KEYS_MISSING
 * when the pack predates it: never to the ordinary key, which every secretary holds); anything else to the ordinary one.
 */
function recipientOf(keys: NoteKeys, kind: InboxKind, value: Opinion | Receipt): { publicKey: string; info: InboxInfo } {
  if (kind === 'receipt') return { publicKey: keys.opinionPublicKey, info: INBOX_INFO.receipt };
  if (!isConfidentialFor(keys, value.documentId)) return { publicKey: keys.opinionPublicKey, info: INBOX_INFO.opinion };
  const conf = keys.opinionConfidentialPublicKey;
  if (conf === undefined) {
    throw new CouncilError('NOTE_KEYS_MISSING', `meeting ${keys.meetingId}: the pack has no confidential inbox key, so a góp ý on confidential document ${value.documentId} cannot be sent; the secretariat must publish again`);
  }
  return { publicKey: conf, info: INBOX_INFO.opinionConfidential };
}

function authorOf(kind: InboxKind, payload: Opinion | Receipt): string {
  return kind === 'opinion' ? (payload as Opinion).authorId : (payload as Receipt).delegateId;
}

function checkPayload(kind: InboxKind, payload: unknown): Result<Opinion | Receipt> {
  const parsed = kind === 'opinion' ? opinionSchema.safeParse(payload) : receiptSchema.safeParse(payload);
  return parsed.success ? ok(parsed.data) : fail('NOTE_INVALID', `the ${kind} is malformed`);
}

/**
 * Seals a góp ý or a read receipt to the secretariat's key (keys.opinionPublicKey; for a góp ý on a confidential
 * document I read, keys.opinionConfidentialPublicKey), signed by me. Throws NOTE_INVALID for a payload the schema
 * refuses or one that names another author than keys.delegateId; NOTE_KEYS_MISSING for a góp ý on a confidential
 * document when the pack has no confidential inbox key.
 */
export function sealToSecretariat(keys: NoteKeys, kind: 'opinion', payload: Opinion): Promise<Uint8Array>;
export function sealToSecretariat(keys: NoteKeys, kind: 'receipt', payload: Receipt): Promise<Uint8Array>;
export async function sealToSecretariat(keys: NoteKeys, kind: InboxKind, payload: Opinion | Receipt): Promise<Uint8Array> {
  const checked = checkPayload(kind, payload);
  if (!checked.ok) throw new CouncilError('NOTE_INVALID', checked.error.message);
  const value = checked.value;
  if (authorOf(kind, value) !== keys.delegateId) throw new CouncilError('NOTE_INVALID', `${keys.delegateId} cannot send a ${kind} by ${authorOf(kind, value)}`);
  const to = recipientOf(keys, kind, value);
  const recipient = await subtle().importKey('raw', own(keyBytes(to.publicKey, P256_PUBLIC_BYTES, 'opinion key')), ECDH_P256, false, []);
  const eph = (await subtle().generateKey(ECDH_P256, true, ['deriveBits'])) as CryptoKeyPair;
  const ephRaw = new Uint8Array(await subtle().exportKey('raw', eph.publicKey));
  const key = await inboxKey(await ecdhSecret(eph.privateKey, recipient), to.info);
  const sig = await ed25519Sign(keys.signingKey, inboxSigningBytes(kind, value));
  const nonce = randomBytes(NOTE_NONCE_BYTES);
  const json = JSON.stringify({ kind, payload: value, sig: toB64url(sig) });
  const ct = await aesGcmEncrypt(key, nonce, inboxAad(kind, ephRaw), padToBlock(json, kind === 'receipt' ? RECEIPT_PLAINTEXT : NOTE_MIN_PLAINTEXT));
  return concatBytes(Uint8Array.of(INBOX_SEAL_VERSION), ephRaw, nonce, ct);
}

async function openInbox(opinionPrivateKey: string, kind: InboxKind, blob: Uint8Array): Promise<Uint8Array | undefined> {
  if (blob.length < INBOX_MIN_SEALED || blob[0] !== INBOX_SEAL_VERSION) return undefined;
  const pkcs8 = fromB64url(opinionPrivateKey);
  if (!pkcs8) return undefined;
  try {
    const priv = await subtle().importKey('pkcs8', own(pkcs8), ECDH_P256, false, ['deriveBits']);
    const ephRaw = blob.subarray(1, 1 + P256_PUBLIC_BYTES);
    const eph = await subtle().importKey('raw', own(ephRaw), ECDH_P256, false, []);
    const shared = await ecdhSecret(priv, eph);
    const nonce = blob.subarray(1 + P256_PUBLIC_BYTES, 1 + P256_PUBLIC_BYTES + NOTE_NONCE_BYTES);
    const ct = blob.subarray(1 + P256_PUBLIC_BYTES + NOTE_NONCE_BYTES);
    // A góp ý may be under either info: the private key given is the ordinary or the confidential one.
    const infos: readonly InboxInfo[] = kind === 'receipt' ? [INBOX_INFO.receipt] : [INBOX_INFO.opinion, INBOX_INFO.opinionConfidential];
    for (const info of infos) {
      try {
        return await aesGcmDecrypt(await inboxKey(shared, info), nonce, inboxAad(kind, ephRaw), ct);
      } catch {
        // not under this info: try the next
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * The secretariat opens an inbox entry with one of its inbox private keys (NoteKeys.opinionPrivateKey, or the
 * console's confidential one, inboxKeysOf): decrypted,
 * checked against its schema and its author's signature (`signers`, NoteKeys.signers). NOTE_INVALID otherwise.
 */
export function openFromMember(opinionPrivateKey: string, signers: Readonly<Record<string, string>>, kind: 'opinion', blob: Uint8Array): Promise<Result<Opinion>>;
export function openFromMember(opinionPrivateKey: string, signers: Readonly<Record<string, string>>, kind: 'receipt', blob: Uint8Array): Promise<Result<Receipt>>;
export function openFromMember(opinionPrivateKey: string, signers: Readonly<Record<string, string>>, kind: InboxKind, blob: Uint8Array): Promise<Result<Opinion | Receipt>>;
export async function openFromMember(opinionPrivateKey: string, signers: Readonly<Record<string, string>>, kind: InboxKind, blob: Uint8Array): Promise<Result<Opinion | Receipt>> {
  const plain = await openInbox(opinionPrivateKey, kind, blob);
  if (!plain) return fail('NOTE_INVALID', `the ${kind} does not open with this key`);
  const json = parseJson(plain);
  if (!isRecord(json) || json['kind'] !== kind) return fail('NOTE_INVALID', `not a ${kind}`);
  const checked = checkPayload(kind, json['payload']);
  if (!checked.ok) return checked;
  const author = authorOf(kind, checked.value);
  if (!(await verifiedBy(signers, author, json['sig'], inboxSigningBytes(kind, json['payload'])))) return fail('NOTE_INVALID', `the ${kind}'s signature is not ${author}'s`);
  return checked;
}

/**
 * The map key of my entry in an inbox room: derived from my private notes key, so re-sending the same góp ý
 * (or a receipt for the same document) replaces it, and the server cannot link it to the annotation id it sees
 * in my private room. `localId`: the annotation id; for a receipt the document id (the receipt of a newer revision
 * replaces the older one: one entry per delegate and document keeps the receipts room far below its 2 MiB).
 */
export async function inboxEntryId(keys: NoteKeys, kind: InboxKind, localId: string): Promise<string> {
  const bytes = await hkdf(keyBytes(keys.privateKey, KEY_BYTES, 'private notes key'), `${INBOX_CONTEXT}\0${keys.meetingId}`, `council/inbox-id\0${kind}\0${localId}`, 18);
  return toB64url(bytes).slice(0, INBOX_ID_CHARS);
}
