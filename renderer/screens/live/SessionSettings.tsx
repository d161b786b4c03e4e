// Cài đặt phiên họp: the quorum (a fraction, ⅔ by default) and the number of delegates in office (empty: the
// members, as the server counts them). Sent as one configure command; folded away until the chair opens it.
import { useState } from 'react';
import type { SessionConfig } from '../../../common/live/state.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { parseSettings, type SettingsDraft, type SettingsProblem } from '../../live/chairTools.ts';
import { requiredForQuorum } from '../../../common/live/quorum.ts';
import type { Act } from './act.ts';

function draftOf(config: SessionConfig): SettingsDraft {
  return { numerator: String(config.quorum.numerator), denominator: String(config.quorum.denominator), totalDelegates: config.totalDelegatesSetByChair ? String(config.totalDelegates) : '' };
}

export function SessionSettings({ config, act }: { readonly config: SessionConfig; readonly act: Act }) {
  const { t } = useT();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(config));
  const [problem, setProblem] = useState<SettingsProblem>();
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<SettingsDraft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
  };
  const submit = async () => {
    const parsed = parseSettings(draft);
    if (!parsed.ok) return setProblem(parsed.problem);
    setProblem(undefined);
    setSaved(await act({ type: 'configure', quorum: parsed.quorum, totalDelegates: parsed.totalDelegates }));
  };
  return (
    <details className="console-panel console-settings" data-testid="session-settings">
      <summary>
        <h2>{t('live.settings.title')}</h2>
        <span className="muted">
          {t('live.settings.summary', { numerator: config.quorum.numerator, denominator: config.quorum.denominator, total: config.totalDelegates, required: requiredForQuorum(config.totalDelegates, config.quorum) })}
        </span>
      </summary>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className="settings-quorum">
          <legend>{t('live.settings.quorum')}</legend>
          <input inputMode="numeric" value={draft.numerator} aria-label={t('live.settings.numerator')} onChange={(e) => set({ numerator: e.target.value })} data-testid="quorum-numerator" />
          <span aria-hidden="true">/</span>
          <input inputMode="numeric" value={draft.denominator} aria-label={t('live.settings.denominator')} onChange={(e) => set({ denominator: e.target.value })} data-testid="quorum-denominator" />
        </fieldset>
        <label className="settings-total">
          {t('live.settings.total')}
          <input inputMode="numeric" value={draft.totalDelegates} placeholder={t('live.settings.totalHint')} onChange={(e) => set({ totalDelegates: e.target.value })} data-testid="total-delegates" />
        </label>
        {problem && (
          <p className="error-text" role="alert">
            {t(`live.settings.problem.${problem}`)}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="btn btn-primary" data-testid="settings-save">
            {t('live.settings.save')}
          </button>
          {saved && <span className="ok-text">{t('live.settings.saved')}</span>}
        </div>
      </form>
    </details>
  );
}
