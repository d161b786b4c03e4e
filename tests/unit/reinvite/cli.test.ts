// `council revoke` and `council reinvite` as a secretariat runs them: the commands' run() in process (what they
// print is captured), and once through bin/council.mjs to prove they are registered.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { run as reinviteCommand } from '../../../cli/commands/reinvite.ts';
import { run as revokeCommand } from '../../../cli/commands/revoke.ts';
import { API } from '../../../common/api/http.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { parseCsv } from '../../../main/services/publish/csv.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../join/helpers/env.ts';
import { makeMeeting, type TempMeeting } from '../publish/fixtures.ts';

const exec = promisify(execFile);
const CLI = path.join(import.meta.dirname, '../../../bin/council.mjs');

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function inProcess(command: (args: string[]) => Promise<number>, ...args: string[]): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...xs: unknown[]) => void out.push(xs.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...xs: unknown[]) => void err.push(xs.join(' ')));
  const code = await command(args);
  vi.restoreAllMocks();
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const revoke = (...args: string[]): Promise<Outcome> => inProcess(revokeCommand, ...args);
const reinvite = (...args: string[]): Promise<Outcome> => inProcess(reinviteCommand, ...args);

async function council(...args: string[]): Promise<Outcome> {
  try {
    const r = await exec(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, COUNCIL_ADMIN_TOKEN: ADMIN_TOKEN } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

async function meStatus(server: string, link: string): Promise<number> {
  const { authToken } = await deriveCredentials(parseInvitationLink(link));
  return (await fetch(server + API.me, { headers: { authorization: `Bearer ${authToken}` } })).status;
}

let server: TestServer;
let meeting: TempMeeting;
let published: PublishResult;

beforeAll(async () => {
  server = await startTestServer();
  meeting = await makeMeeting();
  published = await publishMeeting({ folder: meeting.dir, server: server.url, adminToken: ADMIN_TOKEN, outDir: path.join(meeting.dir, 'out') });
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await server.stop();
  await meeting.cleanup();
});

describe('council revoke / reinvite', () => {
  it('refuses wrong usage with exit 2 and answers --help with exit 0', async () => {
    const none = await revoke();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('council revoke <meeting-folder> <delegateId>');
    expect((await reinvite(meeting.dir, 'd03', '--token', ADMIN_TOKEN)).code).toBe(2);
    expect((await revoke(meeting.dir, 'd03', '--server', server.url, '--token', ADMIN_TOKEN, '--out', 'x')).code).toBe(2);
    const registered = await council('reinvite', '--help');
    expect(registered.code).toBe(0);
    expect(registered.stdout + registered.stderr).toContain('reinvite <meeting-folder> <delegateId>');
    const unknown = await revoke(meeting.dir, 'nobody', '--server', server.url, '--token', ADMIN_TOKEN);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('NOT_FOUND');
  });

  it('revokes a link, then gives the seat a new one that works', async () => {
    const oldLink = published.invitations.find((i) => i.id === 'd03')?.link ?? '';
    const revoked = await revoke(meeting.dir, 'd03', '--server', server.url, '--token', ADMIN_TOKEN);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('Đã thu hồi giấy mời / Revoked: d03');
    expect(await meStatus(server.url, oldLink)).toBe(403);

    const out = path.join(meeting.dir, 'moi');
    const again = await reinvite(meeting.dir, 'd03', '--server', server.url, '--token', ADMIN_TOKEN, '--out', out);
    expect(again.code).toBe(0);
    const newLink = /Đường dẫn mới \/ New link: (\S+)/.exec(again.stdout)?.[1] ?? '';
    expect(newLink).not.toBe('');
    expect(await meStatus(server.url, newLink)).toBe(200);
    expect(await meStatus(server.url, oldLink)).toBe(403);
    const rows = parseCsv(readFileSync(path.join(out, 'invitations.csv'), 'utf8')).rows.map((r) => r.fields);
    expect(rows).toEqual([
      ['id', 'name', 'role', 'link'],
      ['d03', 'Nguyễn Văn "Ba"', 'delegate', newLink],
    ]);
    expect(readFileSync(path.join(out, 'd03.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
