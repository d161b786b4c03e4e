// Runs after `npm ci`/`npm install`: builds the renderer bundle that `council serve` hands to browsers.
// The CLI itself runs the TypeScript directly (bin/council.mjs), so there is no other build step.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('renderer/vite.config.ts')) process.exit(0);
const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
