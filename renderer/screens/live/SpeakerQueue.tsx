// The speaker queue on the chair's console: give the floor, reorder, remove (after five seconds to take it back).
import type { SpeakRequest } from '../../../common/live/state.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { SpeechTag } from '../../live/LiveParts.tsx';
import { labelOf, moveRequest } from '../../live/viewModel.ts';
import type { Undo } from '../../live/useUndo.ts';
import type { Act } from './act.ts';

export function SpeakerQueue({ queue, delegates, act, send, undo }: { readonly queue: readonly SpeakRequest[]; readonly delegates: readonly Delegate[]; readonly act: Act; readonly send: Act; readonly undo: Undo }) {
  const { t } = useT();
  const removeKey = (id: string) => `remove:${id}`;
  // A reorder computed while a removal waits would name a request the server no longer has.
  const anyRemoving = queue.some((r) => undo.queue.has(removeKey(r.id)));
  const remove = (r: SpeakRequest) => undo.queue.schedule(removeKey(r.id), t('live.undo.remove', { name: labelOf(delegates, r.delegateId).name }), () => send({ type: 'removeRequest', requestId: r.id }));
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
          const removing = undo.queue.has(removeKey(r.id));
          return (
            <li key={r.id} className={`queue-entry${removing ? ' is-undoable' : ''}`} data-testid="queue-entry" data-delegate-id={r.delegateId} data-removing={removing}>
              <span className="queue-place">{i + 1}</span>
              <span className="queue-who">
                <strong>{who.name}</strong>
                <SpeechTag type={r.type} addressee={r.addressee} />
              </span>
              <span className="queue-tools">
                <button type="button" className="btn btn-primary" disabled={removing} onClick={() => void act({ type: 'giveFloor', requestId: r.id })} data-testid="give-floor">
                  {t('live.chair.giveFloor')}
                </button>
                <button type="button" className="btn icon-btn" disabled={i === 0 || anyRemoving} onClick={() => move(r.id, -1)} aria-label={t('live.chair.moveUp')} title={t('live.chair.moveUp')}>
                  ↑
                </button>
                <button type="button" className="btn icon-btn" disabled={i === queue.length - 1 || anyRemoving} onClick={() => move(r.id, 1)} aria-label={t('live.chair.moveDown')} title={t('live.chair.moveDown')}>
                  ↓
                </button>
                <button type="button" className="btn icon-btn" disabled={removing} onClick={() => remove(r)} aria-label={t('live.chair.remove')} title={t('live.chair.remove')}>
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
