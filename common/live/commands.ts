// Commands of the live session: POST LIVE_API.commands(meetingId) with a Bearer token and one of these JSON
// bodies. Every command carries a client-generated `id`: a retry with the same id returns the stored result
// and never applies twice. The server checks the caller's role (CHAIR_COMMANDS need the chair). The server
// side declares these per feature (collab-server/live/features/session.ts, docs/commands.md); a feature may
// add its own schema module beside this one.
import { z } from 'zod';
import type { ErrorValue } from '../result.ts';
import { ID_PATTERN } from '../pack/format.ts';
import { ANNOUNCEMENT_LEVELS, ATTENDANCE_STATUSES, SPEECH_TYPES, type MeetingState } from './state.ts';

export const MAX_COMMAND_ID_LENGTH = 64;
export const MAX_ANNOUNCEMENT_CHARS = 2000;
export const MAX_REASON_CHARS = 500;
export const MAX_ADDRESSEE_CHARS = 200;
export const MAX_ITEM_ID_CHARS = 64;
/** Upper bound of any speaking time or adjustment (a day), to keep arithmetic sane. */
export const MAX_SPEAKING_TIME_SEC = 24 * 60 * 60;
export const MAX_QUORUM_TERM = 100;
export const MAX_TOTAL_DELEGATES = 10_000;
export const MAX_QUEUE_LENGTH = 1000;
/** Longest life of an announcement given with expiresInSec (a day). */
export const MAX_ANNOUNCEMENT_TTL_SEC = 24 * 60 * 60;
/** Largest command body the server reads, in bytes. */
export const MAX_COMMAND_BODY = 64 * 1024;

const id = z.string().regex(ID_PATTERN);
const commandId = z.string().min(1).max(MAX_COMMAND_ID_LENGTH).regex(/^[A-Za-z0-9_.:-]+$/);
const seconds = z.number().int().min(1).max(MAX_SPEAKING_TIME_SEC);
const speechType = z.enum(SPEECH_TYPES);
const base = { id: commandId };

// ---- chair
export const SetCurrentItem = z.strictObject({ ...base, type: z.literal('setCurrentItem'), itemId: z.string().min(1).max(MAX_ITEM_ID_CHARS).nullable() });
export const GiveFloor = z.strictObject({
  ...base,
  type: z.literal('giveFloor'),
  /** Either a queue entry ... */
  requestId: id.optional(),
  /** ... or a delegate directly, with the speech type (default phat-bieu). */
  delegateId: id.optional(),
  speechType: speechType.optional(),
  addressee: z.string().min(1).max(MAX_ADDRESSEE_CHARS).optional(),
  durationSec: seconds.optional(),
});
export const NextSpeaker = z.strictObject({ ...base, type: z.literal('nextSpeaker'), durationSec: seconds.optional() });
export const EndSpeech = z.strictObject({ ...base, type: z.literal('endSpeech') });
export const SetSpeakingTime = z.strictObject({ ...base, type: z.literal('setSpeakingTime'), seconds });
export const AdjustTime = z.strictObject({
  ...base,
  type: z.literal('adjustTime'),
  deltaSec: z.number().int().min(-MAX_SPEAKING_TIME_SEC).max(MAX_SPEAKING_TIME_SEC).refine((n) => n !== 0, 'deltaSec must not be 0'),
});
export const ReorderQueue = z.strictObject({ ...base, type: z.literal('reorderQueue'), requestIds: z.array(id).max(MAX_QUEUE_LENGTH) });
export const RemoveRequest = z.strictObject({ ...base, type: z.literal('removeRequest'), requestId: id });
export const Announce = z.strictObject({
  ...base,
  type: z.literal('announce'),
  text: z.string().trim().min(1).max(MAX_ANNOUNCEMENT_CHARS),
  level: z.enum(ANNOUNCEMENT_LEVELS).default('info'),
  /** Hidden after this many seconds (state: expiresAt); absent: shown until withdrawn. */
  expiresInSec: z.number().int().min(1).max(MAX_ANNOUNCEMENT_TTL_SEC).optional(),
});
export const WithdrawAnnouncement = z.strictObject({ ...base, type: z.literal('withdrawAnnouncement'), announcementId: id });
export const RecordAttendance = z.strictObject({
  ...base,
  type: z.literal('recordAttendance'),
  delegateId: id,
  status: z.enum(ATTENDANCE_STATUSES),
  reason: z.string().max(MAX_REASON_CHARS).optional(),
});
export const Configure = z.strictObject({
  ...base,
  type: z.literal('configure'),
  quorum: z
    .strictObject({ numerator: z.number().int().min(1).max(MAX_QUORUM_TERM), denominator: z.number().int().min(1).max(MAX_QUORUM_TERM) })
    .refine((q) => q.numerator <= q.denominator, 'quorum must not exceed 1')
    .optional(),
  /** Delegates actually sitting; null returns to counting the members. */
  totalDelegates: z.number().int().min(1).max(MAX_TOTAL_DELEGATES).nullable().optional(),
});

