// Events about members that other parts of the server act on at once (the live session closes a revoked
// member's sockets when the revocation commits, instead of at its next periodic check). Keyed by the database,
// so two servers in one process (tests) never hear each other.
import type { ServerDb } from './serverDb.ts';

export interface MemberRevoked {
  readonly meetingId: string;
  readonly delegateId: string;
}

type Listener = (event: MemberRevoked) => void;

const listeners = new WeakMap<ServerDb, Set<Listener>>();

/** Subscribes to revocations committed on this database; returns the unsubscribe function. */
export function onMemberRevoked(db: ServerDb, listener: Listener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/** Called after the revocation has committed. A listener's failure never undoes or hides the revocation. */
export function emitMemberRevoked(db: ServerDb, event: MemberRevoked): void {
  for (const listener of listeners.get(db) ?? []) {
    try {
      listener(event);
    } catch {
      // The periodic check (LiveSession.checkRevocations) still closes the sockets.
    }
  }
}

// ---- inside the transaction (issue 14 §5: a revocation drops the member's presence atomically with it)

/** A change of a member's credentials: revoked (the link stops working) or re-invited (a new secret, same seat). */
export interface MemberChange {
  readonly kind: 'revoked' | 'reinvited';
  readonly meetingId: string;
  readonly delegateId: string;
  /** Server milliseconds since the epoch. */
  readonly at: number;
}

type ChangeListener = (change: MemberChange) => void;

const changeListeners = new WeakMap<ServerDb, Set<ChangeListener>>();

/** Subscribes to member changes, run INSIDE the transaction that makes them; returns the unsubscribe function. */
export function onMemberChange(db: ServerDb, listener: ChangeListener): () => void {
  let set = changeListeners.get(db);
  if (!set) changeListeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/** Called inside the change's transaction, after its own writes: a listener that throws rolls the change back. */
export function applyMemberChange(db: ServerDb, change: MemberChange): void {
  for (const listener of changeListeners.get(db) ?? []) listener(change);
}
