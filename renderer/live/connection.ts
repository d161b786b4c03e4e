// One honest answer to "am I connected to the server?", for the top bar and the live panel alike. While a
// meeting's live session is open its client is the source of truth (it sees the socket close at once); the
// platform's periodic ping is only the fallback on screens without one. "Connected" means the server, not the
// network: the Wi-Fi may be up while the server is not.
import { useSyncExternalStore } from 'react';

/** connecting: the first attempt is in flight; online: synced with the server; reconnecting: no connection
 * (lost it, or the first attempt failed), retrying; offline: the device has no network; closed: the server
 * refused us for good (revoked). */
export type LiveStatus = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'closed';

/** online: in sync with the server; connecting: first attempt in flight; unreachable: the network is up
 * (as far as the device knows) but the server does not answer; offline: no network; closed: refused for good. */
export type ConnectionKind = 'online' | 'connecting' | 'unreachable' | 'offline' | 'closed';

export interface ConnectionView {
  readonly kind: ConnectionKind;
  /** Device ms of the last contact with the server, when known and not online now. */
  readonly lastContactAt?: number;
}

export interface LiveLink {
  readonly status: LiveStatus;
  readonly lastContactAt?: number;
}

/** From the live client's status when there is one, else from the platform's check and the device's network. */
export function connectionOf(platformOnline: boolean, networkUp: boolean, live: LiveLink | undefined): ConnectionView {
  if (!live) return { kind: platformOnline ? 'online' : networkUp ? 'unreachable' : 'offline' };
  const since = live.lastContactAt === undefined ? {} : { lastContactAt: live.lastContactAt };
  switch (live.status) {
    case 'online':
      return { kind: 'online' };
    case 'connecting':
      return { kind: 'connecting' };
    case 'reconnecting':
      return { kind: networkUp ? 'unreachable' : 'offline', ...since };
    case 'offline':
      return { kind: 'offline', ...since };
    case 'closed':
      return { kind: 'closed', ...since };
  }
}

// ---- the open live session's link, published for the top bar (one meeting is open at a time)

let current: { readonly meetingId: string; readonly link: LiveLink } | undefined;
const listeners = new Set<() => void>();

export function publishLiveLink(meetingId: string, link: LiveLink | undefined): void {
  if (link === undefined && current?.meetingId !== meetingId) return;
  if (link && current?.meetingId === meetingId && current.link.status === link.status && current.link.lastContactAt === link.lastContactAt) return;
  current = link ? { meetingId, link } : undefined;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const getLink = (): LiveLink | undefined => current?.link;

/** The connection the top bar shows: `platformOnline` is the app state's `online` (the platform's check). */
export function useConnection(platformOnline: boolean): ConnectionView {
  const link = useSyncExternalStore(subscribe, getLink);
  return connectionOf(platformOnline, globalThis.navigator?.onLine !== false, link);
}
