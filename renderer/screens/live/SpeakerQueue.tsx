// The speaker queue on the chair's console: give the floor, reorder, remove.
import type { SpeakRequest } from '../../../common/live/state.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { SpeechTag } from '../../live/LiveParts.tsx';
import { labelOf, moveRequest } from '../../live/viewModel.ts';
import type { Act } from './act.ts';

export function SpeakerQueue({ queue, delegates, act }: { readonly queue: readonly SpeakRequest[]; readonly delegates: readonly Delegate[]; readonly act: Act }) {
  const { t } = useT();
  const move = (id: string, step: 1 | -1) => void act({ type: 'reorderQueue', requestIds: moveRequest(queue, id, step) });
  return (
    <section className="console-panel console-queue" aria-labelledby="queue-h">
      <h2 id="queue-h">
        {t('live.chair.queue')} ({queue.length})
      </h2>
      {queue.length === 0 && <p className="muted">{t('live.queueEmpty')}</p>}
      <ol className="queue-list" data-testid="chair-queue">
        {queue.map((r, i) => {
          const who = labelOf(delegates, r.delegateId);
          return (
            <li key={r.id} className="queue-entry" data-testid="queue-entry" data-delegate-id={r.delegateId}>
              <span className="queue-place">{i + 1}</span>
              <span className="queue-who">
                <strong>{who.name}</strong>
                <SpeechTag type={r.type} addressee={r.addressee} />
              </span>
              <span className="queue-tools">
                <button type="button" className="btn btn-primary" onClick={() => void act({ type: 'giveFloor', requestId: r.id })} data-testid="give-floor">
                  {t('live.chair.giveFloor')}
                </button>
                <button type="button" className="btn icon-btn" disabled={i === 0} onClick={() => move(r.id, -1)} aria-label={t('live.chair.moveUp')} title={t('live.chair.moveUp')}>
                  ↑
                </button>
                <button type="button" className="btn icon-btn" disabled={i === queue.length - 1} onClick={() => move(r.id, 1)} aria-label={t('live.chair.moveDown')} title={t('live.chair.moveDown')}>
                  ↓
                </button>
                <button type="button" className="btn icon-btn" onClick={() => void act({ type: 'removeRequest', requestId: r.id })} aria-label={t('live.chair.remove')} title={t('live.chair.remove')}>
                  ×
                </button>
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