// ---- delegate (and chair)
export const CheckIn = z.strictObject({ ...base, type: z.literal('checkIn'), mode: z.enum(['present-hall', 'present-online']) });
export const RequestToSpeak = z
  .strictObject({ ...base, type: z.literal('requestToSpeak'), speechType, addressee: z.string().trim().min(1).max(MAX_ADDRESSEE_CHARS).optional() })
  .refine((c) => c.speechType !== 'chat-van' || c.addressee !== undefined, { message: 'chất vấn needs an addressee', path: ['addressee'] });
export const WithdrawRequest = z.strictObject({ ...base, type: z.literal('withdrawRequest'), requestId: id });

// ---- any member (the secretariat and the hall screen too)
/** "Đã xem": the member saw the notice; the state keeps who did, so the chair sees "đã xem x/N". */
export const AcknowledgeAnnouncement = z.strictObject({ ...base, type: z.literal('acknowledgeAnnouncement'), announcementId: id });

export const LiveCommandSchema = z.discriminatedUnion('type', [
  SetCurrentItem,
  GiveFloor,
  NextSpeaker,
  EndSpeech,
  SetSpeakingTime,
  AdjustTime,
  ReorderQueue,
  RemoveRequest,
  Announce,
  WithdrawAnnouncement,
  RecordAttendance,
  Configure,
  CheckIn,
  RequestToSpeak,
  WithdrawRequest,
  AcknowledgeAnnouncement,
]);
export type LiveCommand = z.infer<typeof LiveCommandSchema>;
/** What a client sends (defaults may be left out). */
export type LiveCommandInput = z.input<typeof LiveCommandSchema>;
export type CommandType = LiveCommand['type'];

export const CHAIR_COMMANDS: ReadonlySet<CommandType> = new Set<CommandType>([
  'setCurrentItem',
  'giveFloor',
  'nextSpeaker',
  'endSpeech',
  'setSpeakingTime',
  'adjustTime',
  'reorderQueue',
  'removeRequest',
  'announce',
  'withdrawAnnouncement',
  'recordAttendance',
  'configure',
]);
/** Chair commands the secretary may send too (attendance taken at the door). */
export const SECRETARY_COMMANDS: ReadonlySet<CommandType> = new Set<CommandType>(['recordAttendance']);
/** Commands of a sitting delegate; the chair may send them too. */
export const DELEGATE_COMMANDS: ReadonlySet<CommandType> = new Set<CommandType>(['checkIn', 'requestToSpeak', 'withdrawRequest']);
/** Commands any member may send. */
export const MEMBER_COMMANDS: ReadonlySet<CommandType> = new Set<CommandType>(['acknowledgeAnnouncement']);

export interface CommandValue {
  /** Position of the command in the meeting's audit log. */
  readonly seq: number;
  readonly state?: MeetingState;
}
export type CommandResult = { readonly ok: true; readonly value: CommandValue } | { readonly ok: false; readonly error: ErrorValue };
