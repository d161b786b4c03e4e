// The snackbar of actions waiting to be sent: "Đã rút đăng ký phát biểu · Hoàn tác", with a bar that empties
// over the five seconds.
import { useT } from '../../i18n/I18nProvider.tsx';
import { UNDO_MS } from '../../live/undo.ts';
import type { Undo } from '../../live/useUndo.ts';

export function UndoSnackbar({ undo }: { readonly undo: Undo }) {
  const { t } = useT();
  if (undo.items.length === 0) return null;
  return (
    <div className="undo-snackbar" role="status" data-testid="undo-snackbar">
      {undo.items.map((item) => (
        <div key={item.key} className="undo-item" data-key={item.key}>
          <span className="undo-label">{item.label}</span>
          <button type="button" className="btn undo-btn" onClick={() => undo.queue.undo(item.key)} data-testid="undo">
            {t('live.undo')}
          </button>
          <span className="undo-bar" aria-hidden="true" style={{ animationDuration: `${UNDO_MS}ms` }} />
        </div>
      ))}
    </div>
  );
}
