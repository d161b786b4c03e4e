// Validates a meeting folder (meeting.json + delegates.csv + the PDFs it lists) and reports EVERY problem at
// once as `file:line: message`, so the clerk fixes them in one pass. Nothing is uploaded while any remain.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { isVotingRole, type AgendaItemSpec, type Delegate, type MeetingSpec, type PreparedPollSpec, type Role } from '../../../common/meeting/types.ts';
import { MAX_COUNTERS } from '../../../common/voting/commands.ts';
import { countersNeeded } from '../../../common/voting/prepared.ts';
import { DELEGATES_FILE, parseDelegates } from './delegates.ts';
import {
  MEETING_FILE,
  checkDocuments,
  checkReaders,
  listDocuments,
  listLooseDocuments,
  type CheckContext,
  type CheckedDocument,
  type ListedDocument,
  type LooseDocument,
} from './documents.ts';
import { JsonSyntaxError, lineOf, parseJsonWithLines, type LocatedJson } from './jsonLines.ts';
import { MeetingInvalidError, problem, type Problem } from './problems.ts';
import { formatPath, issueProblem, meetingSchema } from './schema.ts';

export interface ValidatedMeeting {
  /** Absolute path of the meeting folder. */
  readonly folder: string;
  readonly spec: MeetingSpec;
  readonly delegates: readonly Delegate[];
  /** In agenda order (depth first), each with its plaintext size, page count and SHA-256. */
  readonly documents: readonly CheckedDocument[];
}

/** Throws MeetingInvalidError (MEETING_INVALID) listing every problem found. */
export async function validateMeetingFolder(dir: string): Promise<ValidatedMeeting> {
  const folder = path.resolve(dir);
  const problems: Problem[] = [];
  const [meeting, delegates] = await Promise.all([readMeeting(folder, problems), readDelegates(folder, problems)]);
  if (!meeting) throw invalid(folder, problems);
  const ctx: CheckContext = { folder, located: meeting.located, problems };
  if (meeting.spec) {
    const documents = await checkDocuments(ctx, listDocuments(meeting.spec.agenda));
    checkPeople(ctx, listDocuments(meeting.spec.agenda), meeting.spec.totalDelegates, delegates);
    checkPolls(ctx, meeting.spec, delegates);
    if (problems.length > 0 || !delegates) throw invalid(folder, problems);
    return { folder, spec: meeting.spec, delegates, documents };
  }
  // The schema failed: still check what can be checked, so every problem is reported in one run.
  const loose = listLooseDocuments(meeting.located.value);
  await checkDocuments(ctx, loose);
  checkPeople(ctx, loose, looseTotal(meeting.located.value), delegates);
  throw invalid(folder, problems);
}

function checkPeople(ctx: CheckContext, listed: readonly ListedDocument<LooseDocument>[], total: number | undefined, delegates: readonly Delegate[] | undefined): void {
  if (!delegates) return;
  checkReaders(ctx, listed, new Map<string, Role>(delegates.map((d) => [d.id, d.role])));
  if (total !== undefined) checkTotal(ctx, total, delegates);
}

function looseTotal(value: unknown): number | undefined {
  const total: unknown = typeof value === 'object' && value !== null ? (value as { totalDelegates?: unknown }).totalDelegates : undefined;
  return typeof total === 'number' && Number.isInteger(total) ? total : undefined;
}

function invalid(folder: string, problems: readonly Problem[]): MeetingInvalidError {
  return new MeetingInvalidError(folder, problems);
}

interface ParsedMeeting {
  /** Absent when meeting.json failed the schema (its problems are already reported). */
  readonly spec: MeetingSpec | undefined;
  readonly located: LocatedJson;
}

async function readText(folder: string, file: string, problems: Problem[]): Promise<string | undefined> {
  try {
    return await readFile(path.join(folder, file), 'utf8');
  } catch {
    problems.push(problem(file, undefined, 'REQUIRED_FILE_MISSING', { file }));
    return undefined;
  }
}

