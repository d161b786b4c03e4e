// Meeting-pack routes of common/api/http.ts other than chunks: publish, manifest, revoke, me, health.
import { MAX_JSON_BODY, type ManifestResponse, type MeResponse, type PublishRevisionResponse } from '../../common/api/http.ts';
import type { ManifestEnvelope } from '../../common/pack/format.ts';
import { CouncilError } from '../../common/result.ts';
import { getEnvelopeJson, getMeeting, getMember, getWrappedKeys, revokeMember } from '../store/packQueries.ts';
import { publishRevision } from '../store/publish.ts';
import { requireAdmin, requireMember } from './auth.ts';
import { chunkRoutes } from './chunkRoutes.ts';
import type { PackContext } from './context.ts';
import { json } from './responses.ts';
import { idSchema, parseJsonBody, parseParam, publishRevisionSchema } from './schemas.ts';
import type { CoreRequest, CoreResponse, Route, RouteParams } from './types.ts';

const REVISION_QUERY = /^[1-9][0-9]{0,8}$/;
/** Revoke takes no body, but clients that send `{}` with every POST are not refused for it. */
const REVOKE_MAX_BODY = 1024;

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
  if (!getMember(ctx.db, meetingId, delegateId)) throw new CouncilError('NOT_FOUND', 'no such member in this meeting');
  revokeMember(ctx.db, meetingId, delegateId, ctx.now());
  ctx.log(`revoked ${meetingId}/${delegateId}`);
  return json(200, { revoked: true });
}

function getMe(ctx: PackContext, req: CoreRequest): CoreResponse {
  const member = requireMember(ctx, req);
  const answer: MeResponse = { meetingId: member.meetingId, delegateId: member.delegateId, role: member.role };
  return json(200, answer);
}

/** Every pack-distribution route; the live session adds its own beside these. */
export function packRoutes(ctx: PackContext): Route[] {
  return [
    { method: 'GET', pattern: '/api/health', maxBody: 0, handler: () => json(200, { ok: true, version: ctx.version }) },
    { method: 'GET', pattern: '/api/me', maxBody: 0, handler: (req) => getMe(ctx, req) },
    ...chunkRoutes(ctx),
    { method: 'POST', pattern: '/api/meetings/:meetingId/revisions', maxBody: MAX_JSON_BODY, handler: (req, p) => postRevision(ctx, req, p) },
    { method: 'GET', pattern: '/api/meetings/:meetingId/manifest', maxBody: 0, handler: (req, p) => getManifest(ctx, req, p) },
    { method: 'POST', pattern: '/api/meetings/:meetingId/members/:delegateId/revoke', maxBody: REVOKE_MAX_BODY, handler: (req, p) => postRevoke(ctx, req, p) },
  ];
}
