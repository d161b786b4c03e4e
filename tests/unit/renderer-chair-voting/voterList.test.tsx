// The "chưa biểu quyết" list with 2,000 members renders only the rows in view (server-rendered here: the first
// window), so a progress update costs the same with 2,000 voters as with 20.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Delegate } from '../../../common/meeting/types.ts';
import { VoterList } from '../../../renderer/screens/live/voting/VoterList.tsx';

const delegates: Delegate[] = Array.from({ length: 2000 }, (_, i) => ({
  id: `d${i + 1}`,
  name: `Đại biểu số ${i + 1}`,
  position: '',
  unit: '',
  group: `Tổ ${(i % 40) + 1}`,
  role: 'delegate',
}));

const rows = (html: string) => html.split('data-testid="not-voted-row"').length - 1;

describe('the virtualised list of who has not voted', () => {
  it('puts a window of rows in the DOM, not 2,000, with the full count and positions for assistive tech', () => {
    const ids = delegates.map((d) => d.id);
    const html = renderToStaticMarkup(<VoterList ids={ids} delegates={delegates} />);
    expect(rows(html)).toBeLessThanOrEqual(20);
    expect(rows(html)).toBeGreaterThanOrEqual(10);
    expect(html).toContain('data-count="2000"');
    expect(html).toContain('aria-setsize="2000"');
    expect(html).toContain('Chưa biểu quyết (2.000)');
    // The height of the whole list is reserved, so the scrollbar is right.
    expect(html).toContain(`height:${2000 * 36}px`);
  });

  it('says so when everybody has voted', () => {
    expect(renderToStaticMarkup(<VoterList ids={[]} delegates={delegates} />)).toContain('Tất cả đã biểu quyết.');
  });
});
