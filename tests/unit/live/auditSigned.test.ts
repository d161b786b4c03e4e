// The signed audit log: cutting the tail (1, 50, all but the first, all entries) or editing an entry and
// recomputing every later hash passed the chain-only check; each now fails `council audit verify` with the
// exact message. Devices check pages with verifyAuditPage against the head published in the state room.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as runAudit } from '../../../cli/commands/audit.ts';
import { auditProblemText } from '../../../common/i18n/audit.ts';
import { AUDIT_KEY_FILE } from '../../../collab-server/live/auditKey.ts';
import { verifyServerAudit } from '../../../collab-server/live/auditVerify.ts';
import { verifyAllChains } from '../../../collab-server/live/index.ts';
import { canonicalJson } from '../../../common/live/canonicalJson.ts';
import { openServerDb } from '../../../collab-server/store/db.ts';
import { loadRoom } from '../../../collab-server/live/roomStore.ts';
import { asServerDb, SERVER_DB_FILE } from '../../../collab-server/store/db.ts';
import {
  AUDIT_KEY_PATH,
  LIVE_API,
  meetingStateRoom,
  readAuditHead,
  verifyAuditPage,
  type AuditKeyInfo,
  type AuditPage,
  type AuditRecord,
} from '../../../common/live/index.ts';
import { cast, nextCommandId, seedMeeting, send, startLiveServer, type LiveServer, type TestMember } from './liveHarness.ts';

const MEETING = 'ky-hop-nhat-ky';
const ENTRIES = 100;
let live: LiveServer;
let chair: TestMember;
let secretary: TestMember;
/** The server's data folder after it stopped: each case tampers with its own copy. */
let pristine: string;
const dirs: string[] = [];

