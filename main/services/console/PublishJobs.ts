// Publishing as a background job (issue 10): publishMeeting exactly as `council publish` runs it (OCR on), its
// progress mapped to Job.phase/progress/detail for the screen's bar. One job per draft at a time; finished jobs
// are kept (bounded) so the screen can read the outcome.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Job, JobPhase } from '../../../common/api/console.ts';
import { consoleMessage, consoleText } from '../../../common/i18n/consoleText.ts';
import { CouncilError, toErrorValue } from '../../../common/result.ts';
import type { PublishProgress, TextProgress } from '../publish/encryptDocuments.ts';
import { publishMeeting } from '../publish/publish.ts';
import { STATE_DIR } from '../publish/state.ts';
import { keepPublishedCopy, readPublishedInputs } from './changes.ts';

/** Finished jobs remembered for the screen to read. */
const KEPT_JOBS = 200;
export const INVITATIONS_OUT = path.join(STATE_DIR, 'invitations');

/** Where each phase sits on the whole job's 0…1 bar. */
const SPAN: Readonly<Record<'encrypt' | 'extract' | 'ocr' | 'upload', readonly [number, number]>> = {
  encrypt: [0.02, 0.25],
  extract: [0.25, 0.4],
  ocr: [0.4, 0.6],
  upload: [0.6, 0.95],
};

const mib = (n: number): string => (n / (1024 * 1024)).toFixed(1);

export interface PublishJobOptions {
  readonly draftId: string;
  readonly folder: string;
  readonly server: string;
  readonly adminToken: string;
  readonly ocr?: false;
}

export class PublishJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly running = new Map<string, string>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly log: (line: string) => void) {}

  get(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new CouncilError('NOT_FOUND', consoleMessage('JOB_NOT_FOUND', { id: jobId }));
    return job;
  }

  /** The running job of a draft, if any. */
  runningFor(draftId: string): Job | undefined {
    const id = this.running.get(draftId);
    return id === undefined ? undefined : this.jobs.get(id);
  }

  /** Starts a publish, or answers the one already running for this draft. */
  start(opts: PublishJobOptions): Job {
    const current = this.runningFor(opts.draftId);
    if (current) return current;
    const jobId = `j${randomBytes(8).toString('hex')}`;
    this.set({ jobId, draftId: opts.draftId, phase: 'validating', progress: 0, detail: consoleText('vi', 'JOB_VALIDATING') });
    this.running.set(opts.draftId, jobId);
    const run = this.run(jobId, opts).finally(() => {
      this.running.delete(opts.draftId);
      this.pending.delete(run);
    });
    this.pending.add(run);
    return this.get(jobId);
  }

  private set(job: Job): void {
    this.jobs.set(job.jobId, job);
    while (this.jobs.size > KEPT_JOBS) {
      const oldest = [...this.jobs.values()].find((j) => j.phase === 'done' || j.phase === 'failed');
      if (!oldest) break;
      this.jobs.delete(oldest.jobId);
    }
  }

  private update(jobId: string, phase: JobPhase, progress: number, detail: string): void {
    const job = this.jobs.get(jobId);
    if (job) this.set({ ...job, phase, progress: Math.max(job.progress, Math.min(1, progress)), detail });
  }

  private onProgress(jobId: string, p: PublishProgress): void {
    const [from, to] = SPAN[p.phase];
    const f = p.total > 0 ? p.done / p.total : 1;
    const params = { done: mib(p.done), total: mib(p.total) };
    if (p.phase === 'encrypt') this.update(jobId, 'encrypting', from + (to - from) * f, consoleText('vi', 'JOB_ENCRYPTING', params));
    else if (f < 1) this.update(jobId, 'uploading', from + (to - from) * f, consoleText('vi', 'JOB_UPLOADING', params));
    else this.update(jobId, 'publishing', to, consoleText('vi', 'JOB_PUBLISHING'));
  }

  private onText(jobId: string, p: TextProgress): void {
    const [from, to] = SPAN[p.phase];
    const f = p.total > 0 ? p.done / p.total : 1;
    this.update(jobId, 'reading', from + (to - from) * f, `${consoleText('vi', 'JOB_READING', { done: p.done, total: p.total })} ${p.file}`);
  }

  private async run(jobId: string, opts: PublishJobOptions): Promise<void> {
    try {
      // A file missing now is the validator's to report (publishMeeting), with the words a clerk can act on.
      const inputs = await readPublishedInputs(opts.folder).catch(() => undefined);
      const r = await publishMeeting({
        folder: opts.folder,
        server: opts.server,
        adminToken: opts.adminToken,
        outDir: path.join(opts.folder, INVITATIONS_OUT),
        onProgress: (p) => this.onProgress(jobId, p),
        onTextProgress: (p) => this.onText(jobId, p),
        ...(opts.ocr === false ? { ocr: false as const } : {}),
      });
      this.update(jobId, 'invitations', 0.98, consoleText('vi', 'JOB_PUBLISHING'));
      await keepPublishedCopy(opts.folder, inputs);
      const job = this.get(jobId);
      const detail = consoleText('vi', r.newRevision ? 'JOB_DONE' : 'JOB_UNCHANGED', { revision: r.revision });
      this.set({
        ...job,
        phase: 'done',
        progress: 1,
        detail,
        revision: r.revision,
        result: {
          newRevision: r.newRevision,
          uploadedChunks: r.uploadedChunks,
          skippedChunks: r.skippedChunks,
          uploadedBytes: r.uploadedBytes,
          changedDocuments: r.changedDocuments,
          unchangedDocuments: r.unchangedDocuments,
        },
      });
    } catch (e) {
      const error = toErrorValue(e);
      if (error.code === 'INTERNAL') this.log(`console publish ${opts.draftId}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      const job = this.get(jobId);
      this.set({ ...job, phase: 'failed', detail: consoleText('vi', 'JOB_FAILED'), error: error.details ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message } });
    }
  }

  /** Waits for the running jobs (the server's close). */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
