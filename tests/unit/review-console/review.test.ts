// Review of the secretariat's console (issue 10): defects found and fixed, each shown over real servers on port 0
// (a real collab-server, the real console server; between them, where a test needs to hold the publisher's
// requests, a plain forwarding proxy that parks requests until released).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ROUTES as R, type AttachedFile, type Draft, type Job } from '../../../common/api/console.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { keepPublishedCopy, PUBLISHED_DIR, readPublishedInputs } from '../../../main/services/console/changes.ts';
import { sealBackup } from '../../../main/services/console/keysBackup.ts';
import { startConsoleServer, type ConsoleServer } from '../../../main/services/console/server.ts';
import { ADMIN_TOKEN, Client, makePdf, startEnv, to, until, type Env } from '../console/helpers.ts';

/** Forwards every request to `target`; while closed, requests wait (counted in `parked`) until it opens. */
interface GatedProxy {
  readonly url: string;
  readonly parked: () => number;
  close(): void;
  open(): void;
  stop(): Promise<void>;
}

async function gatedProxy(target: string): Promise<GatedProxy> {
  const to = new URL(target);
  let gate: Promise<void> = Promise.resolve();
  let release: () => void = () => undefined;
  let parked = 0;
  const forward = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const up = http.request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, host: to.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  };
  const server = http.createServer((req, res) => {
    parked += 1;
    void gate.then(() => {
      parked -= 1;
      forward(req, res);
    });
  });
  // WebSocket upgrades (the live state the minutes read) pass straight through, bytes both ways.
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const up = net.connect(Number(to.port), to.hostname, () => {
      const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i] ?? ''}: ${req.rawHeaders[i + 1] ?? ''}`);
      up.write(`${lines.join('\r\n')}\r\n\r\n`);
      up.write(head);
      socket.pipe(up).pipe(socket);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    parked: () => parked,
    close: () => {
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    open: () => release(),
    stop: async () => {
      release();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** An HTTP server that records every request (and upgrade) it gets and answers 404 as the collab-server's router does. */
async function spyServer(): Promise<{ url: string; seen: string[]; stop(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''} ${req.headers['authorization'] ?? ''}`);
    req.resume();
    const body = JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', message: 'no such API endpoint' } });
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.on('upgrade', (req, socket) => {
    seen.push(`UPGRADE ${req.url ?? ''}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

const DELEGATES: readonly Delegate[] = [
  { id: 'd01', name: 'Lò Văn Thắng', position: 'Chủ tịch HĐND', unit: 'Thường trực', group: 'Tổ 1', role: 'chair' },
  { id: 'd02', name: 'Giàng Thị Mai', position: 'Đại biểu', unit: 'Xã Sì Lở Lầu', group: 'Tổ 1', role: 'delegate' },
  { id: 't01', name: 'Nguyễn Thu Hà', position: 'Chuyên viên', unit: 'Văn phòng', group: '', role: 'secretary' },
];

let env: Env;
let proxy: GatedProxy;
let consoleServer: ConsoleServer;
let admin: Client;
let draftId: string;
let consoleDir: string;

const draftRoute = (route: string, extra: Record<string, string> = {}, id = draftId): string => to(route, { draftId: id, ...extra } as never);
const folderOf = (id: string): string => join(consoleDir, 'drafts', id);
const stateFile = (id: string): string => join(folderOf(id), '.council', 'publisher.json');

async function waitJob(jobId: string): Promise<Job> {
  return until(async () => {
    const j = await admin.value<Job>('GET', to(R.job, { jobId }));
    return j.phase === 'done' || j.phase === 'failed' ? j : undefined;
  });
}

beforeAll(async () => {
  env = await startEnv();
  proxy = await gatedProxy(env.collab.url);
  consoleDir = env.tempDir('review-console-data-');
  // The console publishes through the proxy (its --server), so a test can hold a publish half way.
  consoleServer = await startConsoleServer({ dataDir: consoleDir, server: proxy.url, port: 0, ocr: false, log: () => undefined });
  admin = new Client(consoleServer.url);
  await admin.value('POST', R.session, { json: { token: ADMIN_TOKEN } });
  const draft = await admin.value<Draft>('POST', R.drafts, {
    json: { title: 'Kỳ họp thứ hai HĐND xã Nậm Pồ', body: 'HĐND xã Nậm Pồ', startsAt: '2026-12-10T07:30:00+07:00', place: 'Hội trường', totalDelegates: 2 },
  });
  draftId = draft.draftId;
  await admin.value<AttachedFile>('POST', `${draftRoute(R.files)}?name=${encodeURIComponent('Báo cáo.pdf')}&itemPath=0`, { body: await makePdf('Bao cao', 1), type: 'application/pdf' });
  const current = await admin.value<Draft>('GET', draftRoute(R.draft));
  await admin.value<Draft>('PUT', draftRoute(R.draft), {
    json: { version: current.version, meeting: current.meeting, agenda: current.agenda, documents: current.documents, delegates: DELEGATES },
  });
  const job = await admin.value<Job>('POST', draftRoute(R.publish));
  expect(await waitJob(job.jobId)).toMatchObject({ phase: 'done', revision: 1 });
});

afterAll(async () => {
  await consoleServer.close();
  await proxy.stop();
  await env.stop();
});

describe('review: the admin token goes only to the console own collab-server', () => {
  it('refuses (CONFLICT, OTHER_SERVER) every admin-token call for a draft whose state names another server, sending nothing there', async () => {
    const spy = await spyServer();
    try {
      // A draft brought in from elsewhere (a folder import copies .council/publisher.json as it is).
      const imported = await admin.value<Draft>('POST', R.importZip, { json: { path: folderOf(draftId) } });
      // …with its publisher state: the draft continues that meeting (it is not a new one).
      expect(imported).toMatchObject({ publishedRevision: 1, meetingId: (JSON.parse(readFileSync(stateFile(draftId), 'utf8')) as { meetingId: string }).meetingId });
      const state = JSON.parse(readFileSync(stateFile(imported.draftId), 'utf8')) as Record<string, unknown>;
      writeFileSync(stateFile(imported.draftId), JSON.stringify({ ...state, server: spy.url }));
      const id = imported.draftId;
      const calls: readonly [string, string][] = [
        ['GET', draftRoute(R.follow, {}, id)],
        ['GET', draftRoute(R.results, {}, id)],
        ['GET', draftRoute(R.opinions, {}, id)],
        ['GET', draftRoute(R.minutesDocx, {}, id)],
        ['GET', draftRoute(R.attendanceCsv, {}, id)],
        ['POST', draftRoute(R.reinvite, { delegateId: 'd02' }, id)],
        ['POST', draftRoute(R.revoke, { delegateId: 'd02' }, id)],
        ['POST', draftRoute(R.publish, {}, id)],
      ];
      for (const [method, route] of calls) {
        const a = await admin.call(method, route);
        expect(a.ok ? undefined : { code: a.error.code, message: a.error.message }, `${method} ${route}`).toEqual({ code: 'CONFLICT', message: expect.stringContaining(spy.url) as unknown });
      }
      expect(spy.seen).toEqual([]);
    } finally {
      await spy.stop();
    }
  });
});

describe('review: admin login', () => {
  it('does not take any 16 characters for the admin token when the server answers 404 for an unknown route', async () => {
    const spy = await spyServer();
    const other = await startConsoleServer({ dataDir: env.tempDir('review-console-other-'), server: spy.url, port: 0, ocr: false, log: () => undefined });
    try {
      const anyone = new Client(other.url);
      const a = await anyone.call('POST', R.session, { json: { token: 'bat-ky-chuoi-nao-du-16-ky-tu' } });
      expect(a.ok ? undefined : a.error.code).toBe('UNAUTHORIZED');
      expect((await anyone.call('GET', R.me)).ok).toBe(false);
    } finally {
      await other.close();
      await spy.stop();
    }
  });
});

describe('review: keys restore', () => {
  it('refuses a backup whose content is not a publisher state (BACKUP_INVALID) and keeps the draft state as it was', async () => {
    const before = readFileSync(stateFile(draftId), 'utf8');
    const meetingId = (JSON.parse(before) as { meetingId: string }).meetingId;
    const pass = 'mật khẩu sao lưu 2026';
    const route = `${draftRoute(R.keysRestore)}?passphrase=${encodeURIComponent(pass)}`;
    for (const content of [`{"meetingId":"${meetingId}","version":1}`, 'not json at all']) {
      const file = await sealBackup(new TextEncoder().encode(content), meetingId, pass);
      const a = await admin.call('POST', route, { body: file });
      expect(a.ok ? undefined : a.error.code, content).toBe('BACKUP_INVALID');
      expect(readFileSync(stateFile(draftId), 'utf8')).toBe(before);
    }
    // Nothing of the keys left beside the state.
    expect(readdirSync(join(folderOf(draftId), '.council')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await admin.value<Draft>('GET', draftRoute(R.draft))).publishedRevision).toBe(1);
  });
});

describe('review: publishing while the clerk works', () => {
  it('keeps as "published" the meeting.json the publish read, not a save made while it ran', async () => {
    const folder = folderOf(draftId);
    const published = readFileSync(join(folder, 'meeting.json'));
    const inputs = await readPublishedInputs(folder);
    // A save lands while the job runs…
    writeFileSync(join(folder, 'meeting.json'), published.toString('utf8').replace('Hội trường', 'Hội trường mới'));
    await keepPublishedCopy(folder, inputs);
    expect(readFileSync(join(folder, PUBLISHED_DIR, 'meeting.json')).equals(published)).toBe(true);
    writeFileSync(join(folder, 'meeting.json'), published);
  });

  it('refuses reissue and revoke (JOB_RUNNING) while a publish of the same draft is under way, then both work', async () => {
    proxy.close();
    let job: Job;
    try {
      job = await admin.value<Job>('POST', draftRoute(R.publish));
      // The job is half way: its first request to the server is held by the proxy.
      await until(async () => (proxy.parked() > 0 ? true : undefined));
      for (const route of [draftRoute(R.reinvite, { delegateId: 'd02' }), draftRoute(R.revoke, { delegateId: 'd02' })]) {
        const a = await admin.call('POST', route);
        expect(a.ok ? undefined : a.error.code, route).toBe('CONFLICT');
        expect(a.ok ? '' : a.error.message).toContain('Bản thảo đang được phát hành');
      }
    } finally {
      proxy.open();
    }
    expect(await waitJob(job.jobId)).toMatchObject({ phase: 'done' });
    const row = await admin.value<{ link?: string }>('POST', draftRoute(R.reinvite, { delegateId: 'd02' }));
    expect(row.link).toBeDefined();
    expect(existsSync(stateFile(draftId))).toBe(true);
  });
});

describe('review: ZIP import', () => {
  it('refuses a ZIP bomb (far more unpacked than a draft can be for its size) before inflating it, and keeps no draft', async () => {
    const meeting = readFileSync(join(folderOf(draftId), 'meeting.json'));
    // 32 MiB of zeros deflate to a few dozen KB: no draft's ZIP looks like that.
    const bomb = zipSync({ 'meeting.json': new Uint8Array(meeting), 'tai-lieu/bom.pdf': new Uint8Array(32 * 1024 * 1024) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(256 * 1024);
    const before = readdirSync(join(consoleDir, 'drafts')).length;
    const a = await admin.call('POST', R.importZip, { body: bomb, type: 'application/zip' });
    expect(a.ok ? undefined : a.error.code).toBe('BAD_REQUEST');
    expect(a.ok ? '' : a.error.message).toContain('Tệp ZIP không hợp lệ');
    expect(readdirSync(join(consoleDir, 'drafts')).length).toBe(before);
    // A draft's own export still imports.
    const zip = await admin.bytes(draftRoute(R.exportZip));
    expect((await admin.value<Draft>('POST', R.importZip, { body: zip.bytes, type: 'application/zip' })).documents).toHaveLength(1);
  });
});

describe('review: a console stopped mid-upload', () => {
  it('removes the half-written upload (and a key restore scratch copy) at the next start, and nothing else', async () => {
    const dataDir = env.tempDir('review-console-restart-');
    const first = await startConsoleServer({ dataDir, server: env.collab.url, port: 0, ocr: false, log: () => undefined });
    const clerk = new Client(first.url);
    await clerk.value('POST', R.session, { json: { token: ADMIN_TOKEN } });
    const draft = await clerk.value<Draft>('POST', R.drafts, { json: { title: 'Kỳ họp', body: 'HĐND', startsAt: '2026-12-10T07:30:00+07:00', place: 'Hội trường', totalDelegates: 1 } });
    await first.close();
    // What a crash leaves: the upload streamed so far, a restore's scratch folder (it holds keys in clear).
    const state = join(dataDir, 'drafts', draft.draftId, '.council');
    writeFileSync(join(state, 'upload-0123456789ab.tmp'), new Uint8Array(1024));
    mkdirSync(join(state, 'restore-0123456789ab.tmp', '.council'), { recursive: true });
    writeFileSync(join(state, 'restore-0123456789ab.tmp', '.council', 'publisher.json'), '{}');
    const kept = readdirSync(state).filter((n) => !n.endsWith('.tmp')).sort();
    const second = await startConsoleServer({ dataDir, server: env.collab.url, port: 0, ocr: false, log: () => undefined });
    try {
      expect(readdirSync(state).sort()).toEqual(kept);
      expect(kept).toContain('console.json');
    } finally {
      await second.close();
    }
  });
});

describe('review: the minutes describe the session that ran', () => {
  it('use the published agenda and delegates, not edits made to the draft after publishing', async () => {
    const published = JSON.parse(readFileSync(join(folderOf(draftId), PUBLISHED_DIR, 'meeting.json'), 'utf8')) as { agenda: { title: string }[] };
    const heldTitle = published.agenda[0]?.title ?? '';
    expect(heldTitle).not.toBe('');
    // After the session the clerk starts editing: renames the item, removes a delegate (not republished).
    const draft = await admin.value<Draft>('GET', draftRoute(R.draft));
    const [first, ...rest] = draft.agenda;
    if (!first) throw new Error('agenda');
    await admin.value<Draft>('PUT', draftRoute(R.draft), {
      json: { version: draft.version, meeting: draft.meeting, agenda: [{ ...first, title: 'Mục sửa sau kỳ họp' }, ...rest], documents: draft.documents, delegates: draft.delegates.filter((d) => d.id !== 'd02') },
    });
    const attendance = new TextDecoder().decode((await admin.bytes(draftRoute(R.attendanceCsv))).bytes);
    expect(attendance).toContain('Giàng Thị Mai');
    const docx = unzipSync((await admin.bytes(draftRoute(R.minutesDocx))).bytes);
    const text = new TextDecoder().decode(docx['word/document.xml']);
    expect(text).toContain(heldTitle);
    expect(text).not.toContain('Mục sửa sau kỳ họp');
  });
});

describe('review: delegates from a spreadsheet', () => {
  it('refuses an .xlsx that unpacks to far more than any delegate list (a ZIP bomb), saying the sheet cannot be read', async () => {
    // A real workbook (exceljs reads it) carrying 96 MiB of zeros that deflate to ~100 KB: under the 10 MB upload
    // bound, far over what a delegate list can be.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Đại biểu').addRow(['Mã', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Tổ', 'Vai trò']);
    const parts = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
    const bomb = zipSync({ ...parts, 'xl/media/image1.png': new Uint8Array(96 * 1024 * 1024) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const a = await admin.call('POST', `${draftRoute(R.delegatesImport)}?name=dai-bieu.xlsx`, { body: bomb });
    expect(a.ok ? undefined : a.error).toMatchObject({ code: 'FILE_REJECTED', details: ['FILE_SHEET_UNREADABLE'] });
  });
});
