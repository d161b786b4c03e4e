// Note keys (issue 8): from the member's key bundle and the signed manifest to the keys that seal annotations
// (seal.ts) and name their rooms (rooms.ts); and the publisher's generators of the same material. Every AES key
// is used only through HKDF-SHA-256 subkeys, one per scope (and per confidential document), never directly:
//
//   private                 HKDF(privateKey,                 'council/notes/private\0<delegateId>')
//   group                   HKDF(groupKey,                   'council/notes/group\0<groupId>')
//   meeting                 HKDF(meetingKey,                 'council/notes/meeting')
//   private, confidential   HKDF(privateKey ‖ docNotesKey,   'council/notes/private-conf\0<delegateId>\0<docId>')
//   group, confidential     HKDF(groupKey ‖ docNotesKey,     'council/notes/group-conf\0<groupId>\0<docId>')
//   meeting, confidential   HKDF(docNotesKey,                'council/notes/meeting-conf\0<docId>')
//
// salt 'council/notes/v1\0<meetingId>' for all. A confidential document's notes — even my private ones — need
// its notes key, so the lease (which drops it from the device) and a lost readership take them away with the
// document. When a document loses a reader its notes key is renewed; its remaining readers also hold the earlier
// keys (previousNotesKeys), to open what was written before, while nothing new is sealed with them.
// WebCrypto only (common/).
import type { BundleNotes, KeyBundle, PackManifest } from '../pack/format.ts';
import { KEY_BYTES } from '../pack/format.ts';
import { generatePublisherKeys, hkdf, randomBytes } from '../pack/crypto.ts';
import { concatBytes, fromB64url, own, toB64url } from '../pack/encoding.ts';
import { CouncilError } from '../result.ts';
import type { AnnotationScope } from './types.ts';
import type { NoteKeys } from './noteKeys.ts';

export type { NoteKeys } from './noteKeys.ts';

export const NOTES_SALT = 'council/notes/v1';
export const NOTES_INFO = {
  private: 'council/notes/private',
  group: 'council/notes/group',
  meeting: 'council/notes/meeting',
  privateConfidential: 'council/notes/private-conf',
  groupConfidential: 'council/notes/group-conf',
  meetingConfidential: 'council/notes/meeting-conf',
} as const;

/** Raw uncompressed P-256 public key bytes (the secretariat's opinion key). */
export const P256_PUBLIC_BYTES = 65;

const ECDH_P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new CouncilError('INTERNAL', 'WebCrypto is not available (an insecure http:// origin?)');
  return s;
}

/** A record's own entry (ids such as "constructor" match ID_PATTERN: never read them off the prototype). */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Decodes a base64url key of `length` bytes; anything else is NOTE_KEYS_MISSING (a damaged bundle). */
export function keyBytes(b64: string, length: number, what: string): Uint8Array {
  const raw = fromB64url(b64);
  if (!raw || raw.length !== length) throw new CouncilError('NOTE_KEYS_MISSING', `${what} is not a ${length}-byte base64url key`);
  return raw;
}

/**
 * The note keys of `delegateId` from an opened revision: its bundle and its signed manifest. NOTE_KEYS_MISSING
 * (a CouncilError) when the pack predates annotations (no `notes` in the bundle or the manifest).
 */
export function noteKeysFrom(manifest: Pick<PackManifest, 'meetingId' | 'notes'>, bundle: KeyBundle, delegateId: string): NoteKeys {
  const notes = bundle.notes;
  const pub = manifest.notes;
  if (!notes || !pub) throw new CouncilError('NOTE_KEYS_MISSING', `meeting ${manifest.meetingId}: the pack carries no note keys; the secretariat must publish again`);
  if (ownEntry(pub.signers, delegateId) === undefined) throw new CouncilError('NOTE_KEYS_MISSING', `meeting ${manifest.meetingId}: no signing key for ${delegateId} in the manifest`);
  return {
    meetingId: manifest.meetingId,
    delegateId,
    privateKey: notes.privateKey,
    ...(notes.group ? { group: groupOfBundle(notes.group) } : {}),
    meetingKey: bundle.meetingKey,
    confidential: { ...notes.confidential },
    ...(notes.previous ? { confidentialPrevious: copyPrevious(notes.previous) } : {}),
    signingKey: notes.signingKey,
    signers: { ...pub.signers },
    opinionPublicKey: pub.opinionKey,
    ...(pub.opinionConfidentialKey !== undefined ? { opinionConfidentialPublicKey: pub.opinionConfidentialKey } : {}),
    ...(notes.opinionPrivateKey !== undefined ? { opinionPrivateKey: notes.opinionPrivateKey } : {}),
  };
}

