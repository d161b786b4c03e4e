// The delegate table's own checks, run as the clerk types (the same rules as delegates.csv's parser, so the
// row's message goes away the moment it is fixed, before anything is sent). Problems carry delegates.csv's
// line (row index + 2), so they place like the server's (problemPlaces.ts).
import { problem, type Problem } from '../../common/i18n/problems.ts';
import type { Delegate } from '../../common/meeting/types.ts';
import { ID_PATTERN } from '../../common/pack/format.ts';

export const DELEGATES_CSV = 'delegates.csv';

export function checkDelegates(delegates: readonly Delegate[]): Problem[] {
  const out: Problem[] = [];
  const first = new Map<string, number>();
  delegates.forEach((d, i) => {
    const line = i + 2;
    const id = d.id.trim();
    if (!ID_PATTERN.test(id)) out.push(problem(DELEGATES_CSV, line, 'DELEGATE_BAD_ID', { id }));
    const seen = first.get(id);
    if (seen !== undefined && id !== '') out.push(problem(DELEGATES_CSV, line, 'DELEGATE_DUPLICATE_ID', { id, firstLine: seen }));
    else first.set(id, line);
    if (d.name.trim() === '') out.push(problem(DELEGATES_CSV, line, 'DELEGATE_NO_NAME', {}));
  });
  if (delegates.length > 0 && !delegates.some((d) => d.role === 'chair')) out.push(problem(DELEGATES_CSV, undefined, 'DELEGATES_NO_CHAIR', {}));
  return out;
}

/** Deputies in office: the chair and the delegates (observers and the secretariat do not count). */
export const votingCount = (delegates: readonly Delegate[]): number => delegates.filter((d) => d.role === 'chair' || d.role === 'delegate').length;
