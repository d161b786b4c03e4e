// A TCP pass-through in front of the server that counts the bytes it sends to the browser: every response
// byte on the wire (headers, bodies, service-worker fetches, WebSocket frames), whoever asked for it.
import net from 'node:net';

export interface CountingProxy {
  readonly url: string;
  /** Bytes sent towards the browser since the last reset. */
  bytesDown(): number;
  /** Bytes sent towards the browser since the last reset and up to wall-clock time `at` (ms since the epoch). */
  bytesDownUntil(at: number): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(target: { host: string; port: number }): Promise<CountingProxy> {
  let down = 0;
  let log: { at: number; total: number }[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    upstream.on('data', (chunk: Buffer) => {
      down += chunk.length;
      log.push({ at: Date.now(), total: down });
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bytesDown: () => down,
    bytesDownUntil: (at) => log.findLast((e) => e.at <= at)?.total ?? 0,
    reset: () => {
      down = 0;
      log = [];
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
