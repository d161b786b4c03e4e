// One authenticated WebSocket in one room: bounded sending, heartbeat state, malformed frames close it.
import type { RawData, WebSocket } from 'ws';
import type { Member } from '../core/types.ts';
import { CLOSE } from '../../common/live/wire.ts';
import { handleFrame, MalformedFrame, greeting } from './protocol.ts';
import type { Room, RoomPeer } from './Room.ts';

/** After a close frame, a peer that does not finish the closing handshake is cut off this much later. */
export const CLOSE_GRACE_MS = 2_000;

export interface ConnectionOptions {
  readonly maxSendBufferBytes: number;
  readonly log: (line: string) => void;
  readonly onClosed: (conn: LiveConnection) => void;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

export class LiveConnection implements RoomPeer {
  /** Cleared on every ping, set by the pong (or any frame); a socket still clear at the next ping is dead. */
  alive = true;
  private closed = false;

  constructor(
    readonly ws: WebSocket,
    readonly room: Room,
    readonly member: Member,
    readonly token: string,
    private readonly opts: ConnectionOptions,
  ) {}

  start(): void {
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on('pong', () => {
      this.alive = true;
    });
    this.ws.on('close', () => this.onClose());
    this.ws.on('error', (e) => this.opts.log(`live: socket error in ${this.room.name}: ${e.message}`));
    for (const m of greeting(this.room)) this.send(m);
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount + message.byteLength > this.opts.maxSendBufferBytes) {
      this.opts.log(`live: slow consumer ${this.member.delegateId} in ${this.room.name}, closing`);
      this.close(CLOSE.slowConsumer, 'slow consumer');
      this.ws.terminate();
      return;
    }
    this.ws.send(message, (err) => {
      if (err) this.ws.terminate();
    });
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
    this.onClose();
  }

  /** Pings; false when the previous ping went unanswered (the caller terminates). */
  heartbeat(): boolean {
    if (!this.alive) return false;
    this.alive = false;
    this.ws.ping();
    return true;
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.alive = true;
    if (this.closed) return;
    try {
      if (!isBinary) throw new MalformedFrame('text frame');
      const outcome = handleFrame(this.room, this, toBytes(data));
      if (outcome.reply) this.send(outcome.reply);
      if (outcome.dropped) this.opts.log(`live: dropped a write from ${this.member.delegateId} into read-only ${this.room.name}`);
    } catch (e) {
      if (!(e instanceof MalformedFrame)) throw e;
      this.opts.log(`live: malformed frame from ${this.member.delegateId} in ${this.room.name}: ${e.message}`);
      this.close(CLOSE.malformed, 'malformed frame');
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.opts.onClosed(this);
  }
}
