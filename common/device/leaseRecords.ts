// What the device core keeps about the lease beside a meeting (lease.ts decides, DeviceCore carries it out):
// the record of confidential documents the lease destroyed, so that opening one says LEASE_EXPIRED (not
// NOT_A_READER) and the next download puts them back; and the lease as the app shows it (LeaseInfo).
import type { LeaseInfo, LeaseShredding } from '../api/appTypes.ts';
import { leaseOf, type LeasePolicy, type LeaseStatus } from './lease.ts';
import type { OpenedRevision } from './openPack.ts';
import type { DeviceRecord, MeetingRecord } from './store.ts';

/** DeviceStore record kind and key of the shredding record (it goes with its meeting, as every record). */
export const LEASE_RECORD_KIND = 'lease';
export const SHREDDED_KEY = 'shredded';

/** Contact is written at most this often while answers stream in (a download answers every chunk). */
export const CONTACT_WRITE_INTERVAL_MS = 60_000;

export const iso = (ms: number): string => new Date(ms).toISOString();

export function shreddingRecord(meetingId: string, s: LeaseShredding): DeviceRecord {
  return { meetingId, kind: LEASE_RECORD_KIND, key: SHREDDED_KEY, value: JSON.stringify(s) };
}

export function shreddingOf(record: DeviceRecord | undefined): LeaseShredding | undefined {
  if (typeof record?.value !== 'string') return undefined;
  try {
    const v = JSON.parse(record.value) as Partial<LeaseShredding>;
    if (typeof v.at !== 'string' || typeof v.hours !== 'number' || !Array.isArray(v.documentIds)) return undefined;
    return { at: v.at, hours: v.hours, documentIds: v.documentIds.map(String) };
  } catch {
    return undefined;
  }
}

/** The lease a stored revision's signed manifest asks for (DEFAULT_LEASE when it predates the field). */
export const policyOf = (opened: OpenedRevision): LeasePolicy => leaseOf(opened.manifest.meeting.lease);

/** The last contact in ms; a damaged value counts as contact now, never as an expiry. */
export function lastContactOf(record: MeetingRecord, now: number): number {
  const t = Date.parse(record.lastContactAt);
  return Number.isFinite(t) ? t : now;
}

export function expiredInfo(record: MeetingRecord): LeaseInfo {
  return { state: 'expired', what: 'meeting', at: record.updatedAt, hours: record.expiredLeaseHours ?? 0, lastContactAt: record.lastContactAt };
}

/** LeaseInfo for a status that needs nothing done now ('ok' or 'warn'). */
export function leaseInfo(
  status: Extract<LeaseStatus, { kind: 'ok' | 'warn' }>,
  policy: LeasePolicy,
  hasConfidential: boolean,
  record: MeetingRecord,
  shredded: LeaseShredding | undefined,
): LeaseInfo {
  const what = status.kind === 'warn' ? status.what : hasConfidential ? 'confidential' : 'meeting';
  const at = status.kind === 'warn' ? status.at : what === 'confidential' ? status.confidentialExpiresAt : status.expiresAt;
  return {
    state: status.kind,
    what,
    at: iso(at),
    hours: what === 'confidential' ? policy.confidentialHours : policy.hours,
    lastContactAt: record.lastContactAt,
    ...(shredded ? { shredded } : {}),
  };
}
