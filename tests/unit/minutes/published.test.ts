// The minutes of a meeting published for real: a commune meeting folder published to a real collab-server (port
// 0) with `publishMeeting`; the pack's manifest opened as a delegate who reads the confidential document, so the
// meeting side of the minutes is minutesMeetingOf(manifest, the confidential entries); members act with the
// tokens derived from their invitation links; the state comes from a real y-websocket client, the audit log
// from the admin reading it as the console does.
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import { API, type ManifestResponse } from '../../../common/api/http.ts';
import { AUDIT_KEY_PATH, LIVE_API, readMeetingState, type AuditCheckpoint, type AuditKeyInfo, type AuditPage, type AuditRecord } from '../../../common/live/index.ts';
import { meetingStateRoom } from '../../../common/live/rooms.ts';
import { fromB64url } from '../../../common/pack/encoding.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { openManifest, readableDocuments, unwrapKeyBundle } from '../../../common/pack/manifest.ts';
import type { PackManifest } from '../../../common/pack/format.ts';
import { buildMinutes, checkMinutesAudit, minutesDocx, minutesMeetingOf, type MinutesModel } from '../../../common/minutes/index.ts';
import { readVotingState, type VotingState } from '../../../common/voting/state.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';
import { makePdf } from '../publish/fixtures.ts';
import { connect, waitForDoc, waitForSynced, type Client } from '../live/liveHarness.ts';

const ADMIN = 'minutes-published-admin-token-0123456789';
const MEETING = {
  title: 'Kỳ họp chuyên đề, HĐND xã Nà Hỳ khóa I, nhiệm kỳ 2026–2031',
  body: 'Hội đồng nhân dân xã Nà Hỳ',
  startsAt: '2026-12-10T07:30:00+07:00',
  place: 'Hội trường UBND xã Nà Hỳ',
  totalDelegates: 3,
  agenda: [
    { title: 'Khai mạc', presenter: 'Chủ tọa', documents: [{ file: 'chuong-trinh.pdf', title: 'Chương trình kỳ họp chuyên đề', kind: 'chuong-trinh' }] },
    {
      title: 'Đầu tư công',
      items: [
        { title: 'Tờ trình kế hoạch đầu tư công năm 2027', presenter: 'Phó Chủ tịch UBND xã', documents: [{ file: 'to-trinh.pdf', title: 'Tờ trình về kế hoạch đầu tư công năm 2027', kind: 'to-trinh' }] },
        { title: 'Nhân sự', documents: [{ file: 'mat/nhan-su.pdf', title: 'Tờ trình về công tác nhân sự', kind: 'to-trinh', confidential: true, readers: ['d02'] }] },
      ],
    },
  ],
};
const DELEGATES = [
  'id,name,position,unit,group,role',
  'd01,Lò Văn Thắng,Chủ tịch HĐND xã,Thường trực HĐND xã,Tổ 1,chair',
  'd02,Giàng Thị Mai,Phó Chủ tịch HĐND xã,Thường trực HĐND xã,Tổ 1,delegate',
  'd03,Vàng A Chư,Trưởng bản Nà Hỳ 2,Bản Nà Hỳ 2,Tổ 2,delegate',
  'tk01,Nguyễn Thị Lan,Chuyên viên Văn phòng HĐND và UBND xã,Văn phòng HĐND và UBND xã,,secretary',
  'hall,Màn hình hội trường,,Hội trường UBND xã,,observer',
].join('\r\n');

let root: string;
let server: CollabServer;
let published: PublishResult;
let hall: Client;
let manifest: PackManifest;
let model: MinutesModel;
let records: AuditRecord[];

const linkOf = (id: string): string => published.invitations.find((i) => i.id === id)?.link ?? '';
const tokenOf = async (id: string): Promise<string> => (await deriveCredentials(parseInvitationLink(linkOf(id)))).authToken;

