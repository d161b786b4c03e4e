// Conversions from vault records and manifests to the data the app shows (common/api/ipc.ts), in one place.
import type { InvitationPreview, MeetingState, MeetingSummary } from '../../../common/api/ipc.ts';
import type { DocumentEntry, Invitation, PackManifest } from '../../../common/pack/format.ts';
import type { Role } from '../../../common/meeting/types.ts';
import type { MeetingRecord } from '../vault/meetingQueries.ts';

export interface LiveState {
  readonly downloading: boolean;
  /** Newest revision known to exist on the server (from a preview or an update check). */
  readonly latestKnown: number;
}

export function meetingState(record: MeetingRecord, live: LiveState): MeetingState {
  if (live.downloading) return 'downloading';
  if (record.status === 'revoked') return 'revoked';
  if (record.currentRevision === null) return record.pendingRevision === null ? 'not-downloaded' : 'paused';
  if (live.latestKnown > record.currentRevision || (record.pendingRevision ?? 0) > record.currentRevision) return 'update-available';
  return 'ready';
}

export function toSummary(record: MeetingRecord, manifest: PackManifest | undefined, live: LiveState): MeetingSummary {
  const ready = record.currentRevision ?? 0;
  return {
    meetingId: record.id,
    delegateId: record.delegateId,
    title: manifest?.meeting.title ?? record.id,
    body: manifest?.meeting.body ?? '',
    startsAt: manifest?.meeting.startsAt ?? '',
    state: meetingState(record, live),
    readyRevision: ready,
    latestRevision: Math.max(ready, record.pendingRevision ?? 0, live.latestKnown),
  };
}

/** A summary for an invitation accepted in this run whose download has not started. */
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

export function toPreview(inv: Invitation, manifest: PackManifest, readable: readonly DocumentEntry[], role: Role, alreadyJoined: boolean): InvitationPreview {
  const delegate = manifest.delegates.find((d) => d.id === inv.delegateId);
  return {
    server: inv.server,
    meetingId: inv.meetingId,
    delegateId: inv.delegateId,
    ...(delegate ? { delegate } : {}),
    role: delegate?.role ?? role,
    revision: manifest.revision,
    meeting: manifest.meeting,
    documentCount: readable.length,
    totalBytes: readable.reduce((n, d) => n + d.chunks.reduce((m, c) => m + c.size, 0), 0),
    alreadyJoined,
  };
}
