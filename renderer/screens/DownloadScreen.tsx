// Downloading: bytes, documents, time left; pause and resume.
import { useController, useSelector } from '../app/AppContext.tsx';
import { ErrorBox, ProgressBar, StateBadge } from '../components/Feedback.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import type { DownloadProgress } from '../platform/Platform.ts';

function Figures({ p }: { readonly p: DownloadProgress }) {
  const i18n = useT();
  return (
    <div className="figures" data-testid="download-figures">
      <span>{i18n.t('download.bytes', { done: i18n.bytes(p.bytesDone), total: i18n.bytes(p.bytesTotal) })}</span>
      <span>{i18n.t('download.documents', { done: p.documentsDone, total: p.documentsTotal })}</span>
      {p.phase === 'running' && p.secondsLeft !== undefined && <span>{i18n.t('download.timeLeft', { time: i18n.duration(p.secondsLeft) })}</span>}
    </div>
  );
}

export function DownloadScreen({ meetingId }: { readonly meetingId: string }) {
  const { t } = useT();
  const controller = useController();
  const progress = useSelector((s) => s.downloads[meetingId]);
  const view = useSelector((s) => (s.meeting?.meetingId === meetingId && s.meeting.view.status === 'ok' ? s.meeting.view.value : undefined));
  const running = progress?.phase === 'running';
  const state = running ? 'downloading' : (view?.summary.state ?? 'not-downloaded');
  return (
    <main className="page narrow" id="main">
      <section className="card download" aria-labelledby="download-title">
        <p className="eyebrow">{view?.meeting.title}</p>
        <h1 id="download-title">{t('download.title')}</h1>
        <StateBadge state={state} />
        <ProgressBar value={progress?.bytesDone ?? 0} max={progress?.bytesTotal ?? 0} label={t('download.progressLabel')} />
        {progress && <Figures p={progress} />}
        {progress?.phase === 'failed' && progress.error && <ErrorBox error={progress.error} />}
        {state === 'ready' && <p className="ok-text">{t('download.done')}</p>}
        <div className="actions">
          {running && (
            <button type="button" className="btn" onClick={() => controller.pause(meetingId)}>
              {t('download.pause')}
            </button>
          )}
          {!running && state !== 'ready' && state !== 'revoked' && (
            <button type="button" className="btn btn-primary btn-large" onClick={() => void controller.download(meetingId)}>
              {progress ? t('download.resume') : t('download.start')}
            </button>
          )}
          {state === 'ready' && (
            <a className="btn btn-primary btn-large" href={`#/m/${meetingId}`}>
              {t('preview.open')}
            </a>
          )}
        </div>
      </section>
    </main>
  );
}
