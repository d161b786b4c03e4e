// Who can read a mark: only me, my tổ (disabled, with the reason, for a member without one), the whole meeting.

import { ANNOTATION_SCOPES, type AnnotationScope } from '../../../../common/annotations/types.ts';
import { useAnnotationToolsT } from '../../../i18n/annotationTools.ts';
import { ScopeIcon } from './ScopeIcon.tsx';

export interface ScopeSelectProps {
  readonly value: AnnotationScope;
  readonly hasGroup: boolean;
  readonly disabled?: boolean;
  onChange(scope: AnnotationScope): void;
}

export function ScopeSelect({ value, hasGroup, disabled, onChange }: ScopeSelectProps) {
  const t = useAnnotationToolsT();
  return (
    <label className="ann-scope">
      <ScopeIcon scope={value} />
      <span className="ann-scope-label">{t('ann.scope')}</span>
      <select
        className="ann-select"
        value={value}
        disabled={disabled}
        aria-label={t('ann.scope')}
        onChange={(e) => {
          const scope = ANNOTATION_SCOPES.find((s) => s === e.target.value);
          if (scope !== undefined) onChange(scope);
        }}
      >
        {ANNOTATION_SCOPES.map((s) => (
          <option key={s} value={s} disabled={s === 'group' && !hasGroup}>
            {`${t(`ann.scope.${s}`)}${s === 'group' && !hasGroup ? ` — ${t('ann.scope.noGroup')}` : ''}`}
          </option>
        ))}
      </select>
    </label>
  );
}
