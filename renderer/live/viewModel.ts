// Pure derivations the live screens show: the agenda position, places in the queue, the countdown, quorum,
// names. Everything here is a function of the plain MeetingState and the manifest; no React, no Yjs.
import { countdown, formatClock, type CountdownPhase } from '../../common/live/countdown.ts';
import { quorumStatus, type QuorumStatus } from '../../common/live/quorum.ts';
import type { MeetingState, SpeakRequest, SpeechType } from '../../common/live/state.ts';
import type { Delegate } from '../../common/meeting/types.ts';
import type { AgendaNode } from '../../common/pack/format.ts';

export interface FlatItem {
  readonly node: AgendaNode;
  readonly depth: number;
}

/** The agenda in reading order (depth-first), with each item's depth. */
export function flattenAgenda(nodes: readonly AgendaNode[], depth = 0): FlatItem[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flattenAgenda(node.items, depth + 1)]);
}

export function findItem(nodes: readonly AgendaNode[], id: string | null): AgendaNode | undefined {
  return id === null ? undefined : flattenAgenda(nodes).find((f) => f.node.id === id)?.node;
}

/** The item after `id` in reading order (the first item when nothing is current); undefined at the end. */
export function adjacentItemId(nodes: readonly AgendaNode[], id: string | null, step: 1 | -1): string | undefined {
  const flat = flattenAgenda(nodes);
  if (id === null) return step === 1 ? flat[0]?.node.id : undefined;
  const at = flat.findIndex((f) => f.node.id === id);
  return at < 0 ? flat[0]?.node.id : flat[at + step]?.node.id;
}

/**
 * The document "follow the chair" opens for an item: its first readable document, else the first of its
 * sub-items (a heading such as "Thảo luận" often holds none itself).
 */
export function mainDocumentId(node: AgendaNode | undefined, readable: ReadonlySet<string>): string | undefined {
  if (!node) return undefined;
  const own = node.documentIds.find((d) => readable.has(d));
  if (own !== undefined) return own;
  for (const child of node.items) {
    const found = mainDocumentId(child, readable);
    if (found !== undefined) return found;
  }
  return undefined;
}

export interface QueuePlace {
  readonly request: SpeakRequest;
  /** 1-based position in the whole queue. */
  readonly place: number;
}

/** The delegate's own requests with their places in the queue. */
export function myRequests(queue: readonly SpeakRequest[], delegateId: string | undefined): QueuePlace[] {
  return queue.flatMap((request, i) => (request.delegateId === delegateId ? [{ request, place: i + 1 }] : []));
}

export function hasRequested(queue: readonly SpeakRequest[], delegateId: string | undefined, type: SpeechType): boolean {
  return queue.some((r) => r.delegateId === delegateId && r.type === type);
}

export interface CountdownView {
  readonly text: string;
  readonly phase: CountdownPhase;
  /** 0..1 of the allowed time used, capped at 1. */
  readonly used: number;
}

/** The countdown of the speaker on the floor; null when nobody speaks. */
export function countdownView(state: Pick<MeetingState, 'floor'>, now: number): CountdownView | null {
  if (!state.floor) return null;
  const c = countdown(state.floor, now);
  const used = state.floor.durationSec > 0 ? Math.min(1, c.elapsedSec / state.floor.durationSec) : 1;
  return { text: formatClock(c), phase: c.phase, used };
}

export function quorumOf(state: MeetingState): QuorumStatus {
  return quorumStatus(state.attendance, state.config.totalDelegates, state.config.quorum);
}

/** The delegates who check in and are counted: chair and delegates, in list order. */
export function sittingDelegates(delegates: readonly Delegate[]): Delegate[] {
  return delegates.filter((d) => d.role === 'delegate' || d.role === 'chair');
}

/**
 * Who is connected: the delegate ids awareness reports, plus this device's own delegate while its connection
 * is up (awareness may not have reported the local state yet, and the count must never say 0 to someone online).
 */
export function connectedIds(onlineIds: readonly string[], me: string, meOnline: boolean): ReadonlySet<string> {
  const ids = new Set(onlineIds);
  if (meOnline) ids.add(me);
  return ids;
}

/** How many of the sitting delegates are connected (the hall screen and guests are not counted). */
export function connectedDelegateCount(delegates: readonly Delegate[], connected: ReadonlySet<string>): number {
  return sittingDelegates(delegates).filter((d) => connected.has(d.id)).length;
}

export function nameOf(delegates: readonly Delegate[], id: string): string {
  return delegates.find((d) => d.id === id)?.name ?? id;
}

/** A delegate's name with the position, as the hall and the chair read it. */
export function labelOf(delegates: readonly Delegate[], id: string): { readonly name: string; readonly detail: string } {
  const d = delegates.find((x) => x.id === id);
  return d ? { name: d.name, detail: [d.position, d.unit].filter((s) => s.length > 0).join(', ') } : { name: id, detail: '' };
}

/** Announcements newer than the last one the delegate has seen, newest first. */
export function unseenAnnouncements<T extends { readonly id: string }>(all: readonly T[], seen: ReadonlySet<string>): T[] {
  return all.filter((a) => !seen.has(a.id)).reverse();
}

/** The order after moving one request up or down; the same order when it cannot move. */
export function moveRequest(queue: readonly SpeakRequest[], requestId: string, step: 1 | -1): string[] {
  const ids = queue.map((r) => r.id);
  const at = ids.indexOf(requestId);
  const to = at + step;
  if (at < 0 || to < 0 || to >= ids.length) return ids;
  [ids[at], ids[to]] = [ids[to] as string, ids[at] as string];
  return ids;
}

let counter = 0;
/** A command id unique per device: time, a counter and randomness (the server keeps each id's answer). */
export function newCommandId(): string {
  counter = (counter + 1) % 1_000_000;
  // getRandomValues exists on insecure origins too (randomUUID does not)
  const [random = 0] = globalThis.crypto.getRandomValues(new Uint32Array(1));
  return `c-${Date.now().toString(36)}-${counter.toString(36)}-${random.toString(36)}`;
}
