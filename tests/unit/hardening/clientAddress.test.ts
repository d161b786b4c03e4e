// Which address a request's failures count against: the peer, or behind a trusted proxy the client it names.
import { describe, expect, it } from 'vitest';
import { AuthFailureGuard, FailureLimiter } from '../../../collab-server/core/auth.ts';
import { clientAddress, normalizeAddress, trustedProxySet } from '../../../collab-server/http/clientAddress.ts';

describe('clientAddress', () => {
  const proxy = trustedProxySet(['10.0.0.1', '::1']);

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('192.168.1.7', '1.2.3.4', proxy)).toBe('192.168.1.7');
    expect(clientAddress('::ffff:192.168.1.7', undefined, proxy)).toBe('192.168.1.7');
  });

  it('takes the last hop that is not a trusted proxy', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.9', proxy)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', 'forged, 203.0.113.9', proxy)).toBe('203.0.113.9');
    expect(clientAddress('::1', '198.51.100.2, ::1', proxy)).toBe('198.51.100.2');
    expect(clientAddress('10.0.0.1', ['198.51.100.2', '10.0.0.1'], proxy)).toBe('198.51.100.2');
  });

  it('falls back to the peer when the header is garbage or names only proxies', () => {
    expect(clientAddress('10.0.0.1', 'not-an-ip', proxy)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '', proxy)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '10.0.0.1', proxy)).toBe('10.0.0.1');
  });

  it('normalises addresses and refuses a proxy that is not an IP address', () => {
    expect(normalizeAddress('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeAddress(undefined)).toBe('unknown');
    expect(() => trustedProxySet(['proxy.local'])).toThrow(/IP address/);
  });
});

describe('AuthFailureGuard', () => {
  it('answers 401 until a budget is spent, then 429, per address, credential and pair', async () => {
    const guard = new AuthFailureGuard(new FailureLimiter(2, 60_000, () => 0));
    const code = async (address: string, token: string): Promise<string> => (await guard.fail(address, token, 'no')).code;
    expect(await code('a', 't1')).toBe('UNAUTHORIZED');
    expect(await code('a', 't2')).toBe('UNAUTHORIZED');
    // Address a has spent its two failures; address b has not, even with a new token.
    expect(await code('a', 't3')).toBe('RATE_LIMITED');
    expect(await code('b', 't4')).toBe('UNAUTHORIZED');
    // The same wrong credential from many addresses is limited by the credential itself.
    expect(await code('c', 't1')).toBe('UNAUTHORIZED');
    expect(await code('d', 't1')).toBe('RATE_LIMITED');
  });
});
