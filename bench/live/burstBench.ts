// One member's burst against everybody else: 20,000 tiny valid updates (map.set('k' + i % 500, i)) sent into a
// shared room as fast as ws.send allows, while other meetings edit their own shared rooms. The figure is the
// other meetings' edit fan-out p50/p99 during the burst, beside the same measure without it (same run).
// Goal (issue 13.4): other meetings' p99 < 250 ms.
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MESSAGE_SYNC, sharedRoom, SYNC_PATH } from '../../common/live/index.ts';
import { percentile, type BenchRow } from '../table.ts';
import { connectAll, destroyAll, fanout, startChild, type BenchClient, type Child } from './liveBench.ts';

const BURST_UPDATES = 20_000;
const BURST_KEYS = 500;

interface Meeting {
  readonly clients: BenchClient[];
}

function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

async function openBurster(child: Child, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${child.url.replace(/^http/, 'ws')}${SYNC_PATH}/${sharedRoom('burst-0', 'chung')}?token=${encodeURIComponent(token)}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('error', () => undefined);
  return ws;
}

/** Sends the whole burst at once (the socket buffers what the server does not read yet). */
function burst(ws: WebSocket): void {
  const doc = new Y.Doc();
  doc.on('update', (u: Uint8Array) => ws.readyState === ws.OPEN && ws.send(updateFrame(u)));
  const map = doc.getMap<number>('m');
  for (let i = 0; i < BURST_UPDATES; i++) map.set(`k${i % BURST_KEYS}`, i);
  doc.destroy();
}

async function samples(meetings: readonly Meeting[], rounds: number, offset: number): Promise<number[]> {
  const out: number[] = [];
  for (let k = 1; k <= rounds; k++) {
    for (const m of meetings) {
      const writer = m.clients[k % m.clients.length] as BenchClient;
      out.push(await fanout(m.clients, (d) => d.getArray('notes').length >= offset + k, () => void writer.doc.getArray<number>('notes').push([k])));
    }
  }
  return out;
}

async function healthMs(child: Child): Promise<number> {
  const start = performance.now();
  const res = await fetch(`${child.url}/api/health`);
  await res.arrayBuffer();
  return performance.now() - start;
}

export async function burstCase(opts: { quick?: boolean } = {}): Promise<BenchRow[]> {
  process.setMaxListeners(0);
  const meetingCount = opts.quick ? 3 : 10;
  const perMeeting = opts.quick ? 10 : 20;
  const rounds = opts.quick ? 3 : 5;
  const child = await startChild('ours');
  const burstTokens = await child.request<string[]>({ seed: { meetingId: 'burst-0', delegates: 1 } }, 'tokens');
  const meetings: Meeting[] = [];
  for (let i = 1; i <= meetingCount; i++) {
    const tokens = await child.request<string[]>({ seed: { meetingId: `burst-${i}`, delegates: perMeeting } }, 'tokens');
    meetings.push({ clients: await connectAll(child.url + SYNC_PATH, tokens.slice(1).map((token) => ({ room: sharedRoom(`burst-${i}`, 'chung'), token }))) });
  }
  const quiet = await samples(meetings, rounds, 0);
  const quietHealth = [await healthMs(child), await healthMs(child), await healthMs(child)];
  const ws = await openBurster(child, burstTokens[1] as string);
  burst(ws);
  const loud = await samples(meetings, rounds, rounds);
  const loudHealth = [await healthMs(child), await healthMs(child), await healthMs(child)];
  ws.terminate();
  for (const m of meetings) destroyAll(m.clients);
  await child.stop();
  const group = 'live';
  const what = `${meetingCount} other meetings x ${perMeeting} clients`;
  return [
    ...[50, 99].map((p) => ({
      group,
      name: `burst: other meetings' edit -> all see it p${p}`,
      value: percentile(loud, p),
      unit: 'ms',
      baseline: `no burst: ${percentile(quiet, p).toFixed(1)} ms`,
      note: `${what}; one member sends ${BURST_UPDATES} updates; goal p99 < 250 ms`,
    })),
    { group, name: 'burst: /api/health during the burst, max', value: Math.max(...loudHealth), unit: 'ms', baseline: `no burst: ${Math.max(...quietHealth).toFixed(1)} ms` },
  ];
}
