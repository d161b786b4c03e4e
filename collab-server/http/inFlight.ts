// HTTP requests being answered, so a graceful shutdown can let them finish (an upload of a revision, a chunk
// download) before the connections are cut. A request counts from its complete head to its response's end.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export class InFlight {
  private count = 0;
  private readonly waiters = new Set<() => void>();

  get requests(): number {
    return this.count;
  }

  /**
   * The listener, counting. While `closing()` every answer carries `Connection: close`, so keep-alive
   * connections (a proxy's pool among them) end after their current request instead of bringing more.
   */
  wrap(listener: RequestListener, closing: () => boolean): RequestListener {
    return (req: IncomingMessage, res: ServerResponse) => {
      this.count++;
      if (closing()) res.setHeader('connection', 'close');
      res.once('close', () => this.done());
      listener(req, res);
    };
  }

  /** Resolves true once no request is in flight, or false after `boundMs` with some still running. */
  settled(boundMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (value: boolean): void => {
        clearTimeout(timer);
        this.waiters.delete(onIdle);
        resolve(value);
      };
      const onIdle = (): void => finish(true);
      const timer = setTimeout(() => finish(false), boundMs);
      this.waiters.add(onIdle);
    });
  }

  private done(): void {
    this.count--;
    if (this.count === 0) for (const w of [...this.waiters]) w();
  }
}
