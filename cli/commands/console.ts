// council console [--host H] [--port N] [--data DIR] [--server URL] [--admin-token T]   (or COUNCIL_ADMIN_TOKEN=T)
// The secretariat's console (issue 10): a local server on this machine with the screens and the console API;
// drafts are meeting folders under <data>/drafts/, encrypted and published from here. Runs until Ctrl+C.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONSOLE_PORT } from '../../common/api/console.ts';
import { consoleText } from '../../common/i18n/consoleText.ts';
import { cliLine } from '../../common/i18n/cliText.ts';
import { DEFAULT_PORT } from '../../collab-server/server.ts';
import { defaultStaticDir, serveStatic } from '../../collab-server/http/staticFiles.ts';
import { DEFAULT_CONSOLE_HOST, startConsoleServer, type ConsoleServer, type ConsoleServerOptions } from '../../main/services/console/server.ts';
import { DATA_ROOT_ENV, DEFAULT_DATA_ROOT } from '../dataDirs.ts';
import { describeError } from '../output.ts';

const USAGE = `${cliLine('USAGE', {})}: council console [--host H] [--port N] [--data DIR] [--server URL] [--admin-token T]   (or COUNCIL_ADMIN_TOKEN=T)`;

/** The console with the built renderer bundle (what the CLI and the Playwright tests start). */
export function startConsole(opts: Omit<ConsoleServerOptions, 'staticHandler'> & { readonly staticDir?: string }): Promise<ConsoleServer> {
  const dir = opts.staticDir ?? defaultStaticDir();
  return startConsoleServer({ ...opts, staticHandler: (req, res, urlPath) => serveStatic(req, res, dir, urlPath) });
}

export const bilingual = (key: Parameters<typeof consoleText>[1], params: Parameters<typeof consoleText>[2] = {}): string =>
  `${consoleText('vi', key, params)} / ${consoleText('en', key, params)}`;

interface Parsed {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly server: string;
  readonly adminToken: string | undefined;
}

function parse(args: string[]): Parsed | string {
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      options: {
        host: { type: 'string', default: DEFAULT_CONSOLE_HOST },
        port: { type: 'string', default: String(DEFAULT_CONSOLE_PORT) },
        data: { type: 'string' },
        server: { type: 'string', default: `http://127.0.0.1:${DEFAULT_PORT}` },
        'admin-token': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) return '';
    const port = Number(values.port);
    if (!/^\d{1,5}$/.test(values.port) || port > 65535) return `--port must be 0..65535, got "${values.port}"`;
    const dataDir = values.data !== undefined ? path.resolve(values.data) : path.resolve(process.env[DATA_ROOT_ENV] ?? DEFAULT_DATA_ROOT, 'console');
    const token = values['admin-token'] ?? process.env['COUNCIL_ADMIN_TOKEN'];
    return { host: values.host, port, dataDir, server: values.server, adminToken: token === '' ? undefined : token };
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

export async function run(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    if (parsed !== '') console.error(`council console: ${parsed}`);
    console.error(USAGE);
    return parsed === '' ? 0 : 2;
  }
  let server: ConsoleServer;
  try {
    server = await startConsole({ dataDir: parsed.dataDir, server: parsed.server, host: parsed.host, port: parsed.port, ...(parsed.adminToken ? { adminToken: parsed.adminToken } : {}) });
  } catch (e) {
    console.error(describeError(e));
    return 1;
  }
  console.log(bilingual('CONSOLE_LISTENING', { url: `${server.url}/console` }));
  console.log(bilingual('CONSOLE_LOGIN', { where: parsed.server }));
  console.log(bilingual('CONSOLE_DATA', { dir: parsed.dataDir }));
  console.log(bilingual('CONSOLE_STOP'));
  await waitForSignal();
  await server.close();
  return 0;
}
