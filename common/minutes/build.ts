// buildMinutes: the meeting, the live state, the announced votes and the audit log → the biên bản's content.
// Which agenda item a speech or an announcement belongs to comes from the audit log: every setCurrentItem is
// there with its server time, so "the item current at time t" is the last setCurrentItem at or before t. A
// poll names its item itself (definition.itemId); one whose item is unknown goes by the time it opened. The
// per-poll text is common/voting/recordModel.ts pollRecord (the legal wording is written once, there).
import type { Lang } from '../i18n/errors.ts';
import { minutesText as mt, type MinutesTextKey } from '../i18n/minutes.ts';
import { recordsDate, recordsIso, recordsText, recordsTime } from '../i18n/records.ts';
import { auditProblemText } from '../i18n/audit.ts';
import type { AuditRecord } from '../live/audit.ts';
import { requiredForQuorum } from '../live/quorum.ts';
import type { AnnouncementView, AttendanceRecord, MeetingState, Speech, SpeechType } from '../live/state.ts';
import { isVotingRole, type Delegate } from '../meeting/types.ts';
import type { AgendaNode } from '../pack/format.ts';
import { pollRecord, selectReportEntries, type ReportEntry, type ReportMeeting } from '../voting/recordModel.ts';
import { councilLines, localityOf } from '../voting/reportPdf.ts';
import type {
  MinutesAnnouncement,
  MinutesAttendance,
  MinutesAttendanceRow,
  MinutesInput,
  MinutesItem,
  MinutesMeeting,
  MinutesModel,
  MinutesPoll,
  MinutesSpeech,
} from './types.ts';

/** The issuing body's name in capitals, in lines, and the locality before the date: the results record's. */
export { councilLines as bodyLinesOf, localityOf };

// ---- the timeline of agenda items

interface ItemSpan {
  readonly itemId: string | null;
  readonly from: number;
}

/** Every setCurrentItem of the log, in order: from when each item (or none) was current. */
export function itemTimeline(audit: readonly AuditRecord[]): ItemSpan[] {
  const spans: ItemSpan[] = [];
  for (const r of audit) {
    const c = r.entry.command;
    if (c.type !== 'setCurrentItem') continue;
    const itemId = c['itemId'];
    spans.push({ itemId: typeof itemId === 'string' ? itemId : null, from: r.entry.at });
  }
  return spans;
}

/** The item current at `t` (server ms), or null before the first item / after the chair cleared it. */
export function itemAt(timeline: readonly ItemSpan[], t: number): string | null {
  let current: string | null = null;
  for (const s of timeline) {
    if (s.from > t) break;
    current = s.itemId;
  }
  return current;
}

/** Per item, the first time it became current and the time it stopped being current last. */
function itemTimes(timeline: readonly ItemSpan[], endOf: number | undefined): Map<string, { from: number; to?: number }> {
  const times = new Map<string, { from: number; to?: number }>();
  timeline.forEach((s, i) => {
    if (s.itemId === null) return;
    const next = timeline[i + 1]?.from ?? endOf;
    const known = times.get(s.itemId);
    times.set(s.itemId, { from: known?.from ?? s.from, ...(next === undefined ? {} : { to: next }) });
  });
  return times;
}

function flatten(nodes: readonly AgendaNode[], depth = 0): { node: AgendaNode; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flatten(node.items, depth + 1)]);
}

// ---- pieces

const SPEECH_KEYS: Readonly<Record<SpeechType, MinutesTextKey>> = { 'phat-bieu': 'speechPhatBieu', 'chat-van': 'speechChatVan', 'tranh-luan': 'speechTranhLuan' };

export function durationText(lang: Lang, ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const min = Math.floor(total / 60);
  const sec = total % 60;
  const parts = [min > 0 ? `${min} ${mt(lang, 'minutesWord')}` : '', sec > 0 || min === 0 ? `${sec} ${mt(lang, 'secondsWord')}` : ''];
  return parts.filter((p) => p !== '').join(' ');
}

function speechOf(lang: Lang, s: Speech, person: (id: string) => Delegate | undefined): MinutesSpeech {
  const d = person(s.delegateId);
  const name = d?.name ?? s.delegateId;
  const position = d?.position ?? '';
  const typeText = mt(lang, SPEECH_KEYS[s.type]);
  const start = recordsTime(s.startedAt);
  const end = recordsTime(s.endedAt);
  const duration = durationText(lang, s.endedAt - s.startedAt);
  const who = `${mt(lang, 'delegateWord')} ${name}${position === '' ? '' : ` (${position})`}`;
  const what = s.addressee === undefined ? typeText : `${typeText}, ${mt(lang, 'addressedTo')} ${s.addressee}`;
  return {
    delegateId: s.delegateId,
    name,
    position,
    type: s.type,
    typeText,
    ...(s.addressee === undefined ? {} : { addressee: s.addressee }),
    start,
    end,
    duration,
    line: `${start}–${end} — ${who}: ${what} (${duration})`,
  };
}

