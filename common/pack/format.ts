// The meeting-pack format, version 2 (version 1 packs still open). docs/pack-format.md is the prose spec of the same thing.
import type { Delegate, DocumentKind } from '../meeting/types.ts';

/** The format this code writes. 2 added the page texts (`DocumentEntry.text`); nothing else changed. */
export const PACK_FORMAT_VERSION = 2;
/** Every format this code reads: a version 1 pack (before page texts) opens as before, without texts. */
export const SUPPORTED_PACK_FORMATS = [1, 2] as const;
export type PackFormat = (typeof SUPPORTED_PACK_FORMATS)[number];

export function isSupportedPackFormat(x: unknown): x is PackFormat {
  return (SUPPORTED_PACK_FORMATS as readonly unknown[]).includes(x);
}
/** Plaintext bytes per chunk (the last chunk may be shorter, or empty for an empty document). */
export const CHUNK_SIZE = 1024 * 1024;
export const GCM_TAG_BYTES = 16;
/** Largest ciphertext chunk a server accepts. */
export const MAX_CHUNK_CIPHERTEXT = CHUNK_SIZE + GCM_TAG_BYTES;
export const NONCE_PREFIX_BYTES = 7;
export const SECRET_BYTES = 32;
export const KEY_BYTES = 32;

/** An agenda item after numbering: ids are the dotted numbers ("1", "2.1", "2.1.3"). */
export interface AgendaNode {
  readonly id: string;
  readonly title: string;
  readonly presenter?: string;
  readonly minutes?: number;
  readonly documentIds: readonly string[];
  readonly items: readonly AgendaNode[];
}

export interface ChunkRef {
  /** SHA-256 of the ciphertext, lowercase hex: the chunk's address on the server and in the vault. */
  readonly hash: string;
  /** Ciphertext bytes (plaintext + 16-byte tag). */
  readonly size: number;
}

/**
 * A document's page texts (common/search/documentText.ts): UTF-8 JSON, encrypted in chunks like the PDF under a
 * key derived from the document key, so only those who may read the document can read its words.
 */
export interface TextBlobRef {
  /** Plaintext bytes of the JSON. */
  readonly bytes: number;
  /** SHA-256 of the plaintext JSON, lowercase hex: equal hashes, equal texts (an index need not be rebuilt). */
  readonly sha256: string;
  /** Base64url, NONCE_PREFIX_BYTES, derived from the document key and the text (same text, same chunks). */
  readonly noncePrefix: string;
  readonly chunkSize: number;
  readonly chunks: readonly ChunkRef[];
}

export interface DocumentEntry {
  /** Stable across revisions (derived from the file's path in the meeting folder). */
  readonly id: string;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly agendaItemId: string;
  readonly file: string;
  readonly bytes: number;
  readonly pages: number;
  /** SHA-256 of the plaintext PDF, lowercase hex. */
  readonly sha256: string;
  readonly confidential: boolean;
  readonly readers?: readonly string[];
  /** The pack revision in which this document's content last changed. */
  readonly revision: number;
  /** Base64url document key: present for ordinary documents only; confidential keys travel wrapped per reader. */
  readonly key?: string;
  /** Base64url, NONCE_PREFIX_BYTES random bytes, unique per (key, document content). */
  readonly noncePrefix: string;
  readonly chunkSize: number;
  readonly chunks: readonly ChunkRef[];
  /** Format 2: the page texts, when the publisher extracted them (absent in format 1 packs). */
  readonly text?: TextBlobRef;
}

/** Every chunk a document needs on the device: the PDF's, then its page texts'. */
export function entryChunks(entry: Pick<DocumentEntry, 'chunks' | 'text'>): readonly ChunkRef[] {
  return entry.text ? [...entry.chunks, ...entry.text.chunks] : entry.chunks;
}

/** A confidential document entry, AES-GCM-sealed with its own document key (only its readers can open it). */
export interface SealedDocumentEntry {
  readonly id: string;
  readonly nonce: string;
  readonly ciphertext: string;
}

export interface MeetingInfo {
  readonly title: string;
  readonly body: string;
  readonly startsAt: string;
  readonly place: string;
  readonly totalDelegates: number;
  readonly quorum: { readonly numerator: number; readonly denominator: number };
  /** The device lease in hours (common/device/lease.ts), signed with the rest; absent in older packs: DEFAULT_LEASE. */
  readonly lease?: { readonly hours: number; readonly confidentialHours: number };
}

