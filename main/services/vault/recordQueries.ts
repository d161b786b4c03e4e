// The generic per-meeting keyed records (vault step 30): annotations, a search index… (common/device/store.ts).
import type { DeviceRecord, RecordValue } from '../../../common/device/store.ts';
import { RECORD_KIND_PATTERN } from '../../../common/device/store.ts';
import { CouncilError } from '../../../common/result.ts';
import { all, get, run, sql } from './sql.ts';
import type { VaultDb } from './vaultDb.ts';

export interface RecordRow {
  readonly meeting_id: string;
  readonly kind: string;
  readonly key: string;
  readonly value: string | Uint8Array;
}

// better-sqlite3 reads a BLOB as a Buffer: hand out a plain Uint8Array, as IndexedDB does.
const valueOf = (v: string | Uint8Array): RecordValue => (typeof v === 'string' ? v : new Uint8Array(v.buffer, v.byteOffset, v.byteLength));

export function rowToRecord(r: RecordRow): DeviceRecord {
  return { meetingId: r.meeting_id, kind: r.kind, key: r.key, value: valueOf(r.value) };
}

export function assertRecordKind(kind: string): void {
  if (!RECORD_KIND_PATTERN.test(kind)) throw new CouncilError('BAD_REQUEST', `not a record kind: ${kind}`);
}

export function putRecord(db: VaultDb, r: DeviceRecord): void {
  assertRecordKind(r.kind);
  run(
    db,
    sql`INSERT INTO records (meeting_id, kind, key, value, updated_at) VALUES (${r.meetingId}, ${r.kind}, ${r.key}, ${r.value}, ${new Date().toISOString()})
        ON CONFLICT (meeting_id, kind, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
}

export function getRecord(db: VaultDb, meetingId: string, kind: string, key: string): DeviceRecord | undefined {
  const row = get<RecordRow>(db, sql`SELECT meeting_id, kind, key, value FROM records WHERE meeting_id = ${meetingId} AND kind = ${kind} AND key = ${key}`);
  return row && rowToRecord(row);
}

export function listRecords(db: VaultDb, meetingId: string, kind: string): DeviceRecord[] {
  return all<RecordRow>(db, sql`SELECT meeting_id, kind, key, value FROM records WHERE meeting_id = ${meetingId} AND kind = ${kind} ORDER BY key`).map(rowToRecord);
}

export function deleteRecord(db: VaultDb, meetingId: string, kind: string, key: string): void {
  run(db, sql`DELETE FROM records WHERE meeting_id = ${meetingId} AND kind = ${kind} AND key = ${key}`);
}
