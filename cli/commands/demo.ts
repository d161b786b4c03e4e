// `council demo` (what `npm start` runs): a collab-server on 127.0.0.1:8080, the demo meeting published to
// it, every invitation link printed, delegate d05's QR code in the terminal, then the Electron app as d05
// where an Electron runtime exists — otherwise the browser client at the printed URL. Runs until Ctrl+C.
// The meeting is published from a COPY under the data folder (the repo stays clean); the copy and the admin
// token are reused across runs, so the links printed stay valid after a restart.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { DEFAULT_HOST, DEFAULT_PORT, startCollabServer } from '../../collab-server/server.ts';
import { selfSignedCertificate } from '../../collab-server/tls.ts';
import { cliLine, cliLines } from '../../common/i18n/cliText.ts';
import { councilSchemeLink, parseInvitationLink } from '../../common/pack/invite.ts';
import { publishMeeting, type InvitationSummary } from '../../main/services/publish/publish.ts';
import { DEFAULT_CONSOLE_PORT } from '../../common/api/console.ts';
import { keepPublishedCopy } from '../../main/services/console/changes.ts';
import { DRAFTS_DIR } from '../../main/services/console/DraftStore.ts';
import type { ConsoleServer } from '../../main/services/console/server.ts';
import { resolveDataDir } from '../dataDirs.ts';
import { bilingual, startConsole } from './console.ts';

const USAGE = 'council demo [--port N] [--host H] [--data DIR] [--delegate ID] [--no-app] [--self-signed]';
/** cli/commands/ → the repository. */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_SOURCE = path.join(REPO, 'resources', 'demo-meeting');
export const DEMO_DELEGATE = 'd05';
const ADMIN_TOKEN_FILE = 'admin-token';
/** Publisher state and invitations made by earlier runs; never copied over from the source folder. */
const NOT_COPIED = new Set(['.council', 'invitations']);

interface DemoArgs {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly delegate: string;
  readonly app: boolean;
  readonly selfSigned: boolean;
}

function parse(args: string[]): DemoArgs | string {
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      options: {
        port: { type: 'string', default: String(DEFAULT_PORT) },
        host: { type: 'string', default: DEFAULT_HOST },
        data: { type: 'string' },
        delegate: { type: 'string', default: DEMO_DELEGATE },
        'no-app': { type: 'boolean', default: false },
        'self-signed': { type: 'boolean', default: false },
      },
    });
    const port = Number(values.port);
    if (!/^\d{1,5}$/.test(values.port) || port > 65535) return `--port must be 0..65535, got "${values.port}"`;
    return {
      port,
      host: values.host,
      dataDir: resolveDataDir('demo', values.data),
      delegate: values.delegate,
      app: !values['no-app'],
      selfSigned: values['self-signed'],
    };
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The admin token of this demo data folder: made once (0600), given to the server at every start. */
export function demoAdminToken(dataDir: string): string {
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}

/** Refreshes <dataDir>/meeting from the source, keeping the publisher state of earlier runs. */
export function demoMeetingCopy(dataDir: string, source = DEMO_SOURCE): string {
  const copy = path.join(dataDir, 'meeting');
  cpSync(source, copy, { recursive: true, filter: (src) => !NOT_COPIED.has(path.relative(source, src).split(path.sep)[0] ?? '') });
  return copy;
}

/** The console's demo draft: a copy of the published demo folder (with its publisher state), made once. */
export const DEMO_DRAFT = 'demo';

export async function demoDraft(consoleDir: string, folder: string): Promise<void> {
  const draft = path.join(consoleDir, DRAFTS_DIR, DEMO_DRAFT);
  if (existsSync(draft)) return;
  mkdirSync(path.dirname(draft), { recursive: true, mode: 0o700 });
  cpSync(folder, draft, { recursive: true, filter: (src) => path.relative(folder, src).split(path.sep)[0] !== 'invitations' });
  // Already published: the console compares later edits with this copy (DraftChanges).
  await keepPublishedCopy(draft);
}

