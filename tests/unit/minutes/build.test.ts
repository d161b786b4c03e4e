// buildMinutes on hand-made inputs: the item timeline from setCurrentItem entries (what happened before the
// first item, after the chair cleared it, in an item the agenda does not know), withdrawn and urgent notices,
// the quorum line when too few came, the English text, and the console draft numbered as the publisher does.
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../../common/api/console.ts';
import type { AuditRecord } from '../../../common/live/audit.ts';
import { DEFAULT_CONFIG, type MeetingState } from '../../../common/live/state.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { buildMinutes, durationText, itemAt, itemTimeline, localityOf, minutesDocx, minutesMeetingOfDraft, resultsCsv, type MinutesMeeting } from '../../../common/minutes/index.ts';
import { MEETING as REPORT_MEETING, votingState } from '../voting-report/fixtures.ts';

const flatXml = (xml: string): string => xml.replace(/<\/w:p>/g, ' ').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

const T0 = Date.parse('2026-12-05T08:00:00+07:00');
const min = (n: number) => T0 + n * 60_000;

let seq = 0;
const entry = (at: number, command: AuditRecord['entry']['command']): AuditRecord => {
  seq += 1;
  return { seq, prevHash: '0'.repeat(64), hash: String(seq).padStart(64, '0'), entry: { seq, meetingId: 'm', at, command } };
};

const MEETING: MinutesMeeting = {
  meetingId: 'm',
  title: 'Kỳ họp thứ Hai, HĐND xã Nậm Pồ khóa I, nhiệm kỳ 2026–2031',
  body: 'Hội đồng nhân dân xã Nậm Pồ',
  startsAt: '2026-12-05T07:30:00+07:00',
  place: 'Hội trường UBND xã Nậm Pồ',
  totalDelegates: 4,
  agenda: [
    { id: '1', title: 'Khai mạc', documentIds: [], items: [] },
    { id: '2', title: 'Thảo luận', documentIds: [], items: [{ id: '2.1', title: 'Thảo luận tại hội trường', documentIds: [], items: [] }] },
  ],
  delegates: [
    { id: 'd01', name: 'Lò Văn Thắng', position: 'Chủ tịch HĐND xã', unit: 'Thường trực HĐND xã', group: 'Tổ 1', role: 'chair' },
    { id: 'd02', name: 'Giàng Thị Mai', position: 'Phó Chủ tịch HĐND xã', unit: 'Thường trực HĐND xã', group: 'Tổ 1', role: 'delegate' },
    { id: 'd03', name: 'Vàng A Chư', position: 'Trưởng Ban Kinh tế - Ngân sách', unit: 'Ban Kinh tế - Ngân sách', group: 'Tổ 2', role: 'delegate' },
    { id: 'd04', name: 'Lường Thị Hoa', position: 'Phó Trưởng Ban', unit: 'Ban Kinh tế - Ngân sách', group: 'Tổ 2', role: 'delegate' },
    { id: 'tk01', name: 'Nguyễn Thị Lan', position: 'Chuyên viên', unit: 'Văn phòng HĐND và UBND xã', group: '', role: 'secretary' },
  ],
  documents: [],
};

const AUDIT: AuditRecord[] = [
  entry(min(0), { type: 'announce', text: 'Mời đại biểu ổn định chỗ ngồi' }),
  entry(min(5), { type: 'setCurrentItem', itemId: '1' }),
  entry(min(20), { type: 'setCurrentItem', itemId: '2.1' }),
  entry(min(50), { type: 'setCurrentItem', itemId: null }),
  entry(min(55), { type: 'setCurrentItem', itemId: '9' }),
  entry(min(60), { type: 'setCurrentItem', itemId: '1' }),
];

const STATE: MeetingState = {
  currentItemId: '1',
  floor: null,
  queue: [],
  attendance: {
    d01: { status: 'present-hall', at: min(-10), by: 'd01' },
    d02: { status: 'present-online', at: min(-9), by: 'd02' },
    d03: { status: 'absent', reason: 'Ốm', at: min(-8), by: 'tk01' },
  },
  announcements: [
    { id: 'a1', text: 'Mời đại biểu ổn định chỗ ngồi', level: 'info', at: min(0), acknowledgedBy: [] },
    { id: 'a2', text: 'Mất điện hội trường, tạm nghỉ 10 phút', level: 'urgent', at: min(52), withdrawnAt: min(58), acknowledgedBy: ['d02'] },
  ],
  speeches: [
    { delegateId: 'd02', type: 'tranh-luan', startedAt: min(21), endedAt: min(21) + 185_000, durationSec: 180 },
    { delegateId: 'd03', type: 'chat-van', addressee: 'Chủ tịch UBND xã', startedAt: min(56), endedAt: min(57), durationSec: 300 },
  ],
  config: { ...DEFAULT_CONFIG, totalDelegates: 4 },
};

