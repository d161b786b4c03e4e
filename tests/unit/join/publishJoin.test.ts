// End to end with the real publisher: a generated meeting folder → publishMeeting → a real collab-server →
// `council join / docs / export` (the CLI, as a child process) and joinMeeting for updates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publishMeeting } from '../../../main/services/publish/publish.ts';
import { joinMeeting } from '../../../main/services/join/joinMeeting.ts';
import { exportDocument, listDocuments } from '../../../main/services/vault/documents.ts';
import { FileKeyProtector } from '../../../main/services/keys/FileKeyProtector.ts';
import { MeetingInvalidError } from '../../../main/services/publish/problems.ts';
import { nodeDeviceCore } from '../../../main/services/vault/nodeCore.ts';
import { openSqliteDeviceStore } from '../../../main/services/vault/sqliteDeviceStore.ts';
import { filesWithPlaintext, startTestServer, tempDir, ADMIN_TOKEN, type TestServer } from './helpers/env.ts';
import { makePdf } from './helpers/packFixture.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../../bin/council.mjs');
const council = (...args: string[]) => run(process.execPath, [CLI, ...args], { encoding: 'utf8' });

let server: TestServer;
let folder: string;
let vaults: string;
const pdfs = new Map<string, Uint8Array>();

beforeAll(async () => {
  server = await startTestServer();
  folder = tempDir('council-meeting-');
  vaults = tempDir('council-vaults-');
  mkdirSync(join(folder, 'bao-cao'));
  pdfs.set('chuong-trinh.pdf', await makePdf('Chương trình', 1, 50_000));
  pdfs.set('bao-cao/kinh-te.pdf', await makePdf('Báo cáo', 2, 1_500_000));
  pdfs.set('bao-cao/nhan-su.pdf', await makePdf('Nhân sự', 1, 300_000));
  for (const [file, data] of pdfs) writeFileSync(join(folder, file), data);
  writeFileSync(
    join(folder, 'delegates.csv'),
    ['id,name,position,unit,group,role', 'd01,Lò Văn Thắng,Chủ tịch HĐND,Thường trực,Tổ 1,chair', 'd02,Giàng Thị Mai,Đại biểu,Xã Si Pa Phìn,Tổ 1,delegate', 'd03,Vàng A Chư,Đại biểu,Xã Chà Nưa,Tổ 2,delegate'].join('\n') + '\n',
  );
  writeFileSync(
    join(folder, 'meeting.json'),
    JSON.stringify({
      title: 'Kỳ họp thử nghiệm',
      body: 'HĐND huyện Nậm Pồ',
      startsAt: '2026-12-05T07:30:00+07:00',
      place: 'Hội trường',
      totalDelegates: 3,
      agenda: [
        { title: 'Khai mạc', documents: [{ file: 'chuong-trinh.pdf', title: 'Chương trình kỳ họp', kind: 'chuong-trinh' }] },
        {
          title: 'Kinh tế - xã hội',
          documents: [
            { file: 'bao-cao/kinh-te.pdf', title: 'Báo cáo kinh tế - xã hội', kind: 'bao-cao' },
            { file: 'bao-cao/nhan-su.pdf', title: 'Báo cáo nhân sự', kind: 'bao-cao', confidential: true, readers: ['d01'] },
          ],
        },
      ],
    }),
  );
});
afterAll(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
  rmSync(vaults, { recursive: true, force: true });
});

const linkOf = (r: Awaited<ReturnType<typeof publishMeeting>>, id: string): string => {
  const inv = r.invitations.find((i) => i.id === id);
  if (!inv) throw new Error(`no invitation for ${id}`);
  return inv.link;
};

