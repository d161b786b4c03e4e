// Runs one accepted command: applies it to the meeting state room, appends the Yjs update it produced, its
// audit entry (per policy) with the new signed head, and the stored answer — in ONE SQL transaction, so a crash
// never leaves the state, the audit log and the idempotency table disagreeing. No snapshot is written here:
// the room registry compacts the appended updates later (roomStore.compactRoom).
import { randomUUID } from 'node:crypto';
import { lockMeeting, lockMeetings, type ServerDb } from '../../store/db.ts';
import { commitOutcomeUnknown, readAfterBrokenCommit } from '../../store/commitOutcome.ts';
import * as Y from 'yjs';
import { AUDIT_HEAD_KEY, AUDIT_MAP, type AuditCheckpoint, type AuditedCommand, type AuditEntry } from '../../../common/live/audit.ts';
import type { CommandResult } from '../../../common/live/commands.ts';
import { readMeetingState } from '../../../common/live/state.ts';
import { statusOf } from '../../core/responses.ts';
import type { Member } from '../../core/types.ts';
import type { MemberChange } from '../../store/memberEvents.ts';
import { appendAudit, auditHeadSeq } from '../auditLog.ts';
import { auditRows } from '../liveQueries.ts';
import type { AuditSigner } from '../auditKey.ts';
import type { LiveLimits } from '../limits.ts';
import { SERVER_ORIGIN, type Room } from '../Room.ts';
import type { RoomRegistry } from '../RoomRegistry.ts';
import { appendRoomUpdate, loadRoom } from '../roomStore.ts';
import type { Idempotency } from './idempotency.ts';
import type { ApplyOutcome, CommandContext, CommandRegistry, MemberChangeContext, ParsedCommand } from './registry.ts';

export interface ExecuteDeps {
  readonly db: ServerDb;
  readonly rooms: RoomRegistry;
  readonly commands: CommandRegistry;
  readonly signer: AuditSigner;
  readonly limits: LiveLimits;
  readonly log?: (line: string) => void;
}

export interface Answer {
  readonly status: number;
  readonly result: CommandResult;
}

/**
 * The state vector of what storage holds, per loaded room, as far as commands know. A room may change outside
 * a command (its shape and member count on load, INIT_ORIGIN, which the registry stores after a debounce): the
 * next command appends those changes too, so no stored update ever references items storage has not seen,
 * even after a crash inside the debounce. An update stored twice is harmless to Yjs.
 */
const storedVectors = new WeakMap<Room, Uint8Array>();

