// The rush benchmark's pack: a meeting of N delegates with ~S MB of documents, published by the real
// publisher (main/services/publish) to a real collab-server, whose data folder (SQLite file + chunk files)
// and invitation links are then kept under tests/artifacts/ (git-ignored) so a rerun starts in seconds.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { startCollabServer } from '../../collab-server/server.ts';
import { publishMeeting } from '../../main/services/publish/publish.ts';
import { MB } from '../table.ts';
import { RUSH_ADMIN } from './admin.ts';

const DOCS = 10;
/** Bumped when what the cache holds changes shape, so an old cache is rebuilt rather than misread. */
const CACHE_VERSION = 1;
const CACHE_ROOT = fileURLToPath(new URL('../../tests/artifacts/bench-rush/', import.meta.url));

export interface RushPack {
  /** The collab-server data folder as the publish left it (copy it before serving: manifests are recorded). */
  readonly dataDir: string;
  readonly meetingId: string;
  /** One invitation link per delegate, in delegates.csv order. */
  readonly links: readonly string[];
  /** Ciphertext bytes of the documents' chunks a delegate downloads (what the server stored). */
  readonly packBytes: number;
}

/** A valid PDF carrying `bytes` of incompressible data as an attachment (as bench/pack/joinBench.ts does). */
async function bulkyPdf(bytes: number, label: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(label, { x: 50, y: 700, size: 18 });
  await doc.attach(randomBytes(bytes), `${label}.bin`, { mimeType: 'application/octet-stream' });
  return doc.save({ useObjectStreams: false });
}

async function writeMeeting(dir: string, totalBytes: number, delegates: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const documents = [];
  for (let i = 1; i <= DOCS; i++) {
    await writeFile(join(dir, `tai-lieu-${i}.pdf`), await bulkyPdf(Math.floor(totalBytes / DOCS), `tai-lieu-${i}`));
    documents.push({ file: `tai-lieu-${i}.pdf`, title: `Tài liệu ${i}`, kind: 'khac' });
  }
  const meeting = { title: 'Kỳ họp thứ 9', body: 'HĐND', startsAt: '2026-12-05T07:30:00+07:00', place: 'Hội trường', totalDelegates: delegates, agenda: [{ title: 'Nội dung', documents }] };
  await writeFile(join(dir, 'meeting.json'), JSON.stringify(meeting));
  const rows = Array.from({ length: delegates }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    return i === 0 ? `d${n},Chủ tọa,Chủ tịch,HĐND,Tổ 1,chair` : `d${n},Đại biểu ${n},Đại biểu,HĐND,Tổ ${(i % 10) + 1},delegate`;
  });
  await writeFile(join(dir, 'delegates.csv'), `id,name,position,unit,group,role\n${rows.join('\n')}\n`);
}

async function readCache(dir: string): Promise<RushPack | undefined> {
  try {
    const info = JSON.parse(await readFile(join(dir, 'pack.json'), 'utf8')) as Omit<RushPack, 'dataDir'>;
    await stat(join(dir, 'server', 'chunks'));
    return { ...info, dataDir: join(dir, 'server') };
  } catch {
    return undefined;
  }
}

/** The cached pack for (sizeMb, delegates), built and published on first use. */
export async function rushPack(sizeMb: number, delegates: number, log: (line: string) => void): Promise<RushPack> {
  const dir = join(CACHE_ROOT, `v${CACHE_VERSION}-${sizeMb}mb-${delegates}d`);
  const cached = await readCache(dir);
  if (cached) return cached;
  log(`rush: building a ${sizeMb} MB pack for ${delegates} delegates in ${dir} (once; cached)`);
  await rm(dir, { recursive: true, force: true });
  const folder = join(dir, 'meeting');
  await writeMeeting(folder, sizeMb * MB, delegates);
  const building = join(dir, 'server-building');
  const server = await startCollabServer({ dataDir: building, port: 0, adminToken: RUSH_ADMIN, log: () => {} });
  let published: Awaited<ReturnType<typeof publishMeeting>>;
  try {
    published = await publishMeeting({ folder, server: server.url, adminToken: RUSH_ADMIN, outDir: join(dir, 'invitations'), ocr: false });
  } finally {
    await server.close();
  }
  await rename(building, join(dir, 'server'));
  await rm(folder, { recursive: true, force: true });
  const info = { meetingId: published.meetingId, links: published.invitations.map((i) => i.link), packBytes: published.uploadedBytes };
  // Written last: an interrupted build has no pack.json and is rebuilt, never taken for a cache.
  await writeFile(join(dir, 'pack.json'), JSON.stringify(info));
  return { ...info, dataDir: join(dir, 'server') };
}
