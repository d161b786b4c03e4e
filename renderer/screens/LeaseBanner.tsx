// The device lease on the meeting screen (common/device/lease.ts): a warning before keys are destroyed for
// want of contact with the server, and, after, what was deleted with a way to download it again.
import { useController, useSelector } from '../app/AppContext.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import type { MeetingSummary } from '../platform/Platform.ts';

type LeaseInfo = NonNullable<MeetingSummary['lease']>;

/** The lease from the meeting shown, or (an expired meeting has no view) from the meeting list. */
function useLease(meetingId: string): LeaseInfo | undefined {
  return useSelector((s) => {
    const shown = s.meeting?.meetingId === meetingId && s.meeting.view.status === 'ok' ? s.meeting.view.value.summary.lease : undefined;
    return shown ?? (s.meetings.status === 'ok' ? s.meetings.value.find((m) => m.meetingId === meetingId)?.lease : undefined);
  });
}

export function LeaseBanner({ meetingId, expired = false }: { readonly meetingId: string; readonly expired?: boolean }) {
  const i18n = useT();
  const controller = useController();
  const lease = useLease(meetingId);
  const downloading = useSelector((s) => s.downloads[meetingId]?.phase === 'running');
  if (expired || lease?.state === 'expired') {
    return (
      <aside className="banner banner-danger" role="alert" data-testid="lease-banner" data-lease="expired">
        <p>{i18n.t('lease.expired', { hours: lease?.hours ?? '?' })}</p>
        <a className="btn" href="#/join">
          {i18n.t('lease.rejoin')}
        </a>
      </aside>
    );
  }
  if (!lease) return null;
  return (
    <>
      {lease.state === 'warn' && (
        <aside className="banner banner-update" role="alert" data-testid="lease-banner" data-lease="warn">
          <p>{i18n.t(lease.what === 'confidential' ? 'lease.warn.confidential' : 'lease.warn.meeting', { since: i18n.date(lease.lastContactAt), at: i18n.date(lease.at) })}</p>
        </aside>
      )}
      {lease.shredded && (
        <aside className="banner banner-update" role="status" data-testid="lease-shredded">
          <p>{i18n.t('lease.shredded', { hours: lease.shredded.hours })}</p>
          {!downloading && (
            <button type="button" className="btn btn-primary" onClick={() => void controller.download(meetingId)}>
              {i18n.t('lease.download')}
            </button>
          )}
        </aside>
      )}
    </>
  );
}
