// Every route path is written once (common/api/routes.ts): the server mounts the patterns, clients build paths.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API } from '../../../common/api/http.ts';
import { pathTo, ROUTES } from '../../../common/api/routes.ts';
import { LIVE_API } from '../../../common/live/wire.ts';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('one route table', () => {
  it('builds paths from the patterns and encodes every parameter', () => {
    expect(pathTo(ROUTES.revoke, { meetingId: 'm1', delegateId: 'd 2/x' })).toBe('/api/meetings/m1/members/d%202%2Fx/revoke');
    expect(API.manifest('m1')).toBe('/api/meetings/m1/manifest');
    expect(API.chunk('ab')).toBe('/api/chunks/ab');
    expect(LIVE_API.commands('m1')).toBe('/api/meetings/m1/commands');
    expect(() => pathTo(ROUTES.chunk, {} as { hash: string })).toThrow(/missing hash/);
  });

  it('the server mounts only patterns from the table (no route literal in collab-server)', () => {
    const root = path.resolve(import.meta.dirname, '../../../collab-server');
    const literals = sources(root).flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/pattern:\s*['"`]([^'"`]+)['"`]/g)].map((m) => `${path.relative(root, f)}: ${m[1]}`),
    );
    expect(literals).toEqual([]);
    const mounted = sources(root).flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/pattern:\s*ROUTES\.(\w+)/g)].map((m) => m[1]));
    expect(new Set(mounted)).toEqual(new Set(Object.keys(ROUTES).filter(() => true)));
  });
});
