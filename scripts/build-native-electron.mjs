// Builds better-sqlite3 for Electron's ABI in a COPY (build/native/better-sqlite3), never in node_modules,
// which stays built for plain Node (tests, CLI, collab-server; STYLE.md rule 8). electron-builder ships the
// result as <resources>/native/better_sqlite3.node (extraResources) and the app opens the vault with
// better-sqlite3's `nativeBinding` option pointing at it.
// Needs the Electron headers from https://electronjs.org/headers: run it on a build machine with that access
// (not on the development machines of MACHINE.md). Usage: node scripts/build-native-electron.mjs [--arch x64]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const archIndex = process.argv.indexOf('--arch');
const arch = archIndex > 0 ? process.argv[archIndex + 1] : process.arch;
const source = path.dirname(require.resolve('better-sqlite3/package.json'));
const target = path.resolve('build/native/better-sqlite3');

rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const args = [nodeGyp, 'rebuild', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron', '--build-from-source'];
console.log(`better-sqlite3 for Electron ${electronVersion} (${arch}) in ${target}`);
const r = spawnSync(process.execPath, args, { cwd: target, stdio: 'inherit', env: { ...process.env, npm_config_runtime: 'electron' } });
if (r.status !== 0) process.exit(r.status ?? 1);
const out = path.join(target, 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(out)) throw new Error(`no ${out} after the build`);
console.log(`ok: ${out}`);
