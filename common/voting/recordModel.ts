// The content of a results record (biên bản kết quả biểu quyết), language by language, before any layout: which
// polls it covers, and per poll its fields, table, ballots, box, wording, verdicts and names. reportPdf.ts lays
// it out, reportCsv.ts takes the numbers; report.ts is the module callers import.
import type { Lang } from '../i18n/errors.ts';
import { recordsDate, recordsText, recordsTime, type RecordsTextKey } from '../i18n/records.ts';
import { CONFIDENCE_LEVELS, confidenceLevelLabel, formatCount, OPEN_CHOICES, openChoiceLabel, verdictText, type OpenChoice } from '../i18n/voting.ts';
import { fail, ok, type Result } from '../result.ts';
import { share, type Share } from './share.ts';
import type { Poll, PollResult, VotingState } from './state.ts';
import { resultWordingParts, type ConfidenceResult, type ElectionResult, type OpenResult } from './tally.ts';

/** A member as the report names them (common/meeting/types.ts Delegate has more). */
export interface ReportPerson {
  readonly id: string;
  readonly name: string;
  readonly position?: string;
  readonly role?: string;
}

export interface ReportAgendaNode {
  readonly id: string;
  readonly title: string;
  readonly items: readonly ReportAgendaNode[];
}

/** The meeting as the pack describes it (PackManifest.meeting + agenda + delegates, or MeetingView). */
export interface ReportMeeting {
  readonly meetingId?: string;
  readonly title: string;
  /** The council: "Hội đồng nhân dân huyện Nậm Pồ". */
  readonly body: string;
  readonly startsAt: string;
  readonly place: string;
  readonly agenda: readonly ReportAgendaNode[];
  readonly delegates: readonly ReportPerson[];
}

export interface ReportEntry {
  readonly poll: Poll;
  readonly result: PollResult;
}

export interface ReportInput {
  readonly meeting: ReportMeeting;
  /** The announced polls, oldest first (selectReportEntries). */
  readonly entries: readonly ReportEntry[];
  /** One poll's biên bản, or the session's. */
  readonly scope: 'poll' | 'session';
  readonly lang?: Lang;
  /** When the record is produced (printed in the footer); default now. */
  readonly generatedAt?: number;
}

/**
 * The polls a record covers: `pollId`'s alone (it must be announced), or every announced poll of the session.
 * POLL_NOT_FOUND for an unknown id, POLL_STATE for a poll whose result is not announced yet.
 */
export function selectReportEntries(voting: Pick<VotingState, 'polls' | 'results'>, pollId?: string): Result<ReportEntry[]> {
  const withResult = (poll: Poll): ReportEntry | undefined => {
    const result = voting.results[poll.id];
    return poll.status === 'announced' && result !== undefined ? { poll, result } : undefined;
  };
  if (pollId !== undefined) {
    const poll = voting.polls.find((p) => p.id === pollId);
    if (!poll) return fail('POLL_NOT_FOUND', `no poll ${pollId}`);
    const entry = withResult(poll);
    return entry ? ok([entry]) : fail('POLL_STATE', `poll ${pollId} is ${poll.status}, its result is not announced`);
  }
  return ok(voting.polls.flatMap((p) => withResult(p) ?? []));
}

// ---- the record of one poll, as text (the PDF lays it out; the CSV takes the numbers)

export interface RecordTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Relative column widths. */
  readonly widths: readonly number[];
}

export interface PollRecord {
  readonly pollId: string;
  readonly fields: readonly (readonly [string, string])[];
  readonly table: RecordTable;
  /** Phiếu phát ra / thu về / hợp lệ / không hợp lệ (secret and paper polls). */
  readonly ballots?: readonly (readonly [string, string])[];
  /** The electronic ballot box (secret electronic polls). */
  readonly box?: readonly (readonly [string, string])[];
  /** The sentences in the National Assembly's wording (tally.ts resultWordingParts). */
  readonly wording: readonly string[];
  /** Thông qua / Không thông qua; for elections the elected, for confidence one line per person. */
  readonly verdicts: readonly string[];
  /** Open (by-name) polls: the delegates per choice, and those who took no part. */
  readonly names?: readonly { readonly label: string; readonly names: readonly string[] }[];
}

const t = (lang: Lang, key: RecordsTextKey): string => recordsText(lang, key);

export function nameOf(meeting: ReportMeeting, id: string): string {
  return meeting.delegates.find((d) => d.id === id)?.name ?? id;
}