/** The plaintext manifest, inside the signed envelope. */
export interface PackManifest {
  readonly format: PackFormat;
  readonly meetingId: string;
  readonly revision: number;
  readonly publishedAt: string;
  readonly meeting: MeetingInfo;
  readonly agenda: readonly AgendaNode[];
  readonly delegates: readonly Delegate[];
  readonly documents: readonly DocumentEntry[];
  readonly sealedDocuments: readonly SealedDocumentEntry[];
  /** Voting settings and prepared polls (meeting.json voting/polls), read with common/voting/prepared.ts meetingVotingOf; absent in older packs. Opaque here so the pack format does not import voting (an import would be a cycle: choices.ts imports ID_PATTERN from format.ts). */
  readonly voting?: unknown;
  /** Annotations (issue 8): who signs notes and the secretariat's inbox key; absent in packs from before annotations. */
  readonly notes?: ManifestNotes;
}

/**
 * The public half of the note keys, in the signed manifest (docs/pack-format.md "Note keys"). Readers that
 * predate annotations strip it (zod drops unknown keys), so it needs no format number of its own.
 */
export interface ManifestNotes {
  /** Every member's Ed25519 public key (raw, 32 bytes, base64url) by delegate id: a note's signature names its author. */
  readonly signers: Readonly<Record<string, string>>;
  /** The secretariat's ECDH P-256 public key (raw uncompressed, 65 bytes, base64url): góp ý and read receipts are sealed to it. */
  readonly opinionKey: string;
  /**
   * The secretariat's second ECDH P-256 public key (raw, base64url): góp ý on a confidential document are sealed to
   * it by its readers. Its private key is in no bundle (only the publisher state, for the console), so a secretary
   * who does not read the document cannot open them. Absent in packs from before it (such góp ý are refused).
   */
  readonly opinionConfidentialKey?: string;
}

/** What the server stores and serves: the manifest encrypted with the meeting key and signed by the publisher. */
export interface ManifestEnvelope {
  readonly format: PackFormat;
  readonly meetingId: string;
  readonly revision: number;
  /** Base64url raw Ed25519 public key (32 bytes). */
  readonly publisherKey: string;
  readonly nonce: string;
  readonly ciphertext: string;
  /** Base64url Ed25519 signature over manifestSigningBytes(envelope). */
  readonly signature: string;
}

/** Keys wrapped for one delegate with the wrapping key derived from their invitation secret. */
export interface WrappedKeys {
  readonly nonce: string;
  readonly ciphertext: string;
}
/** Plaintext of WrappedKeys. */
export interface KeyBundle {
  readonly meetingKey: string;
  /** Confidential document keys this delegate may read, by document id. */
  readonly documentKeys: Readonly<Record<string, string>>;
  /** Annotations (issue 8): this member's note keys; absent in bundles from before annotations. */
  readonly notes?: BundleNotes;
}

/** The private half of the note keys, wrapped for one member (docs/pack-format.md "Note keys"). Base64url throughout. */
export interface BundleNotes {
  /** 32 random bytes: the member's own notes (private scope); kept across revisions and re-invitations. */
  readonly privateKey: string;
  /** The member's Ed25519 signing key, PKCS#8; its public half is `ManifestNotes.signers[delegateId]`. */
  readonly signingKey: string;
  /**
   * The member's tổ: its slug (groupSlug) and its 32-byte notes key; only that group's members get it. `previous`:
   * its earlier keys (oldest first), from before the tổ lost a member, so old tổ notes stay readable.
   */
  readonly group?: { readonly groupId: string; readonly key: string; readonly previous?: readonly string[] };
  /** A notes key (32 bytes) per confidential document this member reads, by document id; only its readers get it. */
  readonly confidential: Readonly<Record<string, string>>;
  /** Earlier notes keys of those documents (oldest first), from before one lost a reader: old notes stay readable. */
  readonly previous?: Readonly<Record<string, readonly string[]>>;
  /** Role 'secretary' only: the secretariat's ECDH P-256 private key (PKCS#8), to open góp ý and read receipts. */
  readonly opinionPrivateKey?: string;
}

/** The invitation carried by a link or QR code. */
export interface Invitation {
  /** Origin of the collab-server, e.g. https://hop.namp0.gov.vn:8443 */
  readonly server: string;
  readonly meetingId: string;
  readonly delegateId: string;
  /** Base64url, SECRET_BYTES random bytes. Never sent to a server. */
  readonly secret: string;
  /** Base64url raw Ed25519 public key of the publisher, pinned. */
  readonly publisherKey: string;
}

/** Ids of delegates and meetings: safe in URLs, file names and room names. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
export const HASH_PATTERN = /^[0-9a-f]{64}$/;