describe('publish → join → docs → export', () => {
  it('works through the CLI, then updates to revision 2 downloading only the changed document', async () => {
    const published = await publishMeeting({ folder, server: server.url, adminToken: ADMIN_TOKEN, outDir: join(folder, 'out') });
    const chairVault = join(vaults, 'chair');

    const joined = await council('join', linkOf(published, 'd01'), '--data', chairVault);
    expect(joined.stdout).toContain('Kỳ họp thử nghiệm');
    const listed = JSON.parse((await council('docs', '--data', chairVault, '--json')).stdout) as { id: string; file?: string; confidential: boolean; sha256: string }[];
    expect(listed).toHaveLength(3);
    expect(listed.filter((d) => d.confidential)).toHaveLength(1);
    const table = (await council('docs', '--data', chairVault)).stdout;
    expect(table).toContain('MẬT');

    const rows = await listDocuments(chairVault);
    for (const [file, data] of pdfs) {
      const row = rows.find((r) => r.title === titleOf(file));
      expect(row).toBeDefined();
      const out = join(vaults, `${row!.id}.pdf`);
      await council('export', row!.id, '--data', chairVault, '--out', out);
      expect(readFileSync(out).equals(Buffer.from(data))).toBe(true);
      rmSync(out);
    }
    expect(filesWithPlaintext(vaults, [...pdfs.values()])).toEqual([]);

    // A delegate who is not a reader: two documents, and the CLI says NOT_A_READER with a non-zero exit.
    const delegateVault = join(vaults, 'd02');
    const d02 = await joinMeeting({ link: linkOf(published, 'd02'), dataDir: delegateVault });
    expect(d02.documents).toHaveLength(2);
    const secretId = rows.find((r) => r.confidential)!.id;
    const refused = await council('export', secretId, '--data', delegateVault, '--out', join(vaults, 'x.pdf')).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused?.code).not.toBe(0);
    expect(refused?.stderr).toContain('NOT_A_READER');

    // Revision 2: one document changes.
    const changed = await makePdf('Báo cáo (sửa)', 2, 1_600_000);
    writeFileSync(join(folder, 'bao-cao/kinh-te.pdf'), changed);
    const second = await publishMeeting({ folder, server: server.url, adminToken: ADMIN_TOKEN, outDir: join(folder, 'out') });
    expect(second.revision).toBe(2);
    const update = await joinMeeting({ link: linkOf(published, 'd01'), dataDir: chairVault });
    const changedRow = update.documents.find((d) => d.title === titleOf('bao-cao/kinh-te.pdf'))!;
    expect(update).toMatchObject({ revision: 2, previousRevision: 1 });
    // Only the changed document's ciphertext (its size plus 16 bytes of tag per MiB chunk) and its page texts were fetched.
    expect(update.downloadedBytes).toBe(changed.length + 16 * Math.ceil(changed.length / (1024 * 1024)) + second.textChunks.bytes);
    const out = join(vaults, 'kinh-te-v2.pdf');
    await exportDocument({ dataDir: chairVault, docId: changedRow.id, out });
    expect(readFileSync(out).equals(Buffer.from(changed))).toBe(true);
    expect(changedRow.revision).toBe(2);
  });
});

describe('the device lease in meeting.json', () => {
  const meetingWith = (lease: unknown): string => {
    const spec = JSON.parse(readFileSync(join(folder, 'meeting.json'), 'utf8')) as Record<string, unknown>;
    return JSON.stringify({ ...spec, lease });
  };
  const copyFolder = (meetingJson: string): string => {
    const dir = tempDir('council-meeting-lease-');
    mkdirSync(join(dir, 'bao-cao'));
    for (const [file, data] of pdfs) writeFileSync(join(dir, file), data);
    writeFileSync(join(dir, 'delegates.csv'), readFileSync(join(folder, 'delegates.csv')));
    writeFileSync(join(dir, 'meeting.json'), meetingJson);
    return dir;
  };

  it('lands in the signed manifest, and `council docs` shows it', async () => {
    const dir = copyFolder(meetingWith({ hours: 240, confidentialHours: 48 }));
    try {
      const published = await publishMeeting({ folder: dir, server: server.url, adminToken: ADMIN_TOKEN, outDir: join(dir, 'out') });
      const vault = join(vaults, 'lease-chair');
      const probe = tempDir('council-lease-fetch-');
      const store = openSqliteDeviceStore(probe);
      try {
        // Opened with every check of a join: the signature under the pinned key, then the meeting key.
        const fetched = await nodeDeviceCore(store, FileKeyProtector.open(probe)).fetch(linkOf(published, 'd01'));
        expect(fetched.opened.manifest.meeting.lease).toEqual({ hours: 240, confidentialHours: 48 });
      } finally {
        store.close();
        rmSync(probe, { recursive: true, force: true });
      }
      await council('join', linkOf(published, 'd01'), '--data', vault);
      const listed = JSON.parse((await council('docs', '--data', vault, '--json')).stdout) as { lease?: { state: string; what: string; hours: number } }[];
      expect(listed.map((d) => d.lease && [d.lease.state, d.lease.what, d.lease.hours])).toEqual(listed.map(() => ['ok', 'confidential', 48]));
      expect((await council('docs', '--data', vault)).stdout).toContain('Thời hạn / lease: tài liệu mật / confidential');
      const d02 = join(vaults, 'lease-d02');
      await joinMeeting({ link: linkOf(published, 'd02'), dataDir: d02 });
      expect((await listDocuments(d02)).map((r) => r.lease?.hours)).toEqual([240, 240]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a confidential lease longer than the meeting lease, or out of range', async () => {
    for (const [lease, path] of [
      [{ hours: 24, confidentialHours: 48 }, 'lease.confidentialHours'],
      [{ hours: 10 ** 6 }, 'lease.hours'],
      [{ hours: 0 }, 'lease.hours'],
      [{ hours: 24, confidental: 2 }, 'lease'],
    ] as const) {
      const dir = copyFolder(meetingWith(lease));
      try {
        const refused = await publishMeeting({ folder: dir, server: server.url, adminToken: ADMIN_TOKEN, outDir: join(dir, 'out') }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(refused, JSON.stringify(lease)).toBeInstanceOf(MeetingInvalidError);
        expect((refused as MeetingInvalidError).problems.map((p) => ('path' in p.params ? p.params.path : ''))).toContain(path);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});

function titleOf(file: string): string {
  return { 'chuong-trinh.pdf': 'Chương trình kỳ họp', 'bao-cao/kinh-te.pdf': 'Báo cáo kinh tế - xã hội', 'bao-cao/nhan-su.pdf': 'Báo cáo nhân sự' }[file] ?? '';
}