function announcementOf(lang: Lang, a: AnnouncementView): MinutesAnnouncement {
  const time = recordsTime(a.at);
  const urgent = a.level === 'urgent';
  const withdrawn = a.withdrawnAt !== undefined;
  const tail = [urgent ? mt(lang, 'urgent') : '', a.withdrawnAt === undefined ? '' : `(${mt(lang, 'withdrawnAt')} ${recordsTime(a.withdrawnAt)})`].filter((s) => s !== '');
  return { time, text: a.text, urgent, withdrawn, line: `${time} — ${a.text}${tail.length > 0 ? ` ${tail.join(' ')}` : ''}` };
}

const STATUS_KEYS: Readonly<Record<AttendanceRecord['status'], MinutesTextKey>> = { 'present-hall': 'statusHall', 'present-online': 'statusOnline', absent: 'statusAbsent' };

function attendanceOf(lang: Lang, meeting: MinutesMeeting, state: MeetingState): MinutesAttendance {
  const voting = meeting.delegates.filter((d) => isVotingRole(d.role));
  const rows: MinutesAttendanceRow[] = voting.map((d, i) => {
    const r = state.attendance[d.id];
    return {
      no: i + 1,
      delegateId: d.id,
      name: d.name,
      position: d.position,
      unit: d.unit,
      group: d.group,
      ...(r ? { status: r.status } : {}),
      statusText: mt(lang, r ? STATUS_KEYS[r.status] : 'statusNone'),
      reason: r?.reason ?? '',
      time: r ? recordsTime(r.at) : '',
    };
  });
  const count = (s: AttendanceRecord['status']) => rows.filter((r) => r.status === s).length;
  const presentHall = count('present-hall');
  const presentOnline = count('present-online');
  const absent = count('absent');
  const unrecorded = rows.filter((r) => r.status === undefined).length;
  const total = state.config.totalDelegatesSetByChair || meeting.totalDelegates <= 0 ? state.config.totalDelegates : meeting.totalDelegates;
  const present = presentHall + presentOnline;
  const dw = mt(lang, 'delegatesWord');
  const summary = [
    `${mt(lang, 'totalDelegates')}: ${total} ${dw}.`,
    `${mt(lang, 'presentLine')}: ${present}/${total} ${dw} (${mt(lang, 'inHall')}: ${presentHall}; ${mt(lang, 'online')}: ${presentOnline}).`,
    `${mt(lang, 'absentLine')}: ${absent} ${dw}${unrecorded > 0 ? `; ${mt(lang, 'unrecordedLine').toLocaleLowerCase(lang)}: ${unrecorded}` : ''}.`,
  ];
  const rule = state.config.quorum;
  const required = requiredForQuorum(total, rule);
  const reached = total > 0 && present * rule.denominator >= total * rule.numerator;
  summary.push(`${mt(lang, reached ? 'quorumReached' : 'quorumNotReached')} ${required}/${total} ${mt(lang, 'quorumTail')}`);
  const head = [mt(lang, 'colNo'), mt(lang, 'colName'), mt(lang, 'colPosition'), mt(lang, 'colStatus'), mt(lang, 'colReason')];
  return { total, presentHall, presentOnline, absent, unrecorded, summary, head, rows };
}

function reportMeetingOf(meeting: MinutesMeeting): ReportMeeting {
  return {
    ...(meeting.meetingId === undefined ? {} : { meetingId: meeting.meetingId }),
    title: meeting.title,
    body: meeting.body,
    startsAt: meeting.startsAt,
    place: meeting.place,
    agenda: meeting.agenda,
    delegates: meeting.delegates,
  };
}

/** The last moment the session left a trace: the last audit entry, speech end or announced poll. */
function lastMoment(input: MinutesInput): number | undefined {
  const times = [
    ...input.audit.map((r) => r.entry.at),
    ...input.state.speeches.map((s) => s.endedAt),
    ...input.voting.polls.flatMap((p) => (p.announcedAt === undefined ? [] : [p.announcedAt])),
  ];
  return times.length > 0 ? Math.max(...times) : undefined;
}

function firstMoment(input: MinutesInput): number | undefined {
  const times = input.audit.map((r) => r.entry.at);
  return times.length > 0 ? Math.min(...times) : undefined;
}

