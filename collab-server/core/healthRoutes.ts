// Liveness and readiness for a reverse proxy, a load balancer or systemd (issue 11, docs/deploy/). /healthz
// answers as long as the process does, touching nothing; /readyz answers 200 only when this instance should get
// new clients: started, not draining, the store answering a trivial query and every other dependency (Redis,
// when configured) connected. Both are public: no token is read, so they never count as authentication failures
// and are never rate limited, and they say nothing a stranger could use (no URL, no error text, no host name).
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
  | { readonly ok: true; readonly state: 'ready'; readonly dependencies: Readonly<Record<string, boolean>> }
  | { readonly ok: false; readonly state: ReadinessState; readonly code: NotReadyCode; readonly dependencies: Readonly<Record<string, boolean>> };

interface Probe {
  readonly check: () => unknown;
  ok: boolean;
  checkedAt: number;
}

/**
 * What /readyz reports. Dependencies come in two kinds: pushed (`setDependency`, e.g. the Redis client's
 * connect/end events) and probed (`probe`, e.g. `SELECT 1` on the store, run when /readyz is asked).
 */
export class Readiness {
  private current: ReadinessState = 'starting';
  /** undefined: declared with expect(), not reported yet. */
  private readonly pushed = new Map<string, boolean | undefined>();
  private readonly probes = new Map<string, Probe>();

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

  /** A dependency whose state is not known yet: /readyz says STARTING until its first setDependency. */
  expect(name: string): void {
    if (!this.pushed.has(name)) this.pushed.set(name, undefined);
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
    if (Object.values(dependencies).some((ok) => !ok)) return { ok: false, state: 'ready', code: NOT_READY_CODES.dependencyDown, dependencies };
    return { ok: true, state: 'ready', dependencies };
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
