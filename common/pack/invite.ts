// Invitation links and the credentials derived from the secret inside them (SECURITY.md).
//   https://host:port[/prefix]/join#v1.<meetingId>.<delegateId>.<secret>.<publisherKey>
//   council://join?server=<url-encoded server>#v1.<meetingId>.<delegateId>.<secret>.<publisherKey>
// The fragment never reaches a server: browsers do not send it.
import { CouncilError } from '../result.ts';
import { hkdf, importAesKey, randomBytes, sha256Hex } from './crypto.ts';
import { fromB64url, toB64url, utf8Encode } from './encoding.ts';
import { ID_PATTERN, SECRET_BYTES, type Invitation } from './format.ts';

const LINK_VERSION = 'v1';
const HKDF_SALT = 'council/invite/v1';

export function newSecret(): string {
  return toB64url(randomBytes(SECRET_BYTES));
}

export function formatInvitationLink(inv: Invitation): string {
  const fragment = [LINK_VERSION, inv.meetingId, inv.delegateId, inv.secret, inv.publisherKey].join('.');
  return `${inv.server.replace(/\/+$/, '')}/join#${fragment}`;
}

export function councilSchemeLink(inv: Invitation): string {
  const link = formatInvitationLink(inv);
  return `council://join?server=${encodeURIComponent(inv.server)}#${link.split('#')[1] ?? ''}`;
}

const bad = (why: string): never => {
  throw new CouncilError('LINK_INVALID', why);
};

function parseServer(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad('the server address is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') bad('the server address must be http(s)');
  if (url.username || url.password || url.search) bad('the server address has unexpected parts');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parseFragment(server: string, fragment: string): Invitation {
  const parts = fragment.split('.');
  if (parts.length !== 5) bad('the link is incomplete (was it cut when copied?)');
  const [version, meetingId, delegateId, secret, publisherKey] = parts as [string, string, string, string, string];
  if (version !== LINK_VERSION) bad(`unsupported link version ${version}`);
  if (!ID_PATTERN.test(meetingId) || !ID_PATTERN.test(delegateId)) bad('bad meeting or delegate id');
  if (fromB64url(secret)?.length !== SECRET_BYTES) bad('bad secret');
  if (fromB64url(publisherKey)?.length !== 32) bad('bad publisher key');
  return { server, meetingId, delegateId, secret, publisherKey };
}

/** decodeURIComponent throws URIError on a malformed escape; a link is user input, so that is LINK_INVALID. */
function decodeOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Parses an https or council:// invitation link. Throws CouncilError('LINK_INVALID'). */
export function parseInvitationLink(text: string): Invitation {
  const link = text.trim();
  const hash = link.indexOf('#');
  if (hash < 0) return bad('the link has no invitation part (#…)');
  const before = link.slice(0, hash);
  const fragment = link.slice(hash + 1);
  if (before.startsWith('council://')) {
    const q = before.indexOf('?server=');
    if (q < 0) return bad('council:// link without server');
    return parseFragment(parseServer(decodeOrNull(before.slice(q + '?server='.length)) ?? bad('the server address is not a URL')), fragment);
  }
  if (!/\/join$/.test(before)) return bad('the link does not end in /join');
  return parseFragment(parseServer(before.slice(0, -'/join'.length) || before), fragment);
}

export interface DelegateCredentials {
  /** Sent to the server as `Authorization: Bearer <authToken>`. */
  readonly authToken: string;
  /** Lowercase hex SHA-256 of the token's UTF-8 bytes: all the server keeps. */
  readonly tokenHash: string;
  /** Unwraps this delegate's key bundle. */
  readonly wrapKey: CryptoKey;
}

export async function deriveCredentials(inv: Pick<Invitation, 'secret' | 'meetingId' | 'delegateId'>): Promise<DelegateCredentials> {
  const secret = fromB64url(inv.secret);
  if (!secret || secret.length !== SECRET_BYTES) throw new CouncilError('LINK_INVALID', 'bad secret');
  const ctx = `${inv.meetingId}\0${inv.delegateId}`;
  const authToken = toB64url(await hkdf(secret, HKDF_SALT, `auth\0${ctx}`, 32));
  const wrapKey = await importAesKey(await hkdf(secret, HKDF_SALT, `wrap\0${ctx}`, 32));
  return { authToken, tokenHash: await tokenHashOf(authToken), wrapKey };
}

export function tokenHashOf(token: string): Promise<string> {
  return sha256Hex(utf8Encode(token));
}

/**
 * A document id stable across revisions, readable in `council export <id>`: the file's path folded to
 * ASCII ("Tờ trình 12.pdf" → "to-trinh-12"). The publisher resolves the rare collision by a suffix.
 */
export function documentIdFor(relativePath: string): string {
  const slug = relativePath
    .replace(/\.pdf$/i, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 36)
    .replace(/^-+|-+$/g, '');
  return slug || 'doc';
}
