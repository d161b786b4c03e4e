// meeting.json `voting` and prepared `polls` (issue 7): accepted with defaults, every problem reported with its
// line (unknown agenda item, unknown or observer counter, a Ban kiểm phiếu of the wrong size, a poll id used
// twice), and a folder without them publishing exactly the manifest section it did before (none).
import { afterEach, describe, expect, it } from 'vitest';
import { CouncilError } from '../../../common/result.ts';
import { EMPTY_MEETING_VOTING, meetingVotingOf, packVotingOf, preparedPollsFor, createPollFromPrepared, isPreparedCreated, settingsToApply } from '../../../common/voting/prepared.ts';
import { validateMeetingFolder } from '../../../main/services/publish/validate.ts';
import { makeMeeting, MEETING, type TempMeeting } from './fixtures.ts';
import { BAD_POLLS, GOOD_POLLS, GOOD_VOTING } from './votingFixtures.ts';

let meeting: TempMeeting | undefined;
afterEach(async () => {
  await meeting?.cleanup();
  meeting = undefined;
});

async function problemsOf(dir: string): Promise<string[]> {
  try {
    await validateMeetingFolder(dir);
  } catch (e) {
    if (e instanceof CouncilError && e.code === 'MEETING_INVALID') return [...(e.details ?? [])];
    throw e;
  }
  throw new Error('expected MEETING_INVALID');
}

async function withMeetingJson(extra: Record<string, unknown>): Promise<string> {
  meeting = await makeMeeting();
  await meeting.write('meeting.json', JSON.stringify({ ...MEETING, ...extra }, null, 2));
  return meeting.dir;
}

