// Small pieces shared by the delegate's live bar, the chair's console and the hall screen.
import type { QuorumStatus } from '../../common/live/quorum.ts';
import type { Floor, SpeechType } from '../../common/live/state.ts';
import type { Delegate } from '../../common/meeting/types.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { LiveStatus } from './liveClient.ts';
import { useNow } from './useNow.ts';
import { countdownView, labelOf } from './viewModel.ts';
import './live.css';

/** The connection state; `compact` shows the coloured dot alone (the word stays for screen readers and as a tooltip). */
export function LiveStatusBadge({ status, compact = false }: { readonly status: LiveStatus; readonly compact?: boolean }) {
  const { t } = useT();
  const label = t(`live.status.${status}`);
  return (
    <span className={`live-status live-status-${status}${compact ? ' live-status-compact' : ''}`} role="status" data-testid="live-status" data-status={status} title={compact ? label : undefined}>
      <span className="live-dot" aria-hidden="true" />
      <span className={compact ? 'sr-only' : undefined}>{label}</span>
    </span>
  );
}

export function SpeechTag({ type, addressee }: { readonly type: SpeechType; readonly addressee?: string | undefined }) {
  const { t } = useT();
  return (
    <span className={`speech-tag speech-${type}`}>
      {addressee === undefined ? t(`live.speech.${type}`) : t('live.addressedTo', { name: addressee })}
    </span>
  );
}

/** The speaking-time clock: running, a warning in the last minute, then a counted overrun. */
export function CountdownClock({ floor, offsetMs, size }: { readonly floor: Floor; readonly offsetMs: number; readonly size: 'small' | 'large' | 'hall' }) {
  const { t } = useT();
  const now = useNow(true, offsetMs);
  const view = countdownView({ floor }, now);
  if (!view) return null;
  const note = view.phase === 'overrun' ? t('live.countdown.overrun') : view.phase === 'warning' ? t('live.countdown.warning') : t('live.countdown.label');
  return (
    <div className={`countdown countdown-${size} countdown-${view.phase}`} data-testid="countdown" data-phase={view.phase}>
      <span className="countdown-note">{note}</span>
      <span className="countdown-clock" role="timer" aria-label={note}>
        {view.text}
      </span>
      <span className="countdown-bar" aria-hidden="true">
        <span style={{ width: `${Math.round(view.used * 100)}%` }} />
      </span>
    </div>
  );
}

export function FloorSpeaker({ floor, delegates }: { readonly floor: Floor; readonly delegates: readonly Delegate[] }) {
  const who = labelOf(delegates, floor.delegateId);
  return (
    <div className="floor-speaker" data-testid="floor-speaker" data-delegate-id={floor.delegateId}>
      <span className="floor-name">{who.name}</span>
      {who.detail && <span className="floor-detail">{who.detail}</span>}
      <SpeechTag type={floor.type} addressee={floor.addressee} />
    </div>
  );
}

export function QuorumLine({ quorum, detailed = false }: { readonly quorum: QuorumStatus; readonly detailed?: boolean }) {
  const { t } = useT();
  return (
    <div className={`quorum ${quorum.reached ? 'quorum-ok' : 'quorum-no'}`} data-testid="quorum" data-reached={quorum.reached}>
      <span className="quorum-count">{t('live.quorum', { present: quorum.present, total: quorum.total })}</span>
      <span className="quorum-verdict">{quorum.reached ? t('live.quorum.reached') : t('live.quorum.notReached', { required: quorum.required })}</span>
      {detailed && (
        <span className="quorum-breakdown">{t('live.quorum.breakdown', { hall: quorum.presentHall, online: quorum.presentOnline, absent: quorum.absent })}</span>
      )}
    </div>
  );
}
