// What each live-session command does to the meeting state (declared in features/session.ts). Checks come
// first and return an error value; only a command that passes them writes. The route runs these inside one
// Y transaction and one SQL transaction.
import type { LiveCommand } from '../../common/live/commands.ts';
import { MAX_QUEUE_LENGTH } from '../../common/live/commands.ts';
import * as Y from 'yjs';
import { SESSION_KEYS, type Announcement, type Floor, type SpeakRequest } from '../../common/live/state.ts';
import type { ErrorCode } from '../../common/errors.ts';
import type { Member } from '../core/types.ts';
import { APPLIED, type ApplyOutcome } from './commands/registry.ts';
import { getConfig, getFloor, replaceFloor, setConfig, type SessionTypes } from './stateWriter.ts';

export type { ApplyOutcome } from './commands/registry.ts';

export interface ApplyContext {
  readonly t: SessionTypes;
  readonly member: Member;
  readonly now: number;
  readonly newId: () => string;
  readonly isVotingMember: (delegateId: string) => boolean;
  readonly maxAnnouncements: number;
  readonly maxSpeeches: number;
}

const DONE = APPLIED;
const refuse = (code: ErrorCode, message: string): ApplyOutcome => ({ ok: false, error: { code, message } });

export type Cmd<T extends LiveCommand['type']> = Extract<LiveCommand, { type: T }>;

function queueIndex(ctx: ApplyContext, requestId: string): number {
  return ctx.t.queue.toArray().findIndex((r) => r.id === requestId);
}

function floorFromRequest(ctx: ApplyContext, r: SpeakRequest, durationSec: number | undefined): Floor {
  const base = { delegateId: r.delegateId, type: r.type, requestId: r.id, startedAt: ctx.now };
  const duration = { durationSec: durationSec ?? getConfig(ctx.t).speakingTimeSec };
  return r.addressee === undefined ? { ...base, ...duration } : { ...base, ...duration, addressee: r.addressee };
}

function giveFromQueue(ctx: ApplyContext, index: number, durationSec: number | undefined): ApplyOutcome {
  const request = ctx.t.queue.get(index);
  ctx.t.queue.delete(index, 1);
  replaceFloor(ctx.t, floorFromRequest(ctx, request, durationSec), ctx.now, ctx.maxSpeeches);
  return DONE;
}

export function giveFloor(ctx: ApplyContext, c: Cmd<'giveFloor'>): ApplyOutcome {
  if ((c.requestId === undefined) === (c.delegateId === undefined)) return refuse('COMMAND_INVALID', 'give either requestId or delegateId');
  if (c.requestId !== undefined) {
    const index = queueIndex(ctx, c.requestId);
    return index < 0 ? refuse('NOT_FOUND', 'no such request in the queue') : giveFromQueue(ctx, index, c.durationSec);
  }
  const delegateId = c.delegateId as string;
  if (!ctx.isVotingMember(delegateId)) return refuse('NOT_FOUND', 'no such delegate');
  const type = c.speechType ?? 'phat-bieu';
  const base = { delegateId, type, startedAt: ctx.now, durationSec: c.durationSec ?? getConfig(ctx.t).speakingTimeSec };
  replaceFloor(ctx.t, c.addressee === undefined ? base : { ...base, addressee: c.addressee }, ctx.now, ctx.maxSpeeches);
  return DONE;
}

export function nextSpeaker(ctx: ApplyContext, c: Cmd<'nextSpeaker'>): ApplyOutcome {
  if (ctx.t.queue.length === 0) return refuse('CONFLICT', 'the queue is empty');
  return giveFromQueue(ctx, 0, c.durationSec);
}

export function endSpeech(ctx: ApplyContext): ApplyOutcome {
  if (!getFloor(ctx.t)) return refuse('CONFLICT', 'nobody has the floor');
  replaceFloor(ctx.t, null, ctx.now, ctx.maxSpeeches);
  return DONE;
}

export function setSpeakingTime(ctx: ApplyContext, c: Cmd<'setSpeakingTime'>): ApplyOutcome {
  setConfig(ctx.t, { speakingTimeSec: c.seconds });
  return DONE;
}

export function adjustTime(ctx: ApplyContext, c: Cmd<'adjustTime'>): ApplyOutcome {
  const floor = getFloor(ctx.t);
  if (!floor) return refuse('CONFLICT', 'nobody has the floor');
  ctx.t.map.set(SESSION_KEYS.floor, { ...floor, durationSec: Math.max(0, floor.durationSec + c.deltaSec) });
  return DONE;
}

export function reorderQueue(ctx: ApplyContext, c: Cmd<'reorderQueue'>): ApplyOutcome {
  const current = ctx.t.queue.toArray();
  const byId = new Map(current.map((r) => [r.id, r]));
  const same = c.requestIds.length === current.length && new Set(c.requestIds).size === current.length && c.requestIds.every((id) => byId.has(id));
  if (!same) return refuse('CONFLICT', 'the queue changed; reorder the current queue');
  ctx.t.queue.delete(0, current.length);
  ctx.t.queue.insert(0, c.requestIds.map((id) => byId.get(id) as SpeakRequest));
  return DONE;
}

