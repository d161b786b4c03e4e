// The CounterSecret of this device over H2's secret-ballot client (common/voting/secretClient.ts): the member's
// live credentials, the audit key this device pinned for the meeting (kept with the live state; else the one
// the server offers now) and the platform's per-meeting records, where the counter's private key stays.
import type { Result } from '../../../common/result.ts';
import { ensureCounterKey, runMyStage, stagesDone, type SecretDeps } from '../../../common/voting/secretClient.ts';
import type { Poll } from '../../../common/voting/state.ts';
import { meetingRecords } from '../../platform/deviceRecords.ts';
import type { Platform } from '../../platform/Platform.ts';
import { fetchAuditKey } from '../liveClient.ts';
import { liveStateKey, localLiveStateStore } from '../lastKnown.ts';
import type { CounterSecret } from './counterSecret.ts';

const globalFetch = (url: string, init?: RequestInit) => globalThis.fetch(url, init);

async function depsOf(platform: Pick<Platform, 'liveCredentials' | 'records'>, meetingId: string): Promise<Result<SecretDeps>> {
  const creds = await platform.liveCredentials(meetingId);
  if (!creds.ok) return creds;
  const pinned = localLiveStateStore(liveStateKey(meetingId, creds.value.delegateId))?.load()?.auditKey;
  const auditPublicKey = pinned ?? (await fetchAuditKey(globalFetch, creds.value.server));
  if (auditPublicKey === undefined) return { ok: false, error: { code: 'NETWORK', message: 'the audit key is not known yet' } };
  return {
    ok: true,
    value: {
      fetch: globalFetch,
      server: creds.value.server,
      token: creds.value.token,
      meetingId,
      delegateId: creds.value.delegateId,
      records: meetingRecords(platform, meetingId),
      auditPublicKey,
    },
  };
}

/** Errors the records throw (a full or locked store) come back as values, like every other failure. */
async function guarded<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return { ok: false, error: { code: typeof code === 'string' && code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INTERNAL', message: e instanceof Error ? e.message : String(e) } };
  }
}

export function counterSecretOf(platform: Pick<Platform, 'liveCredentials' | 'records'>): CounterSecret {
  const withDeps = <T>(meetingId: string, run: (deps: SecretDeps) => Promise<Result<T>>): Promise<Result<T>> =>
    guarded(async () => {
      const deps = await depsOf(platform, meetingId);
      return deps.ok ? run(deps.value) : deps;
    });
  return {
    ensureKey: (meetingId: string, poll: Poll) => withDeps(meetingId, (d) => ensureCounterKey(d, poll)),
    stagesDone: (meetingId: string, poll: Poll) => withDeps(meetingId, async (d) => {
      const r = await stagesDone(d, poll.id);
      return r.ok ? { ok: true, value: { done: r.value } } : r;
    }),
    runStage: (meetingId: string, poll: Poll) => withDeps(meetingId, (d) => runMyStage(d, poll)),
  };
}
