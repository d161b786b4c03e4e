import { describe, expect, it } from 'vitest';
import { bilingualProblemText, type ProblemBody } from '../../../common/i18n/problems.ts';
import { formatCsv, parseCsv, type CsvProblem } from '../../../main/services/publish/csv.ts';
import { parseDelegates } from '../../../main/services/publish/delegates.ts';

const fields = (text: string): string[][] => parseCsv(text).rows.map((r) => [...r.fields]);
const located = (p: CsvProblem) => ({ line: p.line, message: bilingualProblemText(p) });
const NO_PROBLEM: ProblemBody = { code: 'DELEGATES_NONE', params: {} };

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(fields('a,"b, c","say ""hi""","two\nlines"\n')).toEqual([['a', 'b, c', 'say "hi"', 'two\nlines']]);
  });

  it('accepts CRLF, LF, a missing final line break and empty fields', () => {
    expect(fields('a,b\r\nc,\r\n,d')).toEqual([['a', 'b'], ['c', ''], ['', 'd']]);
  });

  it('strips a UTF-8 BOM and skips blank lines, keeping line numbers', () => {
    const { rows } = parseCsv('\uFEFFid,name\r\n\r\nd01,"Lò\r\nVăn"\r\nd02,Mai\r\n');
    expect(rows.map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'id', 'name'],
      [3, 'd01', 'Lò\r\nVăn'],
      [5, 'd02', 'Mai'],
    ]);
  });

  it('reports an unclosed quote and text after a closing quote', () => {
    expect(parseCsv('a,"b"x\n').problems.map(located)).toEqual([{ line: 1, message: expect.stringContaining('closing quote') }]);
    expect(parseCsv('a\nb,"never closed\n').problems.map(located)).toEqual([{ line: 2, message: expect.stringContaining('unclosed quote') }]);
  });

  it('round-trips what formatCsv writes', () => {
    const rows = [['id', 'name'], ['d01', 'Nguyễn "Ba", Tổ 1'], ['d02', ' leading space'], ['d03', 'a\r\nb']];
    expect(fields(formatCsv(rows))).toEqual(rows);
  });
});

describe('parseDelegates', () => {
  it('parses members and trims fields', () => {
    const r = parseDelegates('id,name,position,unit,group,role\nd01, Lò Văn Thắng ,Chủ tịch,"HĐND, huyện",Tổ 1,chair\n');
    expect(r.problems).toEqual([]);
    expect(r.delegates).toEqual([{ line: 2, id: 'd01', name: 'Lò Văn Thắng', position: 'Chủ tịch', unit: 'HĐND, huyện', group: 'Tổ 1', role: 'chair' }]);
  });

  it('reports every bad row with its line', () => {
    const text = [
      'id,name,position,unit,group,role',
      'd01,A,,,,chair',
      'd01,B,,,,delegate',
      'bad id!,C,,,,delegate',
      'd04,,,,,delegate',
      'd05,E,,,,president',
      'd06,F,,Xã Nà Hỳ, Nậm Pồ,,delegate',
    ].join('\n');
    const lines = parseDelegates(text).problems.map((p) => `${p.line}: ${bilingualProblemText(p)}`);
    expect(lines).toEqual([
      expect.stringMatching(/^3: .*duplicate id "d01" \(first on line 2\)/),
      expect.stringMatching(/^4: .*invalid id/),
      expect.stringMatching(/^5: .*name is empty/),
      expect.stringMatching(/^6: .*invalid role/),
      expect.stringMatching(/^7: .*expected 6 columns, found 7/),
    ]);
  });

  it('insists on the exact header and on a chair', () => {
    const r = parseDelegates('id,name,role\nd01,A,delegate\n');
    expect(r.problems.map((p) => p.line)).toEqual([1, 2, 1]);
    expect(bilingualProblemText(r.problems[0] ?? NO_PROBLEM)).toContain('id,name,position,unit,group,role');
    expect(bilingualProblemText(r.problems[2] ?? NO_PROBLEM)).toContain('no chair');
  });
});
