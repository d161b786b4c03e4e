// Review finding 7 (the verifier trusted the key stored in the database) and finding 10 (a device's page check
// did not know which meeting it asked for). `council audit verify` prints the fingerprint of the key it held
// the log to and where it came from, warns when that was the database alone, and takes `--key`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as runAudit } from '../../../cli/commands/audit.ts';
import { AUDIT_KEY_FILE, storedAuditPublicKey } from '../../../collab-server/live/auditKey.ts';
import { storedCheckpoint, rowToAuditRecord } from '../../../collab-server/live/auditLog.ts';
import { keyFingerprint } from '../../../collab-server/live/auditVerify.ts';
import { auditRows } from '../../../collab-server/live/liveQueries.ts';
import { asServerDb, SERVER_DB_FILE } from '../../../collab-server/store/db.ts';
import { verifyAuditPage } from '../../../common/live/audit.ts';
import { cast, nextCommandId, seedMeeting, send, startLiveServer, type LiveServer } from '../live/liveHarness.ts';

let live: LiveServer;
let publicKey: string;
const dirs: string[] = [];

beforeAll(async () => {
  live = await startLiveServer();
  for (const meeting of ['khoa-a', 'khoa-b']) {
    const [chair] = seedMeeting(live.server, meeting, cast(1));
    if (!chair) throw new Error('seed');
    for (const text of ['mot', 'hai']) expect((await send(live.url(), meeting, chair.token, { id: nextCommandId(), type: 'announce', text })).status).toBe(200);
  }
  await live.server.close();
  const db = asServerDb(new Database(path.join(live.dataDir, SERVER_DB_FILE), { readonly: true }));
  try {
    publicKey = storedAuditPublicKey(db) ?? '';
  } finally {
    db.close();
  }
  expect(publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
});
afterAll(async () => {
  await live.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A copy of the stopped server's folder; `withKeyFile: false` leaves the audit-key out. */
function copy(withKeyFile: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-audit-key-'));
  dirs.push(dir);
  fs.copyFileSync(path.join(live.dataDir, SERVER_DB_FILE), path.join(dir, SERVER_DB_FILE));
  if (withKeyFile) {
    fs.copyFileSync(path.join(live.dataDir, AUDIT_KEY_FILE), path.join(dir, AUDIT_KEY_FILE));
    fs.chmodSync(path.join(dir, AUDIT_KEY_FILE), 0o600);
  }
  return dir;
}

async function cli(args: string[]): Promise<{ code: number; out: string[]; errors: string[] }> {
  const out: string[] = [];
  const errors: string[] = [];
  const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.map(String).join(' ')));
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.map(String).join(' ')));
  try {
    return { code: await runAudit(args), out, errors };
  } finally {
    err.mockRestore();
    log.mockRestore();
  }
}

describe('council audit verify and its key', () => {
  it('prints the fingerprint of the key and where it came from', async () => {
    const r = await cli(['verify', '--data', copy(true)]);
    expect(r.code).toBe(0);
    expect(r.errors).toEqual([]);
    const fingerprint = keyFingerprint(publicKey);
    expect(fingerprint).toMatch(/^([0-9a-f]{4}:){7}[0-9a-f]{4}$/);
    expect(r.out.some((l) => l.includes(fingerprint) && l.includes('audit-key'))).toBe(true);
  });

  it('warns when the key came from the database alone', async () => {
    const r = await cli(['verify', '--data', copy(false)]);
    expect(r.code).toBe(0);
    expect(r.out.some((l) => l.includes(keyFingerprint(publicKey)) && l.includes('the database'))).toBe(true);
    expect(r.errors.some((l) => l.includes('no audit-key file'))).toBe(true);
  });

  it('holds the log to a key given with --key, as text or as a file', async () => {
    const dir = copy(false);
    const given = await cli(['verify', '--data', dir, '--key', publicKey]);
    expect({ code: given.code, errors: given.errors }).toEqual({ code: 0, errors: [] });
    expect(given.out.some((l) => l.includes('from --key'))).toBe(true);
    const file = path.join(dir, 'kept-key.txt');
    fs.writeFileSync(file, `${publicKey}\n`);
    expect((await cli(['verify', '--data', dir, '--key', file])).code).toBe(0);

    // A database whose log and key were both replaced passes with its own key, not with the one kept elsewhere.
    const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x as string;
    const wrong = await cli(['verify', '--data', dir, '--key', other]);
    expect(wrong.code).toBe(1);
    expect(wrong.errors.some((l) => l.includes('not the public key given'))).toBe(true);
    expect((await cli(['verify', '--data', dir, '--key', 'not-a-key'])).code).toBe(2);
  });
});

describe('a device checks the meeting it asked for', () => {
  it("refuses another meeting's entries and head, however well signed", async () => {
    const db = asServerDb(new Database(path.join(live.dataDir, SERVER_DB_FILE), { readonly: true }));
    try {
      const page = (m: string) => auditRows(db, m, 0, 100).map(rowToAuditRecord);
      const headA = storedCheckpoint(db, 'khoa-a');
      const headB = storedCheckpoint(db, 'khoa-b');
      expect((await verifyAuditPage(page('khoa-a'), headA, publicKey, { meetingId: 'khoa-a' })).ok).toBe(true);
      // The server answers the request for khoa-a with khoa-b's log and head.
      expect((await verifyAuditPage(page('khoa-b'), headB, publicKey, { meetingId: 'khoa-a' })).ok).toBe(false);
      // The device kept khoa-a's head; the page is khoa-b's.
      expect((await verifyAuditPage(page('khoa-b'), headA, publicKey)).ok).toBe(false);
      // Entries of two meetings spliced into one page.
      const spliced = [...page('khoa-a').slice(0, 1), ...page('khoa-b').slice(1)];
      expect((await verifyAuditPage(spliced, undefined, publicKey, { meetingId: 'khoa-a', complete: false })).ok).toBe(false);
    } finally {
      db.close();
    }
  });
});
