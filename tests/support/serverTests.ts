// The unit tests that run a collab-server or use its store, found by what they import (directly or through a
// harness): the suite vitest.pg.config.ts runs again on PostgreSQL. New tests are picked up by themselves.
import fs from 'node:fs';
import path from 'node:path';

const STARTS_A_SERVER = /startCollabServer|openServerStore|createLiveSession|serverChild/;

function startsServer(file: string, memo: Map<string, boolean>, seen: Set<string>): boolean {
  const known = memo.get(file);
  if (known !== undefined) return known;
  if (seen.has(file)) return false;
  seen.add(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  let found = STARTS_A_SERVER.test(text);
  for (const m of found ? [] : text.matchAll(/from '(\.[^']+)'/g)) {
    const target = path.resolve(path.dirname(file), m[1] ?? '');
    if (target.includes(`${path.sep}tests${path.sep}`) && startsServer(target, memo, seen)) {
      found = true;
      break;
    }
  }
  memo.set(file, found);
  return found;
}

/** Paths (relative to root) of the test files under tests/unit that start a server. */
export function serverTestFiles(root: string): string[] {
  const memo = new Map<string, boolean>();
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.test\.tsx?$/.test(e.name) && startsServer(p, memo, new Set())) out.push(path.relative(root, p));
    }
  };
  walk(path.join(root, 'tests', 'unit'));
  return out.sort();
}
