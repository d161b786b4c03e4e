// `council <command>`: dispatches to cli/commands/<command>.ts. Each command returns its exit code.
import { cliLine } from '../common/i18n/cliText.ts';
import { describeError } from './output.ts';

type Command = {
  /** `<command> <arguments>   what it does`: one line of `council --help`, and the first of `council <command> --help`. */
  readonly summary: string;
  /** More lines for `council <command> --help`. */
  readonly details?: readonly string[];
  readonly load: () => Promise<{ run(args: string[]): Promise<number> }>;
};

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: {
    summary: 'serve [--data DIR] [--host H] [--port N] [--tls-cert F --tls-key F | --self-signed] [--trusted-proxy IP] [--database-url URL] [--redis-url URL] [--chunks DIR] [--drain-seconds N]   run the collab-server',
    details: [
      '--host 0.0.0.0 --self-signed: reachable from phones on the hall network (https, certificate in <data>/tls/)',
      '--trusted-proxy IP     địa chỉ của reverse proxy (nginx) được tin X-Forwarded-For / the reverse proxy whose X-Forwarded-For is believed (repeatable)',
      '--database-url URL     PostgreSQL thay cho SQLite (mặc định: biến COUNCIL_DATABASE_URL) / PostgreSQL instead of SQLite (default: env COUNCIL_DATABASE_URL)',
      '--redis-url URL        Redis để nhiều máy chủ cùng phục vụ (mặc định: COUNCIL_REDIS_URL) / Redis, so several instances serve as one (default: env COUNCIL_REDIS_URL)',
      '--chunks DIR           thư mục tệp mã hoá dùng chung giữa các máy (mặc định <data>/chunks) / chunk directory shared by the instances (default <data>/chunks)',
      '--drain-seconds N      khi dừng: /readyz báo 503 trong N giây rồi mới đóng (mặc định 5 khi có PostgreSQL/Redis, 0 khi chạy một mình) / on stop: /readyz answers 503 for N s before closing (default 5 with PostgreSQL/Redis, 0 alone)',
      'GET /healthz, GET /readyz: tiến trình còn chạy; sẵn sàng nhận khách / process alive; ready for clients (503 STARTING, DRAINING, DEPENDENCY_DOWN)',
      'mật khẩu trong URL không bao giờ được in ra / passwords in the URLs are never printed',
    ],
    load: () => import('./commands/serve.ts'),
  },
  publish: {
    summary: 'publish <meeting-folder> --server URL --token T [--out DIR]   validate, encrypt, upload, write invitations',
    load: () => import('./commands/publish.ts'),
  },
  join: { summary: 'join <link> [--data DIR]   download and verify a meeting pack into the vault', load: () => import('./commands/join.ts') },
  docs: { summary: 'docs [--data DIR] [--json]   list meetings and documents in the vault', load: () => import('./commands/docs.ts') },
  search: { summary: 'search "<query>" [--data DIR] [--json] [--meeting ID]   search every page of every meeting in the vault (with or without diacritics)', load: () => import('./commands/search.ts') },
  export: { summary: 'export <docId> [--data DIR] --out FILE   write one decrypted document', load: () => import('./commands/export.ts') },
  demo: {
    summary: 'demo [--port N] [--host H] [--data DIR] [--delegate ID] [--no-app] [--self-signed]   serve + publish the demo meeting + print the links',
    details: [
      '--data DIR      default ./council-data/demo (server data, the published copy, the admin token in <data>/admin-token)',
      '--host 0.0.0.0 --self-signed   links a phone on the same Wi-Fi can open (https)',
      '--delegate ID   whose QR code is printed and who the app opens as (default d05)',
      '--no-app        do not open the Electron app',
    ],
    load: () => import('./commands/demo.ts'),
  },
  revoke: { summary: 'revoke <meeting-folder> <delegateId> --server URL --token T   kill one invitation link (the seat stays)', load: () => import('./commands/revoke.ts') }, reinvite: { summary: 'reinvite <meeting-folder> <delegateId> --server URL --token T [--out DIR]   a new invitation for the same seat', load: () => import('./commands/reinvite.ts') },
  console: {
    summary: 'console [--host H] [--port N] [--data DIR] [--server URL] [--admin-token T]   the secretariat console (screens + API) on 127.0.0.1:8090',
    details: ['drafts are meeting folders under <data>/drafts/ (default ./council-data/console); log in with the server\'s admin token'],
    load: () => import('./commands/console.ts'),
  },
  audit: { summary: 'audit verify [--data DIR]   check the hash chain of the audit log', load: () => import('./commands/audit.ts') },
  results: {
    summary: 'results [--data DIR] [--meeting ID] [--poll ID] [--pdf FILE] [--csv FILE] [--lang vi|en]   biên bản kết quả biểu quyết (PDF, CSV) of the announced polls',
    details: [
      '--poll ID       one poll (it must be announced); without it, every announced poll of the session',
      '--meeting ID    needed when the vault holds several meetings',
      'the meeting and the names come from this vault (council join); the results from the server, read as that member',
    ],
    load: () => import('./commands/results.ts'),
  },
};

function usage(): string {
  return [
    `${cliLine('USAGE', {})}: council <command> [options]`,
    '',
    ...Object.values(COMMANDS).map((c) => `  council ${c.summary}`),
    '',
    cliLine('HELP_HINT', {}),
  ].join('\n');
}

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';

/** `council <command> --help` (or -h): that command's usage on stdout, exit 0, without loading the command. */
function commandHelp(command: Command): string {
  return [`${cliLine('USAGE', {})}: council ${command.summary}`, ...(command.details ?? []).map((d) => `  ${d}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || isHelp(name)) {
    const asked = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
    console.log(asked ? commandHelp(asked) : usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`council: ${cliLine('UNKNOWN_COMMAND', { name })}\n\n${usage()}`);
    return 2;
  }
  if (rest.some((arg) => arg === '--help' || arg === '-h')) {
    console.log(commandHelp(command));
    return 0;
  }
  const mod = await command.load();
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(describeError(e));
    process.exitCode = 1;
  },
);
