// The delegate's ballot view-model (renderer/live/voting): the draft is the device's own and survives every live
// update; progress keeps the newest version; eligibility is the list frozen at open; a poll that closes while
// the delegate chooses says so and keeps the choice, unsent; a cast made offline is sent only while the poll
// is open; and the hall screen shows the open poll, then the result until the session moves on.
import { describe, expect, it } from 'vitest';
import type { AgendaNode } from '../../../common/pack/format.ts';
import type { Result } from '../../../common/result.ts';
import type { PollDefinition } from '../../../common/voting/choices.ts';
import { DEFAULT_VOTING_SETTINGS, type Poll, type PollProgress, type PollResult, type VotingState } from '../../../common/voting/state.ts';
import { tallyOpen } from '../../../common/voting/tally.ts';
import { ballotEn, ballotText, ballotVi } from '../../../renderer/i18n/voting.ts';
import { BALLOT_DROPPED, sendBallot, type BallotCommandInput } from '../../../renderer/live/outbox.ts';
import {
  backToChoosing,
  ballotView,
  choiceOf,
  documentsFor,
  keepNewest,
  newMemory,
  pickOpen,
  pollClock,
  setLevel,
  toConfirm,
  toggleCandidate,
  type BallotInput,
  type BallotMemory,
} from '../../../renderer/live/voting/ballotModel.ts';
import { BallotStore, MAX_BALLOT_MEMORIES, type BallotStorage } from '../../../renderer/live/voting/ballotStore.ts';
import { choiceLines } from '../../../renderer/live/voting/choiceText.ts';
import { hallPollOf, hallProgress, namesShown } from '../../../renderer/live/voting/hallModel.ts';

const ME = 'd05';
const OPENED = 1_000_000;

const OPEN_DEF: PollDefinition = { kind: 'open', question: 'Thông qua Nghị quyết về dự toán ngân sách năm 2027?', itemId: '3.3', rule: { kind: 'more-than-half' }, secret: false };
const ELECTION_DEF: PollDefinition = {
  kind: 'election',
  question: 'Bầu bổ sung Ủy viên UBND',
  itemId: '5',
  rule: { kind: 'more-than-half' },
  seats: 2,
  secret: true,
  candidates: [
    { id: 'c1', name: 'Nguyễn Văn An' },
    { id: 'c2', name: 'Trần Thị Bình' },
    { id: 'c3', name: 'Lò Văn Cường' },
  ],
};
const CONFIDENCE_DEF: PollDefinition = {
  kind: 'confidence',
  question: 'Lấy phiếu tín nhiệm',
  itemId: '5',
  secret: true,
  persons: [
    { id: 'p1', name: 'Giàng A Dình' },
    { id: 'p2', name: 'Vàng Thị Eo' },
  ],
};

function poll(over: Partial<Poll> = {}, definition: PollDefinition = OPEN_DEF): Poll {
  return {
    id: 'poll-1',
    definition,
    mode: 'electronic',
    status: 'open',
    createdAt: OPENED - 1000,
    counters: [],
    counterKeys: {},
    frozen: {
      openedAt: OPENED,
      base: 30,
      eligible: ['d01', 'd02', ME, 'd07'],
      present: 29,
      quorum: { numerator: 2, denominator: 3 },
      labels: 'tan-thanh',
      changeUntilClose: false,
      closesAt: OPENED + 90_000,
    },
    ...over,
  };
}

function voting(polls: readonly Poll[], progress: Record<string, PollProgress> = {}, results: Record<string, PollResult> = {}): VotingState {
  return { polls, progress, results, settings: DEFAULT_VOTING_SETTINGS };
}

function input(v: VotingState, memories: Record<string, BallotMemory> = {}, over: Partial<BallotInput> = {}): BallotInput {
  return { voting: v, me: ME, role: 'delegate', online: true, memories, hasReceipt: () => false, ...over };
}

