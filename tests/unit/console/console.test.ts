// The console server end to end (issue 10): a real console server and a real collab-server on port 0, over HTTP.
// A draft made from nothing → nested agenda → real PDFs (and refused files) → delegates from an .xlsx → publish
// as a job → invitations → a delegate's device joins and reads → replace one document (only it is re-sent) →
// reissue an invitation → export/import → keys backup and restore.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ROUTES as R, type ConsoleSession, type DelegatesImport, type Draft, type DraftChanges, type FollowView, type InvitationRow, type Job, type NewClerkPass, type AttachedFile, type OpinionRow } from '../../../common/api/console.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import type { NoteKeys } from '../../../common/annotations/noteKeys.ts';
import { INBOX_MIN_SEALED, inboxEntryId, sealToSecretariat } from '../../../common/annotations/seal.ts';
import { inboxRoom, type InboxName } from '../../../common/annotations/rooms.ts';
import { SYNC_PATH } from '../../../common/live/rooms.ts';
import { INBOX_MAP, readInboxBlobs } from '../../../main/services/annotations/inbox.ts';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { PublisherState } from '../../../main/services/publish/state.ts';
import { joinMeeting } from '../../../main/services/join/joinMeeting.ts';
import { publishMeeting } from '../../../main/services/publish/publish.ts';
import { ROUTES } from '../../../common/api/routes.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { exportDocument } from '../../../main/services/vault/documents.ts';
import { ADMIN_TOKEN, Client, makePdf, startEnv, to, until, type Env } from './helpers.ts';

let env: Env;
let admin: Client;
let draftId: string;
const pdfs = new Map<string, Uint8Array>();

beforeAll(async () => {
  env = await startEnv();
  admin = new Client(env.console.url);
});
afterAll(async () => {
  await env.stop();
});

const DELEGATES: readonly Delegate[] = [
  { id: 'd01', name: 'Lò Văn Thắng', position: 'Chủ tịch HĐND', unit: 'Thường trực', group: 'Tổ 1', role: 'chair' },
  { id: 'd02', name: 'Giàng Thị Mai', position: 'Đại biểu', unit: 'Xã Sì Lở Lầu', group: 'Tổ 1', role: 'delegate' },
  { id: 'd03', name: 'Vàng A Chư', position: 'Đại biểu', unit: 'Xã Dào San', group: 'Tổ 2', role: 'delegate' },
  { id: 't01', name: 'Nguyễn Thu Hà', position: 'Chuyên viên', unit: 'Văn phòng', group: '', role: 'secretary' },
];

