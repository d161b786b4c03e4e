// `council results` end to end: a real collab-server on port 0 with the voting features, the fixture meeting
// published with prepared polls, the chair's vault joined with the real client (council join's code); the
// chair creates the prepared open poll (createPollFromPrepared), three members check in and vote, the chair
// closes and announces; a second poll stays in draft. The CLI, as a child process, reads the meeting from the
// vault and the results from the state room, and writes the biên bản (PDF, parsed back) and the CSV.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import { LIVE_API } from '../../../common/live/index.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { createPollFromPrepared, meetingVotingOf } from '../../../common/voting/prepared.ts';
import { joinMeeting } from '../../../main/services/join/joinMeeting.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';
import { nodeDeviceCore } from '../../../main/services/vault/nodeCore.ts';
import { protectorFor } from '../../../main/services/vault/documents.ts';
import { withSqliteDeviceStore } from '../../../main/services/vault/sqliteDeviceStore.ts';
import { readLiveVoting } from '../../../cli/liveState.ts';
import { makeMeeting, MEETING, type TempMeeting } from '../publish/fixtures.ts';
import { GOOD_POLLS } from '../publish/votingFixtures.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const COUNCIL = path.join(ROOT, 'bin', 'council.mjs');
const ADMIN = 'cli-results-admin-token-0123456789';

let root: string;
let server: CollabServer;
let meeting: TempMeeting;
let published: PublishResult;
const vault = (): string => path.join(root, 'vault-d01');

async function tokenOf(id: string): Promise<string> {
  const link = published.invitations.find((i) => i.id === id)?.link ?? '';
  return (await deriveCredentials(parseInvitationLink(link))).authToken;
}

let commandNo = 0;
async function cmd(id: string, command: Record<string, unknown>): Promise<unknown> {
  const res = await fetch(server.url + LIVE_API.commands(published.meetingId), {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenOf(id)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: `cli-results-${++commandNo}`, ...command }),
  });
  const body = (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
  if (!body.ok) throw new Error(`${String(command['type'])} by ${id}: ${body.error?.code} ${body.error?.message}`);
  return body;
}

async function council(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [COUNCIL, ...args], { cwd: root, env: { ...process.env, COUNCIL_DATA: path.join(root, 'council-data') } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

async function pdfText(file: string): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) parts.push((await (await pdf.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' '));
  await pdf.destroy();
  return parts.join(' ').replace(/\s+/g, ' ');
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'council-cli-results-'));
  server = await startCollabServer({ dataDir: path.join(root, 'server'), host: '127.0.0.1', port: 0, adminToken: ADMIN, log: () => undefined });
  meeting = await makeMeeting();
  await meeting.write('meeting.json', JSON.stringify({ ...MEETING, polls: GOOD_POLLS }, null, 2));
  published = await publishMeeting({ folder: meeting.dir, server: server.url, adminToken: ADMIN, outDir: path.join(root, 'inv') });
  await joinMeeting({ link: published.invitations.find((i) => i.id === 'd01')?.link ?? '', dataDir: vault() });

  // The chair creates the prepared open poll as the console does: from the pack in the vault.
  const prepared = await withSqliteDeviceStore(vault(), false, async (store) => {
    const core = nodeDeviceCore(store, protectorFor(vault(), {}));
    const record = await store.getMeeting(published.meetingId);
    if (!record) throw new Error('not joined');
    return meetingVotingOf((await core.openCurrent(record)).manifest).polls;
  });
  const open = prepared?.find((p) => p.id === 'nq-ktxh');
  if (!open) throw new Error('no prepared poll in the pack');
  for (const id of ['d01', 'd02', 'd03']) await cmd(id, { type: 'checkIn', mode: 'present-online' });
  await cmd('d01', createPollFromPrepared(open));
  await cmd('d01', { type: 'openPoll', pollId: 'nq-ktxh' });
  await cmd('d01', { type: 'castBallot', pollId: 'nq-ktxh', choice: 'yes' });
  await cmd('d02', { type: 'castBallot', pollId: 'nq-ktxh', choice: 'yes' });
  await cmd('d03', { type: 'castBallot', pollId: 'nq-ktxh', choice: 'no' });
  await cmd('d01', { type: 'closePoll', pollId: 'nq-ktxh' });
  await cmd('d01', { type: 'announcePoll', pollId: 'nq-ktxh' });
  // A poll that is never announced: no record may show it.
  await cmd('d01', { type: 'createPoll', pollId: 'nhap', definition: { kind: 'open', itemId: '1', question: 'Chưa biểu quyết' } });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await meeting?.cleanup();
  rmSync(root, { recursive: true, force: true });
});