const cast = (m: BallotMemory, state: 'sending' | 'waiting' | 'sent'): BallotMemory => ({
  ...m,
  cast: { command: { id: 'cmd-1', type: 'castBallot', pollId: m.pollId, choice: 'yes' }, choice: 'yes', at: 5, state },
});

describe('the draft is local and survives live updates (OpenSlides #5754)', () => {
  it('a half-made choice stays through another delegate voting (progress versions 1, 2, 3)', () => {
    const p = poll();
    const memory = pickOpen(newMemory(p, 1), 'no', 2);
    let shown = ballotView(input(voting([p]), { [p.id]: memory }));
    for (const [version, voted] of [
      [1, ['d01']],
      [2, ['d01', 'd02']],
      [3, ['d01', 'd02', 'd07']],
    ] as const) {
      shown = ballotView(input(voting([p], { [p.id]: { version, cast: voted.length, voted } }), { [p.id]: memory }));
      expect(shown.kind).toBe('ballot');
      if (shown.kind !== 'ballot') return;
      expect(shown.phase).toBe('confirming');
      expect(shown.draft).toEqual({ kind: 'open', choice: 'no' });
      expect(shown.server).toBe('no');
    }
    // The poll object itself replaced by the server (same id, a new countdown) changes nothing either.
    const replaced = poll({ frozen: { ...p.frozen!, closesAt: OPENED + 120_000 } });
    const again = ballotView(input(voting([replaced]), { [p.id]: memory }));
    expect(again.kind === 'ballot' && again.draft).toEqual({ kind: 'open', choice: 'no' });
  });

  it('the store keeps drafts per poll across subscribers and reloads; a secret draft never reaches the disk', () => {
    let disk: readonly BallotMemory[] = [];
    const storage: BallotStorage = { load: () => disk, save: (m) => (disk = m) };
    const store = new BallotStore(storage);
    let calls = 0;
    store.subscribe(() => calls++);
    const open = poll();
    const secret = poll({ id: 'poll-2' }, ELECTION_DEF);
    store.update(open.id, (m) => pickOpen(m ?? newMemory(open, 1), 'yes', 2));
    store.update(secret.id, (m) => toggleCandidate(m ?? newMemory(secret, 3), 2, 'c2', 4));
    expect(calls).toBe(2);
    expect(disk.map((m) => m.pollId)).toEqual([open.id]);
    const reloaded = new BallotStore(storage);
    expect(reloaded.get(open.id)?.draft).toEqual({ kind: 'open', choice: 'yes' });
    expect(reloaded.get(secret.id)).toBeUndefined();
    // Returning the same memory is no change (no render, no write).
    const before = calls;
    store.update(open.id, (m) => m);
    expect(calls).toBe(before);
  });

  it('a cast that was on its way when the page went away comes back as waiting, with the same command id', () => {
    const p = poll();
    const disk: readonly unknown[] = [cast(newMemory(p, 1), 'sending'), { pollId: 'junk' }, null];
    const store = new BallotStore({ load: () => disk, save: () => undefined });
    expect(store.get(p.id)?.cast).toMatchObject({ state: 'waiting', command: { id: 'cmd-1' } });
    expect(Object.keys(store.getSnapshot())).toEqual([p.id]);
  });

  it('keeps at most MAX_BALLOT_MEMORIES polls, the newest', () => {
    const store = new BallotStore();
    for (let i = 0; i < MAX_BALLOT_MEMORIES + 5; i++) store.update(`p${i}`, () => ({ ...newMemory(poll({ id: `p${i}` }), i), touchedAt: i }));
    const ids = Object.keys(store.getSnapshot());
    expect(ids).toHaveLength(MAX_BALLOT_MEMORIES);
    expect(ids).not.toContain('p0');
    expect(ids).toContain(`p${MAX_BALLOT_MEMORIES + 4}`);
  });
});

