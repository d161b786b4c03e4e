// Announced polls with results computed by the real tallies (common/voting/tally.ts), on a meeting shaped like
// the demo one: 30 deputies in office (d01 chair … d30), a secretary, a hall screen.
import { OPEN_CHOICES } from '../../../common/voting/choices.ts';
import type { ReportMeeting } from '../../../common/voting/report.ts';
import type { Poll, PollResult, VotingState } from '../../../common/voting/state.ts';
import { DEFAULT_VOTING_SETTINGS } from '../../../common/voting/state.ts';
import { tallyConfidence, tallyElection, tallyOpen } from '../../../common/voting/tally.ts';
import type { Result } from '../../../common/result.ts';

const NAMES = [
  'Lò Văn Thắng', 'Giàng Thị Mai', 'Vàng A Chư', 'Lường Thị Hoa', 'Sùng A Páo', 'Quàng Văn Định', 'Mùa Thị Dế', 'Lò Thị Ưng',
  'Hờ A Sử', 'Điêu Chính Tươi', 'Nguyễn Đức Hưởng', 'Trần Thị Ngọc Ánh', 'Phạm Quốc Việt', 'Lê Thị Hằng', 'Tòng Văn Khởi',
  'Cà Thị Dung', 'Giàng A Dờ', 'Thào Thị Chở', 'Lý Văn Ưởng', 'Bùi Thị Yến', 'Đỗ Mạnh Cường', 'Hoàng Thị Thúy', 'Vũ Văn Quyết',
  'Chảo Láo Tả', 'Pờ Thị Lý', 'Khoàng Văn Ến', 'Mào Văn Phổng', 'Lầu A Chứ', 'Ngô Thị Phượng', 'Đinh Công Sáng',
];

export const MEETING: ReportMeeting = {
  meetingId: 'mtg-demo-1',
  title: 'Kỳ họp thứ Tám, HĐND huyện Nậm Pồ khóa III',
  body: 'Hội đồng nhân dân huyện Nậm Pồ',
  startsAt: '2026-12-05T07:30:00+07:00',
  place: 'Hội trường UBND huyện',
  agenda: [
    { id: '1', title: 'Khai mạc kỳ họp', items: [] },
    { id: '2', title: 'Tình hình kinh tế - xã hội', items: [{ id: '2.4', title: 'Biểu quyết thông qua Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội năm 2027', items: [] }] },
    { id: '5', title: 'Phiên họp kín: công tác nhân sự', items: [] },
  ],
  delegates: [
    ...NAMES.map((name, i) => ({ id: `d${String(i + 1).padStart(2, '0')}`, name, position: i === 0 ? 'Chủ tịch HĐND huyện' : 'Đại biểu HĐND huyện', role: i === 0 ? 'chair' : 'delegate' })),
    { id: 'tk01', name: 'Nguyễn Thị Lan', position: 'Chuyên viên Văn phòng', role: 'secretary' },
    { id: 'hall', name: 'Màn hình hội trường', role: 'observer' },
  ],
};

export const IDS = MEETING.delegates.filter((d) => d.role === 'chair' || d.role === 'delegate').map((d) => d.id);
/** 09:00 on 5 December 2026 in Vietnam. */
export const T0 = Date.parse('2026-12-05T09:00:00+07:00');

const value = <T,>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

function frozen(eligible: readonly string[], openedAt: number) {
  return { openedAt, base: 30, eligible, present: eligible.length, quorum: { numerator: 2, denominator: 3 }, labels: 'tan-thanh' as const, changeUntilClose: false };
}

/** An open by-name vote: d01–d20 yes, d21–d23 no, d24–d25 abstain, d26–d27 present and silent, d28–d30 absent. */
export function openPoll(): { poll: Poll; result: PollResult } {
  const eligible = IDS.slice(0, 27);
  const names = { yes: IDS.slice(0, 20), no: IDS.slice(20, 23), abstain: IDS.slice(23, 25) };
  const result = value(tallyOpen({ n: 30, rule: { kind: 'more-than-half' }, counts: { yes: 20, no: 3, abstain: 2 } }));
  const poll: Poll = {
    id: 'nq-ktxh-2027',
    definition: { kind: 'open', itemId: '2.4', question: 'Thông qua Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội năm 2027', rule: { kind: 'more-than-half' }, secret: false },
    mode: 'electronic',
    status: 'announced',
    createdAt: T0,
    counters: [],
    counterKeys: {},
    frozen: frozen(eligible, T0 + 60_000),
    closedAt: T0 + 180_000,
    closedBy: 'chair',
    countedAt: T0 + 180_000,
    announcedAt: T0 + 240_000,
  };
  return { poll, result: { pollId: poll.id, tally: { kind: 'open', result }, names, countedAt: T0 + 180_000 } };
}