describe('council results', () => {
  it('reads the announced result from the state room as the vault member', async () => {
    const creds = await withSqliteDeviceStore(vault(), false, (store) => nodeDeviceCore(store, protectorFor(vault(), {})).credentials(published.meetingId));
    if (!creds) throw new Error('no vault');
    const voting = await readLiveVoting(creds, published.meetingId);
    expect(voting.polls.map((p) => [p.id, p.status])).toEqual([
      ['nq-ktxh', 'announced'],
      ['nhap', 'draft'],
    ]);
    expect(voting.results['nq-ktxh']?.names).toEqual({ yes: ['d01', 'd02'], no: ['d03'], abstain: [] });
  });

  it('writes the session biên bản (PDF) and CSV with the names from the vault', async () => {
    const pdf = path.join(root, 'bien-ban.pdf');
    const csv = path.join(root, 'bien-ban.csv');
    const r = await council('results', '--data', vault(), '--pdf', pdf, '--csv', csv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Đã ghi ${pdf} (1 biểu quyết)`);
    const text = await pdfText(pdf);
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'BIÊN BẢN TỔNG HỢP KẾT QUẢ BIỂU QUYẾT',
      'Kỳ họp thử nghiệm',
      'Nội dung: 2.1. Báo cáo KT-XH',
      'Thông qua Nghị quyết về kinh tế - xã hội năm 2027',
      'Điều kiện: quá nửa tổng số đại biểu (ít nhất 2/3)',
      'Có 3 đại biểu tham gia biểu quyết (bằng 100,00% tổng số đại biểu); trong đó, có 2 đại biểu tán thành (bằng 66,67% tổng số đại biểu)',
      'Kết luận: THÔNG QUA',
      'Tán thành (2): Lò Văn Thắng; Giàng Thị Mai',
      'Không tán thành (1): Nguyễn Văn "Ba"',
      'CHỦ TỌA',
    ]) {
      expect(text, s).toContain(s);
    }
    expect(text).not.toContain('Chưa biểu quyết');
    const rows = readFileSync(csv, 'utf8');
    expect(rows.startsWith('\uFEFF')).toBe(true);
    expect(rows).toContain('Biểu quyết,nq-ktxh,2.1,Báo cáo KT-XH,Thông qua Nghị quyết về kinh tế - xã hội năm 2027,');
    expect(rows).toContain('Đại biểu,nq-ktxh,2.1,');
    expect(rows).toContain('"Nguyễn Văn ""Ba"""');
  }, 60_000);

  it('writes one poll with --poll, refuses one not announced, and prints --help', async () => {
    const pdf = path.join(root, 'mot.pdf');
    expect((await council('results', '--data', vault(), '--poll', 'nq-ktxh', '--pdf', pdf)).code).toBe(0);
    expect(await pdfText(pdf)).toContain('BIÊN BẢN KẾT QUẢ BIỂU QUYẾT');
    const draft = await council('results', '--data', vault(), '--poll', 'nhap', '--csv', path.join(root, 'x.csv'));
    expect(draft.code).toBe(1);
    expect(draft.stderr).toMatch(/POLL_STATE/);
    const none = await council('results', '--data', vault());
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Cần --pdf TỆP và/hoặc --csv TỆP');
    const help = await council('results', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('council results [--data DIR] [--meeting ID] [--poll ID] [--pdf FILE] [--csv FILE]');
  }, 60_000);
});
