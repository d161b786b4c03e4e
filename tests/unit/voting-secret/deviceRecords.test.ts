// The voter's ballot and receipt, and the counter's key, survive a reload: they are kept in the platform's
// per-meeting device records — IndexedDB in a browser (fake-indexeddb here), the vault's SQLite file behind
// the Electron AppService — and go with the meeting.
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../../main/services/app/AppService.ts';
import { openSqliteDeviceStore } from '../../../main/services/vault/sqliteDeviceStore.ts';
import { castSecret, ensureCounterKey, myBallot, RECORD_KINDS, type SecretDeps } from '../../../common/voting/secretClient.ts';
import { meetingRecords } from '../../../renderer/platform/deviceRecords.ts';
import { bridgeRecords } from '../../../renderer/platform/electron/createElectronPlatform.ts';
import type { CouncilBridge, RecordsBridge } from '../../../common/api/ipc.ts';
import { WebPlatform } from '../../../renderer/platform/web/WebPlatform.ts';
import { WebStore } from '../../../renderer/platform/web/webStore.ts';
import { checkInAll, createSecretPoll, ok, startSecretMeeting, type SecretMeeting } from './secretHarness.ts';

const MEETING = 'ky-hop-thiet-bi';
const DB_NAME = 'council-h2-records';
let m: SecretMeeting;
let tmp: string;

const identity = (delegateId: string) => ({ id: MEETING, server: 'http://127.0.0.1', delegateId, role: 'delegate' as const, publisherKey: 'k' });
const sealed = { sealer: 'test', blob: new Uint8Array([1, 2, 3]) };

beforeAll(async () => {
  m = await startSecretMeeting(MEETING, 4);
  await checkInAll(m);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'council-h2-records-'));
});
afterAll(async () => {
  await m.live.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('device records of secret ballots', () => {
  it('in a browser: the ballot and its receipt are there after a reload', async () => {
    const store = await WebStore.open(indexedDB, DB_NAME);
    await store.saveIdentity(identity('db-002'), sealed);
    const before = new WebPlatform({ dbName: DB_NAME, origin: m.live.url() });
    const records = meetingRecords(before, MEETING);
    expect(records.persistent).toBe(true);
    const counter: SecretDeps = { ...m.deps('db-001') };
    const draft = await createSecretPoll(m, 'p-thiet-bi', { kind: 'open', question: 'Bãi nhiệm', itemId: 'i', secret: true }, ['db-001']);
    expect((await ensureCounterKey(counter, draft)).ok).toBe(true);
    await ok(m, m.chair, { type: 'openPoll', pollId: 'p-thiet-bi' });
    const cast = await castSecret({ ...m.deps('db-002'), records }, m.poll('p-thiet-bi'), 'no');
    expect(cast.ok).toBe(true);

    const after = new WebPlatform({ dbName: DB_NAME, origin: m.live.url() });
    const kept = await myBallot({ records: meetingRecords(after, MEETING) }, 'p-thiet-bi');
    expect(kept).toEqual(cast.ok ? cast.value : undefined);
    expect(kept?.receipt?.ballotHash).toBe(kept?.ballotHash);
    const listed = await after.records.list(MEETING, RECORD_KINDS.ballot);
    expect(listed.ok && listed.value.map((r) => r.key)).toEqual(['p-thiet-bi']);
    // A record for a meeting this device does not hold is refused, not kept loose.
    expect((await after.records.put('khong-co', RECORD_KINDS.ballot, 'x', '{}')).ok).toBe(false);
  });

  it('without platform records: kept in memory, and it says so', () => {
    const r = meetingRecords({}, MEETING);
    expect(r.persistent).toBe(false);
  });

  it('in Electron: the AppService keeps them in the vault file', async () => {
    const dataDir = path.join(tmp, 'vault');
    fs.mkdirSync(dataDir, { recursive: true });
    const store = openSqliteDeviceStore(dataDir);
    await store.saveIdentity(identity('db-003'), sealed);
    store.close();
    const protector = { protect: async (b: Uint8Array) => b, unprotect: async (b: Uint8Array) => b, describe: () => 'test' };
    const app = new AppService({ dataDir, protector: () => protector });
    expect(await app.putRecord(MEETING, RECORD_KINDS.counterKey, 'p1', '{"publicKey":"x"}')).toEqual({ ok: true, value: null });
    const again = new AppService({ dataDir, protector: () => protector });
    expect(await again.getRecord(MEETING, RECORD_KINDS.counterKey, 'p1')).toEqual({ ok: true, value: '{"publicKey":"x"}' });
    expect(await again.getRecord(MEETING, RECORD_KINDS.counterKey, 'p2')).toEqual({ ok: true, value: null });
    expect(await again.listRecords(MEETING, RECORD_KINDS.counterKey)).toEqual({ ok: true, value: [{ key: 'p1', value: '{"publicKey":"x"}' }] });
    expect((await again.putRecord(MEETING, 'Not A Kind', 'p1', 'x')).ok).toBe(false);
  });
});

describe('device records over the Electron bridge', () => {
  const base = {} as CouncilBridge;
  it('are absent until the main process offers the channels', () => {
    expect(bridgeRecords(base)).toBeUndefined();
  });
  it('pass through to the bridge once it has them', async () => {
    const kept = new Map<string, string>();
    const fake: CouncilBridge & RecordsBridge = {
      ...base,
      getRecord: async (m, k, key) => ({ ok: true, value: kept.get(`${m}/${k}/${key}`) ?? null }),
      putRecord: async (m, k, key, v) => {
        kept.set(`${m}/${k}/${key}`, v);
        return { ok: true, value: null };
      },
      listRecords: async (m, k) => ({ ok: true, value: [...kept].filter(([p]) => p.startsWith(`${m}/${k}/`)).map(([p, value]) => ({ key: p.split('/')[2] ?? '', value })) }),
    };
    const r = bridgeRecords(fake);
    const records = meetingRecords({ ...(r ? { records: r } : {}) }, MEETING);
    expect(records.persistent).toBe(true);
    await records.put(RECORD_KINDS.ballot, 'p1', 'ballot');
    expect(await records.get(RECORD_KINDS.ballot, 'p1')).toBe('ballot');
    expect(await records.get(RECORD_KINDS.ballot, 'p2')).toBeUndefined();
    expect(await r?.list(MEETING, RECORD_KINDS.ballot)).toEqual({ ok: true, value: [{ key: 'p1', value: 'ballot' }] });
  });
});
