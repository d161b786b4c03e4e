// Per-address cap on open TCP connections (HTTP and WebSocket alike: both start as one), plus the counters
// the HTTP side exposes. A socket over the cap is destroyed before a byte of it is parsed.
import type net from 'node:net';
import { normalizeAddress } from './clientAddress.ts';

export class ConnectionGuard {
  private readonly perAddress = new Map<string, number>();
  private open = 0;
  refused = 0;

  constructor(
    private readonly maxPerAddress: number,
    private readonly exempt: ReadonlySet<string>,
  ) {}

  get openConnections(): number {
    return this.open;
  }

  attach(server: net.Server): void {
    server.on('connection', (socket: net.Socket) => this.admit(socket));
  }

  private admit(socket: net.Socket): void {
    const address = normalizeAddress(socket.remoteAddress);
    const count = this.perAddress.get(address) ?? 0;
    if (count >= this.maxPerAddress && !this.exempt.has(address)) {
      this.refused++;
      socket.destroy();
      return;
    }
    this.perAddress.set(address, count + 1);
    this.open++;
    socket.once('close', () => this.release(address));
  }

  private release(address: string): void {
    this.open--;
    const left = (this.perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(address, left);
    else this.perAddress.delete(address);
  }
}
