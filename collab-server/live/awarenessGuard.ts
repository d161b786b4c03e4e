// Awareness updates are decoded here, before y-protocols sees them: every state is bounded in size and depth
// (a state nested 200,000 deep once crashed the server when the broadcast re-encoded it), a socket may only
// set the client ids it owns, and the server stamps the authenticated member into each state
// (AWARENESS_MEMBER_FIELD), so nobody can appear online as someone else.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AWARENESS_MEMBER_FIELD } from '../../common/live/wire.ts';
import type { Role } from '../../common/meeting/types.ts';

export class AwarenessRefused extends Error {}

export interface AwarenessBounds {
  readonly maxAwarenessStateBytes: number;
  readonly maxAwarenessDepth: number;
  readonly maxAwarenessEntries: number;
}

export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** null removes the state. */
  readonly state: Record<string, unknown> | null;
}

/** Deepest [ / { nesting of a JSON text, scanning past strings; stops counting once past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      deepest = Math.max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

function parseState(json: string, bounds: AwarenessBounds): Record<string, unknown> | null {
  if (json.length > bounds.maxAwarenessStateBytes) throw new AwarenessRefused(`awareness state of ${json.length} characters`);
  if (jsonDepth(json, bounds.maxAwarenessDepth) > bounds.maxAwarenessDepth) throw new AwarenessRefused('awareness state nested too deep');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new AwarenessRefused('awareness state is not JSON');
  }
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new AwarenessRefused('awareness state is not an object');
  return value as Record<string, unknown>;
}

/** Decodes and bounds an awareness update (y-protocols' encoding); throws AwarenessRefused. */
export function decodeAwareness(update: Uint8Array, bounds: AwarenessBounds): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > bounds.maxAwarenessEntries) throw new AwarenessRefused(`${count} awareness entries in one message`);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    entries.push({ clientId, clock, state: parseState(decoding.readVarString(decoder), bounds) });
  }
  if (decoding.hasContent(decoder)) throw new AwarenessRefused('trailing bytes in the awareness update');
  return entries;
}

export function encodeAwareness(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, JSON.stringify(e.state));
  }
  return encoding.toUint8Array(encoder);
}

export interface StampedMember {
  readonly delegateId: string;
  readonly role: Role;
}

/** A state claims another member when its conventional `user.delegateId` names someone else. */
function claimsAnother(state: Record<string, unknown>, member: StampedMember): boolean {
  const user = state['user'];
  if (typeof user !== 'object' || user === null) return false;
  const claimed = (user as Record<string, unknown>)['delegateId'];
  return claimed !== undefined && claimed !== member.delegateId;
}

/** The state with the server's stamp; undefined when it claims to be another member (refused). */
export function stamp(entry: AwarenessEntry, member: StampedMember): AwarenessEntry | undefined {
  if (entry.state === null) return entry;
  if (claimsAnother(entry.state, member)) return undefined;
  return { ...entry, state: { ...entry.state, [AWARENESS_MEMBER_FIELD]: { delegateId: member.delegateId, role: member.role } } };
}
