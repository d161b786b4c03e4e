// The annotation bar under the viewer's toolbar: reading / highlight / pen / note / eraser, the colour, the scope of new
// marks, undo and redo. Every button is reachable by Tab, labelled, and at least 44 px.

import type { CSSProperties } from 'react';
import '../annotations-tools.css';
import { ANNOTATION_COLORS, type AnnotationScope } from '../../../../common/annotations/types.ts';
import { useAnnotationToolsT, type AnnotationToolsKey } from '../../../i18n/annotationTools.ts';
import { useAnnotations } from '../AnnotationContext.tsx';
import { setViewPrefs, useViewPrefs, type AnnotationTool } from '../viewPrefs.ts';
import { rgb } from './colors.ts';
import { ScopeSelect } from './ScopeSelect.tsx';
import { scopeFor, type AnnotationSession } from './session.tsx';

const TOOLS: ReadonlyArray<{ tool: AnnotationTool; icon: string; label: AnnotationToolsKey }> = [
  { tool: 'none', icon: '🖐', label: 'ann.tool.none' },
  { tool: 'highlight', icon: '🖍', label: 'ann.tool.highlight' },
  { tool: 'pen', icon: '✒', label: 'ann.tool.pen' },
  { tool: 'note', icon: '🗒', label: 'ann.tool.note' },
  { tool: 'eraser', icon: '⌫', label: 'ann.tool.eraser' },
];

export interface AnnotationToolbarProps {
  readonly session: AnnotationSession;
  /** The page has a text layer (not confidential): highlighting is possible. */
  readonly textLayer: boolean;
}

export function AnnotationToolbar({ session, textLayer }: AnnotationToolbarProps) {
  const t = useAnnotationToolsT();
  const prefs = useViewPrefs();
  const { unavailable, book } = useAnnotations();
  const disabled = !session.canEdit;
  const status = unavailable !== undefined ? t('ann.unavailable') : book === undefined ? t('ann.opening') : session.error !== undefined ? t('ann.failed', { message: session.error }) : undefined;
  const scope: AnnotationScope = scopeFor(prefs.scope, session.hasGroup);
  return (
    <div className="ann-toolbar" role="toolbar" aria-label={t('ann.tools')}>
      <span className="ann-group" role="group" aria-label={t('ann.tools')}>
        {TOOLS.map(({ tool, icon, label }) => {
          const off = tool !== 'none' && (disabled || (tool === 'highlight' && !textLayer));
          const title = tool === 'highlight' && !textLayer ? `${t(label)} — ${t('ann.noText')}` : t(label);
          return (
            <button
              key={tool}
              type="button"
              className="ann-btn ann-tool"
              aria-label={title}
              title={title}
              aria-pressed={prefs.tool === tool}
              disabled={off}
              data-tool={tool}
              onClick={() => setViewPrefs({ tool })}
            >
              <span aria-hidden="true">{icon}</span>
            </button>
          );
        })}
      </span>
      <span className="ann-swatches" role="group" aria-label={t('ann.color')}>
        {ANNOTATION_COLORS.map((c) => (
          <button
            key={c}
            type="button"
            className="ann-swatch"
            style={{ '--swatch': rgb(c) } as CSSProperties}
            aria-label={t(`ann.color.${c}`)}
            title={t(`ann.color.${c}`)}
            aria-pressed={prefs.color === c}
            disabled={disabled}
            onClick={() => setViewPrefs({ color: c })}
          />
        ))}
      </span>
      <ScopeSelect value={scope} hasGroup={session.hasGroup} disabled={disabled} onChange={(s) => setViewPrefs({ scope: s })} />
      <span className="ann-group ann-history">
        <button type="button" className="ann-btn ann-icon" aria-label={t('ann.undo')} title={t('ann.undo')} disabled={!session.canUndo} onClick={session.undo}>
          <span aria-hidden="true">↶</span>
        </button>
        <button type="button" className="ann-btn ann-icon" aria-label={t('ann.redo')} title={t('ann.redo')} disabled={!session.canRedo} onClick={session.redo}>
          <span aria-hidden="true">↷</span>
        </button>
      </span>
      {status !== undefined ? (
        <span className="ann-status" role="status">
          {status}
        </span>
      ) : null}
    </div>
  );
}
