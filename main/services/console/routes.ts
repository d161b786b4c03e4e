// Every route of CONSOLE_ROUTES (common/api/console.ts) and its handler. Authentication and the CSRF header are
// checked in server.ts before any handler runs; handlers here only check the admin-only ones.
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CONSOLE_COOKIE, CONSOLE_PATH, CONSOLE_ROUTES, MAX_IMPORT_ZIP_BYTES, MAX_SHEET_BYTES, type ConsoleSession, type InvitationRow } from '../../../common/api/console.ts';
import { consoleMessage } from '../../../common/i18n/consoleText.ts';
import { CouncilError } from '../../../common/result.ts';
import { reinviteInvitation, revokeInvitation } from '../publish/members.ts';
import { loadState, saveState, STATE_DIR, type PublisherState } from '../publish/state.ts';
import { importFolderInto, importZipInto, writeExportZip } from './archive.ts';
import { draftChanges } from './changes.ts';
import { SESSION_TTL_MS, type ConsoleAuth } from './ConsoleAuth.ts';
import { importDelegates } from './delegatesImport.ts';
import { readFolder } from './draftFolder.ts';
import type { DraftStore} from './DraftStore.ts';
import { parseBody } from './DraftStore.ts';
import { rejected } from './fileChecks.ts';
import { followView, liveSnapshot } from './follow.ts';
import { cookieValue, fileAnswer, jsonAnswer, readBody, readJson, type Answer, type ConsoleRequest, type RouteDef } from './http.ts';
import { invitationQr, invitationRows, invitationsPdf, invitationsZip, publishedState } from './invitationViews.ts';
import { openBackup, sealBackup } from './keysBackup.ts';
import { minutesFonts, minutesModel } from './minutes.ts';
import { opinionRows, type InboxSource } from './opinions.ts';
import { opinionsDocx, opinionsPdf, type OpinionsMeta } from '../../../common/annotations/opinionsExport.ts';
import { attendanceCsv, attendanceXlsx, minutesDocx, minutesFileName, minutesPdf, resultsCsv, resultsXlsx, type MinutesModel } from '../../../common/minutes/index.ts';
import type { PublishJobs } from './PublishJobs.ts';
import { INVITATIONS_OUT } from './PublishJobs.ts';

export interface ConsoleContext {
  readonly store: DraftStore;
  readonly auth: ConsoleAuth;
  readonly jobs: PublishJobs;
  /** The session of the request (set by server.ts before the handler runs). */
  readonly session: (req: ConsoleRequest) => Promise<ConsoleSession>;
  readonly ocr?: false;
  readonly cookieSecure: boolean;
  /** Where the sealed góp ý and read receipts come from (opinions.ts). */
  readonly inbox: InboxSource;
}

type Ctx = ConsoleContext;
const R = CONSOLE_ROUTES;
const param = (req: ConsoleRequest, name: string): string => req.params[name] ?? '';

const PDF = 'application/pdf';
const ZIP = 'application/zip';
const PNG = 'image/png';

async function requireAdmin(ctx: Ctx, req: ConsoleRequest): Promise<void> {
  if ((await ctx.session(req)).role !== 'admin') throw new CouncilError('FORBIDDEN', consoleMessage('ADMIN_ONLY'));
}

function sessionCookie(ctx: Ctx, value: string, maxAge: number): string {
  return `${CONSOLE_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=${CONSOLE_PATH}; Max-Age=${maxAge}${ctx.cookieSecure ? '; Secure' : ''}`;
}

const loginSchema = z.object({ token: z.string().min(1).max(512) });

async function login(ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  const { token } = parseBody(loginSchema, await readJson(req.raw));
  const { sessionId, session } = await ctx.auth.login(token);
  return jsonAnswer(session, { 'set-cookie': sessionCookie(ctx, sessionId, SESSION_TTL_MS / 1000) });
}

async function logout(ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  ctx.auth.logout(cookieValue(req.raw, CONSOLE_COOKIE));
  return jsonAnswer({ loggedOut: true }, { 'set-cookie': sessionCookie(ctx, '', 0) });
}

const nameSchema = z.object({ name: z.string().max(200) });

async function draftRows(ctx: Ctx, req: ConsoleRequest): Promise<{ folder: string; draftId: string }> {
  const draftId = param(req, 'draftId');
  return { folder: await ctx.store.existingFolder(draftId), draftId };
}

async function changes(ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  const { folder, draftId } = await draftRows(ctx, req);
  return jsonAnswer(await draftChanges(folder, await readFolder(folder, draftId)));
}

/**
 * A draft published on another collab-server (a folder the CLI published elsewhere, an imported ZIP or folder whose
 * .council/publisher.json names any server) is refused before anything is sent: the admin token goes only to the
 * server this console was started for, never to the server a draft's file names.
 */
