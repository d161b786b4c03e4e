// POST /api/meetings/:meetingId/commands, GET /api/meetings/:meetingId/audit and GET /api/audit/key. The
// command route knows no command by name: authenticate → rate limit → parse by `type` through the registry →
// idempotency lookup (per the command's policy) → role check → apply, audit and store the answer in one SQL
// transaction (commands/execute.ts).
import type { ServerDb } from '../store/db.ts';
import { AUDIT_KEY_ALGORITHM, type AuditKeyInfo, type AuditPage } from '../../common/live/audit.ts';
import { MAX_COMMAND_BODY } from '../../common/live/commands.ts';
import type { Role } from '../../common/meeting/types.ts';
import type { ErrorValue, Result } from '../../common/result.ts';
import { identify } from '../core/auth.ts';
import { errorResponse, json } from '../core/responses.ts';
import type { AuthResult, CoreRequest, CoreResponse, Member, Route } from '../core/types.ts';
import { AUDIT_PAGE_SIZE, rowToAuditRecord, signUnsignedChains, storedCheckpoint } from './auditLog.ts';
import { openAuditSigner, type AuditSigner } from './auditKey.ts';
import { memberFor, tokenFrom } from './auth.ts';
import { onMemberChange } from '../store/memberEvents.ts';
import { executeCommandGrouped, executeMemberChange, type ExecuteDeps } from './commands/execute.ts';
import { idempotencyFor, opaqueIdProblem } from './commands/idempotency.ts';
import { CommandRegistry, type Feature, type ParsedCommand } from './commands/registry.ts';
import { BUILTIN_FEATURES } from './features/index.ts';
import type { LiveLimits } from './limits.ts';
import { auditRows } from './liveQueries.ts';
import type { CommandLimiter, RateVerdict } from './RateLimiter.ts';
import type { RoomRegistry } from './RoomRegistry.ts';
import { ROUTES } from '../../common/api/routes.ts';
import { secretBallotRoutes } from './voting/secretRoutes.ts';

export interface CommandDeps {
  readonly db: ServerDb;
  readonly authenticate: (token: string) => AuthResult;
  readonly registry: RoomRegistry;
  readonly limiter: CommandLimiter;
  readonly limits: LiveLimits;
  /** Where the audit signing key lives (<data>/audit-key). */
  readonly dataDir: string;
  /** Features beside the built-in ones (tests; a deployment's extras). */
  readonly features?: readonly Feature[];
  readonly log?: (line: string) => void;
}

interface Ready extends CommandDeps {
  readonly commands: CommandRegistry;
  readonly signer: AuditSigner;
}

const AUDIT_ROLES: ReadonlySet<Role> = new Set<Role>(['chair', 'secretary']);

function fromError(e: ErrorValue, headers?: Readonly<Record<string, string>>): CoreResponse {
  return errorResponse(e.code, e.message, e.details, headers);
}

function parseCommand(commands: CommandRegistry, body: Uint8Array): Result<ParsedCommand> {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return { ok: false, error: { code: 'COMMAND_INVALID', message: 'the body is not JSON' } };
  }
  return commands.parse(raw);
}

function handleCommand(deps: Ready, req: CoreRequest, meetingId: string): CoreResponse | Promise<CoreResponse> {
  const auth = memberFor(deps.authenticate, tokenFrom(req.headers), meetingId);
  if (!auth.ok) return fromError(auth.error);
  const member = auth.value;
  const limit = deps.limiter.take(`${member.meetingId}/${member.delegateId}`);
  return limit instanceof Promise ? limit.then((l) => limitedCommand(deps, req, member, l)) : limitedCommand(deps, req, member, limit);
}

