// The viewer's annotation tools in Chromium (issue 8): highlight from a text selection, pen strokes joined into
// one drawing, sticky notes written in Vietnamese, undo/redo by keys and buttons, scope, the mark menu, others'
// marks with their author's name (and hiding them), pen and finger kept apart. Driven over the real PdfViewer
// and a demo-meeting PDF (and a generated 300-page one with 1,000 shared marks), with the unit tests' in-memory book (tests/unit/annotations-ui/memoryBook.ts) as the
// NoteBook; screenshots go to tests/artifacts/annotation-tools/.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { build } from 'vite';
import { generateTestPdf } from '../../../bench/viewer/generatePdf.ts';
import type { Annotation } from '../../../common/annotations/types.ts';
import { startHarnessServer, type HarnessServer } from '../../../bench/viewer/server.ts';

const HARNESS = fileURLToPath(new URL('./annotation-tools-harness/', import.meta.url));
const DIST = fileURLToPath(new URL('./annotation-tools-harness/dist', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/annotation-tools/', import.meta.url));
const PDF = fileURLToPath(new URL('../../../resources/demo-meeting/noi-quy-ky-hop.pdf', import.meta.url));

let server: HarnessServer;
let tempDir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  tempDir = await mkdtemp(join(tmpdir(), 'annotation-tools-e2e-'));
  await writeFile(join(tempDir, 'doc300.pdf'), await generateTestPdf(300));
  await build({ configFile: `${HARNESS}vite.config.ts` });
  await mkdir(ARTIFACTS, { recursive: true });
  server = await startHarnessServer(new Map([['doc.pdf', PDF], ['doc300.pdf', join(tempDir, 'doc300.pdf')]]), DIST);
});

test.afterAll(async () => {
  await server?.close();
  if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
});

function all(page: Page): Promise<Annotation[]> {
  return page.evaluate(() => window.__book?.all() ?? []);
}

async function open(page: Page, extra = ''): Promise<void> {
  await page.goto(`${server.url}/index.html?file=/files/doc.pdf${extra}`);
  await expect(page.locator('.pv-page[data-page="1"]')).toHaveAttribute('data-state', 'drawn');
  await expect(page.locator('.pv-page[data-page="1"] .textLayer span[data-i]').first()).toBeAttached();
}

/** Drags over the text of page 1 from the first long span's start to its end (a real mouse selection). */
async function selectText(page: Page, index = 0): Promise<void> {
  const spans = page.locator('.pv-page[data-page="1"] .textLayer span[data-i]');
  const count = await spans.count();
  let found = 0;
  for (let i = 0; i < count; i++) {
    const text = (await spans.nth(i).textContent()) ?? '';
    if (text.trim().length < 20) continue;
    if (found++ < index) continue;
    const box = await spans.nth(i).boundingBox();
    if (box === null) continue;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    return;
  }
  throw new Error('no text to select');
}

async function pageBox(page: Page, n = 1) {
  const box = await page.locator(`.pv-page[data-page="${n}"]`).boundingBox();
  if (box === null) throw new Error('page not shown');
  return box;
}

async function stroke(page: Page, x0: number, y0: number, dx: number, dy: number): Promise<void> {
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x0 + (dx * i) / 10, y0 + (dy * i) / 10 + Math.sin(i) * 4);
  await page.mouse.up();
}

