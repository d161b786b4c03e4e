// `npm run screenshots`: refreshes the README pictures in docs/screenshots on purpose. The test suite writes
// its screenshots only under tests/artifacts/ (ignored), so `npm test` never rewrites a tracked file; this
// script runs the specs that take the README's pictures, then copies them into docs/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
const DOCS = path.join(ROOT, 'docs', 'screenshots');
const DIST = path.join(ROOT, 'renderer', 'dist');
/** Every picture README.md shows: its name in docs/, the spec that takes it, and where that spec writes it. */
const PICTURES = [
  { doc: 'meeting-home.png', spec: 'tests/e2e/web/app.spec.ts', from: 'screens/meeting-home.png' },
  { doc: 'viewer.png', spec: 'tests/e2e/web/app.spec.ts', from: 'screens/viewer.png' },
  { doc: 'live-chair-console.png', spec: 'tests/e2e/web/live.spec.ts', from: 'screens/live-chair-console.png' },
  { doc: 'live-hall-screen.png', spec: 'tests/e2e/web/live.spec.ts', from: 'screens/live-hall-screen.png' },
  { doc: 'meeting-phone.png', spec: 'tests/e2e/web/newcomer.spec.ts', from: 'newcomer/meeting-phone-compact.png' },
  { doc: 'viewer-phone-zoomed.png', spec: 'tests/e2e/web/newcomer.spec.ts', from: 'newcomer/phone-viewer-200-panned.png' },
  { doc: 'error-mistyped-link.png', spec: 'tests/e2e/web/newcomer.spec.ts', from: 'newcomer/error-mistyped-link-top.png' },
  { doc: 'live-offline-last-known.png', spec: 'tests/e2e/web/offline-live.spec.ts', from: 'screens/offline-live-3-reloaded.png' },
  { doc: 'annotations-panel.png', spec: 'tests/e2e/web/annotations.spec.ts', from: 'annotations/annotations-panel.png' },
  { doc: 'annotations-phone.png', spec: 'tests/e2e/web/annotations.spec.ts', from: 'annotations/annotations-phone.png' },
  { doc: 'annotations-orphans.png', spec: 'tests/e2e/web/annotations.spec.ts', from: 'annotations/annotations-orphans.png' },
  { doc: 'annotations-tools-desktop-marks.png', spec: 'tests/e2e/web/annotation-tools.spec.ts', from: 'annotation-tools/desktop-marks.png' },
  { doc: 'console-session.png', spec: 'tests/e2e/web/console.spec.ts', from: 'console/console-session.png' },
  { doc: 'console-agenda.png', spec: 'tests/e2e/web/console.spec.ts', from: 'console/console-agenda.png' },
  { doc: 'console-documents.png', spec: 'tests/e2e/web/console.spec.ts', from: 'console/console-documents.png' },
  { doc: 'console-delegates-import.png', spec: 'tests/e2e/web/console.spec.ts', from: 'console/console-delegates-import.png' },
  { doc: 'console-publish-progress.png', spec: 'tests/e2e/web/console.spec.ts', from: 'console/console-publish-progress.png' },
  { doc: 'console-publish.png', spec: 'tests/e2e/web/console.spec.ts', from: 'console/console-publish.png' },
  { doc: 'console-invitations.png', spec: 'tests/e2e/web/console.spec.ts', from: 'console/console-invitations.png' },
  { doc: 'console-follow.png', spec: 'tests/e2e/web/console.spec.ts', from: 'console/console-follow.png' },
  { doc: 'console-minutes.png', spec: 'tests/e2e/web/console.spec.ts', from: 'console/console-minutes.png' },
];

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

/** Builds aside (an ignored folder), then swaps it in: a server running meanwhile never sees half a build. */
function buildRenderer() {
  const next = path.join(ARTIFACTS, 'renderer-dist.next');
  const old = path.join(ARTIFACTS, 'renderer-dist.old');
  rmSync(next, { recursive: true, force: true });
  run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--outDir', next, '--emptyOutDir', '--logLevel', 'warn']);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(next, DIST);
  rmSync(old, { recursive: true, force: true });
}

buildRenderer();
run('npx', ['playwright', 'test', '--project=web', ...new Set(PICTURES.map((p) => p.spec))]);
mkdirSync(DOCS, { recursive: true });
for (const { doc, from } of PICTURES) {
  copyFileSync(path.join(ARTIFACTS, from), path.join(DOCS, doc));
  console.log(`docs/screenshots/${doc}  (from tests/artifacts/${from})`);
}
