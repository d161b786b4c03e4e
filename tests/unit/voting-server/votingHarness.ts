// Helpers of the voting-server tests: a real collab-server (port 0, temp dir) with a seeded meeting whose
// delegates checked in through real commands, and small senders for the voting commands over real HTTP.
import * as Y from 'yjs';
import { appendRoomUpdate } from '../../../collab-server/live/roomStore.ts';
import { ensureSessionShape } from '../../../collab-server/live/stateWriter.ts';
import type { CollabServer } from '../../../collab-server/server.ts';
import type { VotingCommandInput } from '../../../common/voting/commands.ts';
import type { PollDefinitionInput } from '../../../common/voting/choices.ts';
import { readVotingState, type Poll, type VotingState } from '../../../common/voting/state.ts';
import { meetingStateRoom } from '../../../common/live/rooms.ts';
import { cast, connect, nextCommandId, seedMeeting, send, startLiveServer, waitForDoc, waitForSynced, type Client, type CommandAnswer, type ExtraServerOptions, type LiveServer, type TestMember } from '../live/liveHarness.ts';

export const MEETING = 'hdnd-vote';

/** A voting or session command as a test writes it: its id optional (distributed over the union). */
export type TestCommand = VotingCommandInput extends infer C ? (C extends unknown ? Omit<C, 'id'> & { id?: string } : never) : never;

export interface VotingWorld {
  readonly live: LiveServer;
  readonly members: TestMember[];
  readonly chair: TestMember;
  readonly delegates: TestMember[];
  readonly secretary: TestMember;
  readonly observer: TestMember;
  /** Sends a voting (or session) command as the member, with a fresh id unless one is given. */
  cmd(member: TestMember, command: TestCommand): Promise<CommandAnswer>;
}

export async function checkInAll(live: LiveServer, members: readonly TestMember[], concurrency = 16): Promise<void> {
  const queue = [...members];
  const worker = async (): Promise<void> => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      const a = await send(live.url(), MEETING, m.token, { id: nextCommandId(), type: 'checkIn', mode: 'present-online' });
      if (a.status !== 200) throw new Error(`checkIn of ${m.delegateId}: ${JSON.stringify(a.body)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Fixture for large meetings: the attendance of `ids` (present online) written as the state room's first
 * stored update, before the room ever loads — 2,000 real check-ins would each answer with the whole state.
 * Small worlds check in through real commands (checkInAll).
 */
export function seedAttendance(server: CollabServer, ids: readonly string[]): void {
  const doc = new Y.Doc();
  doc.transact(() => {
    const t = ensureSessionShape(doc);
    const at = Date.now();
    for (const id of ids) t.attendance.set(id, { status: 'present-online', at, by: id });
  });
  appendRoomUpdate(server.db, { room: meetingStateRoom(MEETING), meetingId: MEETING, update: Y.encodeStateAsUpdate(doc), at: new Date().toISOString() });
  doc.destroy();
}

/** A meeting with a chair, `n` delegates (the first `present` of them checked in), a secretary and an observer. */
export async function votingWorld(n: number, opts: { present?: number; server?: ExtraServerOptions; fixtureAttendance?: boolean } = {}): Promise<VotingWorld> {
  const live = await startLiveServer(undefined, { http: { maxConnectionsPerAddress: 100_000 }, ...opts.server });
  // One transaction: 2,000 members inserted one by one would be 2,000 fsyncs.
  const members = live.server.db.transaction(() => seedMeeting(live.server, MEETING, cast(n)))();
  const chair = members[0] as TestMember;
  const delegates = members.slice(1, n + 1);
  const secretary = members[n + 1] as TestMember;
  const observer = members[n + 2] as TestMember;
  const present = [chair, ...delegates.slice(0, opts.present ?? n)];
  if (opts.fixtureAttendance) seedAttendance(live.server, present.map((m) => m.delegateId));
  else await checkInAll(live, present);
  return {
    live,
    members,
    chair,
    delegates,
    secretary,
    observer,
    cmd: (member, command) => send(live.url(), MEETING, member.token, { id: nextCommandId(), ...command }),
  };
}

export const openDefinition = (over: Partial<PollDefinitionInput> = {}): PollDefinitionInput =>
  ({ kind: 'open', itemId: '2.1', question: 'Thông qua Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2027', ...over }) as PollDefinitionInput;

/** The answer's value, or a thrown error with the refusal (for steps that must succeed). */
export function okValue(a: CommandAnswer): Record<string, unknown> {
  if (!a.body.ok) throw new Error(`refused ${a.status}: ${a.body.error.code} ${a.body.error.message}`);
  return a.body.value as unknown as Record<string, unknown>;
}

export const errorCode = (a: CommandAnswer): string | undefined => (a.body.ok ? undefined : a.body.error.code);

/** A real y-websocket client on the meeting state room, synced. */
export async function stateClient(live: LiveServer, member: TestMember): Promise<Client> {
  const c = connect(live.url(), meetingStateRoom(MEETING), member.token);
  await waitForSynced(c);
  return c;
}

export const votingOf = (c: Client): VotingState => readVotingState(c.doc);
export const pollIn = (c: Client, pollId: string): Poll | undefined => votingOf(c).polls.find((p) => p.id === pollId);

export function waitForPoll(c: Client, pollId: string, check: (p: Poll, v: VotingState) => boolean, what = `poll ${pollId}`): Promise<void> {
  return waitForDoc(what, c.doc, () => {
    const p = pollIn(c, pollId);
    return p !== undefined && check(p, votingOf(c));
  });
}

export function dbCount(server: CollabServer, table: string, pollId: string): number {
  return (server.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE meeting_id = ? AND poll_id = ?`).get(MEETING, pollId) as { n: number }).n;
}

export interface AuditLine {
  seq: number;
  actor?: { delegateId: string };
  command: Record<string, unknown> & { type: string };
}

export function auditLines(server: CollabServer): AuditLine[] {
  const rows = server.db.prepare(`SELECT seq, entry FROM live_audit WHERE meeting_id = ? ORDER BY seq`).all(MEETING) as { seq: number; entry: string }[];
  return rows.map((r) => ({ seq: r.seq, ...(JSON.parse(r.entry) as Omit<AuditLine, 'seq'>) }));
}
