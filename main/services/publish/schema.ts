// The zod schema of meeting.json and bilingual messages for its issues. Objects are strict: a misspelt key
// such as "confidental" must be an error, never a confidential document silently published to everyone.
import { z } from 'zod';
import { DOCUMENT_KINDS, type AgendaItemSpec, type MeetingSpec } from '../../../common/meeting/types.ts';

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
  .refine((q) => q.numerator <= q.denominator, { message: 'numerator > denominator', path: ['numerator'] });

export const meetingSchema: z.ZodType<MeetingSpec> = z.strictObject({
  title: text,
  body: text,
  startsAt: z.iso.datetime({ offset: true }),
  place: text,
  totalDelegates: z.number().int().positive(),
  quorum: quorumSchema.optional(),
  agenda: z.array(agendaItemSchema).min(1),
});

/** "agenda[1].documents[0].kind" */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out === '' ? '(gốc / root)' : out;
}

/** A bilingual message for one zod issue (without the path). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `thiếu trường bắt buộc / required field is missing`
        : `sai kiểu dữ liệu, cần ${typeName(issue.expected)} / wrong type, expected ${issue.expected}`;
    case 'invalid_value':
      return `giá trị ${JSON.stringify(issue.input)} không hợp lệ, chỉ được dùng: ${issue.values.map((v) => String(v)).join(', ')} / invalid value, allowed: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `trường không được hỗ trợ (viết sai?) / unknown field (typo?): ${issue.keys.join(', ')}`;
    case 'too_small':
      return tooSmall(issue);
    case 'invalid_format':
      return issue.format === 'datetime'
        ? 'thời gian phải theo dạng 2026-12-05T07:30:00+07:00 / time must look like 2026-12-05T07:30:00+07:00'
        : `sai định dạng / invalid format (${issue.format})`;
    default:
      return `giá trị không hợp lệ / invalid value: ${issue.message}`;
  }
}

function tooSmall(issue: z.core.$ZodIssueTooSmall): string {
  if (issue.origin === 'string') return 'không được để trống / must not be empty';
  if (issue.origin === 'array') return 'cần ít nhất một mục / needs at least one entry';
  return `phải lớn hơn ${issue.inclusive === true ? 'hoặc bằng ' : ''}${String(issue.minimum)} / must be ${issue.inclusive === true ? '>=' : '>'} ${String(issue.minimum)}`;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'chuỗi văn bản',
  number: 'số',
  boolean: 'true/false',
  array: 'danh sách [...]',
  object: 'đối tượng {...}',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}
