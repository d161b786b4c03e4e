// Bundled by chromium.test.ts for the page: the device module over the page's own fetch and WebCrypto, one
// in-memory record store per delegate (as one device each), results as plain JSON for page.evaluate.
import { ballotCheckHolds, castSecret, checkMyBallot, ensureCounterKey, memoryRecords, runMyStage, type DeviceRecords, type SecretDeps } from '../../../common/voting/secretClient.ts';
import type { Poll } from '../../../common/voting/state.ts';

type Creds = Omit<SecretDeps, 'fetch' | 'records'>;
const devices = new Map<string, DeviceRecords>();

function deps(c: Creds): SecretDeps {
  let records = devices.get(c.delegateId);
  if (!records) {
    records = memoryRecords();
    devices.set(c.delegateId, records);
  }
  return { ...c, fetch: (u, i) => fetch(u, i), records };
}

const lib = {
  async counterKey(c: Creds, poll: Poll) {
    const r = await ensureCounterKey(deps(c), poll);
    return r.ok ? { ok: true } : { ok: false, message: r.error.message };
  },
  async cast(c: Creds, poll: Poll, choice: unknown) {
    const r = await castSecret(deps(c), poll, choice);
    return r.ok ? { ok: r.value.receipt !== undefined } : { ok: false, message: r.error.message };
  },
  async stage(c: Creds, poll: Poll) {
    const r = await runMyStage(deps(c), poll);
    return r.ok ? { ok: true, stage: r.value.stage } : { ok: false, message: r.error.message };
  },
  async check(c: Creds, poll: Poll) {
    const r = await checkMyBallot(deps(c), poll);
    return r.ok ? { ok: true, holds: ballotCheckHolds(r.value) } : { ok: false, message: r.error.message };
  },
};

(globalThis as unknown as { councilSecret: typeof lib }).councilSecret = lib;