function auditLineOf(lang: Lang, input: MinutesInput): string {
  const check = input.auditCheck;
  if (!check) return mt(lang, 'auditUnchecked', { n: input.audit.length });
  if (check.ok) return mt(lang, 'auditOk', { n: check.entries });
  return `${mt(lang, 'auditFailed', { n: check.entries })}: ${check.problems.map((p) => auditProblemText(lang, p)).join('; ')}`;
}

interface Buckets {
  speeches: MinutesSpeech[];
  polls: MinutesPoll[];
  pollNotes: string[];
  announcements: MinutesAnnouncement[];
}

/** A poll without an announced result, in a sentence; undefined for drafts and announced polls. */
function pollNote(lang: Lang, poll: MinutesInput['voting']['polls'][number]): string | undefined {
  const question = poll.definition.question;
  if (poll.status === 'cancelled') {
    const at = poll.cancelledAt === undefined ? '' : recordsTime(poll.cancelledAt);
    const reason = poll.cancelReason === undefined || poll.cancelReason === '' ? '' : ` (${mt(lang, 'pollReason')}: ${poll.cancelReason})`;
    return `${mt(lang, 'pollCancelled', { question, time: at })}${reason}.`;
  }
  if (poll.status === 'draft' || poll.status === 'announced') return undefined;
  return `${mt(lang, 'pollNotAnnounced', { question })}.`;
}

function bucketsOf(input: MinutesInput, lang: Lang, report: ReportMeeting, entries: readonly ReportEntry[]): Map<string, Buckets> {
  const { meeting, state } = input;
  const known = new Set(flatten(meeting.agenda).map((f) => f.node.id));
  const timeline = itemTimeline(input.audit);
  const buckets = new Map<string, Buckets>();
  const bucket = (id: string | null): Buckets => {
    const key = id !== null && known.has(id) ? id : '';
    let b = buckets.get(key);
    if (!b) {
      b = { speeches: [], polls: [], pollNotes: [], announcements: [] };
      buckets.set(key, b);
    }
    return b;
  };
  const person = (id: string) => meeting.delegates.find((d) => d.id === id);
  for (const s of [...state.speeches].sort((a, b) => a.startedAt - b.startedAt)) bucket(itemAt(timeline, s.startedAt)).speeches.push(speechOf(lang, s, person));
  for (const a of [...state.announcements].sort((x, y) => x.at - y.at)) bucket(itemAt(timeline, a.at)).announcements.push(announcementOf(lang, a));
  for (const e of entries) {
    const def = e.poll.definition;
    const itemId = known.has(def.itemId) ? def.itemId : itemAt(timeline, e.poll.frozen?.openedAt ?? e.poll.createdAt);
    bucket(itemId).polls.push({ pollId: e.poll.id, question: def.question, record: pollRecord(e, report, lang) });
  }
  for (const poll of input.voting.polls) {
    const note = pollNote(lang, poll);
    const itemId = known.has(poll.definition.itemId) ? poll.definition.itemId : itemAt(timeline, poll.frozen?.openedAt ?? poll.createdAt);
    if (note !== undefined) bucket(itemId).pollNotes.push(note);
  }
  return buckets;
}

function itemsOf(input: MinutesInput, lang: Lang, buckets: Map<string, Buckets>, endOf: number | undefined): MinutesItem[] {
  const { meeting } = input;
  const times = itemTimes(itemTimeline(input.audit), endOf);
  const empty: Buckets = { speeches: [], polls: [], pollNotes: [], announcements: [] };
  const docsOf = (id: string) =>
    meeting.documents.filter((d) => d.agendaItemId === id).map((d) => (d.confidential === true ? `${d.title} ${mt(lang, 'confidential')}` : d.title));
  const items: MinutesItem[] = flatten(meeting.agenda).map(({ node, depth }) => {
    const t = times.get(node.id);
    const when = t === undefined ? '' : `${mt(lang, 'itemFrom')} ${recordsTime(t.from)}${t.to === undefined ? '' : ` ${mt(lang, 'itemTo')} ${recordsTime(t.to)}`}`;
    const b = buckets.get(node.id) ?? empty;
    const quiet = b.speeches.length + b.polls.length + b.pollNotes.length + b.announcements.length === 0;
    return {
      id: node.id,
      heading: `${node.id}. ${node.title}`,
      depth,
      ...(node.presenter === undefined ? {} : { presenter: node.presenter }),
      when,
      documents: docsOf(node.id),
      ...b,
      empty: quiet && when === '' && node.items.length === 0,
    };
  });
  const before = buckets.get('');
  if (before && (before.speeches.length > 0 || before.polls.length > 0 || before.pollNotes.length > 0 || before.announcements.length > 0)) {
    items.unshift({ id: '', heading: mt(lang, 'beforeAgenda'), depth: 0, when: '', documents: [], ...before, empty: false });
  }
  return items;
}

