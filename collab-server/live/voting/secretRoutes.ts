// The routes of a secret poll after close (ROUTES.pollBox, pollStage, pollTrackers): the box the server
// published, each counter's stage, and the (tracker, choice) lines. Members of the meeting read them; only the
// poll's counter s posts stage s, in order, once. A stage post is run like a command (commands/execute.ts):
// one transaction with its audit entry `{ type: 'submitTallyStage', pollId, stage, digest }` naming the counter,
// and a retry with the same body gets the same answer; the last stage counts the poll.
import type { ServerDb } from '../../store/db.ts';
import { ROUTES } from '../../../common/api/routes.ts';
import type { AuditedCommand } from '../../../common/live/audit.ts';
import type { ErrorValue, Result } from '../../../common/result.ts';
import type { Poll } from '../../../common/voting/state.ts';
import { errorResponse, json } from '../../core/responses.ts';
import type { AuthResult, CoreRequest, CoreResponse, Member, Route, RouteParams } from '../../core/types.ts';
import { readAuditKey } from '../auditKey.ts';
import { memberFor, tokenFrom } from '../auth.ts';
import { executeCommandGrouped, type ExecuteDeps } from '../commands/execute.ts';
import { idempotencyFor } from '../commands/idempotency.ts';
import type { ApplyOutcome, CommandContext, ParsedCommand } from '../commands/registry.ts';
import { getPoll, voterCount, writeProgress } from './pollStore.ts';
import { boxBallots, boxListing, registerBallotSigner } from './secretBox.ts';
import { checkStageBody, countSecretPoll, insertStage, MAX_STAGE_BODY, readStage, stageDigestOf, stagesDone, trackersListing, type StageContent } from './secretStages.ts';

export interface SecretRouteDeps {
  readonly execute: ExecuteDeps;
  readonly authenticate: (token: string) => AuthResult;
  /** Where the audit key lives: it signs receipts, the box and the trackers list. */
  readonly dataDir: string;
}

export const SUBMIT_STAGE_TYPE = 'submitTallyStage';
/** Statuses in which the box is published (closed is only ever seen inside the close transaction). */
const BOX_PUBLISHED: ReadonlySet<Poll['status']> = new Set(['tallying', 'counted', 'announced']);
const COUNTED: ReadonlySet<Poll['status']> = new Set(['counted', 'announced']);

const fromError = (e: ErrorValue): CoreResponse => errorResponse(e.code, e.message, e.details);
const okJson = (value: unknown): CoreResponse => json(200, { ok: true, value });

type Target = { readonly member: Member; readonly poll: Poll };

/** The member (of this meeting) and the secret electronic poll the path names. */
function target(deps: SecretRouteDeps, req: CoreRequest, params: RouteParams): Result<Target> {
  const meetingId = params['meetingId'] ?? '';
  const auth = memberFor(deps.authenticate, tokenFrom(req.headers), meetingId);
  if (!auth.ok) return auth;
  const poll = getPoll(deps.execute.db, meetingId, params['pollId'] ?? '');
  if (!poll || poll.mode !== 'electronic' || !poll.definition.secret) return { ok: false, error: { code: 'POLL_NOT_FOUND', message: 'no such secret poll' } };
  return { ok: true, value: { member: auth.value, poll } };
}

function stageNumber(poll: Poll, raw: string | undefined, from: number): number | undefined {
  const s = Number(raw);
  return Number.isSafeInteger(s) && s >= from && s <= poll.counters.length && String(s) === raw ? s : undefined;
}

function getBox(deps: SecretRouteDeps, req: CoreRequest, params: RouteParams): CoreResponse {
  const t = target(deps, req, params);
  if (!t.ok) return fromError(t.error);
  if (!BOX_PUBLISHED.has(t.value.poll.status)) return errorResponse('POLL_STATE', 'the box is published when the poll closes');
  return okJson(boxListing(deps.execute.db, t.value.member.meetingId, t.value.poll.id));
}

function getStage(deps: SecretRouteDeps, req: CoreRequest, params: RouteParams): CoreResponse {
  const t = target(deps, req, params);
  if (!t.ok) return fromError(t.error);
  const { member, poll } = t.value;
  const s = stageNumber(poll, params['stage'], 0);
  if (s === undefined) return errorResponse('BAD_REQUEST', `a stage of this poll is 0 to ${poll.counters.length}`);
  if (!BOX_PUBLISHED.has(poll.status)) return errorResponse('POLL_STATE', 'the stages begin when the poll closes');
  const db = deps.execute.db;
  if (s === 0) {
    const ballots = boxBallots(db, member.meetingId, poll.id).map((b) => Buffer.from(b).toString('base64url'));
    return okJson({ stage: 0, done: stagesDone(db, member.meetingId, poll.id), ballots });
  }
  const row = readStage(db, member.meetingId, poll.id, s);
  if (!row) return errorResponse('POLL_STATE', `stage ${s} is not in yet`, [String(stagesDone(db, member.meetingId, poll.id))]);
  return okJson({ stage: s, counterId: row.counterId, digest: row.digest, done: stagesDone(db, member.meetingId, poll.id), ...row.content });
}

/** Counter s only, in order; refused before anything is stored, so a corrected retry is not stuck with a refusal. */
function stageRefusal(db: ServerDb, t: Target, s: number): ErrorValue | undefined {
  const { member, poll } = t;
  if (poll.counters[s - 1] !== member.delegateId) return { code: 'NOT_COUNTER', message: `stage ${s} is for counter ${s} of this poll` };
  if (poll.status !== 'tallying') return { code: 'POLL_STATE', message: `poll ${poll.id} is ${poll.status}, not tallying` };
  const done = stagesDone(db, member.meetingId, poll.id);
  if (done !== s - 1) return { code: 'POLL_STATE', message: done >= s ? `stage ${s} is already in` : `stage ${done + 1} comes first` };
  return undefined;
}

