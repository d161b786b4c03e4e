// keystore.json beside the vault: which protector sealed this vault's secrets, and the passphrase
// parameters when it is a passphrase. Validated on read; a damaged file is reported, never guessed at.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CouncilError } from '../../../common/result.ts';
import { passphraseParamsSchema } from './PassphraseProtector.ts';

export const KEYSTORE_FILE_NAME = 'keystore.json';

const keystoreSchema = z.discriminatedUnion('mode', [
  z.object({ version: z.literal(1), mode: z.literal('os-keystore') }),
  z.object({ version: z.literal(1), mode: z.literal('passphrase'), passphrase: passphraseParamsSchema }),
]);
export type KeystoreRecord = z.infer<typeof keystoreSchema>;

export function parseKeystoreRecord(text: string): KeystoreRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CouncilError('VAULT_LOCKED', `${KEYSTORE_FILE_NAME} is not JSON`);
  }
  const r = keystoreSchema.safeParse(json);
  if (!r.success) throw new CouncilError('VAULT_LOCKED', `${KEYSTORE_FILE_NAME} is damaged`);
  return r.data;
}

/** undefined when the vault has never stored a secret on this device. */
export function readKeystoreRecord(dir: string): KeystoreRecord | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, KEYSTORE_FILE_NAME), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return parseKeystoreRecord(text);
}

export function writeKeystoreRecord(dir: string, record: KeystoreRecord): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, KEYSTORE_FILE_NAME);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
