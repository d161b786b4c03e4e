// "Follow the chair": where the delegate's app goes when the chair moves to another agenda item. Kept per
// meeting outside React so that moving between screens (which remounts the live bar) changes nothing.
import type { Role } from '../../common/meeting/types.ts';
import type { AgendaNode } from '../../common/pack/format.ts';
import { findItem, mainDocumentId } from './viewModel.ts';

export interface FollowState {
  /** The user's explicit choice; undefined until they make one (then the role decides, see isFollowing). */
  follow: boolean | undefined;
  /** The item last acted on; undefined until the first state arrives (opening the app never jumps). */
  lastItemId: string | null | undefined;
  /** Announcement ids already shown as a notice. */
  readonly seen: Set<string>;
  seenInitialised: boolean;
}

const states = new Map<string, FollowState>();

export function followStateOf(meetingId: string): FollowState {
  let s = states.get(meetingId);
  if (!s) {
    s = { follow: undefined, lastItemId: undefined, seen: new Set(), seenInitialised: false };
    states.set(meetingId, s);
  }
  return s;
}

/** Delegates follow the chair unless they opt out; the chair's own devices do not chase the chair. */
export function isFollowing(s: FollowState, role: Role): boolean {
  return s.follow ?? role !== 'chair';
}

export type FollowTarget = { readonly kind: 'doc'; readonly documentId: string } | { readonly kind: 'agenda' };

/** Where to go for `itemId`: its main document when this device can read it, else the agenda. */
export function targetFor(agenda: readonly AgendaNode[], itemId: string, readable: ReadonlySet<string>): FollowTarget {
  const documentId = mainDocumentId(findItem(agenda, itemId), readable);
  return documentId === undefined ? { kind: 'agenda' } : { kind: 'doc', documentId };
}

/**
 * Called with every state: returns where to go now, or undefined. Moves only when the item changed since the
 * last call (not on the first one) and the delegate follows.
 */
export function followStep(s: FollowState, role: Role, currentItemId: string | null, agenda: readonly AgendaNode[], readable: ReadonlySet<string>): FollowTarget | undefined {
  const previous = s.lastItemId;
  s.lastItemId = currentItemId;
  if (previous === undefined || previous === currentItemId || !isFollowing(s, role) || currentItemId === null) return undefined;
  return targetFor(agenda, currentItemId, readable);
}

export function setFollowPreference(meetingId: string, on: boolean): void {
  followStateOf(meetingId).follow = on;
}
