// council publish <meeting-folder> --server URL --token T [--out DIR]
// Validates, encrypts, uploads what is missing, publishes a revision, writes the invitations.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { publishMeeting, type PublishResult } from '../../main/services/publish/publish.ts';
import type { ProgressListener, PublishPhase, TextProgress, TextProgressListener } from '../../main/services/publish/encryptDocuments.ts';
import { TEXT_PHASE_LABELS, textReportLines } from '../../common/i18n/searchPublish.ts';
import { cliLine } from '../../common/i18n/cliText.ts';
import { describeError, progressBar } from '../output.ts';

const USAGE = `${cliLine('USAGE', {})}: council publish <meeting-folder> --server URL --token T [--out DIR]   (or COUNCIL_ADMIN_TOKEN=T)`;
const PHASE_LABELS: Readonly<Record<PublishPhase, string>> = { encrypt: cliLine('PHASE_ENCRYPT', {}), upload: cliLine('PHASE_UPLOAD', {}) };

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
  if (folder === undefined || extra.length > 0) return cliLine('ONE_MEETING_FOLDER', {});
  if (values.server === undefined) return cliLine('MISSING_SERVER', {});
  if (token === undefined || token === '') return cliLine('MISSING_TOKEN', {});
  return { folder, server: values.server, token, out: values.out };
}

/** One bar per phase on stderr. */
function progressReporter(): { listener: ProgressListener; text: TextProgressListener; finish(): void } {
  let phase: PublishPhase | TextProgress['phase'] | undefined;
  let bar: ReturnType<typeof progressBar> | undefined;
  return {
    // Reading the page texts (and OCR of scanned pages, seconds each) comes first, counted in pages.
    text: (p) => {
      if (p.phase !== phase) {
        bar?.finish();
        phase = p.phase;
        bar = progressBar(`${TEXT_PHASE_LABELS[p.phase].vi} / ${TEXT_PHASE_LABELS[p.phase].en}`, p.total);
      }
      bar?.update(p.done, `${p.done}/${p.total}`);
    },
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
  const revision = { meetingId: r.meetingId, revision: r.revision };
  return [
    r.newRevision ? cliLine('PUBLISHED', revision) : cliLine('NOTHING_CHANGED', revision),
    cliLine('PUBLISH_DOCUMENTS', { changed: r.changedDocuments, unchanged: r.unchangedDocuments }),
    cliLine('PUBLISH_CHUNKS', { uploaded: r.uploadedChunks, mib: mib(r.uploadedBytes), skipped: r.skippedChunks }),
    ...textReportLines(r.texts),
    `${cliLine('INVITATIONS_LABEL', {})}: ${r.invitations.length} → ${r.outDir}`,
    `  (invitations.pdf ${cliLine('TO_PRINT', {})}, invitations.csv, <id>.png; ${cliLine('KEEP_THEM_CONFIDENTIAL', {})})`,
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
      onTextProgress: progress.text,
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