/** Writes entries into an inbox room as a member's device does (a real y-websocket client), then disconnects. */
async function writeInbox(token: string, meetingId: string, name: InboxName, entries: Readonly<Record<string, Uint8Array>>): Promise<void> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${env.collab.url}${SYNC_PATH}`, inboxRoom(meetingId, name), doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  try {
    await until(async () => (provider.synced ? true : undefined));
    const map = doc.getMap<Uint8Array>(INBOX_MAP);
    for (const [k, v] of Object.entries(entries)) map.set(k, v);
    // The server has them once a fresh read sees them.
    await until(async () => ((await readInboxBlobs({ server: env.collab.url, meetingId, adminToken: token, name })).length >= Object.keys(entries).length ? true : undefined));
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

const loadStateSync = (folder: string): PublisherState => JSON.parse(readFileSync(join(folder, '.council', 'publisher.json'), 'utf8')) as PublisherState;

const draftRoute = (route: string, extra: Record<string, string> = {}): string => to(route, { draftId, ...extra } as never);

async function getDraft(): Promise<Draft> {
  return admin.value<Draft>('GET', draftRoute(R.draft));
}

async function publishAndWait(): Promise<Job> {
  const job = await admin.value<Job>('POST', draftRoute(R.publish));
  return until(async () => {
    const j = await admin.value<Job>('GET', to(R.job, { jobId: job.jobId }));
    return j.phase === 'done' || j.phase === 'failed' ? j : undefined;
  });
}

async function sheet(rows: readonly (readonly string[])[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Đại biểu');
  for (const r of rows) ws.addRow([...r]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('console: sessions', () => {
  it('refuses without a cookie, without the CSRF header, with a wrong token; admin and clerk pass log in', async () => {
    const anon = new Client(env.console.url);
    const me = await anon.call('GET', R.me);
    expect(me.ok ? undefined : me.error.code).toBe('UNAUTHORIZED');
    expect(me.status).toBe(401);
    const noCsrf = await anon.call('POST', R.session, { json: { token: ADMIN_TOKEN }, csrf: false });
    expect(noCsrf.ok ? undefined : noCsrf.error.code).toBe('FORBIDDEN');
    const wrong = await anon.call('POST', R.session, { json: { token: 'not-the-admin-token-at-all' } });
    expect(wrong.ok ? undefined : wrong.error.code).toBe('UNAUTHORIZED');

    const res = await admin.raw('POST', R.session, { body: JSON.stringify({ token: ADMIN_TOKEN }), type: 'application/json' });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await admin.value<ConsoleSession>('GET', R.me)).role).toBe('admin');

    const pass = await admin.value<NewClerkPass>('POST', R.passes, { json: { name: 'Thư ký Hà' } });
    const clerk = new Client(env.console.url);
    expect((await clerk.value<ConsoleSession>('POST', R.session, { json: { token: pass.pass } })).role).toBe('clerk');
    expect((await clerk.value<ConsoleSession>('GET', R.me)).name).toBe('Thư ký Hà');
    const forbidden = await clerk.call('POST', R.passes, { json: { name: 'x' } });
    expect(forbidden.ok ? undefined : forbidden.error.code).toBe('FORBIDDEN');
    // A clerk works on drafts; a non-GET without the header is refused even with a session.
    expect((await clerk.value<unknown[]>('GET', R.drafts)).length).toBe(0);
    const csrf = await clerk.call('POST', R.drafts, { json: {}, csrf: false });
    expect(csrf.ok ? undefined : csrf.error.code).toBe('FORBIDDEN');
    // A revoked pass logs the clerk out.
    await admin.value('DELETE', to(R.pass, { passId: pass.passId }));
    const after = await clerk.call('GET', R.me);
    expect(after.ok ? undefined : after.error.code).toBe('UNAUTHORIZED');
  });
});

describe('console: a draft from nothing to a published meeting', () => {
  it('creates a draft with the defaults and saves a nested agenda (a stale version is DRAFT_CONFLICT)', async () => {
    const draft = await admin.value<Draft>('POST', R.drafts, {
      json: { title: 'Kỳ họp thứ nhất HĐND xã Sì Lở Lầu', body: 'HĐND xã Sì Lở Lầu khóa I', startsAt: '2026-12-05T07:30:00+07:00', place: 'Hội trường UBND xã', totalDelegates: 3 },
    });
    draftId = draft.draftId;
    expect(draft.meeting.quorum).toEqual({ numerator: 2, denominator: 3 });
    expect(draft.meeting.voting).toEqual({ labels: 'tan-thanh', changeUntilClose: false });
    expect(draft.agenda).toHaveLength(1);
    const saved = await admin.value<Draft>('PUT', draftRoute(R.draft), {
      json: {
        version: draft.version,
        meeting: draft.meeting,
        agenda: [
          { key: draft.agenda[0]?.key ?? 'a', title: 'Khai mạc kỳ họp', documents: [], items: [] },
          { key: 'kt', title: 'Kinh tế - xã hội', presenter: 'UBND xã', minutes: 60, documents: [], items: [{ key: 'kt1', title: 'Báo cáo kinh tế', documents: [], items: [] }] },
        ],
        documents: [],
        delegates: [],
      },
    });
    expect(saved.version).toBe(draft.version + 1);
    expect(saved.agenda[1]?.items[0]?.title).toBe('Báo cáo kinh tế');
    expect(saved.agenda[1]?.key).toBe('kt');
    const stale = await admin.call('PUT', draftRoute(R.draft), { json: { version: draft.version, meeting: draft.meeting, agenda: [], documents: [], delegates: [] } });
    expect(stale.ok ? undefined : stale.error.code).toBe('DRAFT_CONFLICT');
  });

  it('uploads real PDFs in parallel onto agenda items and refuses a .doc, an encrypted and a broken PDF', async () => {
    pdfs.set('Chương trình kỳ họp.pdf', await makePdf('Chuong trinh', 1));
    pdfs.set('Báo cáo kinh tế.pdf', await makePdf('Bao cao kinh te', 3));
    pdfs.set('Tờ trình ngân sách.pdf', await makePdf('To trinh ngan sach', 2));
    const paths = ['0', '1.0', '1'];
    const uploads = await Promise.all(
      [...pdfs].map(([name, bytes], i) => admin.value<AttachedFile>('POST', `${draftRoute(R.files)}?name=${encodeURIComponent(name)}&itemPath=${paths[i] ?? ''}`, { body: bytes, type: 'application/pdf' })),
    );
    expect(uploads.map((u) => u.document.documentId)).toEqual(['tai-lieu-chuong-trinh-ky-hop', 'tai-lieu-bao-cao-kinh-te', 'tai-lieu-to-trinh-ngan-sach']);
    expect(uploads[1]?.document.pages).toBe(3);
    expect(uploads[1]?.document.kind).toBe('bao-cao');
    expect(uploads[1]?.ocrPages).toEqual([]);
    const draft = await getDraft();
    expect(draft.agenda[0]?.documents).toEqual(['tai-lieu-chuong-trinh-ky-hop']);
    expect(draft.agenda[1]?.items[0]?.documents).toEqual(['tai-lieu-bao-cao-kinh-te']);
    expect(draft.agenda[1]?.documents).toEqual(['tai-lieu-to-trinh-ngan-sach']);

    const doc = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(600).fill(0)]);
    const word = await admin.call('POST', `${draftRoute(R.files)}?name=bao-cao.doc`, { body: doc });
    expect(word.ok ? undefined : word.error).toMatchObject({ code: 'FILE_REJECTED', details: ['FILE_WORD_DOCUMENT'] });
    expect(word.ok ? '' : word.error.message).toMatch(/lưu thành PDF/);
    const encrypted = readFileSync(join(import.meta.dirname, '../../fixtures/pdfs/password-protected.pdf'));
    const locked = await admin.call('POST', `${draftRoute(R.files)}?name=mat-khau.pdf`, { body: encrypted });
    expect(locked.ok ? undefined : locked.error).toMatchObject({ code: 'FILE_REJECTED', details: ['DOCUMENT_PASSWORD'] });
    const broken = await admin.call('POST', `${draftRoute(R.files)}?name=hong.pdf`, { body: new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage') });
    expect(broken.ok ? undefined : broken.error).toMatchObject({ code: 'FILE_REJECTED', details: ['DOCUMENT_DAMAGED'] });
    // Nothing of the refused files was kept.
    expect((await getDraft()).documents).toHaveLength(3);
  });

  it('imports delegates from an .xlsx with Vietnamese headers: a duplicate id is reported with its row and column, then fixed', async () => {
    const header = ['Mã', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Tổ', 'Vai trò'];
    const role = { chair: 'Chủ tọa', delegate: 'Đại biểu', secretary: 'Thư ký', observer: 'Khách mời' } as const;
    const rows = DELEGATES.map((d) => [d.id, d.name, d.position, d.unit, d.group, role[d.role]]);
    const bad = await sheet([header, ...rows.slice(0, 2), ['d02', 'Trùng Mã', 'Đại biểu', 'Xã', 'Tổ 2', 'Đại biểu'], ...rows.slice(2)]);
    const first = await admin.value<DelegatesImport>('POST', `${draftRoute(R.delegatesImport)}?name=dai-bieu.xlsx`, { body: bad });
    expect(first.problems).toEqual([expect.objectContaining({ code: 'DELEGATE_DUPLICATE_ID', line: 4, column: 'A (Mã)', file: 'dai-bieu.xlsx' })]);
    expect(first.delegates).toHaveLength(5);
    // Nothing was saved by the import.
    expect((await getDraft()).delegates).toHaveLength(0);

    const fixed = await admin.value<DelegatesImport>('POST', `${draftRoute(R.delegatesImport)}?name=dai-bieu.xlsx`, { body: await sheet([header, ...rows]) });
    expect(fixed.problems).toEqual([]);
    expect(fixed.delegates).toEqual(DELEGATES);

    const draft = await getDraft();
    const saved = await admin.value<Draft>('PUT', draftRoute(R.draft), {
      json: { version: draft.version, meeting: draft.meeting, agenda: draft.agenda, documents: draft.documents, delegates: fixed.delegates },
    });
    expect(saved.delegates).toEqual(DELEGATES);
    expect(saved.problems).toEqual([]);
    expect(await admin.value('GET', draftRoute(R.problems))).toEqual([]);
  });

  it('publishes as a job, then serves the invitations (rows, PDF sheet, one QR, all QR in a ZIP)', async () => {
    const changes = await admin.value<DraftChanges>('GET', draftRoute(R.changes));
    expect(changes.firstPublish).toBe(true);
    expect(changes.documentsAdded).toHaveLength(3);
    const job = await publishAndWait();
    expect(job.error).toBeUndefined();
    expect(job).toMatchObject({ phase: 'done', progress: 1, revision: 1 });
    expect((await getDraft()).publishedRevision).toBe(1);

    const rows = await admin.value<InvitationRow[]>('GET', draftRoute(R.invitations));
    expect(rows.map((r) => r.delegateId)).toEqual(['d01', 'd02', 'd03', 't01']);
    expect(rows.every((r) => r.link?.startsWith(`${env.collab.url}/join#v1.`))).toBe(true);
    const sheetPdf = await admin.bytes(draftRoute(R.invitationsPdf));
    expect(sheetPdf.type).toBe('application/pdf');
    expect(new TextDecoder().decode(sheetPdf.bytes.subarray(0, 5))).toBe('%PDF-');
    const qr = await admin.bytes(draftRoute(R.invitationQr, { delegateId: 'd02' }));
    expect([...qr.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const zip = unzipSync((await admin.bytes(draftRoute(R.invitationsZip))).bytes);
    expect(Object.keys(zip).sort()).toEqual(['d01.png', 'd02.png', 'd03.png', 't01.png']);
  });

  it('writes the minutes and the records from the live state and the audit log (read with the admin token)', async () => {
    const docx = await admin.bytes(draftRoute(R.minutesDocx));
    expect([...docx.bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    expect(docx.disposition).toContain('bien-ban-ky-hop.docx');
    const pdf = await admin.bytes(draftRoute(R.minutesPdf));
    expect(new TextDecoder().decode(pdf.bytes.subarray(0, 5))).toBe('%PDF-');
    const attendance = new TextDecoder().decode((await admin.bytes(draftRoute(R.attendanceCsv))).bytes);
    expect(attendance).toContain('Giàng Thị Mai');
    const results = await admin.bytes(draftRoute(R.resultsXlsx));
    expect([...results.bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    expect(await admin.value<{ polls: unknown[] }>('GET', draftRoute(R.results))).toMatchObject({ polls: [] });
  });

  let oldLink = '';
  it("lets a delegate's device join with the link and read a document; follow shows the download", async () => {
    const rows = await admin.value<InvitationRow[]>('GET', draftRoute(R.invitations));
    oldLink = rows.find((r) => r.delegateId === 'd02')?.link ?? '';
    const vault = env.tempDir('console-vault-');
    const joined = await joinMeeting({ link: oldLink, dataDir: vault });
    expect(joined.revision).toBe(1);
    const out = join(vault, 'out.pdf');
    await exportDocument({ dataDir: vault, docId: 'tai-lieu-bao-cao-kinh-te', out });
    expect(new Uint8Array(readFileSync(out))).toEqual(pdfs.get('Báo cáo kinh tế.pdf'));

    // d02 checks in (a real command with the token of their invitation): the console reads it from the live state.
    const creds = await deriveCredentials(parseInvitationLink(oldLink));
    const checkIn = await fetch(`${env.collab.url}${to(ROUTES.commands, { meetingId: joined.meetingId })}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.authToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'c-checkin-1', type: 'checkIn', mode: 'present-hall' }),
    });
    expect(checkIn.status).toBe(200);
    await checkIn.arrayBuffer();

    const follow = await admin.value<FollowView>('GET', draftRoute(R.follow));
    expect(follow.latestRevision).toBe(1);
    expect(follow.rows.find((r) => r.delegateId === 'd02')?.attendance?.status).toBe('present-hall');
    expect(follow.rows.find((r) => r.delegateId === 'd03')?.attendance).toBeUndefined();
    // The CLI publishes the same folder: nothing changed since the console's publish, so no new revision.
    const cli = await publishMeeting({ folder: join(env.consoleDir, 'drafts', draftId), server: env.collab.url, adminToken: ADMIN_TOKEN, ocr: false });
    expect(cli).toMatchObject({ newRevision: false, revision: 1 });
    expect(follow.rows.find((r) => r.delegateId === 'd02')).toMatchObject({ downloadedRevision: 1, revoked: false });
    expect(follow.rows.find((r) => r.delegateId === 'd03')?.downloadedRevision).toBeUndefined();
  });

  it('shows the votes as they land and puts the announced result in the minutes', async () => {
    const rows = await admin.value<InvitationRow[]>('GET', draftRoute(R.invitations));
    const meetingId = (await getDraft()).meetingId ?? '';
    let n = 0;
    const cmd = async (delegateId: string, body: Record<string, unknown>): Promise<void> => {
      const creds = await deriveCredentials(parseInvitationLink(rows.find((r) => r.delegateId === delegateId)?.link ?? ''));
      const res = await fetch(`${env.collab.url}${to(ROUTES.commands, { meetingId })}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${creds.authToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: `c-vote-${++n}`, ...body }),
      });
      expect(res.status, `${String(body['type'])}: ${await res.text()}`).toBe(200);
    };
    for (const d of ['d01', 'd03']) await cmd(d, { type: 'checkIn', mode: 'present-hall' });
    await cmd('d01', { type: 'createPoll', pollId: 'p1', definition: { kind: 'open', itemId: '2', question: 'Thông qua báo cáo kinh tế' } });
    await cmd('d01', { type: 'openPoll', pollId: 'p1' });
    for (const d of ['d01', 'd02', 'd03']) await cmd(d, { type: 'castBallot', pollId: 'p1', choice: 'yes' });
    await cmd('d01', { type: 'closePoll', pollId: 'p1' });
    await cmd('d01', { type: 'announcePoll', pollId: 'p1' });
    const results = await until(async () => {
      const v = await admin.value<{ polls: { id: string; status: string }[]; results: Record<string, unknown> }>('GET', draftRoute(R.results));
      return v.polls[0]?.status === 'announced' ? v : undefined;
    });
    expect(results.results['p1']).toBeDefined();
    const csv = new TextDecoder().decode((await admin.bytes(draftRoute(R.resultsCsv))).bytes);
    expect(csv).toContain('Thông qua báo cáo kinh tế');
  });

  it('opens the góp ý and read receipts sealed to the secretariat, with titles and names from the draft, and exports them', async () => {
    const state = loadStateSync(join(env.consoleDir, 'drafts', draftId));
    const member = state.notes?.members['d02'];
    if (!state.notes || !member) throw new Error('the publisher state has no note keys');
    const keys: NoteKeys = {
      meetingId: state.meetingId,
      delegateId: 'd02',
      privateKey: member.privateKey,
      meetingKey: state.meetingKey,
      confidential: {},
      signingKey: member.signPrivate,
      signers: Object.fromEntries(Object.entries(state.notes.members).map(([id, m]) => [id, m.signPublic])),
      opinionPublicKey: state.notes.opinion.publicKey,
    };
    const docId = state.documents['tai-lieu/bao-cao-kinh-te.pdf']?.id ?? '';
    const opinion = { id: 'op1', authorId: 'd02', documentId: docId, revision: 1, page: 2, quote: 'noi dung bao cao', text: 'Đề nghị bổ sung số liệu', sentAt: '2026-12-05T08:10:00.000Z' };
    const receipt = { documentId: docId, revision: 1, delegateId: 'd02', at: '2026-12-05T08:00:00.000Z' };
    // d02's device writes them into the inbox rooms over the WebSocket, as the app does (a forged entry too).
    const link = (await admin.value<InvitationRow[]>('GET', draftRoute(R.invitations))).find((r) => r.delegateId === 'd02')?.link ?? '';
    const token = (await deriveCredentials(parseInvitationLink(link))).authToken;
    await writeInbox(token, state.meetingId, 'opinions', { [await inboxEntryId(keys, 'opinion', 'op1')]: await sealToSecretariat(keys, 'opinion', opinion), forged: new Uint8Array(INBOX_MIN_SEALED) });
    await writeInbox(token, state.meetingId, 'receipts', { [await inboxEntryId(keys, 'receipt', `${docId}@1`)]: await sealToSecretariat(keys, 'receipt', receipt) });
    const rows = await admin.value<OpinionRow[]>('GET', draftRoute(R.opinions));
    expect(rows).toEqual([{ id: 'op1', documentId: docId, documentTitle: 'Báo cáo kinh tế', page: 2, quote: 'noi dung bao cao', text: 'Đề nghị bổ sung số liệu', delegateId: 'd02', delegateName: 'Giàng Thị Mai', sentAt: opinion.sentAt }]);
    const follow = await admin.value<FollowView>('GET', draftRoute(R.follow));
    expect(follow.rows.find((r) => r.delegateId === 'd02')?.opened).toEqual([{ documentId: docId, revision: 1, at: '2026-12-05T08:00:00.000Z' }]);
    expect([...(await admin.bytes(draftRoute(R.opinionsDocx))).bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    expect(new TextDecoder().decode((await admin.bytes(draftRoute(R.opinionsPdf))).bytes.subarray(0, 5))).toBe('%PDF-');
  });

  it('replaces one document: the changes list only it, and the republish uploads only its chunks', async () => {
    const draft = await getDraft();
    const target = draft.documents.find((d) => d.documentId === 'tai-lieu-to-trinh-ngan-sach');
    const next = await makePdf('To trinh ngan sach (sua doi)', 2);
    const replaced = await admin.value<AttachedFile>('PUT', `${draftRoute(R.file, { documentId: 'tai-lieu-to-trinh-ngan-sach' })}?name=to-trinh-v2.pdf`, { body: next });
    expect(replaced.document.documentId).toBe('tai-lieu-to-trinh-ngan-sach');
    expect(replaced.document.sha256).not.toBe(target?.sha256);
    const changes = await admin.value<DraftChanges>('GET', draftRoute(R.changes));
    expect(changes).toMatchObject({
      firstPublish: false,
      documentsAdded: [],
      documentsReplaced: [{ documentId: 'tai-lieu-to-trinh-ngan-sach', title: target?.title }],
      documentsRemoved: [],
      agendaEdits: [],
      delegatesAdded: [],
      delegatesRemoved: [],
      meetingEdited: false,
    });
    expect(changes.uploadBytes).toBe(next.byteLength + 16);
    const job = await publishAndWait();
    expect(job).toMatchObject({ phase: 'done', revision: 2 });
    // One chunk of the one changed document, plus its sealed page text; nothing of the two unchanged ones.
    expect(job.result).toMatchObject({ newRevision: true, changedDocuments: 1, unchangedDocuments: 2, uploadedChunks: 1 });
    expect(job.result?.uploadedBytes).toBeLessThan(next.byteLength + 64 * 1024);
  });

  it('lists agenda, delegate and meeting edits against the published revision, and nothing once they are undone', async () => {
    const draft = await getDraft();
    const body = (d: Draft, over: Partial<Pick<Draft, 'agenda' | 'delegates' | 'meeting'>>) => ({
      json: { version: d.version, meeting: over.meeting ?? d.meeting, agenda: over.agenda ?? d.agenda, documents: d.documents, delegates: over.delegates ?? d.delegates },
    });
    const [first, second] = draft.agenda;
    if (!first || !second) throw new Error('agenda');
    const edited = await admin.value<Draft>('PUT', draftRoute(R.draft), body(draft, {
      meeting: { ...draft.meeting, place: 'Hội trường mới' },
      agenda: [{ ...first, title: 'Khai mạc' }, second, { key: 'bm', title: 'Bế mạc', documents: [], items: [] }],
      delegates: [...draft.delegates.filter((d) => d.id !== 'd03'), { id: 'd04', name: 'Sùng A Páo', position: 'Đại biểu', unit: 'Xã C', group: 'Tổ 2', role: 'delegate' }],
    }));
    const changes = await admin.value<DraftChanges>('GET', draftRoute(R.changes));
    expect(changes).toMatchObject({
      documentsAdded: [],
      documentsReplaced: [],
      documentsRemoved: [],
      agendaEdits: [
        { code: 'AGENDA_ITEM_RENAMED', params: { number: '1', from: 'Khai mạc kỳ họp', to: 'Khai mạc' } },
        { code: 'AGENDA_ITEM_ADDED', params: { number: '3', title: 'Bế mạc' } },
      ],
      delegatesAdded: ['d04'],
      delegatesRemoved: ['d03'],
      meetingEdited: true,
      uploadBytes: 0,
    });
    await admin.value('PUT', draftRoute(R.draft), body(edited, { meeting: draft.meeting, agenda: draft.agenda, delegates: draft.delegates }));
    expect(await admin.value<DraftChanges>('GET', draftRoute(R.changes))).toMatchObject({ agendaEdits: [], delegatesAdded: [], delegatesRemoved: [], meetingEdited: false, uploadBytes: 0 });
  });

  it('reissues an invitation: the old link is refused, the new one joins', async () => {
    const row = await admin.value<InvitationRow>('POST', draftRoute(R.reinvite, { delegateId: 'd02' }));
    expect(row.link).toBeDefined();
    expect(row.link).not.toBe(oldLink);
    await expect(joinMeeting({ link: oldLink, dataDir: env.tempDir('console-old-') })).rejects.toMatchObject({ code: 'REVOKED' });
    const fresh = env.tempDir('console-new-');
    expect((await joinMeeting({ link: row.link ?? '', dataDir: fresh })).revision).toBe(2);
  });

  it('revokes a member: no link, no QR code, marked revoked in the follow view', async () => {
    expect(await admin.value('POST', draftRoute(R.revoke, { delegateId: 'd03' }))).toEqual({ revoked: true });
    const rows = await admin.value<InvitationRow[]>('GET', draftRoute(R.invitations));
    expect(rows.find((r) => r.delegateId === 'd03')).toMatchObject({ revoked: true });
    expect(rows.find((r) => r.delegateId === 'd03')?.link).toBeUndefined();
    const qr = await admin.call('GET', draftRoute(R.invitationQr, { delegateId: 'd03' }));
    expect(qr.ok ? undefined : qr.error.code).toBe('NOT_FOUND');
    expect(Object.keys(unzipSync((await admin.bytes(draftRoute(R.invitationsZip))).bytes)).sort()).toEqual(['d01.png', 'd02.png', 't01.png']);
    expect((await admin.value<FollowView>('GET', draftRoute(R.follow))).rows.find((r) => r.delegateId === 'd03')?.revoked).toBe(true);
  });

  it('exports the draft as a ZIP and imports it as a new draft with the same content', async () => {
    const before = await getDraft();
    const zip = await admin.bytes(draftRoute(R.exportZip));
    const names = Object.keys(unzipSync(zip.bytes));
    expect(names).toContain('meeting.json');
    expect(names).not.toContain('.council/publisher.json');
    expect(names.some((n) => n.startsWith('.council/invitations') || n.startsWith('invitations/'))).toBe(false);
    const imported = await admin.value<Draft>('POST', R.importZip, { body: zip.bytes, type: 'application/zip' });
    expect(imported.draftId).not.toBe(before.draftId);
    expect(imported.meeting).toEqual(before.meeting);
    expect(imported.agenda.map((a) => [a.title, a.documents])).toEqual(before.agenda.map((a) => [a.title, a.documents]));
    expect(imported.documents.map((d) => [d.documentId, d.sha256])).toEqual(before.documents.map((d) => [d.documentId, d.sha256]));
    expect(imported.delegates).toEqual(before.delegates);
    expect(imported.problems).toEqual([]);
    expect(imported.publishedRevision).toBe(0);

    // The keys travel in the passphrase backup: a wrong passphrase is BACKUP_INVALID, the right one restores.
    const backup = await admin.raw('POST', draftRoute(R.keysBackup), { body: JSON.stringify({ passphrase: 'mật khẩu rất dài 2026' }), type: 'application/json' });
    expect(backup.status).toBe(200);
    const file = new Uint8Array(await backup.arrayBuffer());
    const restoreRoute = (pass: string) => `${to(R.keysRestore, { draftId: imported.draftId })}?passphrase=${encodeURIComponent(pass)}`;
    const wrong = await admin.call('POST', restoreRoute('sai mật khẩu'), { body: file });
    expect(wrong.ok ? undefined : wrong.error.code).toBe('BACKUP_INVALID');
    const restored = await admin.value<{ meetingId: string; revision: number }>('POST', restoreRoute('mật khẩu rất dài 2026'), { body: file });
    expect(restored).toEqual({ restored: true, meetingId: before.meetingId, revision: 2 });
    const again = await admin.value<Draft>('GET', to(R.draft, { draftId: imported.draftId }));
    expect(again).toMatchObject({ publishedRevision: 2, meetingId: before.meetingId });
    expect((await admin.value<InvitationRow[]>('GET', to(R.invitations, { draftId: imported.draftId }))).map((r) => r.delegateId)).toEqual(['d01', 'd02', 'd03', 't01']);
  });
});