function storedVector(db: ServerDb, room: Room): Uint8Array {
  const known = storedVectors.get(room);
  if (known) return known;
  const { updates } = loadRoom(db, room.name);
  return updates.length === 0 ? Y.encodeStateVector(new Y.Doc()) : Y.encodeStateVectorFromUpdate(Y.mergeUpdates(updates));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * First step of every write to a state room, inside its SQL transaction. With several server instances on one
 * PostgreSQL (collab-server/cluster/) the meeting's lock serialises their writers — so the audit chain, the
 * speaker queue and the polls stay linear — and the room catches up with what the others stored before this
 * command reads it (the stored vector follows when storage held all of the doc before: the caught-up rows are
 * stored). One instance: the lock is a no-op on SQLite and nothing is caught up.
 */
function enterMeeting(deps: ExecuteDeps, room: Room): void {
  lockMeeting(deps.db, room.ref.meetingId);
  if (!deps.rooms.shared) return;
  const known = storedVectors.get(room);
  const clean = known !== undefined && sameBytes(known, Y.encodeStateVector(room.doc));
  deps.rooms.catchUp(room);
  if (clean) storedVectors.set(room, Y.encodeStateVector(room.doc));
}

/** Runs `fn` in a SERVER_ORIGIN transaction and returns every update the doc emitted, unstored ones first. */
function captureUpdate(db: ServerDb, room: Room, fn: () => void): Uint8Array | undefined {
  const before = storedVector(db, room);
  const parts: Uint8Array[] = [];
  if (!sameBytes(before, Y.encodeStateVector(room.doc))) parts.push(Y.encodeStateAsUpdate(room.doc, before));
  const listener = (update: Uint8Array, origin: unknown): void => {
    if (origin === SERVER_ORIGIN) parts.push(update);
  };
  room.doc.on('update', listener);
  try {
    room.doc.transact(fn, SERVER_ORIGIN);
  } finally {
    room.doc.off('update', listener);
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
}

/** What the audit log records of an outcome: an applied command, or a refusal that took effect (`recorded`). */
function auditedOutcome(command: ParsedCommand, outcome: ApplyOutcome): AuditedCommand | undefined {
  if (outcome.ok) return command.audited(outcome.audit);
  return outcome.recorded ? command.audited(outcome.recorded) : undefined;
}

/** Appends an audit entry and publishes the signed head in the state room (every device keeps the last it saw). */
function appendAndPublish(deps: ExecuteDeps, doc: Y.Doc, entry: Omit<AuditEntry, 'seq'>): AuditCheckpoint {
  const head = appendAudit(deps.db, deps.signer, entry);
  // A log later cut short or rewritten no longer reaches the head a device holds.
  doc.getMap<unknown>(AUDIT_MAP).set(AUDIT_HEAD_KEY, head);
  return head;
}

/** Applies the command and, when it took effect, appends its audit entry and publishes the signed head. */
function applyAndAudit(deps: ExecuteDeps, ctx: CommandContext, command: ParsedCommand): { outcome: ApplyOutcome; seq: number } {
  for (const f of deps.commands.features) f.beforeCommand?.(ctx);
  const outcome = command.apply(ctx);
  const { meetingId, delegateId, role } = ctx.member;
  const audited = auditedOutcome(command, outcome);
  if (!audited) return { outcome, seq: auditHeadSeq(deps.db, meetingId) };
  const entry: Omit<AuditEntry, 'seq'> = { meetingId, at: ctx.now, ...(command.auditActor ? { actor: { delegateId, role } } : {}), command: audited };
  return { outcome, seq: appendAndPublish(deps, ctx.doc, entry).seq };
}

/** The ISO time truncated to the minute (seconds and milliseconds zero). */
export function minuteOf(ms: number): string {
  return new Date(ms - (ms % 60_000)).toISOString();
}

function run(deps: ExecuteDeps, room: Room, member: Member, command: ParsedCommand, idempotency: Idempotency, afterCommit: (fn: () => void) => void): Answer {
  const now = Date.now();
  const at = new Date(now).toISOString();
  const ctx: CommandContext = { db: deps.db, doc: room.doc, member, now, newId: randomUUID, limits: deps.limits, afterCommit };
  let applied: { outcome: ApplyOutcome; seq: number } = { outcome: { ok: true }, seq: 0 };
  const update = captureUpdate(deps.db, room, () => {
    applied = applyAndAudit(deps, ctx, command);
  });
  // An opaque command's update row gets the minute only: its exact time is its audit entry's, which names the sender.
  const updateAt = command.idempotency === 'opaque' ? minuteOf(now) : at;
  if (update) {
    appendRoomUpdate(deps.db, { room: room.name, meetingId: member.meetingId, update, at: updateAt });
    // Other instances' sockets see it once it is stored (collab-server/cluster/); a no-op with one instance.
    afterCommit(() => deps.rooms.publish(room, update));
  }
  const { outcome, seq } = applied;
  // An opaque command's answer is its seq alone: the state at that moment would say where it stood in order.
  const withState = command.idempotency !== 'opaque' && command.answerState !== false;
  const base = withState ? { seq, state: readMeetingState(room.doc) } : { seq };
  const value = outcome.ok && outcome.value ? { ...outcome.value, ...base } : base;
  const result: CommandResult = outcome.ok ? { ok: true, value } : { ok: false, error: outcome.error };
  const status = result.ok ? 200 : statusOf(result.error.code);
  idempotency.store({ status, result: JSON.stringify(result) }, at);
  return { status, result };
}

/**
 * Executes an authorised, not yet seen command; all or nothing. When anything throws (a bug in a feature, a
 * full disk) the SQL transaction rolls back and the command's changes to the doc are undone, so the state
 * that clients see and the next command stores never holds a change the audit log does not.
 */
export function executeCommand(deps: ExecuteDeps, member: Member, command: ParsedCommand, idempotency: Idempotency): Answer {
  const room = deps.rooms.acquire({ kind: 'state', meetingId: member.meetingId });
  const undo = new Y.UndoManager(room.doc, { trackedOrigins: new Set([SERVER_ORIGIN]), captureTimeout: 0 });
  const committed: (() => void)[] = [];
  try {
    const answer = deps.db.transaction(() => {
      enterMeeting(deps, room);
      return run(deps, room, member, command, idempotency, (fn) => void committed.push(fn));
    })();
    storedVectors.set(room, Y.encodeStateVector(room.doc));
    runCommitted(deps, committed);
    return answer;
  } catch (e) {
    const stored = commitOutcomeUnknown(e) ? committedAnswer(idempotency) : undefined;
    if (stored) {
      // PostgreSQL had committed before the connection broke: the doc keeps the change the store holds.
      storedVectors.set(room, Y.encodeStateVector(room.doc));
      runCommitted(deps, committed);
      return stored;
    }
    undo.undo();
    throw e;
  } finally {
    undo.destroy();
    deps.rooms.releaseIfIdle(room);
  }
}

/**
 * After a COMMIT of unknown outcome: the command's idempotency row, written in the same transaction, says whether
 * it committed. Undefined when absent or when the store still cannot answer — then the caller undoes, as for a
 * rollback.
 */
function committedAnswer(idempotency: Idempotency): Answer | undefined {
  const seen = readAfterBrokenCommit(() => idempotency.lookup());
  return seen?.kind === 'stored' ? { status: seen.answer.status, result: JSON.parse(seen.answer.result) as CommandResult } : undefined;
}

interface Queued {
  readonly member: Member;
  readonly command: ParsedCommand;
  readonly idempotency: Idempotency;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (e: unknown) => void;
}

/** Commands waiting for their group's transaction, per database. */
const groups = new WeakMap<ServerDb, Queued[]>();

/**
 * Like executeCommand, but the commands that arrive in one turn of the event loop share ONE SQL transaction —
 * one fsync for the group (group commit) — each in its own savepoint: a command that throws rolls back (and
 * undoes in the doc) alone, the others commit. Answers are resolved after the commit; nothing is answered that
 * is not stored. A twin (same sender and id) later in the same group gets the first one's stored answer.
 */
export function executeCommandGrouped(deps: ExecuteDeps, member: Member, command: ParsedCommand, idempotency: Idempotency): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let group = groups.get(deps.db);
    if (!group) {
      const fresh: Queued[] = [];
      groups.set(deps.db, fresh);
      setImmediate(() => {
        groups.delete(deps.db);
        runGroup(deps, fresh);
      });
      group = fresh;
    }
    group.push({ member, command, idempotency, resolve, reject });
  });
}

