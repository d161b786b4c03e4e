// Builds the harness with vite's API (used by the e2e test and the benchmark; `npx tsx bench/viewer/build.ts` too).
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export async function buildViewerHarness(): Promise<void> {
  await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await buildViewerHarness();