export function removeRequest(ctx: ApplyContext, c: Cmd<'removeRequest'>): ApplyOutcome {
  const index = queueIndex(ctx, c.requestId);
  if (index < 0) return refuse('NOT_FOUND', 'no such request in the queue');
  ctx.t.queue.delete(index, 1);
  return DONE;
}

export function announce(ctx: ApplyContext, c: Cmd<'announce'>): ApplyOutcome {
  const list = ctx.t.announcements;
  const base: Announcement = { id: ctx.newId(), text: c.text, level: c.level, at: ctx.now };
  list.push([c.expiresInSec === undefined ? base : { ...base, expiresAt: ctx.now + c.expiresInSec * 1000 }]);
  if (list.length > ctx.maxAnnouncements) {
    for (const gone of list.slice(0, list.length - ctx.maxAnnouncements)) ctx.t.acknowledgements.delete(gone.id);
    list.delete(0, list.length - ctx.maxAnnouncements);
  }
  return DONE;
}

function announcementIndex(ctx: ApplyContext, announcementId: string): number {
  return ctx.t.announcements.toArray().findIndex((a) => a.id === announcementId);
}

/** Withdrawn, not deleted: the minutes keep what was announced and when it was taken back. */
export function withdrawAnnouncement(ctx: ApplyContext, c: Cmd<'withdrawAnnouncement'>): ApplyOutcome {
  const index = announcementIndex(ctx, c.announcementId);
  if (index < 0) return refuse('NOT_FOUND', 'no such announcement');
  const current = ctx.t.announcements.get(index);
  if (current.withdrawnAt !== undefined) return refuse('CONFLICT', 'the announcement is already withdrawn');
  ctx.t.announcements.delete(index, 1);
  ctx.t.announcements.insert(index, [{ ...current, withdrawnAt: ctx.now }]);
  return DONE;
}

/** Kept per member (first time only), so the chair sees who saw an urgent notice. */
export function acknowledgeAnnouncement(ctx: ApplyContext, c: Cmd<'acknowledgeAnnouncement'>): ApplyOutcome {
  if (announcementIndex(ctx, c.announcementId) < 0) return refuse('NOT_FOUND', 'no such announcement');
  let seen = ctx.t.acknowledgements.get(c.announcementId);
  if (!seen) {
    seen = new Y.Map<number>();
    ctx.t.acknowledgements.set(c.announcementId, seen);
  }
  if (!seen.has(ctx.member.delegateId)) seen.set(ctx.member.delegateId, ctx.now);
  return DONE;
}

export function recordAttendance(ctx: ApplyContext, c: Cmd<'recordAttendance'>): ApplyOutcome {
  if (!ctx.isVotingMember(c.delegateId)) return refuse('NOT_FOUND', 'no such delegate');
  const base = { status: c.status, at: ctx.now, by: ctx.member.delegateId };
  ctx.t.attendance.set(c.delegateId, c.reason === undefined ? base : { ...base, reason: c.reason });
  return DONE;
}

export function configure(ctx: ApplyContext, c: Cmd<'configure'>): ApplyOutcome {
  if (c.quorum) setConfig(ctx.t, { quorum: c.quorum });
  if (c.totalDelegates === null) setConfig(ctx.t, { totalDelegatesSetByChair: false });
  if (typeof c.totalDelegates === 'number') setConfig(ctx.t, { totalDelegates: c.totalDelegates, totalDelegatesSetByChair: true });
  return DONE;
}

export function checkIn(ctx: ApplyContext, c: Cmd<'checkIn'>): ApplyOutcome {
  ctx.t.attendance.set(ctx.member.delegateId, { status: c.mode, at: ctx.now, by: ctx.member.delegateId });
  return DONE;
}

export function requestToSpeak(ctx: ApplyContext, c: Cmd<'requestToSpeak'>): ApplyOutcome {
  const queue = ctx.t.queue.toArray();
  if (queue.some((r) => r.delegateId === ctx.member.delegateId && r.type === c.speechType)) {
    return refuse('CONFLICT', 'already registered for this kind of speech');
  }
  if (queue.length >= MAX_QUEUE_LENGTH) return refuse('CONFLICT', 'the queue is full');
  const base = { id: ctx.newId(), delegateId: ctx.member.delegateId, type: c.speechType, requestedAt: ctx.now };
  ctx.t.queue.push([c.addressee === undefined ? base : { ...base, addressee: c.addressee }]);
  return DONE;
}

export function withdrawRequest(ctx: ApplyContext, c: Cmd<'withdrawRequest'>): ApplyOutcome {
  const index = queueIndex(ctx, c.requestId);
  if (index < 0) return refuse('NOT_FOUND', 'no such request in the queue');
  if (ctx.t.queue.get(index).delegateId !== ctx.member.delegateId) return refuse('FORBIDDEN', 'not your request');
  ctx.t.queue.delete(index, 1);
  return DONE;
}

export function setCurrentItem(ctx: ApplyContext, c: Cmd<'setCurrentItem'>): ApplyOutcome {
  ctx.t.map.set(SESSION_KEYS.currentItemId, c.itemId);
  return DONE;
}