describe('progress keeps the newest version (openslides-autoupdate-service #389)', () => {
  it('a lower version after a higher one is ignored; a new poll is added', () => {
    const v5 = { version: 5, cast: 12 };
    let kept = keepNewest({}, { a: v5 });
    expect(kept['a']).toEqual(v5);
    const same = keepNewest(kept, { a: { version: 3, cast: 9 } });
    expect(same).toBe(kept);
    kept = keepNewest(kept, { a: { version: 6, cast: 13 }, b: { version: 1, cast: 1 } });
    expect(kept['a']?.cast).toBe(13);
    expect(kept['b']?.cast).toBe(1);
    expect(keepNewest(kept, { a: { version: 6, cast: 2 } })['a']?.cast).toBe(13);
  });
});

describe('who gets a ballot', () => {
  it('eligible: the list frozen at open; absent at open: a notice, not a ballot', () => {
    expect(ballotView(input(voting([poll()]))).kind).toBe('ballot');
    const absent = ballotView(input(voting([poll()]), {}, { me: 'd09' }));
    expect(absent.kind).toBe('not-eligible');
    // Secretary and hall screen: nothing at all.
    expect(ballotView(input(voting([poll()]), {}, { me: 'sec', role: 'secretary' })).kind).toBe('none');
    expect(ballotView(input(voting([poll()]), {}, { me: 'hall', role: 'observer' })).kind).toBe('none');
  });

  it('no open poll, a draft poll, a paper poll: no ballot', () => {
    expect(ballotView(input(voting([]))).kind).toBe('none');
    expect(ballotView(input(voting([poll({ status: 'draft' })]))).kind).toBe('none');
    expect(ballotView(input(voting([poll({ mode: 'paper' })]))).kind).toBe('none');
  });
});

describe('the steps', () => {
  it('open: pick → confirm → back keeps the choice; sent → voted', () => {
    const p = poll();
    const picked = pickOpen(newMemory(p, 1), 'abstain', 2);
    expect(picked.step).toBe('confirming');
    const back = backToChoosing(picked, 3);
    expect(back.step).toBe('choosing');
    expect(choiceOf(p.definition, back.draft)).toBe('abstain');
    const sent = cast(picked, 'sent');
    const shown = ballotView(input(voting([p]), { [p.id]: sent }));
    expect(shown.kind === 'ballot' && [shown.phase, shown.server]).toEqual(['voted', 'yes']);
  });

  it('election: at most K marks, the count follows, the choice in the candidates order', () => {
    const p = poll({}, ELECTION_DEF);
    let m = newMemory(p, 1);
    m = toggleCandidate(m, 2, 'c3', 2);
    m = toggleCandidate(m, 2, 'c1', 3);
    const full = toggleCandidate(m, 2, 'c2', 4);
    expect(full).toBe(m);
    expect(choiceOf(p.definition, m.draft)).toEqual(['c1', 'c3']);
    m = toggleCandidate(m, 2, 'c3', 5);
    expect(choiceOf(p.definition, m.draft)).toEqual(['c1']);
    // Marking nobody is a valid ballot (không đồng ý with everyone).
    expect(choiceOf(p.definition, newMemory(p, 1).draft)).toEqual([]);
    expect(toConfirm(newMemory(p, 1), p.definition, 6).step).toBe('confirming');
  });

  it('confidence: every person needs a level before the confirmation', () => {
    const p = poll({}, CONFIDENCE_DEF);
    let m = setLevel(newMemory(p, 1), 'p1', 'low', 2);
    expect(choiceOf(p.definition, m.draft)).toBeUndefined();
    expect(toConfirm(m, p.definition, 3)).toBe(m);
    m = setLevel(m, 'p2', 'high', 4);
    expect(choiceOf(p.definition, m.draft)).toEqual({ p1: 'low', p2: 'high' });
    expect(toConfirm(m, p.definition, 5).step).toBe('confirming');
  });
});

