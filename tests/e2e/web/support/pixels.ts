// Checks that a page of the viewer is really drawn: its canvas has enough non-white pixels.
import type { Page } from '@playwright/test';

/** Fraction of sampled pixels of page `n`'s canvas that are not near-white (0 when there is no canvas). */
export function inkRatio(page: Page, n: number): Promise<number> {
  return page.evaluate((pageNumber) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`.pv-page[data-page="${pageNumber}"] canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    let seen = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      seen++;
      if ((data[i] ?? 255) < 200 || (data[i + 1] ?? 255) < 200 || (data[i + 2] ?? 255) < 200) ink++;
    }
    return seen === 0 ? 0 : ink / seen;
  }, n);
}
