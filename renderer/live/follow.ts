// "Follow the chair": what the delegate's app does when the chair moves to another agenda item. By default it
// only OFFERS the move ("Chủ tọa chuyển sang mục 4.1 — Mở / Ở lại") and the reader keeps their place; a
// delegate who turns "Theo chủ tọa" on is taken along. Kept per meeting outside React so that moving between
// screens (which remounts the live bar) changes nothing; the choice is remembered on the device.
import type { Role } from '../../common/meeting/types.ts';
import type { AgendaNode } from '../../common/pack/format.ts';
import { findItem, mainDocumentId } from './viewModel.ts';

export type FollowTarget = { readonly kind: 'doc'; readonly documentId: string } | { readonly kind: 'agenda' };

/** The move the chair made, offered to the reader until they open it, stay, or the chair moves again. */
export interface FollowOffer {
  readonly itemId: string;
  readonly target: FollowTarget;
}

export interface FollowState {
  /** The user's explicit choice; undefined until they make one (then nobody is moved, see isFollowing). */
  follow: boolean | undefined;
  /** The item last acted on; undefined until the first state arrives (opening the app never jumps). */
  lastItemId: string | null | undefined;
  /** The pending offer, if any. */
  offer: FollowOffer | undefined;
  /** Announcement ids already shown as a notice. */
  readonly seen: Set<string>;
  seenInitialised: boolean;
}

const states = new Map<string, FollowState>();
const listeners = new Set<() => void>();

/** For useSyncExternalStore: called when an offer or the preference changes. */
export function subscribeFollow(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const l of listeners) l();
}
const FOLLOW_KEY = (meetingId: string) => `council.follow.${meetingId}`;

function readPreference(meetingId: string): boolean | undefined {
  try {
    const v = globalThis.localStorage?.getItem(FOLLOW_KEY(meetingId));
    return v === '1' ? true : v === '0' ? false : undefined;
  } catch {
    return undefined;
  }
}

export function followStateOf(meetingId: string): FollowState {
  let s = states.get(meetingId);
  if (!s) {
    s = { follow: readPreference(meetingId), lastItemId: undefined, offer: undefined, seen: new Set(), seenInitialised: false };
    states.set(meetingId, s);
  }
  return s;
}

/** Following is opt-in: nobody is moved between documents without asking. */
export function isFollowing(s: Pick<FollowState, 'follow'>): boolean {
  return s.follow ?? false;
}

/** Where to go for `itemId`: its main document when this device can read it, else the agenda. */
export function targetFor(agenda: readonly AgendaNode[], itemId: string, readable: ReadonlySet<string>): FollowTarget {
  const documentId = mainDocumentId(findItem(agenda, itemId), readable);
  return documentId === undefined ? { kind: 'agenda' } : { kind: 'doc', documentId };
}

export type FollowStep = { readonly kind: 'go'; readonly target: FollowTarget } | { readonly kind: 'offer'; readonly offer: FollowOffer };

/**
 * Called with every live state: what to do now, or undefined. Acts only when the item changed since the last
 * call (not on the first one): a follower goes, anyone else but the chair is offered the move. A new item
 * replaces an older offer; no current item withdraws it.
 */
export function followStep(s: FollowState, role: Role, currentItemId: string | null, agenda: readonly AgendaNode[], readable: ReadonlySet<string>): FollowStep | undefined {
  const previous = s.lastItemId;
  s.lastItemId = currentItemId;
  if (previous === undefined || previous === currentItemId) return undefined;
  if (s.offer) {
    s.offer = undefined;
    changed();
  }
  if (currentItemId === null) return undefined;
  const target = targetFor(agenda, currentItemId, readable);
  if (isFollowing(s)) return { kind: 'go', target };
  // The chair's own devices do not offer to chase the chair.
  if (role === 'chair') return undefined;
  s.offer = { itemId: currentItemId, target };
  changed();
  return { kind: 'offer', offer: s.offer };
}

/** The item the reader last saw, when no live state has arrived yet (from the last known state). */
export function seedLastItem(s: FollowState, itemId: string | null): void {
  s.lastItemId ??= itemId;
}

/** Whether the offer is still worth showing where the reader is now (not when they already read its document). */
export function offerApplies(offer: FollowOffer | undefined, currentDocumentId: string | undefined): offer is FollowOffer {
  return offer !== undefined && !(offer.target.kind === 'doc' && offer.target.documentId === currentDocumentId);
}

export function dismissOffer(meetingId: string): void {
  followStateOf(meetingId).offer = undefined;
  changed();
}

export function setFollowPreference(meetingId: string, on: boolean): void {
  followStateOf(meetingId).follow = on;
  changed();
  try {
    globalThis.localStorage?.setItem(FOLLOW_KEY(meetingId), on ? '1' : '0');
  } catch {
    // private mode or storage full: the choice lasts until the page is left
  }
}
