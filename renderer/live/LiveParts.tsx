// Small pieces shared by the delegate's live bar, the chair's console and the hall screen.
import type { QuorumStatus } from '../../common/live/quorum.ts';
import type { Floor, SpeechType } from '../../common/live/state.ts';
import type { Delegate } from '../../common/meeting/types.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { LiveSnapshot, LiveStatus } from './liveClient.ts';
import { connectionOf } from './connection.ts';
import { UNKNOWN_MARK } from './facts.ts';
import { useNow } from './useNow.ts';
import { countdownView, labelOf } from './viewModel.ts';
import './live.css';

/** The connection state; `compact` shows the coloured dot alone (the word stays for screen readers and as a tooltip). */
export function LiveStatusBadge({ status, compact = false }: { readonly status: LiveStatus; readonly compact?: boolean }) {
  const { t } = useT();
  // The same words as the top bar (connection.ts): "Mất kết nối máy chủ" when the network is up but the server is not.
  const kind = connectionOf(true, globalThis.navigator?.onLine !== false, { status }).kind;
  const label = t(`live.conn.${kind}`);
  return (
    <span
      className={`live-status live-status-${status} live-conn-${kind}${compact ? ' live-status-compact' : ''}`}
      role="status"
      data-testid="live-status"
      data-status={status}
      data-connection={kind}
      title={compact ? label : undefined}
    >
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

/** `quorum` undefined: nothing is known yet (an empty document is not "0/0"). */
export function QuorumLine({ quorum, detailed = false }: { readonly quorum: QuorumStatus | undefined; readonly detailed?: boolean }) {
  const { t } = useT();
  if (!quorum) {
    return (
      <div className="quorum quorum-unknown" data-testid="quorum" data-reached="unknown">
        <span className="quorum-count">{t('live.quorum', { present: UNKNOWN_MARK, total: UNKNOWN_MARK })}</span>
      </div>
    );
  }
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

/** The server's audit head is behind or differs from the one this device kept: shown to the chair (and logged). */
export function AuditNotice({ snapshot }: { readonly snapshot: LiveSnapshot }) {
  const { t } = useT();
  const w = snapshot.auditWarning;
  if (!w || snapshot.me.role !== 'chair') return null;
  return (
    <p className="banner live-audit-warning" role="alert" data-testid="audit-warning">
      {w.kind === 'lower'
        ? t('live.audit.lower', { seen: w.seen.seq, kept: w.kept.seq })
        : w.kind === 'forked'
          ? t('live.audit.forked', { seq: w.seen.seq })
          : w.kind === 'unsigned'
            ? t('live.audit.unsigned', { seq: w.seen.seq })
            : t('live.audit.keyChanged')}
    </p>
  );
}
