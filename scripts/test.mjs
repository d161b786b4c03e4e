// `npm test`: every check, in order, stopping at the first that fails. Prints a closing summary line.
// Tests write only under ignored folders (tests/artifacts/, temp dirs): a last step fails if the run
// changed any tracked file (`npm run screenshots` is the one command that refreshes docs/screenshots).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

const steps = [
  ['lint', ['npm', 'run', '-s', 'lint']],
  ['typecheck', ['npm', 'run', '-s', 'typecheck']],
  ['unit', ['npx', 'vitest', 'run']],
  // The server's tests again on PostgreSQL (a throwaway cluster from Debian's postgresql package).
  ['unit-pg', ['npx', 'vitest', 'run', '--config', 'vitest.pg.config.ts']],
  ['e2e', ['npx', 'playwright', 'test']],
];

/** Tracked files that differ from HEAD or are untracked-but-not-ignored, each with a hash of its content. */
function worktreeState() {
  const r = spawnSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined; // not a git checkout (a tarball): nothing to compare
  const entries = r.stdout.split('\0').filter(Boolean);
  const files = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? '';
    files.push(entry.slice(3));
    if (entry[0] === 'R' || entry[0] === 'C') i++; // a rename or copy is followed by its old path
  }
  return new Map(files.map((f) => [f, existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : 'deleted']));
}

function changedBy(before, after) {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((f) => before.get(f) !== after.get(f)).sort();
}

const before = worktreeState();
let passed = 0;
for (const [name, [cmd, ...args]] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  if (r.status !== 0) {
    console.log(`\nstep ${name} failed`);
    console.log(`steps: ${passed} passed, 1 failed`);
    process.exit(r.status ?? 1);
  }
  passed++;
}
if (before) {
  console.log('\n=== worktree: no file outside the ignored folders changed');
  const changed = changedBy(before, worktreeState() ?? new Map());
  if (changed.length > 0) {
    console.log(`the test run changed files it must not touch:\n${changed.map((f) => `  ${f}`).join('\n')}`);
    console.log(`steps: ${passed} passed, 1 failed`);
    process.exit(1);
  }
  passed++;
}
console.log(`\nsteps: ${passed} passed, 0 failed`);
