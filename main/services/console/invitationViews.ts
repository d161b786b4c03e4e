// The invitations of a published draft, built from the publisher state (each member's secret) and the draft's
// delegates: the rows for the table, the A4 sheet (invitationPdf.ts), one QR PNG, all of them in a ZIP.
// Reissue and revoke are `council reinvite` / `council revoke` (main/services/publish/members.ts).
import { zipSync } from 'fflate';
import type { InvitationRow } from '../../../common/api/console.ts';
import { consoleMessage } from '../../../common/i18n/consoleText.ts';
import type { Delegate, MeetingSpec } from '../../../common/meeting/types.ts';
import { formatInvitationLink } from '../../../common/pack/invite.ts';
import { CouncilError } from '../../../common/result.ts';
import { buildInvitationPdf } from '../publish/invitationPdf.ts';
import { qrPng, type Invitee } from '../publish/invitations.ts';
import { loadState, type PublisherState } from '../publish/state.ts';
import { readDelegatesLoose, readMeetingLoose } from './draftFolder.ts';

export async function publishedState(folder: string): Promise<PublisherState> {
  const state = await loadState(folder);
  if (!state) throw new CouncilError('NOT_FOUND', consoleMessage('NOT_PUBLISHED'));
  return state;
}

export async function invitees(folder: string): Promise<{ state: PublisherState; members: Invitee[]; meeting: MeetingSpec }> {
  const state = await publishedState(folder);
  const delegates = await readDelegatesLoose(folder);
  const { meeting, agenda } = await readMeetingLoose(folder);
  const members = delegates.flatMap((d: Delegate): Invitee[] => {
    const m = state.members[d.id];
    if (!m) return [];
    const link = formatInvitationLink({ server: state.server, meetingId: state.meetingId, delegateId: d.id, secret: m.secret, publisherKey: state.publisher.publicKey });
    return [{ delegate: d, link, ...(m.revokedAt !== undefined ? { revoked: true } : {}) }];
  });
  return { state, members, meeting: { ...meeting, agenda } };
}

export async function invitationRows(folder: string): Promise<InvitationRow[]> {
  const { members } = await invitees(folder);
  return members.map((m) => ({
    delegateId: m.delegate.id,
    name: m.delegate.name,
    role: m.delegate.role,
    group: m.delegate.group,
    revoked: m.revoked === true,
    ...(m.revoked === true ? {} : { link: m.link }),
  }));
}

export async function invitationsPdf(folder: string): Promise<Uint8Array> {
  const { members, meeting } = await invitees(folder);
  return buildInvitationPdf(meeting, members);
}

export async function invitationQr(folder: string, delegateId: string): Promise<Uint8Array> {
  const { members } = await invitees(folder);
  const m = members.find((x) => x.delegate.id === delegateId && x.revoked !== true);
  if (!m) throw new CouncilError('NOT_FOUND', consoleMessage('DELEGATE_UNKNOWN', { id: delegateId }));
  return qrPng(m.link);
}

export async function invitationsZip(folder: string): Promise<Uint8Array> {
  const { members } = await invitees(folder);
  const files: Record<string, Uint8Array> = {};
  // PNG is already compressed: stored, not deflated again.
  for (const m of members) if (m.revoked !== true) files[`${m.delegate.id}.png`] = new Uint8Array(await qrPng(m.link));
  return zipSync(files, { level: 0 });
}
