// POST /api/meetings/:meetingId/commands and GET /api/meetings/:meetingId/audit. A command is authenticated,
// rate limited, schema-checked, looked up by its id (idempotency), checked against the caller's role, then
// applied to the state room and appended to the audit log in one SQL transaction.
import { createHash, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { canonicalJson } from '../../common/live/canonicalJson.ts';
import {
  CHAIR_COMMANDS,
  LiveCommandSchema,
  MAX_COMMAND_BODY,
  type AuditPage,
  type CommandResult,
  type CommandType,
  type LiveCommand,
} from '../../common/live/commands.ts';
import { readMeetingState } from '../../common/live/state.ts';
import { isVotingRole, type Role } from '../../common/meeting/types.ts';
import type { ErrorValue, Result } from '../../common/result.ts';
import { errorResponse, json, statusOf } from '../core/responses.ts';
import type { AuthResult, CoreRequest, CoreResponse, Member, Route } from '../core/types.ts';
import { applyCommand, type ApplyOutcome } from './applyCommand.ts';
import { AUDIT_PAGE_SIZE, appendAudit, rowToAuditRecord } from './auditLog.ts';
import { memberFor, tokenFrom } from './auth.ts';
import type { LiveLimits } from './limits.ts';
import { auditRows, getStoredCommand, insertStoredCommand, isVotingMember, saveRoomState, votingMemberCount } from './liveQueries.ts';
import type { RateLimiter } from './RateLimiter.ts';
import { SERVER_ORIGIN, type Room } from './Room.ts';
import type { RoomRegistry } from './RoomRegistry.ts';
import { ensureSessionShape, refreshTotalDelegates } from './stateWriter.ts';

export interface CommandDeps {
  readonly db: Database.Database;
  readonly authenticate: (token: string) => AuthResult;
  readonly registry: RoomRegistry;
  readonly limiter: RateLimiter;
  readonly limits: LiveLimits;
}

const AUDIT_ROLES: ReadonlySet<Role> = new Set<Role>(['chair', 'secretary']);

function fromError(e: ErrorValue, headers?: Readonly<Record<string, string>>): CoreResponse {
  return errorResponse(e.code, e.message, e.details, headers);
}

function parseCommand(body: Uint8Array): Result<LiveCommand> {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return { ok: false, error: { code: 'COMMAND_INVALID', message: 'the body is not JSON' } };
  }
  const parsed = LiveCommandSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const details = parsed.error.issues.map((i) => `${i.path.join('.') || '(command)'}: ${i.message}`);
  return { ok: false, error: { code: 'COMMAND_INVALID', message: 'the command does not match its schema', details } };
}

function roleError(role: Role, type: CommandType): ErrorValue | undefined {
  if (CHAIR_COMMANDS.has(type)) return role === 'chair' ? undefined : { code: 'NOT_CHAIR', message: 'only the chair may do this' };
  return isVotingRole(role) ? undefined : { code: 'FORBIDDEN', message: 'only sitting delegates may do this' };
}

function requestHash(command: LiveCommand): string {
  return createHash('sha256').update(canonicalJson(command)).digest('hex');
}

function resultOf(deps: CommandDeps, room: Room, member: Member, command: LiveCommand, outcome: ApplyOutcome, now: number): CommandResult {
  if (!outcome.ok) return outcome;
  const seq = appendAudit(deps.db, { meetingId: member.meetingId, at: now, actor: { delegateId: member.delegateId, role: member.role }, command });
  return { ok: true, value: { seq, state: readMeetingState(room.doc) } };
}

function applyInRoom(deps: CommandDeps, room: Room, member: Member, command: LiveCommand, now: number): ApplyOutcome {
  const { db, limits } = deps;
  let outcome: ApplyOutcome = { ok: true };
  room.doc.transact(() => {
    const t = ensureSessionShape(room.doc);
    refreshTotalDelegates(t, votingMemberCount(db, member.meetingId));
    outcome = applyCommand(
      {
        t,
        member,
        now,
        newId: randomUUID,
        isVotingMember: (id) => isVotingMember(db, member.meetingId, id),
        maxAnnouncements: limits.maxAnnouncements,
        maxSpeeches: limits.maxSpeeches,
      },
      command,
    );
  }, SERVER_ORIGIN);
  return outcome;
}

