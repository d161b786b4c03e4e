// One zod schema per IPC channel for its argument tuple: the main process trusts nothing the renderer sends.
import { z } from 'zod';
import {
  IPC_INVOKE_CHANNELS,
  MAX_LINK_LENGTH,
  MAX_PASSPHRASE_LENGTH,
  MAX_URL_LENGTH,
  MIN_PASSPHRASE_LENGTH,
  type IpcArgs,
  type IpcInvokeChannel,
} from '../../../../common/api/ipc.ts';
import { ID_PATTERN } from '../../../../common/pack/format.ts';
import { RECORD_KIND_PATTERN } from '../../../../common/device/store.ts';
import { fail, ok, type Result } from '../../../../common/result.ts';
import { settingsPatchSchema } from './settingsFile.ts';

const id = z.string().regex(ID_PATTERN);
const link = z.string().min(1).max(MAX_LINK_LENGTH);
const none = z.tuple([]);
const recordKind = z.string().regex(RECORD_KIND_PATTERN);
const recordKey = z.string().min(1).max(200);
/** The largest device record the renderer may write (a search shard of a very long document fits). */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;
/** A query longer than this is not typed by a person. */
export const MAX_SEARCH_QUERY_LENGTH = 500;
const searchOptionsSchema = z
  .object({ meetingId: id.optional(), documentId: id.optional(), prefix: z.boolean().optional(), limit: z.number().int().min(0).max(10_000).optional(), repair: z.boolean().optional() })
  .strict();

export const IPC_ARG_SCHEMAS: { readonly [C in IpcInvokeChannel]: z.ZodType<IpcArgs<C>> } = {
  previewInvitation: z.tuple([link]),
  joinMeeting: z.tuple([link]),
  listMeetings: none,
  getMeeting: z.tuple([id]),
  forgetMeeting: z.tuple([id]),
  startDownload: z.tuple([id]),
  pauseDownload: z.tuple([id]),
  checkForUpdate: z.tuple([id]),
  openDocument: z.tuple([id, id]),
  search: z.tuple([z.string().max(MAX_SEARCH_QUERY_LENGTH), searchOptionsSchema]) as unknown as z.ZodType<IpcArgs<'search'>>,
  getRecord: z.tuple([id, recordKind, recordKey]),
  putRecord: z.tuple([id, recordKind, recordKey, z.string().max(MAX_RECORD_CHARS)]),
  listRecords: z.tuple([id, recordKind]),
  liveCredentials: z.tuple([id]),
  noteKeys: z.tuple([id]),
  noteLiveContact: z.tuple([id]),
  getSettings: none,
  saveSettings: z.tuple([settingsPatchSchema]) as unknown as z.ZodType<IpcArgs<'saveSettings'>>,
  keystoreStatus: none,
  unlockKeystore: z.tuple([z.string().min(MIN_PASSPHRASE_LENGTH).max(MAX_PASSPHRASE_LENGTH)]),
  openExternal: z.tuple([z.string().max(MAX_URL_LENGTH)]),
  takePendingInvitation: none,
};

export function isInvokeChannel(x: unknown): x is IpcInvokeChannel {
  return typeof x === 'string' && (IPC_INVOKE_CHANNELS as readonly string[]).includes(x);
}

/** Validates the raw argument list of a call; BAD_REQUEST names the first problem (never echoes secrets). */
export function parseIpcArgs<C extends IpcInvokeChannel>(channel: C, raw: readonly unknown[]): Result<IpcArgs<C>> {
  const r = IPC_ARG_SCHEMAS[channel].safeParse(raw);
  if (r.success) return ok(r.data);
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return fail('BAD_REQUEST', `${channel}: invalid arguments${where}: ${issue?.message ?? 'invalid'}`);
}
