// Meeting-pack routes of common/api/http.ts other than chunks: publish, manifest, revoke, me, health.
import { z } from 'zod';
import { MAX_JSON_BODY, type ManifestResponse, type MeResponse, type PublishRevisionResponse, type ReinviteResponse } from '../../common/api/http.ts';
import type { ManifestEnvelope } from '../../common/pack/format.ts';
import { CouncilError } from '../../common/result.ts';
import { recordDownload } from '../store/followQueries.ts';
import { getEnvelopeJson, getMeeting, getWrappedKeys } from '../store/packQueries.ts';
import { reinviteMember, revokeMemberLink } from '../store/memberChanges.ts';
import { emitMemberRevoked } from '../store/memberEvents.ts';
import { publishRevision } from '../store/publish.ts';
import { requireAdmin, requireMember } from './auth.ts';
import { chunkRoutes } from './chunkRoutes.ts';
import type { PackContext } from './context.ts';
import { json } from './responses.ts';
import { hashSchema, idSchema, parseJsonBody, parseParam, publishRevisionSchema, wrappedKeysSchema } from './schemas.ts';
import type { CoreRequest, CoreResponse, Route, RouteParams } from './types.ts';
import { ROUTES } from '../../common/api/routes.ts';

const REVISION_QUERY = /^[1-9][0-9]{0,8}$/;
/** Revoke takes no body, but clients that send `{}` with every POST are not refused for it. */
const REVOKE_MAX_BODY = 1024;
/** Wrapped keys of at most this many revisions per re-invitation. */
const MAX_REINVITE_REVISIONS = 1000;
const reinviteSchema = z.strictObject({
  tokenHash: hashSchema,
  keys: z.array(z.strictObject({ revision: z.int().min(1), wrappedKeys: wrappedKeysSchema })).min(1).max(MAX_REINVITE_REVISIONS),
});

function postRevision(ctx: PackContext, req: CoreRequest, params: RouteParams): CoreResponse {
  requireAdmin(ctx, req);
  const meetingId = parseParam(params['meetingId'], idSchema, 'meeting id');
  const request = parseJsonBody(req, publishRevisionSchema);
  if (request.envelope.meetingId !== meetingId) throw new CouncilError('BAD_REQUEST', 'envelope.meetingId differs from the URL');
  const outcome = publishRevision(ctx.db, request, ctx.now());
  if (outcome === 'created') ctx.log(`published ${meetingId} revision ${request.envelope.revision}`);
  const answer: PublishRevisionResponse = { meetingId, revision: request.envelope.revision };
  return json(200, answer);
}

function getManifest(ctx: PackContext, req: CoreRequest, params: RouteParams): CoreResponse {
  const member = requireMember(ctx, req);
  const meetingId = parseParam(params['meetingId'], idSchema, 'meeting id');
  if (meetingId !== member.meetingId) throw new CouncilError('FORBIDDEN', 'this invitation is for another meeting');
  const latest = getMeeting(ctx.db, meetingId)?.latestRevision ?? 0;
  const revision = requestedRevision(req.query['revision'], latest);
  const envelopeJson = getEnvelopeJson(ctx.db, meetingId, revision);
  const wrappedKeys = getWrappedKeys(ctx.db, meetingId, revision, member.delegateId);
  if (envelopeJson === undefined || wrappedKeys === undefined) throw new CouncilError('NOT_FOUND', `no revision ${revision} for this delegate`);
  const envelope = JSON.parse(envelopeJson) as ManifestEnvelope;
  // The console's follow view (schema 180): which revision this member's device holds.
  recordDownload(ctx.db, meetingId, member.delegateId, revision, ctx.now());
  const answer: ManifestResponse = { envelope, wrappedKeys, delegateId: member.delegateId, role: member.role, latestRevision: latest };
  return json(200, answer);
}

function requestedRevision(query: string | undefined, latest: number): number {
  if (query === undefined) return latest;
  if (!REVISION_QUERY.test(query)) throw new CouncilError('BAD_REQUEST', 'revision must be a positive integer');
  return Number(query);
}

function postRevoke(ctx: PackContext, req: CoreRequest, params: RouteParams): CoreResponse {
  requireAdmin(ctx, req);
  const meetingId = parseParam(params['meetingId'], idSchema, 'meeting id');
  const delegateId = parseParam(params['delegateId'], idSchema, 'delegate id');
  // In one transaction with the live session's part (the member's presence dropped); sockets close after.
  if (revokeMemberLink(ctx.db, meetingId, delegateId, new Date(ctx.now()))) emitMemberRevoked(ctx.db, { meetingId, delegateId });
  ctx.log(`revoked ${meetingId}/${delegateId}`);
  return json(200, { revoked: true });
}

/** A new secret for the same seat: the old link stops working, the new one joins (issue 14 §5). */
function postReinvite(ctx: PackContext, req: CoreRequest, params: RouteParams): CoreResponse {
  requireAdmin(ctx, req);
  const meetingId = parseParam(params['meetingId'], idSchema, 'meeting id');
  const delegateId = parseParam(params['delegateId'], idSchema, 'delegate id');
  const request = parseJsonBody(req, reinviteSchema);
  const latestRevision = reinviteMember(ctx.db, meetingId, delegateId, request, new Date(ctx.now()));
  // The old token no longer authenticates: its sockets close now, not at the next periodic check.
  emitMemberRevoked(ctx.db, { meetingId, delegateId });
  ctx.log(`reinvited ${meetingId}/${delegateId}`);
  const answer: ReinviteResponse = { reinvited: true, latestRevision };
  return json(200, answer);
}

function getMe(ctx: PackContext, req: CoreRequest): CoreResponse {
  const member = requireMember(ctx, req);
  const answer: MeResponse = { meetingId: member.meetingId, delegateId: member.delegateId, role: member.role };
  return json(200, answer);
}

/** Every pack-distribution route; the live session adds its own beside these. */
export function packRoutes(ctx: PackContext): Route[] {
  return [
    { method: 'GET', pattern: ROUTES.health, access: 'public', maxBody: 0, handler: () => json(200, { ok: true, version: ctx.version }) },
    { method: 'GET', pattern: ROUTES.me, access: 'member', maxBody: 0, handler: (req) => getMe(ctx, req) },
    ...chunkRoutes(ctx),
    { method: 'POST', pattern: ROUTES.revisions, access: 'admin', maxBody: MAX_JSON_BODY, handler: (req, p) => postRevision(ctx, req, p) },
    { method: 'GET', pattern: ROUTES.manifest, access: 'member', maxBody: 0, handler: (req, p) => getManifest(ctx, req, p) },
    { method: 'POST', pattern: ROUTES.revoke, access: 'admin', maxBody: REVOKE_MAX_BODY, handler: (req, p) => postRevoke(ctx, req, p) },
    { method: 'POST', pattern: ROUTES.reinvite, access: 'admin', maxBody: MAX_JSON_BODY, handler: (req, p) => postReinvite(ctx, req, p) },
  ];
}
