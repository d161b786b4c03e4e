// Prepared polls and voting settings travel signed and encrypted in the pack and reach the device's MeetingView
// (what the chair console offers as "Biểu quyết đã chuẩn bị"); a folder without them publishes no voting
// section and its view reads the defaults. A real collab-server on port 0, the real publisher and device app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import { EMPTY_MEETING_VOTING, preparedPollsFor } from '../../../common/voting/prepared.ts';
import { AppService } from '../../../main/services/app/AppService.ts';
import { Keystore } from '../../../main/services/app/Keystore.ts';
import { publishMeeting } from '../../../main/services/publish/publish.ts';
import { makeMeeting, MEETING, type TempMeeting } from './fixtures.ts';
import { GOOD_POLLS, GOOD_VOTING } from './votingFixtures.ts';

const ADMIN = 'voting-pack-admin-token-0123456789';
let root: string;
let server: CollabServer;
const meetings: TempMeeting[] = [];

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'council-voting-pack-'));
  server = await startCollabServer({ dataDir: path.join(root, 'server'), host: '127.0.0.1', port: 0, adminToken: ADMIN, log: () => undefined });
});

afterAll(async () => {
  await server?.close();
  for (const m of meetings) await m.cleanup();
  rmSync(root, { recursive: true, force: true });
});

/** Publishes the fixture meeting (with `extra` in meeting.json) and opens it on a device as d02. */
async function viewAs(name: string, extra: Record<string, unknown>) {
  const meeting = await makeMeeting();
  meetings.push(meeting);
  await meeting.write('meeting.json', JSON.stringify({ ...MEETING, ...extra }, null, 2));
  const published = await publishMeeting({ folder: meeting.dir, server: server.url, adminToken: ADMIN, outDir: path.join(root, `${name}-inv`) });
  const dataDir = path.join(root, name);
  const keystore = new Keystore({ dir: dataDir, scrypt: { N: 2 ** 12, r: 8, p: 1 } });
  await keystore.unlock('mật khẩu thử');
  const app = new AppService({ dataDir, protector: () => keystore.protector() });
  const link = published.invitations.find((i) => i.id === 'd02')?.link ?? '';
  const joined = await app.joinMeeting(link);
  if (!joined.ok) throw new Error(joined.error.message);
  const done = await app.startDownload(published.meetingId, () => undefined);
  if (!done.ok) throw new Error(done.error.message);
  const view = await app.getMeeting(published.meetingId);
  if (!view.ok) throw new Error(view.error.message);
  return view.value;
}

describe('prepared polls in the pack', () => {
  it('reach the MeetingView with their defaults filled, per agenda item', async () => {
    const view = await viewAs('with-polls', { voting: GOOD_VOTING, polls: GOOD_POLLS });
    expect(view.voting?.settings).toEqual({ labels: 'dong-y', changeUntilClose: true });
    expect(view.voting?.polls.map((p) => [p.id, p.definition.itemId, p.mode, p.counters])).toEqual([
      ['nq-ktxh', '2.1', 'electronic', []],
      ['bau-uv', '2.2', 'electronic', ['d02', 'd03']],
    ]);
    const election = preparedPollsFor(view.voting ?? EMPTY_MEETING_VOTING, '2.2')[0]?.definition;
    expect(election?.kind === 'election' && election.candidates.map((c) => c.name)).toEqual(['Hoàng Văn Nam', 'Lò Thị Én']);
  });

  it('an older folder without voting/polls: the view reads the defaults', async () => {
    const view = await viewAs('without-polls', {});
    expect(view.voting).toEqual(EMPTY_MEETING_VOTING);
  });
});
