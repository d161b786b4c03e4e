// `npm run screenshots`: refreshes the README pictures in docs/screenshots on purpose. The test suite writes
// its screenshots only under tests/artifacts/ (ignored), so `npm test` never rewrites a tracked file; this
// script runs the two specs that take the README's pictures, then copies them into docs/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCREENS = path.join(ROOT, 'tests', 'artifacts', 'screens');
const DOCS = path.join(ROOT, 'docs', 'screenshots');
/** Every picture README.md shows, and the spec that takes it. */
const PICTURES = [
  ['meeting-home.png', 'tests/e2e/web/app.spec.ts'],
  ['viewer.png', 'tests/e2e/web/app.spec.ts'],
  ['live-chair-console.png', 'tests/e2e/web/live.spec.ts'],
  ['live-hall-screen.png', 'tests/e2e/web/live.spec.ts'],
];

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('npm', ['run', '-s', 'build:renderer']);
run('npx', ['playwright', 'test', '--project', 'web', ...new Set(PICTURES.map(([, spec]) => spec))]);
mkdirSync(DOCS, { recursive: true });
for (const [name] of PICTURES) {
  copyFileSync(path.join(SCREENS, name), path.join(DOCS, name));
  console.log(`docs/screenshots/${name}`);
}