let commandNo = 0;
async function cmd(id: string, command: Record<string, unknown>): Promise<void> {
  const res = await fetch(server.url + LIVE_API.commands(published.meetingId), {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenOf(id)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: `minutes-published-${++commandNo}`, ...command }),
  });
  const body = (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
  if (!body.ok) throw new Error(`${String(command['type'])} by ${id}: ${body.error?.code} ${body.error?.message}`);
}

/** What a delegate's device does with its link: fetch, verify and open the manifest and its key bundle. */
async function openAs(id: string): Promise<{ manifest: PackManifest; bundle: Awaited<ReturnType<typeof unwrapKeyBundle>> }> {
  const inv = parseInvitationLink(linkOf(id));
  const creds = await deriveCredentials(inv);
  const res = await fetch(`${inv.server}${API.manifest(inv.meetingId)}`, { headers: { authorization: `Bearer ${creds.authToken}` } });
  const response = (await res.json()) as ManifestResponse;
  const bundle = await unwrapKeyBundle(response.wrappedKeys, creds.wrapKey, { meetingId: inv.meetingId, delegateId: inv.delegateId, revision: response.envelope.revision });
  const meetingKey = fromB64url(bundle.meetingKey);
  if (!meetingKey) throw new Error('bad meeting key');
  return { manifest: await openManifest(response.envelope, meetingKey, inv.publisherKey), bundle };
}

async function adminJson<T>(url: string): Promise<T> {
  const body = (await (await fetch(url, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { ok: boolean; value: T };
  if (!body.ok) throw new Error(`refused: ${JSON.stringify(body)}`);
  return body.value;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'council-minutes-published-'));
  server = await startCollabServer({ dataDir: path.join(root, 'server'), host: '127.0.0.1', port: 0, adminToken: ADMIN, log: () => undefined });
  const folder = path.join(root, 'meeting');
  const write = async (file: string, data: string | Uint8Array) => {
    await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
    await writeFile(path.join(folder, file), data);
  };
  await write('meeting.json', JSON.stringify(MEETING, null, 2));
  await write('delegates.csv', DELEGATES);
  await write('chuong-trinh.pdf', await makePdf(1, 'Chuong trinh'));
  await write('to-trinh.pdf', await makePdf(2, 'To trinh'));
  await write('mat/nhan-su.pdf', await makePdf(1, 'Nhan su'));
  published = await publishMeeting({ folder, server: server.url, adminToken: ADMIN, outDir: path.join(root, 'inv') });

  // d02 reads the confidential document: its sealed entry opens with d02's keys.
  const opened = await openAs('d02');
  manifest = opened.manifest;
  const confidential = (await readableDocuments(opened.manifest, opened.bundle)).filter((d) => d.confidential);

  hall = connect(server.url, meetingStateRoom(published.meetingId), await tokenOf('hall'));
  await waitForSynced(hall);
  await cmd('d01', { type: 'checkIn', mode: 'present-hall' });
  await cmd('d02', { type: 'checkIn', mode: 'present-online' });
  await cmd('tk01', { type: 'recordAttendance', delegateId: 'd03', status: 'absent', reason: 'Đi họp tại tỉnh' });
  await cmd('d01', { type: 'setCurrentItem', itemId: '2.1' });
  await cmd('d01', { type: 'giveFloor', delegateId: 'd02', speechType: 'tranh-luan' });
  await cmd('d01', { type: 'endSpeech' });
  await cmd('d01', { type: 'createPoll', pollId: 'dtc-2027', definition: { kind: 'open', itemId: '2.1', question: 'Thông qua kế hoạch đầu tư công năm 2027' } });
  await cmd('d01', { type: 'openPoll', pollId: 'dtc-2027' });
  await cmd('d01', { type: 'castBallot', pollId: 'dtc-2027', choice: 'yes' });
  await cmd('d02', { type: 'castBallot', pollId: 'dtc-2027', choice: 'yes' });
  await cmd('d01', { type: 'closePoll', pollId: 'dtc-2027' });
  const poll = (v: VotingState) => v.polls.find((p) => p.id === 'dtc-2027');
  await waitForDoc('counted', hall.doc, () => poll(readVotingState(hall.doc))?.status === 'counted');
  await cmd('d01', { type: 'announcePoll', pollId: 'dtc-2027' });
  await cmd('d01', { type: 'setCurrentItem', itemId: '2.2' });
  await cmd('d01', { type: 'announce', text: 'Phiên họp kín: mời khách mời rời hội trường', level: 'urgent' });
  await waitForDoc('announced and notice', hall.doc, () => poll(readVotingState(hall.doc))?.status === 'announced' && readMeetingState(hall.doc).announcements.length === 1);

  const key = await adminJson<AuditKeyInfo>(server.url + AUDIT_KEY_PATH);
  records = [];
  let head: AuditCheckpoint | undefined;
  for (let after = 0, more = true; more; ) {
    const page = await adminJson<AuditPage>(`${server.url}${LIVE_API.audit(published.meetingId)}?after=${after}`);
    records.push(...page.entries);
    head = page.head ?? head;
    more = page.next !== undefined;
    after = page.next ?? after;
  }
  const auditCheck = await checkMinutesAudit(records, head, key.publicKey, published.meetingId);
  model = buildMinutes({ meeting: minutesMeetingOf(manifest, confidential), state: readMeetingState(hall.doc), voting: readVotingState(hall.doc), audit: records, auditCheck });
}, 120_000);

