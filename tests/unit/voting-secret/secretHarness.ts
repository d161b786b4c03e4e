// A secret poll on a real collab-server over real HTTP, driven by the device module (common/voting/secretClient.ts)
// with real WebCrypto: members check in, the chair creates the poll with its counters, each counter's device
// makes and registers its key, the chair opens, voters cast, the chair closes, the counters run their stages.
import { getPoll, voterCount } from '../../../collab-server/live/voting/pollStore.ts';
import { ROUTES } from '../../../common/api/routes.ts';
import type { PollDefinitionInput } from '../../../common/voting/choices.ts';
import { memoryRecords, type SecretDeps } from '../../../common/voting/secretClient.ts';
import type { Poll } from '../../../common/voting/state.ts';
import { cast, nextCommandId, seedMeeting, send, startLiveServer, type LiveServer, type TestMember } from '../live/liveHarness.ts';

export interface SecretMeeting {
  readonly live: LiveServer;
  readonly meetingId: string;
  readonly members: readonly TestMember[];
  readonly chair: TestMember;
  readonly auditPublicKey: string;
  /** One device per member (its own records), kept across calls like a real device. */
  deps(delegateId: string): SecretDeps;
  member(delegateId: string): TestMember;
  poll(pollId: string): Poll;
  voters(pollId: string): number;
}

export async function startSecretMeeting(meetingId: string, delegates: number): Promise<SecretMeeting> {
  const live = await startLiveServer();
  const members = seedMeeting(live.server, meetingId, cast(delegates));
  const key = (await (await fetch(live.url() + ROUTES.auditKey)).json()) as { value: { publicKey: string } };
  const devices = new Map<string, SecretDeps>();
  const member = (id: string): TestMember => {
    const m = members.find((x) => x.delegateId === id);
    if (!m) throw new Error(`no member ${id}`);
    return m;
  };
  const m: SecretMeeting = {
    live,
    meetingId,
    members,
    chair: member('chu-toa'),
    auditPublicKey: key.value.publicKey,
    member,
    deps(delegateId) {
      let d = devices.get(delegateId);
      if (!d) {
        const who = member(delegateId);
        d = { fetch: (url, init) => fetch(url, init), server: live.url(), token: who.token, meetingId, delegateId, records: memoryRecords(), auditPublicKey: key.value.publicKey };
        devices.set(delegateId, d);
      }
      return d;
    },
    poll(pollId) {
      const p = getPoll(live.server.db, meetingId, pollId);
      if (!p) throw new Error(`no poll ${pollId}`);
      return p;
    },
    voters: (pollId) => voterCount(live.server.db, meetingId, pollId),
  };
  return m;
}

export const delegateIds = (m: SecretMeeting): string[] => m.members.filter((x) => x.role === 'delegate').map((x) => x.delegateId);

export async function ok(m: SecretMeeting, who: TestMember, command: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await send(m.live.url(), m.meetingId, who.token, { id: nextCommandId(), ...command });
  if (!r.body.ok) throw new Error(`${String(command['type'])}: ${r.body.error.code} ${r.body.error.message}`);
  return r.body.value as unknown as Record<string, unknown>;
}

/** Every voting member checks in (present online): the quorum holds and all are eligible. */
export async function checkInAll(m: SecretMeeting): Promise<void> {
  for (const x of m.members.filter((y) => y.role === 'delegate' || y.role === 'chair')) await ok(m, x, { type: 'checkIn', mode: 'present-online' });
}

export async function createSecretPoll(m: SecretMeeting, pollId: string, definition: PollDefinitionInput, counters: readonly string[]): Promise<Poll> {
  await ok(m, m.chair, { type: 'createPoll', pollId, definition, mode: 'electronic', counters });
  return m.poll(pollId);
}
