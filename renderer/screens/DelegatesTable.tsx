// The delegate list: name, position, unit, group; the reader's own row is marked. The count is of the voting
// members (chair and delegates); the secretary and the hall screen are counted apart.
import type { Delegate } from '../../common/meeting/types.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { compositionLine } from '../i18n/members.ts';

export function DelegatesTable({ delegates, meId }: { readonly delegates: readonly Delegate[]; readonly meId?: string }) {
  const { t } = useT();
  return (
    <section aria-label={t('meeting.tabs.delegates')}>
      <p className="muted" data-testid="delegates-count">
        {compositionLine(t, delegates)}
      </p>
      <div className="table-wrap">
        <table className="delegates">
          <thead>
            <tr>
              <th scope="col">{t('delegates.name')}</th>
              <th scope="col">{t('delegates.position')}</th>
              <th scope="col">{t('delegates.unit')}</th>
              <th scope="col">{t('delegates.group')}</th>
            </tr>
          </thead>
          <tbody>
            {delegates.map((d) => (
              <tr key={d.id} className={d.id === meId ? 'me' : undefined}>
                <td data-label={t('delegates.name')}>
                  {d.name}
                  {d.role !== 'delegate' && <span className="role-tag">{t(`role.${d.role}`)}</span>}
                  {d.id === meId && <span className="role-tag me-tag">{t('meeting.you')}</span>}
                </td>
                <td data-label={t('delegates.position')}>{d.position}</td>
                <td data-label={t('delegates.unit')}>{d.unit}</td>
                <td data-label={t('delegates.group')}>{d.group}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
