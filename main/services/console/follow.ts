// "Follow the session" (issue 10): per delegate, the newest revision their device fetched (the collab-server's
// admin follow route), the live attendance (the state room), the documents opened (the read receipts of the
// secretariat's inbox, opinions.ts), and revocations.
import type { FollowResponse, FollowView } from '../../../common/api/console.ts';
import { ADMIN_HEADER } from '../../../common/api/http.ts';
import { pathTo, ROUTES } from '../../../common/api/routes.ts';
import { errorFromAnswer } from '../../../common/device/serverClient.ts';
import { consoleMessage } from '../../../common/i18n/consoleText.ts';
import { CouncilError } from '../../../common/result.ts';
import { readDelegatesLoose } from './draftFolder.ts';
import { publishedState } from './invitationViews.ts';
import { readerToken, readLiveSnapshot, type LiveSnapshot } from './liveRead.ts';
import { receiptsByDelegate, type InboxSource } from './opinions.ts';

export async function serverFollow(server: string, adminToken: string, meetingId: string): Promise<FollowResponse> {
  let res: Response;
  try {
    res = await fetch(`${server}${pathTo(ROUTES.follow, { meetingId })}`, { headers: { [ADMIN_HEADER]: `Bearer ${adminToken}` } });
  } catch (e) {
    throw new CouncilError('NETWORK', consoleMessage('SERVER_UNREACHABLE', { server, cause: e instanceof Error ? e.message : String(e) }));
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw errorFromAnswer(res.status, body);
  return body as FollowResponse;
}

/**
 * The live state, read with the admin token (the server's read-only grant), or, while the admin has not logged in
 * since the console started, as the secretary (or chair) member; undefined when it cannot be read now.
 */
export async function liveSnapshot(folder: string, adminToken?: string): Promise<LiveSnapshot | undefined> {
  const state = await publishedState(folder);
  const token = adminToken ?? (await readerToken(state, await readDelegatesLoose(folder)).catch(() => undefined));
  if (token === undefined) return undefined;
  return readLiveSnapshot(state.server, state.meetingId, token).catch(() => undefined);
}

export async function followView(folder: string, adminToken: string, inbox: InboxSource): Promise<FollowView> {
  const state = await publishedState(folder);
  const delegates = await readDelegatesLoose(folder);
  const [pack, live, receipts] = await Promise.all([serverFollow(state.server, adminToken, state.meetingId), liveSnapshot(folder, adminToken), receiptsByDelegate(state, delegates, inbox, adminToken)]);
  const byId = new Map(pack.members.map((m) => [m.delegateId, m]));
  return {
    latestRevision: pack.latestRevision,
    rows: delegates.map((d) => {
      const m = byId.get(d.id);
      const a = live?.meeting.attendance[d.id];
      return {
        delegateId: d.id,
        name: d.name,
        role: d.role,
        ...(m?.downloadedRevision !== undefined ? { downloadedRevision: m.downloadedRevision } : {}),
        ...(m?.downloadedAt !== undefined ? { downloadedAt: m.downloadedAt } : {}),
        opened: (receipts.get(d.id) ?? []).map((r) => ({ documentId: r.documentId, revision: r.revision, at: r.at })),
        ...(a ? { attendance: { status: a.status, ...(a.reason !== undefined ? { reason: a.reason } : {}), at: new Date(a.at).toISOString() } } : {}),
        revoked: m?.revokedAt !== undefined || state.members[d.id]?.revokedAt !== undefined,
      };
    }),
  };
}
