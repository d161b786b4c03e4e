// "Chưa biểu quyết": who may vote on an open (by-name) poll and has not, virtualised so that it stays fast with
// 2,000 members (openslides-client #4966: the poll view froze with 450+ voters). Only the rows in view (and a
// few either side) are in the DOM; rows are memoised by id, so a progress update re-renders the visible rows
// whose person changed, never the whole list.
import { memo, useMemo, useState, type KeyboardEvent } from 'react';
import type { Delegate } from '../../../../common/meeting/types.ts';
import { foldVietnamese } from '../../../../common/text/fold.ts';
import { visibleWindow, VOTER_ROW_PX } from '../../../live/chairVoting/virtualList.ts';
import { useChairT } from '../../../live/chairVoting/useChairT.ts';

/** The list's viewport: eight rows. */
export const VOTER_LIST_HEIGHT_PX = 288;

const Row = memo(function Row({ delegate, id, index, total }: { readonly delegate: Delegate | undefined; readonly id: string; readonly index: number; readonly total: number }) {
  return (
    <li
      className="voter-row"
      style={{ top: index * VOTER_ROW_PX, height: VOTER_ROW_PX }}
      aria-setsize={total}
      aria-posinset={index + 1}
      data-testid="not-voted-row"
      data-delegate-id={id}
    >
      <span className="voter-name">{delegate?.name ?? id}</span>
      {delegate?.group ? <span className="voter-group muted">{delegate.group}</span> : null}
    </li>
  );
});

export function VoterList({ ids, delegates }: { readonly ids: readonly string[]; readonly delegates: readonly Delegate[] }) {
  const { ct } = useChairT();
  const [scrollTop, setScrollTop] = useState(0);
  const [filter, setFilter] = useState('');
  const byId = useMemo(() => new Map(delegates.map((d) => [d.id, d])), [delegates]);
  const folded = useMemo(() => new Map(delegates.map((d) => [d.id, foldVietnamese(`${d.name} ${d.group}`).toLowerCase()])), [delegates]);
  const shown = useMemo(() => {
    const f = foldVietnamese(filter.trim()).toLowerCase();
    return f === '' ? ids : ids.filter((id) => (folded.get(id) ?? id).includes(f));
  }, [ids, filter, folded]);
  const { first, last } = visibleWindow(scrollTop, VOTER_LIST_HEIGHT_PX, shown.length);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    const page = VOTER_LIST_HEIGHT_PX - VOTER_ROW_PX;
    const moves: Record<string, number> = { ArrowDown: VOTER_ROW_PX, ArrowUp: -VOTER_ROW_PX, PageDown: page, PageUp: -page, End: Infinity, Home: -Infinity };
    const move = moves[e.key];
    if (move === undefined) return;
    e.preventDefault();
    el.scrollTop = Number.isFinite(move) ? el.scrollTop + move : move > 0 ? el.scrollHeight : 0;
  };
  return (
    <div className="voter-list" data-testid="not-voted" data-count={ids.length}>
      <div className="voter-list-head">
        <h4>{ct('cv.notVoted', { count: ids.length })}</h4>
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={ct('cv.notVotedFilter')} aria-label={ct('cv.notVotedFilter')} />
      </div>
      {ids.length === 0 ? (
        <p className="ok-text">{ct('cv.notVotedNone')}</p>
      ) : (
        <div
          className="voter-scroll"
          style={{ height: Math.min(VOTER_LIST_HEIGHT_PX, Math.max(1, shown.length) * VOTER_ROW_PX + 2) }}
          tabIndex={0}
          role="region"
          aria-label={ct('cv.notVoted', { count: shown.length })}
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
          onKeyDown={onKey}
          data-testid="not-voted-scroll"
        >
          <ul className="voter-rows" style={{ height: shown.length * VOTER_ROW_PX }}>
            {shown.slice(first, last).map((id, i) => (
              <Row key={id} id={id} delegate={byId.get(id)} index={first + i} total={shown.length} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
