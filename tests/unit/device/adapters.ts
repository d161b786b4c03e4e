// The two homes of the device core's storage, built the same way for the shared suite: SQLite (a real vault
// file in a temp folder, the file key protector) and IndexedDB (fake-indexeddb, the browser's sealer).
import 'fake-indexeddb/auto';
import { rmSync } from 'node:fs';
import { DeviceCore } from '../../../common/device/DeviceCore.ts';
import type { FetchLike } from '../../../common/device/serverClient.ts';
import type { DeviceStore, SecretSealer } from '../../../common/device/store.ts';
import { FileKeyProtector } from '../../../main/services/keys/FileKeyProtector.ts';
import { nodeHasherFactory } from '../../../main/services/nodeHasher.ts';
import { openSqliteDeviceStore } from '../../../main/services/vault/sqliteDeviceStore.ts';
import { browserSealer } from '../../../renderer/platform/web/WebPlatform.ts';
import { WebStore } from '../../../renderer/platform/web/webStore.ts';
import { tempDir } from '../join/helpers/env.ts';

export interface Home {
  readonly store: DeviceStore;
  readonly sealer: SecretSealer;
  /** A core over this store; `now` is the clock the lease reads. */
  core(fetchImpl?: FetchLike, now?: () => number): DeviceCore;
  /** Closes and reopens the store (a restart of the app). */
  reopen(): Promise<Home>;
  close(): Promise<void>;
}

export interface Adapter {
  readonly name: string;
  open(): Promise<Home>;
}

function home(store: DeviceStore, sealer: SecretSealer, close: () => void, reopen: () => Promise<Home>, node: boolean): Home {
  return {
    store,
    sealer,
    core: (fetchImpl, now) => new DeviceCore({ store, sealer, ...(fetchImpl ? { fetch: fetchImpl } : {}), ...(node ? { hasherFactory: nodeHasherFactory } : {}), ...(now ? { now } : {}) }),
    async reopen() {
      close();
      return reopen();
    },
    async close() {
      close();
    },
  };
}

export const sqlite: Adapter = {
  name: 'sqlite',
  async open() {
    const dir = tempDir('council-device-');
    const make = async (): Promise<Home> => {
      const store = openSqliteDeviceStore(dir);
      const h = home(store, FileKeyProtector.open(dir), () => store.close(), make, true);
      return { ...h, close: async () => (store.close(), rmSync(dir, { recursive: true, force: true })) };
    };
    return make();
  },
};

let n = 0;
export const indexeddb: Adapter = {
  name: 'indexeddb',
  async open() {
    const name = `council-device-${process.pid}-${++n}`;
    const make = async (): Promise<Home> => {
      const store = await WebStore.open(indexedDB, name);
      const h = home(store, browserSealer, () => store.close(), make, false);
      return { ...h, close: async () => (store.close(), void indexedDB.deleteDatabase(name)) };
    };
    return make();
  },
};

export const ADAPTERS: readonly Adapter[] = [sqlite, indexeddb];