interface GroupRoom {
  readonly room: Room;
  /** Tracks the whole group's changes to this room: undone together should the group's commit fail. */
  readonly undo: Y.UndoManager;
}

function groupRoom(deps: ExecuteDeps, rooms: Map<string, GroupRoom>, meetingId: string): GroupRoom {
  const room = deps.rooms.acquire({ kind: 'state', meetingId });
  const known = rooms.get(room.name);
  if (known) return known;
  // Once per meeting and group, before any of the group's writes: its lock is held until the group commits.
  enterMeeting(deps, room);
  const entry = { room, undo: new Y.UndoManager(room.doc, { trackedOrigins: new Set([SERVER_ORIGIN]), captureTimeout: 0 }) };
  rooms.set(room.name, entry);
  return entry;
}

function runInGroup(deps: ExecuteDeps, q: Queued, rooms: Map<string, GroupRoom>, committed: (() => void)[]): Answer {
  // The room (and so the meeting's lock) first: a twin retried on another instance is seen here, not stored twice.
  const { room, undo: groupUndo } = groupRoom(deps, rooms, q.member.meetingId);
  const seen = q.idempotency.lookup();
  if (seen.kind === 'conflict') return { status: statusOf('CONFLICT'), result: { ok: false, error: { code: 'CONFLICT', message: 'this command id was used for a different command' } } };
  if (seen.kind === 'stored') return { status: seen.answer.status, result: JSON.parse(seen.answer.result) as CommandResult };
  const own = new Y.UndoManager(room.doc, { trackedOrigins: new Set([SERVER_ORIGIN]), captureTimeout: 0 });
  const depth = groupUndo.undoStack.length;
  try {
    const mine: (() => void)[] = [];
    const answer = deps.db.transaction(() => run(deps, room, q.member, q.command, q.idempotency, (fn) => void mine.push(fn)))();
    storedVectors.set(room, Y.encodeStateVector(room.doc));
    committed.push(...mine);
    return answer;
  } catch (e) {
    own.undo();
    // Undone already: the group's undo must not replay it.
    groupUndo.undoStack.length = Math.min(groupUndo.undoStack.length, depth);
    storedVectors.delete(room);
    throw e;
  } finally {
    own.destroy();
  }
}