/** "bắt đầu lúc 07:30, kết thúc lúc 11:20, ngày 05 tháng 12 năm 2026"; each with its day when the session ran over days. */
function timeLine(lang: Lang, day: number, start: number | undefined, end: number | undefined): string {
  const at = (key: 'timeFrom' | 'timeTo', t: number | undefined) => (t === undefined ? '' : `${mt(lang, key)} ${recordsTime(t)}`);
  if (start !== undefined && end !== undefined && recordsDate(lang, start) !== recordsDate(lang, end)) {
    return `${at('timeFrom', start)}, ${recordsDate(lang, start)}; ${at('timeTo', end)}, ${recordsDate(lang, end)}`;
  }
  return [at('timeFrom', start), at('timeTo', end), recordsDate(lang, day)].filter((s) => s !== '').join(', ');
}

/** The biên bản kỳ họp's content. Pure: same input, same model (pass generatedAt for a fixed footer). */
export function buildMinutes(input: MinutesInput): MinutesModel {
  const lang = input.lang ?? 'vi';
  const { meeting } = input;
  const generatedAt = input.generatedAt ?? Date.now();
  const report = reportMeetingOf(meeting);
  const selected = selectReportEntries(input.voting);
  const entries = selected.ok ? selected.value : [];
  const start = firstMoment(input);
  const end = lastMoment(input);
  const day = start ?? (Number.isNaN(Date.parse(meeting.startsAt)) ? generatedAt : Date.parse(meeting.startsAt));
  const where = localityOf(meeting.body);
  const named = (role: string) => meeting.delegates.find((d) => d.role === role)?.name;
  const chair = named('chair');
  const secretary = named('secretary');
  const attendance = attendanceOf(lang, meeting, input.state);
  const details: [string, string][] = [
    [mt(lang, 'time'), timeLine(lang, day, start, end)],
    [mt(lang, 'place'), meeting.place],
    ...(chair === undefined ? [] : [[mt(lang, 'chair'), chair] as [string, string]]),
    ...(secretary === undefined ? [] : [[mt(lang, 'secretary'), secretary] as [string, string]]),
    [mt(lang, 'totalDelegates'), String(attendance.total)],
  ];
  const buckets = bucketsOf(input, lang, report, entries);
  return {
    lang,
    nation: recordsText(lang, 'nation'),
    motto: recordsText(lang, 'motto'),
    bodyLines: councilLines(meeting.body),
    number: mt(lang, 'number'),
    placeDate: `${where === undefined ? '' : `${where}, `}${recordsDate(lang, day)}`,
    title: mt(lang, 'title'),
    subtitle: meeting.title,
    details,
    attendanceHeading: mt(lang, 'attendanceHeading'),
    attendance,
    proceedingsHeading: mt(lang, 'proceedingsHeading'),
    labels: {
      documents: mt(lang, 'documents'),
      speeches: mt(lang, 'speeches'),
      polls: mt(lang, 'polls'),
      announcements: mt(lang, 'announcements'),
      nothing: mt(lang, 'nothing'),
      presenter: mt(lang, 'presenter'),
      verdict: mt(lang, 'verdictWord'),
      names: mt(lang, 'namesWord'),
      result: mt(lang, 'resultWord'),
      speechSummary: mt(lang, 'speechSummary'),
    },
    auditHeading: mt(lang, 'auditHeading'),
    items: itemsOf(input, lang, buckets, end),
    auditLine: auditLineOf(lang, input),
    auditOk: input.auditCheck?.ok === true,
    closing: end === undefined ? mt(lang, 'closingOpen') : mt(lang, 'closing', { time: recordsTime(end), date: recordsDate(lang, end) }),
    signatures: {
      left: { title: recordsText(lang, 'secretary'), hint: recordsText(lang, 'signHint'), ...(secretary === undefined ? {} : { name: secretary }) },
      right: { title: recordsText(lang, 'chair'), hint: recordsText(lang, 'signHint'), ...(chair === undefined ? {} : { name: chair }) },
    },
    footer: `${recordsText(lang, 'generated')} ${recordsIso(generatedAt)}${meeting.meetingId === undefined ? '' : ` · ${meeting.meetingId}`}`,
    pageWord: recordsText(lang, 'page'),
    report: { meeting: report, entries },
    generatedAt,
    ...(meeting.meetingId === undefined ? {} : { meetingId: meeting.meetingId }),
  };
}
