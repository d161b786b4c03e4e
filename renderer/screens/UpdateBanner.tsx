// "Tờ trình số 12 đã được cập nhật": what a new revision changes, and a button to fetch only that.
import { useController, useSelector } from '../app/AppContext.tsx';
import { visibleUpdate } from '../app/state.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { ChangedDocument } from '../platform/Platform.ts';

const KEYS = { added: 'update.added', changed: 'update.changed', removed: 'update.removed' } as const;

function ChangeLine({ c }: { readonly c: ChangedDocument }) {
  const { t } = useT();
  return <li>{t(KEYS[c.change], { title: c.title })}</li>;
}

export function UpdateBanner({ meetingId }: { readonly meetingId: string }) {
  const i18n = useT();
  const controller = useController();
  const update = useSelector((s) => visibleUpdate(s, meetingId));
  const downloading = useSelector((s) => s.downloads[meetingId]?.phase === 'running');
  if (!update || downloading) return null;
  return (
    <aside className="banner banner-update" role="status" data-testid="update-banner">
      <div>
        <strong>{i18n.t('update.banner', { revision: update.toRevision })}</strong>
        <ul>
          {update.changes.map((c) => (
            <ChangeLine key={`${c.change}-${c.id}`} c={c} />
          ))}
        </ul>
      </div>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => controller.applyUpdate(meetingId)}>
          {i18n.t('update.apply', { size: i18n.bytes(update.bytesToDownload) })}
        </button>
        <button type="button" className="btn btn-quiet" onClick={() => controller.dismissUpdate(meetingId)}>
          {i18n.t('update.later')}
        </button>
      </div>
    </aside>
  );
}