function limitedCommand(deps: Ready, req: CoreRequest, member: Member, limit: RateVerdict): CoreResponse | Promise<CoreResponse> {
  if (!limit.ok) return errorResponse('RATE_LIMITED', 'too many commands', undefined, { 'retry-after': String(limit.retryAfterSec) });
  const parsed = parseCommand(deps.commands, req.body);
  if (!parsed.ok) return fromError(parsed.error);
  const command = parsed.value;
  const idempotency = idempotencyFor(deps.db, member, command);
  const seen = idempotency.lookup();
  if (seen.kind === 'conflict') return errorResponse('CONFLICT', 'this command id was used for a different command');
  if (seen.kind === 'stored') return json(seen.answer.status, JSON.parse(seen.answer.result));
  const refused = command.refusal(member);
  if (refused) return fromError(refused);
  const badId = opaqueIdProblem(command);
  if (badId) return errorResponse('COMMAND_INVALID', badId);
  // Group commit: commands that arrive while one is being written share the next transaction (and its fsync),
  // each in its own savepoint; a 2,000-voter poll would otherwise wait on 2,000 fsyncs in a row.
  return executeCommandGrouped(executeDeps(deps), member, command, idempotency).then((a) => json(a.status, a.result));
}

const executeDeps = (deps: Ready): ExecuteDeps => ({ db: deps.db, rooms: deps.registry, commands: deps.commands, signer: deps.signer, limits: deps.limits });

/** The chair, the secretariat's members, or the admin token (the console reads it for the minutes, issue 10). */
function auditReader(deps: Ready, req: CoreRequest, meetingId: string): ErrorValue | undefined {
  if (identify(deps, req, 'admin').ok) return undefined;
  const auth = memberFor(deps.authenticate, tokenFrom(req.headers), meetingId);
  if (!auth.ok) return auth.error;
  return AUDIT_ROLES.has(auth.value.role) ? undefined : { code: 'FORBIDDEN', message: 'only the chair and the secretariat read the audit log' };
}

function handleAudit(deps: Ready, req: CoreRequest, meetingId: string): CoreResponse {
  const refusal = auditReader(deps, req, meetingId);
  if (refusal) return fromError(refusal);
  const after = Number(req.query['after'] ?? '0');
  if (!Number.isSafeInteger(after) || after < 0) return errorResponse('BAD_REQUEST', 'after must be a sequence number');
  const rows = auditRows(deps.db, meetingId, after, AUDIT_PAGE_SIZE);
  const last = rows.at(-1);
  const head = storedCheckpoint(deps.db, meetingId);
  const page: AuditPage = {
    entries: rows.map(rowToAuditRecord),
    ...(rows.length === AUDIT_PAGE_SIZE && last ? { next: last.seq } : {}),
    ...(head ? { head } : {}),
  };
  return json(200, { ok: true, value: page });
}

export function liveRoutes(deps: CommandDeps): readonly Route[] {
  const signer = openAuditSigner(deps.db, deps.dataDir);
  if (signer.created) signUnsignedChains(deps.db, signer, deps.log ?? (() => {}));
  const ready: Ready = { ...deps, commands: new CommandRegistry([...BUILTIN_FEATURES, ...(deps.features ?? [])]), signer };
  // A revocation or re-invitation changes the state room in its own transaction (store/memberChanges.ts). The
  // listeners are kept per database, which closes with the server.
  onMemberChange(deps.db, (change) => executeMemberChange(executeDeps(ready), change));
  const key: AuditKeyInfo = { algorithm: AUDIT_KEY_ALGORITHM, publicKey: ready.signer.publicKey };
  return [
    {
      method: 'POST',
      pattern: ROUTES.commands,
      access: 'member',
      maxBody: MAX_COMMAND_BODY,
      handler: (req, params) => handleCommand(ready, req, params['meetingId'] ?? ''),
    },
    { method: 'GET', pattern: ROUTES.audit, access: 'member', handler: (req, params) => handleAudit(ready, req, params['meetingId'] ?? '') },
    { method: 'GET', pattern: ROUTES.auditKey, access: 'public', handler: () => json(200, { ok: true, value: key }) },
    ...secretBallotRoutes({ execute: executeDeps(ready), authenticate: deps.authenticate, dataDir: deps.dataDir }),
  ];
}