beforeAll(async () => {
  live = await startLiveServer(undefined, { live: { commandBurst: 1000 } });
  const members = seedMeeting(live.server, MEETING, cast(2));
  chair = members.find((m) => m.role === 'chair') as TestMember;
  secretary = members.find((m) => m.role === 'secretary') as TestMember;
  for (let i = 1; i <= ENTRIES; i++) {
    const r = await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'announce', text: `Thông báo số ${i}` });
    expect(r.body.ok && r.body.value.seq).toBe(i);
  }
});
afterAll(async () => {
  await live.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function stopped(): Promise<string> {
  if (!pristine) {
    await live.server.close();
    pristine = fs.mkdtempSync(path.join(os.tmpdir(), 'council-audit-pristine-'));
    dirs.push(pristine);
    fs.copyFileSync(path.join(live.dataDir, SERVER_DB_FILE), path.join(pristine, SERVER_DB_FILE));
    fs.copyFileSync(path.join(live.dataDir, AUDIT_KEY_FILE), path.join(pristine, AUDIT_KEY_FILE));
    fs.chmodSync(path.join(pristine, AUDIT_KEY_FILE), 0o600);
  }
  return pristine;
}

/** A copy of the stopped server's folder with `tamper` applied to its database. */
async function tampered(tamper: (db: Database.Database) => void): Promise<string> {
  const from = await stopped();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-audit-case-'));
  dirs.push(dir);
  for (const f of [SERVER_DB_FILE, AUDIT_KEY_FILE]) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  fs.chmodSync(path.join(dir, AUDIT_KEY_FILE), 0o600);
  const db = new Database(path.join(dir, SERVER_DB_FILE));
  try {
    tamper(db);
  } finally {
    db.close();
  }
  return dir;
}

/** What `council audit verify --data dir` prints and returns. */
async function cli(dir: string): Promise<{ code: number; errors: string[] }> {
  const errors: string[] = [];
  const err = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(' ')));
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    return { code: await runAudit(['verify', '--data', dir]), errors };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

async function problems(dir: string): Promise<string[]> {
  const audit = await verifyServerAudit(dir);
  if (!audit) throw new Error('no database');
  return [...audit.problems, ...audit.meetings.flatMap((m) => m.problems)].map((p) => auditProblemText('en', p));
}

const chainOnly = (dir: string): boolean => {
  const db = asServerDb(new Database(path.join(dir, SERVER_DB_FILE), { readonly: true }));
  try {
    return verifyAllChains(db).every((c) => c.ok);
  } finally {
    db.close();
  }
};

const deleteFrom = (seq: number) => (db: Database.Database) => db.prepare(`DELETE FROM live_audit WHERE meeting_id = ? AND seq >= ?`).run(MEETING, seq);

function chainHash(prev: string, entry: string): string {
  return crypto.createHash('sha256').update(prev, 'utf8').update(entry, 'utf8').digest('hex');
}

/** Edits entry `seq` and recomputes every later hash, as someone with write access to the file could. */
const editAndRehash = (seq: number) => (db: Database.Database) => {
  const rows = db.prepare(`SELECT seq, prev_hash, entry FROM live_audit WHERE meeting_id = ? AND seq >= ? ORDER BY seq`).all(MEETING, seq) as {
    seq: number;
    prev_hash: string;
    entry: string;
  }[];
  let prev = rows[0]?.prev_hash ?? '';
  const update = db.prepare(`UPDATE live_audit SET prev_hash = ?, entry = ?, hash = ? WHERE meeting_id = ? AND seq = ?`);
  for (const r of rows) {
    const entry = r.seq === seq ? r.entry.replace(`Thông báo số ${seq}`, 'Thông báo đã sửa') : r.entry;
    const hash = chainHash(prev, entry);
    update.run(prev, entry, hash, MEETING, r.seq);
    prev = hash;
  }
};

describe('council audit verify', () => {
  it('passes the untouched log', async () => {
    const dir = await stopped();
    expect(await problems(dir)).toEqual([]);
    expect((await cli(dir)).code).toBe(0);
  });

  it.each([
    ['the last entry', deleteFrom(ENTRIES), 'entry 100 missing'],
    ['the last 50 entries', deleteFrom(51), 'entries 51–100 missing'],
    ['all entries but the first', deleteFrom(2), 'entries 2–100 missing'],
    ['every entry', deleteFrom(1), 'entries 1–100 missing'],
    ['an edit of entry 7 with every later hash recomputed', editAndRehash(7), 'entry 7 altered'],
  ])('fails when %s is tampered with, saying exactly what', async (_what, tamper, message) => {
    const dir = await tampered(tamper);
    // The chain alone cannot tell (the old check passed every one of these).
    expect(chainOnly(dir)).toBe(true);
    expect(await problems(dir)).toEqual([message]);
    const run = await cli(dir);
    expect(run.code).toBe(1);
    expect(run.errors.join('\n')).toContain(`meeting ${MEETING}: `);
    expect(run.errors.join('\n')).toContain(message);
  });

  it('catches a cut tail from the acknowledged commands alone, when the heads were deleted too', async () => {
    const dir = await tampered((db) => {
      deleteFrom(98)(db);
      db.prepare(`DELETE FROM live_audit_heads`).run();
      db.prepare(`DELETE FROM live_rooms`).run();
      db.prepare(`DELETE FROM live_room_updates`).run();
    });
    expect(await problems(dir)).toEqual(['entries 98–100 missing']);
  });

  it('catches an entry edited in place and a forged signature', async () => {
    const dir = await tampered((db) => {
      db.prepare(`UPDATE live_audit SET entry = replace(entry, 'số 3"', 'số 30"') WHERE meeting_id = ? AND seq = 3`).run(MEETING);
      db.prepare(`UPDATE live_audit SET signature = ? WHERE meeting_id = ? AND seq = 9`).run(Buffer.alloc(64, 1).toString('base64url'), MEETING);
    });
    expect(await problems(dir)).toEqual(['entry 3 altered', 'entry 9 altered']);
  });

  it('refuses a key file that others can read', async () => {
    const dir = await tampered(() => {});
    fs.chmodSync(path.join(dir, AUDIT_KEY_FILE), 0o644);
    expect((await problems(dir))[0]).toMatch(/readable by others/);
  });
});

describe('a device checks the server (verifyAuditPage)', () => {
  let pages: AuditPage;
  let key: AuditKeyInfo;

  beforeAll(async () => {
    // The live server is stopped by the cases above when they ran first; use a fresh one on the same data.
    if (pristine) await live.restart();
    const keyRes = await fetch(live.url() + AUDIT_KEY_PATH);
    key = ((await keyRes.json()) as { ok: true; value: AuditKeyInfo }).value;
    const res = await fetch(live.url() + LIVE_API.audit(MEETING), { headers: { authorization: `Bearer ${secretary.token}` } });
    pages = ((await res.json()) as { ok: true; value: AuditPage }).value;
  });

  it('serves the key and signed entries with the head, which the state room publishes too', () => {
    expect(key.algorithm).toBe('Ed25519');
    expect(pages.entries).toHaveLength(ENTRIES);
    expect(pages.head).toMatchObject({ meetingId: MEETING, seq: ENTRIES, hash: pages.entries.at(-1)?.hash });
    const doc = new Y.Doc();
    for (const u of loadRoom(live.server.db, meetingStateRoom(MEETING)).updates) Y.applyUpdate(doc, u);
    expect(readAuditHead(doc)).toEqual(pages.head);
  });

  it('accepts the real pages and says what is wrong with a doctored copy', async () => {
    const head = pages.head;
    if (!head) throw new Error('no head');
    expect(await verifyAuditPage(pages.entries, head, key.publicKey)).toMatchObject({ ok: true, problems: [], lastSeq: ENTRIES });
    const text = async (entries: readonly AuditRecord[]): Promise<string[]> =>
      (await verifyAuditPage(entries, head, key.publicKey)).problems.map((p) => auditProblemText('en', p));
    expect(await text(pages.entries.slice(0, 97))).toEqual(['entries 98–100 missing']);
    const edited = pages.entries.map((r) => (r.seq === 7 ? { ...r, entry: { ...r.entry, command: { ...r.entry.command, text: 'khác' } } } : r));
    expect(await text(edited)).toEqual(['entry 7 altered']);
    const otherKey = crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x ?? '';
    expect((await verifyAuditPage(pages.entries, head, otherKey)).ok).toBe(false);
    // Page by page: the second half continues from the first.
    const first = await verifyAuditPage(pages.entries.slice(0, 50), head, key.publicKey, { complete: false });
    expect(first.ok).toBe(true);
    const second = await verifyAuditPage(pages.entries.slice(50), head, key.publicKey, { after: { seq: first.lastSeq, hash: first.lastHash } });
    expect(second.ok).toBe(true);
  });

  it('catches a server that rewrote and re-signed its log, with the head the device kept', async () => {
    const kept = pages.head;
    if (!kept) throw new Error('no head');
    // The operator holds the key: edit entry 7, recompute every hash, sign everything again.
    const privateKey = crypto.createPrivateKey(fs.readFileSync(path.join(live.dataDir, AUDIT_KEY_FILE), 'utf8'));
    const sign = (context: string, text: string): string => crypto.sign(null, Buffer.from(context + text, 'utf8'), privateKey).toString('base64url');
    let prev = '0'.repeat(64);
    const rewritten: AuditRecord[] = pages.entries.map((r) => {
      const entry = r.seq === 7 ? { ...r.entry, command: { ...r.entry.command, text: 'khác' } } : r.entry;
      const json = canonicalJson(entry);
      const hash = chainHash(prev, json);
      const record = { seq: r.seq, prevHash: prev, hash, entry, signature: sign('council-audit-entry/1\n', json) };
      prev = hash;
      return record;
    });
    const forgedHead = { ...kept, hash: prev, signature: sign('council-audit-head/1\n', canonicalJson({ at: kept.at, hash: prev, meetingId: MEETING, seq: ENTRIES })) };
    // Against its own new head the forgery holds; against the head a device kept, it does not.
    expect((await verifyAuditPage(rewritten, forgedHead, key.publicKey)).ok).toBe(true);
    const verdict = await verifyAuditPage(rewritten, kept, key.publicKey);
    expect(verdict.problems.map((p) => auditProblemText('en', p))).toEqual([
      `the chain at entry ${ENTRIES} differs from the signed checkpoint (device): history was rewritten`,
    ]);
  });
});

describe('a log written before signing (schema < 140)', () => {
  it('is signed once when the key is created, if its chain holds; a broken one stays unsigned and fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-audit-legacy-'));
    dirs.push(dir);
    const db = openServerDb(dir);
    const legacy = (meetingId: string, n: number, breakAt?: number): void => {
      let prev = '0'.repeat(64);
      for (let seq = 1; seq <= n; seq++) {
        const entry = canonicalJson({ seq, meetingId, at: seq, actor: { delegateId: 'chu-toa', role: 'chair' }, command: { id: `c${seq}`, type: 'announce', text: `cũ ${seq}` } });
        const hash = seq === breakAt ? 'f'.repeat(64) : chainHash(prev, entry);
        db.prepare(`INSERT INTO live_audit (meeting_id, seq, prev_hash, entry, hash) VALUES (?, ?, ?, ?, ?)`).run(meetingId, seq, prev, entry, hash);
        prev = hash;
      }
    };
    legacy('ky-hop-cu', 5);
    legacy('ky-hop-hong', 3, 2);
    db.close();
    const server = await startLiveServer(dir);
    await server.server.close();
    const audit = await verifyServerAudit(dir);
    expect(audit?.meetings.map((m) => [m.meetingId, m.entries, m.problems.map((p) => auditProblemText('en', p))])).toEqual([
      ['ky-hop-cu', 5, []],
      ['ky-hop-hong', 3, ['entry 1 is not signed', 'entry 2 altered', 'entry 3 is not signed']],
    ]);
    expect(server.logs.some((l) => l.includes('ky-hop-hong is broken at entry 2'))).toBe(true);
  });
});
