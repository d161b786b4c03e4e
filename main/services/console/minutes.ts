// The biên bản kỳ họp and the records (issue 10), from common/minutes (helper "records"): the meeting as the
// draft and its publisher state describe it, the live state and votes (the state room), the audit log (read with
// the admin token) and its check against the server's audit key.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_HEADER } from '../../../common/api/http.ts';
import { pathTo, ROUTES } from '../../../common/api/routes.ts';
import { errorFromAnswer } from '../../../common/device/serverClient.ts';
import type { AuditCheckpoint, AuditKeyInfo, AuditPage, AuditRecord } from '../../../common/live/audit.ts';
import { buildMinutes, checkMinutesAudit, type MinutesDocumentRef, type MinutesFonts, type MinutesMeeting, type MinutesModel } from '../../../common/minutes/index.ts';
import { consoleMessage } from '../../../common/i18n/consoleText.ts';
import { CouncilError } from '../../../common/result.ts';
import { agendaItemId, numberAgenda } from '../publish/agenda.ts';
import { listDocuments } from '../publish/documents.ts';
import type { AgendaItemSpec, Delegate, MeetingSpec } from '../../../common/meeting/types.ts';
import { MEETING_FILE } from '../publish/documents.ts';
import { PUBLISHED_DIR } from './changes.ts';
import { readDelegatesLoose, readFolder, readMeetingLoose } from './draftFolder.ts';
import { readJsonFile } from './folderIo.ts';
import { liveSnapshot } from './follow.ts';
import { publishedState } from './invitationViews.ts';

const FONTS_DIR = fileURLToPath(new URL('../../../resources/fonts/', import.meta.url));
/** Pages of the audit log read at most (AUDIT_PAGE_SIZE entries each). */
const MAX_AUDIT_PAGES = 1000;

export async function minutesFonts(): Promise<MinutesFonts> {
  const font = async (name: string) => new Uint8Array(await readFile(path.join(FONTS_DIR, name)));
  return { regular: await font('Tinos-Regular.ttf'), bold: await font('Tinos-Bold.ttf'), italic: await font('Tinos-Italic.ttf') };
}

async function getJson(url: string, token: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { [ADMIN_HEADER]: `Bearer ${token}` } });
  } catch (e) {
    throw new CouncilError('NETWORK', consoleMessage('SERVER_UNREACHABLE', { server: new URL(url).origin, cause: e instanceof Error ? e.message : String(e) }));
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw errorFromAnswer(res.status, body);
  const wrapped = body as { ok?: boolean; value?: unknown };
  return wrapped.ok === true ? wrapped.value : body;
}

async function auditLog(server: string, meetingId: string, token: string): Promise<{ records: AuditRecord[]; head: AuditCheckpoint | undefined }> {
  const records: AuditRecord[] = [];
  let after = 0;
  let head: AuditCheckpoint | undefined;
  for (let i = 0; i < MAX_AUDIT_PAGES; i++) {
    const page = (await getJson(`${server}${pathTo(ROUTES.audit, { meetingId })}?after=${after}`, token)) as AuditPage;
    records.push(...page.entries);
    head = page.head ?? head;
    if (page.next === undefined) break;
    after = page.next;
  }
  return { records, head };
}

/**
 * The meeting as it was published (the copy every console publish keeps): the session ran on that agenda, whose
 * item ids ("1", "2.1") the audit log and the polls name, and those delegates. The draft may have been edited
 * since (an item moved, a delegate removed): its agenda would put speeches and votes under the wrong items. A
 * folder published by the CLI only has no copy: then the draft is all there is.
 */
async function sessionSpec(folder: string, draftId: string): Promise<{ meeting: Omit<MeetingSpec, 'agenda'>; agenda: readonly AgendaItemSpec[]; delegates: readonly Delegate[] }> {
  const published = path.join(folder, PUBLISHED_DIR);
  if ((await readJsonFile(path.join(published, MEETING_FILE))) !== undefined) {
    const { meeting, agenda } = await readMeetingLoose(published);
    return { meeting, agenda, delegates: await readDelegatesLoose(published) };
  }
  const view = await readFolder(folder, draftId);
  return { meeting: view.draft.meeting, agenda: view.agendaSpec, delegates: view.draft.delegates };
}

async function meetingOf(folder: string, draftId: string): Promise<MinutesMeeting> {
  const view = await sessionSpec(folder, draftId);
  const state = await publishedState(folder);
  const listed = listDocuments(view.agenda);
  const docs: MinutesDocumentRef[] = listed.map((d) => {
    const id = state.documents[d.spec.file]?.id ?? d.spec.file;
    return { id, title: d.spec.title, kind: d.spec.kind, agendaItemId: agendaItemId(d.agendaPath), ...(d.spec.confidential === true ? { confidential: true } : {}) };
  });
  const byItem = new Map<string, string[]>();
  for (const d of docs) byItem.set(d.agendaItemId, [...(byItem.get(d.agendaItemId) ?? []), d.id]);
  const m = view.meeting;
  return {
    meetingId: state.meetingId,
    title: m.title,
    body: m.body,
    startsAt: m.startsAt,
    place: m.place,
    totalDelegates: m.totalDelegates,
    agenda: numberAgenda(view.agenda, byItem),
    delegates: view.delegates,
    documents: docs,
  };
}

export async function minutesModel(folder: string, draftId: string, adminToken: string): Promise<MinutesModel> {
  const state = await publishedState(folder);
  const live = await liveSnapshot(folder, adminToken);
  if (!live) throw new CouncilError('NETWORK', consoleMessage('LIVE_STATE_UNAVAILABLE'));
  const { records, head } = await auditLog(state.server, state.meetingId, adminToken);
  const key = (await getJson(`${state.server}${ROUTES.auditKey}`, adminToken)) as AuditKeyInfo;
  const auditCheck = await checkMinutesAudit(records, head, key.publicKey, state.meetingId);
  return buildMinutes({ meeting: await meetingOf(folder, draftId), state: live.meeting, voting: live.voting, audit: records, auditCheck, lang: 'vi' });
}
