// Work the first screen does not need (the service worker's offline copy of the client, ~2.5 MB compressed,
// and the pdf.js worker) waits until that screen has settled and painted in its fonts, so on a shared hall
// Wi-Fi the invitation comes first (issue 14).
import type { AppState } from '../app/state.ts';
import type { Store } from '../app/store.ts';

/** A screen stuck loading (server unreachable) must not hold the offline copy back for ever. */
export const FIRST_SCREEN_MAX_WAIT_MS = 15_000;
/** requestIdleCallback's bound: a busy page still gets the work done. */
const IDLE_TIMEOUT_MS = 2_000;

/** True when nothing the current screen shows is still loading. */
export function firstScreenSettled(s: AppState): boolean {
  return s.invite?.preview.status !== 'loading' && s.meetings.status !== 'loading' && s.meeting?.view.status !== 'loading';
}

function whenIdle(f: () => void): void {
  if ('requestIdleCallback' in window) window.requestIdleCallback(f, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(f, 0);
}

/** Runs `work` once: when the first screen has settled, painted and loaded its fonts, then idle; or after the bound. */
export function afterFirstScreen(store: Store, work: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    work();
  };
  const timer = setTimeout(run, FIRST_SCREEN_MAX_WAIT_MS);
  const settle = () => {
    if (!firstScreenSettled(store.getState())) return;
    unsubscribe();
    // Two frames: the settled state is committed and painted before anything else starts downloading.
    requestAnimationFrame(() => requestAnimationFrame(() => void document.fonts.ready.then(() => whenIdle(run))));
  };
  const unsubscribe = store.subscribe(settle);
  settle();
}