describe('the poll closes, the connection drops', () => {
  it('closed while choosing: "Biểu quyết đã kết thúc" with the choice kept and not sent', () => {
    const open = poll();
    const memory = pickOpen(newMemory(open, 1), 'yes', 2);
    const closed = poll({ status: 'counted', closedAt: OPENED + 30_000, closedBy: 'chair' });
    const shown = ballotView(input(voting([closed]), { [open.id]: memory }));
    expect(shown.kind === 'ballot' && shown.phase).toBe('closed');
    expect(shown.kind === 'ballot' && choiceOf(open.definition, shown.draft)).toBe('yes');
    // Dismissed: gone.
    expect(ballotView(input(voting([closed]), { [open.id]: { ...memory, dismissed: true } })).kind).toBe('none');
    // A poll that closed before this device ever showed it: nothing.
    expect(ballotView(input(voting([closed]))).kind).toBe('none');
  });

  it('a cast waiting offline whose poll closed is dropped; one that reached the server is voted', () => {
    const closed = poll({ status: 'counted' });
    const waiting = cast(newMemory(closed, 1), 'waiting');
    const dropped = ballotView(input(voting([closed]), { [closed.id]: waiting }));
    expect(dropped.kind === 'ballot' && dropped.phase).toBe('dropped');
    // The first POST did commit (its answer was lost): the who-voted list says so.
    const open = poll();
    const has = ballotView(input(voting([open], { [open.id]: { version: 4, cast: 3, voted: ['d01', ME, 'd07'] } }), { [open.id]: waiting }));
    expect(has.kind === 'ballot' && [has.phase, has.server]).toEqual(['voted', 'yes']);
  });

  it('offline the server side is unknown; after reconnecting an open poll says yes or no from the who-voted list', () => {
    const p = poll();
    const memory = pickOpen(newMemory(p, 1), 'no', 2);
    const offline = ballotView(input(voting([p]), { [p.id]: memory }, { online: false }));
    expect(offline.kind === 'ballot' && [offline.server, offline.online, offline.phase]).toEqual(['unknown', false, 'confirming']);
    const back = ballotView(input(voting([p], { [p.id]: { version: 2, cast: 1, voted: ['d01'] } }), { [p.id]: memory }));
    expect(back.kind === 'ballot' && back.server).toBe('no');
    // A secret poll has no who-voted list on the devices: only the receipt tells.
    const s = poll({ id: 'poll-s' }, ELECTION_DEF);
    const sm = newMemory(s, 1);
    const secretShown = ballotView(input(voting([s], { [s.id]: { version: 2, cast: 1 } }), { [s.id]: sm }));
    expect(secretShown.kind === 'ballot' && secretShown.server).toBe('unknown');
    const receipt = ballotView(input(voting([s]), { [s.id]: sm }, { hasReceipt: (id) => id === s.id }));
    expect(receipt.kind === 'ballot' && [receipt.phase, receipt.server]).toEqual(['voted', 'yes']);
  });
});

describe('sendBallot: a ballot waits only while its poll is open', () => {
  const command: BallotCommandInput = { id: 'c-1', type: 'castBallot', pollId: 'poll-1', choice: 'yes' };
  const answering = (r: Result<unknown>) => {
    const sent: string[] = [];
    return { sent, send: (c: BallotCommandInput) => (sent.push(c.id), Promise.resolve(r)) };
  };

  it('closed as far as the device knows: dropped, never sent', async () => {
    const s = answering({ ok: true, value: { seq: 1 } });
    expect(await sendBallot(command, s.send, () => false)).toEqual({ status: 'dropped', error: BALLOT_DROPPED });
    expect(s.sent).toEqual([]);
  });

  it('sorts the answers: sent, waiting (network), dropped (closed meanwhile), failed; ALREADY_VOTED is sent', async () => {
    expect(await sendBallot(command, answering({ ok: true, value: { seq: 7 } }).send, () => true)).toEqual({ status: 'sent', value: { seq: 7 } });
    expect((await sendBallot(command, answering({ ok: false, error: { code: 'NETWORK', message: 'x' } }).send, () => true)).status).toBe('waiting');
    expect((await sendBallot(command, answering({ ok: false, error: { code: 'POLL_CLOSED', message: 'x' } }).send, () => true)).status).toBe('dropped');
    expect((await sendBallot(command, answering({ ok: false, error: { code: 'NOT_ELIGIBLE', message: 'x' } }).send, () => true)).status).toBe('failed');
    expect((await sendBallot(command, answering({ ok: false, error: { code: 'ALREADY_VOTED', message: 'x' } }).send, () => true)).status).toBe('sent');
  });
});