export function agendaTitleOf(agenda: readonly ReportAgendaNode[], id: string): string | undefined {
  for (const node of agenda) {
    if (node.id === id) return node.title;
    const inner = agendaTitleOf(node.items, id);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

export function kindText(lang: Lang, poll: Poll): string {
  const def = poll.definition;
  if (def.kind === 'election') return `${t(lang, 'kindElection')} (${t(lang, 'seats')}: ${def.seats})`;
  return t(lang, def.kind === 'confidence' ? 'kindConfidence' : 'kindOpen');
}

export function formText(lang: Lang, poll: Poll): string {
  if (poll.mode === 'paper') return t(lang, 'formPaper');
  return t(lang, poll.definition.secret ? 'formSecret' : 'formOpen');
}

/** N as frozen at open (a counted poll was opened); the result's own n otherwise. */
export function baseOf(entry: ReportEntry): number {
  const tally = entry.result.tally;
  return entry.poll.frozen?.base ?? (tally.kind === 'confidence' ? (tally.results[0]?.ballots.issued ?? 0) : tally.result.n);
}

function timesText(lang: Lang, poll: Poll): string {
  const parts: string[] = [];
  if (poll.frozen) parts.push(`${t(lang, 'openedAt')} ${recordsTime(poll.frozen.openedAt)}`);
  if (poll.closedAt !== undefined) parts.push(`${t(lang, 'closedAt')} ${recordsTime(poll.closedAt)}`);
  if (poll.announcedAt !== undefined) parts.push(`${t(lang, 'announcedAt')} ${recordsTime(poll.announcedAt)}`);
  const day = poll.announcedAt ?? poll.closedAt ?? poll.frozen?.openedAt;
  return [parts.join(', '), day === undefined ? '' : recordsDate(lang, day)].filter((s) => s !== '').join(', ');
}

/** The rule in words with its least passing count: "quá nửa tổng số đại biểu (ít nhất 16/30)". */
export function ruleLine(lang: Lang, entry: ReportEntry): string | undefined {
  const tally = entry.result.tally;
  if (tally.kind === 'confidence') return undefined;
  const rule = resultWordingParts(tally.result, lang).rule;
  return rule?.replace(/^(Điều kiện|Rule): /, '');
}

function fieldsOf(lang: Lang, entry: ReportEntry, meeting: ReportMeeting): [string, string][] {
  const { poll } = entry;
  const def = poll.definition;
  const item = agendaTitleOf(meeting.agenda, def.itemId);
  const fields: [string, string][] = [
    [t(lang, 'item'), item === undefined ? def.itemId : `${def.itemId}. ${item}`],
    [t(lang, 'question'), def.question],
    [t(lang, 'kind'), kindText(lang, poll)],
    [t(lang, 'form'), formText(lang, poll)],
    [t(lang, 'base'), formatCount(lang, baseOf(entry))],
  ];
  const rule = ruleLine(lang, entry);
  if (rule !== undefined) fields.push([t(lang, 'rule'), rule]);
  const times = timesText(lang, poll);
  if (times !== '') fields.push([t(lang, 'time'), times]);
  if (poll.revoteOf !== undefined) fields.push([t(lang, 'revote'), `${t(lang, 'revoteOfPoll')} ${poll.revoteOf}`]);
  if (poll.counters.length > 0) fields.push([t(lang, 'counters'), poll.counters.map((id) => nameOf(meeting, id)).join(', ')]);
  return fields;
}

const cell = (lang: Lang, s: Share): string => s.display[lang];

function openTable(lang: Lang, r: OpenResult): RecordTable {
  const label = (c: OpenChoice) => openChoiceLabel(lang, r.labels, c);
  const rows = [
    [t(lang, 'participated'), formatCount(lang, r.participated.count), cell(lang, r.participated)],
    ...OPEN_CHOICES.map((c) => [label(c), formatCount(lang, r.counts[c].count), cell(lang, r.counts[c])]),
    [t(lang, 'notParticipating'), formatCount(lang, r.notParticipating), cell(lang, share(r.notParticipating, r.n, 'total'))],
  ];
  return { head: [t(lang, 'colChoice'), t(lang, 'colCount'), t(lang, 'colShare')], rows, widths: [3, 1.4, 3] };
}

function electionTable(lang: Lang, r: ElectionResult): RecordTable {
  const rows = r.lines.map((l) => [l.candidate.name, l.candidate.position ?? '', formatCount(lang, l.votes.count), cell(lang, l.votes), verdictText(lang, l.outcome)]);
  return { head: [t(lang, 'colName'), t(lang, 'colPosition'), t(lang, 'colVotes'), t(lang, 'colShare'), t(lang, 'colOutcome')], rows, widths: [2.4, 2.4, 1, 2.6, 1.8] };
}

function confidenceTable(lang: Lang, results: readonly ConfidenceResult[]): RecordTable {
  const rows = results.map((r) => [
    r.person.position ? `${r.person.name}, ${r.person.position}` : r.person.name,
    ...CONFIDENCE_LEVELS.map((l) => `${formatCount(lang, r.levels[l].count)} (${r.levels[l].percent[lang]})`),
  ]);
  const head = [t(lang, 'colName'), ...CONFIDENCE_LEVELS.map((l) => confidenceLevelLabel(lang, l))];
  return { head, rows, widths: [3.2, 1.6, 1.6, 1.6] };
}

/** Phiếu phát ra, thu về, hợp lệ, không hợp lệ; for a secret open poll from the frozen list and the box. */
export function ballotsOf(entry: ReportEntry): { readonly issued: number; readonly collected: number; readonly valid: number; readonly invalid: number } | undefined {
  const { poll, result } = entry;
  const tally = result.tally;
  if (tally.kind === 'election') {
    const b = tally.result.ballots;
    return { issued: b.issued, collected: b.collected.count, valid: b.valid, invalid: b.invalid };
  }
  if (tally.kind === 'confidence') {
    const b = tally.results[0]?.ballots;
    return b ? { issued: b.issued, collected: b.collected, valid: b.valid, invalid: b.collected - b.valid } : undefined;
  }
  if (!poll.definition.secret && poll.mode !== 'paper') return undefined;
  const valid = tally.result.participated.count;
  const collected = Math.max(result.box?.count ?? valid, valid);
  return { issued: poll.frozen?.eligible.length ?? collected, collected, valid, invalid: collected - valid };
}

function ballotFields(lang: Lang, entry: ReportEntry, meeting: ReportMeeting): [string, string][] | undefined {
  const b = ballotsOf(entry);
  if (!b) return undefined;
  const n = (x: number) => formatCount(lang, x);
  const fields: [string, string][] = [
    [t(lang, 'issued'), n(b.issued)],
    [t(lang, 'collected'), n(b.collected)],
    [t(lang, 'valid'), n(b.valid)],
    [t(lang, 'invalid'), n(b.invalid)],
  ];
  const agreed = entry.result.agreedBy ?? [];
  if (agreed.length > 0) fields.push([t(lang, 'agreedBy'), agreed.map((id) => nameOf(meeting, id)).join(', ')]);
  return fields;
}

function boxFields(lang: Lang, entry: ReportEntry): [string, string][] | undefined {
  const { result } = entry;
  const fields: [string, string][] = [];
  if (result.box) fields.push([t(lang, 'boxCount'), formatCount(lang, result.box.count)], [t(lang, 'boxDigest'), result.box.digest]);
  if (result.trackersDigest !== undefined) fields.push([t(lang, 'trackersDigest'), result.trackersDigest]);
  return fields.length > 0 ? fields : undefined;
}

function verdictsOf(lang: Lang, entry: ReportEntry): string[] {
  const tally = entry.result.tally;
  switch (tally.kind) {
    case 'open':
      return [verdictText(lang, tally.result.passed ? 'passed' : 'failed').toLocaleUpperCase(lang)];
    case 'election': {
      const r = tally.result;
      const name = (id: string) => r.lines.find((l) => l.candidate.id === id)?.candidate.name ?? id;
      const lines = [`${verdictText(lang, 'elected')}: ${r.elected.length > 0 ? r.elected.map(name).join(', ') : t(lang, 'none')}`];
      if (r.tied.length > 0) lines.push(`${verdictText(lang, 'tied')}: ${r.tied.map(name).join(', ')}`);
      return lines;
    }
    case 'confidence':
      return tally.results.map((r) => `${r.person.name}: ${verdictText(lang, r.outcome)}`);
  }
}

/** Open by-name polls: the delegates per choice, then those eligible at open who pressed nothing. */
function namesOf(lang: Lang, entry: ReportEntry, meeting: ReportMeeting): PollRecord['names'] {
  const { poll, result } = entry;
  const names = result.names;
  if (!names || poll.definition.secret || result.tally.kind !== 'open') return undefined;
  const labels = result.tally.result.labels;
  const voted = new Set(OPEN_CHOICES.flatMap((c) => names[c]));
  const silent = (poll.frozen?.eligible ?? []).filter((id) => !voted.has(id));
  const group = (label: string, ids: readonly string[]) => ({ label: `${label} (${formatCount(lang, ids.length)})`, names: ids.map((id) => nameOf(meeting, id)) });
  return [...OPEN_CHOICES.map((c) => group(openChoiceLabel(lang, labels, c), names[c])), group(t(lang, 'presentNotVoted'), silent)];
}

export function pollRecord(entry: ReportEntry, meeting: ReportMeeting, lang: Lang = 'vi'): PollRecord {
  const tally = entry.result.tally;
  const table = tally.kind === 'open' ? openTable(lang, tally.result) : tally.kind === 'election' ? electionTable(lang, tally.result) : confidenceTable(lang, tally.results);
  const wording = tally.kind === 'confidence' ? tally.results.flatMap((r) => resultWordingParts(r, lang).lines) : resultWordingParts(tally.result, lang).lines;
  const ballots = ballotFields(lang, entry, meeting);
  const box = boxFields(lang, entry);
  const names = namesOf(lang, entry, meeting);
  return {
    pollId: entry.poll.id,
    fields: fieldsOf(lang, entry, meeting),
    table,
    ...(ballots ? { ballots } : {}),
    ...(box ? { box } : {}),
    wording,
    verdicts: verdictsOf(lang, entry),
    ...(names ? { names } : {}),
  };
}

/** The file name a download or the CLI suggests: "bien-ban-<poll>.pdf", "bien-ban-ky-hop.pdf". */
export function recordFileName(scope: 'poll' | 'session', pollId: string | undefined, ext: 'pdf' | 'csv'): string {
  return scope === 'poll' && pollId !== undefined ? `bien-ban-${pollId}.${ext}` : `bien-ban-ky-hop.${ext}`;
}
