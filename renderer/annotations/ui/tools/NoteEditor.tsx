// Writing or editing a note's text. Vietnamese IME-safe: the text is kept in the textarea while typing and
// committed only on blur or Ctrl+Enter (never on each key, never while a composition is open); Esc cancels.

import { useEffect, useRef, type KeyboardEvent } from 'react';
import { ANNOTATION_LIMITS, type AnnotationScope } from '../../../../common/annotations/types.ts';
import { useAnnotationToolsT } from '../../../i18n/annotationTools.ts';
import { ScopeIcon } from './ScopeIcon.tsx';

export interface NoteEditorProps {
  readonly initial: string;
  readonly position: { readonly left: number; readonly top: number };
  readonly authorName: string;
  readonly scope: AnnotationScope;
  onCommit(text: string): void;
  onCancel(): void;
}

export function NoteEditor({ initial, position, authorName, scope, onCommit, onCancel }: NoteEditorProps) {
  const t = useAnnotationToolsT();
  const area = useRef<HTMLTextAreaElement>(null);
  const done = useRef(false);
  useEffect(() => {
    area.current?.focus({ preventScroll: true });
  }, []);
  const finish = (commit: boolean) => {
    if (done.current) return;
    done.current = true;
    if (commit) onCommit(area.current?.value ?? initial);
    else onCancel();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    e.stopPropagation();
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      finish(true);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      finish(false);
    }
  };
  return (
    <div className="ann-editor" style={{ left: position.left, top: position.top }} role="dialog" aria-label={t('ann.note.editor')}>
      <div className="ann-editor-head">
        <span>{authorName}</span>
        <span>
          <ScopeIcon scope={scope} /> {t(`ann.scope.${scope}`)}
        </span>
      </div>
      <textarea
        ref={area}
        className="ann-textarea"
        defaultValue={initial}
        maxLength={ANNOTATION_LIMITS.textChars}
        placeholder={t('ann.note.placeholder')}
        aria-label={t('ann.note.editor')}
        rows={4}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          // Moving to the editor's own buttons is not leaving it.
          if (e.relatedTarget instanceof Node && e.currentTarget.parentElement?.contains(e.relatedTarget) === true) return;
          finish(true);
        }}
      />
      <div className="ann-editor-actions">
        <span className="ann-hint">{t('ann.note.hint')}</span>
        <button type="button" className="ann-btn" onClick={() => finish(false)}>
          {t('ann.note.cancel')}
        </button>
        <button type="button" className="ann-btn ann-btn-primary" onClick={() => finish(true)}>
          {t('ann.note.save')}
        </button>
      </div>
    </div>
  );
}
