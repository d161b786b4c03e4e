// The renderer's export helper (renderer/live/records/exportResults.ts) without a browser: what it builds the
// record from (the app's MeetingView), when the buttons apply, and the refusals it answers before loading
// pdf-lib or a font. The download itself (an anchor click) is the browser's; the files are tested in report.test.ts.
import { describe, expect, it } from 'vitest';
import type { MeetingView } from '../../../common/api/appTypes.ts';
import { recordsText } from '../../../common/i18n/records.ts';
import { canExportResults, downloadResultsCsv, downloadResultsPdf, reportMeetingOf } from '../../../renderer/live/records/exportResults.ts';
import { MEETING, votingState } from './fixtures.ts';

const VIEW = {
  summary: { meetingId: 'mtg-demo-1', delegateId: 'd01', title: MEETING.title, body: MEETING.body, startsAt: MEETING.startsAt, state: 'ready', readyRevision: 1, latestRevision: 1 },
  revision: 1,
  publishedAt: '2026-12-01T00:00:00Z',
  meeting: { title: MEETING.title, body: MEETING.body, startsAt: MEETING.startsAt, place: MEETING.place, totalDelegates: 30, quorum: { numerator: 2, denominator: 3 } },
  agenda: MEETING.agenda.map((n) => ({ ...n, documentIds: [], items: n.items.map((i) => ({ ...i, documentIds: [], items: [] })) })),
  delegates: MEETING.delegates.map((d) => ({ id: d.id, name: d.name, position: d.position ?? '', unit: '', group: '', role: (d.role ?? 'delegate') as 'delegate' })),
  role: 'chair',
  documents: [],
} satisfies MeetingView;

describe('exportResults', () => {
  it('builds the record from the MeetingView: council, title, agenda and every delegate', () => {
    const m = reportMeetingOf(VIEW);
    expect(m).toMatchObject({ meetingId: 'mtg-demo-1', title: MEETING.title, body: MEETING.body, place: MEETING.place });
    expect(m.delegates).toHaveLength(MEETING.delegates.length);
    expect(m.agenda[1]?.items[0]?.id).toBe('2.4');
  });

  it('offers the buttons only for announced results', () => {
    const voting = votingState();
    expect(canExportResults(voting)).toBe(true);
    expect(canExportResults(voting, 'nq-ktxh-2027')).toBe(true);
    expect(canExportResults(voting, 'chua-cong-bo')).toBe(false);
    expect(canExportResults(voting, 'khong-co')).toBe(false);
    expect(canExportResults({ polls: [], results: {} })).toBe(false);
    expect([recordsText('vi', 'downloadPdf'), recordsText('vi', 'downloadCsv')]).toEqual(['Tải biên bản (PDF)', 'Tải CSV']);
    expect(recordsText('en', 'downloadPdf')).toBe('Download minutes (PDF)');
  });

  it('answers POLL_NOT_FOUND and POLL_STATE as values, before any download', async () => {
    const voting = votingState();
    expect(downloadResultsCsv(VIEW, voting, 'khong-co')).toMatchObject({ ok: false, error: { code: 'POLL_NOT_FOUND' } });
    expect(await downloadResultsPdf(VIEW, voting, 'chua-cong-bo')).toMatchObject({ ok: false, error: { code: 'POLL_STATE' } });
  });
});
