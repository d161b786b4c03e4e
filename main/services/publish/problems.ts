// Problems found in a meeting folder: stable codes with parameters (common/i18n/problems.ts), reported as
// `file:line: vi / en` so a clerk can go straight to it, and kept structured for a screen to translate.
import { formatProblemBilingual, type Problem } from '../../../common/i18n/problems.ts';
import { bilingualMessage } from '../../../common/i18n/messages.ts';
import { CouncilError } from '../../../common/result.ts';

export { problem, type Problem, type ProblemBody, type ProblemCode, type ProblemParams } from '../../../common/i18n/problems.ts';

/** Orders problems by file, then line, keeping the order found for equal positions. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.file.localeCompare(b.p.file) || (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map((x) => x.p);
}

/** MEETING_INVALID with every problem: as `file:line: vi / en` lines in `details`, and as codes in `problems`. */
export class MeetingInvalidError extends CouncilError {
  readonly problems: readonly Problem[];
  constructor(folder: string, problems: readonly Problem[]) {
    const sorted = sortProblems(problems);
    super('MEETING_INVALID', bilingualMessage('MEETING_PROBLEMS', { folder, count: sorted.length }), sorted.map(formatProblemBilingual));
    this.name = 'MeetingInvalidError';
    this.problems = sorted;
  }
}
