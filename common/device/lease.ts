// The device lease (SECURITY.md "On the delegate's device"): a device that has not reached the server for the
// meeting's lease destroys its keys (crypto-shredding), so a laptop lost after the session stops opening the
// documents on its own. Confidential documents have a shorter lease. Pure: the caller supplies the clock and
// the last contact, and carries out what this decides.

/** Hours without contact after which keys are destroyed, from the signed manifest (meeting.json "lease"). */
export interface LeasePolicy {
  /** The whole meeting: every key and chunk. */
  readonly hours: number;
  /** Confidential documents' keys (≤ hours). */
  readonly confidentialHours: number;
}

/** Used when a pack does not set its own: 30 days, and 3 days for tài liệu mật. */
export const DEFAULT_LEASE: LeasePolicy = { hours: 30 * 24, confidentialHours: 3 * 24 };
/** The longest lease a meeting may set (a year), and the shortest (an hour). */
export const MAX_LEASE_HOURS = 366 * 24;
export const MIN_LEASE_HOURS = 1;
/** A warning is shown this long before a shredding (at most the last 20 % of a short lease). */
export const LEASE_WARNING_HOURS = 24;

const HOUR_MS = 3_600_000;

export type LeaseStatus =
  | { readonly kind: 'ok'; readonly confidentialExpiresAt: number; readonly expiresAt: number }
  /** Shredding is near: tell the delegate to connect once (the time is when it will happen). */
  | { readonly kind: 'warn'; readonly what: 'confidential' | 'meeting'; readonly at: number }
  /** Confidential keys must be destroyed now; the rest stays until `expiresAt`. */
  | { readonly kind: 'shred-confidential'; readonly expiresAt: number }
  /** Every key and chunk of the meeting must be destroyed now. */
  | { readonly kind: 'shred-meeting' };

function warnFrom(expiresAt: number, leaseHours: number): number {
  const warnHours = Math.min(LEASE_WARNING_HOURS, leaseHours * 0.2);
  return expiresAt - warnHours * HOUR_MS;
}

/**
 * The time the lease counts to: the latest the device has seen (`latestSeen`, kept per meeting and never
 * lowered, leaseClock) or now, whichever is later. A clock set backwards therefore neither shreds early (the
 * time does not go back) nor stops the lease: it goes on from the latest time seen once the clock passes it.
 */
export function leaseNow(now: number, latestSeen: number | undefined): number {
  return latestSeen !== undefined && Number.isFinite(latestSeen) ? Math.max(now, latestSeen) : now;
}

/**
 * What the lease asks for now. `lastContact` is the last time the server answered this device's token
 * (any authenticated answer); `hasConfidential` says whether the device still holds any confidential key;
 * `latestSeen` the latest device time seen for the meeting (leaseNow). A lastContact later than the time
 * counted (a clock set back after the contact) counts as contact at that time, never as an expiry.
 */
export function leaseStatus(policy: LeasePolicy, lastContact: number, now: number, hasConfidential: boolean, latestSeen?: number): LeaseStatus {
  const since = leaseNow(now, latestSeen);
  const expiresAt = lastContact + policy.hours * HOUR_MS;
  const confidentialExpiresAt = lastContact + Math.min(policy.confidentialHours, policy.hours) * HOUR_MS;
  if (since >= expiresAt) return { kind: 'shred-meeting' };
  if (hasConfidential && since >= confidentialExpiresAt) return { kind: 'shred-confidential', expiresAt };
  if (hasConfidential && since >= warnFrom(confidentialExpiresAt, policy.confidentialHours)) {
    return { kind: 'warn', what: 'confidential', at: confidentialExpiresAt };
  }
  if (since >= warnFrom(expiresAt, policy.hours)) return { kind: 'warn', what: 'meeting', at: expiresAt };
  return { kind: 'ok', confidentialExpiresAt, expiresAt };
}

/** The policy a manifest asks for, clamped to the allowed range; the default when it asks for none. */
export function leaseOf(requested: Partial<LeasePolicy> | undefined): LeasePolicy {
  const clamp = (h: number): number => Math.min(MAX_LEASE_HOURS, Math.max(MIN_LEASE_HOURS, Math.round(h)));
  const hours = clamp(requested?.hours ?? DEFAULT_LEASE.hours);
  const confidentialHours = Math.min(hours, clamp(requested?.confidentialHours ?? Math.min(DEFAULT_LEASE.confidentialHours, hours)));
  return { hours, confidentialHours };
}
