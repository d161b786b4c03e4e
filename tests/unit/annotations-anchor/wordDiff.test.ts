// The word diff under re-anchoring: whole words aligned (never half a syllable), offsets carried through equal
// runs exactly, and edges inside changed text landing on the reworded words, not on inserted ones.
import { describe, expect, it } from 'vitest';
import { mapEnd, mapStart, tokenize, wordDiff } from '../../../common/annotations/wordDiff.ts';

function carry(oldText: string, newText: string, quote: string): string {
  const d = wordDiff(oldText, newText);
  const at = oldText.indexOf(quote);
  return newText.slice(mapStart(d, at).at, mapEnd(d, at + quote.length).at);
}

describe('wordDiff', () => {
  it('tokenizes Vietnamese words, spaces and signs apart', () => {
    expect(tokenize('Nghị quyết số 12/2026/NQ-HĐND.')).toEqual(['Nghị', ' ', 'quyết', ' ', 'số', ' ', '12', '/', '2026', '/', 'NQ', '-', 'HĐND', '.']);
  });

  it('maps through equal text exactly, after an insertion before it', () => {
    expect(carry('Điều 1. Thông qua dự toán.', 'Căn cứ Luật. Điều 1. Thông qua dự toán.', 'Thông qua')).toBe('Thông qua');
  });

  it('lands a reworded first or last word on its replacement', () => {
    expect(carry('a quyết định b c', 'a nghị quyết b c', 'quyết định b')).toBe('nghị quyết b');
    expect(carry('a b quyền c', 'a b quyết c', 'b quyền')).toBe('b quyết');
  });

  it('keeps a sentence inserted just before a reworded first word out of the mark', () => {
    expect(carry('Mở đầu. Ủy ban thực hiện.', 'Mở đầu. Câu mới. Hội đồng thực hiện.', 'ban thực hiện')).toBe('đồng thực hiện');
  });

  it('maps a deleted range to nothing', () => {
    const d = wordDiff('một hai ba bốn năm', 'một năm');
    const at = 'một hai ba bốn năm'.indexOf('hai ba');
    expect(mapEnd(d, at + 'hai ba'.length).at).toBeLessThanOrEqual(mapStart(d, at).at);
  });

  it('never aligns half a syllable', () => {
    const d = wordDiff('quyết định', 'quyền định');
    // "quyết" and "quyền" share "quyế"/"quy" but are different words: only " định" is equal.
    expect(d.runs).toEqual([{ oldStart: 5, newStart: 5, length: ' định'.length }]);
  });
});
