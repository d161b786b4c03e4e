// Stable error codes. The UI and the CLI translate them (common/i18n); the code never changes meaning.
export const ERROR_CODES = [
  'INTERNAL',
  'BAD_REQUEST',
  'NOT_FOUND',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'REVOKED',
  'TOO_LARGE',
  'RATE_LIMITED',
  'CONFLICT',
  'NETWORK',
  // meeting folder validation
  'MEETING_INVALID',
  // pack / crypto
  'PACK_FORMAT',
  'PACK_BAD_SIGNATURE',
  'PACK_WRONG_PUBLISHER',
  'PACK_TAMPERED',
  'PACK_TRUNCATED',
  'PACK_WRONG_KEY',
  'PACK_UNSUPPORTED_VERSION',
  'PACK_CHUNK_MISMATCH',
  'PACK_PLAINTEXT_MISMATCH',
  // invitations
  'LINK_INVALID',
  // vault
  'VAULT_NOT_FOUND',
  'VAULT_LOCKED',
  'VAULT_FUTURE_SCHEMA',
  'NOT_A_READER',
  /** The device lease ran out: the keys were destroyed (common/device/lease.ts); reconnect to download again. */
  'LEASE_EXPIRED',
  // live session
  'NOT_CHAIR',
  'COMMAND_INVALID',
  // voting
  'POLL_NOT_FOUND',
  'POLL_STATE',
  'POLL_ALREADY_OPEN',
  'POLL_CLOSED',
  'NO_QUORUM',
  'NOT_ELIGIBLE',
  'ALREADY_VOTED',
  'BALLOT_INVALID',
  'COUNTER_KEYS_MISSING',
  'NOT_COUNTER',
  'ENTRIES_DISAGREE',
  // annotations (issue 8)
  /** An annotation or góp ý could not be opened: wrong key, damaged, or its signature does not match its author. */
  'NOTE_INVALID',
  /** The pack predates annotations (no note keys in the delegate's bundle): the secretariat must republish. */
  'NOTE_KEYS_MISSING',
  // the secretariat's console (issue 10)
  /** A file given to the console is not what it must be (a .doc instead of a PDF, a password-protected PDF, too large); details name the problem code. */
  'FILE_REJECTED',
  /** A publisher-key backup that does not open: wrong passphrase or a damaged file. */
  'BACKUP_INVALID',
  /** The draft was changed elsewhere (another tab) since this screen loaded it. */
  'DRAFT_CONFLICT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);
}
