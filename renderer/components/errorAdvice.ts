// What an error screen says: what happened in plain words, what to do next, and which buttons lead on. The
// code itself is only the small "Chi tiết" line. Pure (a table from where the person is and the error code).
import type { ErrorCode } from '../../common/errors.ts';
import type { MessageKey } from '../i18n/vi.ts';

/** Where the error is shown: the same code means different things on an invitation and in a session. */
export type ErrorPlace = 'invite' | 'meeting' | 'doc' | 'download' | 'live' | 'hall' | 'home' | 'app';

/** 'meetings': the list of meetings on this device; 'meeting': this meeting's page; 'join': enter or scan the link again. */
export type ErrorAction = 'meetings' | 'meeting' | 'join' | 'retry';

export interface ErrorAdvice {
  readonly title: MessageKey;
  readonly body: MessageKey;
  readonly actions: readonly ErrorAction[];
}

type Kind = 'link' | 'network' | 'revoked' | 'unknownMeeting' | 'serverMeeting' | 'damaged' | 'update' | 'notReader' | 'notChair' | 'locked' | 'lease' | 'generic';

const KIND: Partial<Record<ErrorCode, Kind>> = {
  LINK_INVALID: 'link',
  NETWORK: 'network',
  RATE_LIMITED: 'network',
  REVOKED: 'revoked',
  VAULT_NOT_FOUND: 'unknownMeeting',
  PACK_TAMPERED: 'damaged',
  PACK_TRUNCATED: 'damaged',
  PACK_CHUNK_MISMATCH: 'damaged',
  PACK_PLAINTEXT_MISMATCH: 'damaged',
  PACK_FORMAT: 'damaged',
  PACK_UNSUPPORTED_VERSION: 'update',
  VAULT_FUTURE_SCHEMA: 'update',
  NOT_A_READER: 'notReader',
  NOT_CHAIR: 'notChair',
  VAULT_LOCKED: 'locked',
  LEASE_EXPIRED: 'lease',
};

/**
 * On an invitation, a wrong signature, another publisher or a refused secret almost always means one mistyped
 * or lost character (the link still parses), far more often than a forgery: say so, and offer to enter it again.
 */
const INVITE_KIND: Partial<Record<ErrorCode, Kind>> = {
  PACK_WRONG_PUBLISHER: 'link',
  PACK_BAD_SIGNATURE: 'link',
  PACK_WRONG_KEY: 'link',
  UNAUTHORIZED: 'link',
  FORBIDDEN: 'link',
  NOT_FOUND: 'serverMeeting',
};

function kindOf(place: ErrorPlace, code: ErrorCode): Kind {
  if (place === 'invite') return INVITE_KIND[code] ?? KIND[code] ?? 'generic';
  if (code === 'NOT_FOUND' && place !== 'app' && place !== 'home') return 'unknownMeeting';
  if (code === 'FORBIDDEN' && place === 'live') return 'notChair';
  return KIND[code] ?? 'generic';
}

/** Where "back" goes: within a meeting, to its page; elsewhere (or when the meeting itself failed), to the list. */
function back(place: ErrorPlace, kind: Kind): ErrorAction[] {
  if (place === 'home' || place === 'app') return [];
  if (place === 'invite' || place === 'meeting' || kind === 'unknownMeeting' || kind === 'revoked') return ['meetings'];
  return ['meeting'];
}

export function errorAdvice(place: ErrorPlace, code: ErrorCode): ErrorAdvice {
  const kind = kindOf(place, code);
  const title = `errorScreen.${kind}.title` as const;
  const body = `errorScreen.${kind}.body` as const;
  const retry: ErrorAction[] = kind === 'network' || kind === 'damaged' || kind === 'generic' ? ['retry'] : [];
  const join: ErrorAction[] = kind === 'link' || kind === 'unknownMeeting' ? ['join'] : [];
  return { title, body, actions: [...retry, ...join, ...back(place, kind)] };
}
