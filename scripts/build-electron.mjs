// Bundles the Electron main process and the preload into dist-electron/ as CommonJS (esbuild). The preload
// runs sandboxed, so it must be one file whose only require is 'electron'. better-sqlite3 stays external:
// its Electron build is loaded with `nativeBinding` (scripts/build-native-electron.mjs). No Electron binary
// is needed to build.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = 'dist-electron';
rmSync(outdir, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'info',
  legalComments: 'none',
};

await build({
  ...common,
  entryPoints: { main: 'main/electron/main.ts' },
  outExtension: { '.js': '.cjs' },
  outdir,
  external: ['electron', 'better-sqlite3'],
  // ESM sources may read import.meta.url; give the CJS bundle a real one.
  define: { 'import.meta.url': '__councilImportMetaUrl' },
  banner: { js: "const __councilImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await build({
  ...common,
  platform: 'browser',
  target: 'chrome130',
  entryPoints: { preload: 'main/preload/preload.ts' },
  outExtension: { '.js': '.cjs' },
  outdir,
  external: ['electron'],
});
