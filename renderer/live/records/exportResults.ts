// "Tải biên bản (PDF)" and "Tải CSV": the results records (common/voting/report.ts) built on this device from
// the live voting state and the meeting view (the delegates' names are in the pack, not on the server), then
// handed to the browser as a download. pdf-lib and the fonts load on the first click only: importing this
// module costs the chair console nothing.
import type { MeetingView } from '../../../common/api/appTypes.ts';
import type { Lang } from '../../../common/i18n/errors.ts';
import { toErrorValue, type Result } from '../../../common/result.ts';
import { recordFileName, selectReportEntries, type ReportMeeting } from '../../../common/voting/recordModel.ts';
import { resultsCsv } from '../../../common/voting/reportCsv.ts';
import type { VotingState } from '../../../common/voting/state.ts';

/** The meeting as the record names it, from the app's view of the pack. */
export function reportMeetingOf(view: MeetingView): ReportMeeting {
  return {
    meetingId: view.summary.meetingId,
    title: view.meeting.title,
    body: view.meeting.body,
    startsAt: view.meeting.startsAt,
    place: view.meeting.place,
    agenda: view.agenda,
    delegates: view.delegates,
  };
}

/** True when that poll (or, without pollId, at least one poll) has an announced result to export. */
export function canExportResults(voting: Pick<VotingState, 'polls' | 'results'>, pollId?: string): boolean {
  const r = selectReportEntries(voting, pollId);
  return r.ok && r.value.length > 0;
}

/** Saves `data` as a file named `name` (an anchor with `download`; Electron asks where to save it). */
export function saveFile(data: BlobPart, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the blob to the download; free it after the current task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The CSV (UTF-8 with BOM) of that poll, or of every announced poll of the session. */
export function downloadResultsCsv(view: MeetingView, voting: Pick<VotingState, 'polls' | 'results'>, pollId?: string, lang: Lang = 'vi'): Result<null> {
  const entries = selectReportEntries(voting, pollId);
  if (!entries.ok) return entries;
  saveFile(resultsCsv({ meeting: reportMeetingOf(view), entries: entries.value, lang }), 'text/csv;charset=utf-8', recordFileName(pollId === undefined ? 'session' : 'poll', pollId, 'csv'));
  return { ok: true, value: null };
}

let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

async function loadFonts(): Promise<{ regular: Uint8Array; bold: Uint8Array }> {
  const { FONT_URLS } = await import('./fontUrls.ts');
  const get = async (url: string): Promise<Uint8Array> => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`font ${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const [regular, bold] = await Promise.all([get(FONT_URLS.regular), get(FONT_URLS.bold)]);
  return { regular, bold };
}

/** The biên bản (PDF) of that poll, or of the session; POLL_NOT_FOUND / POLL_STATE as values. */
export async function downloadResultsPdf(view: MeetingView, voting: Pick<VotingState, 'polls' | 'results'>, pollId?: string, lang: Lang = 'vi'): Promise<Result<null>> {
  const entries = selectReportEntries(voting, pollId);
  if (!entries.ok) return entries;
  try {
    fonts ??= loadFonts();
    const [{ resultsPdf }, f] = await Promise.all([import('../../../common/voting/reportPdf.ts'), fonts]);
    const scope = pollId === undefined ? 'session' : 'poll';
    const bytes = await resultsPdf({ meeting: reportMeetingOf(view), entries: entries.value, scope, lang }, f);
    saveFile(bytes as Uint8Array<ArrayBuffer>, 'application/pdf', recordFileName(scope, pollId, 'pdf'));
    return { ok: true, value: null };
  } catch (e) {
    fonts = undefined;
    return { ok: false, error: toErrorValue(e) };
  }
}
