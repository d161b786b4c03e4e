// Raw TCP clients for the hardening tests: they send exactly the bytes a hostile client would (stalled
// bodies, one header byte at a time) and report what the server did, each wait with a bound.
import net from 'node:net';

export const BOUND_MS = 10_000;

export interface RawClient {
  readonly socket: net.Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** True once the server closed (or reset) the connection. */
  isClosed(): boolean;
  write(data: string | Uint8Array): Promise<void>;
  /** Resolves with the status code once a whole response head arrived; rejects after the bound. */
  status(boundMs?: number): Promise<number>;
  /** Resolves once the connection is closed; rejects after the bound. */
  closed(boundMs?: number): Promise<void>;
  destroy(): void;
}

function waitFor(what: string, check: () => boolean, subscribe: (wake: () => void) => () => void, boundMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsubscribe = (): void => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no ${what} within ${boundMs} ms`));
    }, boundMs);
    const wake = (): void => {
      if (!check()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    unsubscribe = subscribe(wake);
    wake();
  });
}

export function rawConnect(url: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  let data = '';
  let closed = false;
  socket.on('data', (d: Buffer) => void (data += d.toString('latin1')));
  socket.on('error', () => {});
  socket.on('close', () => void (closed = true));
  const events = (wake: () => void): (() => void) => {
    socket.on('data', wake);
    socket.on('close', wake);
    return () => {
      socket.off('data', wake);
      socket.off('close', wake);
    };
  };
  const client: RawClient = {
    socket,
    received: () => data,
    isClosed: () => closed,
    write: (chunk) =>
      new Promise((resolve) => {
        if (closed || socket.destroyed) return resolve();
        socket.write(chunk, () => resolve());
      }),
    async status(boundMs = BOUND_MS) {
      await waitFor('response head', () => data.includes('\r\n\r\n') || closed, events, boundMs);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (!m) throw new Error(`connection closed without a response: ${JSON.stringify(data.slice(0, 200))}`);
      return Number(m[1]);
    },
    closed: (boundMs = BOUND_MS) => waitFor('close', () => closed, events, boundMs),
    destroy: () => socket.destroy(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('error', reject);
  });
}

/** The head of a request, CRLF-terminated, with `Host` and the given headers. */
export function requestHead(method: string, path: string, headers: Readonly<Record<string, string | number>> = {}): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Resolves after `ms` — used only to pace a slow client, never to wait for the server. */
export function pace(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
