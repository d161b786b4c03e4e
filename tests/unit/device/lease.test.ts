import { describe, expect, it } from 'vitest';
import { DEFAULT_LEASE, leaseOf, leaseStatus, MAX_LEASE_HOURS } from '../../../common/device/lease.ts';

const H = 3_600_000;
const t0 = Date.UTC(2026, 11, 5, 0, 30);
const policy = { hours: 72, confidentialHours: 12 };

describe('device lease', () => {
  it('is ok right after contact', () => {
    expect(leaseStatus(policy, t0, t0 + H, true)).toEqual({ kind: 'ok', confidentialExpiresAt: t0 + 12 * H, expiresAt: t0 + 72 * H });
  });

  it('warns before confidential keys go (20 % of a short lease), then shreds them, then the meeting', () => {
    expect(leaseStatus(policy, t0, t0 + 9 * H, true).kind).toBe('ok');
    expect(leaseStatus(policy, t0, t0 + 10 * H, true)).toEqual({ kind: 'warn', what: 'confidential', at: t0 + 12 * H });
    expect(leaseStatus(policy, t0, t0 + 12 * H, true)).toEqual({ kind: 'shred-confidential', expiresAt: t0 + 72 * H });
    expect(leaseStatus(policy, t0, t0 + 12 * H, false).kind).toBe('ok');
    expect(leaseStatus(policy, t0, t0 + 60 * H, false)).toEqual({ kind: 'warn', what: 'meeting', at: t0 + 72 * H });
    expect(leaseStatus(policy, t0, t0 + 57 * H, false).kind).toBe('ok');
    expect(leaseStatus(policy, t0, t0 + 72 * H, false)).toEqual({ kind: 'shred-meeting' });
    expect(leaseStatus(policy, t0, t0 + 100 * H, true)).toEqual({ kind: 'shred-meeting' });
  });

  it('never expires because the clock went backwards', () => {
    expect(leaseStatus(policy, t0, t0 - 1000 * H, true).kind).toBe('ok');
  });

  it('counts from the latest time seen: a clock set back neither shreds early nor stops the lease', () => {
    // Seen at t0 + 11 h (a warning), then the clock goes back 1000 hours: still the warning, not 'ok' again...
    expect(leaseStatus(policy, t0, t0 - 1000 * H, true, t0 + 11 * H)).toEqual({ kind: 'warn', what: 'confidential', at: t0 + 12 * H });
    // ...and not a shredding either: the time counted never goes back.
    expect(leaseStatus(policy, t0, t0 + 5 * H, true, t0 + 11 * H).kind).toBe('warn');
    // Once the clock passes the latest time seen, the lease goes on from there and runs out on time.
    expect(leaseStatus(policy, t0, t0 + 12 * H, true, t0 + 11 * H)).toEqual({ kind: 'shred-confidential', expiresAt: t0 + 72 * H });
    expect(leaseStatus(policy, t0, t0 - 5 * H, false, t0 + 72 * H)).toEqual({ kind: 'shred-meeting' });
    // A latest time seen before now changes nothing; a damaged one is ignored.
    expect(leaseStatus(policy, t0, t0 + H, true, t0 - 50 * H)).toEqual(leaseStatus(policy, t0, t0 + H, true));
    expect(leaseStatus(policy, t0, t0 + H, true, Number.NaN)).toEqual(leaseStatus(policy, t0, t0 + H, true));
  });

  it('defaults and clamps what a manifest asks for', () => {
    expect(leaseOf(undefined)).toEqual(DEFAULT_LEASE);
    expect(leaseOf({ hours: 10 ** 9, confidentialHours: 0 })).toEqual({ hours: MAX_LEASE_HOURS, confidentialHours: 1 });
    expect(leaseOf({ hours: 5 })).toEqual({ hours: 5, confidentialHours: 5 });
    expect(leaseOf({ hours: 48, confidentialHours: 100 })).toEqual({ hours: 48, confidentialHours: 48 });
  });
});