async function readMeeting(folder: string, problems: Problem[]): Promise<ParsedMeeting | undefined> {
  const text = await readText(folder, MEETING_FILE, problems);
  if (text === undefined) return undefined;
  let located: LocatedJson;
  try {
    located = parseJsonWithLines(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    problems.push({ file: MEETING_FILE, line: e.line, ...e.problem });
    return undefined;
  }
  const parsed = meetingSchema.safeParse(located.value, { reportInput: true });
  if (parsed.success) return { spec: parsed.data, located };
  reportIssues(parsed.error.issues, located, problems);
  return { spec: undefined, located };
}

function reportIssues(issues: readonly z.core.$ZodIssue[], located: LocatedJson, problems: Problem[]): void {
  for (const issue of issues) {
    const at = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
    problems.push({ file: MEETING_FILE, line: lineOf(located, at.map(jsonKey)), ...issueProblem(issue) });
  }
}

const jsonKey = (k: PropertyKey): string | number => (typeof k === 'number' ? k : String(k));

async function readDelegates(folder: string, problems: Problem[]): Promise<Delegate[] | undefined> {
  const text = await readText(folder, DELEGATES_FILE, problems);
  if (text === undefined) return undefined;
  const result = parseDelegates(text);
  problems.push(...result.problems);
  return result.delegates.map(({ line: _line, ...d }) => d);
}

function checkTotal(ctx: CheckContext, total: number, delegates: readonly Delegate[]): void {
  const voting = delegates.filter((d) => isVotingRole(d.role)).length;
  if (total >= voting) return;
  ctx.problems.push(problem(MEETING_FILE, lineOf(ctx.located, ['totalDelegates']), 'TOTAL_TOO_SMALL', { total, voting }));
}

// ---- prepared polls (issue 7): each on an agenda item that exists, ids unique, a Ban kiểm phiếu of members

/** The dotted ids of every agenda item, depth first ("1", "1.1", "2"...), as the pack numbers them. */
function agendaIds(items: readonly AgendaItemSpec[], prefix = '', out: string[] = []): string[] {
  items.forEach((item, i) => {
    const id = `${prefix}${i + 1}`;
    out.push(id);
    agendaIds(item.items ?? [], `${id}.`, out);
  });
  return out;
}

function checkPolls(ctx: CheckContext, spec: MeetingSpec, delegates: readonly Delegate[] | undefined): void {
  const items = agendaIds(spec.agenda);
  const firstLine = new Map<string, number>();
  (spec.polls ?? []).forEach((poll, i) => {
    const at = (...rest: (string | number)[]) => ({ keys: ['polls', i, ...rest], path: formatPath(['polls', i, ...rest]) });
    const id = at('id');
    const seen = firstLine.get(poll.id);
    if (seen === undefined) firstLine.set(poll.id, lineOf(ctx.located, id.keys));
    else ctx.problems.push(problem(MEETING_FILE, lineOf(ctx.located, id.keys), 'POLL_ID_TWICE', { path: id.path, id: poll.id, firstLine: seen }));
    const item = at('definition', 'itemId');
    if (!items.includes(poll.definition.itemId)) {
      ctx.problems.push(problem(MEETING_FILE, lineOf(ctx.located, item.keys), 'POLL_ITEM_UNKNOWN', { path: item.path, item: poll.definition.itemId, items }));
    }
    checkCounters(ctx, poll, i, delegates);
  });
}

function checkCounters(ctx: CheckContext, poll: PreparedPollSpec, index: number, delegates: readonly Delegate[] | undefined): void {
  const counters = poll.counters ?? [];
  const keys = (...rest: (string | number)[]) => ['polls', index, 'counters', ...rest];
  const lineAt = (k: readonly (string | number)[]) => lineOf(ctx.located, k);
  const roles = delegates ? new Map<string, Role>(delegates.map((d) => [d.id, d.role])) : undefined;
  counters.forEach((id, j) => {
    const where = { path: formatPath(keys(j)), id };
    if (counters.indexOf(id) !== j) ctx.problems.push(problem(MEETING_FILE, lineAt(keys(j)), 'POLL_COUNTER_TWICE', where));
    else if (roles && !roles.has(id)) ctx.problems.push(problem(MEETING_FILE, lineAt(keys(j)), 'POLL_COUNTER_UNKNOWN', where));
    else if (roles?.get(id) === 'observer') ctx.problems.push(problem(MEETING_FILE, lineAt(keys(j)), 'POLL_COUNTER_IS_OBSERVER', where));
  });
  const mode = poll.mode ?? 'electronic';
  const secret = poll.definition.secret === true;
  const need = countersNeeded({ secret }, mode) ?? { min: 0, max: MAX_COUNTERS };
  if (counters.length >= need.min && counters.length <= need.max) return;
  const at = poll.counters === undefined ? ['polls', index] : keys();
  ctx.problems.push(problem(MEETING_FILE, lineAt(at), 'POLL_COUNTERS_COUNT', { path: formatPath(keys()), count: counters.length, min: need.min, max: need.max, mode, secret }));
}
