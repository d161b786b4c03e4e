// The meeting as the minutes need it, from what a caller holds: a published pack's manifest (a device, the CLI)
// or the secretariat console's draft (main/services/console), whose agenda is numbered here as the publisher
// numbers it: "1", "2", "2.1" by position.
import type { Draft, DraftAgendaItem } from '../api/console.ts';
import type { AgendaNode, PackManifest } from '../pack/format.ts';
import type { MinutesDocumentRef, MinutesMeeting } from './types.ts';

/** The meeting as a published pack describes it; confidential documents (sealed in the pack) may be added. */
export function minutesMeetingOf(
  manifest: Pick<PackManifest, 'meetingId' | 'meeting' | 'agenda' | 'delegates' | 'documents'>,
  confidential: readonly MinutesDocumentRef[] = [],
): MinutesMeeting {
  const { meeting } = manifest;
  return {
    meetingId: manifest.meetingId,
    title: meeting.title,
    body: meeting.body,
    startsAt: meeting.startsAt,
    place: meeting.place,
    totalDelegates: meeting.totalDelegates,
    agenda: manifest.agenda,
    delegates: manifest.delegates,
    documents: [...manifest.documents, ...confidential],
  };
}

function numbered(items: readonly DraftAgendaItem[], prefix: string, docs: Map<string, string>): AgendaNode[] {
  return items.map((item, i) => {
    const id = prefix === '' ? String(i + 1) : `${prefix}.${i + 1}`;
    for (const d of item.documents) if (!docs.has(d)) docs.set(d, id);
    return {
      id,
      title: item.title,
      ...(item.presenter === undefined ? {} : { presenter: item.presenter }),
      ...(item.minutes === undefined ? {} : { minutes: item.minutes }),
      documentIds: item.documents,
      items: numbered(item.items, id, docs),
    };
  });
}

/** The meeting from the console's draft (confidential documents included: the secretariat holds them). */
export function minutesMeetingOfDraft(draft: Pick<Draft, 'meeting' | 'agenda' | 'documents' | 'delegates' | 'meetingId'>): MinutesMeeting {
  const itemOf = new Map<string, string>();
  const agenda = numbered(draft.agenda, '', itemOf);
  const documents: MinutesDocumentRef[] = draft.documents.flatMap((d) => {
    const agendaItemId = itemOf.get(d.documentId);
    return agendaItemId === undefined ? [] : [{ id: d.documentId, title: d.title, kind: d.kind, agendaItemId, confidential: d.confidential }];
  });
  return {
    ...(draft.meetingId === undefined ? {} : { meetingId: draft.meetingId }),
    title: draft.meeting.title,
    body: draft.meeting.body,
    startsAt: draft.meeting.startsAt,
    place: draft.meeting.place,
    totalDelegates: draft.meeting.totalDelegates,
    agenda,
    delegates: draft.delegates,
    documents,
  };
}
