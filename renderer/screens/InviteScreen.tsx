// Preview: who you are and which session, BEFORE anything is downloaded; then "Tải về".
import { useController, useSelector } from '../app/AppContext.tsx';
import { ErrorBox } from '../components/Feedback.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { joinParts, memberLine } from '../i18n/members.ts';
import type { InvitationPreview } from '../platform/Platform.ts';

function Who({ p }: { readonly p: InvitationPreview }) {
  const { t } = useT();
  const d = p.delegate;
  return (
    <div className="who">
      <p className="muted">{t('preview.you')}</p>
      <p className="who-name" data-testid="preview-who">
        {d ? memberLine(t, p.role, d.name, d.group) : t('preview.unknownDelegate', { id: p.delegateId })}
      </p>
      {d && <p className="muted">{joinParts([d.position, d.unit], ' · ')}</p>}
    </div>
  );
}

function Preview({ p }: { readonly p: InvitationPreview }) {
  const i18n = useT();
  const { t } = i18n;
  const controller = useController();
  return (
    <section className="card preview" aria-labelledby="preview-title">
      <p className="eyebrow">{t('preview.title')}</p>
      <Who p={p} />
      <div className="session-box">
        <p className="muted">{t('preview.session')}</p>
        <h1 id="preview-title">{p.meeting.title}</h1>
        <p>{p.meeting.body}</p>
        <p>
          {i18n.date(p.meeting.startsAt)} · {p.meeting.place}
        </p>
        <p className="muted">{t('preview.documents', { count: p.documentCount, size: i18n.bytes(p.totalBytes) })}</p>
        <p className="verified">✓ {t('preview.verified')}</p>
      </div>
      <p className="muted">{t('preview.downloadHint')}</p>
      <div className="actions">
        {p.alreadyJoined ? (
          <button type="button" className="btn btn-primary btn-large" onClick={() => controller.openJoined(p.meetingId)}>
            {t('preview.open')}
          </button>
        ) : (
          <button type="button" className="btn btn-primary btn-large" onClick={() => void controller.joinAndDownload()}>
            {t('preview.download')}
          </button>
        )}
        <button type="button" className="btn btn-quiet" onClick={() => controller.cancelInvite()}>
          {t('preview.cancel')}
        </button>
      </div>
    </section>
  );
}

const NO_INVITATION = { code: 'LINK_INVALID', message: 'no invitation in memory' } as const;

export function InviteScreen() {
  const { t } = useT();
  const controller = useController();
  const invite = useSelector((s) => s.invite);
  return (
    <main className="page narrow" id="main">
      {/* #/invite without an invitation in memory (reloaded, or typed): say so instead of waiting forever. */}
      {!invite && <ErrorBox error={NO_INVITATION} place="invite" />}
      {invite?.preview.status === 'loading' && (
        <p className="loading" role="status">
          {t('preview.loading')}
        </p>
      )}
      {invite?.preview.status === 'error' && (
        <ErrorBox error={invite.preview.error} place="invite" onRetry={() => void controller.previewInvite(invite.link)} />
      )}
      {invite?.preview.status === 'ok' && <Preview p={invite.preview.value} />}
    </main>
  );
}
