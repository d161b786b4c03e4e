// The same secret-ballot code in real Chromium (its own WebCrypto) and in Node, against one real server:
// voters seal and cast from the browser, counter 1 runs its stage in the browser, counter 2 in Node; every
// browser voter then finds its line. What Chromium seals Node opens, and the other way round.
import { build } from 'esbuild';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../e2e/chromium.ts';
import { ensureCounterKey, runMyStage, type SecretDeps } from '../../../common/voting/secretClient.ts';
import { checkInAll, createSecretPoll, ok, startSecretMeeting, type SecretMeeting } from './secretHarness.ts';

const MEETING = 'ky-hop-trinh-duyet';
const POLL = 'bau-trinh-duyet';
const COUNTERS = ['db-001', 'db-002'];
const BROWSER_VOTERS = ['db-003', 'db-004', 'db-005'];

let m: SecretMeeting;
let browser: Browser;
let page: Page;

/** common/voting/secretClient.ts (and the crypto under it) as one script for the page: window.councilSecret. */
async function bundle(): Promise<string> {
  const entry = path.resolve(import.meta.dirname, 'chromiumEntry.ts');
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'silent' });
  return out.outputFiles[0]?.text ?? '';
}

beforeAll(async () => {
  m = await startSecretMeeting(MEETING, 6);
  await checkInAll(m);
  browser = await chromium.launch(chromiumLaunchOptions());
  const context = await browser.newContext({ bypassCSP: true });
  page = await context.newPage();
  // Same origin as the API, on loopback: a secure context, so crypto.subtle exists.
  await page.goto(m.live.url() + '/api/health');
  await page.addScriptTag({ content: await bundle() });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await m?.live.stop();
});

interface BrowserDeps {
  readonly server: string;
  readonly token: string;
  readonly meetingId: string;
  readonly delegateId: string;
  readonly auditPublicKey: string;
}
const browserDeps = (d: SecretDeps): BrowserDeps => ({ server: d.server, token: d.token, meetingId: d.meetingId, delegateId: d.delegateId, auditPublicKey: d.auditPublicKey });

describe('secret ballots in Chromium', () => {
  it('the page has WebCrypto and the module', async () => {
    expect(await page.evaluate(() => ({ secure: globalThis.isSecureContext, subtle: typeof globalThis.crypto?.subtle, lib: typeof (globalThis as { councilSecret?: unknown }).councilSecret }))).toEqual({
      secure: true,
      subtle: 'object',
      lib: 'object',
    });
  });

  it('browser voters cast, counter 1 (browser) and counter 2 (Node) count, every browser voter finds its line', async () => {
    const draft = await createSecretPoll(m, POLL, { kind: 'election', question: 'Bầu', itemId: 'i', seats: 1, candidates: [{ id: 'a', name: 'An' }, { id: 'b', name: 'Bình' }] }, COUNTERS);
    // Counter 1's key is made in the browser, counter 2's in Node.
    const c1 = browserDeps(m.deps('db-001'));
    const made = await page.evaluate(([deps, poll]) => (globalThis as unknown as { councilSecret: ChromiumLib }).councilSecret.counterKey(deps, poll), [c1, draft] as const);
    expect(made.ok).toBe(true);
    expect((await ensureCounterKey(m.deps('db-002'), draft)).ok).toBe(true);
    await ok(m, m.chair, { type: 'openPoll', pollId: POLL });
    const open = m.poll(POLL);
    for (const [i, v] of BROWSER_VOTERS.entries()) {
      const cast = await page.evaluate(([deps, poll, choice]) => (globalThis as unknown as { councilSecret: ChromiumLib }).councilSecret.cast(deps, poll, choice), [
        browserDeps(m.deps(v)),
        open,
        i % 2 === 0 ? ['a'] : ['b'],
      ] as const);
      expect(cast.ok, cast.ok ? '' : cast.message).toBe(true);
    }
    await ok(m, m.chair, { type: 'closePoll', pollId: POLL });
    const tallying = m.poll(POLL);
    const s1 = await page.evaluate(([deps, poll]) => (globalThis as unknown as { councilSecret: ChromiumLib }).councilSecret.stage(deps, poll), [c1, tallying] as const);
    expect(s1).toEqual({ ok: true, stage: 1 });
    expect(await runMyStage(m.deps('db-002'), tallying)).toMatchObject({ ok: true, value: { stage: 2, last: true, count: 3 } });
    const counted = m.poll(POLL);
    expect(counted.status).toBe('counted');
    for (const v of BROWSER_VOTERS) {
      const check = await page.evaluate(([deps, poll]) => (globalThis as unknown as { councilSecret: ChromiumLib }).councilSecret.check(deps, poll), [browserDeps(m.deps(v)), counted] as const);
      expect(check, v).toEqual({ ok: true, holds: true });
    }
  });
});

/** What chromiumEntry.ts puts on window.councilSecret (results as plain JSON). */
interface ChromiumLib {
  counterKey(deps: BrowserDeps, poll: unknown): Promise<{ ok: boolean; message?: string }>;
  cast(deps: BrowserDeps, poll: unknown, choice: unknown): Promise<{ ok: boolean; message?: string }>;
  stage(deps: BrowserDeps, poll: unknown): Promise<{ ok: boolean; stage?: number; message?: string }>;
  check(deps: BrowserDeps, poll: unknown): Promise<{ ok: boolean; holds?: boolean; message?: string }>;
}
