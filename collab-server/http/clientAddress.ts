// The address a request comes from: the socket's peer, or, only when that peer is a configured trusted
// proxy, the last X-Forwarded-For hop that is not itself a trusted proxy. Anyone else's X-Forwarded-For
// is ignored, so a client cannot pick the address its failures are counted against.
import net from 'node:net';

/** `::ffff:10.0.0.5` and `10.0.0.5` are one client. */
export function normalizeAddress(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped?.[1] ?? address).toLowerCase();
}

export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: ReadonlySet<string>): string {
  const direct = normalizeAddress(peer);
  if (!trusted.has(direct) || forwardedFor === undefined) return direct;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((h) => normalizeAddress(h.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? '';
    if (!net.isIP(hop)) return direct;
    if (!trusted.has(hop)) return hop;
  }
  return direct;
}

/** Normalises the configured proxies; refuses anything that is not an IP address. */
export function trustedProxySet(addresses: readonly string[] | undefined): ReadonlySet<string> {
  const out = new Set<string>();
  for (const a of addresses ?? []) {
    if (!net.isIP(a.trim())) throw new Error(`trusted proxy must be an IP address, got "${a}"`);
    out.add(normalizeAddress(a.trim()));
  }
  return out;
}
