// Revoking a device is not removing a deputy (issue 14 §5): against a real collab-server on port 0 with the
// real publisher — revoke keeps N, drops that member's presence and nothing else; publishing again prints the
// revoked mark instead of the dead link; reinvite refuses the old token and the new link joins and reads
// (the device core, joinMeeting); both are in the signed audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import path from 'node:path';
import { API } from '../../../common/api/http.ts';
import { LIVE_API } from '../../../common/live/index.ts';
import type { AuditPage } from '../../../common/live/audit.ts';
import type { CommandResult, LiveCommandInput } from '../../../common/live/commands.ts';
import { quorumStatus } from '../../../common/live/quorum.ts';
import type { MeetingState } from '../../../common/live/state.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { joinMeeting } from '../../../main/services/join/joinMeeting.ts';
import { listDocuments } from '../../../main/services/vault/documents.ts';
import { parseCsv } from '../../../main/services/publish/csv.ts';
import { REVOKED_MARK } from '../../../main/services/publish/invitations.ts';
import { reinviteInvitation, revokeInvitation } from '../../../main/services/publish/members.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';
import { loadState } from '../../../main/services/publish/state.ts';
import { ADMIN_TOKEN, startTestServer, tempDir, type TestServer } from '../join/helpers/env.ts';
import { MEETING, makeMeeting, type TempMeeting } from '../publish/fixtures.ts';

let server: TestServer;
let meeting: TempMeeting;
let vaults: string;
let out: string;
let first: PublishResult;
let counter = 0;
let lostDevice = '';

const linkOf = (r: PublishResult, id: string): string => {
  const inv = r.invitations.find((i) => i.id === id);
  if (!inv) throw new Error(`no invitation for ${id}`);
  return inv.link;
};

async function tokenOf(link: string): Promise<string> {
  return (await deriveCredentials(parseInvitationLink(link))).authToken;
}

async function command(link: string, body: LiveCommandInput): Promise<{ status: number; body: CommandResult }> {
  const inv = parseInvitationLink(link);
  const res = await fetch(server.url + LIVE_API.commands(inv.meetingId), {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenOf(link)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as CommandResult };
}

/** The state as the chair's next command answers it (configure with nothing to change). */
async function stateSeenByChair(): Promise<MeetingState> {
  const answer = await command(linkOf(first, 'd01'), { id: `probe-${++counter}`, type: 'configure' });
  if (!answer.body.ok || !answer.body.value.state) throw new Error(`no state: ${JSON.stringify(answer.body)}`);
  return answer.body.value.state;
}

/** The text of each page of a PDF in the invitations folder. */
async function pdfPages(file: string): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(path.join(out, file))), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) pages.push((await (await pdf.getPage(i)).getTextContent()).items.map((x) => ('str' in x ? x.str : '')).join(''));
    return pages;
  } finally {
    await pdf.destroy();
  }
}

const invitationRows = (): string[][] =>
  parseCsv(readFileSync(path.join(out, 'invitations.csv'), 'utf8')).rows.map((r) => [...r.fields]);

beforeAll(async () => {
  server = await startTestServer();
  meeting = await makeMeeting();
  // Four deputies in office, three of them with an invitation (a vacant device): N is the council's, not a count.
  await meeting.write('meeting.json', JSON.stringify({ ...MEETING, totalDelegates: 4 }));
  vaults = tempDir('council-reinvite-vaults-');
  out = path.join(meeting.dir, 'out');
  first = await publishMeeting({ folder: meeting.dir, server: server.url, adminToken: ADMIN_TOKEN, outDir: out });
  lostDevice = path.join(vaults, 'lost');
  // The tablet d02 later loses: it holds the documents until the server tells it the link is dead.
  expect((await joinMeeting({ link: linkOf(first, 'd02'), dataDir: lostDevice })).documents).toHaveLength(3);
  expect((await listDocuments(lostDevice)).length).toBe(3);
  for (const id of ['d01', 'd02', 'd03']) {
    expect((await command(linkOf(first, id), { id: `in-${id}`, type: 'checkIn', mode: 'present-hall' })).status).toBe(200);
  }
});
afterAll(async () => {
  await server.stop();
  await meeting.cleanup();
  rmSync(vaults, { recursive: true, force: true });
});