/** Applies, logs, saves the room and stores the answer, all or nothing; returns the HTTP answer. */
function execute(deps: CommandDeps, member: Member, command: LiveCommand, hash: string): CoreResponse {
  const room = deps.registry.acquire({ kind: 'state', meetingId: member.meetingId });
  try {
    const answer = deps.db.transaction(() => {
      const now = Date.now();
      const result = resultOf(deps, room, member, command, applyInRoom(deps, room, member, command, now), now);
      const status = result.ok ? 200 : statusOf(result.error.code);
      saveRoomState(deps.db, room.name, member.meetingId, encodeRoom(room), new Date(now).toISOString());
      const stored = { requestHash: hash, status, result: JSON.stringify(result), createdAt: new Date(now).toISOString() };
      insertStoredCommand(deps.db, { meetingId: member.meetingId, delegateId: member.delegateId, commandId: command.id, ...stored });
      return { status, result };
    })();
    room.markPersisted();
    return json(answer.status, answer.result);
  } finally {
    deps.registry.releaseIfIdle(room);
  }
}

function encodeRoom(room: Room): Uint8Array {
  return Y.encodeStateAsUpdate(room.doc);
}

function handleCommand(deps: CommandDeps, req: CoreRequest, meetingId: string): CoreResponse {
  const auth = memberFor(deps.authenticate, tokenFrom(req.headers, req.query), meetingId);
  if (!auth.ok) return fromError(auth.error);
  const member = auth.value;
  const limit = deps.limiter.take(`${member.meetingId}/${member.delegateId}`);
  if (!limit.ok) return errorResponse('RATE_LIMITED', 'too many commands', undefined, { 'retry-after': String(limit.retryAfterSec) });
  const parsed = parseCommand(req.body);
  if (!parsed.ok) return fromError(parsed.error);
  const command = parsed.value;
  const hash = requestHash(command);
  const stored = getStoredCommand(deps.db, meetingId, member.delegateId, command.id);
  if (stored) {
    if (stored.requestHash !== hash) return errorResponse('CONFLICT', 'this command id was used for a different command');
    return json(stored.status, JSON.parse(stored.result));
  }
  const refused = roleError(member.role, command.type);
  return refused ? fromError(refused) : execute(deps, member, command, hash);
}

function handleAudit(deps: CommandDeps, req: CoreRequest, meetingId: string): CoreResponse {
  const auth = memberFor(deps.authenticate, tokenFrom(req.headers, req.query), meetingId);
  if (!auth.ok) return fromError(auth.error);
  if (!AUDIT_ROLES.has(auth.value.role)) return errorResponse('FORBIDDEN', 'only the chair and the secretariat read the audit log');
  const after = Number(req.query['after'] ?? '0');
  if (!Number.isSafeInteger(after) || after < 0) return errorResponse('BAD_REQUEST', 'after must be a sequence number');
  const rows = auditRows(deps.db, meetingId, after, AUDIT_PAGE_SIZE);
  const last = rows.at(-1);
  const page: AuditPage = { entries: rows.map(rowToAuditRecord), ...(rows.length === AUDIT_PAGE_SIZE && last ? { next: last.seq } : {}) };
  return json(200, { ok: true, value: page });
}

export function liveRoutes(deps: CommandDeps): readonly Route[] {
  return [
    {
      method: 'POST',
      pattern: '/api/meetings/:meetingId/commands',
      maxBody: MAX_COMMAND_BODY,
      handler: (req, params) => handleCommand(deps, req, params['meetingId'] ?? ''),
    },
    { method: 'GET', pattern: '/api/meetings/:meetingId/audit', handler: (req, params) => handleAudit(deps, req, params['meetingId'] ?? '') },
  ];
}
