// The device core (common/device) as Node runs it: over the vault's SQLite file, with a KeyProtector as the
// secret sealer and node:crypto's SHA-256 for document verification.
import { DeviceCore } from '../../../common/device/DeviceCore.ts';
import type { FetchLike } from '../../../common/device/serverClient.ts';
import type { SecretSealer } from '../../../common/device/store.ts';
import { nodeHasherFactory } from '../nodeHasher.ts';
import type { SqliteDeviceStore } from './sqliteDeviceStore.ts';

/** `now` is the clock the device lease reads (tests inject one). */
export function nodeDeviceCore(store: SqliteDeviceStore, sealer: SecretSealer, fetchImpl?: FetchLike, now?: () => number): DeviceCore {
  return new DeviceCore({ store, sealer, hasherFactory: nodeHasherFactory, ...(fetchImpl ? { fetch: fetchImpl } : {}), ...(now ? { now } : {}) });
}
