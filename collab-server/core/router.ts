// Matches a method and path against Express-like patterns (/api/meetings/:meetingId/revisions). Parameters
// match one whole segment and are URI-decoded; the handlers still validate them against their patterns.
import type { CoreRequest, CoreResponse, Route, RouteParams } from './types.ts';
import { errorResponse, responseForError } from './responses.ts';

/** Body cap for routes that do not declare one (live-session commands and the like are small). */
export const DEFAULT_MAX_BODY = 64 * 1024;

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
}

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: Route; readonly params: RouteParams; readonly maxBody: number }
  | { readonly kind: 'method'; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

function split(path: string): string[] {
  return path.split('/').slice(1);
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): RouteParams | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] ?? '';
    const a = actual[i] ?? '';
    if (p.startsWith(':')) {
      const value = safeDecode(a);
      if (value === undefined || value === '') return undefined;
      params[p.slice(1)] = value;
    } else if (p !== a) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export class Router {
  private readonly compiled: CompiledRoute[] = [];

  constructor(routes: readonly Route[] = []) {
    this.add(routes);
  }

  add(routes: readonly Route[]): void {
    for (const route of routes) this.compiled.push({ route, segments: split(route.pattern) });
  }

  /** HEAD falls back to the GET route of the same path; the adapter then sends no body. */
  match(method: string, path: string): RouteMatch {
    const actual = split(path);
    const allow: string[] = [];
    for (const method2 of method === 'HEAD' ? ['HEAD', 'GET'] : [method]) {
      for (const c of this.compiled) {
        const params = matchSegments(c.segments, actual);
        if (!params) continue;
        if (c.route.method === method2) return { kind: 'route', route: c.route, params, maxBody: c.route.maxBody ?? DEFAULT_MAX_BODY };
        allow.push(c.route.method);
      }
    }
    return allow.length > 0 ? { kind: 'method', allow: [...new Set(allow)] } : { kind: 'none' };
  }

  /** Runs the handler of a matched route, converting every failure into a client-safe error answer. */
  async dispatch(req: CoreRequest, log: (line: string) => void): Promise<CoreResponse> {
    const m = this.match(req.method, req.path);
    if (m.kind === 'none') return errorResponse('NOT_FOUND', 'no such API endpoint');
    if (m.kind === 'method') {
      return { ...errorResponse('BAD_REQUEST', `method ${req.method} not allowed here`, undefined, { allow: m.allow.join(', ') }), status: 405 };
    }
    try {
      return await m.route.handler(req, m.params);
    } catch (e) {
      return responseForError(e, log, `${req.method} ${m.route.pattern}`);
    }
  }
}
