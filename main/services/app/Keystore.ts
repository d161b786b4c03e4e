// Hands the vault the KeyProtector this device should use (protectorPolicy), remembering the choice in
// keystore.json. The OS keystore itself (safeStorage) is supplied by main/electron, so this stays plain Node.
import type { KeystoreStatus } from '../../../common/api/ipc.ts';
import { bilingualMessage } from '../../../common/i18n/messages.ts';
import { CouncilError } from '../../../common/result.ts';
import type { KeyProtector } from '../keys/KeyProtector.ts';
import { readKeystoreRecord, writeKeystoreRecord } from './keystoreFile.ts';
import { PassphraseProtector } from './PassphraseProtector.ts';
import { chooseProtector, type KeystoreProbe, type ProtectorChoice } from './protectorPolicy.ts';

/** The OS keystore as main/electron sees it (electron.safeStorage). */
export interface OsKeystore {
  probe(): KeystoreProbe;
  protector(): KeyProtector;
}

export interface KeystoreOptions {
  readonly dir: string;
  readonly os?: OsKeystore;
  /** scrypt cost; tests lower it. */
  readonly scrypt?: { N: number; r: number; p: number };
}

const NO_OS: KeystoreProbe = { platform: process.platform, encryptionAvailable: false };

export class Keystore {
  readonly #opts: KeystoreOptions;
  #passphrase: PassphraseProtector | undefined;

  constructor(opts: KeystoreOptions) {
    this.#opts = opts;
  }

  #choice(): ProtectorChoice {
    return chooseProtector(this.#opts.os?.probe() ?? NO_OS, readKeystoreRecord(this.#opts.dir)?.mode);
  }

  status(): KeystoreStatus {
    const choice = this.#choice();
    if (choice.kind === 'os-keystore') return { mode: 'os-keystore', unlocked: true, firstUse: false };
    const firstUse = readKeystoreRecord(this.#opts.dir)?.mode !== 'passphrase';
    return { mode: 'passphrase', unlocked: this.#passphrase !== undefined, firstUse, reason: choice.reason };
  }

  /** First use sets the passphrase; later it must match (VAULT_LOCKED otherwise). */
  async unlock(passphrase: string): Promise<KeystoreStatus> {
    const record = readKeystoreRecord(this.#opts.dir);
    if (this.#choice().kind !== 'passphrase') throw new CouncilError('BAD_REQUEST', 'this device keeps keys in the OS keystore');
    if (record?.mode === 'passphrase') {
      this.#passphrase = await PassphraseProtector.unlock(passphrase, record.passphrase);
    } else {
      const { protector, params } = await PassphraseProtector.create(passphrase, this.#opts.scrypt);
      writeKeystoreRecord(this.#opts.dir, { version: 1, mode: 'passphrase', passphrase: params });
      this.#passphrase = protector;
    }
    return this.status();
  }

  /** The protector to use now; VAULT_LOCKED while a passphrase is needed and not given. */
  protector(): KeyProtector {
    const choice = this.#choice();
    if (choice.kind === 'os-keystore' && this.#opts.os) {
      if (readKeystoreRecord(this.#opts.dir) === undefined) writeKeystoreRecord(this.#opts.dir, { version: 1, mode: 'os-keystore' });
      return this.#opts.os.protector();
    }
    if (!this.#passphrase) throw new CouncilError('VAULT_LOCKED', bilingualMessage('PASSPHRASE_NEEDED', {}));
    return this.#passphrase;
  }
}