const build = (over: Partial<Parameters<typeof buildMinutes>[0]> = {}) =>
  buildMinutes({ meeting: MEETING, state: STATE, voting: { polls: [], results: {} }, audit: AUDIT, generatedAt: min(90), ...over });

describe('the item timeline', () => {
  it('is the last setCurrentItem at or before the time', () => {
    const tl = itemTimeline(AUDIT);
    expect([min(1), min(5), min(30), min(51), min(56), min(70)].map((t) => itemAt(tl, t))).toEqual([null, '1', '2.1', null, '9', '1']);
  });

  it('puts what happened outside any known item first, and each speech under its item', () => {
    const m = build();
    expect(m.items.map((i) => [i.id, i.heading])).toEqual([
      ['', 'Trước khi vào chương trình'],
      ['1', '1. Khai mạc'],
      ['2', '2. Thảo luận'],
      ['2.1', '2.1. Thảo luận tại hội trường'],
    ]);
    const [outside, one, , item21] = m.items;
    expect(outside?.announcements.map((a) => a.line)).toEqual(['08:00 — Mời đại biểu ổn định chỗ ngồi', '08:52 — Mất điện hội trường, tạm nghỉ 10 phút (khẩn) (đã thu hồi lúc 08:58)']);
    // The chất vấn happened while item "9" (not in the agenda) was current.
    expect(outside?.speeches.map((s) => s.line)).toEqual(['08:56–08:57 — Đại biểu Vàng A Chư (Trưởng Ban Kinh tế - Ngân sách): Chất vấn, gửi Chủ tịch UBND xã (1 phút)']);
    expect(item21?.speeches.map((s) => s.line)).toEqual(['08:21–08:24 — Đại biểu Giàng Thị Mai (Phó Chủ tịch HĐND xã): Tranh luận (3 phút 5 giây)']);
    // Item 1 was current twice: from its first start to the end of its last turn (the last audit entry).
    expect(one?.when).toBe('từ 08:05 đến 09:00');
    expect(item21?.when).toBe('từ 08:20 đến 08:50');
    expect(m.items[2]?.when).toBe('');
  });
});

describe('attendance and wording', () => {
  it('says when the quorum is not reached, and counts who has no record', () => {
    const m = build({ state: { ...STATE, attendance: { d01: { status: 'present-hall', at: min(0), by: 'd01' } } } });
    expect(m.attendance.summary).toEqual([
      'Tổng số đại biểu: 4 đại biểu.',
      'Có mặt: 1/4 đại biểu (tại hội trường: 1; trực tuyến: 0).',
      'Vắng mặt: 0 đại biểu; chưa điểm danh: 3.',
      'Số đại biểu có mặt chưa bảo đảm tỷ lệ theo quy định (cần ít nhất 3/4 đại biểu).',
    ]);
    expect(m.attendance.rows.map((r) => r.statusText)).toEqual(['Có mặt tại hội trường', 'Chưa điểm danh', 'Chưa điểm danh', 'Chưa điểm danh']);
  });

  it('gives each end its day when the session ran over two days', () => {
    const next = [...AUDIT, entry(min(24 * 60 + 30), { type: 'setCurrentItem', itemId: '2' })];
    expect(build({ audit: next }).details[0]).toEqual(['Thời gian', 'bắt đầu lúc 08:00, ngày 05 tháng 12 năm 2026; kết thúc lúc 08:30, ngày 06 tháng 12 năm 2026']);
    expect(build().details[0]).toEqual(['Thời gian', 'bắt đầu lúc 08:00, kết thúc lúc 09:00, ngày 05 tháng 12 năm 2026']);
  });

  it('uses the total the chair set over meeting.json', () => {
    expect(build({ state: { ...STATE, config: { ...STATE.config, totalDelegates: 5, totalDelegatesSetByChair: true } } }).attendance.total).toBe(5);
  });

  it('writes English, keeping the national header Vietnamese', () => {
    const m = build({ lang: 'en' });
    expect([m.nation, m.title, m.signatures.left.title, m.placeDate]).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'MINUTES OF THE SESSION', 'SECRETARY', 'Nậm Pồ, 5 December 2026']);
    expect(m.details[0]).toEqual(['Time', 'began at 08:00, ended at 09:00, 5 December 2026']);
    expect(m.closing).toBe('The session ended at 09:00, 5 December 2026. These minutes were produced from the system records and are signed by the secretary and the chair.');
  });

  it('formats durations and finds the locality of communes and provinces', () => {
    expect([durationText('vi', 0), durationText('vi', 59_400), durationText('vi', 60_000), durationText('en', 425_000)]).toEqual(['0 giây', '59 giây', '1 phút', '7 min 5 s']);
    expect([localityOf('Hội đồng nhân dân xã Nậm Pồ'), localityOf('Hội đồng nhân dân tỉnh Điện Biên'), localityOf('Hội đồng nhân dân đặc khu Phú Quốc'), localityOf('Ban Chấp hành')]).toEqual([
      'Nậm Pồ',
      'Điện Biên',
      'Phú Quốc',
      undefined,
    ]);
  });
});

