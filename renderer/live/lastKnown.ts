// The last known live state, kept on the device per meeting and member: the state room's Y.Doc as one
// encoded update, when it was last confirmed by the server, and the highest signed audit head seen. A reload
// with the server down shows it as LAST KNOWN (with its time), never as fact. It is read into a separate
// doc: the saved update is never merged into the live doc, so a stale copy can never be offered back to the
// server. Follows the outbox's pattern (localStorage, one key per meeting and member).
import * as Y from 'yjs';
import { isCheckpoint, readAuditHead, type AuditCheckpoint } from '../../common/live/audit.ts';
import { readMeetingState, type MeetingState } from '../../common/live/state.ts';
import { fromB64url, toB64url } from '../../common/pack/encoding.ts';

/** Larger states are not kept (localStorage holds ~5 MB per origin; a session's state is a few KB). */
export const MAX_SAVED_BYTES = 1_000_000;
const FORMAT = 1;

export interface SavedLiveState {
  /** Y.encodeStateAsUpdate of the state room's doc. */
  readonly update: Uint8Array;
  /** Device milliseconds when the server last confirmed this state (the last contact while connected). */
  readonly at: number;
  /** The highest audit checkpoint this device has seen for the meeting (never lowered by a later one). */
  readonly auditHead?: AuditCheckpoint;
}

export interface LiveStateStore {
  load(): SavedLiveState | undefined;
  save(saved: SavedLiveState): void;
}

export function liveStateKey(meetingId: string, delegateId: string): string {
  return `council.live.${meetingId}.${delegateId}`;
}

export function encodeSaved(saved: SavedLiveState): string | undefined {
  if (saved.update.byteLength > MAX_SAVED_BYTES) return undefined;
  return JSON.stringify({ v: FORMAT, at: saved.at, update: toB64url(saved.update), ...(saved.auditHead ? { auditHead: saved.auditHead } : {}) });
}

/** The saved state, or undefined for anything that is not one (another format, damaged, hand-edited). */
export function decodeSaved(text: string | null): SavedLiveState | undefined {
  if (text === null) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const update = typeof o['update'] === 'string' ? fromB64url(o['update']) : null;
  if (o['v'] !== FORMAT || typeof o['at'] !== 'number' || !Number.isFinite(o['at']) || !update) return undefined;
  return { update, at: o['at'], ...(isCheckpoint(o['auditHead']) ? { auditHead: o['auditHead'] } : {}) };
}

/** localStorage; absent (Node tests, some private modes) means nothing is kept. */
export function localLiveStateStore(key: string): LiveStateStore | undefined {
  const storage = globalThis.localStorage as Storage | undefined;
  if (!storage) return undefined;
  return {
    load: () => {
      try {
        return decodeSaved(storage.getItem(key));
      } catch {
        return undefined;
      }
    },
    save: (saved) => {
      const text = encodeSaved(saved);
      try {
        if (text !== undefined) storage.setItem(key, text);
      } catch {
        // storage full or refused: the state stays in memory until the page is left
      }
    },
  };
}

/** Memory only: tests, and tools that keep nothing. */
export function memoryLiveStateStore(initial?: SavedLiveState): LiveStateStore & { saved: SavedLiveState | undefined } {
  const store = {
    saved: initial,
    load: () => store.saved,
    save: (s: SavedLiveState) => void (store.saved = s),
  };
  return store;
}

export interface LastKnown {
  readonly state: MeetingState;
  readonly at: number;
  readonly auditHead?: AuditCheckpoint;
}

/** Reads a saved update into a doc of its own; undefined when the update does not apply. */
export function readSaved(saved: SavedLiveState): LastKnown | undefined {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, saved.update);
    const head = higherHead(saved.auditHead, readAuditHead(doc));
    return { state: readMeetingState(doc), at: saved.at, ...(head ? { auditHead: head } : {}) };
  } catch {
    return undefined;
  } finally {
    doc.destroy();
  }
}

/** The checkpoint with the higher seq (the kept one on a tie: a different hash at the same seq is a fork to report, not to adopt). */
export function higherHead(kept: AuditCheckpoint | undefined, seen: AuditCheckpoint | undefined): AuditCheckpoint | undefined {
  if (!kept) return seen;
  if (!seen || seen.meetingId !== kept.meetingId) return kept;
  return seen.seq > kept.seq ? seen : kept;
}

export type AuditWarning =
  | { readonly kind: 'lower'; readonly kept: AuditCheckpoint; readonly seen: AuditCheckpoint }
  | { readonly kind: 'forked'; readonly kept: AuditCheckpoint; readonly seen: AuditCheckpoint };

/**
 * What the server's published head says about the log this device saw before: undefined when it is consistent
 * (the same head, or a later one), 'lower' when the log is now shorter, 'forked' when the same seq has another hash.
 */
export function checkAuditHead(kept: AuditCheckpoint | undefined, seen: AuditCheckpoint | undefined): AuditWarning | undefined {
  if (!kept || !seen || kept.meetingId !== seen.meetingId) return undefined;
  if (seen.seq < kept.seq) return { kind: 'lower', kept, seen };
  if (seen.seq === kept.seq && seen.hash !== kept.hash) return { kind: 'forked', kept, seen };
  return undefined;
}

/** What renderer/live keeps in localStorage for a meeting: the last known state, the outbox, the follow choice. */
const MEETING_KEY_PREFIXES = (meetingId: string) => [`council.live.${meetingId}.`, `council.outbox.${meetingId}.`, `council.follow.${meetingId}`];

/** Forgets everything renderer/live kept for a meeting on this device (the meeting was forgotten or revoked). */
export function forgetLiveData(meetingId: string): void {
  const storage = globalThis.localStorage as Storage | undefined;
  if (!storage) return;
  const prefixes = MEETING_KEY_PREFIXES(meetingId);
  const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((k): k is string => k !== null);
  for (const key of keys) if (prefixes.some((p) => key.startsWith(p))) storage.removeItem(key);
}
