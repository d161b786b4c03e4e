// One convention for where the `council` commands keep their data, so a clerk never has to guess:
//
//   <root>/server   the collab-server (council serve, council audit)      council-server.sqlite, chunks/, tls/
//   <root>/device   this computer's vault (council join, docs, export)    vault.sqlite, vault.key
//   <root>/demo     council demo (its server data, the published copy, the admin token)
//
// <root> is $COUNCIL_DATA, or ./council-data. `--data DIR` on any command names the folder itself and wins.
// Folders made by earlier versions (./data for the server, ./council-data holding vault.sqlite directly,
// ./data/demo) are still used when they exist and the new one does not, with a one-line note on stderr.
import fs from 'node:fs';
import path from 'node:path';
import { cliLine } from '../common/i18n/cliText.ts';

export type DataKind = 'server' | 'device' | 'demo';

export const DATA_ROOT_ENV = 'COUNCIL_DATA';
export const DEFAULT_DATA_ROOT = 'council-data';

/** Where earlier versions kept each kind, and the file that proves a folder is one of them. */
const LEGACY: Readonly<Record<DataKind, { readonly dir: string; readonly marker: string }>> = {
  server: { dir: 'data', marker: 'council-server.sqlite' },
  device: { dir: 'council-data', marker: 'vault.sqlite' },
  demo: { dir: path.join('data', 'demo'), marker: 'admin-token' },
};

export interface DataDirChoice {
  readonly dir: string;
  /** Set when an older folder was chosen, to print once. */
  readonly note?: string;
}

export function defaultDataDir(kind: DataKind, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): DataDirChoice {
  const root = env[DATA_ROOT_ENV];
  if (root) return { dir: path.resolve(cwd, root, kind) };
  const dir = path.resolve(cwd, DEFAULT_DATA_ROOT, kind);
  const legacy = LEGACY[kind];
  const legacyDir = path.resolve(cwd, legacy.dir);
  if (!fs.existsSync(dir) && fs.existsSync(path.join(legacyDir, legacy.marker))) {
    return { dir: legacyDir, note: cliLine('OLD_DATA_FOLDER', { dir: legacyDir }) };
  }
  return { dir };
}

/** The folder a command uses: `--data DIR` when given, otherwise the convention (printing the note, if any). */
export function resolveDataDir(kind: DataKind, given: string | undefined): string {
  if (given !== undefined) return path.resolve(given);
  const choice = defaultDataDir(kind);
  if (choice.note) process.stderr.write(`${choice.note}\n`);
  return choice.dir;
}
