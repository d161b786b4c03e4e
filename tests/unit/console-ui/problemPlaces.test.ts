// Where the validator's problems go on the console's screens (renderer/console/problemPlaces.ts) and the
// delegate table's own checks (renderer/console/delegateChecks.ts).
import { describe, expect, it } from 'vitest';
import type { DraftAgendaItem, DraftDocument } from '../../../common/api/console.ts';
import { problem } from '../../../common/i18n/problems.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { checkDelegates, votingCount } from '../../../renderer/console/delegateChecks.ts';
import { parseAgendaPath, placeOf, placeProblems, sectionOf } from '../../../renderer/console/problemPlaces.ts';

const doc = (documentId: string, file: string, readers: string[] = []): DraftDocument => ({ documentId, file, title: documentId, kind: 'bao-cao', confidential: readers.length > 0, readers, bytes: 1, pages: 1, sha256: '' });
const agenda: DraftAgendaItem[] = [
  { key: 'k1', title: 'Khai mạc', documents: ['d-ct'], items: [] },
  { key: 'k2', title: 'Báo cáo', documents: [], items: [{ key: 'k21', title: 'Báo cáo kinh tế', documents: ['d-bc', 'd-pl'], items: [] }] },
];
const documents = [doc('d-ct', 'tai-lieu/chuong-trinh.pdf'), doc('d-bc', 'tai-lieu/bao-cao.pdf'), doc('d-pl', 'tai-lieu/phu-luc.pdf', ['x9'])];
const person = (id: string, name: string, role: Delegate['role'] = 'delegate'): Delegate => ({ id, name, position: '', unit: '', group: 'Tổ 1', role });
const draft = { agenda, documents, delegates: [person('d01', 'A', 'chair'), person('d02', 'B')] };

describe('problem places', () => {
  it('reads meeting.json paths into agenda item and document places', () => {
    expect(parseAgendaPath('agenda[1].items[0].documents[1].kind')).toEqual({ path: [1, 0], document: 1 });
    expect(parseAgendaPath('agenda[0].title')).toEqual({ path: [0] });
    expect(parseAgendaPath('title')).toBeUndefined();
    expect(placeOf(problem('meeting.json', 12, 'FIELD_EMPTY', { path: 'agenda[1].items[0].title' }), draft)).toBe('item:k21');
    expect(placeOf(problem('meeting.json', 14, 'FIELD_NOT_ALLOWED', { path: 'agenda[1].items[0].documents[1].kind', value: 'x', allowed: [] }), draft)).toBe('doc:d-pl');
  });

  it('puts meeting fields, files, readers and delegate rows next to their own thing', () => {
    expect(placeOf(problem('meeting.json', 2, 'FIELD_EMPTY', { path: 'title' }), draft)).toBe('meeting.title');
    expect(placeOf(problem('meeting.json', 3, 'TIME_FORMAT', { path: 'startsAt' }), draft)).toBe('meeting.startsAt');
    expect(placeOf(problem('meeting.json', undefined, 'TOTAL_TOO_SMALL', { total: 1, voting: 2 }), draft)).toBe('meeting.totalDelegates');
    expect(placeOf(problem('tai-lieu/chuong-trinh.pdf', undefined, 'DOCUMENT_PASSWORD', { file: 'tai-lieu/chuong-trinh.pdf' }), draft)).toBe('doc:d-ct');
    expect(placeOf(problem('meeting.json', 20, 'READER_UNKNOWN', { id: 'x9' }), draft)).toBe('doc:d-pl');
    expect(placeOf(problem('delegates.csv', 3, 'DELEGATE_DUPLICATE_ID', { id: 'd02', firstLine: 2 }), draft)).toBe('delegate:1');
    expect(placeOf(problem('delegates.csv', undefined, 'DELEGATES_NO_CHAIR', {}), draft)).toBe('delegates');
    expect(placeOf(problem('meeting.json', 1, 'JSON_UNTERMINATED_STRING', {}), draft)).toBe('general');
  });

  it('groups problems by place, and each place belongs to a step of the navigation', () => {
    const placed = placeProblems(
      [problem('meeting.json', 2, 'FIELD_EMPTY', { path: 'title' }), problem('meeting.json', 2, 'FIELD_EMPTY', { path: 'place' }), problem('delegates.csv', 2, 'DELEGATE_NO_NAME', {})],
      draft,
    );
    expect([...placed.keys()]).toEqual(['meeting.title', 'meeting.place', 'delegate:0']);
    expect(sectionOf('meeting.title')).toBe('session');
    expect(sectionOf('item:k1')).toBe('agenda');
    expect(sectionOf('doc:d-ct')).toBe('documents');
    expect(sectionOf('delegate:3')).toBe('delegates');
    expect(sectionOf('general')).toBe('publish');
  });
});

describe('delegate table checks', () => {
  it('finds a duplicate id on its own row, a missing name, a bad id and no chair, with delegates.csv lines', () => {
    const rows = [person('d01', 'A'), person('d02', 'B'), person('d02', 'C'), person('d 4', ''), person('d05', 'E')];
    const problems = checkDelegates(rows);
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ['DELEGATE_DUPLICATE_ID', 4],
      ['DELEGATE_BAD_ID', 5],
      ['DELEGATE_NO_NAME', 5],
      ['DELEGATES_NO_CHAIR', undefined],
    ]);
    expect(placeProblems(problems, { agenda: [], documents: [], delegates: rows }).get('delegate:2')?.[0]?.params).toEqual({ id: 'd02', firstLine: 3 });
  });

  it('is quiet once fixed, and counts the chair and the delegates as deputies in office', () => {
    const rows = [person('d01', 'A', 'chair'), person('d02', 'B'), person('t01', 'C', 'secretary'), person('k1', 'D', 'observer')];
    expect(checkDelegates(rows)).toEqual([]);
    expect(checkDelegates([])).toEqual([]);
    expect(votingCount(rows)).toBe(2);
  });
});
