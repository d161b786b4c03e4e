// Liveness and readiness for a reverse proxy, a load balancer or systemd (issue 11, docs/deploy/). /healthz
// answers as long as the process does, touching nothing; /readyz answers 200 only when this instance should get
// new clients: started, not draining, and every required dependency up (the store answering a trivial query).
// Both are public: no token is read, so they never count as authentication failures and are never rate
// limited, and they say nothing a stranger could use (no URL, no error text, no host name).
//
// Redis is an optional dependency: while it is away, /readyz stays 200 and names it under `degraded`. Every
// instance still serves its clients in full from PostgreSQL (commands lock and catch up there; rate limits fall
// back to each instance's own count); what stops is only the fan-out, so clients on other instances see a
// change when Redis is back (every instance then catches up from storage). Reporting 503 instead would make an
// active health checker take every instance out at once — a whole-province outage for a loss of speed.
// PostgreSQL down remains DEPENDENCY_DOWN (503): without the store nothing can be served.
import { json } from './responses.ts';
import type { CoreResponse, Route } from './types.ts';

/** Outside /api/: proxies and orchestrators expect these names, and no client of ours builds them. */
export const HEALTH_PATHS = { healthz: '/healthz', readyz: '/readyz' } as const;

/** A pull-style probe (the store's query) runs at most this often; /readyz in between answers the last result. */
export const PROBE_INTERVAL_MS = 500;

export type ReadinessState = 'starting' | 'ready' | 'draining';

/** Why /readyz answers 503. Stable: monitoring matches on them. */
export const NOT_READY_CODES = { starting: 'STARTING', draining: 'DRAINING', dependencyDown: 'DEPENDENCY_DOWN' } as const;
export type NotReadyCode = (typeof NOT_READY_CODES)[keyof typeof NOT_READY_CODES];

export type ReadinessReport =
  | {
      readonly ok: true;
      readonly state: 'ready';
      readonly dependencies: Readonly<Record<string, boolean>>;
      /** Optional dependencies that are down (only when there is one): serving, with less (see the head of this file). */
      readonly degraded?: readonly string[];
    }
  | { readonly ok: false; readonly state: ReadinessState; readonly code: NotReadyCode; readonly dependencies: Readonly<Record<string, boolean>> };

interface Probe {
  readonly check: () => unknown;
  ok: boolean;
  checkedAt: number;
}

/** Required: down means 503 DEPENDENCY_DOWN. Optional: down means 200 with the name under `degraded`. */
export type DependencyKind = 'required' | 'optional';

/**
 * What /readyz reports. Dependencies come in two kinds: pushed (`setDependency`, e.g. the Redis client's
 * connect/end events) and probed (`probe`, e.g. `SELECT 1` on the store, run when /readyz is asked); each is
 * required or optional (`expect`).
 */
export class Readiness {
  private current: ReadinessState = 'starting';
  /** undefined: declared with expect(), not reported yet. */
  private readonly pushed = new Map<string, boolean | undefined>();
  private readonly probes = new Map<string, Probe>();
  private readonly optional = new Set<string>();

  constructor(
    private readonly log: (line: string) => void = () => {},
    private readonly clock: () => number = Date.now,
  ) {}

  get state(): ReadinessState {
    return this.current;
  }

  get draining(): boolean {
    return this.current === 'draining';
  }

  /** The server listens and every route is mounted. */
  markReady(): void {
    if (this.current === 'starting') this.current = 'ready';
  }

  /** Shutdown began: the proxy must stop sending new clients here. Never undone. */
  drain(): void {
    if (this.current === 'draining') return;
    this.current = 'draining';
    this.log('readiness: draining');
  }

  /** A dependency whose state is not known yet: /readyz says STARTING until its first setDependency (up or down). */
  expect(name: string, kind: DependencyKind = 'required'): void {
    if (!this.pushed.has(name)) this.pushed.set(name, undefined);
    if (kind === 'optional') this.optional.add(name);
    else this.optional.delete(name);
  }

  setDependency(name: string, ok: boolean): void {
    const before = this.pushed.get(name);
    this.pushed.set(name, ok);
    if (before !== ok) this.log(`readiness: ${name} ${ok ? 'up' : 'down'}`);
  }

  /** A dependency checked on demand; `check` throwing (or returning false) means down. */
  probe(name: string, check: () => unknown): void {
    this.probes.set(name, { check, ok: true, checkedAt: Number.NEGATIVE_INFINITY });
  }

  report(): ReadinessReport {
    const dependencies: Record<string, boolean> = {};
    for (const [name, p] of this.probes) dependencies[name] = this.runProbe(name, p);
    let pending = false;
    for (const [name, ok] of this.pushed) {
      if (ok === undefined) pending = true;
      dependencies[name] = ok === true;
    }
    if (this.current === 'draining') return { ok: false, state: 'draining', code: NOT_READY_CODES.draining, dependencies };
    if (this.current === 'starting' || pending) return { ok: false, state: 'starting', code: NOT_READY_CODES.starting, dependencies };
    const down = Object.keys(dependencies).filter((name) => !dependencies[name]);
    if (down.some((name) => !this.optional.has(name))) return { ok: false, state: 'ready', code: NOT_READY_CODES.dependencyDown, dependencies };
    return down.length > 0 ? { ok: true, state: 'ready', dependencies, degraded: down } : { ok: true, state: 'ready', dependencies };
  }

  private runProbe(name: string, p: Probe): boolean {
    const now = this.clock();
    if (now - p.checkedAt < PROBE_INTERVAL_MS) return p.ok;
    let ok: boolean;
    try {
      ok = p.check() !== false;
    } catch {
      // The error text may name a host or a role: only the fact is reported, and logged once per change.
      ok = false;
    }
    p.checkedAt = now;
    if (ok !== p.ok) this.log(`readiness: ${name} ${ok ? 'up' : 'down'}`);
    p.ok = ok;
    return ok;
  }
}

function readyz(readiness: Readiness): CoreResponse {
  const report = readiness.report();
  // Retry-After: a proxy or a script polling a starting or draining instance need not hammer it.
  return report.ok ? json(200, report) : json(503, report, { 'retry-after': '1' });
}

export function healthRoutes(version: string, readiness: Readiness): Route[] {
  return [
    { method: 'GET', pattern: HEALTH_PATHS.healthz, access: 'public', maxBody: 0, handler: () => json(200, { ok: true, version }) },
    { method: 'GET', pattern: HEALTH_PATHS.readyz, access: 'public', maxBody: 0, handler: () => readyz(readiness) },
  ];
}