describe('council revoke', () => {
  it('keeps N, drops only that member’s presence, and refuses their link', async () => {
    const before = await stateSeenByChair();
    expect(before.config.totalDelegates).toBe(4);
    expect(quorumStatus(before.attendance, 4, before.config.quorum)).toMatchObject({ total: 4, required: 3, present: 3, reached: true });
    expect(Object.keys(before.attendance).sort()).toEqual(['d01', 'd02', 'd03']);

    await revokeInvitation({ folder: meeting.dir, delegateId: 'd02', server: server.url, adminToken: ADMIN_TOKEN });
    const after = await stateSeenByChair();
    expect(after.config.totalDelegates).toBe(4);
    expect(Object.keys(after.attendance).sort()).toEqual(['d01', 'd03']);
    expect(after.attendance['d03']).toEqual(before.attendance['d03']);
    // ⌈2/3 · 4⌉ = 3 required of the same 4: the revoked device's presence no longer counts, N did not shrink.
    expect(quorumStatus(after.attendance, after.config.totalDelegates, after.config.quorum)).toMatchObject({ total: 4, required: 3, present: 2, reached: false });

    const refused = await command(linkOf(first, 'd02'), { id: 'again', type: 'checkIn', mode: 'present-hall' });
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'REVOKED' } });
    expect((await loadState(meeting.dir))?.members['d02']?.revokedAt).toBeDefined();
    // The chair may still record the deputy present by hand: the seat is still theirs.
    const byHand = await command(linkOf(first, 'd01'), { id: 'by-hand', type: 'recordAttendance', delegateId: 'd02', status: 'absent' });
    expect(byHand.status).toBe(200);
  });

  it('publishing again prints the revoked mark, not the dead link', async () => {
    expect(existsSync(path.join(out, 'd02.png'))).toBe(true);
    const again = await publishMeeting({ folder: meeting.dir, server: server.url, adminToken: ADMIN_TOKEN, outDir: out });
    expect(again.invitations.find((i) => i.id === 'd02')?.revoked).toBe(true);
    const d02 = invitationRows().find((r) => r[0] === 'd02');
    expect(d02?.[3]).toBe(REVOKED_MARK);
    expect(invitationRows().find((r) => r[0] === 'd03')?.[3]).toBe(linkOf(first, 'd03'));
    expect(existsSync(path.join(out, 'd02.png'))).toBe(false);
    expect(existsSync(path.join(out, 'd03.png'))).toBe(true);
    // invitations.pdf, one page per member in delegates.csv order: d02's page says revoked and prints no link.
    const [, d02Page, d03Page] = await pdfPages('invitations.pdf');
    expect(d02Page).toContain(REVOKED_MARK);
    expect(d02Page).not.toContain('/join');
    expect(d03Page).toContain('/join');
    expect(d03Page).not.toContain(REVOKED_MARK);
    expect((await loadState(meeting.dir))?.members['d02']?.revokedAt).toBeDefined();
  });
});

describe('council reinvite', () => {
  let newLink = '';

  it('gives the seat a new link: the old one is refused, the new one joins and reads', async () => {
    const oldLink = linkOf(first, 'd02');
    const r = await reinviteInvitation({ folder: meeting.dir, delegateId: 'd02', server: server.url, adminToken: ADMIN_TOKEN, outDir: out });
    newLink = r.link;
    expect(newLink).not.toBe(oldLink);
    expect(parseInvitationLink(newLink)).toMatchObject({ delegateId: 'd02', meetingId: first.meetingId });

    const me = (link: string): Promise<Response> => tokenOf(link).then((t) => fetch(server.url + API.me, { headers: { authorization: `Bearer ${t}` } }));
    // REVOKED, not merely unknown: the lost device holding the old link shreds its keys when it hears it.
    const old = await me(oldLink);
    expect(old.status).toBe(403);
    expect(await old.json()).toMatchObject({ ok: false, error: { code: 'REVOKED' } });
    expect((await me(newLink)).status).toBe(200);
    await expect(joinMeeting({ link: oldLink, dataDir: lostDevice })).rejects.toMatchObject({ code: 'REVOKED' });
    expect((await listDocuments(lostDevice)).length).toBe(0);

    const joined = await joinMeeting({ link: newLink, dataDir: path.join(vaults, 'new') });
    expect(joined.delegateId).toBe('d02');
    // d02 reads the confidential document: the re-wrapped bundle carries its key.
    expect(joined.documents).toHaveLength(3);
    expect(joined.documents.filter((d) => d.confidential)).toHaveLength(1);

    const row = invitationRows().find((x) => x[0] === 'd02');
    expect(row?.[3]).toBe(newLink);
    expect(invitationRows().find((x) => x[0] === 'd03')?.[3]).toBe(linkOf(first, 'd03'));
    expect(existsSync(path.join(out, 'd02.png'))).toBe(true);
    const single = await pdfPages('d02.pdf');
    expect(single).toHaveLength(1);
    expect(single[0]).toContain('Giàng Thị Mai');
    expect(single[0]).toContain('/join');
    const state = await loadState(meeting.dir);
    expect(state?.members['d02']?.revokedAt).toBeUndefined();
  });

  it('the new link checks in; N is still 4; publishing again prints the new link', async () => {
    expect((await command(newLink, { id: 'back', type: 'checkIn', mode: 'present-online' })).status).toBe(200);
    const s = await stateSeenByChair();
    expect(s.config.totalDelegates).toBe(4);
    expect(quorumStatus(s.attendance, 4, s.config.quorum).reached).toBe(true);
    expect(s.attendance['d02']?.status).toBe('present-online');

    const again = await publishMeeting({ folder: meeting.dir, server: server.url, adminToken: ADMIN_TOKEN, outDir: out });
    expect(linkOf(again, 'd02')).toBe(newLink);
    expect(again.invitations.find((i) => i.id === 'd02')?.revoked).toBeUndefined();
    expect(invitationRows().find((x) => x[0] === 'd02')?.[3]).toBe(newLink);
    expect(existsSync(path.join(out, 'd02.png'))).toBe(true);
  });

  it('records the revocation and the re-invitation in the signed audit log', async () => {
    const res = await fetch(server.url + LIVE_API.audit(first.meetingId), { headers: { authorization: `Bearer ${await tokenOf(linkOf(first, 'd01'))}` } });
    const page = ((await res.json()) as { value: AuditPage }).value;
    const changes = page.entries.map((e) => e.entry).filter((e) => e.command.type === 'revokeMember' || e.command.type === 'reinviteMember');
    expect(changes.map((e) => [e.command.type, e.command['delegateId'], e.actor])).toEqual([
      ['revokeMember', 'd02', undefined],
      ['reinviteMember', 'd02', undefined],
    ]);
    expect(page.entries.every((e) => typeof e.signature === 'string')).toBe(true);
  });
});
