// The invitation token, from `Authorization: Bearer <token>` (and `?token=` on the WebSocket upgrade only),
// checked against one meeting.
import type { ErrorValue, Result } from '../../common/result.ts';
import type { AuthResult, Member } from '../core/types.ts';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * The token of a request. `query` is consulted only when the caller passes it, and only the WebSocket
 * upgrade does: a browser cannot set headers there. Everywhere else a token in the URL would end up in
 * proxy and access logs, so it is ignored.
 */
export function tokenFrom(headers: Readonly<Record<string, string | string[] | undefined>>, query?: Readonly<Record<string, string>>): string | undefined {
  const header = headers['authorization'];
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  return match?.[1] ?? (query?.['token'] || undefined);
}

function authError(result: AuthResult & { ok: false }): ErrorValue {
  return result.reason === 'revoked' ? { code: 'REVOKED', message: 'the invitation was revoked' } : { code: 'UNAUTHORIZED', message: 'unknown token' };
}

/** The member behind the token, when it belongs to `meetingId`. */
export function memberFor(authenticate: (token: string) => AuthResult, token: string | undefined, meetingId: string): Result<Member> {
  if (!token) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'a token is required' } };
  const result = authenticate(token);
  if (!result.ok) return { ok: false, error: authError(result) };
  if (result.member.meetingId !== meetingId) return { ok: false, error: { code: 'FORBIDDEN', message: 'not a member of this meeting' } };
  return { ok: true, value: result.member };
}
