// The viewer's banner after re-anchoring (never move silently): "Đã chuyển N ghi chú sang bản mới; M ghi chú cần
// gắn lại", with a link to the list of those to re-attach.
import { useAnnotationsT } from '../../../i18n/annotations.ts';
import type { ReanchorState } from './useViewerNotes.ts';

export function ReanchorBanner({ state, onList, onDismiss }: { readonly state: ReanchorState; onList(): void; onDismiss(): void }) {
  const t = useAnnotationsT();
  if (state.status === 'idle') return null;
  if (state.status === 'working') return <p className="banner np-banner" role="status">{t('notes.reanchor.working')}</p>;
  if (state.status === 'failed') return <p className="banner banner-danger np-banner" role="alert">{t('notes.reanchor.failed', { message: state.message })}</p>;
  const { moved, orphaned, orphans } = state.report;
  // Only when this opening changed something (the orphans tab keeps the standing count).
  if (moved === 0 && orphaned === 0) return null;
  return (
    <p className="banner np-banner" role="status" data-testid="reanchor-banner">
      <span>{orphans === 0 ? t('notes.reanchor.bannerMoved', { moved }) : moved === 0 ? t('notes.reanchor.bannerOrphans', { orphans }) : t('notes.reanchor.banner', { moved, orphans })}</span>
      {orphans > 0 && (
        <button type="button" className="btn btn-quiet" onClick={onList} data-testid="reanchor-list">
          {t('notes.reanchor.list')}
        </button>
      )}
      <button type="button" className="btn btn-quiet" onClick={onDismiss}>
        {t('notes.reanchor.dismiss')}
      </button>
    </p>
  );
}
