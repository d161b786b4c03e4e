// A problem found in a meeting folder, reported as `file:line: message` so a clerk can go straight to it.

export interface Problem {
  /** Path relative to the meeting folder, e.g. "meeting.json". */
  readonly file: string;
  /** 1-based line; absent when the problem is about the whole file (e.g. it does not exist). */
  readonly line?: number;
  readonly message: string;
}

export function formatProblem(p: Problem): string {
  return p.line === undefined ? `${p.file}: ${p.message}` : `${p.file}:${p.line}: ${p.message}`;
}

/** Orders problems by file, then line, keeping the order found for equal positions. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.file.localeCompare(b.p.file) || (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map((x) => x.p);
}
