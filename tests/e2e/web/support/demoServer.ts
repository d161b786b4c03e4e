// A real collab-server on port 0 with the demo meeting published into it, from a temp copy of the folder.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCollabServer } from '../../../../collab-server/server.ts';
import { publishMeeting } from '../../../../main/services/publish/publish.ts';

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const ROOT = path.resolve(import.meta.dirname, '../../../..');

export interface DemoServer {
  readonly url: string;
  readonly meetingId: string;
  link(delegateId: string): string;
  /** The invitation QR code PNG that publishing wrote for this member. */
  qrImage(delegateId: string): string;
  stop(): Promise<void>;
  /** Starts the stopped server again on the same port with the same data (the pages keep their origin). */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Builds renderer/dist when it is missing (a fresh clone before `npm ci` ran prepare). */
export function ensureRendererBuilt(): void {
  if (existsSync(path.join(ROOT, 'renderer/dist/index.html'))) return;
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build:renderer failed');
}

export async function startDemoServer(): Promise<DemoServer> {
  ensureRendererBuilt();
  const tmp = mkdtempSync(path.join(tmpdir(), 'council-e2e-web-'));
  const folder = path.join(tmp, 'demo-meeting');
  cpSync(path.join(ROOT, 'resources/demo-meeting'), folder, { recursive: true });
  const start = (port: number) => startCollabServer({ dataDir: path.join(tmp, 'server'), host: '127.0.0.1', port, adminToken: ADMIN_TOKEN, log: () => undefined });
  let server = await start(0);
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    await server.close();
  };
  try {
    // The demo's scanned page is OCRed once per machine, not once per spec file.
    const ocr = { cacheDir: path.join(ROOT, 'tests/artifacts/ocr-cache') };
    const published = await publishMeeting({ folder, server: server.url, adminToken: ADMIN_TOKEN, outDir: path.join(tmp, 'invitations'), ocr });
    const links = new Map(published.invitations.map((i) => [i.id, i.link]));
    return {
      url: server.url,
      meetingId: published.meetingId,
      link(id) {
        const l = links.get(id);
        if (!l) throw new Error(`no invitation for ${id}`);
        return l;
      },
      qrImage: (id) => path.join(tmp, 'invitations', `${id}.png`),
      stop,
      async restart() {
        await stop();
        server = await start(server.port);
        running = true;
      },
      async cleanup() {
        await stop();
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await stop();
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
