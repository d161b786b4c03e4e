// `council revoke` and `council reinvite`: the secretariat's side of a lost device (issue 14 §5). Revoking
// kills the member's link on the server and marks it in the publisher state, so publishing again prints the
// revoked mark instead of the dead QR code. Re-inviting gives the same seat a new secret: the server swaps the
// token hash and the wrapped key bundle (meeting key + the confidential keys that member may read), the state
// keeps the new secret, and the member's new invitation is written (PNG, one-page PDF, their CSV row).
import path from 'node:path';
import type { ReinviteRequest } from '../../../common/api/http.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { deriveCredentials, formatInvitationLink, newSecret } from '../../../common/pack/invite.ts';
import { paddedBundleSize, wrapKeyBundle } from '../../../common/pack/manifest.ts';
import { CouncilError } from '../../../common/result.ts';
import { createAdminClient, normalizeServer } from './adminClient.ts';
import { bundleFromState } from './buildPack.ts';
import { writeOneInvitation } from './invitations.ts';
import { INVITATIONS_DIR } from './publish.ts';
import { loadState, saveState, type PublisherState } from './state.ts';
import { validateMeetingFolder } from './validate.ts';

export interface MemberCommandOptions {
  readonly folder: string;
  readonly delegateId: string;
  readonly server: string;
  readonly adminToken: string;
}

export interface RevokeResult {
  readonly meetingId: string;
  readonly delegateId: string;
}

export interface ReinviteResult {
  readonly meetingId: string;
  readonly delegate: Delegate;
  readonly link: string;
  readonly revision: number;
  readonly outDir: string;
  readonly files: readonly string[];
}

async function publishedState(folder: string, delegateId: string, server: string): Promise<PublisherState> {
  const state = await loadState(folder);
  if (!state) throw new CouncilError('NOT_FOUND', `kỳ họp chưa được phát hành (chưa có ${path.join(folder, '.council', 'publisher.json')}) / the meeting was never published`);
  if (!state.members[delegateId]) throw new CouncilError('NOT_FOUND', `không có đại biểu ${delegateId} trong kỳ họp / no member ${delegateId} in this meeting`);
  if (normalizeServer(server) !== state.server) {
    throw new CouncilError('BAD_REQUEST', `kỳ họp được phát hành trên ${state.server}, không phải ${normalizeServer(server)} / the meeting was published on ${state.server}`);
  }
  return state;
}

/** Revokes the member's link on the server, then records it in the publisher state. */
export async function revokeInvitation(opts: MemberCommandOptions): Promise<RevokeResult> {
  const folder = path.resolve(opts.folder);
  const state = await publishedState(folder, opts.delegateId, opts.server);
  await createAdminClient(state.server, opts.adminToken).revoke(state.meetingId, opts.delegateId);
  const member = state.members[opts.delegateId];
  if (member && member.revokedAt === undefined) {
    await saveState(folder, { ...state, members: { ...state.members, [opts.delegateId]: { ...member, revokedAt: new Date().toISOString() } } });
  }
  return { meetingId: state.meetingId, delegateId: opts.delegateId };
}

/** Every member's key bundle as the last revision wrapped it, from the state (documents, readers, note keys). */
const bundleOf = bundleFromState;

/** The ids the last revision published, so the new bundle is padded to the size everyone else's has. */
function publishedIds(state: PublisherState): string[] {
  const members = state.lastRequest?.members ?? [];
  const ids = members.map((m) => m['delegateId']).filter((id): id is string => typeof id === 'string');
  return ids.length > 0 ? ids : Object.keys(state.members);
}

async function reinviteRequest(state: PublisherState, delegateId: string, secret: string): Promise<ReinviteRequest> {
  const creds = await deriveCredentials({ secret, meetingId: state.meetingId, delegateId });
  const padTo = paddedBundleSize(publishedIds(state).map((id) => bundleOf(state, id)));
  const ctx = { meetingId: state.meetingId, delegateId, revision: state.revision };
  const wrappedKeys = await wrapKeyBundle(bundleOf(state, delegateId), creds.wrapKey, ctx, padTo);
  return { tokenHash: creds.tokenHash, keys: [{ revision: state.revision, wrappedKeys }] };
}

function delegateIn(delegates: readonly Delegate[], delegateId: string): Delegate {
  const delegate = delegates.find((d) => d.id === delegateId);
  if (!delegate) throw new CouncilError('NOT_FOUND', `không có ${delegateId} trong delegates.csv / ${delegateId} is not in delegates.csv`);
  return delegate;
}

/**
 * A new secret for the same seat. The server answers first: should the state then fail to save, running the
 * command again mints another secret and succeeds (the server keeps no claim on the lost one).
 */
export async function reinviteInvitation(opts: MemberCommandOptions & { readonly outDir?: string }): Promise<ReinviteResult> {
  const meeting = await validateMeetingFolder(opts.folder);
  const state = await publishedState(meeting.folder, opts.delegateId, opts.server);
  const delegate = delegateIn(meeting.delegates, opts.delegateId);
  const secret = newSecret();
  await createAdminClient(state.server, opts.adminToken).reinvite(state.meetingId, delegate.id, await reinviteRequest(state, delegate.id, secret));
  await saveState(meeting.folder, { ...state, members: { ...state.members, [delegate.id]: { secret } } });
  const link = formatInvitationLink({ server: state.server, meetingId: state.meetingId, delegateId: delegate.id, secret, publisherKey: state.publisher.publicKey });
  const outDir = path.resolve(opts.outDir ?? path.join(meeting.folder, INVITATIONS_DIR));
  await writeOneInvitation({ outDir, meeting: meeting.spec, member: { delegate, link } });
  const files = [`${delegate.id}.png`, `${delegate.id}.pdf`, 'invitations.csv'].map((f) => path.join(outDir, f));
  return { meetingId: state.meetingId, delegate, link, revision: state.revision, outDir, files };
}
