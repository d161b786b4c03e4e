// `npm test`: every check, in order, stopping at the first that fails. Prints a closing summary line.
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint', ['npm', 'run', '-s', 'lint']],
  ['typecheck', ['npm', 'run', '-s', 'typecheck']],
  ['unit', ['npx', 'vitest', 'run']],
  ['e2e', ['npx', 'playwright', 'test']],
];
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
console.log(`\nsteps: ${passed} passed, 0 failed`);
