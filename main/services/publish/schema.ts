// The zod schema of meeting.json and the problem code of each of its issues. Objects are strict: a misspelt key
// such as "confidental" must be an error, never a confidential document silently published to everyone.
import { z } from 'zod';
import type { ProblemBody } from '../../../common/i18n/problems.ts';
import { DOCUMENT_KINDS, type AgendaItemSpec, type MeetingSpec } from '../../../common/meeting/types.ts';
import { MAX_LEASE_HOURS } from '../../../common/device/lease.ts';
import { VotingSettingsSchema } from '../../../common/voting/choices.ts';
import { MAX_PREPARED_POLLS, PreparedPollSchema } from '../../../common/voting/prepared.ts';

/** The message of the quorum refinement, recognised in issueProblem. */
const QUORUM_OVER_ONE = 'QUORUM_OVER_ONE';

const text = z.string().trim().min(1);

export const documentSchema = z.strictObject({
  file: text,
  title: text,
  kind: z.enum(DOCUMENT_KINDS),
  confidential: z.boolean().optional(),
  readers: z.array(z.string()).optional(),
});

export const agendaItemSchema: z.ZodType<AgendaItemSpec> = z.strictObject({
  title: text,
  presenter: z.string().optional(),
  minutes: z.number().int().positive().optional(),
  documents: z.array(documentSchema).optional(),
  items: z.array(z.lazy(() => agendaItemSchema)).optional(),
});

export const quorumSchema = z
  .strictObject({ numerator: z.number().int().positive(), denominator: z.number().int().positive() })
  .refine((q) => q.numerator <= q.denominator, { message: QUORUM_OVER_ONE, path: ['numerator'] });

/** The device lease, in hours (docs/pack-format.md "Lease"); the messages are language-neutral FIELD_INVALID details. */
const leaseHours = z.number().int().positive().max(MAX_LEASE_HOURS, { message: `≤ ${MAX_LEASE_HOURS}` });
export const leaseSchema = z
  .strictObject({ hours: leaseHours, confidentialHours: leaseHours.optional() })
  .refine((l) => l.confidentialHours === undefined || l.confidentialHours <= l.hours, { message: 'confidentialHours ≤ hours', path: ['confidentialHours'] });

/** As in the pack, but the size of the Ban kiểm phiếu is checked in validate.ts, with a message that says why. */
const preparedPollInFolder = PreparedPollSchema.extend({ counters: z.array(z.string()).default([]) });

export const meetingSchema: z.ZodType<MeetingSpec> = z.strictObject({
  title: text,
  body: text,
  startsAt: z.iso.datetime({ offset: true }),
  place: text,
  totalDelegates: z.number().int().positive(),
  quorum: quorumSchema.optional(),
  lease: leaseSchema.optional(),
  agenda: z.array(agendaItemSchema).min(1),
  // Voting (issue 7): the settings and the prepared polls; validate.ts checks items and counters against the folder.
  voting: VotingSettingsSchema.partial().optional(),
  polls: z.array(preparedPollInFolder).max(MAX_PREPARED_POLLS).optional(),
});

/** "agenda[1].documents[0].kind"; "" for the root. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out;
}

/** One zod issue as a problem code with its parameters (texts in common/i18n/problems.ts). */
export function issueProblem(issue: z.core.$ZodIssue): ProblemBody {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? { code: 'FIELD_REQUIRED', params: { path } } : { code: 'FIELD_WRONG_TYPE', params: { path, expected: issue.expected } };
    case 'invalid_value':
      return { code: 'FIELD_NOT_ALLOWED', params: { path, value: String(JSON.stringify(issue.input)), allowed: issue.values.map((v) => String(v)) } };
    case 'unrecognized_keys':
      return { code: 'FIELD_UNKNOWN', params: { path, keys: issue.keys } };
    case 'too_small':
      return tooSmall(path, issue);
    case 'invalid_format':
      return issue.format === 'datetime' ? { code: 'TIME_FORMAT', params: { path } } : { code: 'FIELD_FORMAT', params: { path, format: issue.format } };
    case 'invalid_union':
      return unionProblem(path, issue);
    case 'custom':
      if (issue.message === QUORUM_OVER_ONE) return { code: 'QUORUM_OVER_ONE', params: { path } };
      return { code: 'FIELD_INVALID', params: { path, detail: issue.message } };
    default:
      return { code: 'FIELD_INVALID', params: { path, detail: issue.message } };
  }
}

/** A poll whose "kind" is missing or none of the kinds (a discriminated union): said as for any enum. */
function unionProblem(path: string, issue: z.core.$ZodIssueInvalidUnion): ProblemBody {
  const key = issue.discriminator;
  const options = 'options' in issue ? issue.options : undefined;
  if (key === undefined || options === undefined) return { code: 'FIELD_INVALID', params: { path, detail: issue.message } };
  const input: unknown = issue.input;
  const value: unknown = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
  if (value === undefined) return { code: 'FIELD_REQUIRED', params: { path } };
  return { code: 'FIELD_NOT_ALLOWED', params: { path, value: String(JSON.stringify(value)), allowed: options.map((o) => String(o)) } };
}

function tooSmall(path: string, issue: z.core.$ZodIssueTooSmall): ProblemBody {
  if (issue.origin === 'string') return { code: 'FIELD_EMPTY', params: { path } };
  if (issue.origin === 'array') return { code: 'LIST_EMPTY', params: { path } };
  return { code: 'NUMBER_TOO_SMALL', params: { path, minimum: Number(issue.minimum), inclusive: issue.inclusive === true } };
}
