// The chair's agenda: every item with "Chuyển đến", and previous/next.
import type { AgendaNode } from '../../../common/pack/format.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { adjacentItemId, flattenAgenda } from '../../live/viewModel.ts';
import type { Act } from './act.ts';

export function AgendaControl({ agenda, currentItemId, act }: { readonly agenda: readonly AgendaNode[]; readonly currentItemId: string | null; readonly act: Act }) {
  const { t } = useT();
  const prev = adjacentItemId(agenda, currentItemId, -1);
  const next = adjacentItemId(agenda, currentItemId, 1);
  const setItem = (itemId: string) => void act({ type: 'setCurrentItem', itemId });
  return (
    <section className="console-panel console-agenda" aria-labelledby="agenda-h">
      <h2 id="agenda-h">{t('live.chair.agenda')}</h2>
      <div className="actions">
        <button type="button" className="btn" disabled={prev === undefined} onClick={() => prev !== undefined && setItem(prev)} data-testid="prev-item">
          ← {t('live.chair.prevItem')}
        </button>
        <button type="button" className="btn btn-primary" disabled={next === undefined} onClick={() => next !== undefined && setItem(next)} data-testid="next-item">
          {t('live.chair.nextItem')} →
        </button>
      </div>
      <ol className="console-agenda-list">
        {flattenAgenda(agenda).map(({ node, depth }) => {
          const current = node.id === currentItemId;
          return (
            <li key={node.id} className={`console-item depth-${Math.min(depth, 3)}${current ? ' is-current' : ''}`} aria-current={current ? 'step' : undefined} data-testid="console-item" data-item-id={node.id}>
              <span className="console-item-title">
                <span className="agenda-number">{node.id}.</span> {node.title}
              </span>
              {!current && (
                <button type="button" className="btn btn-quiet" aria-label={t('live.chair.setCurrentLabel', { title: node.title })} onClick={() => setItem(node.id)}>
                  {t('live.chair.setCurrent')}
                </button>
              )}
              {current && <span className="badge badge-current">{t('live.currentItem')}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