async function onThisServer(ctx: Ctx, folder: string): Promise<void> {
  const state = await loadState(folder).catch(() => undefined);
  if (state && state.server !== ctx.auth.server) throw new CouncilError('CONFLICT', consoleMessage('OTHER_SERVER', { server: state.server }));
}

/** The draft's folder, checked to be published (if at all) on this console's server. */
async function serverDraft(ctx: Ctx, req: ConsoleRequest): Promise<{ folder: string; draftId: string }> {
  const rows = await draftRows(ctx, req);
  await onThisServer(ctx, rows.folder);
  return rows;
}

/** Reissue, revoke and restore write the publisher state: never while a publish (which saves it at its end) runs. */
function notWhilePublishing(ctx: Ctx, draftId: string): void {
  if (ctx.jobs.runningFor(draftId)) throw new CouncilError('CONFLICT', consoleMessage('JOB_RUNNING'));
}

async function publish(ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  const { folder, draftId } = await serverDraft(ctx, req);
  const adminToken = ctx.auth.adminToken();
  // Started under the draft's lock: a reissue, revoke or restore under way finishes first, and the later ones see the job.
  return jsonAnswer(await ctx.store.locked(draftId, async () => ctx.jobs.start({ draftId, folder, server: ctx.auth.server, adminToken, ...(ctx.ocr === false ? { ocr: false as const } : {}) })));
}

async function reissue(ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  const { folder, draftId } = await serverDraft(ctx, req);
  const delegateId = param(req, 'delegateId');
  const state = await publishedState(folder);
  await ctx.store.locked(draftId, async () => {
    notWhilePublishing(ctx, draftId);
    await reinviteInvitation({ folder, delegateId, server: state.server, adminToken: ctx.auth.adminToken(), outDir: path.join(folder, INVITATIONS_OUT) });
  });
  const row = (await invitationRows(folder)).find((r: InvitationRow) => r.delegateId === delegateId);
  if (!row) throw new CouncilError('NOT_FOUND', consoleMessage('DELEGATE_UNKNOWN', { id: delegateId }));
  return jsonAnswer(row);
}

async function revoke(ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  const { folder, draftId } = await serverDraft(ctx, req);
  const delegateId = param(req, 'delegateId');
  const state = await publishedState(folder);
  await ctx.store.locked(draftId, async () => {
    notWhilePublishing(ctx, draftId);
    await revokeInvitation({ folder, delegateId, server: state.server, adminToken: ctx.auth.adminToken() });
  });
  return jsonAnswer({ revoked: true });
}

async function importDraft(ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  const type = req.raw.headers['content-type'] ?? '';
  const { draftId, folder } = await ctx.store.newFolder();
  try {
    if (type.startsWith('application/json')) {
      const { path: source } = parseBody(z.object({ path: z.string().min(1) }), await readJson(req.raw));
      await importFolderInto(folder, source);
    } else {
      const bytes = await readBody(req.raw, MAX_IMPORT_ZIP_BYTES, () => new CouncilError('TOO_LARGE', consoleMessage('ZIP_INVALID', { detail: 'too large' })));
      await importZipInto(folder, bytes);
    }
  } catch (e) {
    await ctx.store.remove(draftId).catch(() => undefined);
    throw e;
  }
  return jsonAnswer(await ctx.store.get(draftId));
}

const passphraseSchema = z.object({ passphrase: z.string().min(1).max(1024) });

async function keysBackup(ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  const { folder, draftId } = await draftRows(ctx, req);
  const { passphrase } = parseBody(passphraseSchema, await readJson(req.raw));
  const state = await publishedState(folder);
  const bytes = await sealBackup(new TextEncoder().encode(JSON.stringify(state)), state.meetingId, passphrase);
  return fileAnswer(bytes, 'application/json', `khoa-${draftId}-${state.meetingId}.council-keys`);
}

/**
 * The publisher state a backup holds, read back through loadState's schema in a scratch folder beside the draft's
 * state (owner-only, removed at once) before it replaces anything: a backup of a damaged state is refused
 * (BACKUP_INVALID) and the draft's own state stays as it was.
 */
