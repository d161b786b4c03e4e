import { describe, expect, it } from 'vitest';
import { CreatePoll } from '../../../common/voting/commands.ts';
import type { Poll } from '../../../common/voting/state.ts';
import { ID_PATTERN } from '../../../common/pack/format.ts';
import {
  emptyForm,
  formForRevote,
  formFromItem,
  formProblems,
  newPollId,
  parsePeople,
  toCreatePoll,
  toggleCounter,
  withKind,
  type PollForm,
} from '../../../renderer/live/chairVoting/pollForm.ts';

const ITEM = { id: '2.4', title: 'Biểu quyết thông qua Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội năm 2027' };

/** What the server parses: the built command plus a command id must pass the real schema. */
const parses = (form: PollForm) => {
  const built = toCreatePoll(form, 'p-test');
  if (!built.ok) throw new Error(built.problems.join());
  return CreatePoll.parse({ ...built.command, id: 'c-1' });
};

describe('the poll form', () => {
  it('is prefilled from the current agenda item: its title is the question, an open vote by more than half of N', () => {
    const f = formFromItem(ITEM);
    expect(f.question).toBe(ITEM.title);
    expect(f.itemId).toBe('2.4');
    const cmd = parses(f);
    expect(cmd.definition).toMatchObject({ kind: 'open', question: ITEM.title, itemId: '2.4', rule: { kind: 'more-than-half' }, secret: false });
    expect(cmd.mode).toBe('electronic');
    expect(cmd.counters).toEqual([]);
    expect('countdownSec' in cmd.definition).toBe(false);
  });

  it('refuses an empty question and a fraction that cannot be used, naming the field', () => {
    expect(formProblems({ ...formFromItem(ITEM), question: '   ' })).toEqual(['question']);
    const fr = { ...formFromItem(ITEM), rule: 'fraction' as const };
    expect(formProblems({ ...fr, fraction: { numerator: '5', denominator: '4', strict: false, of: 'total' } })).toEqual(['fraction']);
    expect(formProblems({ ...fr, fraction: { numerator: '1', denominator: '1', strict: true, of: 'total' } })).toEqual(['fraction']);
    expect(formProblems({ ...fr, fraction: { numerator: 'x', denominator: '4', strict: false, of: 'total' } })).toEqual(['fraction']);
    const ok = parses({ ...fr, fraction: { numerator: '3', denominator: '5', strict: true, of: 'collected' } });
    expect(ok.definition).toMatchObject({ rule: { kind: 'fraction', numerator: 3, denominator: 5, strict: true, of: 'collected' } });
  });

  it('carries the rule, countdown and own base N', () => {
    const cmd = parses({ ...formFromItem(ITEM), rule: 'two-thirds', countdownSec: 120, base: '29' });
    expect(cmd.definition).toMatchObject({ rule: { kind: 'two-thirds' }, countdownSec: 120, base: 29 });
    expect(formProblems({ ...formFromItem(ITEM), base: '0' })).toEqual(['base']);
    expect(formProblems({ ...formFromItem(ITEM), base: '2.5' })).toEqual(['base']);
  });

  it('asks for a Ban kiểm phiếu: 1–3 for a secret electronic poll, 2–3 for paper, none otherwise', () => {
    const secret = { ...formFromItem(ITEM), secret: true };
    expect(formProblems(secret)).toEqual(['countersFew']);
    expect(parses({ ...secret, counters: ['d03'] }).counters).toEqual(['d03']);
    const paper = { ...formFromItem(ITEM), mode: 'paper' as const, counters: ['d03'] };
    expect(formProblems(paper)).toEqual(['countersFew']);
    expect(parses({ ...paper, counters: ['d03', 'd04'] })).toMatchObject({ mode: 'paper', counters: ['d03', 'd04'] });
    expect(formProblems({ ...secret, counters: ['a', 'b', 'c', 'd'] })).toEqual(['countersMany']);
    // An open by-name electronic poll sends no counters even if some were ticked before switching.
    expect(parses({ ...formFromItem(ITEM), counters: ['d03'] }).counters).toEqual([]);
  });

  it('builds an election: candidates one per line, K seats, always secret', () => {
    const f = { ...withKind(formFromItem(ITEM), 'election'), people: 'Giàng Thị Mai, Phó Chủ tịch HĐND huyện\n\nVàng A Chư\n', seats: '1', counters: ['d03', 'd04'] };
    expect(f.secret).toBe(true);
    const cmd = parses(f);
    expect(cmd.definition).toMatchObject({
      kind: 'election',
      seats: 1,
      secret: true,
      candidates: [
        { id: 'p1', name: 'Giàng Thị Mai', position: 'Phó Chủ tịch HĐND huyện' },
        { id: 'p2', name: 'Vàng A Chư' },
      ],
    });
    expect(formProblems({ ...f, seats: '3' })).toEqual(['seats']);
    expect(formProblems({ ...f, people: '' })).toEqual(['people']);
  });

  it('builds a vote of confidence with its persons', () => {
    const f = { ...withKind(formFromItem(ITEM), 'confidence'), people: 'Tòng Văn Minh, Phó Chủ tịch UBND huyện', counters: ['d03'] };
    expect(parses(f).definition).toMatchObject({ kind: 'confidence', secret: true, persons: [{ id: 'p1', name: 'Tòng Văn Minh' }] });
  });

  it('keeps a comma in the position (only the first comma splits)', () => {
    expect(parsePeople('Lò Văn Piếng, Trưởng phòng, Phòng Tài chính - Kế hoạch')).toEqual([{ id: 'p1', name: 'Lò Văn Piếng', position: 'Trưởng phòng, Phòng Tài chính - Kế hoạch' }]);
  });

  it('prefills a re-vote from the old poll and links it', () => {
    const old: Poll = {
      id: 'p-old',
      definition: { kind: 'election', question: 'Bầu Phó Chủ tịch', itemId: '5', rule: { kind: 'more-than-half' }, candidates: [{ id: 'c1', name: 'A', position: 'X' }, { id: 'c2', name: 'B' }], seats: 1, secret: true, countdownSec: 60 },
      mode: 'electronic',
      status: 'announced',
      createdAt: 1,
      counters: ['d03', 'd04'],
      counterKeys: {},
    };
    const f = formForRevote(old);
    expect(f).toMatchObject({ kind: 'election', question: 'Bầu Phó Chủ tịch', itemId: '5', people: 'A, X\nB', seats: '1', countdownSec: 60, counters: ['d03', 'd04'], revoteOf: 'p-old' });
    const cmd = parses(f);
    expect(cmd.revoteOf).toBe('p-old');
  });

  it('keeps the order in which counters are picked (the order of the layers)', () => {
    expect(toggleCounter(toggleCounter(toggleCounter([], 'd07'), 'd03'), 'd07')).toEqual(['d03']);
    expect(toggleCounter(['d07'], 'd03')).toEqual(['d07', 'd03']);
  });

  it('makes poll ids within the pack id pattern, each new', () => {
    const a = newPollId();
    expect(a).toMatch(ID_PATTERN);
    expect(newPollId()).not.toBe(a);
    expect(emptyForm('1', 'x'.repeat(900)).question).toHaveLength(500);
  });
});
