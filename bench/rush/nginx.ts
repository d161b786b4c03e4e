// The rush benchmark's baseline: nginx serving the very chunk files of the collab-server's data folder, at
// the same URL shape (/api/chunks/<hash>), without auth, with sendfile; plus one delegate's manifest answer
// as a static file at the manifest URL, so each client makes the same requests. Started from a temp prefix
// with its own config, never the system service.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { API } from '../../common/api/http.ts';

export interface Nginx {
  readonly port: number;
  /** What nginx wrote to its error log (warnings and worse), read after stop. */
  errors(): Promise<string>;
  /** The master process (workers are its children). */
  readonly pid: number;
  stop(): Promise<void>;
}

export function nginxBinary(): string | undefined {
  for (const bin of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) {
    try {
      execFileSync(bin, ['-v'], { stdio: 'ignore' });
      return bin;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function config(prefix: string, port: number, chunksDir: string, manifestUrl: string, manifestFile: string, workers: number): string {
  const temp = (name: string) => `${name}_temp_path ${join(prefix, name)};`;
  return `
# root: the chunk files belong to whoever ran the publish; the workers only read them.
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes ${workers};
worker_rlimit_nofile 16384;
daemon off;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 5s;
  keepalive_requests 100000;
  default_type application/octet-stream;
  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}
  server {
    listen 127.0.0.1:${port};
    location ~ "^/api/chunks/(([0-9a-f]{2})[0-9a-f]{62})$" { alias ${chunksDir}/$2/$1; }
    location = ${manifestUrl} { default_type application/json; alias ${manifestFile}; }
  }
}
`;
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s.end() && true));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('nginx did not start listening');
}

export async function startNginx(opts: { bin: string; prefix: string; chunksDir: string; meetingId: string; manifestJson: string; workers: number }): Promise<Nginx> {
  await mkdir(opts.prefix, { recursive: true });
  const manifestFile = join(opts.prefix, 'manifest.json');
  await writeFile(manifestFile, opts.manifestJson);
  const port = await freePort();
  const conf = join(opts.prefix, 'nginx.conf');
  await writeFile(conf, config(opts.prefix, port, opts.chunksDir, API.manifest(opts.meetingId), manifestFile, opts.workers));
  const child = spawn(opts.bin, ['-p', opts.prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port, child);
  const pid = child.pid ?? 0;
  return {
    port,
    pid,
    errors: () => readFile(join(opts.prefix, 'error.log'), 'utf8').catch(() => ''),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