describe('countdown and texts', () => {
  it('the time left in server time, never negative, none once closed or without a countdown', () => {
    const p = poll();
    expect(pollClock(p, OPENED + 5_500)?.text).toBe('01:25');
    expect(pollClock(p, OPENED + 200_000)?.remainingSec).toBe(0);
    expect(pollClock(p, OPENED + 70_000)?.warning).toBe(true);
    expect(pollClock(poll({ status: 'closed' }), OPENED)).toBeUndefined();
    const { closesAt: _none, ...frozen } = p.frozen!;
    expect(pollClock(poll({ frozen }), OPENED)).toBeUndefined();
  });

  it('the choice in words, with the meeting\'s label set', () => {
    expect(choiceLines('vi', OPEN_DEF, DEFAULT_VOTING_SETTINGS, 'yes')).toEqual(['Tán thành']);
    expect(choiceLines('vi', OPEN_DEF, { labels: 'dong-y', changeUntilClose: false }, 'abstain')).toEqual(['Phiếu trắng']);
    expect(choiceLines('vi', ELECTION_DEF, DEFAULT_VOTING_SETTINGS, ['c2'])).toEqual(['Trần Thị Bình: Đồng ý']);
    expect(choiceLines('vi', ELECTION_DEF, DEFAULT_VOTING_SETTINGS, [])).toEqual(['Không đồng ý với người nào']);
    expect(choiceLines('vi', CONFIDENCE_DEF, DEFAULT_VOTING_SETTINGS, { p1: 'high', p2: 'low' })).toEqual(['Giàng A Dình: Tín nhiệm cao', 'Vàng Thị Eo: Tín nhiệm thấp']);
  });

  it('the catalogue: same keys in both languages, Vietnamese with its diacritics, numbers formatted', () => {
    expect(Object.keys(ballotEn).sort()).toEqual(Object.keys(ballotVi).sort());
    expect(ballotText('vi', 'ballot.voted')).toBe('Bạn đã biểu quyết');
    expect(ballotText('vi', 'hall.poll.progress', { cast: 1234, base: 2000 })).toBe('1.234 / 2.000 đã biểu quyết');
    expect(ballotText('vi', 'ballot.notEligible')).toBe('Bạn không có trong danh sách biểu quyết lần này');
  });
});