afterAll(async () => {
  hall.destroy();
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the minutes of a published meeting', () => {
  it('take the agenda, the documents and the delegates from the pack, the confidential one from its reader', () => {
    expect(manifest.documents.map((d) => d.title).sort()).toEqual(['Chương trình kỳ họp chuyên đề', 'Tờ trình về kế hoạch đầu tư công năm 2027']);
    const byId = new Map(model.items.map((i) => [i.id, i]));
    expect(model.items.map((i) => i.heading)).toEqual(['1. Khai mạc', '2. Đầu tư công', '2.1. Tờ trình kế hoạch đầu tư công năm 2027', '2.2. Nhân sự']);
    expect(byId.get('1')?.documents).toEqual(['Chương trình kỳ họp chuyên đề']);
    expect(byId.get('2.2')?.documents).toEqual(['Tờ trình về công tác nhân sự (tài liệu mật)']);
    expect(model.placeDate).toMatch(/^Nà Hỳ, ngày /);
    expect(model.signatures.left.name).toBe('Nguyễn Thị Lan');
  });

  it('record who came, who spoke, the vote in its legal wording, the notice, and the checked log', async () => {
    expect(model.attendance.summary.slice(1, 3)).toEqual(['Có mặt: 2/3 đại biểu (tại hội trường: 1; trực tuyến: 1).', 'Vắng mặt: 1 đại biểu.']);
    const byId = new Map(model.items.map((i) => [i.id, i]));
    expect(byId.get('2.1')?.speeches.map((s) => s.typeText)).toEqual(['Tranh luận']);
    // 2 of N = 3 in favour: 2·2 > 3, more than half of all deputies.
    expect(byId.get('2.1')?.polls[0]?.record.verdicts).toEqual(['THÔNG QUA']);
    expect(byId.get('2.2')?.announcements[0]?.line).toMatch(/— Phiên họp kín: mời khách mời rời hội trường \(khẩn\)$/);
    expect(model.auditLine).toBe(`Nhật ký đã được kiểm tra: ${records.length} mục, chữ ký hợp lệ`);
    const xml = strFromU8(unzipSync(await minutesDocx(model))['word/document.xml'] ?? new Uint8Array());
    for (const s of ['Tờ trình về công tác nhân sự (tài liệu mật)', 'Đi họp tại tỉnh', 'THÔNG QUA', 'chữ ký hợp lệ']) expect(xml, s).toContain(s);
  });
});
