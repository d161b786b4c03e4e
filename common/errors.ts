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
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);
}
