// `council serve`: runs the collab-server until SIGINT/SIGTERM, then closes it gracefully: /readyz turns 503
// (draining) so a proxy stops sending new clients, the drain period passes, requests being answered finish,
// live sockets get 1001 (clients reconnect, to another instance behind a proxy), the store closes. A second
// signal exits at once.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_HOST, DEFAULT_PORT, startCollabServer, type CollabServer, type CollabServerOptions } from '../../collab-server/server.ts';
import { selfSignedCertificate } from '../../collab-server/tls.ts';
import { cliLine } from '../../common/i18n/cliText.ts';
import { resolveDataDir } from '../dataDirs.ts';

const USAGE =
  'council serve [--data DIR] [--host H] [--port N] [--tls-cert F --tls-key F | --self-signed] [--trusted-proxy IP]... [--database-url URL] [--redis-url URL] [--chunks DIR] [--drain-seconds N]';

/**
 * The drain when the server is one of several instances (PostgreSQL or Redis configured): long enough for a
 * proxy polling /readyz every second or two to take it out. Alone (a hall laptop), no other instance can take
 * the clients, so waiting would only delay the stop: the default is then 0.
 */
export const DEFAULT_DRAIN_SECONDS = 5;
/** Beyond this a drain would outlast systemd's default stop timeout (90 s) with room to spare for the rest. */
const MAX_DRAIN_SECONDS = 60;

interface ServeArgs {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly tls: { readonly cert: string; readonly key: string } | 'self-signed' | undefined;
  /** Reverse proxies whose X-Forwarded-For is believed. */
  readonly trustedProxies: readonly string[];
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly chunksDir: string | undefined;
  readonly drainSeconds: number;
}

class UsageError extends Error {}

function parse(args: string[]): ServeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        host: { type: 'string', default: DEFAULT_HOST },
        port: { type: 'string', default: String(DEFAULT_PORT) },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'self-signed': { type: 'boolean', default: false },
        'trusted-proxy': { type: 'string', multiple: true, default: [] },
        'database-url': { type: 'string' },
        'redis-url': { type: 'string' },
        chunks: { type: 'string' },
        'drain-seconds': { type: 'string' },
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const port = Number(values.port);
  if (!/^\d{1,5}$/.test(values.port) || port > 65535) throw new UsageError(`--port must be 0..65535, got "${values.port}"`);
  const trustedProxies = values['trusted-proxy'].flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  for (const p of trustedProxies) if (!net.isIP(p)) throw new UsageError(`--trusted-proxy must be an IP address, got "${p}"`);
  // An empty variable (`COUNCIL_DATABASE_URL=` in an EnvironmentFile) means "not set", like COUNCIL_ADMIN_TOKEN.
  const databaseUrl = values['database-url'] || process.env['COUNCIL_DATABASE_URL'] || undefined;
  const redisUrl = values['redis-url'] || process.env['COUNCIL_REDIS_URL'] || undefined;
  const drainSeconds = drainOf(values['drain-seconds'], databaseUrl !== undefined || redisUrl !== undefined);
  const chunksDir = values.chunks === undefined ? undefined : path.resolve(values.chunks);
  const tls = tlsChoice(values['tls-cert'], values['tls-key'], values['self-signed']);
  return { dataDir: resolveDataDir('server', values.data), host: values.host, port, tls, trustedProxies, databaseUrl, redisUrl, chunksDir, drainSeconds };
}

function drainOf(value: string | undefined, severalInstances: boolean): number {
  if (value === undefined) return severalInstances ? DEFAULT_DRAIN_SECONDS : 0;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n > MAX_DRAIN_SECONDS) throw new UsageError(`--drain-seconds must be 0..${MAX_DRAIN_SECONDS}, got "${value}"`);
  return n;
}

/**
 * The URL as it may be printed: its password (userinfo, a `password=` query parameter or a libpq
 * `password=` keyword) replaced by ***. Logs and terminals are read by more people than the EnvironmentFile.
 */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (/^pass(word)?$/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return url.replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, '$1***');
  }
}

/** The passwords inside these URLs, to scrub from an error message that might quote a URL. */
function secretsOf(urls: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const url of urls) {
    if (url === undefined) continue;
    try {
      const u = new URL(url);
      if (u.password !== '') out.push(u.password, decodeURIComponent(u.password));
      for (const [key, v] of u.searchParams) if (/^pass(word)?$/i.test(key) && v !== '') out.push(v);
    } catch {
      for (const m of url.matchAll(/password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/gi)) if (m[1]) out.push(m[1], m[1].replace(/^'|'$/g, ''));
    }
  }
  return out.filter((s) => s !== '');
}

function scrub(e: unknown, secrets: readonly string[]): unknown {
  if (!(e instanceof Error) || secrets.length === 0) return e;
  const clean = (text: string): string => secrets.reduce((t, s) => t.split(s).join('***'), text);
  e.message = clean(e.message);
  if (e.stack !== undefined) e.stack = clean(e.stack);
  return e;
}

