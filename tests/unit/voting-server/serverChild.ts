// A collab-server in a child process, so a test can SIGKILL it in the middle of a burst of ballots.
// argv: <dataDir> <delegates>. IPC out: {url, members} once listening, with the meeting seeded (members and,
// as a fixture, everyone's attendance).
import { startCollabServer } from '../../../collab-server/server.ts';
import { ADMIN_TOKEN, cast, seedMeeting } from '../live/liveHarness.ts';
import { MEETING, seedAttendance } from './votingHarness.ts';

const [dataDir, delegates] = process.argv.slice(2);
if (!dataDir || !delegates) throw new Error('usage: serverChild.ts <dataDir> <delegates>');
const server = await startCollabServer({ dataDir, host: '127.0.0.1', port: 0, adminToken: ADMIN_TOKEN, log: () => {}, http: { maxConnectionsPerAddress: 100_000 }, live: { commandBurst: 1000, commandRefillPerSec: 1000 } });
const members = server.db.transaction(() => seedMeeting(server, MEETING, cast(Number(delegates))))();
seedAttendance(server, members.filter((m) => m.role === 'chair' || m.role === 'delegate').map((m) => m.delegateId));
process.send?.({ url: server.url, members });