function groupOfBundle(g: NonNullable<BundleNotes['group']>): NonNullable<BundleNotes['group']> {
  return { groupId: g.groupId, key: g.key, ...(g.previous && g.previous.length > 0 ? { previous: [...g.previous] } : {}) };
}

function copyPrevious(p: Readonly<Record<string, readonly string[]>>): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(p).map(([id, list]) => [id, [...list]]));
}

/** The earlier notes keys of a confidential document this member reads (oldest first); [] when none. */
export function previousNotesKeys(keys: NoteKeys, documentId: string): readonly string[] {
  if (!isConfidentialFor(keys, documentId)) return [];
  const list = keys.confidentialPrevious ? ownEntry(keys.confidentialPrevious, documentId) : undefined;
  return Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : [];
}

/** A bundle's note keys without any confidential document's (current or earlier): what the confidential lease leaves. */
export function withoutConfidentialNotes(n: BundleNotes): BundleNotes {
  return {
    privateKey: n.privateKey,
    signingKey: n.signingKey,
    ...(n.group ? { group: groupOfBundle(n.group) } : {}),
    confidential: {},
    ...(n.opinionPrivateKey !== undefined ? { opinionPrivateKey: n.opinionPrivateKey } : {}),
  };
}

// Derived keys are cached per NoteKeys object (an IPC answer is a new object, so a new bundle never reuses old keys).
const cache = new WeakMap<NoteKeys, Map<string, Promise<CryptoKey>>>();

function cached(keys: NoteKeys, name: string, make: () => Promise<CryptoKey>): Promise<CryptoKey> {
  let m = cache.get(keys);
  if (!m) {
    m = new Map();
    cache.set(keys, m);
  }
  let p = m.get(name);
  if (!p) {
    p = make();
    p.catch(() => m.delete(name));
    m.set(name, p);
  }
  return p;
}