function tlsChoice(cert: string | undefined, key: string | undefined, selfSigned: boolean): ServeArgs['tls'] {
  if (selfSigned && (cert !== undefined || key !== undefined)) throw new UsageError('--self-signed excludes --tls-cert/--tls-key');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  if (selfSigned) return 'self-signed';
  if (cert === undefined || key === undefined) return undefined;
  try {
    return { cert: fs.readFileSync(cert, 'utf8'), key: fs.readFileSync(key, 'utf8') };
  } catch (e) {
    throw new UsageError(`cannot read the TLS files: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The addresses phones on the hall network can use, for the certificate and the printed URLs. */
function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

async function resolveTls(a: ServeArgs): Promise<CollabServerOptions['tls']> {
  if (a.tls !== 'self-signed') return a.tls;
  const wildcard = a.host === '0.0.0.0' || a.host === '::';
  const names = [...(wildcard ? [] : [a.host]), 'localhost', '127.0.0.1', ...lanAddresses()];
  return selfSignedCertificate(a.dataDir, names);
}

/** Listening on every interface: also show the addresses that phones in the hall can open. */
function printHallUrls(a: ServeArgs, url: string, port: number): void {
  if (a.host !== '0.0.0.0' && a.host !== '::') return;
  const scheme = new URL(url).protocol;
  for (const address of lanAddresses()) console.log(`  ${scheme}//${address}:${port}`);
}

/**
 * SIGINT and SIGTERM, the first and the second, from one listener installed once: between "the first arrived"
 * and "listening for the second" there must be no moment where the default action (die at once) is back.
 * `stop` removes the listener (a process with it left would not exit).
 */
function watchSignals(): { readonly first: Promise<NodeJS.Signals>; readonly second: Promise<NodeJS.Signals>; stop(): void } {
  const seen: ((s: NodeJS.Signals) => void)[] = [];
  const first = new Promise<NodeJS.Signals>((resolve) => seen.push(resolve));
  const second = new Promise<NodeJS.Signals>((resolve) => seen.push(resolve));
  let count = 0;
  const on = (signal: NodeJS.Signals): void => seen[count++]?.(signal);
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    first,
    second,
    stop: () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

/** The shell's convention for "ended by this signal": 130 for SIGINT, 143 for SIGTERM. */
function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 0);
}

function serverOptions(a: ServeArgs, tls: CollabServerOptions['tls']): CollabServerOptions {
  const adminToken = process.env['COUNCIL_ADMIN_TOKEN'] || undefined;
  return {
    dataDir: a.dataDir,
    host: a.host,
    port: a.port,
    trustedProxies: a.trustedProxies,
    ...(adminToken ? { adminToken } : {}),
    ...(tls ? { tls } : {}),
    ...(a.databaseUrl !== undefined ? { databaseUrl: a.databaseUrl } : {}),
    ...(a.redisUrl !== undefined ? { redisUrl: a.redisUrl } : {}),
    ...(a.chunksDir !== undefined ? { chunksDir: a.chunksDir } : {}),
  };
}

/** First signal: drain and close; a second one while that runs: exit at once. */
async function stopOnSignals(server: CollabServer, drainSeconds: number, signals: ReturnType<typeof watchSignals>): Promise<void> {
  const first = await signals.first;
  console.log(drainSeconds > 0 ? cliLine('SERVER_DRAINING', { signal: first, seconds: drainSeconds }) : cliLine('SERVER_STOPPING', { signal: first }));
  void signals.second.then((s) => {
    console.log(cliLine('SERVER_STOP_NOW', { signal: s }));
    process.exit(signalExitCode(s));
  });
  try {
    await server.shutdown({ drainMs: Math.round(drainSeconds * 1000) });
  } finally {
    signals.stop();
  }
}

export async function run(args: string[]): Promise<number> {
  let a: ServeArgs;
  try {
    a = parse(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(cliLine('BAD_ARGUMENTS', { command: 'serve', detail: e.message, usage: USAGE }));
    return 2;
  }
  const tls = await resolveTls(a);
  const secrets = secretsOf([a.databaseUrl, a.redisUrl]);
  const server = await startCollabServer(serverOptions(a, tls)).catch((e: unknown) => {
    if ((e as { code?: unknown }).code !== 'EADDRINUSE') throw scrub(e, secrets);
    console.error(`council serve: ${cliLine('PORT_IN_USE', { port: a.port, host: a.host })}`);
    return undefined;
  });
  if (!server) return 1;
  // Listening for the signal before "ready" is printed: whoever waits for that line may send it at once, and
  // a signal arriving before a listener would kill the process without the graceful close.
  const signals = watchSignals();
  if (a.databaseUrl !== undefined) console.log(`${cliLine('SERVER_STORE', {})}: ${withoutPassword(a.databaseUrl)}`);
  if (a.redisUrl !== undefined) console.log(`${cliLine('SERVER_FANOUT', {})}: ${withoutPassword(a.redisUrl)}`);
  if (server.adminToken) {
    console.log(`${cliLine('ADMIN_TOKEN_ONCE', {})}: ${server.adminToken}`);
  }
  if (a.tls === 'self-signed') console.log(`${cliLine('SELF_SIGNED', {})}: ${path.join(a.dataDir, 'tls')}`);
  console.log(`${cliLine('SERVER_READY', {})}: ${server.url}`);
  printHallUrls(a, server.url, server.port);
  await stopOnSignals(server, a.drainSeconds, signals);
  return 0;
}
