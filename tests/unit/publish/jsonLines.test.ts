import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, lineOf, parseJsonWithLines } from '../../../main/services/publish/jsonLines.ts';

describe('parseJsonWithLines', () => {
  it('parses like JSON.parse', () => {
    const samples = ['{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n\\"q\\""],"b":{}}', '[]', '"đ"', '  {"nested":[[{"k":[0]}]]}  '];
    for (const s of samples) expect(parseJsonWithLines(s).value).toEqual(JSON.parse(s));
  });

  it('records the line of every value by path', () => {
    const text = '{\n  "title": "T",\n  "agenda": [\n    {\n      "documents": [\n        { "file": "a.pdf" }\n      ]\n    }\n  ]\n}';
    const located = parseJsonWithLines(text);
    expect(lineOf(located, ['title'])).toBe(2);
    expect(lineOf(located, ['agenda', 0])).toBe(4);
    expect(lineOf(located, ['agenda', 0, 'documents', 0, 'file'])).toBe(6);
    expect(lineOf(located, ['agenda', 0, 'documents', 0, 'missing'])).toBe(6);
    expect(lineOf(located, ['nowhere'])).toBe(1);
  });

  it.each([
    ['{\n  "a": 1,\n  "b": 2,\n}', 4],
    ['{\n  "a": 1\n  "b": 2\n}', 3],
    ['{\n  "a": \'x\'\n}', 2],
    ['[1,\n2,\n', 3],
    ['{"a": 1} x', 1],
    ['{"a": "line\nbreak"}', 1],
  ])('reports a syntax error with its line: %j', (text, line) => {
    let error: unknown;
    try {
      parseJsonWithLines(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).line).toBe(line);
  });
});
