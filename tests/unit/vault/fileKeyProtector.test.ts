import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileKeyProtector, KEY_FILE_NAME } from '../../../main/services/keys/FileKeyProtector.ts';
import { CouncilError } from '../../../common/result.ts';
import { openVaultDb, vaultPath } from '../../../main/services/vault/vaultDb.ts';

const posix = process.platform !== 'win32';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'council-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return e instanceof CouncilError ? e.code : `not a CouncilError: ${String(e)}`;
  }
  return undefined;
}

describe('FileKeyProtector', () => {
  it.runIf(posix)('creates a 32-byte key file with mode 0600', () => {
    FileKeyProtector.open(dir);
    const st = statSync(join(dir, KEY_FILE_NAME));
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.size).toBe(32);
  });

  it('round-trips, and a second open of the same folder reads the same key', async () => {
    const secret = new Uint8Array([1, 2, 3, 250, 0, 7]);
    const blob = await FileKeyProtector.open(dir).protect(secret);
    expect(Buffer.from(blob).includes(Buffer.from(secret))).toBe(false);
    expect(await FileKeyProtector.open(dir).unprotect(blob)).toEqual(secret);
  });

  it('uses a fresh nonce per blob', async () => {
    const p = FileKeyProtector.open(dir);
    const a = await p.protect(new Uint8Array(32));
    const b = await p.protect(new Uint8Array(32));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('a blob cannot be opened with another key file, nor after tampering', async () => {
    const blob = await FileKeyProtector.open(dir).protect(new Uint8Array(32).fill(9));
    const other = mkdtempSync(join(tmpdir(), 'council-keys-other-'));
    try {
      expect(await codeOf(FileKeyProtector.open(other).unprotect(blob))).toBe('VAULT_LOCKED');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    const bad = Uint8Array.from(blob);
    bad[bad.length - 1]! ^= 1;
    expect(await codeOf(FileKeyProtector.open(dir).unprotect(bad))).toBe('VAULT_LOCKED');
    expect(await codeOf(FileKeyProtector.open(dir).unprotect(new Uint8Array(5)))).toBe('VAULT_LOCKED');
  });

  it.runIf(posix)('refuses a key file that others can read', async () => {
    FileKeyProtector.open(dir);
    chmodSync(join(dir, KEY_FILE_NAME), 0o644);
    expect(await codeOf(() => FileKeyProtector.open(dir))).toBe('VAULT_LOCKED');
    chmodSync(join(dir, KEY_FILE_NAME), 0o600);
    expect(FileKeyProtector.open(dir).describe()).toContain(KEY_FILE_NAME);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    writeFileSync(join(dir, KEY_FILE_NAME), Buffer.alloc(5), { mode: 0o600 });
    expect(await codeOf(() => FileKeyProtector.open(dir))).toBe('VAULT_LOCKED');
    expect(readFileSync(join(dir, KEY_FILE_NAME)).length).toBe(5);
  });

  it.runIf(posix)('the vault database is private to its user too (0600)', () => {
    openVaultDb(dir).close();
    expect(statSync(vaultPath(dir)).mode & 0o777).toBe(0o600);
  });
});
