// STYLE.md rule 10: exactly one Yjs in the tree (two copies break instanceof checks and sync silently).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function findPackages(dir: string, name: string, found: string[] = []): string[] {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const full = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      findPackages(full, name, found);
      continue;
    }
    if (entry.name === name && existsSync(join(full, 'package.json'))) found.push(full);
    findPackages(join(full, 'node_modules'), name, found);
  }
  return found;
}

describe('dependencies', () => {
  it('installs exactly one copy of yjs, version 13', () => {
    const copies = findPackages('node_modules', 'yjs');
    expect(copies).toEqual([join('node_modules', 'yjs')]);
    const version = JSON.parse(readFileSync(join('node_modules', 'yjs', 'package.json'), 'utf8')).version as string;
    expect(version.startsWith('13.')).toBe(true);
  });
});
