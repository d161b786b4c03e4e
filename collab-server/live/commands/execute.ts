// Runs one accepted command: applies it to the meeting state room, appends the Yjs update it produced, its
// audit entry (per policy) with the new signed head, and the stored answer — in ONE SQL transaction, so a crash
// never leaves the state, the audit log and the idempotency table disagreeing. No snapshot is written here:
// the room registry compacts the appended updates later (roomStore.compactRoom).
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { AUDIT_HEAD_KEY, AUDIT_MAP, type AuditEntry } from '../../../common/live/audit.ts';
import type { CommandResult } from '../../../common/live/commands.ts';
import { readMeetingState } from '../../../common/live/state.ts';
import { statusOf } from '../../core/responses.ts';
import type { Member } from '../../core/types.ts';
import type { MemberChange } from '../../store/memberEvents.ts';
import { appendAudit, auditHeadSeq } from '../auditLog.ts';
import type { AuditSigner } from '../auditKey.ts';
import type { LiveLimits } from '../limits.ts';
import { SERVER_ORIGIN, type Room } from '../Room.ts';
import type { RoomRegistry } from '../RoomRegistry.ts';
import { appendRoomUpdate, loadRoom } from '../roomStore.ts';
import type { Idempotency } from './idempotency.ts';
import type { ApplyOutcome, CommandContext, CommandRegistry, MemberChangeContext, ParsedCommand } from './registry.ts';

export interface ExecuteDeps {
  readonly db: Database.Database;
  readonly rooms: RoomRegistry;
  readonly commands: CommandRegistry;
  readonly signer: AuditSigner;
  readonly limits: LiveLimits;
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

function storedVector(db: Database.Database, room: Room): Uint8Array {
  const known = storedVectors.get(room);
  if (known) return known;
  const { updates } = loadRoom(db, room.name);
  return updates.length === 0 ? Y.encodeStateVector(new Y.Doc()) : Y.encodeStateVectorFromUpdate(Y.mergeUpdates(updates));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Runs `fn` in a SERVER_ORIGIN transaction and returns every update the doc emitted, unstored ones first. */
function captureUpdate(db: Database.Database, room: Room, fn: () => void): Uint8Array | undefined {
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

/** Applies the command and, when it took effect, appends its audit entry and publishes the signed head. */
function applyAndAudit(deps: ExecuteDeps, ctx: CommandContext, command: ParsedCommand): { outcome: ApplyOutcome; seq: number } {
  for (const f of deps.commands.features) f.beforeCommand?.(ctx);
  const outcome = command.apply(ctx);
  const { meetingId, delegateId, role } = ctx.member;
  const audited = outcome.ok ? command.audited() : undefined;
  if (!audited) return { outcome, seq: auditHeadSeq(deps.db, meetingId) };
  const entry: Omit<AuditEntry, 'seq'> = { meetingId, at: ctx.now, ...(command.auditActor ? { actor: { delegateId, role } } : {}), command: audited };
  const head = appendAudit(deps.db, deps.signer, entry);
  // Every device keeps the last head it saw: a log later cut short or rewritten no longer reaches it.
  ctx.doc.getMap<unknown>(AUDIT_MAP).set(AUDIT_HEAD_KEY, head);
  return { outcome, seq: head.seq };
}

function run(deps: ExecuteDeps, room: Room, member: Member, command: ParsedCommand, idempotency: Idempotency): Answer {
  const now = Date.now();
  const at = new Date(now).toISOString();
  const ctx: CommandContext = { db: deps.db, doc: room.doc, member, now, newId: randomUUID, limits: deps.limits };
  let applied: { outcome: ApplyOutcome; seq: number } = { outcome: { ok: true }, seq: 0 };
  const update = captureUpdate(deps.db, room, () => {
    applied = applyAndAudit(deps, ctx, command);
  });
  if (update) appendRoomUpdate(deps.db, { room: room.name, meetingId: member.meetingId, update, at });
  const { outcome, seq } = applied;
  const result: CommandResult = outcome.ok ? { ok: true, value: { seq, state: readMeetingState(room.doc) } } : outcome;
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
  const undo = new Y.UndoManager([...room.doc.share.values()], { trackedOrigins: new Set([SERVER_ORIGIN]), captureTimeout: 0 });
  try {
    const answer = deps.db.transaction(() => run(deps, room, member, command, idempotency))();
    storedVectors.set(room, Y.encodeStateVector(room.doc));
    return answer;
  } catch (e) {
    undo.undo();
    throw e;
  } finally {
    undo.destroy();
    deps.rooms.releaseIfIdle(room);
  }
}

/** The audit log's record of a member change; the secretariat made it, so the entry has no member actor. */
export const MEMBER_CHANGE_AUDIT_TYPES = { revoked: 'revokeMember', reinvited: 'reinviteMember' } as const;

function applyMemberChangeToRoom(deps: ExecuteDeps, room: Room, change: MemberChange): void {
  const ctx: MemberChangeContext = { db: deps.db, doc: room.doc, now: change.at, newId: randomUUID, limits: deps.limits };
  const at = new Date(change.at).toISOString();
  const update = captureUpdate(deps.db, room, () => {
    for (const f of deps.commands.features) f.onMemberChange?.(ctx, change);
    const entry: Omit<AuditEntry, 'seq'> = {
      meetingId: change.meetingId,
      at: change.at,
      command: { type: MEMBER_CHANGE_AUDIT_TYPES[change.kind], delegateId: change.delegateId },
    };
    room.doc.getMap<unknown>(AUDIT_MAP).set(AUDIT_HEAD_KEY, appendAudit(deps.db, deps.signer, entry));
  });
  if (update) appendRoomUpdate(deps.db, { room: room.name, meetingId: change.meetingId, update, at });
}

/**
 * Applies a member change (revocation, re-invitation) to the meeting state room and the audit log, inside the
 * caller's SQL transaction (memberEvents.applyMemberChange, called last before the commit). Should the caller's
 * transaction still fail, the doc is rolled back with it as far as this call goes (its own savepoint).
 */
export function executeMemberChange(deps: ExecuteDeps, change: MemberChange): void {
  const room = deps.rooms.acquire({ kind: 'state', meetingId: change.meetingId });
  const undo = new Y.UndoManager([...room.doc.share.values()], { trackedOrigins: new Set([SERVER_ORIGIN]), captureTimeout: 0 });
  try {
    deps.db.transaction(() => applyMemberChangeToRoom(deps, room, change))();
    storedVectors.set(room, Y.encodeStateVector(room.doc));
  } catch (e) {
    undo.undo();
    throw e;
  } finally {
    undo.destroy();
    deps.rooms.releaseIfIdle(room);
  }
}
