// The results as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Vietnamese as mojibake),
// comma-separated, CRLF, every text field quoted when it must be (RFC 4180). One row per poll; then, per poll,
// a row per candidate (election), per person (confidence) and per delegate (open by-name polls: the choice, or
// "Không tham gia biểu quyết" for who was eligible and pressed nothing). Counts are plain integers; shares are
// the announced percentages with their base ("92,39%"), as text beside them.
import type { Lang } from '../i18n/errors.ts';
import { recordsIso, recordsText, type RecordsTextKey } from '../i18n/records.ts';
import { CONFIDENCE_LEVELS, OPEN_CHOICES, openChoiceLabel, verdictText } from '../i18n/voting.ts';
import { agendaTitleOf, ballotsOf, baseOf, formText, kindText, nameOf, ruleLine, type ReportEntry, type ReportInput, type ReportMeeting } from './recordModel.ts';

export const CSV_BOM = '\uFEFF';

const COLUMNS = [
  'csvRowType',
  'csvPollId',
  'csvItemId',
  'item',
  'question',
  'kind',
  'form',
  'base',
  'rule',
  'participated',
  'csvYes',
  'csvShareOf',
  'csvNo',
  'csvShareOf',
  'csvAbstain',
  'csvShareOf',
  'issued',
  'collected',
  'valid',
  'invalid',
  'colOutcome',
  'csvAnnouncedAt',
  'csvPersonId',
  'colName',
  'colPosition',
  'colChoice',
  'colVotes',
  'colShare',
  'csvHigh',
  'csvMedium',
  'csvLow',
  'csvBoxDigest',
] as const satisfies readonly RecordsTextKey[];
type Column = (typeof COLUMNS)[number];
type Row = Partial<Record<Exclude<Column, 'csvShareOf'>, string | number>> & { readonly shares?: readonly [string, string, string] };

/**
 * One field. Text that Excel would take for a formula (=, +, -, @ first) gets a leading apostrophe, so a
 * question typed as "=HYPERLINK(…)" stays text (CSV injection).
 */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value.normalize('NFC');
  const s = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(row: Row): string {
  let share = 0;
  return COLUMNS.map((c) => {
    if (c === 'csvShareOf') return csvField(row.shares?.[share++] ?? '');
    return csvField(row[c] ?? '');
  }).join(',');
}

function pollRow(lang: Lang, entry: ReportEntry, meeting: ReportMeeting): Row {
  const { poll, result } = entry;
  const def = poll.definition;
  const tally = result.tally;
  const b = ballotsOf(entry);
  const common: Row = {
    csvRowType: recordsText(lang, 'csvRowPoll'),
    csvPollId: poll.id,
    csvItemId: def.itemId,
    item: agendaTitleOf(meeting.agenda, def.itemId) ?? '',
    question: def.question,
    kind: kindText(lang, poll),
    form: formText(lang, poll),
    base: baseOf(entry),
    ...(b ? { issued: b.issued, collected: b.collected, valid: b.valid, invalid: b.invalid } : {}),
    ...(poll.announcedAt === undefined ? {} : { csvAnnouncedAt: recordsIso(poll.announcedAt) }),
    ...(result.box ? { csvBoxDigest: result.box.digest } : {}),
  };
  if (tally.kind === 'open') {
    const r = tally.result;
    return {
      ...common,
      rule: ruleLine(lang, entry) ?? '',
      participated: r.participated.count,
      csvYes: r.counts.yes.count,
      csvNo: r.counts.no.count,
      csvAbstain: r.counts.abstain.count,
      shares: [r.counts.yes.percent[lang], r.counts.no.percent[lang], r.counts.abstain.percent[lang]],
      colOutcome: verdictText(lang, r.passed ? 'passed' : 'failed'),
    };
  }
  if (tally.kind === 'election') {
    const r = tally.result;
    const names = r.elected.map((id) => r.lines.find((l) => l.candidate.id === id)?.candidate.name ?? id);
    return { ...common, rule: ruleLine(lang, entry) ?? '', colOutcome: `${verdictText(lang, 'elected')}: ${names.join('; ')}` };
  }
  return { ...common, colOutcome: tally.results.map((r) => `${r.person.name}: ${verdictText(lang, r.outcome)}`).join('; ') };
}

function detailRows(lang: Lang, entry: ReportEntry, meeting: ReportMeeting): Row[] {
  const { poll, result } = entry;
  const tally = result.tally;
  const base = { csvPollId: poll.id, csvItemId: poll.definition.itemId };
  if (tally.kind === 'election') {
    return tally.result.lines.map((l) => ({
      ...base,
      csvRowType: recordsText(lang, 'csvRowCandidate'),
      csvPersonId: l.candidate.id,
      colName: l.candidate.name,
      colPosition: l.candidate.position ?? '',
      colVotes: l.votes.count,
      colShare: l.votes.display[lang],
      colOutcome: verdictText(lang, l.outcome),
    }));
  }
  if (tally.kind === 'confidence') {
    return tally.results.map((r) => {
      const [high, medium, low] = CONFIDENCE_LEVELS.map((lv) => `${r.levels[lv].count} (${r.levels[lv].percent[lang]})`);
      return {
        ...base,
        csvRowType: recordsText(lang, 'csvRowPerson'),
        csvPersonId: r.person.id,
        colName: r.person.name,
        colPosition: r.person.position ?? '',
        csvHigh: high ?? '',
        csvMedium: medium ?? '',
        csvLow: low ?? '',
        colOutcome: verdictText(lang, r.outcome),
      };
    });
  }
  const names = result.names;
  if (!names || poll.definition.secret) return [];
  const labels = tally.result.labels;
  const person = (id: string) => meeting.delegates.find((d) => d.id === id);
  const voter = (id: string, choice: string): Row => ({
    ...base,
    csvRowType: recordsText(lang, 'csvRowVoter'),
    csvPersonId: id,
    colName: nameOf(meeting, id),
    colPosition: person(id)?.position ?? '',
    colChoice: choice,
  });
  const voted = OPEN_CHOICES.flatMap((c) => names[c].map((id) => voter(id, openChoiceLabel(lang, labels, c))));
  const seen = new Set(OPEN_CHOICES.flatMap((c) => names[c]));
  const silent = (poll.frozen?.eligible ?? []).filter((id) => !seen.has(id)).map((id) => voter(id, recordsText(lang, 'presentNotVoted')));
  return [...voted, ...silent];
}

/** The CSV text, starting with the byte-order mark; write it as UTF-8. */
export function resultsCsv(input: Pick<ReportInput, 'meeting' | 'entries' | 'lang'>): string {
  const lang = input.lang ?? 'vi';
  const header = COLUMNS.map((c) => csvField(recordsText(lang, c))).join(',');
  const rows = [
    ...input.entries.map((e) => pollRow(lang, e, input.meeting)),
    ...input.entries.flatMap((e) => detailRows(lang, e, input.meeting)),
  ];
  return `${CSV_BOM}${[header, ...rows.map(line)].join('\r\n')}\r\n`;
}