test.describe('desktop', () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test('highlight, pen, note, undo/redo, menu, others’ marks', async ({ page }) => {
    await open(page);
    const toolbar = page.locator('.ann-toolbar');
    await expect(toolbar).toBeVisible();
    // The tổ choice is disabled with its reason for a delegate with no tổ.
    await expect(toolbar.locator('select option[value="group"]')).toBeDisabled();
    await expect(toolbar.locator('select option[value="group"]')).toContainText('Bạn chưa thuộc tổ nào');

    // Highlight from the selection popup.
    await selectText(page);
    const popup = page.locator('.ann-popup');
    await expect(popup).toBeVisible();
    await page.screenshot({ path: `${ARTIFACTS}desktop-selection.png` });
    await popup.getByRole('button', { name: 'Tô sáng: Vàng' }).click();
    await expect(page.locator('.ann-highlight')).toHaveCount(1);
    let marks = await all(page);
    expect(marks).toHaveLength(1);
    const highlight = marks[0]!;
    expect(highlight.kind).toBe('highlight');
    if (highlight.kind !== 'highlight') return;
    expect(highlight.anchor.quote.exact.length).toBeGreaterThan(5);
    expect(highlight.rects.length).toBeGreaterThan(0);
    expect(highlight.target).toEqual({ documentId: 'doc-demo', revision: 1, sha256: 'a'.repeat(64), page: 1 });

    // With the highlight tool, a selection is highlighted at once, in the chosen colour and scope.
    await toolbar.getByRole('button', { name: 'Xanh lá' }).click();
    await toolbar.locator('select').selectOption('meeting');
    await page.keyboard.press('h');
    await expect(toolbar.locator('[data-tool="highlight"]')).toHaveAttribute('aria-pressed', 'true');
    await selectText(page, 1);
    await expect(page.locator('.ann-highlight')).toHaveCount(2);
    marks = await all(page);
    expect(marks[1]).toMatchObject({ kind: 'highlight', color: 'green', scope: 'meeting' });

    // Pen: two strokes in a row make one drawing.
    await toolbar.locator('[data-tool="pen"]').click();
    await toolbar.getByRole('button', { name: 'Đỏ' }).click();
    const box = await pageBox(page);
    await stroke(page, box.x + 120, box.y + 500, 200, 10);
    await stroke(page, box.x + 120, box.y + 520, 180, 20);
    await expect(page.locator('.ann-ink')).toHaveCount(1);
    marks = await all(page);
    const ink = marks.find((a) => a.kind === 'ink');
    expect(ink?.kind === 'ink' ? ink.strokes.length : 0).toBe(2);

    // Note: place it, write Vietnamese, Ctrl+Enter.
    await page.keyboard.press('n');
    await page.mouse.click(box.x + box.width - 120, box.y + 160);
    const editor = page.locator('.ann-editor textarea');
    await expect(editor).toBeFocused();
    await editor.fill('Đề nghị làm rõ điều 5: thời gian phát biểu của đại biểu');
    await page.screenshot({ path: `${ARTIFACTS}desktop-note-editor.png` });
    await page.keyboard.press('Control+Enter');
    await expect(page.locator('button.ann-pin')).toHaveCount(1);
    marks = await all(page);
    expect(marks.find((a) => a.kind === 'note')).toMatchObject({ text: 'Đề nghị làm rõ điều 5: thời gian phát biểu của đại biểu', scope: 'meeting' });

    // Undo and redo by keys, then by buttons.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.locator('.pv-scroller').focus();
    await page.keyboard.press('Control+z');
    await expect(page.locator('button.ann-pin')).toHaveCount(0);
    await page.keyboard.press('Control+Shift+Z');
    await expect(page.locator('button.ann-pin')).toHaveCount(1);
    await toolbar.getByRole('button', { name: 'Hoàn tác (Ctrl+Z)' }).click();
    await expect(page.locator('button.ann-pin')).toHaveCount(0);
    await page.keyboard.press('Control+y');
    await expect(page.locator('button.ann-pin')).toHaveCount(1);
    expect(await all(page)).toHaveLength(4);

    // Select the first highlight: its menu; change the colour; delete it; undo brings it back.
    await expect(toolbar.locator('[data-tool="none"]')).toHaveAttribute('aria-pressed', 'true');
    const first = page.locator(`[data-annotation="${highlight.id}"] rect`).first();
    const r = await first.boundingBox();
    if (r === null) throw new Error('highlight not drawn');
    await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
    const menu = page.locator('.ann-menu');
    await expect(menu).toBeVisible();
    await menu.getByRole('button', { name: 'Hồng' }).click();
    await expect.poll(async () => (await all(page)).find((a) => a.id === highlight.id)).toMatchObject({ color: 'pink' });
    await page.screenshot({ path: `${ARTIFACTS}desktop-menu.png` });
    await page.keyboard.press('Delete');
    await expect(page.locator(`[data-annotation="${highlight.id}"]`)).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(page.locator(`[data-annotation="${highlight.id}"]`)).toHaveCount(1);
    // The eraser deletes one of my marks with a tap; undo again brings it back.
    await page.keyboard.press('e');
    await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
    await expect(page.locator(`[data-annotation="${highlight.id}"]`)).toHaveCount(0);
    await toolbar.getByRole('button', { name: 'Hoàn tác (Ctrl+Z)' }).click();
    await expect(page.locator(`[data-annotation="${highlight.id}"]`)).toHaveCount(1);
    await page.keyboard.press('Escape');

    // Another delegate's shared drawing: shown with their name, with "hide" in its menu.
    await page.evaluate((id) => window.__book?.reauthor(id, 'dlg-pao'), ink!.id);
    await expect(page.locator('.ann-label', { hasText: 'Páo' })).toHaveCount(1);
    await page.screenshot({ path: `${ARTIFACTS}desktop-marks.png` });
    const stroked = await page.locator(`[data-annotation="${ink!.id}"] path`).first().boundingBox();
    if (stroked === null) throw new Error('ink not drawn');
    await page.mouse.click(stroked.x + 4, stroked.y + stroked.height / 2);
    await expect(menu).toContainText('Sùng A Páo');
    await expect(menu.getByRole('button', { name: 'Xoá' })).toHaveCount(0);
    await menu.getByRole('button', { name: 'Ẩn ghi chú của Sùng A Páo' }).click();
    await expect(page.locator(`[data-annotation="${ink!.id}"]`)).toHaveCount(0);
  });

  test('every tool is reachable by Tab, labelled, and at least 44 px', async ({ page }) => {
    await open(page);
    const buttons = page.locator('.ann-toolbar button');
    const n = await buttons.count();
    expect(n).toBeGreaterThanOrEqual(12);
    for (let i = 0; i < n; i++) {
      const b = buttons.nth(i);
      expect(await b.getAttribute('aria-label')).toBeTruthy();
      const box = await b.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(40);
    }
    await page.locator('.ann-toolbar [data-tool="none"]').focus();
    await page.keyboard.press('Tab');
    await expect(page.locator('.ann-toolbar [data-tool="highlight"]')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('.ann-toolbar [data-tool="highlight"]')).toHaveAttribute('aria-pressed', 'true');
  });
});