/** `npm start` starts the secretariat console too (on 8090, or a free port when the demo runs on port 0). */
async function startDemoConsole(dataDir: string, folder: string, server: string, adminToken: string, port: number): Promise<ConsoleServer | undefined> {
  const consoleDir = path.join(dataDir, 'console');
  await demoDraft(consoleDir, folder);
  try {
    const c = await startConsole({ dataDir: consoleDir, server, adminToken, port: port === 0 ? 0 : DEFAULT_CONSOLE_PORT, log: () => undefined });
    console.log(`\n${bilingual('CONSOLE_LISTENING', { url: `${c.url}/console` })}`);
    console.log(bilingual('CONSOLE_LOGIN', { where: path.join(dataDir, ADMIN_TOKEN_FILE) }));
    return c;
  } catch (e) {
    console.log(`\n${bilingual('CONSOLE_LISTENING', { url: '—' })}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** The Electron executable when a runtime is installed, else undefined (never downloads anything). */
export function electronBinary(): string | undefined {
  try {
    const p: unknown = createRequire(import.meta.url)('electron');
    return typeof p === 'string' && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

const ROLE_LABEL: Readonly<Record<string, string>> = {
  chair: cliLine('DEMO_ROLE_CHAIR', {}),
  secretary: cliLine('DEMO_ROLE_SECRETARY', {}),
  observer: cliLine('DEMO_ROLE_HALL', {}),
};

function printLinks(url: string, invitations: readonly InvitationSummary[]): void {
  const byId = (id: string) => invitations.find((i) => i.id === id);
  console.log(`\n${cliLine('DEMO_SERVER', { url })}\n`);
  const chair = invitations.find((i) => i.role === 'chair');
  const secretary = invitations.find((i) => i.role === 'secretary');
  const hall = byId('hall') ?? invitations.find((i) => i.role === 'observer');
  for (const inv of [chair, hall, secretary]) {
    if (inv) console.log(`${(ROLE_LABEL[inv.role] ?? inv.role).padEnd(34)} ${inv.name}\n  ${inv.link}`);
  }
  const delegates = invitations.filter((i) => i.role === 'delegate');
  const width = Math.max(4, ...delegates.map((d) => d.name.length));
  console.log(`\n${cliLine('DEMO_DELEGATES', { count: delegates.length })}:`);
  for (const d of delegates) console.log(`  ${d.id.padEnd(5)} ${d.name.padEnd(width)}  ${d.link}`);
}

async function printQr(inv: InvitationSummary): Promise<void> {
  console.log(`\n${cliLine('DEMO_QR', { id: inv.id, name: inv.name })}:`);
  console.log(await QRCode.toString(inv.link, { type: 'terminal', small: true }));
}

function launchElectron(binary: string, inv: InvitationSummary): ChildProcess | undefined {
  if (!existsSync(path.join(REPO, 'dist-electron', 'main.cjs'))) {
    const built = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build-electron.mjs')], { cwd: REPO, stdio: 'inherit' });
    if (built.status !== 0) return undefined;
  }
  const link = councilSchemeLink(parseInvitationLink(inv.link));
  console.log(`\n${cliLine('DEMO_OPENING_APP', { id: inv.id })}`);
  return spawn(binary, [REPO, link], { cwd: REPO, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
}

function noElectronNotice(url: string, inv: InvitationSummary | undefined): void {
  console.log(`\n${cliLines('DEMO_NO_ELECTRON', { id: inv?.id ?? DEMO_DELEGATE, url })}`);
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::';
const isLoopback = (host: string) => host === 'localhost' || host.startsWith('127.') || host === '::1';

/** This computer's addresses on the hall network (what a phone can open). */
function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

/** The address the invitations carry: on every interface, the first LAN address (a phone cannot open 0.0.0.0). */
function publicUrl(serverUrl: string, host: string): string {
  const lan = lanAddresses()[0];
  if (!isWildcard(host) || lan === undefined) return serverUrl;
  const url = new URL(serverUrl);
  url.hostname = lan;
  return url.origin;
}

/** Where the admin token is, and, when the links only work on this computer, how to reach phones. */
function printAccessNotes(dataDir: string, url: string, host: string): void {
  console.log(`\n${cliLines('DEMO_ADMIN_TOKEN', { file: path.join(dataDir, ADMIN_TOKEN_FILE) })}`);
  if (isLoopback(new URL(url).hostname)) console.log(`\n${cliLines('DEMO_LOCAL_ONLY', { host })}\n${cliLines('DEMO_PHONES', {})}`);
}

function waitForSignal(child: ChildProcess | undefined): Promise<string> {
  return new Promise((resolve) => {
    const on = (why: string) => () => {
      process.off('SIGINT', sigint);
      process.off('SIGTERM', sigterm);
      resolve(why);
    };
    const sigint = on('SIGINT');
    const sigterm = on('SIGTERM');
    process.on('SIGINT', sigint);
    process.on('SIGTERM', sigterm);
    child?.once('exit', () => console.log(cliLine('DEMO_APP_CLOSED', {})));
  });
}

export async function run(args: string[]): Promise<number> {
  const a = parse(args);
  if (typeof a === 'string') {
    console.error(cliLine('BAD_ARGUMENTS', { command: 'demo', detail: a, usage: USAGE }));
    return 2;
  }
  const adminToken = demoAdminToken(a.dataDir);
  const serverDir = path.join(a.dataDir, 'server');
  const names = [...(isWildcard(a.host) ? [] : [a.host]), 'localhost', '127.0.0.1', ...lanAddresses()];
  const tls = a.selfSigned ? await selfSignedCertificate(serverDir, names) : undefined;
  const server = await startCollabServer({ dataDir: serverDir, host: a.host, port: a.port, adminToken, log: () => undefined, ...(tls ? { tls } : {}) });
  let child: ChildProcess | undefined;
  let consoleServer: ConsoleServer | undefined;
  try {
    const url = publicUrl(server.url, a.host);
    const folder = demoMeetingCopy(a.dataDir);
    const published = await publishMeeting({ folder, server: url, adminToken, outDir: path.join(a.dataDir, 'invitations') });
    console.log(cliLine('DEMO_PUBLISHED', { meetingId: published.meetingId, revision: published.revision }));
    printLinks(url, published.invitations);
    const me = published.invitations.find((i) => i.id === a.delegate);
    if (me) await printQr(me);
    const binary = a.app ? electronBinary() : undefined;
    if (binary && me) child = launchElectron(binary, me);
    else noElectronNotice(url, me);
    consoleServer = await startDemoConsole(a.dataDir, folder, url, adminToken, a.port);
    printAccessNotes(a.dataDir, url, a.host);
    console.log(`\n${cliLine('DEMO_STOP_HINT', {})}.`);
    const signal = await waitForSignal(child);
    console.log(cliLine('DEMO_STOPPING', { signal }));
    return 0;
  } finally {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    await consoleServer?.close();
    await server.close();
  }
}
