// The small menu of a selected mark: for my own, edit text, colour, scope and delete; for another's, who wrote
// it and "Ẩn ghi chú của <name>" (hides that author's marks through viewPrefs).

import type { CSSProperties } from 'react';
import { ANNOTATION_COLORS, type Annotation, type AnnotationScope } from '../../../../common/annotations/types.ts';
import { useAnnotationToolsT } from '../../../i18n/annotationTools.ts';
import type { ShownAnnotation } from '../../bookTypes.ts';
import { setViewPrefs, viewPrefs } from '../viewPrefs.ts';
import { rgb } from './colors.ts';
import { ScopeIcon } from './ScopeIcon.tsx';
import { ScopeSelect } from './ScopeSelect.tsx';
import type { AnnotationSession } from './session.tsx';

export interface MarkMenuProps {
  readonly shown: ShownAnnotation;
  readonly session: AnnotationSession;
  readonly position: { readonly left: number; readonly top: number };
  onEdit(): void;
}

function edited<T extends Annotation>(a: T, patch: Partial<T>): T {
  return { ...a, ...patch, updatedAt: new Date().toISOString() };
}

export function MarkMenu({ shown, session, position, onEdit }: MarkMenuProps) {
  const t = useAnnotationToolsT();
  const a = shown.annotation;
  const close = () => setViewPrefs({ selectedId: undefined });
  const name = shown.mine ? t('ann.me') : shown.authorName;
  const text = a.kind === 'ink' ? undefined : a.text;
  return (
    <div className="ann-menu" style={{ left: position.left, top: position.top }} role="dialog" aria-label={t('ann.menu')} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="ann-menu-head">
        <strong>{name}</strong>
        <span title={t(`ann.scope.${a.scope}`)}>
          <ScopeIcon scope={a.scope} /> {t(`ann.scope.${a.scope}`)}
        </span>
        <button type="button" className="ann-btn ann-icon" aria-label={t('ann.close')} title={t('ann.close')} onClick={close}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {text !== undefined && text !== '' ? <p className="ann-menu-text">{text}</p> : null}
      {shown.mine && session.canEdit ? (
        <>
          {a.kind !== 'note' ? (
            <div className="ann-swatches" role="group" aria-label={t('ann.color')}>
              {ANNOTATION_COLORS.map((c) => (
                <button
                  key={c}
                  type="button"
                  className="ann-swatch"
                  style={{ '--swatch': rgb(c) } as CSSProperties}
                  aria-label={t(`ann.color.${c}`)}
                  title={t(`ann.color.${c}`)}
                  aria-pressed={a.color === c}
                  onClick={() => session.edit(a, edited(a, { color: c }))}
                />
              ))}
            </div>
          ) : null}
          <ScopeSelect
            value={a.scope}
            hasGroup={session.hasGroup}
            onChange={(scope: AnnotationScope) => session.edit(a, edited(a, { scope }))}
          />
          <div className="ann-menu-actions">
            {a.kind !== 'ink' ? (
              <button type="button" className="ann-btn" onClick={onEdit}>
                {a.kind === 'highlight' && (text ?? '') === '' ? t('ann.addComment') : t('ann.edit')}
              </button>
            ) : null}
            <button
              type="button"
              className="ann-btn ann-btn-danger"
              onClick={() => {
                session.edit(a, undefined);
                close();
              }}
            >
              {t('ann.delete')}
            </button>
          </div>
        </>
      ) : null}
      {!shown.mine ? (
        <div className="ann-menu-actions">
          <button
            type="button"
            className="ann-btn"
            onClick={() => {
              const hiddenAuthors = new Set(viewPrefs().hiddenAuthors);
              hiddenAuthors.add(a.authorId);
              setViewPrefs({ hiddenAuthors, selectedId: undefined });
            }}
          >
            {t('ann.hideAuthor', { name: shown.authorName })}
          </button>
        </div>
      ) : null}
    </div>
  );
}
