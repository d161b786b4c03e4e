// `council join <link> [--data DIR]`: download, verify and store a meeting pack in the local vault.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { joinMeeting, type JoinProgress } from '../../main/services/join/joinMeeting.ts';
import { formatBytes } from '../../main/services/vault/format.ts';
import { progressBar } from '../output.ts';
import { resolveDataDir } from '../dataDirs.ts';

const USAGE = 'council join <link> [--data DIR]';

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, strict: true, allowPositionals: true, options: { data: { type: 'string' } } });
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
  const [link, ...extra] = parsed.positionals;
  if (link === undefined || extra.length > 0) return usage('expected exactly one invitation link');
  const dataDir = resolveDataDir('device', parsed.values.data);
  const stop = new AbortController();
  const onSigint = (): void => stop.abort();
  process.once('SIGINT', onSigint);
  let bar: ReturnType<typeof progressBar> | undefined;
  try {
    const result = await joinMeeting({ link, dataDir, signal: stop.signal, onProgress: (p) => (bar ??= progressBar('Tải về / Download', p.bytesTotal)).update(p.bytesDone, note(p)) });
    bar?.finish();
    bar = undefined;
    console.log(`Kỳ họp / Meeting: ${result.title} (${result.meetingId})`);
    console.log(`Đại biểu / Delegate: ${result.delegateId} (${result.role}) — phiên bản / revision ${result.revision}` + (result.previousRevision !== null && result.previousRevision !== result.revision ? ` (trước / was ${result.previousRevision})` : ''));
    console.log(`Tài liệu / Documents: ${result.documents.length} — đã tải / downloaded ${formatBytes(result.downloadedBytes)}, dùng lại / reused ${formatBytes(result.reusedBytes)}`);
    console.log(`Kho / Vault: ${dataDir}`);
    return 0;
  } finally {
    bar?.finish();
    process.off('SIGINT', onSigint);
  }
}

function note(p: JoinProgress): string {
  const what = p.phase === 'download' ? 'tải / downloading' : 'kiểm tra / verifying';
  return `${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)} · ${p.docsDone}/${p.docsTotal} tài liệu/docs · ${what}`;
}

function usage(message: string): number {
  console.error(`council join: tham số sai / bad arguments: ${message}. Usage: ${USAGE}`);
  return 2;
}
