// `council join` of a ~200 MB pack of twelve documents from a local collab-server, against a plain HTTP
// download of the same number of bytes from a plain node:http file server in the same process; then the
// bytes a delegate re-downloads when one of the twelve documents changes.
import { randomBytes as nodeRandom } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { PDFDocument } from 'pdf-lib';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { joinMeeting } from '../../main/services/join/joinMeeting.ts';
import { publishMeeting } from '../../main/services/publish/publish.ts';
import { MB, type BenchRow } from '../table.ts';

const DOCS = 12;
const ADMIN = 'bench-admin-token-0123456789';

/** A valid PDF carrying `bytes` of incompressible data as an attachment, so validation parses it quickly. */
async function bulkyPdf(bytes: number, label: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(label, { x: 50, y: 700, size: 18 });
  await doc.attach(nodeRandom(bytes), `${label}.bin`, { mimeType: 'application/octet-stream' });
  return doc.save({ useObjectStreams: false });
}

async function writeMeeting(dir: string, totalBytes: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const documents = [];
  for (let i = 1; i <= DOCS; i++) {
    await writeFile(join(dir, `tai-lieu-${i}.pdf`), await bulkyPdf(Math.floor(totalBytes / DOCS), `tai-lieu-${i}`));
    documents.push({ file: `tai-lieu-${i}.pdf`, title: `Tài liệu ${i}`, kind: 'khac' });
  }
  const meeting = { title: 'Benchmark', body: 'HĐND', startsAt: '2026-12-05T07:30:00+07:00', place: 'Hội trường', totalDelegates: 1, agenda: [{ title: 'Nội dung', documents }] };
  await writeFile(join(dir, 'meeting.json'), JSON.stringify(meeting));
  await writeFile(join(dir, 'delegates.csv'), 'id,name,position,unit,group,role\nd01,Chủ tọa,Chủ tịch,HĐND,Tổ 1,chair\n');
}

/** The baseline: one plain file from a plain node:http server in its own process, streamed to disk. */
async function plainDownload(file: string, out: string): Promise<number> {
  const code = `require('node:http').createServer((q, s) => { s.writeHead(200); require('node:fs').createReadStream(${JSON.stringify(file)}).pipe(s); }).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<string>((resolve) => child.stdout!.on('data', (b: Buffer) => resolve(/port (\d+)/.exec(b.toString())?.[1] ?? '')));
    const start = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/`);
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(out));
    return (performance.now() - start) / 1000;
  } finally {
    child.kill();
  }
}

async function concatFolder(dir: string, out: string): Promise<void> {
  const ws = createWriteStream(out);
  for (let i = 1; i <= DOCS; i++) {
    for await (const piece of createReadStream(join(dir, `tai-lieu-${i}.pdf`))) if (!ws.write(piece)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise((r) => ws.end(r));
}

/** `council serve` in its own process, as in the hall: the client's work is then measured alone. */
async function startServeProcess(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const bin = fileURLToPath(new URL('../../bin/council.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve', '--data', dataDir, '--port', '0'], {
    env: { ...process.env, COUNCIL_ADMIN_TOKEN: ADMIN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Server ready: (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`council serve exited ${code}`)));
  });
  return { url, child };
}

export async function runJoinBench(opts: { totalMb?: number } = {}): Promise<BenchRow[]> {
  const root = join(tmpdir(), `council-bench-join-${process.pid}`);
  const folder = join(root, 'meeting');
  await writeMeeting(folder, (opts.totalMb ?? 200) * MB);
  const server = await startServeProcess(join(root, 'server'));
  try {
    const published = await publishMeeting({ folder, server: server.url, adminToken: ADMIN, outDir: join(root, 'inv') });
    const link = published.invitations[0]!.link;
    const joins: number[] = [];
    let bytes = 0;
    for (let run = 0; run < 3; run++) {
      const dataDir = join(root, `vault-${run}`);
      const start = performance.now();
      const r = await joinMeeting({ link, dataDir });
      joins.push((performance.now() - start) / 1000);
      bytes = r.downloadedBytes;
      if (run > 0) await rm(dataDir, { recursive: true, force: true });
    }
    const same = join(root, 'same-bytes.bin');
    await concatFolder(folder, same);
    const plain: number[] = [];
    for (let run = 0; run < 3; run++) plain.push(await plainDownload(same, join(root, 'download.bin')));
    const joinS = Math.min(...joins);
    const plainS = Math.min(...plain);
    const mbps = (s: number, b: number) => b / MB / s;
    const plainBytes = (await stat(same)).size;

    // One of the twelve documents changes: publish revision 2, update the first vault.
    await writeFile(join(folder, 'tai-lieu-7.pdf'), await bulkyPdf(Math.floor(((opts.totalMb ?? 200) * MB) / DOCS), 'tai-lieu-7-sua-doi'));
    await publishMeeting({ folder, server: server.url, adminToken: ADMIN, outDir: join(root, 'inv') });
    const update = await joinMeeting({ link, dataDir: join(root, 'vault-0') });
    return [
      {
        group: 'join',
        name: `council join, ${(bytes / MB).toFixed(0)} MB pack, 12 documents`,
        value: mbps(joinS, bytes),
        unit: 'MB/s',
        baseline: `plain HTTP download ${mbps(plainS, plainBytes).toFixed(0)} MB/s`,
        note: `${((mbps(joinS, bytes) / mbps(plainS, plainBytes)) * 100).toFixed(0)} % of plain (goal ≥ 80 %); download + verify + store, best of 3`,
      },
      {
        group: 'join',
        name: 'update after 1 of 12 documents changed',
        value: update.downloadedBytes / MB,
        unit: 'MB re-downloaded',
        baseline: `whole pack ${(bytes / MB).toFixed(0)} MB`,
        note: `${((update.downloadedBytes / bytes) * 100).toFixed(1)} % of the pack; ${(update.reusedBytes / MB).toFixed(0)} MB reused`,
      },
    ];
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    await rm(root, { recursive: true, force: true });
  }
}
