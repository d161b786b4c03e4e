// `council <command>`: dispatches to cli/commands/<command>.ts. Each command returns its exit code.
import { describeError } from './output.ts';

type Command = { readonly summary: string; readonly load: () => Promise<{ run(args: string[]): Promise<number> }> };

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: { summary: 'serve [--data DIR] [--host H] [--port N]   run the collab-server', load: () => import('./commands/serve.ts') },
  publish: {
    summary: 'publish <meeting-folder> --server URL --token T [--out DIR]   validate, encrypt, upload, write invitations',
    load: () => import('./commands/publish.ts'),
  },
  join: { summary: 'join <link> [--data DIR]   download and verify a meeting pack into the vault', load: () => import('./commands/join.ts') },
  docs: { summary: 'docs [--data DIR] [--json]   list meetings and documents in the vault', load: () => import('./commands/docs.ts') },
  export: { summary: 'export <docId> [--data DIR] --out FILE   write one decrypted document', load: () => import('./commands/export.ts') },
  demo: { summary: 'demo   serve + publish the demo meeting + print the links', load: () => import('./commands/demo.ts') },
  audit: { summary: 'audit verify [--data DIR]   check the hash chain of the audit log', load: () => import('./commands/audit.ts') },
};

function usage(): string {
  return ['Cách dùng / Usage: council <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  council ${c.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`council: lệnh không tồn tại / unknown command "${name}"\n\n${usage()}`);
    return 2;
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
