// Validates a meeting folder (meeting.json + delegates.csv + the PDFs it lists) and reports EVERY problem at
// once as `file:line: message`, so the clerk fixes them in one pass. Nothing is uploaded while any remain.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { isVotingRole, type Delegate, type MeetingSpec, type Role } from '../../../common/meeting/types.ts';
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
import { issueProblem, meetingSchema } from './schema.ts';

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