describe('meeting.json voting and prepared polls', () => {
  it('accepts settings and polls, filling the defaults', async () => {
    const v = await validateMeetingFolder(await withMeetingJson({ voting: GOOD_VOTING, polls: GOOD_POLLS }));
    const voting = packVotingOf(v.spec);
    expect(voting?.settings).toEqual({ labels: 'dong-y', changeUntilClose: true });
    expect(voting?.polls.map((p) => [p.id, p.definition.kind, p.definition.itemId, p.mode, p.counters])).toEqual([
      ['nq-ktxh', 'open', '2.1', 'electronic', []],
      ['bau-uv', 'election', '2.2', 'electronic', ['d02', 'd03']],
    ]);
    const open = voting?.polls[0]?.definition;
    expect(open?.kind === 'open' && [open.secret, open.rule]).toEqual([false, { kind: 'more-than-half' }]);
    // What the device reads back from the pack, and what the chair console sends.
    const device = meetingVotingOf(JSON.parse(JSON.stringify({ voting })) as { voting: unknown });
    expect(device).toEqual(voting);
    expect(preparedPollsFor(device, '2.2').map((p) => p.id)).toEqual(['bau-uv']);
    expect(preparedPollsFor(device, null)).toEqual([]);
    const prepared = device.polls[1];
    if (!prepared) throw new Error('no prepared election');
    expect(createPollFromPrepared(prepared)).toEqual({ type: 'createPoll', pollId: 'bau-uv', definition: prepared.definition, mode: 'electronic', counters: ['d02', 'd03'] });
    expect(createPollFromPrepared(prepared, { pollId: 'bau-uv-2', revoteOf: 'bau-uv' })).toMatchObject({ pollId: 'bau-uv-2', revoteOf: 'bau-uv' });
    expect(isPreparedCreated(prepared, [{ id: 'nq-ktxh' }])).toBe(false);
    expect(isPreparedCreated(prepared, [{ id: 'bau-uv' }])).toBe(true);
    // The pack's settings onto the server's (the defaults there until the chair configures).
    expect(settingsToApply(device.settings, EMPTY_MEETING_VOTING.settings)).toEqual({ type: 'configureVoting', labels: 'dong-y', changeUntilClose: true });
    expect(settingsToApply(device.settings, device.settings)).toBeUndefined();
  });

  it('keeps old folders as they were: no voting section, defaults on the device', async () => {
    meeting = await makeMeeting();
    const v = await validateMeetingFolder(meeting.dir);
    expect(packVotingOf(v.spec)).toBeUndefined();
    expect(meetingVotingOf({})).toEqual(EMPTY_MEETING_VOTING);
    expect(meetingVotingOf({ voting: { polls: [{ id: 'x' }] } })).toEqual(EMPTY_MEETING_VOTING);
    expect(EMPTY_MEETING_VOTING).toEqual({ settings: { labels: 'tan-thanh', changeUntilClose: false }, polls: [] });
  });

  it('reports an unknown item, a poll id used twice and every counter problem, each with its line', async () => {
    const problems = await problemsOf(await withMeetingJson({ polls: BAD_POLLS }));
    const json = JSON.stringify({ ...MEETING, polls: BAD_POLLS }, null, 2).split('\n');
    const lineOf = (needle: string, nth = 0): number => json.map((l, i) => (l.includes(needle) ? i + 1 : 0)).filter((n) => n > 0)[nth] ?? 0;
    expect(problems).toEqual([
      `meeting.json:${lineOf('"itemId": "9"')}: polls[0].definition.itemId: không có mục chương trình "9" (các mục: 1, 2, 2.1, 2.2) / no agenda item "9" (items: 1, 2, 2.1, 2.2)`,
      expect.stringMatching(new RegExp(`^meeting\\.json:${lineOf('"id": "p1"', 1)}: polls\\[1\\]\\.id: .*poll id "p1" is already used on line ${lineOf('"id": "p1"')}`)),
      expect.stringMatching(new RegExp(`^meeting\\.json:\\d+: polls\\[2\\]\\.counters\\[1\\]: "d02" có tên hai lần .* / "d02" is listed twice among the counters$`)),
      expect.stringMatching(/^meeting\.json:\d+: polls\[3\]\.counters\[0\]: .*counter "nobody" is not in delegates\.csv$/),
      expect.stringMatching(/^meeting\.json:\d+: polls\[3\]\.counters\[1\]: .*"hall" is an observer \(hall screen\) and cannot be a counter$/),
      expect.stringMatching(/^meeting\.json:\d+: polls\[4\]\.counters: kiểm phiếu giấy cần Ban kiểm phiếu từ 2 đến 3 người .* a paper poll needs 2 to 3 counters \("counters"\), found 1$/),
    ]);
  });

  it('a secret poll without counters, with too many, and a secret election without any are refused', async () => {
    const election = GOOD_POLLS[1] as Record<string, unknown>;
    const noCounters = { ...election, id: 'e2', counters: undefined };
    const problems = await problemsOf(
      await withMeetingJson({
        polls: [
          { id: 's1', definition: { kind: 'open', itemId: '1', question: 'Kín', secret: true } },
          { id: 's2', counters: ['d01', 'd02', 'd03', 'd01'], definition: { kind: 'open', itemId: '1', question: 'Bốn người' } },
          noCounters,
        ],
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/polls\[0\]\.counters: bỏ phiếu kín cần Ban kiểm phiếu từ 1 đến 3 người .*found 0$/),
      expect.stringMatching(/polls\[1\]\.counters: Ban kiểm phiếu \("counters"\) có tối đa 3 người, đang có 4 \/ at most 3 counters \("counters"\), found 4$/),
      expect.stringMatching(/polls\[1\]\.counters\[3\]: "d01" có tên hai lần/),
      expect.stringMatching(/polls\[2\]\.counters: .*a secret poll needs 1 to 3 counters.*found 0$/),
    ]);
  });

  it('reports schema problems in polls and voting in the clerk\'s terms', async () => {
    const problems = await problemsOf(
      await withMeetingJson({
        voting: { labels: 'co-khong', changeUntilClos: true },
        polls: [
          { id: 'a', definition: { kind: 'vote', itemId: '1', question: 'Q' } },
          { id: 'b', definition: { itemId: '1', question: 'Q' } },
          { id: 'c d', definition: { kind: 'open', itemId: '1', question: '' } },
        ],
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^meeting\.json:\d+: voting\.labels: giá trị "co-khong" không hợp lệ, chỉ được dùng: tan-thanh, dong-y/),
      expect.stringMatching(/^meeting\.json:\d+: voting: .*unknown field \(typo\?\): changeUntilClos$/),
      expect.stringMatching(/^meeting\.json:\d+: polls\[0\]\.definition\.kind: giá trị "vote" không hợp lệ, chỉ được dùng: open, election, confidence/),
      expect.stringMatching(/^meeting\.json:\d+: polls\[1\]\.definition\.kind: .*required field is missing$/),
      expect.stringMatching(/^meeting\.json:\d+: polls\[2\]\.id: .*invalid format/),
      expect.stringMatching(/^meeting\.json:\d+: polls\[2\]\.definition\.question: .*must not be empty$/),
    ]);
  });
});