describe('the console draft', () => {
  it('is numbered as the publisher numbers it, documents under their item', () => {
    const draft: Pick<Draft, 'meeting' | 'agenda' | 'documents' | 'delegates' | 'meetingId'> = {
      meetingId: 'm',
      meeting: { title: MEETING.title, body: MEETING.body, startsAt: MEETING.startsAt, place: MEETING.place, totalDelegates: 4 },
      agenda: [
        { key: 'a', title: 'Khai mạc', documents: ['ct'], items: [] },
        { key: 'b', title: 'Nhân sự', documents: [], items: [{ key: 'c', title: 'Tờ trình', presenter: 'Chủ tọa', documents: ['mat'], items: [] }] },
      ],
      documents: [
        { documentId: 'ct', file: 'ct.pdf', title: 'Chương trình', kind: 'chuong-trinh', confidential: false, readers: [], bytes: 1, pages: 1, sha256: '' },
        { documentId: 'mat', file: 'mat.pdf', title: 'Tờ trình nhân sự', kind: 'to-trinh', confidential: true, readers: ['d02'], bytes: 1, pages: 1, sha256: '' },
        { documentId: 'loose', file: 'x.pdf', title: 'Không thuộc mục nào', kind: 'khac', confidential: false, readers: [], bytes: 1, pages: 1, sha256: '' },
      ],
      delegates: MEETING.delegates,
    };
    const meeting = minutesMeetingOfDraft(draft);
    expect(meeting.agenda.map((n) => [n.id, n.items.map((i) => i.id)])).toEqual([
      ['1', []],
      ['2', ['2.1']],
    ]);
    expect(meeting.documents.map((d) => [d.id, d.agendaItemId, d.confidential])).toEqual([
      ['ct', '1', false],
      ['mat', '2.1', true],
    ]);
    const m = buildMinutes({ meeting, state: STATE, voting: { polls: [], results: {} }, audit: [], generatedAt: min(90) });
    expect(m.items.find((i) => i.id === '2.1')?.documents).toEqual(['Tờ trình nhân sự (tài liệu mật)']);
    expect(m.auditLine).toBe('Nhật ký chưa được kiểm tra (0 mục)');
    // Never taken up, nothing recorded: the writers say so; a parent item is never "empty" itself.
    // (Without a log, every speech and notice is "before the agenda".)
    expect(m.items.map((i) => [i.id, i.empty])).toEqual([
      ['', false],
      ['1', true],
      ['2', false],
      ['2.1', true],
    ]);
  });
});

describe('every kind of poll', () => {
  it('election and confidence records sit under their item, names only for the open poll, unannounced polls as notes', async () => {
    const voting = votingState();
    const delegates = REPORT_MEETING.delegates.map((d) => ({ id: d.id, name: d.name, position: d.position ?? '', unit: 'xã Nậm Pồ', group: 'Tổ 1', role: (d.role ?? 'delegate') as Delegate['role'] }));
    const meeting: MinutesMeeting = {
      ...MEETING,
      totalDelegates: 30,
      delegates,
      agenda: [
        { id: '2', title: 'Tình hình kinh tế - xã hội', documentIds: [], items: [{ id: '2.4', title: 'Biểu quyết thông qua Nghị quyết', documentIds: [], items: [] }] },
        { id: '5', title: 'Phiên họp kín: công tác nhân sự', documentIds: [], items: [] },
      ],
    };
    const m = buildMinutes({ meeting, state: { ...STATE, config: { ...STATE.config, totalDelegates: 30 } }, voting, audit: [], generatedAt: min(90) });
    const byId = new Map(m.items.map((i) => [i.id, i]));
    expect(byId.get('2.4')?.polls.map((p) => p.pollId)).toEqual(['nq-ktxh-2027']);
    expect(byId.get('2.4')?.pollNotes).toEqual(['Biểu quyết “Thông qua Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội năm 2027” chưa công bố kết quả.']);
    expect(byId.get('5')?.polls.map((p) => p.pollId)).toEqual(['bau-uv-ubnd', 'tin-nhiem-2026']);
    expect(byId.get('5')?.polls.every((p) => p.record.names === undefined)).toBe(true);
    const text = flatXml(strFromU8(unzipSync(await minutesDocx(m))['word/document.xml'] ?? new Uint8Array()));
    for (const line of byId.get('5')?.polls.flatMap((p) => [...p.record.wording, ...p.record.verdicts]) ?? []) expect(text, line).toContain(line.normalize('NFC'));
    expect(text).toContain('Trúng cử');
    expect(text).toContain('Tín nhiệm thấp');
    expect(resultsCsv(m)).toContain('bau-uv-ubnd');
  });
});
