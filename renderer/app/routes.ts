// Hash routes: the URL reflects the screen, and an invitation fragment (#v1.…) is recognised on arrival.
import { CONSOLE_PATH } from '../../common/api/console.ts';
import { assertNever } from '../../common/result.ts';

export const MEETING_TABS = ['agenda', 'delegates', 'info'] as const;
export type MeetingTab = (typeof MEETING_TABS)[number];

export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'join' }
  | { readonly name: 'invite' }
  | { readonly name: 'meeting'; readonly meetingId: string; readonly tab: MeetingTab }
  | { readonly name: 'download'; readonly meetingId: string }
  | { readonly name: 'doc'; readonly meetingId: string; readonly documentId: string }
  | { readonly name: 'live'; readonly meetingId: string }
  | { readonly name: 'hall'; readonly meetingId: string };

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const isTab = (s: string | undefined): s is MeetingTab => (MEETING_TABS as readonly string[]).includes(s ?? '');

/** True when the page is the secretariat's console (`council console` serves the bundle under CONSOLE_PATH). */
export function isConsolePath(pathname: string): boolean {
  return pathname === CONSOLE_PATH || pathname.startsWith(`${CONSOLE_PATH}/`);
}

/** True for the fragment of an invitation link (`#v1.<meetingId>.<delegateId>.<secret>.<key>`). */
export function isInvitationHash(hash: string): boolean {
  return /^#v\d+\./.test(hash);
}

/**
 * True when the address was meant as an invitation but is not one: `/join` with no or a broken `#v1.…`
 * part (a link cut when copied), or a fragment that names no screen. Shown as a wrong link, not an empty page.
 */
export function isStrayLink(pathname: string, hash: string): boolean {
  if (isInvitationHash(hash)) return false;
  // The console's own fragments (#/d/<draft>/<step>) are not invitations.
  if (isConsolePath(pathname)) return false;
  if (/\/join\/?$/.test(pathname)) return true;
  return !['', '#', '#/'].includes(hash) && parseRoute(hash).name === 'home';
}

export function parseRoute(hash: string): Route {
  if (isInvitationHash(hash)) return { name: 'invite' };
  const parts = hash.replace(/^#\/?/, '').split('/').filter((p) => p.length > 0);
  const [head, meetingId, sub, docId] = parts;
  if (head === undefined) return { name: 'home' };
  if (head === 'join' && parts.length === 1) return { name: 'join' };
  if (head === 'invite' && parts.length === 1) return { name: 'invite' };
  if (head !== 'm' || meetingId === undefined || !SEGMENT.test(meetingId)) return { name: 'home' };
  if (sub === undefined) return { name: 'meeting', meetingId, tab: 'agenda' };
  if (isTab(sub) && parts.length === 3) return { name: 'meeting', meetingId, tab: sub };
  if (sub === 'download' && parts.length === 3) return { name: 'download', meetingId };
  if ((sub === 'live' || sub === 'hall') && parts.length === 3) return { name: sub, meetingId };
  if (sub === 'doc' && docId !== undefined && SEGMENT.test(docId) && parts.length === 4) return { name: 'doc', meetingId, documentId: docId };
  return { name: 'meeting', meetingId, tab: 'agenda' };
}

export function formatRoute(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'join':
      return '#/join';
    case 'invite':
      return '#/invite';
    case 'meeting':
      return route.tab === 'agenda' ? `#/m/${route.meetingId}` : `#/m/${route.meetingId}/${route.tab}`;
    case 'download':
      return `#/m/${route.meetingId}/download`;
    case 'doc':
      return `#/m/${route.meetingId}/doc/${route.documentId}`;
    case 'live':
    case 'hall':
      return `#/m/${route.meetingId}/${route.name}`;
    default:
      return assertNever(route);
  }
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}