test.describe('a 300-page document with 1,000 shared marks', () => {
  test.use({ viewport: { width: 1200, height: 900 } });

  /** Milliseconds from navigation to page 1 drawn with its marks' layer (a figure printed, never asserted). */
  async function openTime(page: Page, seedCount: number): Promise<number> {
    await page.goto(`${server.url}/index.html?file=/files/doc300.pdf&pages=300&seed=${seedCount}`);
    await expect(page.locator('.pv-page[data-page="1"]')).toHaveAttribute('data-state', 'drawn');
    await expect(page.locator('.pv-page[data-page="1"] .ann-layer')).toBeAttached();
    return page.evaluate(() => performance.now());
  }

  test('opens as fast, draws only the pages in view, and reveals a mark the panel selects', async ({ page }) => {
    await openTime(page, 0); // warm-up (worker, fonts, cache)
    const plain = await openTime(page, 0);
    const marked = await openTime(page, 1_000);
    console.log(`[annotation-tools] page 1 drawn: ${Math.round(plain)} ms without marks, ${Math.round(marked)} ms with 1,000 marks`);
    // Only the mounted pages have layers (the viewer virtualises), each with its own marks only.
    const layers = await page.locator('.ann-layer').count();
    expect(layers).toBeLessThanOrEqual(6);
    await expect(page.locator('.pv-page[data-page="1"] [data-annotation]')).toHaveCount(4);
    await expect(page.locator('.pv-page[data-page="1"] .ann-label', { hasText: 'Sùng A Páo' }).first()).toBeVisible();
    // The panel selects a note on page 250: the viewer goes there and opens its menu.
    const id = 'seed850'; // 850 % 3 === 1: a note, on page 850 % 300 + 1 = 251
    await page.evaluate((x) => window.__select?.(x), id);
    await expect(page.locator('.pv-page[data-page="251"] button.ann-pin[data-annotation="seed850"]')).toBeInViewport();
    await expect(page.locator('.pv-page[data-page="251"] .ann-menu')).toContainText('Ghi chú số 850');
    await page.screenshot({ path: `${ARTIFACTS}desktop-reveal.png` });
  });
});

/** Sends a pointer stroke of one type (pen or touch) to page 1's input surface. */
async function pointerStroke(page: Page, pointerType: 'pen' | 'touch', pointerId: number, x0: number, y0: number, dy: number): Promise<void> {
  await page.evaluate(
    ({ pointerType, pointerId, x0, y0, dy }) => {
      const el = document.querySelector('.pv-page[data-page="1"] .ann-input');
      if (el === null) throw new Error('no input surface');
      const send = (type: string, x: number, y: number) =>
        el.dispatchEvent(new PointerEvent(type, { pointerType, pointerId, clientX: x, clientY: y, pressure: 0.6, bubbles: true, isPrimary: true }));
      send('pointerdown', x0, y0);
      for (let i = 1; i <= 8; i++) send('pointermove', x0 + i * 12, y0 + (dy * i) / 8);
      send('pointerup', x0 + 96, y0 + dy);
    },
    { pointerType, pointerId, x0, y0, dy },
  );
}

