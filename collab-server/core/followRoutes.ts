// GET /api/meetings/:meetingId/follow (admin): what the console's "follow the session" screen shows of the
// pack distribution — each member's newest fetched revision and when, and who is revoked (issue 10).
import { ROUTES } from '../../common/api/routes.ts';
import type { FollowResponse } from '../../common/api/console.ts';
import { CouncilError } from '../../common/result.ts';
import { followMembers } from '../store/followQueries.ts';
import { getMeeting } from '../store/packQueries.ts';
import { requireAdmin } from './auth.ts';
import type { PackContext } from './context.ts';
import { json } from './responses.ts';
import { idSchema, parseParam } from './schemas.ts';
import type { CoreRequest, CoreResponse, Route, RouteParams } from './types.ts';

function getFollow(ctx: PackContext, req: CoreRequest, params: RouteParams): CoreResponse {
  requireAdmin(ctx, req);
  const meetingId = parseParam(params['meetingId'], idSchema, 'meeting id');
  const meeting = getMeeting(ctx.db, meetingId);
  if (!meeting) throw new CouncilError('NOT_FOUND', `no meeting ${meetingId}`);
  const answer: FollowResponse = { meetingId, latestRevision: meeting.latestRevision, members: followMembers(ctx.db, meetingId) };
  return json(200, answer);
}

export function followRoutes(ctx: PackContext): Route[] {
  return [{ method: 'GET', pattern: ROUTES.follow, access: 'admin', maxBody: 0, handler: (req, p) => getFollow(ctx, req, p) }];
}
