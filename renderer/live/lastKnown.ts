// The last known live state, kept on the device per meeting and member: the state room's Y.Doc as one
// encoded update, when it was last confirmed by the server, and the highest signed audit head seen. A reload
// with the server down shows it as LAST KNOWN (with its time), never as fact. It is read into a separate
// doc: the saved update is never merged into the live doc, so a stale copy can never be offered back to the
// server. Follows the outbox's pattern (localStorage, one key per meeting and member).
import * as Y from 'yjs';
import { isCheckpoint, readAuditHead, verifyCheckpoint, type AuditCheckpoint } from '../../common/live/audit.ts';
import { readMeetingState, type MeetingState } from '../../common/live/state.ts';
import { fromB64url, toB64url } from '../../common/pack/encoding.ts';
import { forgetAckStores } from './notices.ts';

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
  /** The server's audit public key, pinned the first time this device saw it for the meeting. */
  readonly auditKey?: string;
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
  return JSON.stringify({
    v: FORMAT,
    at: saved.at,
    update: toB64url(saved.update),
    ...(saved.auditHead ? { auditHead: saved.auditHead } : {}),
    ...(saved.auditKey ? { auditKey: saved.auditKey } : {}),
  });
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
  const auditKey = typeof o['auditKey'] === 'string' && o['auditKey'] !== '' ? { auditKey: o['auditKey'] } : {};
  return { update, at: o['at'], ...(isCheckpoint(o['auditHead']) ? { auditHead: o['auditHead'] } : {}), ...auditKey };
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

/**
 * Reads a saved update into a doc of its own; undefined when the update does not apply. The audit head is the
 * one the device kept (verified before it was kept): the head inside the saved doc came from the server
 * unchecked and is adopted only if it was verified in this run (higherHead).
 */
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

/**
 * Heads whose signature verified under the pinned audit key and whose meeting matched (verifyHead). Only these
 * can replace the kept head: a head anyone wrote into the state room (or a proxy put there) is never adopted.
 * By object identity, so nothing read from the network or from JSON can claim to be verified.
 */
const VERIFIED = new WeakSet<AuditCheckpoint>();

export type HeadCheck =
  | { readonly ok: true; readonly head: AuditCheckpoint }
  /** 'meeting': a head of another meeting; 'signature': it does not verify under the pinned key. */
  | { readonly ok: false; readonly reason: 'meeting' | 'signature'; readonly head: AuditCheckpoint };

/** Checks a published head against the meeting and the audit key this device pinned; a passing head may be adopted. */
export async function verifyHead(head: AuditCheckpoint, meetingId: string, publicKey: string): Promise<HeadCheck> {
  if (head.meetingId !== meetingId) return { ok: false, reason: 'meeting', head };
  const holds = await verifyCheckpoint(head, publicKey).catch(() => false);
  if (!holds) return { ok: false, reason: 'signature', head };
  VERIFIED.add(head);
  return { ok: true, head };
}

/**
 * The checkpoint with the higher seq (the kept one on a tie: a different hash at the same seq is a fork to report,
 * not to adopt). `seen` replaces `kept` only when verifyHead passed it; the kept head is the device's own record.
 */
export function higherHead(kept: AuditCheckpoint | undefined, seen: AuditCheckpoint | undefined): AuditCheckpoint | undefined {
  if (!seen || !VERIFIED.has(seen)) return kept;
  if (!kept) return seen;
  if (seen.meetingId !== kept.meetingId) return kept;
  return seen.seq > kept.seq ? seen : kept;
}

export type AuditWarning =
  | { readonly kind: 'lower'; readonly kept: AuditCheckpoint; readonly seen: AuditCheckpoint }
  | { readonly kind: 'forked'; readonly kept: AuditCheckpoint; readonly seen: AuditCheckpoint }
  /** The server published a head that does not verify under the pinned audit key (or names another meeting). */
  | { readonly kind: 'unsigned'; readonly seen: AuditCheckpoint }
  /** The server now offers another audit key than the one this device pinned for the meeting. */
  | { readonly kind: 'key-changed'; readonly pinned: string; readonly offered: string };

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

/** What renderer/live keeps in localStorage for a meeting: the last known state, the outbox, the follow choice, the notices acknowledged. */
const MEETING_KEY_PREFIXES = (meetingId: string) => [`council.live.${meetingId}.`, `council.outbox.${meetingId}.`, `council.follow.${meetingId}`, `council.ack.${meetingId}.`];

/** Forgets everything renderer/live kept for a meeting on this device (the meeting was forgotten or revoked). */
export function forgetLiveData(meetingId: string): void {
  forgetAckStores(meetingId);
  const storage = globalThis.localStorage as Storage | undefined;
  if (!storage) return;
  const prefixes = MEETING_KEY_PREFIXES(meetingId);
  const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((k): k is string => k !== null);
  for (const key of keys) if (prefixes.some((p) => key.startsWith(p))) storage.removeItem(key);
}