function applyStage(ctx: CommandContext, poll: Poll, s: number, content: StageContent): ApplyOutcome {
  const { db, member, now } = ctx;
  // Checked again inside the transaction: what stageRefusal saw is what this writes over.
  if (stagesDone(db, member.meetingId, poll.id) !== s - 1) return { ok: false, error: { code: 'POLL_STATE', message: `stage ${s} is out of order` } };
  const digest = insertStage(db, member.meetingId, poll.id, s, member.delegateId, content, now);
  // The screens learn whose turn it is from the state room: each counter done, with the ballots it passed on.
  const count = 'ballots' in content ? content.ballots.length : content.lines.length;
  const entered = Object.fromEntries(poll.counters.slice(0, s).map((c) => [c, count]));
  writeProgress(ctx.doc, poll.id, { cast: voterCount(db, member.meetingId, poll.id), entered });
  if (!('lines' in content)) return { ok: true, value: { stage: s, digest } };
  const counted = countSecretPoll(db, ctx.doc, member.meetingId, poll, content.lines, now);
  if (!counted.ok) throw new Error(`the count of poll ${poll.id} failed: ${counted.error.message}`);
  return { ok: true, value: { stage: s, digest, counted: true } };
}

function stageCommand(poll: Poll, s: number, content: StageContent): ParsedCommand {
  const digest = stageDigestOf(content);
  const value = { id: `tally-stage-${poll.id}-${s}`, type: SUBMIT_STAGE_TYPE, pollId: poll.id, stage: s, digest };
  const audited: AuditedCommand = { type: SUBMIT_STAGE_TYPE, pollId: poll.id, stage: s, digest };
  return {
    id: value.id,
    type: SUBMIT_STAGE_TYPE,
    feature: 'voting-secret',
    value,
    auditActor: true,
    idempotency: 'hash',
    refusal: () => undefined,
    apply: (ctx) => applyStage(ctx, poll, s, content),
    audited: (extra) => (extra ? { ...audited, ...extra, type: SUBMIT_STAGE_TYPE } : audited),
  };
}

function parseBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return undefined;
  }
}

function postStage(deps: SecretRouteDeps, req: CoreRequest, params: RouteParams): CoreResponse | Promise<CoreResponse> {
  const t = target(deps, req, params);
  if (!t.ok) return fromError(t.error);
  const { member, poll } = t.value;
  const db = deps.execute.db;
  const s = stageNumber(poll, params['stage'], 1);
  if (s === undefined) return errorResponse('BAD_REQUEST', `a counter posts stage 1 to ${poll.counters.length}`);
  if (poll.counters[s - 1] !== member.delegateId) return errorResponse('NOT_COUNTER', `stage ${s} is for counter ${s} of this poll`);
  const content = checkStageBody(db, member.meetingId, poll, s, parseBody(req.body));
  if (!content.ok) return fromError(content.error);
  const command = stageCommand(poll, s, content.value);
  const idempotency = idempotencyFor(db, member, command);
  const seen = idempotency.lookup();
  if (seen.kind === 'conflict') return errorResponse('CONFLICT', `stage ${s} is already in, with other content`);
  if (seen.kind === 'stored') return json(seen.answer.status, JSON.parse(seen.answer.result));
  const refused = stageRefusal(db, t.value, s);
  if (refused) return fromError(refused);
  // The grouped path looks the command up again once it holds the meeting's lock: a twin of this post (a retry
  // sent to another instance of a cluster) committed meanwhile is answered with its stored answer, not a 500
  // on the duplicate idempotency row.
  return executeCommandGrouped(deps.execute, member, command, idempotency).then((answer) => json(answer.status, answer.result));
}

function getTrackers(deps: SecretRouteDeps, req: CoreRequest, params: RouteParams): CoreResponse {
  const t = target(deps, req, params);
  if (!t.ok) return fromError(t.error);
  if (!COUNTED.has(t.value.poll.status)) return errorResponse('POLL_STATE', 'the lines are published once the last counter is done');
  const listing = trackersListing(deps.execute.db, t.value.member.meetingId, t.value.poll);
  return listing ? okJson(listing) : errorResponse('POLL_STATE', 'the last stage is missing');
}

/** Mounted by liveRoutes (commandRoutes.ts) beside the command route. */
export function secretBallotRoutes(deps: SecretRouteDeps): readonly Route[] {
  const key = readAuditKey(deps.dataDir);
  if (!key) throw new Error('the audit key must exist before the secret-ballot routes are mounted');
  registerBallotSigner(deps.execute.db, key);
  return [
    { method: 'GET', pattern: ROUTES.pollBox, access: 'member', maxBody: 0, handler: (req, p) => getBox(deps, req, p) },
    { method: 'GET', pattern: ROUTES.pollStage, access: 'member', maxBody: 0, handler: (req, p) => getStage(deps, req, p) },
    { method: 'POST', pattern: ROUTES.pollStage, access: 'member', maxBody: MAX_STAGE_BODY, handler: (req, p) => postStage(deps, req, p) },
    { method: 'GET', pattern: ROUTES.pollTrackers, access: 'member', maxBody: 0, handler: (req, p) => getTrackers(deps, req, p) },
  ];
}