async function checkedState(folder: string, plaintext: Uint8Array): Promise<PublisherState> {
  const scratch = path.join(folder, STATE_DIR, `restore-${randomBytes(6).toString('hex')}.tmp`);
  try {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(plaintext)) as unknown;
    } catch {
      throw new CouncilError('BACKUP_INVALID', consoleMessage('BACKUP_WRONG'));
    }
    await saveState(scratch, parsed as PublisherState);
    const state = await loadState(scratch).catch(() => undefined);
    if (!state) throw new CouncilError('BACKUP_INVALID', consoleMessage('BACKUP_WRONG'));
    return state;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function keysRestore(ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  const { folder, draftId } = await draftRows(ctx, req);
  const passphrase = req.query.get('passphrase') ?? '';
  const bytes = await readBody(req.raw, 4 * 1024 * 1024, () => new CouncilError('TOO_LARGE', consoleMessage('BACKUP_WRONG')));
  const { header, plaintext } = await openBackup(bytes, passphrase);
  const restored = await checkedState(folder, plaintext);
  await ctx.store.locked(draftId, async () => {
    notWhilePublishing(ctx, draftId);
    const current = await loadState(folder).catch(() => undefined);
    if (current && current.meetingId !== header.meetingId) {
      throw new CouncilError('CONFLICT', consoleMessage('BACKUP_OTHER_MEETING', { backup: header.meetingId, draft: current.meetingId }));
    }
    await saveState(folder, restored);
  });
  return jsonAnswer({ restored: true, meetingId: header.meetingId, revision: restored.revision });
}

async function delegatesImport(_ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  const name = req.query.get('name') ?? 'delegates.csv';
  const bytes = await readBody(req.raw, MAX_SHEET_BYTES, () => rejected('FILE_SHEET_UNREADABLE', name));
  return jsonAnswer(await importDelegates(bytes, name));
}

async function fileContent(ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  const { file, name } = await ctx.store.filePath(param(req, 'draftId'), param(req, 'documentId'));
  return fileAnswer(new Uint8Array(await readFile(file)), PDF, name);
}

