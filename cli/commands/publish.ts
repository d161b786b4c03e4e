// council publish <meeting-folder> --server URL --token T [--out DIR]
// Validates, encrypts, uploads what is missing, publishes a revision, writes the invitations.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { publishMeeting, type PublishResult } from '../../main/services/publish/publish.ts';
import type { ProgressListener, PublishPhase } from '../../main/services/publish/encryptDocuments.ts';
import { describeError, progressBar } from '../output.ts';

const USAGE = 'Cách dùng / Usage: council publish <meeting-folder> --server URL --token T [--out DIR]   (or COUNCIL_ADMIN_TOKEN=T)';
const PHASE_LABELS: Readonly<Record<PublishPhase, string>> = { encrypt: 'Mã hóa / Encrypting', upload: 'Tải lên / Uploading' };

interface Parsed {
  readonly folder: string;
  readonly server: string;
  readonly token: string;
  readonly out: string | undefined;
}

function parse(args: string[]): Parsed | string {
  let values: { server?: string; token?: string; out?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { server: { type: 'string' }, token: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const token = values.token ?? process.env['COUNCIL_ADMIN_TOKEN'];
  const [folder, ...extra] = positionals;
  if (values.help === true) return '';
  if (folder === undefined || extra.length > 0) return 'cần đúng một thư mục kỳ họp / expected exactly one meeting folder';
  if (values.server === undefined) return 'thiếu --server / missing --server';
  if (token === undefined || token === '') return 'thiếu --token hoặc COUNCIL_ADMIN_TOKEN / missing --token or COUNCIL_ADMIN_TOKEN';
  return { folder, server: values.server, token, out: values.out };
}

/** One bar per phase on stderr. */
function progressReporter(): { listener: ProgressListener; finish(): void } {
  let phase: PublishPhase | undefined;
  let bar: ReturnType<typeof progressBar> | undefined;
  return {
    listener: (p) => {
      if (p.phase !== phase) {
        bar?.finish();
        phase = p.phase;
        bar = progressBar(PHASE_LABELS[p.phase], p.total);
      }
      bar?.update(p.done, `${mib(p.done)}/${mib(p.total)} MiB`);
    },
    finish: () => bar?.finish(),
  };
}

const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

function summary(r: PublishResult): string {
  return [
    r.newRevision
      ? `Đã phát hành / Published: kỳ họp / meeting ${r.meetingId}, phiên bản / revision ${r.revision}`
      : `Không có thay đổi, giữ phiên bản ${r.revision} / Nothing changed, revision ${r.revision} kept: kỳ họp / meeting ${r.meetingId}`,
    `Tài liệu / Documents: ${r.changedDocuments} mới hoặc đã sửa / new or changed, ${r.unchangedDocuments} không đổi / unchanged`,
    `Khối dữ liệu / Chunks: ${r.uploadedChunks} đã tải lên / uploaded (${mib(r.uploadedBytes)} MiB), ${r.skippedChunks} đã có trên máy chủ / already on the server`,
    `Giấy mời / Invitations: ${r.invitations.length} → ${r.outDir}`,
    `  (invitations.pdf để in / to print, invitations.csv, <id>.png; giữ kín / keep them confidential)`,
  ].join('\n');
}

export async function run(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    if (parsed !== '') console.error(`council publish: ${parsed}`);
    console.error(USAGE);
    return parsed === '' ? 0 : 2;
  }
  const progress = progressReporter();
  try {
    const result = await publishMeeting({
      folder: parsed.folder,
      server: parsed.server,
      adminToken: parsed.token,
      ...(parsed.out !== undefined ? { outDir: path.resolve(parsed.out) } : {}),
      onProgress: progress.listener,
    });
    progress.finish();
    console.log(summary(result));
    return 0;
  } catch (e) {
    progress.finish();
    console.error(describeError(e));
    return 1;
  }
}
