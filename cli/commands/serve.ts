// `council serve`: runs the collab-server until SIGINT/SIGTERM, then closes it gracefully.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_HOST, DEFAULT_PORT, startCollabServer, type CollabServerOptions } from '../../collab-server/server.ts';
import { selfSignedCertificate } from '../../collab-server/tls.ts';
import { cliLine } from '../../common/i18n/cliText.ts';
import { resolveDataDir } from '../dataDirs.ts';

const USAGE = 'council serve [--data DIR] [--host H] [--port N] [--tls-cert F --tls-key F | --self-signed] [--trusted-proxy IP]...';

interface ServeArgs {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly tls: { readonly cert: string; readonly key: string } | 'self-signed' | undefined;
  /** Reverse proxies whose X-Forwarded-For is believed. */
  readonly trustedProxies: readonly string[];
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
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const port = Number(values.port);
  if (!/^\d{1,5}$/.test(values.port) || port > 65535) throw new UsageError(`--port must be 0..65535, got "${values.port}"`);
  const trustedProxies = values['trusted-proxy'].flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  for (const p of trustedProxies) if (!net.isIP(p)) throw new UsageError(`--trusted-proxy must be an IP address, got "${p}"`);
  return { dataDir: resolveDataDir('server', values.data), host: values.host, port, tls: tlsChoice(values['tls-cert'], values['tls-key'], values['self-signed']), trustedProxies };
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

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
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
  const adminToken = process.env['COUNCIL_ADMIN_TOKEN'] || undefined;
  const server = await startCollabServer({ dataDir: a.dataDir, host: a.host, port: a.port, trustedProxies: a.trustedProxies, ...(adminToken ? { adminToken } : {}), ...(tls ? { tls } : {}) }).catch(
    (e: unknown) => {
      if ((e as { code?: unknown }).code !== 'EADDRINUSE') throw e;
      console.error(`council serve: ${cliLine('PORT_IN_USE', { port: a.port, host: a.host })}`);
      return undefined;
    },
  );
  if (!server) return 1;
  if (server.adminToken) {
    console.log(`${cliLine('ADMIN_TOKEN_ONCE', {})}: ${server.adminToken}`);
  }
  if (a.tls === 'self-signed') console.log(`${cliLine('SELF_SIGNED', {})}: ${path.join(a.dataDir, 'tls')}`);
  console.log(`${cliLine('SERVER_READY', {})}: ${server.url}`);
  printHallUrls(a, server.url, server.port);
  const signal = await waitForSignal();
  console.log(cliLine('SERVER_STOPPING', { signal }));
  await server.close();
  return 0;
}