async function aesSubkey(ikm: Uint8Array, meetingId: string, info: string): Promise<CryptoKey> {
  const raw = await hkdf(ikm, `${NOTES_SALT}\0${meetingId}`, info, KEY_BYTES);
  return subtle().importKey('raw', own(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** The notes key of a confidential document this member reads; NOT_A_READER otherwise. */
export function documentNotesKey(keys: NoteKeys, documentId: string): Uint8Array {
  const b64 = ownEntry(keys.confidential, documentId);
  if (b64 === undefined) throw new CouncilError('NOT_A_READER', `no notes key for confidential document ${documentId}`);
  return keyBytes(b64, KEY_BYTES, `notes key of ${documentId}`);
}

function groupIdOf(keys: NoteKeys): string {
  if (!keys.group) throw new CouncilError('NOTE_KEYS_MISSING', `${keys.delegateId} belongs to no tổ`);
  return keys.group.groupId;
}

/** My tổ's earlier notes keys (oldest first), from before it lost a member; [] when none or no tổ. */
export function previousGroupKeys(keys: NoteKeys): readonly string[] {
  const list: unknown = keys.group?.previous;
  return Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : [];
}

/** Which keys of a scope's epochs to use: an earlier notes key of the document, an earlier key of my tổ (default: the current ones). */
export interface KeyEpoch {
  /** A notes key of the (confidential) document, base64url; absent for an ordinary document. */
  readonly notesKey?: string;
  /** A key of my tổ, base64url (group scope only); absent: the current one. */
  readonly groupKey?: string;
}

/**
 * The AES-256-GCM key that seals `scope`'s notes on `documentId` (see the header). `confidential` says the
 * document is confidential: then its notes key is mixed in (NOT_A_READER when this member holds none).
 * A 'group' scope without a tổ is NOTE_KEYS_MISSING.
 */
export async function scopeKey(keys: NoteKeys, scope: AnnotationScope, documentId: string, confidential: boolean): Promise<CryptoKey> {
  if (!confidential) return epochKey(keys, scope, documentId, {});
  documentNotesKey(keys, documentId);
  return epochKey(keys, scope, documentId, { notesKey: ownEntry(keys.confidential, documentId) ?? '' });
}

/**
 * scopeKey on a confidential document under a given notes key of it (base64url): the current one, or an earlier
 * one (previousNotesKeys) to open notes written before the document lost a reader.
 */
export async function scopeKeyWith(keys: NoteKeys, scope: AnnotationScope, documentId: string, notesKey: string): Promise<CryptoKey> {
  return epochKey(keys, scope, documentId, { notesKey });
}

/** The key of `scope` under the given epoch's keys: what openAnnotation tries for notes written before a renewal. */
export async function epochKey(keys: NoteKeys, scope: AnnotationScope, documentId: string, epoch: KeyEpoch): Promise<CryptoKey> {
  const mid = keys.meetingId;
  const doc = epoch.notesKey === undefined ? undefined : keyBytes(epoch.notesKey, KEY_BYTES, `notes key of ${documentId}`);
  const name = `${scope}\0${documentId}\0${epoch.notesKey ?? ''}\0${epoch.groupKey ?? ''}`;
  switch (scope) {
    case 'private': {
      const mine = keyBytes(keys.privateKey, KEY_BYTES, 'private notes key');
      if (!doc) return cached(keys, name, () => aesSubkey(mine, mid, `${NOTES_INFO.private}\0${keys.delegateId}`));
      return cached(keys, name, () => aesSubkey(concatBytes(mine, doc), mid, `${NOTES_INFO.privateConfidential}\0${keys.delegateId}\0${documentId}`));
    }
    case 'group': {
      const groupId = groupIdOf(keys);
      const g = keyBytes(epoch.groupKey ?? keys.group?.key ?? '', KEY_BYTES, 'group notes key');
      if (!doc) return cached(keys, name, () => aesSubkey(g, mid, `${NOTES_INFO.group}\0${groupId}`));
      return cached(keys, name, () => aesSubkey(concatBytes(g, doc), mid, `${NOTES_INFO.groupConfidential}\0${groupId}\0${documentId}`));
    }
    case 'meeting': {
      if (!doc) return cached(keys, name, () => aesSubkey(keyBytes(keys.meetingKey, KEY_BYTES, 'meeting key'), mid, NOTES_INFO.meeting));
      return cached(keys, name, () => aesSubkey(doc, mid, `${NOTES_INFO.meetingConfidential}\0${documentId}`));
    }
  }
}

/** True when `documentId` is a confidential document this member holds a notes key for. */
export function isConfidentialFor(keys: NoteKeys, documentId: string): boolean {
  return ownEntry(keys.confidential, documentId) !== undefined;
}

// ---- the publisher's generators (main/services/publish) — WebCrypto, so they live beside their readers

/** A member's note keys as the publisher state keeps them (per seat, across revisions and re-invitations). */
export interface MemberNoteKeys {
  /** 32 random bytes, base64url. */
  readonly privateKey: string;
  /** Ed25519 raw public key, base64url (goes into the manifest's signers). */
  readonly signPublic: string;
  /** Ed25519 PKCS#8, base64url (goes into the member's bundle). */
  readonly signPrivate: string;
}

export async function generateMemberNoteKeys(): Promise<MemberNoteKeys> {
  const sign = await generatePublisherKeys();
  return { privateKey: newNotesKey(), signPublic: sign.publicKey, signPrivate: sign.privateKey };
}

/** A random 32-byte notes key (a tổ's, a confidential document's), base64url. */
export function newNotesKey(): string {
  return toB64url(randomBytes(KEY_BYTES));
}

/** The secretariat's opinion inbox key pair: ECDH P-256, raw public and PKCS#8 private, base64url. */
export interface OpinionKeyPair {
  readonly publicKey: string;
  readonly privateKey: string;
}

export async function generateOpinionKeyPair(): Promise<OpinionKeyPair> {
  const pair = (await subtle().generateKey(ECDH_P256, true, ['deriveBits'])) as CryptoKeyPair;
  const pub = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  const priv = new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey));
  return { publicKey: toB64url(pub), privateKey: toB64url(priv) };
}
