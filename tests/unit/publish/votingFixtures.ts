// Prepared polls for the publish tests (issue 7): a good set for the small fixture meeting (fixtures.ts MEETING,
// DELEGATES_CSV: d01 chair, d02, d03, tk01 secretary, hall observer; agenda items 1, 2, 2.1, 2.2), and a bad
// set that between them hits every poll check of the validator once.
import type { ProblemParams } from '../../../common/i18n/problems.ts';

export const GOOD_VOTING = { labels: 'dong-y', changeUntilClose: true } as const;

export const GOOD_POLLS = [
  { id: 'nq-ktxh', definition: { kind: 'open', itemId: '2.1', question: 'Thông qua Nghị quyết về kinh tế - xã hội năm 2027', rule: { kind: 'more-than-half' } } },
  {
    id: 'bau-uv',
    counters: ['d02', 'd03'],
    definition: {
      kind: 'election',
      itemId: '2.2',
      question: 'Bầu bổ sung Ủy viên Ủy ban nhân dân huyện',
      seats: 1,
      candidates: [
        { id: 'c1', name: 'Hoàng Văn Nam', position: 'Trưởng phòng Nội vụ' },
        { id: 'c2', name: 'Lò Thị Én', position: 'Phó Trưởng phòng Nội vụ' },
      ],
    },
  },
];

/** One problem of each poll code; none of them is FIELD_INVALID (the catalogue test counts that one as unreachable). */
export const BAD_POLLS = [
  { id: 'p1', definition: { kind: 'open', itemId: '9', question: 'Mục không có' } },
  { id: 'p1', definition: { kind: 'open', itemId: '1', question: 'Trùng mã' } },
  { id: 'p2', counters: ['d02', 'd02'], definition: { kind: 'open', itemId: '1', question: 'Hai lần', secret: true } },
  { id: 'p3', counters: ['nobody', 'hall'], definition: { kind: 'open', itemId: '1', question: 'Không có, quan sát viên', secret: true } },
  { id: 'p4', mode: 'paper', counters: ['d02'], definition: { kind: 'open', itemId: '2', question: 'Giấy, một người' } },
];

export const POLL_PROBLEM_SAMPLES: { readonly [C in 'POLL_ID_TWICE' | 'POLL_ITEM_UNKNOWN' | 'POLL_COUNTER_UNKNOWN' | 'POLL_COUNTER_IS_OBSERVER' | 'POLL_COUNTER_TWICE' | 'POLL_COUNTERS_COUNT']: ProblemParams[C] } = {
  POLL_ID_TWICE: { path: 'polls[1].id', id: 'p1', firstLine: 3 },
  POLL_ITEM_UNKNOWN: { path: 'polls[0].definition.itemId', item: '9', items: ['1', '2', '2.1'] },
  POLL_COUNTER_UNKNOWN: { path: 'polls[0].counters[0]', id: 'nobody' },
  POLL_COUNTER_IS_OBSERVER: { path: 'polls[0].counters[1]', id: 'hall' },
  POLL_COUNTER_TWICE: { path: 'polls[0].counters[1]', id: 'd02' },
  POLL_COUNTERS_COUNT: { path: 'polls[0].counters', count: 1, min: 2, max: 3, mode: 'paper', secret: false },
};
