// Kỳ họp: title, council, date and place, deputies in office, quorum and voting rules (defaults of DOMAIN.md).
import type { MeetingSpec } from '../../../common/meeting/types.ts';
import { votingCount } from '../../console/delegateChecks.ts';
import type { DraftEditor, Work } from '../../console/useDraft.ts';
import { useConsoleT } from '../../i18n/console.ts';
import { InPlace, Section } from './parts.tsx';

type Meeting = Omit<MeetingSpec, 'agenda'>;

/** "2026-12-05T07:30:00+07:00" ↔ the datetime-local input's "2026-12-05T07:30" (the council's own clock). */
export const toLocalInput = (iso: string): string => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.exec(iso)?.[0] ?? '');
export const fromLocalInput = (v: string): string => (v ? `${v}:00+07:00` : '');

export function SessionSection({ editor }: { readonly editor: DraftEditor }) {
  const { t } = useConsoleT();
  const m = editor.work.meeting;
  const set = (patch: Partial<Meeting>) => editor.edit((w: Work) => ({ ...w, meeting: { ...w.meeting, ...patch } }));
  const at = (field: string) => editor.placed.get(`meeting.${field}`) ?? [];
  const count = votingCount(editor.work.delegates);
  const quorum = m.quorum ?? { numerator: 2, denominator: 3 };
  const field = (name: keyof Meeting & string, label: string, type = 'text') => (
    <div className="c-field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <input
        id={`f-${name}`}
        type={type}
        value={type === 'datetime-local' ? toLocalInput(String(m[name] ?? '')) : String(m[name] ?? '')}
        aria-invalid={at(name).length > 0}
        onChange={(e) => set({ [name]: type === 'datetime-local' ? fromLocalInput(e.target.value) : e.target.value })}
      />
      <InPlace problems={at(name)} />
    </div>
  );
  return (
    <Section title={t('c.session.title')} testId="c-session">
      {field('title', t('c.session.name'))}
      {field('body', t('c.session.body'))}
      <div className="c-row">
        {field('startsAt', t('c.session.startsAt'), 'datetime-local')}
        {field('place', t('c.session.place'))}
      </div>
      <div className="c-field">
        <label htmlFor="f-total">{t('c.session.total')}</label>
        <div className="c-inline">
          <input id="f-total" type="number" min={1} value={m.totalDelegates} onChange={(e) => set({ totalDelegates: Number(e.target.value) })} />
          {count > 0 && count !== m.totalDelegates && (
            <button type="button" className="btn" onClick={() => set({ totalDelegates: count })}>
              {t('c.session.useCount', { count })}
            </button>
          )}
        </div>
        {count > 0 && <p className="muted">{t('c.session.totalHint', { count })}</p>}
        <InPlace problems={at('totalDelegates')} />
      </div>
      <fieldset className="c-field">
        <legend>{t('c.session.quorum')}</legend>
        <div className="c-inline">
          <input aria-label="numerator" type="number" min={1} value={quorum.numerator} onChange={(e) => set({ quorum: { ...quorum, numerator: Number(e.target.value) } })} />
          <span>/</span>
          <input aria-label="denominator" type="number" min={1} value={quorum.denominator} onChange={(e) => set({ quorum: { ...quorum, denominator: Number(e.target.value) } })} />
        </div>
        <p className="muted">{t('c.session.quorumHint')}</p>
        <InPlace problems={at('quorum')} />
      </fieldset>
      <fieldset className="c-field">
        <legend>{t('c.session.labels')}</legend>
        {(['tan-thanh', 'dong-y'] as const).map((l) => (
          <label key={l} className="c-check">
            <input type="radio" name="labels" checked={(m.voting?.labels ?? 'tan-thanh') === l} onChange={() => set({ voting: { ...m.voting, labels: l } })} />
            {t(l === 'tan-thanh' ? 'c.session.labelsTan' : 'c.session.labelsDong')}
          </label>
        ))}
        <label className="c-check">
          <input type="checkbox" checked={m.voting?.changeUntilClose === true} onChange={(e) => set({ voting: { ...m.voting, changeUntilClose: e.target.checked } })} />
          {t('c.session.change')}
        </label>
        <p className="muted">{t('c.session.rule')}</p>
        <InPlace problems={at('voting')} />
      </fieldset>
    </Section>
  );
}
