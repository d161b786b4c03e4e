// The keys a device holds for annotations (issue 8), opened from the delegate's key bundle and the signed manifest
// (common/annotations/keys.ts noteKeysFrom builds it; docs/pack-format.md "Note keys"). Plain base64url strings so
// it crosses the Electron IPC as structured data; every AES key is 32 bytes, used only through HKDF-derived
// subkeys (seal.ts), never directly.
export interface NoteKeys {
  readonly meetingId: string;
  readonly delegateId: string;
  /** Private scope: the member's own notes key, the same on every device that opened this seat's invitation and kept across re-invitations. */
  readonly privateKey: string;
  /** Tổ scope: the key of the member's group, wrapped only for its members; absent when the member has no group. */
  /** `previous`: the tổ's earlier keys (oldest first), from before it lost a member: old notes stay readable, nothing new is sealed with them. */
  readonly group?: { readonly groupId: string; readonly key: string; readonly previous?: readonly string[] };
  /** Meeting scope: derived from the meeting key (every member holds it). */
  readonly meetingKey: string;
  /** Confidential documents this member reads: a notes key per document id, held by its readers only. */
  readonly confidential: Readonly<Record<string, string>>;
  /**
   * Earlier notes keys of those documents (oldest first), from before a reader was removed: notes sealed under
   * them stay readable; nothing new is sealed with them. Absent when no document ever lost a reader.
   */
  readonly confidentialPrevious?: Readonly<Record<string, readonly string[]>>;
  /** The member's Ed25519 signing key (PKCS#8, base64url): every note they write is signed with it. */
  readonly signingKey: string;
  /** Every member's Ed25519 public key (raw, base64url) by delegate id, from the signed manifest: checks authorship. */
  readonly signers: Readonly<Record<string, string>>;
  /** The secretariat's ECDH P-256 public key (raw, base64url): góp ý and read receipts are sealed to it. */
  readonly opinionPublicKey: string;
  /** Secretariat members (role 'secretary') only: the matching private key (PKCS#8), to read the góp ý. */
  readonly opinionPrivateKey?: string;
  /**
   * The secretariat's confidential inbox key (ECDH P-256 public, raw, base64url): góp ý on a confidential document I
   * read are sealed to it; its private key is in no member's bundle (the console's publisher state only). Absent
   * for packs from before it: then such góp ý are refused (seal.ts), never sealed to opinionPublicKey.
   */
  readonly opinionConfidentialPublicKey?: string;
}
