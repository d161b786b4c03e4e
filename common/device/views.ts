// From the device core's records and opened revisions to the data the app shows (common/api/appTypes.ts),
// in one place for both homes.
import type { DownloadProgress, InvitationPreview, LeaseInfo, MeetingSummary, MeetingView } from '../api/appTypes.ts';
import { toReadableDocument } from '../api/appViews.ts';
import type { DownloadProgressEvent } from './download.ts';
import { deriveMeetingState, stateInputs, type LiveState } from './meetingState.ts';
import { chunkRefs, totalBytes, type OpenedRevision } from './openPack.ts';
import type { DeviceCore, Fetched } from './DeviceCore.ts';
import type { MeetingRecord } from './store.ts';
import { meetingVotingOf, type MeetingVoting } from '../voting/prepared.ts';

export function toPreview(f: Fetched, alreadyJoined: boolean): InvitationPreview {
  const { invitation: inv, opened } = f;
  const delegate = opened.manifest.delegates.find((d) => d.id === inv.delegateId);
  return {
    server: inv.server,
    meetingId: inv.meetingId,
    delegateId: inv.delegateId,
    ...(delegate ? { delegate } : {}),
    role: opened.role,
    revision: opened.manifest.revision,
    meeting: opened.manifest.meeting,
    documentCount: opened.documents.length,
    totalBytes: totalBytes(chunkRefs(opened.documents)),
    alreadyJoined,
  };
}

/** A summary for an invitation accepted in this run and not stored yet. */
export function previewSummary(p: InvitationPreview, downloading: boolean): MeetingSummary {
  return {
    meetingId: p.meetingId,
    delegateId: p.delegateId,
    title: p.meeting.title,
    body: p.meeting.body,
    startsAt: p.meeting.startsAt,
    state: downloading ? 'downloading' : 'not-downloaded',
    readyRevision: 0,
    latestRevision: p.revision,
  };
}

export async function toSummary(core: DeviceCore, record: MeetingRecord, opened: OpenedRevision | undefined, live: LiveState, lease?: LeaseInfo): Promise<MeetingSummary> {
  const pending = record.pendingRevision === null ? undefined : await core.store.getRevision(record.id, record.pendingRevision);
  const inputs = stateInputs(record, pending, live);
  const info = opened?.manifest.meeting;
  return {
    meetingId: record.id,
    delegateId: record.delegateId,
    title: info?.title ?? record.id,
    body: info?.body ?? '',
    startsAt: info?.startsAt ?? '',
    state: deriveMeetingState(inputs),
    readyRevision: inputs.readyRevision,
    latestRevision: inputs.latestRevision,
    ...(lease ? { lease } : {}),
  };
}

export async function toMeetingView(core: DeviceCore, record: MeetingRecord, opened: OpenedRevision, live: LiveState, lease?: LeaseInfo): Promise<MeetingView> {
  const m = opened.manifest;
  const me = m.delegates.find((d) => d.id === record.delegateId);
  const available = await core.available(opened);
  return {
    summary: await toSummary(core, record, opened, live, lease),
    revision: m.revision,
    publishedAt: m.publishedAt,
    meeting: m.meeting,
    agenda: m.agenda,
    delegates: m.delegates,
    ...(me ? { me } : {}),
    role: record.role,
    documents: opened.documents.map((d) => toReadableDocument(d, available.has(d.id))),
    ...votingPart(m),
  };
}

/**
 * The voting settings and prepared polls the pack carries (common/voting/prepared.ts), the defaults for a pack
 * published before them: what the chair console offers as "Biểu quyết đã chuẩn bị".
 */
export function votingPart(manifest: { readonly voting?: unknown }): { readonly voting: MeetingVoting } {
  return { voting: meetingVotingOf(manifest) };
}

/** The core's progress as the app shows it; the time left is measured on this run's downloaded bytes only. */
export function toDownloadProgress(meetingId: string, revision: number, phase: DownloadProgress['phase'], p: DownloadProgressEvent, secondsLeft?: number): DownloadProgress {
  return {
    meetingId,
    revision,
    phase,
    bytesDone: p.bytesDone,
    bytesTotal: p.bytesTotal,
    documentsDone: p.docsDone,
    documentsTotal: p.docsTotal,
    ...(secondsLeft === undefined ? {} : { secondsLeft }),
  };
}