async function results(ctx: Ctx, req: ConsoleRequest): Promise<Answer> {
  const { folder } = await serverDraft(ctx, req);
  const live = await liveSnapshot(folder, ctx.auth.knownAdminToken());
  if (!live) throw new CouncilError('NETWORK', consoleMessage('LIVE_STATE_UNAVAILABLE'));
  return jsonAnswer(live.voting);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const CSV = 'text/csv; charset=utf-8';
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** One of the records of the session, built from the minutes model. */
const minutesFile =
  (make: (m: MinutesModel) => Promise<Answer>) =>
  async (ctx: Ctx, req: ConsoleRequest): Promise<Answer> => {
    const { folder, draftId } = await serverDraft(ctx, req);
    return make(await minutesModel(folder, draftId, ctx.auth.adminToken()));
  };

async function opinionsOf(ctx: Ctx, req: ConsoleRequest): Promise<{ rows: Awaited<ReturnType<typeof opinionRows>>; meta: OpinionsMeta }> {
  const { folder, draftId } = await serverDraft(ctx, req);
  const rows = await opinionRows(folder, draftId, ctx.inbox, ctx.auth.adminToken());
  const { draft } = await readFolder(folder, draftId);
  return { rows, meta: { title: draft.meeting.title, body: draft.meeting.body, lang: 'vi', ...(draft.meetingId ? { meetingId: draft.meetingId } : {}) } };
}

const route = (method: RouteDef<Ctx>['method'], pattern: string, handler: RouteDef<Ctx>['handler']): RouteDef<Ctx> => ({ method, pattern, handler });
const draftFile = (fn: (folder: string, req: ConsoleRequest) => Promise<Answer>) => async (ctx: Ctx, req: ConsoleRequest) => fn((await draftRows(ctx, req)).folder, req);

export const CONSOLE_HANDLERS: readonly RouteDef<Ctx>[] = [
  route('POST', R.session, login),
  route('DELETE', R.session, logout),
  route('GET', R.me, async (ctx, req) => jsonAnswer(await ctx.session(req))),
  route('GET', R.passes, async (ctx, req) => (await requireAdmin(ctx, req), jsonAnswer(await ctx.auth.listPasses()))),
  route('POST', R.passes, async (ctx, req) => (await requireAdmin(ctx, req), jsonAnswer(await ctx.auth.createPass(parseBody(nameSchema, await readJson(req.raw)).name)))),
  route('DELETE', R.pass, async (ctx, req) => (await requireAdmin(ctx, req), await ctx.auth.revokePass(param(req, 'passId')), jsonAnswer({ revoked: true }))),
  route('GET', R.drafts, async (ctx) => jsonAnswer(await ctx.store.list())),
  route('POST', R.drafts, async (ctx, req) => jsonAnswer(await ctx.store.create(await readJson(req.raw)))),
  route('POST', R.importZip, importDraft),
  route('GET', R.draft, async (ctx, req) => jsonAnswer(await ctx.store.get(param(req, 'draftId')))),
  route('PUT', R.draft, async (ctx, req) => jsonAnswer(await ctx.store.save(param(req, 'draftId'), await readJson(req.raw)))),
  route('DELETE', R.draft, async (ctx, req) => {
    const draftId = param(req, 'draftId');
    await ctx.store.existingFolder(draftId);
    if (ctx.jobs.runningFor(draftId)) throw new CouncilError('CONFLICT', consoleMessage('JOB_RUNNING'));
    await ctx.store.remove(draftId);
    return jsonAnswer({ deleted: true });
  }),
  route('POST', R.files, async (ctx, req) => jsonAnswer(await ctx.store.upload(param(req, 'draftId'), req.raw, req.query.get('name') ?? 'tai-lieu.pdf', req.query.get('itemPath') ?? undefined))),
  route('PUT', R.file, async (ctx, req) => jsonAnswer(await ctx.store.replace(param(req, 'draftId'), param(req, 'documentId'), req.raw, req.query.get('name') ?? ''))),
  route('DELETE', R.file, async (ctx, req) => (await ctx.store.removeFile(param(req, 'draftId'), param(req, 'documentId')), jsonAnswer({ deleted: true }))),
  route('GET', R.fileContent, fileContent),
  route('POST', R.delegatesImport, async (ctx, req) => (await draftRows(ctx, req), delegatesImport(ctx, req))),
  route('GET', R.problems, async (ctx, req) => jsonAnswer((await ctx.store.get(param(req, 'draftId'))).problems)),
  route('GET', R.changes, changes),
  route('POST', R.publish, publish),
  route('GET', R.job, async (ctx, req) => jsonAnswer(ctx.jobs.get(param(req, 'jobId')))),
  route('GET', R.invitations, draftFile(async (folder) => jsonAnswer(await invitationRows(folder)))),
  route('GET', R.invitationsPdf, draftFile(async (folder) => fileAnswer(await invitationsPdf(folder), PDF, 'giay-moi.pdf'))),
  route('GET', R.invitationsZip, draftFile(async (folder) => fileAnswer(await invitationsZip(folder), ZIP, 'ma-qr.zip'))),
  route('GET', R.invitationQr, draftFile(async (folder, req) => fileAnswer(await invitationQr(folder, param(req, 'delegateId')), PNG, `${param(req, 'delegateId')}.png`))),
  route('POST', R.reinvite, reissue),
  route('POST', R.revoke, revoke),
  route('GET', R.follow, async (ctx, req) => jsonAnswer(await followView((await serverDraft(ctx, req)).folder, ctx.auth.adminToken(), ctx.inbox))),
  route('GET', R.results, results),
  route('GET', R.opinions, async (ctx, req) => jsonAnswer((await opinionsOf(ctx, req)).rows)),
  route('GET', R.opinionsDocx, async (ctx, req) => {
    const { rows, meta } = await opinionsOf(ctx, req);
    return fileAnswer(await opinionsDocx(rows, meta), DOCX, 'tong-hop-y-kien-gop-y.docx');
  }),
  route('GET', R.opinionsPdf, async (ctx, req) => {
    const { rows, meta } = await opinionsOf(ctx, req);
    return fileAnswer(await opinionsPdf(rows, meta, await minutesFonts()), PDF, 'tong-hop-y-kien-gop-y.pdf');
  }),
  route('GET', R.minutesDocx, minutesFile(async (m) => fileAnswer(await minutesDocx(m), DOCX, minutesFileName('docx')))),
  route('GET', R.minutesPdf, minutesFile(async (m) => fileAnswer(await minutesPdf(m, { fonts: await minutesFonts() }), PDF, minutesFileName('pdf')))),
  route('GET', R.attendanceXlsx, minutesFile(async (m) => fileAnswer(await attendanceXlsx(m), XLSX, minutesFileName('attendance.xlsx')))),
  route('GET', R.attendanceCsv, minutesFile(async (m) => fileAnswer(utf8(attendanceCsv(m)), CSV, minutesFileName('attendance.csv')))),
  route('GET', R.resultsXlsx, minutesFile(async (m) => fileAnswer(await resultsXlsx(m), XLSX, minutesFileName('results.xlsx')))),
  route('GET', R.resultsCsv, minutesFile(async (m) => fileAnswer(utf8(resultsCsv(m)), CSV, minutesFileName('results.csv')))),
  route('GET', R.exportZip, async (ctx, req) => {
    const { folder, draftId } = await draftRows(ctx, req);
    const withKeys = req.query.get('keys') === '1';
    return { kind: 'stream', type: ZIP, name: `${draftId}.zip`, write: (res) => writeExportZip(folder, withKeys, res) };
  }),
  route('POST', R.keysBackup, keysBackup),
  route('POST', R.keysRestore, keysRestore),
];