function runGroup(deps: ExecuteDeps, group: readonly Queued[]): void {
  const rooms = new Map<string, GroupRoom>();
  const committed: (() => void)[] = [];
  const outcomes: ({ ok: true; answer: Answer } | { ok: false; error: unknown })[] = [];
  try {
    deps.db.transaction(() => {
      // Several meetings in one group: their locks in key order, so two instances' groups cannot deadlock.
      lockMeetings(deps.db, group.map((q) => q.member.meetingId));
      for (const q of group) {
        try {
          outcomes.push({ ok: true, answer: runInGroup(deps, q, rooms, committed) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    })();
  } catch (e) {
    if (!groupCommitted(e, group, outcomes)) {
      for (const { room, undo } of rooms.values()) {
        while (undo.undoStack.length > 0) undo.undo();
        storedVectors.delete(room);
      }
      for (const q of group) q.reject(e);
      return;
    }
    // PostgreSQL had committed before the connection broke: the group goes on as committed.
    for (const { room } of rooms.values()) storedVectors.set(room, Y.encodeStateVector(room.doc));
  } finally {
    for (const { room, undo } of rooms.values()) {
      undo.destroy();
      deps.rooms.releaseIfIdle(room);
    }
  }
  runCommitted(deps, committed);
  group.forEach((q, i) => {
    const o = outcomes[i];
    if (o?.ok) q.resolve(o.answer);
    else q.reject(o?.error ?? new Error('no outcome'));
  });
}

/** After a COMMIT of unknown outcome: the group committed if a command that succeeded in it has its stored row. */
function groupCommitted(e: unknown, group: readonly Queued[], outcomes: readonly ({ ok: boolean })[]): boolean {
  if (!commitOutcomeUnknown(e)) return false;
  const i = outcomes.findIndex((o) => o.ok);
  const q = i === -1 ? undefined : group[i];
  return q !== undefined && committedAnswer(q.idempotency) !== undefined;
}

/** Callbacks of a committed command; each runs once, and none can turn the committed answer into a failure. */
function runCommitted(deps: ExecuteDeps, fns: readonly (() => void)[]): void {
  for (const fn of fns) {
    try {
      fn();
    } catch (e) {
      deps.log?.(`live: after-commit step failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** The audit log's record of a member change; the secretariat made it, so the entry has no member actor. */
export const MEMBER_CHANGE_AUDIT_TYPES = { revoked: 'revokeMember', reinvited: 'reinviteMember' } as const;

function applyMemberChangeToRoom(deps: ExecuteDeps, room: Room, change: MemberChange, stored: { update?: Uint8Array }): AuditCheckpoint {
  enterMeeting(deps, room);
  let head: AuditCheckpoint | undefined;
  const ctx: MemberChangeContext = { db: deps.db, doc: room.doc, now: change.at, newId: randomUUID, limits: deps.limits };
  const at = new Date(change.at).toISOString();
  const update = captureUpdate(deps.db, room, () => {
    for (const f of deps.commands.features) f.onMemberChange?.(ctx, change);
    const entry: Omit<AuditEntry, 'seq'> = {
      meetingId: change.meetingId,
      at: change.at,
      command: { type: MEMBER_CHANGE_AUDIT_TYPES[change.kind], delegateId: change.delegateId },
    };
    head = appendAndPublish(deps, room.doc, entry);
  });
  if (update) appendRoomUpdate(deps.db, { room: room.name, meetingId: change.meetingId, update, at });
  if (update) stored.update = update;
  if (!head) throw new Error('the member change wrote no audit entry');
  return head;
}

/**
 * Applies a member change (revocation, re-invitation) to the meeting state room and the audit log, inside the
 * caller's SQL transaction (memberEvents.applyMemberChange, called last before the commit). Should this call
 * fail, its own savepoint rolls back and the doc is undone at once. Should the caller's transaction fail after
 * it, better-sqlite3 says nothing: the outcome is settled once the caller's synchronous transaction is over
 * (a microtask, before any broadcast tick or other request): when the audit entry is not in the log, the doc
 * change is undone (its broadcast then carries the change and its undo together, so no device keeps the
 * rolled-back head) and the stored vector is forgotten, so the next command stores from what storage holds.
 */
export function executeMemberChange(deps: ExecuteDeps, change: MemberChange): void {
  const room = deps.rooms.acquire({ kind: 'state', meetingId: change.meetingId });
  const undo = new Y.UndoManager(room.doc, { trackedOrigins: new Set([SERVER_ORIGIN]), captureTimeout: 0 });
  const nested = deps.db.inTransaction;
  let head: AuditCheckpoint | undefined;
  let settled = false;
  const stored: { update?: Uint8Array } = {};
  try {
    head = deps.db.transaction(() => applyMemberChangeToRoom(deps, room, change, stored))();
    // Only this change may be undone later, not a command that runs before the outcome is known.
    undo.trackedOrigins.delete(SERVER_ORIGIN);
    if (!nested) {
      storedVectors.set(room, Y.encodeStateVector(room.doc));
      if (stored.update) deps.rooms.publish(room, stored.update);
      settled = true;
    }
  } catch (e) {
    undo.undo();
    settled = true;
    throw e;
  } finally {
    if (settled) undo.destroy();
    // While the caller's transaction is open, nothing is known to be stored.
    else storedVectors.delete(room);
    deps.rooms.releaseIfIdle(room);
  }
  if (settled) return;
  const vector = room.doc.isDestroyed ? undefined : Y.encodeStateVector(room.doc);
  const written = head;
  queueMicrotask(() => {
    try {
      // After a COMMIT of unknown outcome (PostgreSQL's connection broke) the first read may fail: read again;
      // a store that still cannot answer is handled as a throw (below), the doc left as it is.
      const committed = written ? readAfterBrokenCommit(() => auditEntryStored(deps.db, written)) : false;
      if (committed === undefined) throw new Error('the store cannot say whether the member change committed');
      if (committed) {
        // Committed; unless another command stored since, storage now holds the doc as this call left it.
        if (vector && !storedVectors.has(room)) storedVectors.set(room, vector);
        if (stored.update && !room.doc.isDestroyed) deps.rooms.publish(room, stored.update);
      } else {
        storedVectors.delete(room);
        // A room unloaded meanwhile compacted inside the caller's transaction: rolled back with it, nothing to undo.
        if (!room.doc.isDestroyed) undo.undo();
      }
    } catch {
      // Never thrown out of a microtask (the database closing at shutdown): without a known stored vector,
      // the next command stores from what storage holds.
      storedVectors.delete(room);
    } finally {
      undo.destroy();
    }
  });
}

function auditEntryStored(db: ServerDb, head: AuditCheckpoint): boolean {
  return auditRows(db, head.meetingId, head.seq - 1, 1).some((r) => r.seq === head.seq && r.hash === head.hash);
}

/** What a server-originated change (a countdown, a progress flush) may use: no sender. */
export interface ServerChangeContext {
  readonly db: ServerDb;
  readonly doc: Y.Doc;
  readonly meetingId: string;
  readonly now: number;
  readonly newId: () => string;
  readonly limits: LiveLimits;
  /** As CommandContext.afterCommit: runs once the change's transaction has committed. */
  readonly afterCommit: (fn: () => void) => void;
}

/**
 * A change the server makes by itself to a meeting's state room (a poll closed by its countdown, the coalesced
 * progress of a poll): `fn` runs in one SQL transaction and one SERVER_ORIGIN Y transaction; its doc update is
 * appended like a command's, and when `fn` returns an audited command, that entry is appended (no actor: the
 * server did it) with the new signed head. All or nothing, as executeCommand. Returns the new audit seq, if any.
 */
export function executeServerChange(deps: ExecuteDeps, meetingId: string, fn: (ctx: ServerChangeContext) => AuditedCommand | undefined): number | undefined {
  const room = deps.rooms.acquire({ kind: 'state', meetingId });
  const undo = new Y.UndoManager(room.doc, { trackedOrigins: new Set([SERVER_ORIGIN]), captureTimeout: 0 });
  const committed: (() => void)[] = [];
  try {
    const seq = deps.db.transaction(() => {
      enterMeeting(deps, room);
      const now = Date.now();
      const afterCommit = (f: () => void): void => void committed.push(f);
      const ctx: ServerChangeContext = { db: deps.db, doc: room.doc, meetingId, now, newId: randomUUID, limits: deps.limits, afterCommit };
      let head: AuditCheckpoint | undefined;
      const update = captureUpdate(deps.db, room, () => {
        const audited = fn(ctx);
        if (audited) head = appendAndPublish(deps, room.doc, { meetingId, at: now, command: audited });
      });
      if (update) {
        appendRoomUpdate(deps.db, { room: room.name, meetingId, update, at: new Date(now).toISOString() });
        afterCommit(() => deps.rooms.publish(room, update));
      }
      return head?.seq;
    })();
    storedVectors.set(room, Y.encodeStateVector(room.doc));
    runCommitted(deps, committed);
    return seq;
  } catch (e) {
    undo.undo();
    throw e;
  } finally {
    undo.destroy();
    deps.rooms.releaseIfIdle(room);
  }
}
