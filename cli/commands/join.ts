// `council join <link> [--data DIR]`: download, verify and store a meeting pack in the local vault.
import { parseArgs } from 'node:util';
import { joinMeeting, type JoinProgress } from '../../main/services/join/joinMeeting.ts';
import { formatBytes } from '../../main/services/vault/format.ts';
import { cliCell, cliLine } from '../../common/i18n/cliText.ts';
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
    const result = await joinMeeting({ link, dataDir, signal: stop.signal, onProgress: (p) => (bar ??= progressBar(cliLine('DOWNLOAD', {}), p.bytesTotal)).update(p.bytesDone, note(p)) });
    bar?.finish();
    bar = undefined;
    const was = result.previousRevision !== null && result.previousRevision !== result.revision ? ` (${cliLine('WAS', {})} ${result.previousRevision})` : '';
    console.log(`${cliLine('MEETING_LABEL', {})}: ${result.title} (${result.meetingId})`);
    console.log(`${cliLine('DELEGATE_LABEL', {})}: ${result.delegateId} (${result.role}) — ${cliLine('REVISION', { revision: result.revision })}${was}`);
    console.log(cliLine('JOIN_DOCUMENTS', { count: result.documents.length, downloaded: formatBytes(result.downloadedBytes), reused: formatBytes(result.reusedBytes) }));
    console.log(`${cliLine('VAULT_LABEL', {})}: ${dataDir}`);
    return 0;
  } finally {
    bar?.finish();
    process.off('SIGINT', onSigint);
  }
}

function note(p: JoinProgress): string {
  const what = cliLine(p.phase === 'download' ? 'DOWNLOADING' : 'VERIFYING', {});
  return `${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)} · ${p.docsDone}/${p.docsTotal} ${cliCell('DOCS_SHORT', {})} · ${what}`;
}

function usage(message: string): number {
  console.error(cliLine('BAD_ARGUMENTS', { command: 'join', detail: message, usage: USAGE }));
  return 2;
}