/** A secret election, 2 candidates for 1 seat: 26 ballots issued, 25 collected, 24 valid. */
export function electionPoll(): { poll: Poll; result: PollResult } {
  const candidates = [
    { id: 'c1', name: 'Hoàng Văn Nam', position: 'Trưởng phòng Nội vụ' },
    { id: 'c2', name: 'Lò Thị Én', position: 'Phó Trưởng phòng Nội vụ' },
  ];
  const result = value(tallyElection({ n: 30, seats: 1, candidates, ballots: { issued: 26, collected: 25, valid: 24 }, votes: { c1: 17, c2: 7 } }));
  const poll: Poll = {
    id: 'bau-uv-ubnd',
    definition: { kind: 'election', itemId: '5', question: 'Bầu bổ sung Ủy viên Ủy ban nhân dân huyện nhiệm kỳ 2026 - 2031', rule: { kind: 'more-than-half' }, candidates, seats: 1, secret: true },
    mode: 'electronic',
    status: 'announced',
    createdAt: T0 + 1_000_000,
    counters: ['d03', 'd04'],
    counterKeys: {},
    frozen: frozen(IDS.slice(0, 26), T0 + 1_060_000),
    closedAt: T0 + 1_300_000,
    closedBy: 'countdown',
    countedAt: T0 + 1_400_000,
    announcedAt: T0 + 1_500_000,
  };
  const box = { count: 25, digest: 'a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778', signature: 'sig' };
  return { poll, result: { pollId: poll.id, tally: { kind: 'election', result }, box, trackersDigest: '0f'.repeat(32), countedAt: T0 + 1_400_000 } };
}

/** A vote of confidence on two people, 28 ballots collected. */
export function confidencePoll(): { poll: Poll; result: PollResult } {
  const persons = [
    { id: 'p1', name: 'Quàng Văn Định', position: 'Chủ tịch UBND huyện' },
    { id: 'p2', name: 'Mùa Thị Dế', position: 'Phó Chủ tịch UBND huyện' },
  ];
  const ballots = { issued: 28, collected: 28, valid: 28 };
  const results = [
    value(tallyConfidence({ person: persons[0]!, ballots, levels: { high: 18, medium: 8, low: 2 } }, 30)),
    value(tallyConfidence({ person: persons[1]!, ballots, levels: { high: 4, medium: 9, low: 15 } }, 30)),
  ];
  const poll: Poll = {
    id: 'tin-nhiem-2026',
    definition: { kind: 'confidence', itemId: '5', question: 'Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND bầu', persons, secret: true },
    mode: 'paper',
    status: 'announced',
    createdAt: T0 + 2_000_000,
    counters: ['d03', 'd04', 'd05'],
    counterKeys: {},
    frozen: frozen(IDS.slice(0, 28), T0 + 2_060_000),
    closedAt: T0 + 2_300_000,
    countedAt: T0 + 2_600_000,
    announcedAt: T0 + 2_700_000,
  };
  return { poll, result: { pollId: poll.id, tally: { kind: 'confidence', results }, agreedBy: ['d03', 'd05'], countedAt: T0 + 2_600_000 } };
}

/** A counted (not yet announced) poll and a draft: records must leave them out. */
export function unannounced(): Poll[] {
  const base = openPoll().poll;
  return [
    { ...base, id: 'chua-cong-bo', status: 'counted', createdAt: T0 + 3_000_000, announcedAt: undefined } as Poll,
    { ...base, id: 'nhap', status: 'draft', createdAt: T0 + 3_100_000, frozen: undefined, announcedAt: undefined } as Poll,
  ];
}

export function votingState(): VotingState {
  const all = [openPoll(), electionPoll(), confidencePoll()];
  const counted = unannounced()[0]!;
  return {
    polls: [...all.map((e) => e.poll), ...unannounced()],
    progress: {},
    results: { ...Object.fromEntries(all.map((e) => [e.poll.id, e.result])), [counted.id]: { ...openPoll().result, pollId: counted.id } },
    settings: DEFAULT_VOTING_SETTINGS,
  };
}

export const ALL_CHOICES = OPEN_CHOICES;