describe('the hall screen', () => {
  const counted = (over: Partial<Poll> = {}) => poll({ status: 'announced', closedAt: OPENED + 60_000, countedAt: OPENED + 60_000, announcedAt: OPENED + 70_000, ...over });

  it('the open poll first; then the latest result until the chair moves on (another item, or the floor after it)', () => {
    const older = counted({ id: 'old', createdAt: 1, announcedAt: OPENED - 5 });
    const open = poll({ id: 'now' });
    expect(hallPollOf(voting([older, open]), { floor: null, currentItemId: '9' })?.id).toBe('now');
    const done = counted();
    expect(hallPollOf(voting([older, done]), { floor: null, currentItemId: '3.3' })?.id).toBe('poll-1');
    expect(hallPollOf(voting([done]), { floor: null, currentItemId: null })?.id).toBe('poll-1');
    expect(hallPollOf(voting([done]), { floor: null, currentItemId: '4' })).toBeUndefined();
    const floor = { delegateId: 'd02', type: 'phat-bieu' as const, startedAt: OPENED + 80_000, durationSec: 300 };
    expect(hallPollOf(voting([done]), { floor, currentItemId: '3.3' })).toBeUndefined();
    expect(hallPollOf(voting([done]), { floor: { ...floor, startedAt: OPENED }, currentItemId: '3.3' })?.id).toBe('poll-1');
    expect(hallPollOf(voting([poll({ status: 'cancelled' })]), { floor: null, currentItemId: null })).toBeUndefined();
  });

  it('progress is the count of N only; names only when the chair chose to show them', () => {
    expect(hallProgress(poll(), { version: 3, cast: 12, voted: ['x'] })).toEqual({ cast: 12, base: 30, fraction: 0.4 });
    const tally = tallyOpen({ n: 30, rule: { kind: 'more-than-half' }, counts: { yes: 2, no: 1, abstain: 0 } });
    if (!tally.ok) throw new Error('tally');
    const result: PollResult = { pollId: 'poll-1', tally: { kind: 'open', result: tally.value }, names: { yes: ['d01', ME], no: ['d07'], abstain: [] }, countedAt: 1 };
    const delegates = [
      { id: 'd01', name: 'Lò Văn Thắng', position: '', unit: '', group: '', role: 'chair' as const },
      { id: ME, name: 'Sùng A Páo', position: '', unit: '', group: '', role: 'delegate' as const },
    ];
    expect(namesShown(counted(), result, delegates)).toBeUndefined();
    expect(namesShown(counted({ showNames: true }), result, delegates)).toEqual([
      { choice: 'yes', names: ['Lò Văn Thắng', 'Sùng A Páo'] },
      { choice: 'no', names: ['d07'] },
      { choice: 'abstain', names: [] },
    ]);
  });
});

describe('what the poll concerns', () => {
  const node = (id: string, documentIds: string[], items: AgendaNode[] = []): AgendaNode => ({ id, title: id, documentIds, items });
  const agenda = [node('1', ['chuong-trinh']), node('3', [], [node('3.1', ['to-trinh-ngan-sach']), node('3.2', ['to-trinh-dau-tu', 'du-thao']), node('3.3', [])]), node('5', ['mien-nhiem'])];
  it("the item's own documents; a voting item without any: its parent's, in agenda order", () => {
    expect(documentsFor(agenda, '5')).toEqual(['mien-nhiem']);
    expect(documentsFor(agenda, '3.3')).toEqual(['to-trinh-ngan-sach', 'to-trinh-dau-tu', 'du-thao']);
    expect(documentsFor(agenda, '3')).toEqual(['to-trinh-ngan-sach', 'to-trinh-dau-tu', 'du-thao']);
    expect(documentsFor(agenda, '9')).toEqual([]);
  });
});

describe('secret ballots on the device (over H2 client)', () => {
  it('offline, or without credentials on a network failure, the sealed cast waits; a final refusal is shown', async () => {
    const { SecretBallots } = await import('../../../renderer/live/voting/secretBallots.ts');
    const { memoryRecords } = await import('../../../common/voting/secretClient.ts');
    const p = poll({ id: 'poll-s' }, ELECTION_DEF);
    const store = new BallotStore();
    store.update(p.id, () => newMemory(p, 1));
    const offline = new SecretBallots('m1', ME, () => Promise.resolve({ ok: false, error: { code: 'NETWORK', message: 'offline' } }), memoryRecords());
    await offline.cast(p, ['c1'], store, false);
    expect(store.get(p.id)?.cast?.state).toBe('waiting');
    await offline.cast(p, ['c1'], store, true);
    expect(store.get(p.id)?.cast?.state).toBe('waiting');
    const revoked = new SecretBallots('m1', ME, () => Promise.resolve({ ok: false, error: { code: 'REVOKED', message: 'revoked' } }), memoryRecords());
    await revoked.cast(p, ['c1'], store, true);
    expect(store.get(p.id)?.cast).toMatchObject({ state: 'failed', error: { code: 'REVOKED' } });
    expect(revoked.hasReceipt(p.id)).toBe(false);
    expect(revoked.receipt(p.id)).toBeUndefined();
  });
});
