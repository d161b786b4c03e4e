// The session panel: when, where, which body, quorum, which revision the delegate holds.
import { useT } from '../i18n/I18nProvider.tsx';
import { compositionLine, memberLine } from '../i18n/members.ts';
import type { MeetingView } from '../platform/Platform.ts';

export function SessionInfo({ view }: { readonly view: MeetingView }) {
  const i18n = useT();
  const { t } = i18n;
  const m = view.meeting;
  const rows: readonly (readonly [string, string])[] = [
    [t('meeting.body'), m.body],
    [t('meeting.startsAt'), i18n.date(m.startsAt)],
    [t('meeting.place'), m.place],
    [t('meeting.totalDelegates'), i18n.number(m.totalDelegates)],
    [t('delegates.composition'), compositionLine(t, view.delegates)],
    ...(view.me ? [[t('preview.you'), memberLine(t, view.role, view.me.name, view.me.group)] as const] : []),
    [t('meeting.quorum'), t('meeting.quorumValue', { numerator: m.quorum.numerator, denominator: m.quorum.denominator })],
    [t('meeting.publishedAt'), `${i18n.date(view.publishedAt)} · ${t('meeting.revision', { revision: view.revision })}`],
  ];
  return (
    <dl className="info" data-testid="session-info">
      {rows.map(([k, v]) => (
        <div key={k} className="info-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