test.describe('tablet (touch and pen)', () => {
  test.use({ viewport: { width: 820, height: 1180 }, hasTouch: true });

  test('with a pen seen, the finger scrolls and the pen draws; palms are ignored', async ({ page }) => {
    await open(page, '&group=1');
    await page.locator('.ann-toolbar [data-tool="pen"]').click();
    const box = await pageBox(page);
    // No pen seen yet: the finger draws (the pen tool was chosen).
    await pointerStroke(page, 'touch', 11, box.x + 100, box.y + 300, 40);
    await expect.poll(async () => (await all(page)).length).toBe(1);
    // A pen stroke: drawn (and from now on the finger no longer draws).
    await pointerStroke(page, 'pen', 21, box.x + 100, box.y + 420, 30);
    await expect.poll(async () => (await all(page)).flatMap((a) => (a.kind === 'ink' ? a.strokes : [])).length).toBe(2);
    const scroller = page.locator('.pv-scroller');
    const before = await scroller.evaluate((el) => el.scrollTop);
    await pointerStroke(page, 'touch', 12, box.x + 100, box.y + 600, -200);
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(before);
    expect((await all(page)).flatMap((a) => (a.kind === 'ink' ? a.strokes : []))).toHaveLength(2);
    // A palm while the pen is down draws nothing.
    await page.evaluate(() => {
      const el = document.querySelector('.pv-page[data-page="1"] .ann-input');
      el?.dispatchEvent(new PointerEvent('pointerdown', { pointerType: 'pen', pointerId: 31, clientX: 200, clientY: 300, bubbles: true }));
      el?.dispatchEvent(new PointerEvent('pointerdown', { pointerType: 'touch', pointerId: 32, clientX: 400, clientY: 500, bubbles: true }));
      el?.dispatchEvent(new PointerEvent('pointerup', { pointerType: 'touch', pointerId: 32, clientX: 420, clientY: 520, bubbles: true }));
      el?.dispatchEvent(new PointerEvent('pointermove', { pointerType: 'pen', pointerId: 31, clientX: 260, clientY: 320, bubbles: true }));
      el?.dispatchEvent(new PointerEvent('pointerup', { pointerType: 'pen', pointerId: 31, clientX: 300, clientY: 330, bubbles: true }));
    });
    await expect.poll(async () => (await all(page)).flatMap((a) => (a.kind === 'ink' ? a.strokes : [])).length).toBe(3);
    // The tổ scope is offered to a member of a tổ.
    await expect(page.locator('.ann-toolbar select option[value="group"]')).toBeEnabled();
    await page.locator('.ann-toolbar select').selectOption('group');
    await page.screenshot({ path: `${ARTIFACTS}tablet-pen.png` });
  });
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the tools fit two rows and a note opens on tap', async ({ page }) => {
    await open(page);
    // On a phone the tools open from a button in the viewer's one bar.
    await expect(page.locator('.ann-toolbar')).toHaveCount(0);
    await page.locator('.ann-tools-toggle').tap();
    await expect(page.locator('.ann-toolbar')).toBeVisible();
    expect((await page.locator('.ann-toolbar').boundingBox())?.height ?? 999).toBeLessThanOrEqual(100);
    await page.locator('.ann-toolbar [data-tool="note"]').tap();
    const box = await pageBox(page);
    await page.touchscreen.tap(box.x + 60, box.y + 120);
    const editor = page.locator('.ann-editor textarea');
    await expect(editor).toBeVisible();
    await editor.fill('Hỏi lại giờ họp chiều');
    await page.screenshot({ path: `${ARTIFACTS}phone-note.png` });
    await page.locator('.ann-editor').getByRole('button', { name: 'Lưu' }).tap();
    await expect(page.locator('button.ann-pin')).toHaveCount(1);
    await page.locator('button.ann-pin').tap();
    await expect(page.locator('.ann-menu')).toContainText('Hỏi lại giờ họp chiều');
    await page.screenshot({ path: `${ARTIFACTS}phone-menu.png` });
  });
});
