// Đại biểu: import a .csv/.xlsx (every problem shown on its row; fixed in the table, then accepted) and the
// delegate table itself (roles, tổ), checked as the clerk types.
import { useMemo, useState } from 'react';
import type { DelegatesImport, ImportProblem } from '../../../common/api/console.ts';
import type { Problem } from '../../../common/i18n/problems.ts';
import { ROLES, type Delegate, type Role } from '../../../common/meeting/types.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { routeUrl, upload } from '../../console/api.ts';
import { checkDelegates } from '../../console/delegateChecks.ts';
import { placeProblems } from '../../console/problemPlaces.ts';
import type { DraftEditor } from '../../console/useDraft.ts';
import { roleKey, useConsoleT } from '../../i18n/console.ts';
import { InPlace, Notice, Section } from './parts.tsx';

const FIELDS = ['id', 'name', 'position', 'unit', 'group'] as const;
const LABEL = { id: 'c.del.id', name: 'c.del.name', position: 'c.del.position', unit: 'c.del.unit', group: 'c.del.group' } as const;

/** The sheet's problems that the table's own checks do not redo (a bad role word, a broken header). */
const keptFromSheet = (p: ImportProblem): boolean => !['DELEGATE_DUPLICATE_ID', 'DELEGATE_NO_NAME', 'DELEGATE_BAD_ID', 'DELEGATES_NO_CHAIR'].includes(p.code);

function Table({
  delegates,
  problemsOf,
  onChange,
  testId,
}: {
  readonly delegates: readonly Delegate[];
  readonly problemsOf: (row: number) => readonly Problem[];
  readonly onChange: (next: readonly Delegate[]) => void;
  readonly testId: string;
}) {
  const { t } = useConsoleT();
  const set = (i: number, patch: Partial<Delegate>) => onChange(delegates.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <div className="table-wrap">
      <table className="c-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col" title={t('c.del.lineHint')}>
              {t('c.del.line')}
            </th>
            {FIELDS.map((f) => (
              <th key={f} scope="col">
                {t(LABEL[f])}
              </th>
            ))}
            <th scope="col">{t('c.del.role')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {delegates.map((d, i) => {
            const problems = problemsOf(i);
            return [
              <tr key={`r${i}`} data-testid="delegate-row" data-row={i} className={problems.length > 0 ? 'c-has-problem' : undefined}>
                <td className="muted">{i + 2}</td>
                {FIELDS.map((f) => (
                  <td key={f}>
                    <input aria-label={`${t(LABEL[f])} ${i + 1}`} value={d[f]} data-field={f} aria-invalid={problems.length > 0 && f === 'id' ? true : undefined} onChange={(e) => set(i, { [f]: e.target.value })} />
                  </td>
                ))}
                <td>
                  <select aria-label={`${t('c.del.role')} ${i + 1}`} value={d.role} data-field="role" onChange={(e) => set(i, { role: e.target.value as Role })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(roleKey(r))}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" className="btn btn-quiet" aria-label={`${t('c.del.remove')} ${i + 1}`} onClick={() => onChange(delegates.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </td>
              </tr>,
              problems.length > 0 ? (
                <tr key={`p${i}`} className="c-problem-row">
                  <td />
                  <td colSpan={FIELDS.length + 2}>
                    <InPlace problems={problems} />
                  </td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}

export function DelegatesSection({ editor }: { readonly editor: DraftEditor }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const [review, setReview] = useState<{ file: string; delegates: readonly Delegate[]; sheet: readonly ImportProblem[] }>();
  const [reading, setReading] = useState<string>();
  const [error, setError] = useState<ErrorValue>();
  const [accepted, setAccepted] = useState<number>();
  const delegates = editor.work.delegates;
  const setDelegates = (next: readonly Delegate[]) => editor.edit((w) => ({ ...w, delegates: next }));

  const reviewProblems = useMemo(() => {
    if (!review) return [];
    // Rows the clerk has not touched keep the sheet's wording; the table's checks follow every edit.
    return [...review.sheet.filter(keptFromSheet), ...checkDelegates(review.delegates)];
  }, [review]);
  const reviewPlaced = useMemo(() => placeProblems(reviewProblems, { agenda: [], documents: [], delegates: review?.delegates ?? [] }), [reviewProblems, review]);

  const read = async (file: File) => {
    setError(undefined);
    setAccepted(undefined);
    setReading(file.name);
    const r = await upload<DelegatesImport>('POST', routeUrl('delegatesImport', { draftId: editor.draft.draftId }, { name: file.name }), file, () => undefined);
    setReading(undefined);
    if (!r.ok) return setError(r.error);
    setReview({ file: file.name, delegates: r.value.delegates, sheet: r.value.problems });
  };

  const general = [...(reviewPlaced.get('delegates') ?? []), ...(reviewPlaced.get('general') ?? [])];
  return (
    <Section title={t('c.del.title')} testId="c-delegates">
      <div className="c-field">
        <label className="btn btn-primary" data-testid="delegates-import">
          {t('c.del.import')}
          <input
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="sr-only"
            data-testid="delegates-import-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void read(f);
            }}
          />
        </label>
        <p className="muted">{t('c.del.importHint')}</p>
      </div>
      {reading && <Notice>{t('c.del.importing', { file: reading })}</Notice>}
      {error && <Notice kind="error">{i18n.error(error)}</Notice>}
      {accepted !== undefined && <Notice testId="delegates-accepted">{t('c.del.accepted', { count: accepted })}</Notice>}
      {review && (
        <div className="c-review" data-testid="delegates-review">
          <h3>{t('c.del.review', { file: review.file })}</h3>
          {reviewProblems.length > 0 ? <Notice kind="warn">{t('c.del.reviewProblems', { count: reviewProblems.length })}</Notice> : <Notice>{t('c.del.reviewOk')}</Notice>}
          <InPlace problems={general} />
          <Table
            testId="delegates-review-table"
            delegates={review.delegates}
            problemsOf={(row) => reviewPlaced.get(`delegate:${row}`) ?? []}
            onChange={(next) => setReview({ ...review, delegates: next, sheet: review.sheet.filter((p) => p.line === undefined) })}
          />
          <div className="actions">
            <button
              type="button"
              className="btn btn-primary"
              data-testid="delegates-accept"
              disabled={reviewProblems.length > 0}
              onClick={() => {
                setDelegates(review.delegates);
                setAccepted(review.delegates.length);
                setReview(undefined);
              }}
            >
              {t('c.del.accept', { count: review.delegates.length })}
            </button>
            <button type="button" className="btn" onClick={() => setReview(undefined)}>
              {t('c.del.cancel')}
            </button>
          </div>
        </div>
      )}
      {!review && (
        <>
          {delegates.length === 0 ? <p className="muted">{t('c.del.none')}</p> : <Table testId="delegates-table" delegates={delegates} problemsOf={(row) => editor.placed.get(`delegate:${row}`) ?? []} onChange={setDelegates} />}
          <InPlace problems={editor.placed.get('delegates') ?? []} />
          <div className="actions">
            <button type="button" className="btn" data-testid="delegate-add" onClick={() => setDelegates([...delegates, { id: '', name: '', position: '', unit: '', group: '', role: 'delegate' }])}>
              {t('c.del.add')}
            </button>
          </div>
        </>
      )}
    </Section>
  );
}
