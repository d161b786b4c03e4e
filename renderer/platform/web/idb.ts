// A very small promise layer over IndexedDB: requests and transactions as promises, nothing more.

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

/** Runs inside the versionchange transaction `tx`, which stays open while its requests are pending. */
export type Upgrade = (db: IDBDatabase, oldVersion: number, tx: IDBTransaction) => void;

export function openDatabase(factory: IDBFactory, name: string, version: number, upgrade: Upgrade): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name, version);
    req.onupgradeneeded = (e) => upgrade(req.result, e.oldVersion, req.transaction as IDBTransaction);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('cannot open IndexedDB'));
    req.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab'));
  });
}

/** Runs `body` in one transaction over `stores` and resolves with its value once the transaction commits. */
export async function inTransaction<T>(
  db: IDBDatabase,
  stores: string | readonly string[],
  mode: IDBTransactionMode,
  body: (tx: IDBTransaction) => Promise<T>,
): Promise<T> {
  const tx = db.transaction(stores as string | string[], mode);
  const committed = done(tx);
  try {
    const value = await body(tx);
    await committed;
    return value;
  } catch (e) {
    committed.catch(() => undefined);
    if (!tx.error) tryAbort(tx);
    throw e;
  }
}

function tryAbort(tx: IDBTransaction): void {
  try {
    tx.abort();
  } catch {
    // already finished: nothing to undo
  }
}
